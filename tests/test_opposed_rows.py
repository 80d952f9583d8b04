"""Imports leave out the people on the opposition list, on the page and from the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from planner import storage
from planner.cli import main
from planner.compliance.opposition import contacts_of
from planner.plan.scenarios import build_scenario
from planner.storage.opposition import add_opposition
from planner.tracking.importing import channel_aliases, map_events
from planner.tracking.opposed_rows import without_opposed
from planner.tracking.reading import read_table
from tests.test_app_tracking import open_tracking

START = dt.date(2027, 1, 4)
LOG = (
    "date;prospect;channel;event;amount\n"
    "05/01/2027;jean@exemple.fr;phone;activity;\n"
    "06/01/2027;JEAN@EXEMPLE.FR;phone;won;1 000\n"
    "06/01/2027;claire@exemple.fr;phone;activity;\n"
    "07/01/2027;06 12 34 56 78;phone;activity;\n"
)


def opposed_list(engine: Engine) -> None:
    keys, _ = contacts_of(["jean@exemple.fr", "+33 6 12 34 56 78"])
    add_opposition(engine, keys, "opt_out", "typed", START)


def test_the_rows_of_opposed_people_are_left_out_and_counted(workspace: Engine) -> None:
    opposed_list(workspace)
    plan = build_scenario("saas_smb", "fr", START)
    result = map_events(read_table(LOG.encode(), "log.csv"), None, channel_aliases(plan))
    kept = without_opposed(result, storage.opposition.opposition_digests(workspace))
    assert (kept.valid_rows, kept.opposed) == (1, 3)
    assert list(kept.events["prospect"]) == ["claire@exemple.fr"]
    assert kept.opposed_note("fr") == (
        "3 lignes laissées de côté : elles nomment des personnes de la liste d’opposition."
    )


def test_an_empty_list_changes_nothing(workspace: Engine) -> None:
    plan = build_scenario("saas_smb", "fr", START)
    result = map_events(read_table(LOG.encode(), "log.csv"), None, channel_aliases(plan))
    assert without_opposed(result, frozenset()) is result


def test_the_page_says_how_many_rows_it_leaves_out(workspace: Engine) -> None:
    opposed_list(workspace)
    plan_id = storage.create_plan(workspace, build_scenario("saas_smb", "en", START)).id
    at = open_tracking(plan_id, "en")
    at.file_uploader(key="trk_file").set_value(("log.csv", LOG.encode(), "text/csv")).run()
    assert any(
        "3 rows left out: they name people on the opposition list" in i.value for i in at.info
    )


def test_the_command_line_imports_without_them(
    workspace: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    opposed_list(workspace)
    plan_id = storage.create_plan(workspace, build_scenario("saas_smb", "en", START)).id
    path = tmp_path / "log.csv"
    path.write_text(LOG, encoding="utf-8")
    url = workspace.url.render_as_string(hide_password=False)
    assert main(["import", str(path), "--plan", plan_id, "--database", url, "--lang", "en"]) == 0
    assert "3 rows left out" in capsys.readouterr().out
    assert list(storage.load_events(workspace, plan_id)["prospect"]) == ["claire@exemple.fr"]
