"""The command line `python -m planner`: each subcommand, bad input, exit codes, both languages."""

from __future__ import annotations

import copy
import datetime as dt
import errno
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from planner.cli import main
from planner.cli.output import table
from planner.cli.parser import environment_language
from planner.core.i18n import LOCALES_DIR
from planner.plan.model import plan_json_schema
from planner.plan.planfile import parse_plan, plan_to_json
from planner.storage import connect, list_plans

REPO = Path(__file__).resolve().parent.parent
START = dt.date(2026, 1, 5)


class Result(NamedTuple):
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """English unless a test says otherwise, and never the real workspace database."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "PLANNER_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "default-data"))


@pytest.fixture
def db(database_url: str) -> str:
    """A fresh workspace database for one test (SQLite, then PostgreSQL: tests/conftest.py)."""
    return database_url


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Any:
    """Call main() in-process and capture what it printed."""

    def call(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


def plan_data() -> dict[str, Any]:
    """A small valid plan document: one segment, one channel with one stage, one objective."""
    return {
        "schema_version": 1,
        "meta": {
            "name": "Test plan",
            "market": "b2b",
            "language": "en",
            "start_date": START.isoformat(),
            "horizon_weeks": 26,
        },
        "offer": {"deal_value": 1000.0},
        "segments": [{"id": "smb", "name": "Small firms"}],
        "objectives": [
            {
                "id": "meetings",
                "name": "Meetings",
                "metric": "meetings_per_month",
                "target": 8,
                "deadline": "2026-06-30",
            }
        ],
        "channels": [
            {
                "id": "phone",
                "kind": "phone",
                "name": "Calls",
                "activities_per_week": 50.0,
                "stages": [
                    {
                        "id": "meeting",
                        "name": "Meeting booked",
                        "kind": "meeting_booked",
                        "rate": {"low": 0.05, "typical": 0.1, "high": 0.2},
                    }
                ],
            }
        ],
    }


def changed(path: str, value: Any) -> bytes:
    """The plan file with the value at a dotted path ('channels.0.name') replaced."""
    data = copy.deepcopy(plan_data())
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[last] = value
    return json.dumps(data).encode()


def without(key: str) -> bytes:
    """The plan file without one top-level key."""
    data = plan_data()
    del data[key]
    return json.dumps(data).encode()


GOOD = json.dumps(plan_data(), indent=2).encode()


def write(tmp_path: Path, content: bytes, name: str = "plan.json") -> Path:
    """Write a file in tmp_path and return its path."""
    path = tmp_path / name
    path.write_bytes(content)
    return path


# Bad plan files: content (None: the file does not exist), the field the message must name
# (None: the problem is the whole file), and a fragment of the message in each language.
BAD_FILES: list[tuple[str, bytes | None, str | None, str, str]] = [
    ("truncated", GOOD[: len(GOOD) // 2], None, "not valid JSON", "pas un JSON valide"),
    (
        "nan",
        GOOD.replace(b'"deal_value": 1000.0', b'"deal_value": NaN'),
        None,
        "NaN",
        "NaN",
    ),
    ("future", changed("schema_version", 99), "schema_version", "newer version", "plus récente"),
    ("no_version", without("schema_version"), "schema_version", "no schema_version", "pas de"),
    ("wrong_type", changed("offer.deal_value", "abc"), "offer.deal_value", "number", "nombre"),
    (
        "rate_order",
        changed("channels.0.stages.0.rate", {"low": 0.3, "typical": 0.2, "high": 0.1}),
        "channels[0].stages[0].rate",
        "low ≤ typical ≤ high",
        "bas ≤ typique ≤ haut",
    ),
    ("unknown_field", changed("meta.colour", "blue"), "meta.colour", "unknown field", "inconnu"),
    ("empty", b"", None, "empty", "vide"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\x00", None, "UTF-8", "UTF-8"),
    ("missing", None, None, "not found", "introuvable"),
]


# --- validate --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "valid — “Test plan”, B2B, 1 channel, 1 segment, 1 objective, 26 weeks from"),
        ("fr", "valide — « Test plan », B2B, 1 canal, 1 segment, 1 objectif, 26 semaines"),
    ],
)
def test_validate_good_file(run: Any, tmp_path: Path, lang: str, expected: str) -> None:
    path = write(tmp_path, GOOD)
    result = run("--lang", lang, "validate", str(path))
    assert result.code == 0
    assert result.err == ""
    assert str(path) in result.out
    assert expected in result.out.replace("\u202f", " ")
    assert len(result.out.splitlines()) == 1


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    ("content", "field", "fragment_en", "fragment_fr"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_validate_bad_file(
    run: Any,
    tmp_path: Path,
    lang: str,
    content: bytes | None,
    field: str | None,
    fragment_en: str,
    fragment_fr: str,
) -> None:
    path = tmp_path / "plan.json"
    if content is not None:
        path.write_bytes(content)
    result = run("--lang", lang, "validate", str(path))
    assert result.code == 2
    assert result.out == ""
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert lines
    assert all(line.startswith(str(path)) for line in lines)
    if field is not None:
        assert any(f" {field}: " in line for line in lines), result.err
    assert (fragment_fr if lang == "fr" else fragment_en) in result.err


def test_validate_lists_every_problem_on_its_own_line(run: Any, tmp_path: Path) -> None:
    data = plan_data()
    data["offer"]["deal_value"] = "abc"
    data["meta"]["colour"] = "blue"
    data["channels"][0]["stages"][0]["rate"]["high"] = 1.5
    result = run("validate", str(write(tmp_path, json.dumps(data).encode())))
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 3
    for field in ("offer.deal_value", "meta.colour", "channels[0].stages[0].rate.high"):
        assert sum(field in line for line in lines) == 1, field


def test_validate_nan_names_the_field(run: Any, tmp_path: Path) -> None:
    content = GOOD.replace(b'"deal_value": 1000.0', b'"deal_value": NaN')
    result = run("validate", str(write(tmp_path, content)))
    assert "offer.deal_value" in result.err


def test_validate_a_folder(run: Any, tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.code == 2
    assert "folder" in result.err


def test_validate_escapes_terminal_control_characters(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path, changed("meta.name", "Evil\x1b[2J\u202eplan"))
    result = run("validate", str(path))
    assert result.code == 0
    assert "\x1b" not in result.out
    assert "\u202e" not in result.out
    assert "Evil\\x1b[2J\\u202eplan" in result.out


# --- schema ----------------------------------------------------------------------------------


def test_schema_prints_the_json_schema(run: Any) -> None:
    result = run("schema")
    assert result.code == 0
    assert result.err == ""
    assert json.loads(result.out) == plan_json_schema()


# --- import and list -------------------------------------------------------------------------


def test_import_stores_a_new_plan_and_prints_its_id(run: Any, tmp_path: Path, db: str) -> None:
    result = run("import", str(write(tmp_path, GOOD)), "--database", db)
    assert result.code == 0
    assert result.err == ""
    plan_id = result.out.strip()
    assert re.fullmatch(r"[0-9a-f]{12}", plan_id)
    engine = connect(db)
    try:
        assert [s.id for s in list_plans(engine)] == [plan_id]
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("content", "field"),
    [(case[1], case[2]) for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_import_of_a_bad_file_stores_nothing(
    run: Any, tmp_path: Path, db: str, content: bytes | None, field: str | None
) -> None:
    path = tmp_path / "plan.json"
    if content is not None:
        path.write_bytes(content)
    result = run("--database", db, "import", str(path))
    assert result.code == 2
    assert result.out == ""
    assert "Traceback" not in result.err
    if field is not None:
        assert field in result.err
    listing = run("--database", db, "list")
    assert listing.code == 0
    assert "No plans" in listing.out


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "No plans in this workspace"), ("fr", "Aucun plan")]
)
def test_list_of_an_empty_workspace_says_so(run: Any, db: str, lang: str, expected: str) -> None:
    result = run("--lang", lang, "--database", db, "list")
    assert result.code == 0
    assert expected in result.out
    assert result.err == ""


@pytest.mark.parametrize(
    ("lang", "header"),
    [("en", ["ID", "Name", "Market", "Last saved", "Revision"]), ("fr", ["Identifiant", "Nom"])],
)
def test_list_shows_plans_in_aligned_columns(
    run: Any, tmp_path: Path, db: str, lang: str, header: list[str]
) -> None:
    ids = {}
    for name in ("Alpha", "Beta – a longer name"):
        path = write(tmp_path, changed("meta.name", name), f"{name[:4]}.json")
        ids[name] = run("--database", db, "import", str(path)).out.strip()
    result = run("--lang", lang, "--database", db, "list")
    assert result.code == 0
    lines = result.out.splitlines()
    assert len(lines) == 3
    assert all(word in lines[0] for word in header)
    name_column = lines[0].index(header[1])
    for name, plan_id in ids.items():
        row = next(line for line in lines[1:] if line.startswith(plan_id))
        assert row.index(name) == name_column
        assert "B2B" in row
        assert row.endswith("1")
    assert len({len(line) for line in lines}) == 1  # the revision column is right-aligned


def test_give_makes_a_person_the_owner_and_list_shows_it(run: Any, tmp_path: Path, db: str) -> None:
    plan_id = run("--database", db, "import", str(write(tmp_path, GOOD))).out.strip()
    assert "Owner" not in run("--database", db, "list").out  # no owners: no column
    given = run("--lang", "fr", "--database", db, "give", plan_id, " Alice@Example.com ")
    assert given.code == 0, given.err
    assert f"Le plan {plan_id} appartient désormais à alice@example.com" in given.out
    listing = run("--database", db, "list").out.splitlines()
    assert "Owner" in listing[0] and listing[1].endswith("alice@example.com")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["give", "000000000000", "alice@example.com"], "No plan with id “000000000000”"),
        (["give", "PLAN", "alice"], "“alice” is not an e-mail address: the plan keeps its owner."),
    ],
)
def test_give_refuses_an_unknown_plan_or_a_bad_address(
    run: Any, tmp_path: Path, db: str, args: list[str], fragment: str
) -> None:
    plan_id = run("--database", db, "import", str(write(tmp_path, GOOD))).out.strip()
    result = run("--database", db, *[plan_id if a == "PLAN" else a for a in args])
    assert result.code == 2
    assert fragment in result.err
    assert "Traceback" not in result.err
    assert "alice" not in run("--database", db, "list").out


# --- export ----------------------------------------------------------------------------------


def test_export_then_import_round_trip(run: Any, tmp_path: Path, db: str) -> None:
    original = write(tmp_path, GOOD)
    plan_id = run("--database", db, "import", str(original)).out.strip()
    out = tmp_path / "exported.json"
    result = run("--database", db, "export", plan_id, "--out", str(out))
    assert result.code == 0
    assert str(out) in result.out
    assert parse_plan(out.read_bytes()) == parse_plan(GOOD)
    assert out.read_text(encoding="utf-8") == plan_to_json(parse_plan(GOOD))
    again = run("--database", db, "import", str(out)).out.strip()
    back = tmp_path / "back.json"
    assert run("--database", db, "export", again, "--out", str(back)).code == 0
    assert back.read_bytes() == out.read_bytes()


@pytest.mark.parametrize(("lang", "expected"), [("en", "No plan with id"), ("fr", "Aucun plan")])
def test_export_of_an_unknown_id(
    run: Any, tmp_path: Path, db: str, lang: str, expected: str
) -> None:
    out = tmp_path / "out.json"
    result = run("--lang", lang, "--database", db, "export", "nosuchplan", "--out", str(out))
    assert result.code == 2
    assert expected in result.err
    assert "nosuchplan" in result.err
    assert not out.exists()


def test_export_refuses_to_overwrite_without_force(run: Any, tmp_path: Path, db: str) -> None:
    plan_id = run("--database", db, "import", str(write(tmp_path, GOOD))).out.strip()
    out = write(tmp_path, b"keep me", "out.json")
    result = run("--database", db, "export", plan_id, "--out", str(out))
    assert result.code == 2
    assert "already exists" in result.err
    assert out.read_bytes() == b"keep me"
    assert run("--database", db, "export", plan_id, "--out", str(out), "--force").code == 0
    assert parse_plan(out.read_bytes()) == parse_plan(GOOD)


@pytest.mark.parametrize(
    ("failure", "code"),
    [(OSError(errno.ENOSPC, "No space left on device"), 2), (KeyboardInterrupt(), 130)],
    ids=["disk_full", "interrupted"],
)
def test_an_interrupted_export_leaves_the_old_file_whole(
    run: Any,
    tmp_path: Path,
    db: str,
    monkeypatch: pytest.MonkeyPatch,
    failure: BaseException,
    code: int,
) -> None:
    plan_id = run("--database", db, "import", str(write(tmp_path, GOOD))).out.strip()
    out = write(tmp_path, b"the previous export", "out.json")
    before = sorted(p.name for p in tmp_path.iterdir())

    def fail(fd: int) -> None:
        raise failure

    monkeypatch.setattr(os, "fsync", fail)
    result = run("--database", db, "export", plan_id, "--out", str(out), "--force")
    assert result.code == code
    assert "Traceback" not in result.err
    assert out.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary file left


def test_written_files_get_the_usual_permissions(run: Any, tmp_path: Path, db: str) -> None:
    plan_id = run("--database", db, "import", str(write(tmp_path, GOOD))).out.strip()
    out = tmp_path / "out.json"
    assert run("--database", db, "export", plan_id, "--out", str(out)).code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_export_into_a_missing_folder(run: Any, tmp_path: Path, db: str) -> None:
    plan_id = run("--database", db, "import", str(write(tmp_path, GOOD))).out.strip()
    out = tmp_path / "nowhere" / "out.json"
    result = run("--database", db, "export", plan_id, "--out", str(out))
    assert result.code == 2
    assert str(out) in result.err
    assert ".tmp" not in result.err


# --- templates and new (need planner.plan.scenarios) ----------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_templates_lists_every_scenario(run: Any, lang: str) -> None:
    scenarios = pytest.importorskip("planner.plan.scenarios")
    result = run("--lang", lang, "templates")
    assert result.code == 0
    assert result.err == ""
    lines = result.out.splitlines()
    assert len(lines) == len(scenarios.SCENARIO_IDS) + 1
    for scenario_id, line in zip(scenarios.SCENARIO_IDS, lines, strict=False):
        assert line.startswith(scenario_id + " ")
        assert scenarios.scenario_name(scenario_id, lang) in line
    assert lines[-1].startswith("blank ")
    assert ("Plan vierge" if lang == "fr" else "Blank plan") in lines[-1]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_new_from_each_scenario_writes_a_valid_plan(run: Any, tmp_path: Path, lang: str) -> None:
    scenarios = pytest.importorskip("planner.plan.scenarios")
    for scenario_id in scenarios.SCENARIO_IDS:
        out = tmp_path / f"{scenario_id}.json"
        args = ["--lang", lang, "new", "--template", scenario_id, "--out", str(out)]
        result = run(*args, "--start", START.isoformat())
        assert result.code == 0, result.err
        assert str(out) in result.out
        plan = parse_plan(out.read_bytes())
        assert plan == scenarios.build_scenario(scenario_id, lang, START)
        assert run("validate", str(out)).code == 0


@pytest.mark.parametrize("market", ["b2b", "b2c"])
def test_new_blank_plan(run: Any, tmp_path: Path, market: str) -> None:
    pytest.importorskip("planner.plan.scenarios")
    out = tmp_path / "blank.json"
    result = run("new", "--template", "blank", "--market", market, "--out", str(out))
    assert result.code == 0, result.err
    plan = parse_plan(out.read_bytes())
    assert plan.meta.market.value == market
    assert plan.meta.name == "New plan"


def test_new_with_a_name(run: Any, tmp_path: Path) -> None:
    pytest.importorskip("planner.plan.scenarios")
    out = tmp_path / "named.json"
    args = ["new", "--template", "blank", "--market", "b2c", "--out", str(out)]
    assert run(*args, "--name", "Spring campaign").code == 0
    assert parse_plan(out.read_bytes()).meta.name == "Spring campaign"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--template", "blank"], "--market"),
        (["--template", "saas_smb", "--market", "b2b"], "--market"),
        (["--template", "no_such_template"], "saas_smb"),
        (["--template", "blank", "--market", "b2b", "--name", "  "], "meta.name"),
    ],
    ids=["blank_without_market", "market_with_scenario", "unknown_template", "empty_name"],
)
def test_new_refuses_bad_options(run: Any, tmp_path: Path, args: list[str], fragment: str) -> None:
    pytest.importorskip("planner.plan.scenarios")
    out = tmp_path / "new.json"
    result = run("new", *args, "--out", str(out))
    assert result.code == 2
    assert fragment in result.err
    assert "Traceback" not in result.err
    assert not out.exists()


def test_new_refuses_to_overwrite_an_existing_file(run: Any, tmp_path: Path) -> None:
    pytest.importorskip("planner.plan.scenarios")
    out = write(tmp_path, b"precious", "plan.json")
    args = ["new", "--template", "blank", "--market", "b2b", "--out", str(out)]
    result = run(*args)
    assert result.code == 2
    assert "already exists" in result.err
    assert "--force" in result.err
    assert out.read_bytes() == b"precious"
    assert run(*args, "--force").code == 0
    assert parse_plan(out.read_bytes()).meta.market.value == "b2b"


def test_new_refuses_a_bad_start_date(run: Any, tmp_path: Path) -> None:
    args = ["new", "--template", "blank", "--market", "b2b", "--out", str(tmp_path / "p.json")]
    result = run(*args, "--start", "2026-13-01")
    assert result.code == 2
    assert "2026-13-01" in result.err
    assert not (tmp_path / "p.json").exists()


# --- usage, language, database ---------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [[], ["frobnicate"], ["--lang", "de", "schema"], ["validate"], ["export", "abc"]],
    ids=["no_command", "unknown_command", "unknown_language", "no_file", "no_out"],
)
def test_usage_errors_exit_2(run: Any, argv: list[str]) -> None:
    result = run(*argv)
    assert result.code == 2
    assert "usage:" in result.err
    assert result.out == ""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_help_exits_0(run: Any, lang: str) -> None:
    result = run("--lang", lang, "--help")
    assert result.code == 0
    assert "validate" in result.out
    assert ("Code de sortie" if lang == "fr" else "Exit status") in result.out


@pytest.mark.parametrize(
    ("environment", "argv", "expected"),
    [
        ({}, [], "not found"),
        ({"LANG": "fr_FR.UTF-8"}, [], "introuvable"),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "C"}, [], "not found"),
        ({"LC_ALL": "fr_CA.UTF-8@euro", "LANG": "en_US.UTF-8"}, [], "introuvable"),
        ({"LANG": "de_DE.UTF-8"}, [], "not found"),
        ({"LANG": "fr_FR.UTF-8"}, ["--lang", "en"], "not found"),
        ({}, ["--lang=fr"], "introuvable"),
        ({}, ["--lang", "fr_FR"], "introuvable"),
    ],
)
def test_language_from_option_or_environment(
    run: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    environment: dict[str, str],
    argv: list[str],
    expected: str,
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    result = run(*argv, "validate", str(tmp_path / "missing.json"))
    assert result.code == 2
    assert expected in result.err


def test_lang_also_works_after_the_subcommand(run: Any, tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "missing.json"), "--lang", "fr")
    assert "introuvable" in result.err


def test_environment_language_defaults_to_english() -> None:
    assert environment_language({}) == "en"
    assert environment_language({"LANG": "C.UTF-8"}) == "en"
    assert environment_language({"LANG": "fr_BE.UTF-8"}) == "fr"


@pytest.mark.parametrize(
    ("url", "code", "fragment"),
    [
        ("not a url", 2, "Cannot use the database “not a url”"),
        ("nosuchdialect://host/db", 2, "Cannot use the database"),
        ("postgresql://user:secret@localhost/db", 2, "user:***@localhost"),
        ("sqlite:///{tmp_path}", 2, "Cannot use the database"),  # cannot be opened: bad input
        ("postgresql+psycopg://user:secret@127.0.0.1:1/db", 2, "port 1 failed: Connection refused"),
    ],
    ids=["not_a_url", "unknown_dialect", "password_hidden", "a_folder", "server_down"],
)
def test_database_problems_are_reported(
    run: Any, tmp_path: Path, url: str, code: int, fragment: str
) -> None:
    result = run("--database", url.format(tmp_path=tmp_path), "list")
    assert result.code == code
    assert fragment in result.err
    assert "secret" not in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("out", "lang", "message"),
    [
        (
            "{tmp_path}/no-such-folder/plan.json",
            "en",
            "plan.json cannot be written: the folder {tmp_path}/no-such-folder does not exist",
        ),
        (
            "{tmp_path}/file.txt/plan.json",
            "en",
            "plan.json cannot be written: the folder {tmp_path}/file.txt does not exist",
        ),
        (
            "{tmp_path}/no-such-folder/plan.json",
            "fr",
            "plan.json ne peut pas être écrit\u00a0: le dossier {tmp_path}/no-such-folder",
        ),
    ],
)
def test_an_out_file_that_cannot_be_written_is_said_so_not_not_found(
    run: Any, tmp_path: Path, out: str, lang: str, message: str
) -> None:
    (tmp_path / "file.txt").write_text("a file, not a folder", encoding="utf-8")
    path = out.format(tmp_path=tmp_path)

    result = run("--lang", lang, "new", "--template", "saas_smb", "--out", path)

    assert result.code == 2
    assert message.format(tmp_path=tmp_path) in result.err
    assert "not found" not in result.err and "introuvable" not in result.err


def test_the_default_database_comes_from_the_environment(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANNER_DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    assert run("import", str(write(tmp_path, GOOD))).code == 0
    assert (tmp_path / "env.db").exists()
    assert "Test plan" in run("list").out


@pytest.mark.parametrize(
    ("rows", "right", "expected"),
    [
        ([["a", "bb"], ["ccc", "d"]], (), ["a    bb", "ccc  d"]),
        ([["id", "n"], ["x", "10"]], (1,), ["id   n", "x   10"]),
        ([["漢字", "x"], ["abcd", "y"]], (), ["漢字  x", "abcd  y"]),
        ([["e\u0301", "x"], ["ab", "y"]], (), ["e\u0301   x", "ab  y"]),
        ([["tab\there", "x"]], (), ["tab\\x09here  x"]),
    ],
    ids=["left", "right", "wide", "combining", "control"],
)
def test_table_aligns_what_the_terminal_shows(
    rows: list[list[str]], right: tuple[int, ...], expected: list[str]
) -> None:
    assert table(rows, right=right) == expected


# --- locale files ----------------------------------------------------------------------------


def _flat(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            found |= _flat(value, f"{prefix}{key}.")
        else:
            found[f"{prefix}{key}"] = value
    return found


def _cli_strings(lang: str) -> dict[str, str]:
    with (LOCALES_DIR / lang / "cli.toml").open("rb") as handle:
        table = tomllib.load(handle)
    assert list(table) == ["cli"]
    return _flat(table)


def test_cli_strings_have_the_same_keys_and_placeholders_in_both_languages() -> None:
    english, french = _cli_strings("en"), _cli_strings("fr")
    assert english.keys() == french.keys()
    for key, text in english.items():
        placeholders = set(re.findall(r"\{(\w+)\}", text))
        assert placeholders == set(re.findall(r"\{(\w+)\}", french[key])), key


def test_french_cli_strings_use_french_typography() -> None:
    for key, text in _cli_strings("fr").items():
        assert not re.search(r" [:;?!»]|« ", text), key
        assert not re.search(r"\w[;?!»]", text), key
        assert "'" not in text, key


# --- a real process --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code"),
    [(GOOD, 0), (GOOD[:40], 2), (b"\xff\xfe\x00garbage", 2), (None, 2)],
    ids=["good", "truncated", "binary", "missing"],
)
def test_python_m_planner_validate_in_a_real_process(
    tmp_path: Path, content: bytes | None, code: int
) -> None:
    path = tmp_path / "plan.json"
    if content is not None:
        path.write_bytes(content)
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LANG")}
    completed = subprocess.run(
        [sys.executable, "-m", "planner", "validate", str(path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert completed.returncode == code
    assert "Traceback" not in completed.stderr
    assert (completed.stdout if code == 0 else completed.stderr).strip()


def test_a_closed_pipe_is_not_a_traceback() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "planner", "schema"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `python -m planner schema | head -c 0`
    stderr = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=120) == 1
    assert stderr == ""
