"""The Scripts page says when a consumer may be called, on the consumer's clock."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner import storage
from planner.plan.model import Market
from planner.plan.scenarios import build_scenario
from tests.apptest import open_session, texts

SCRIPTS = "pages/4_scripts.py"
START = dt.date(2027, 1, 4)


def consumer_phone_plan(workspace: Engine, lang: str) -> str:
    """A demo plan with a phone script, aimed at consumers; its id."""
    plan = build_scenario("saas_smb", lang, START)
    b2c = plan.model_copy(update={"meta": plan.meta.model_copy(update={"market": Market.B2C})})
    return storage.create_plan(workspace, b2c).id


def at_moment(at: AppTest, day: dt.date, clock: dt.time) -> AppTest:
    at.date_input(key="callslot_day").set_value(day)
    at.time_input(key="callslot_time").set_value(clock)
    return at.run()


def test_a_saturday_call_is_refused_and_the_next_slot_is_monday_ten(workspace: Engine) -> None:
    at = open_session(SCRIPTS, plan=consumer_phone_plan(workspace, "fr"), lang="fr")
    at_moment(at, dt.date(2027, 3, 6), dt.time(11, 0))
    assert not at.exception
    assert any("est un samedi" in w.value for w in at.warning)
    assert any("lundi 8 mars 2027 à 10:00" in i.value for i in at.info)


def test_a_reunion_number_is_read_on_the_reunion_clock(workspace: Engine) -> None:
    at = open_session(SCRIPTS, plan=consumer_phone_plan(workspace, "en"), lang="en")
    at.text_input(key="callslot_number").input("0692 12 34 56").run()
    at_moment(at, dt.date(2027, 1, 13), dt.time(8, 30))  # 11:30 in La Réunion
    assert "Number from: Réunion." in texts(at.caption)
    assert any("Wednesday, January 13, 2027 at 11:30" in s.value for s in at.success)


def test_a_number_that_is_not_one_is_named(workspace: Engine) -> None:
    at = open_session(SCRIPTS, plan=consumer_phone_plan(workspace, "fr"), lang="fr")
    at.text_input(key="callslot_number").input("06 12").run()
    assert any("« 06 12 » n’est pas un numéro" in e.value for e in at.error)
    assert not at.exception


def test_a_b2b_plan_is_told_the_hours_protect_consumers(workspace: Engine) -> None:
    plan_id = storage.create_plan(workspace, build_scenario("saas_smb", "en", START)).id
    at = open_session(SCRIPTS, plan=plan_id, lang="en")
    assert any("they do not apply in B2B" in c for c in texts(at.caption))
