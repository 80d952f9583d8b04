"""The Compliance step as a user reads it, in French and English."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine

from planner import storage
from planner.plan.model import Market
from planner.plan.scenarios import build_scenario
from tests.apptest import open_session, texts

COMPLIANCE = "pages/7_compliance.py"


def stored(engine: Engine, lang: str, start: dt.date, market: Market = Market.B2B) -> str:
    plan = build_scenario("saas_smb", lang, start)
    meta = plan.meta.model_copy(update={"market": market})
    return storage.create_plan(engine, plan.model_copy(update={"meta": meta})).id


@pytest.mark.parametrize(("lang", "title"), [("fr", "Conformité"), ("en", "Compliance")])
def test_the_step_opens_in_both_languages(workspace: Engine, lang: str, title: str) -> None:
    at = open_session(COMPLIANCE, plan=stored(workspace, lang, dt.date(2027, 1, 4)), lang=lang)
    assert not at.exception and not at.error
    assert at.title[0].value == title


def test_a_consumer_plan_across_august_2026_shows_both_phone_regimes_on_their_weeks(
    workspace: Engine,
) -> None:
    plan_id = stored(workspace, "fr", dt.date(2026, 6, 1), Market.B2C)
    at = open_session(COMPLIANCE, plan=plan_id, lang="fr")
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Quand" in d.value.columns)
    phone = (
        table[table["Canal"] == "Cold calling"] if "Cold calling" in set(table["Canal"]) else table
    )
    when = dict(zip(phone["Règle"], phone["Quand"], strict=False))
    assert when["PH-01"].startswith("semaines 1 à 11")
    assert when["PH-02"].startswith("semaines 11 à")
    assert any("aucune base de consentement notée" in w.value for w in at.warning)
    assert any("manquante" in w.value and "voir l’étape Scripts" in w.value for w in at.warning)


def test_the_rules_table_follows_the_chosen_date(workspace: Engine) -> None:
    plan_id = stored(workspace, "en", dt.date(2027, 1, 4), Market.B2C)
    at = open_session(COMPLIANCE, plan=plan_id, lang="en")
    at.date_input(key="compliance_as_of").set_value(dt.date(2026, 8, 10)).run()
    before = next(d.value for d in at.dataframe if "In force since" in d.value.columns)
    assert "PH-01" in set(before["Rule"]) and "PH-02" not in set(before["Rule"])
    at.date_input(key="compliance_as_of").set_value(dt.date(2026, 8, 11)).run()
    after = next(d.value for d in at.dataframe if "In force since" in d.value.columns)
    assert "PH-02" in set(after["Rule"]) and "PH-01" not in set(after["Rule"])
    assert "Rules as of Aug 11, 2026" in " ".join(texts(at.caption))


def test_too_many_consumer_calls_for_the_lawful_slots_are_flagged(workspace: Engine) -> None:
    plan = build_scenario("saas_smb", "en", dt.date(2027, 1, 4))
    phone = plan.channels[0].model_copy(update={"activities_per_week": 3000})
    meta = plan.meta.model_copy(update={"market": Market.B2C})
    heavy = plan.model_copy(update={"meta": meta, "channels": [phone, *plan.channels[1:]]})
    at = open_session(COMPLIANCE, plan=storage.create_plan(workspace, heavy).id, lang="en")
    assert any("need more hours than the allowed slots" in w.value for w in at.warning)


def test_the_notice_draft_follows_the_chosen_source(workspace: Engine) -> None:
    at = open_session(COMPLIANCE, plan=stored(workspace, "en", dt.date(2027, 1, 4)), lang="en")
    assert "LinkedIn" in at.code[0].value
    at.selectbox(key="notice_source").select("purchased").run()
    assert "a prospect list bought from" in at.code[0].value
