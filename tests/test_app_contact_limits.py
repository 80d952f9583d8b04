"""The Tracking page lists the consumers not to call again and the calls over the limits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine

from planner import storage
from planner.plan.model import Market
from planner.plan.scenarios import build_scenario
from tests.test_app_tracking import HEADER, START, metric, open_tracking, with_events


def consumer_plan(engine: Engine, lang: str) -> str:
    plan = build_scenario("saas_smb", lang, START)
    b2c = plan.model_copy(update={"meta": plan.meta.model_copy(update={"market": Market.B2C})})
    return storage.create_plan(engine, b2c).id


def _day(days_ago: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days_ago)).strftime("%d/%m/%Y")


def test_five_calls_in_a_month_and_a_call_after_a_no_are_listed(workspace: Engine) -> None:
    plan_id = consumer_plan(workspace, "fr")
    martin = "".join(f"{_day(d)};Martin;phone;activity;;;;\n" for d in (20, 15, 10, 5, 1))
    dupont = f"{_day(12)};Dupont;phone;lost;;;;\n{_day(2)};Dupont;phone;activity;;;;\n"
    with_events(workspace, plan_id, HEADER + martin + dupont)
    at = open_tracking(plan_id, "fr")
    assert not at.exception
    assert metric(at, "Consommateurs à ne pas rappeler aujourd’hui") == "2"
    assert metric(at, "Appels au-delà des limites dans le journal") == "2"
    locks = next(d.value for d in at.dataframe if "Bloqué jusqu’au" in d.value.columns)
    assert set(locks["Prospect"]) == {"Martin", "Dupont"}
    over = next(d.value for d in at.dataframe if "Jour de l’appel" in d.value.columns)
    reasons = dict(zip(over["Prospect"], over["Motif"], strict=True))
    assert reasons["Martin"] == "5 tentatives en 30 jours"
    assert reasons["Dupont"].startswith("rappelé 10 jours après un refus")


def test_a_b2b_plan_says_the_limits_protect_consumers(workspace: Engine) -> None:
    plan_id = storage.create_plan(workspace, build_scenario("saas_smb", "en", START)).id
    with_events(workspace, plan_id)
    at = open_tracking(plan_id, "en")
    assert any("this plan does not call consumers" in c.value for c in at.caption)
