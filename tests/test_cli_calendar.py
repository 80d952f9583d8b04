"""`python -m planner calendar`: a stored plan's cadence written as an .ics file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, NamedTuple

import icalendar
import pytest

from planner.cli import main
from planner.plan.model import Plan
from planner.plan.scenarios import build_scenario
from planner.storage import connect, create_plan
from tests.factories import make_plan_data

START = dt.date(2027, 1, 4)


class Result(NamedTuple):
    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """Call main() in-process in English, on a test database, and capture what it printed."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "PLANNER_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "default-data"))

    def call(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


@pytest.fixture
def stored(tmp_path: Path) -> tuple[str, str]:
    """A database URL and the id of a demo plan stored in it."""
    url = f"sqlite:///{tmp_path}/t.db"
    plan = build_scenario("saas_smb", "fr", START)
    return url, create_plan(connect(url), plan).id


def test_calendar_writes_the_cadence_of_a_prospect(
    run: Any, stored: tuple[str, str], tmp_path: Path
) -> None:
    url, plan_id = stored
    out = tmp_path / "martin.ics"
    result = run(
        "calendar",
        plan_id,
        "--start",
        "2027-01-07",
        "--prospect",
        "Martin",
        "--out",
        str(out),
        "--database",
        url,
        "--lang",
        "fr",
    )
    assert result.code == 0, result.err
    events = list(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert len(events) == len(build_scenario("saas_smb", "fr", START).cadence)
    assert all(str(e["SUMMARY"]).endswith("— Martin") for e in events)
    assert all(e.decoded("DTSTART").weekday() < 5 for e in events)
    assert "touches, du 7 janv. 2027 au" in result.out
    assert "écrites dans" in result.out and str(out) in result.out


def test_calendar_starts_on_the_plan_start_by_default(
    run: Any, stored: tuple[str, str], tmp_path: Path
) -> None:
    url, plan_id = stored
    out = tmp_path / "batch.ics"
    assert run("calendar", plan_id, "--out", str(out), "--database", url).code == 0
    first = min(
        e.decoded("DTSTART") for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    )
    assert first == START


def test_calendar_of_an_unknown_plan_fails_and_writes_nothing(
    run: Any, stored: tuple[str, str], tmp_path: Path
) -> None:
    url, _ = stored
    out = tmp_path / "x.ics"
    result = run("calendar", "no-such-plan", "--out", str(out), "--database", url)
    assert result.code == 2 and "no-such-plan" in result.err
    assert not out.exists()


def test_calendar_with_a_bad_date_says_which(
    run: Any, stored: tuple[str, str], tmp_path: Path
) -> None:
    url, plan_id = stored
    result = run(
        "calendar",
        plan_id,
        "--start",
        "07/01/2027",
        "--out",
        str(tmp_path / "x.ics"),
        "--database",
        url,
    )
    assert result.code == 2 and "07/01/2027" in result.err


def test_calendar_into_a_missing_folder_says_it_cannot_write(
    run: Any, stored: tuple[str, str], tmp_path: Path
) -> None:
    url, plan_id = stored
    out = tmp_path / "missing" / "x.ics"
    result = run("calendar", plan_id, "--out", str(out), "--database", url)
    assert result.code != 0 and str(out) in result.err
    assert "Traceback" not in result.err


def test_no_calendar_is_written_for_a_prospect_on_the_opposition_list(
    run: Any, stored: tuple[str, str], tmp_path: Path
) -> None:
    from planner.compliance.opposition import contact_key
    from planner.storage.opposition import add_opposition

    url, plan_id = stored
    key = contact_key("06 12 34 56 78")
    assert key is not None
    add_opposition(connect(url), [key], "opposed", "card", START)
    out = tmp_path / "opposed.ics"
    args = ("calendar", plan_id, "--out", str(out), "--database", url)

    refused = run(*args, "--prospect", "+33 6 12 34 56 78", "--lang", "fr")

    assert refused.code == 2
    assert "figure sur la liste d’opposition" in refused.err
    assert not out.exists()
    assert run(*args, "--prospect", "06 99 88 77 66").code == 0  # someone else


def test_calendar_places_calls_to_a_reunion_consumer_on_reunions_clock(
    run: Any, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path}/t.db"
    data = make_plan_data()
    data["meta"]["market"] = "b2c"
    data["cadence"] = [{"id": "call", "day_offset": 0, "channel_id": "phone"}]
    plan_id = create_plan(connect(url), Plan.model_validate(data)).id
    out = tmp_path / "reunion.ics"
    argv = ("calendar", plan_id, "--start", "2027-01-09", "--territory", "re", "--out", str(out))
    result = run(*argv, "--database", url)
    assert result.code == 0, result.err
    (event,) = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    start = event.decoded("DTSTART")  # the Saturday's call: Monday at 10:00 in Saint-Denis
    assert (str(start.tzinfo), start.date(), start.hour) == (
        "Indian/Reunion",
        dt.date(2027, 1, 11),
        10,
    )
    assert "1 touch fell on a day off" in result.out


def test_calendar_refuses_a_territory_the_rules_do_not_cover(
    run: Any, stored: tuple[str, str], tmp_path: Path
) -> None:
    url, plan_id = stored
    out = tmp_path / "x.ics"
    result = run("calendar", plan_id, "--territory", "NC", "--out", str(out), "--database", url)
    assert result.code != 0
    assert "NC" in result.err and not out.exists()
