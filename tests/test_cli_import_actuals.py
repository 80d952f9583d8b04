"""`python -m planner import FILE --plan ID`: actual results into a stored plan, exit 0 or 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.plan.planfile import plan_to_json
from planner.storage import connect, list_batches, load_events
from tests.factories import make_plan
from tests.test_importing import HUBSPOT_EN, SALESFORCE_REPORT

REPO = Path(__file__).resolve().parent.parent
GOOD = "date;prospect;channel;event;amount\n31/12/2025;ACME;phone;gagné;1 234,50\n"
BAD = GOOD + "01/01/2026;Beta;fax;won;abc\n"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "PLANNER_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "default-data"))


@pytest.fixture
def db(database_url: str) -> str:
    """A fresh workspace database for one test (SQLite, then PostgreSQL: tests/conftest.py)."""
    return database_url


@pytest.fixture
def plan_id(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "plan.json"
    path.write_text(plan_to_json(make_plan()), encoding="utf-8")
    assert main(["import", str(path), "--database", db]) == 0
    return capsys.readouterr().out.strip()


def write(tmp_path: Path, text: str | bytes, name: str = "actuals.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("cp1252") if isinstance(text, str) else text)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def events(db: str, plan_id: str) -> Any:
    engine = connect(db)
    try:
        return load_events(engine, plan_id)
    finally:
        engine.dispose()


def test_a_good_file_is_imported(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD)

    code, out, err = run(capsys, "import", str(path), "--plan", plan_id, "--database", db)

    assert (code, err) == (0, "")
    assert "1 row imported, 0 rejected, 0 duplicates skipped" in out
    assert events(db, plan_id)["amount"].tolist() == [1234.5]


def test_the_same_file_twice_is_refused_the_second_time(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD)
    run(capsys, "import", str(path), "--plan", plan_id, "--database", db)

    code, _, err = run(
        capsys, "import", str(path), "--plan", plan_id, "--database", db, "--lang", "fr"
    )

    assert code == 2
    assert "déjà été importé dans ce plan le" in err
    assert len(events(db, plan_id)) == 1


def test_bad_rows_import_nothing_unless_valid_only(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, BAD)
    rejected = tmp_path / "rejected.csv"

    code, _, err = run(capsys, "import", str(path), "--plan", plan_id, "--database", db)
    assert code == 2
    assert "row 3: “fax” in “channel” is not a channel of this plan" in err
    assert "nothing imported" in err
    assert events(db, plan_id).empty

    code, out, _ = run(
        capsys,
        "import",
        str(path),
        "--plan",
        plan_id,
        "--database",
        db,
        "--valid-only",
        "--rejected",
        str(rejected),
        "--lang",
        "fr",
    )
    assert code == 0
    assert "1 ligne importée, 1 rejetée, 0 doublon ignoré" in out  # French: 0 is singular
    assert "motif" in rejected.read_text(encoding="utf-8-sig")
    assert len(events(db, plan_id)) == 1


def test_a_crm_file_without_channel_goes_to_a_default_channel(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "Deal Name,Deal Stage,Close Date,Amount\nA,closedwon,2026-01-05,30\n")

    code, out, _ = run(
        capsys,
        "import",
        str(path),
        "--plan",
        plan_id,
        "--database",
        db,
        "--mapping",
        "hubspot_deals",
        "--channel",
        "linkedin",
    )

    assert code == 0
    assert "“linkedin”" in out
    assert "1 row imported" in out
    assert events(db, plan_id)["channel"].tolist() == ["linkedin"]
    engine = connect(db)
    assert list_batches(engine, plan_id)[0].mapping == "hubspot_deals"
    engine.dispose()


def test_a_crm_file_counts_its_rows_and_stores_each_deals_creation(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, HUBSPOT_EN, "deals.csv")

    code, out, _ = run(
        capsys, "import", str(path), "--plan", plan_id, "--database", db, "--channel", "phone"
    )

    assert code == 0, out
    assert "3 rows imported, 0 rejected" in out
    engine = connect(db)
    assert list_batches(engine, plan_id)[0].rows_imported == 3
    engine.dispose()
    assert sorted(events(db, plan_id)["event"]) == sorted(
        ["won", "meeting_booked", "lost", "lead", "lead"]  # the open deal: on its creation
    )
    assert "1 deal still open is dated by its creation" in out


def test_a_salesforce_report_footer_is_left_out_and_said(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, SALESFORCE_REPORT, "report.csv")

    code, out, _ = run(
        capsys, "import", str(path), "--plan", plan_id, "--database", db, "--channel", "phone"
    )

    assert code == 0, out
    assert "4 lines at the end of the file were read as a report’s footer" in out
    assert "Amounts in USD in this file" in out  # "$12,000.00" into a plan in euros
    assert "2 rows imported, 0 rejected" in out
    assert events(db, plan_id)["event"].tolist() == ["won", "opportunity"]


@pytest.mark.parametrize(
    ("data", "lang", "expected"),
    [
        (b"", "en", "the file is empty"),
        (b"", "fr", "le fichier est vide"),
        (b"date;channel;event\n", "en", "no data rows"),
        (bytes(range(256)) * 4, "fr", "n’est pas un fichier texte"),
        (b"date;date;event\n1;2;3\n", "en", "more than once"),
        (b"date;date;event\n1;2;3\n", "fr", "ces colonnes apparaissent plusieurs fois"),
    ],
)
def test_an_invalid_file_exits_2_with_a_message(
    tmp_path: Path,
    db: str,
    plan_id: str,
    capsys: pytest.CaptureFixture[str],
    data: bytes,
    lang: str,
    expected: str,
) -> None:
    path = write(tmp_path, data)

    code, out, err = run(
        capsys, "import", str(path), "--plan", plan_id, "--database", db, "--lang", lang
    )

    assert (code, out) == (2, "")
    assert expected in err
    assert "Traceback" not in err


def test_an_unknown_plan_exits_2(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "import", str(write(tmp_path, GOOD)), "--plan", "nope", "--database", db
    )

    assert code == 2
    assert "No plan with id “nope”" in err


def test_import_without_plan_still_imports_a_plan_file(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(plan_to_json(make_plan()), encoding="utf-8")

    code, out, _ = run(capsys, "import", str(path), "--database", db)

    assert code == 0
    assert len(out.strip()) == 12


@pytest.mark.parametrize(("lang", "expected"), [("en", "not a text (CSV) file"), ("fr", "binaire")])
def test_a_real_process_prints_no_traceback(
    tmp_path: Path, db: str, plan_id: str, lang: str, expected: str
) -> None:
    path = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00binary")
    env = {**os.environ, "PLANNER_DATABASE_URL": db}

    done = subprocess.run(
        [sys.executable, "-m", "planner", "import", str(path), "--plan", plan_id, "--lang", lang],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
        timeout=60,
    )

    assert done.returncode == 2
    assert expected in done.stderr
    assert "Traceback" not in done.stderr


def test_kpis_count_the_weeks_typed_by_hand_with_the_imports(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt
    import json

    from planner.storage.weekly import save_weekly
    from planner.tracking.weekly import entries_frame

    monday = dt.date(2026, 1, 5)
    engine = connect(db)
    try:
        save_weekly(
            engine,
            plan_id,
            entries_frame([(monday, "phone", "won", 2.0), (monday, "phone", "revenue", 3000.0)]),
        )
    finally:
        engine.dispose()
    path = write(tmp_path, "date;prospect;channel;event;amount\n06/01/2026;ACME;phone;won;500\n")
    assert run(capsys, "import", str(path), "--plan", plan_id, "--database", db)[0] == 0

    code, out, _ = run(capsys, "kpis", plan_id, "--json", "--database", db)

    kpis = {k["key"]: k["value"] for k in json.loads(out)["kpis"]}
    assert code == 0
    assert kpis["revenue"] == 3500.0  # two typed deals of 1 500 and the imported one of 500
    assert kpis["new_customers"] == 3


def test_kpis_json_of_a_deal_export_gives_win_rate_per_deal_with_its_counts(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_kpis_deals import HUBSPOT_ROWS, _hubspot

    path = write(tmp_path, _hubspot(HUBSPOT_ROWS), "deals.csv")
    code, _, _ = run(capsys, "import", str(path), "--plan", plan_id, "--database", db)
    assert code == 0

    code, out, _ = run(
        capsys,
        "kpis",
        plan_id,
        "--database",
        db,
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
        "--json",
    )

    assert code == 0
    found = {k["key"]: k for k in json.loads(out)["kpis"]}
    assert found["win_rate"]["value"] == pytest.approx(4 / 7 * 100)
    assert found["win_rate"]["inputs"] == {"won": 4, "lost": 3, "closed": 7}
    assert found["win_rate"]["basis"] == "deal"
    assert found["new_customers"] == found["new_customers"] | {"value": 2.0, "basis": "account"}
    assert found["time_to_convert"]["value"] == pytest.approx(22.5)
    assert all(
        k["value"] is None or k["value"] <= 100 for k in found.values() if k["unit"] == "percent"
    )


# --- Value mapping and lead sources -------------------------------------------------------------

EVERYDAY = (
    "Date;lead_id;Canal;Événement;Montant\n"
    "04/05/2026;L-1;Tél.;Coup de fil;\n"
    "05/05/2026;L-1;Tél.;BC reçu;1 500\n"
    "06/05/2026;L-2;Porte-à-porte;appel;\n"
)


def test_values_mapped_on_the_command_line_are_imported(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, EVERYDAY)

    code, out, err = run(
        capsys,
        "import", str(path), "--plan", plan_id, "--database", db,
        "--map-event", "Coup de fil=activity",
        "--map-event", "BC reçu=won",
        "--map-channel", "Porte-à-porte=phone",
    )  # fmt: skip

    assert (code, err) == (0, "")
    assert "Prospect: column “lead_id”." in out
    stored = events(db, plan_id)
    assert stored["event"].tolist() == ["activity", "won", "activity"]
    assert stored["channel"].tolist() == ["phone", "phone", "phone"]
    assert stored["prospect"].tolist() == ["L-1", "L-1", "L-2"]


def test_unmapped_values_are_refused_row_by_row_naming_them(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, EVERYDAY)

    code, _out, err = run(capsys, "import", str(path), "--plan", plan_id, "--database", db)

    assert code == 2
    assert "row 2: “Coup de fil” in “Événement” is not an event" in err
    assert "row 4: “Porte-à-porte” in “Canal” is not a channel of this plan" in err
    assert events(db, plan_id).empty


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--map-event", "Coup de fil", "--map-event: “Coup de fil” is not VALUE=TARGET"),
        ("--map-event", "Coup de fil=maybe", "--map-event: “maybe” is not an event; known:"),
        ("--map-channel", "Tél.=fax", "--map-channel: “fax” (for “Tél.”) is not a channel of"),
        ("--map-channel", "=phone", "--map-channel: “=phone” is not VALUE=TARGET"),
    ],
)
def test_a_bad_value_mapping_option_is_a_clear_error(
    tmp_path: Path,
    db: str,
    plan_id: str,
    capsys: pytest.CaptureFixture[str],
    option: str,
    value: str,
    message: str,
) -> None:
    path = write(tmp_path, EVERYDAY)

    code, out, err = run(
        capsys, "import", str(path), "--plan", plan_id, "--database", db, option, value
    )

    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err
    assert events(db, plan_id).empty


def test_a_mapping_file_saved_from_the_page_is_read(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, EVERYDAY)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "format": "prospection-plan/value-mapping",
                "version": 1,
                "preset": "event_log",
                "columns": {"prospect": "lead_id"},
                "events": {"Coup de fil": "activity", "BC reçu": "won"},
                "channels": {"Porte-à-porte": "phone"},
            }
        ),
        encoding="utf-8",
    )

    code, _out, err = run(
        capsys, "import", str(path), "--plan", plan_id, "--database", db,
        "--mapping-file", str(mapping),
    )  # fmt: skip

    assert (code, err) == (0, "")
    assert events(db, plan_id)["event"].tolist() == ["activity", "won", "activity"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("m.json", '{"events": {"Coup de fil": "activity"', "the mapping file cannot be read"),
        ("m.toml", "[events]\n'Coup de fil' = 3\n", "“events” must map texts to texts"),
        ("m.json", '{"preset": "zoho"}', "unknown mapping “zoho”"),
        ("m.json", '{"channels": {"Tél.": "fax"}}', "“fax” (for “Tél.”) is not a channel"),
    ],
)
def test_a_malformed_mapping_file_is_a_clear_error_naming_it(
    tmp_path: Path,
    db: str,
    plan_id: str,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str,
    message: str,
) -> None:
    path = write(tmp_path, EVERYDAY)
    mapping = tmp_path / name
    mapping.write_text(content, encoding="utf-8")

    code, out, err = run(
        capsys, "import", str(path), "--plan", plan_id, "--database", db,
        "--mapping-file", str(mapping),
    )  # fmt: skip

    assert (code, out) == (2, "")
    assert err.startswith(f"{mapping}: ") and message in err
    assert events(db, plan_id).empty


HUBSPOT_SOURCES = (
    "Record ID;Entreprise associée;Phase de la transaction;Montant;Date de fermeture;"
    "Date de création;Source d'origine\n"
    "1;Acme;Conclu gagné;1 000;02/03/2026;01/02/2026;Bouche-à-oreille\n"
    "2;Bolt;Conclu gagné;3 000;05/03/2026;03/02/2026;LinkedIn\n"
    "3;Cora;Conclu gagné;500;09/03/2026;04/02/2026;Sources hors ligne\n"
)


def test_a_crm_export_is_split_by_source_and_unmapped_sources_are_said(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, HUBSPOT_SOURCES)

    code, out, _err = run(
        capsys, "--lang", "fr", "import", str(path), "--plan", plan_id, "--database", db,
        "--map-channel", "Bouche-à-oreille=phone",
    )  # fmt: skip

    assert code == 0
    assert "Prospect : colonne « Entreprise associée »." in out
    assert "« Sources hors ligne » (1 ligne)" in out
    stored = events(db, plan_id)
    won = stored[stored["event"] == "won"]
    assert dict(zip(won["source"], won["channel"], strict=True)) == {
        "Bouche-à-oreille": "phone",
        "LinkedIn": "linkedin",
        "Sources hors ligne": "phone",
    }


def test_kpis_break_revenue_down_by_source(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, HUBSPOT_SOURCES)
    base = ("--database", db)
    assert run(capsys, "import", str(path), "--plan", plan_id, *base)[0] == 0

    code, out, _err = run(
        capsys, "kpis", plan_id, *base, "--from", "2026-03-01", "--to", "2026-03-31", "--json"
    )

    assert code == 0
    by_source = {row["source"]: row for row in json.loads(out)["by_source"]}
    # By hand: 4 500 in all; LinkedIn 3 000 (67 %), Bouche-à-oreille 1 000 (22 %).
    assert by_source["LinkedIn"]["revenue"] == 3000.0
    assert by_source["LinkedIn"]["share"] == pytest.approx(3000 / 4500)
    assert by_source["Bouche-à-oreille"]["cumulative_share"] == pytest.approx(4000 / 4500)
    assert [r["vital_few"] for r in by_source.values()] == [True, True, False]
    text = run(capsys, "kpis", plan_id, *base, "--from", "2026-03-01", "--to", "2026-03-31")[1]
    assert "By lead source" in text and "66.7%" in text


US_DATES = (
    "date;prospect;channel;event\n"
    "01/05/2026;ACME;phone;won\n02/13/2026;Beta;phone;won\n03/04/2026;Gamma;phone;won\n"
)


def test_the_import_says_which_day_month_order_it_read_and_why(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, US_DATES)

    code, out, err = run(
        capsys, "import", str(path), "--plan", plan_id, "--database", db, "--lang", "fr"
    )

    assert (code, err) == (0, "")
    assert "Dates lues mois d’abord (12/31/2025)" in out
    assert "ligne 3 « 02/13/2026 »" in out
    assert events(db, plan_id)["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-01-05",
        "2026-02-13",
        "2026-03-04",
    ]


def test_date_order_dmy_reads_day_first_and_refuses_the_rows_that_cannot_be(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, US_DATES)
    argv = ["import", str(path), "--plan", plan_id, "--database", db, "--date-order", "dmy"]

    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "Dates read day first (31/12/2025), as chosen." in err
    assert "row 3: “02/13/2026” in “date” can only be read month first" in err

    code, out, _ = run(capsys, *argv, "--valid-only")
    assert code == 0
    assert "2 rows imported, 1 rejected" in out
    assert sorted(events(db, plan_id)["date"].dt.strftime("%Y-%m-%d")) == [
        "2026-04-03",
        "2026-05-01",
    ]


def test_an_unknown_date_order_exits_2(
    tmp_path: Path, db: str, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, US_DATES)

    code, _, err = run(
        capsys, "import", str(path), "--plan", plan_id, "--database", db, "--date-order", "ymd"
    )

    assert code == 2
    assert "--date-order" in err
    assert list_batches_count(db, plan_id) == 0


def list_batches_count(db: str, plan_id: str) -> int:
    engine = connect(db)
    try:
        return len(list_batches(engine, plan_id))
    finally:
        engine.dispose()
