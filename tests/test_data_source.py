"""Each import records where its people's data came from, and the art. 14 reminder follows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from planner import storage
from planner.cli import main
from planner.plan.scenarios import build_scenario
from tests.apptest import open_session
from tests.test_app_tracking import GOOD, open_tracking, with_events

START = dt.date(2027, 1, 4)


def test_the_source_chosen_on_the_page_is_kept_with_the_batch(workspace: Engine) -> None:
    plan_id = storage.create_plan(workspace, build_scenario("saas_smb", "en", START)).id
    at = open_tracking(plan_id, "en")
    at.file_uploader(key="trk_file").set_value(("log.csv", GOOD.encode(), "text/csv")).run()
    at.selectbox(key="trk_data_source").select("purchased").run()
    assert any("did not come from the people themselves" in i.value for i in at.info)
    at.button(key="trk_import").click().run()
    (batch,) = storage.list_batches(workspace, plan_id)
    assert batch.data_source == "purchased"
    assert any("Source of the data: A bought list" in c.value for c in at.caption)
    compliance = open_session("pages/7_compliance.py", plan=plan_id, lang="en")
    assert "a prospect list bought from" in compliance.code[0].value


def test_an_import_without_a_source_says_none(workspace: Engine) -> None:
    plan_id = storage.create_plan(workspace, build_scenario("saas_smb", "en", START)).id
    with_events(workspace, plan_id)
    assert storage.list_batches(workspace, plan_id)[0].data_source == ""


def test_the_command_line_records_the_source_and_reminds_art_14(
    workspace: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_id = storage.create_plan(workspace, build_scenario("saas_smb", "fr", START)).id
    path = tmp_path / "log.csv"
    path.write_text(GOOD, encoding="utf-8")
    url = workspace.url.render_as_string(hide_password=False)
    argv = ["import", str(path), "--plan", plan_id, "--database", url, "--lang", "fr"]
    assert main([*argv, "--data-source", "public_web"]) == 0
    assert "RGPD, art. 14" in capsys.readouterr().out
    assert storage.list_batches(workspace, plan_id)[0].data_source == "public_web"


def test_an_unknown_source_is_refused(
    workspace: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "log.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["import", str(path), "--plan", "x", "--data-source", "scraped"]) == 2
    assert "scraped" in capsys.readouterr().err
