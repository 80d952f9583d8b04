"""`python -m planner simulate` and `required`: JSON and tables, both languages, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from planner.cli import main
from tests.factories import make_plan_data

REPO = Path(__file__).resolve().parent.parent
OBJECTIVES = [
    {
        "id": "revenue",
        "name": "Revenue",
        "metric": "revenue",
        "target": 50_000,
        "deadline": "2026-06-30",
    },
    {
        "id": "win-rate",
        "name": "Win rate",
        "metric": "win_rate",
        "target": 0.25,
        "deadline": "2026-06-30",
    },
    {
        "id": "smb-meetings",
        "name": "Meetings",
        "metric": "meetings_per_month",
        "target": 8,
        "deadline": "2026-06-30",
        "segment_id": "smb",
    },
]


class Result(NamedTuple):
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """English unless a test says otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Any:
    """Call main() in-process and capture what it printed."""

    def call(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


def plan_file(tmp_path: Path, **overrides: Any) -> str:
    """A plan file (the test plan with our objectives), values replaced at dotted paths."""
    data = make_plan_data(**{"objectives": OBJECTIVES, **overrides})
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_simulate_json_has_totals_objectives_bands_and_time(run: Any, tmp_path: Path) -> None:
    result = run("simulate", plan_file(tmp_path), "--trials", "2000", "--seed", "4", "--json")
    data = json.loads(result.out)
    objectives = {o["id"]: o for o in data["objectives"]}

    assert result.code == 0 and result.err == ""
    assert (data["trials"], data["seed"], data["engine"]) == (2000, 4, "fast")
    for series in ("revenue", "meetings", "deals"):
        band = data["totals"][series]
        assert band["p10"] <= band["p50"] <= band["p90"]
        assert set(band) == {"mean", "p10", "p50", "p90"}
    assert 0 < objectives["revenue"]["probability"] < 1
    assert objectives["win-rate"]["status"] == "missing_stage"
    assert objectives["smb-meetings"]["probability"] is None
    assert objectives["smb-meetings"]["status"] == "segment_scope"
    assert len(data["weekly"]) == 26
    assert data["weekly"][-1]["revenue"] == data["totals"]["revenue"]
    assert data["elapsed_seconds"] > 0


@pytest.mark.parametrize("median", [182.0, 400.0])  # at the 26-week horizon, and beyond it
def test_a_stage_delay_past_the_horizon_simulates_with_nothing_landing_in_the_plan(
    run: Any, tmp_path: Path, median: float
) -> None:
    delay = {"median_days": median, "log_sd": 0.0}
    path = plan_file(tmp_path, channels__0__stages__0__delay=delay)
    assert run("validate", path).code == 0

    result = run("simulate", path, "--trials", "300", "--seed", "1", "--json")

    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    data = json.loads(result.out)
    assert len(data["weekly"]) == 26
    baseline = json.loads(
        run("simulate", plan_file(tmp_path), "--trials", "300", "--seed", "1", "--json").out
    )
    # the delayed stage brings nothing inside the plan: fewer meetings than without the delay
    assert data["totals"]["meetings"]["mean"] < baseline["totals"]["meetings"]["mean"]


def test_the_same_seed_prints_the_same_json(run: Any, tmp_path: Path) -> None:
    path = plan_file(tmp_path)
    first = json.loads(run("simulate", path, "--trials", "500", "--json").out)
    again = json.loads(run("simulate", path, "--trials", "500", "--json").out)
    for data in (first, again):
        del data["elapsed_seconds"]

    assert first == again


def test_the_exact_engine_can_be_chosen(run: Any, tmp_path: Path) -> None:
    result = run("simulate", plan_file(tmp_path), "--trials", "300", "--engine", "exact", "--json")

    assert result.code == 0
    assert json.loads(result.out)["engine"] == "exact"


@pytest.mark.parametrize(
    ("lang", "fragments"),
    [
        ("en", ["Totals over the plan", "Revenue", "Probability of meeting", "at most"]),
        ("fr", ["Totaux sur la durée du plan", "Chiffre d’affaires", "Probabilité", "au plus"]),
    ],
)
def test_simulate_prints_tables_in_the_language(
    run: Any, tmp_path: Path, lang: str, fragments: list[str]
) -> None:
    result = run("--lang", lang, "simulate", plan_file(tmp_path), "--trials", "500")

    assert result.code == 0
    for fragment in fragments:
        assert fragment in result.out
    assert len(result.out.splitlines()) > 26  # one line per week of the bands


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"channels__0__activities_per_week": -5}, "channels[0].activities_per_week"),
        ({"channels__0__stages__0__rate__low": 0.9}, "channels[0].stages[0].rate"),
        ({"offer__deal_value": "abc"}, "offer.deal_value"),
    ],
)
@pytest.mark.parametrize("command", ["simulate", "required"])
def test_an_invalid_plan_exits_2_naming_the_field(
    run: Any, tmp_path: Path, overrides: dict[str, Any], field: str, command: str
) -> None:
    extra = ["--objective", "revenue"] if command == "required" else []
    result = run(command, plan_file(tmp_path, **overrides), *extra)

    assert result.code == 2
    assert result.out == ""
    assert field in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        (["--trials", "0"], "trials: "),
        (["--trials", "30000", "--engine", "exact"], "trials: "),
        (["--trials", "abc"], "not a whole number"),
        (["--seed", "-3"], "seed: "),
        (["--engine", "warp"], "invalid choice"),
    ],
)
def test_impossible_options_exit_2(
    run: Any, tmp_path: Path, options: list[str], fragment: str
) -> None:
    result = run("simulate", plan_file(tmp_path), *options)

    assert result.code == 2
    assert fragment in result.err
    assert "Traceback" not in result.err


def test_required_json(run: Any, tmp_path: Path) -> None:
    result = run(
        "required", plan_file(tmp_path), "--objective", "revenue", "--trials", "2000", "--json"
    )
    data = json.loads(result.out)
    phone = next(c for c in data["channels"] if c["channel_id"] == "phone")

    assert result.code == 0
    assert data["status"] == "reached"
    assert data["confidence"] == 0.8
    assert data["probability_required"] >= 0.8
    assert phone["required_per_week"] == pytest.approx(120 * data["multiplier"])
    assert data["hours_needed"] == pytest.approx(data["hours_now"] * data["multiplier"])
    assert isinstance(data["extra_reps"], int)
    assert data["elapsed_seconds"] > 0


@pytest.mark.parametrize(
    ("lang", "objective", "fragment"),
    [
        ("en", "revenue", "Multiply the activities of all channels by"),
        ("fr", "revenue", "Multipliez les activités de tous les canaux par"),
        ("en", "smb-meetings", "scoped to a segment"),
        ("fr", "smb-meetings", "porte sur un segment"),
    ],
)
def test_required_answers_in_the_language(
    run: Any, tmp_path: Path, lang: str, objective: str, fragment: str
) -> None:
    path = plan_file(tmp_path)
    result = run("--lang", lang, "required", path, "--objective", objective, "--trials", "1000")

    assert result.code == 0
    assert fragment in result.out


def test_required_for_one_channel(run: Any, tmp_path: Path) -> None:
    path = plan_file(tmp_path)
    result = run(
        "required", path, "--objective", "revenue", "--channel", "linkedin", "--trials", "500"
    )

    assert result.code == 0
    assert "feed nothing" in result.out


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (["--objective", "nope"], "objective: "),
        (["--objective", "revenue", "--confidence", "1.5"], "confidence: "),
        (["--objective", "revenue", "--channel", "fax"], "channel: "),
    ],
)
def test_a_bad_required_request_exits_2(
    run: Any, tmp_path: Path, options: list[str], field: str
) -> None:
    result = run("required", plan_file(tmp_path), *options)

    assert result.code == 2
    assert field in result.err


def test_a_french_confidence_with_a_comma_is_read(run: Any, tmp_path: Path) -> None:
    path = plan_file(tmp_path)
    options = ["--objective", "revenue", "--confidence", "0,6", "--trials", "500", "--json"]
    result = run("required", path, *options)

    assert json.loads(result.out)["confidence"] == 0.6


def test_python_m_planner_simulate_in_a_real_process(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LANG")}
    completed = subprocess.run(
        [sys.executable, "-m", "planner", "simulate", plan_file(tmp_path), "--trials", "200"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )

    assert completed.returncode == 0
    assert "Totals over the plan" in completed.stdout
    assert completed.stderr == ""


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Capped by the lawful call hours"),
        ("fr", "Plafonné par les heures d’appel autorisées"),
    ],
)
def test_simulate_says_when_consumer_calls_are_capped_by_the_lawful_hours(
    run: Any, tmp_path: Path, lang: str, said: str
) -> None:
    calls = {
        "meta__market": "b2c",
        "team__reps": 1,
        "team__new_reps": 0,
        "channels__0__activities_per_week": 600,  # 60 h of calls a week: 45 h are lawful
        "channels__0__minutes_per_activity": 6,
    }
    capped = run("--lang", lang, "simulate", plan_file(tmp_path, **calls), "--trials", "200")
    business = run("--lang", lang, "simulate", plan_file(tmp_path), "--trials", "200")

    assert capped.code == 0 and business.code == 0
    assert said in capped.out
    assert said not in business.out
