"""The one-page plan's download buttons, on the workspace and the Simulation page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner import storage
from planner.plan.scenarios import build_scenario
from tests.apptest import open_session
from ui.shell import PageContext
from ui.workspace.share import report_bytes

START = dt.date(2027, 1, 4)
SIMULATION = "pages/5_simulation.py"


def stored(engine: Engine, lang: str = "en") -> str:
    return storage.create_plan(engine, build_scenario("saas_smb", lang, START)).id


def downloads(at: AppTest) -> dict[str, object]:
    """The page's download buttons by the end of their key."""
    return {b.proto.id.rsplit("-", 1)[-1]: b for b in at.get("download_button")}


@pytest.mark.parametrize(
    ("page", "prefix"), [("app.py", "export_report"), (SIMULATION, "sim_report")]
)
def test_the_report_buttons_sit_beside_the_workbook_and_build_only_when_clicked(
    workspace: Engine, page: str, prefix: str
) -> None:
    plan_id = stored(workspace)
    at = open_session(page, plan=plan_id, lang="fr")
    assert not at.exception
    buttons = downloads(at)
    for kind, label in (("pdf", "Plan sur une page (PDF)"), ("html", "Plan sur une page (HTML)")):
        button = buttons[f"{prefix}_{kind}"]
        assert button.proto.label == label  # type: ignore[attr-defined]
        assert button.proto.deferred_file_id  # type: ignore[attr-defined]  # built on click


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_buttons_give_the_plans_report(workspace: Engine, lang: str) -> None:
    plan_id = stored(workspace, lang)
    page = PageContext(lang, workspace, storage.load_plan(workspace, plan_id))
    plan = build_scenario("saas_smb", lang, START)
    pdf = PdfReader(io.BytesIO(report_bytes(page, plan, "pdf")))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert plan.meta.name in text.replace("\n", " ")
    assert ("révision 1" if lang == "fr" else "revision 1") in text
    html = report_bytes(page, plan, "html").decode("utf-8")
    assert f'<html lang="{lang}">' in html and "<svg" in html
