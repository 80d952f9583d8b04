"""Every step of an open plan offers the plan to take away, from the sidebar."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine

from planner import storage
from planner.plan.scenarios import build_scenario
from tests.apptest import open_session

STEPS = ["pages/1_target.py", "pages/3_channels.py", "pages/6_tracking.py", "pages/7_compliance.py"]


@pytest.mark.parametrize("step", STEPS)
def test_the_sidebar_shares_the_plan_on_every_step(workspace: Engine, step: str) -> None:
    plan_id = storage.create_plan(
        workspace, build_scenario("saas_smb", "fr", dt.date(2027, 1, 4))
    ).id
    at = open_session(step, plan=plan_id, lang="fr")
    assert not at.exception
    labels = {b.proto.label for b in at.sidebar.get("download_button")}
    wanted = {"Télécharger le plan (Excel)", "Plan sur une page (PDF)", "Plan sur une page (HTML)"}
    assert wanted <= labels


def test_without_a_plan_there_is_nothing_to_share(workspace: Engine) -> None:
    at = open_session("app.py", lang="en")
    assert list(at.sidebar.get("download_button")) == []
