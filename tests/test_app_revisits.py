"""Going back to a page already visited shows the saved plan and saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine

from planner import storage
from planner.plan.model import Market, Plan
from planner.plan.scenarios import SCENARIO_IDS, blank_plan, build_scenario
from tests.apptest import open_session
from ui.fields import number_text

START = dt.date(2027, 1, 4)
PAGES = (
    "app.py",
    "pages/1_target.py",
    "pages/2_objectives.py",
    "pages/3_channels.py",
    "pages/4_scripts.py",
    "pages/5_simulation.py",
    "pages/6_tracking.py",
)
PLANS = [*SCENARIO_IDS, "blank_b2b", "blank_b2c"]


def _plan(name: str) -> Plan:
    if name.startswith("blank_"):
        return blank_plan("Blank", Market(name.removeprefix("blank_")), "fr", START)
    return build_scenario(name, "fr", START)


@pytest.mark.parametrize("name", PLANS)
def test_walking_every_page_back_and_forth_writes_no_revision(workspace: Engine, name: str) -> None:
    plan_id = storage.create_plan(workspace, _plan(name)).id
    at = open_session(PAGES[0], plan=plan_id, lang="fr")
    for page in [*PAGES[1:], *reversed(PAGES[:-1]), *PAGES[1:]]:
        at.switch_page(page).run()
        assert not at.exception, page
        assert storage.current_revision(workspace, plan_id) == 1, f"{page} saved without an edit"


def test_the_bant_bar_shows_the_saved_value_after_a_visit_elsewhere(workspace: Engine) -> None:
    plan = build_scenario("saas_smb", "fr", START)
    plan_id = storage.create_plan(workspace, plan).id
    at = open_session("pages/1_target.py", plan=plan_id, lang="fr")
    at.switch_page("pages/2_objectives.py").run()
    at.switch_page("pages/1_target.py").run()
    assert at.slider(key="bant_qualified_score").value == plan.bant.qualified_score


def test_the_team_shows_the_saved_capacity_after_a_visit_elsewhere(workspace: Engine) -> None:
    plan = build_scenario("consulting_enterprise", "fr", START)
    plan_id = storage.create_plan(workspace, plan).id
    at = open_session("pages/2_objectives.py", plan=plan_id, lang="fr")
    at.switch_page("pages/3_channels.py").run()
    at.switch_page("pages/2_objectives.py").run()
    assert at.text_input(key="team_reps").value == str(plan.team.reps)
    assert at.text_input(key="team_hours_per_rep_per_week").value == number_text(
        plan.team.hours_per_rep_per_week, "fr", whole=False
    )
    assert at.multiselect(key="team_days").value  # working days still ticked
    assert storage.current_revision(workspace, plan_id) == 1


def test_a_value_typed_while_another_field_is_saved_is_not_replaced(workspace: Engine) -> None:
    plan_id = storage.create_plan(workspace, build_scenario("saas_smb", "fr", START)).id
    at = open_session("pages/1_target.py", plan=plan_id, lang="fr")
    # Two edits reach the server in one run: the market is saved first and the page reruns on
    # the new revision; the threshold typed meanwhile must survive that rerun and be saved.
    at.radio(key="market").set_value("b2c")
    at.slider(key="bant_qualified_score").set_value(80.0)
    at.run()
    saved = storage.load_plan(workspace, plan_id).plan
    assert saved.meta.market.value == "b2c"
    assert saved.bant.qualified_score == 80.0
    assert at.slider(key="bant_qualified_score").value == 80.0
