"""The Channels page gives the cadence as a calendar download."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner import storage
from planner.plan.model import Plan
from planner.plan.scenarios import build_scenario
from tests.apptest import open_session
from tests.factories import make_plan_data

CHANNELS = "pages/3_channels.py"
START = dt.date(2027, 1, 4)


def _downloads(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_the_cadence_downloads_as_a_calendar_in_french(workspace: Engine) -> None:
    plan_id = storage.create_plan(workspace, build_scenario("saas_smb", "fr", START)).id
    at = open_session(CHANNELS, plan=plan_id, lang="fr")
    assert "Télécharger la cadence (.ics)" in _downloads(at)
    at.text_input(key="cadence_prospect").input("Boulangerie Martin").run()
    assert not at.exception and not at.error
    (button,) = [b for b in at.get("download_button") if b.proto.label.endswith("(.ics)")]
    assert button.proto.url.endswith(".ics")


def test_a_team_without_working_days_is_told_instead_of_a_calendar(workspace: Engine) -> None:
    plan = build_scenario("saas_smb", "en", START)
    idle = plan.model_copy(
        update={"team": plan.team.model_copy(update={"working_days": "0000000"})}
    )
    plan_id = storage.create_plan(workspace, idle).id
    at = open_session(CHANNELS, plan=plan_id, lang="en")
    assert "Download the cadence (.ics)" not in _downloads(at)
    assert any("the team has no working day in the week" in e.value for e in at.error)


def test_no_calendar_is_offered_for_a_prospect_on_the_opposition_list(workspace: Engine) -> None:
    from planner.compliance.opposition import contact_key
    from planner.storage.opposition import add_opposition

    key = contact_key("claire@lemaire.fr")
    assert key is not None
    add_opposition(workspace, [key], "opposed", "card", START)
    plan_id = storage.create_plan(workspace, build_scenario("saas_smb", "fr", START)).id
    at = open_session(CHANNELS, plan=plan_id, lang="fr")
    at.text_input(key="cadence_prospect").input("Claire@Lemaire.fr").run()

    assert "Télécharger la cadence (.ics)" not in _downloads(at)
    assert any("figure sur la liste d’opposition" in e.value for e in at.error)


def test_calls_to_consumers_ask_for_the_prospects_territory(workspace: Engine) -> None:
    data = make_plan_data()
    data["meta"]["market"] = "b2c"
    data["cadence"] = [{"id": "call", "day_offset": 0, "channel_id": "phone"}]
    plan_id = storage.create_plan(workspace, Plan.model_validate(data)).id
    at = open_session(CHANNELS, plan=plan_id, lang="fr")
    where = at.selectbox(key="cadence_territory")
    assert where.label == "Territoire du prospect"
    where.select("RE").run()
    assert not at.exception and not at.error
    assert any(b.proto.label.endswith("(.ics)") for b in at.get("download_button"))


def test_a_business_plan_asks_for_no_territory(workspace: Engine) -> None:
    plan_id = storage.create_plan(workspace, build_scenario("saas_smb", "fr", START)).id
    at = open_session(CHANNELS, plan=plan_id, lang="fr")
    assert "cadence_territory" not in [s.key for s in at.selectbox]
