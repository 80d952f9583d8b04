"""The plan's compliance where it is edited, as a user reads it: a banned offer for consumers on
the Channels and Scripts steps, each cadence step's rules, the offer category chosen on the
Target step, and consumer calls capped at the lawful hours on the Simulation step."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine

from planner import storage
from planner.plan.model import Market, OfferCategory, Plan
from planner.plan.scenarios import build_scenario
from tests.apptest import open_session
from tests.apptest import texts as shown_texts
from tests.test_app_simulation import open_simulation

START = dt.date(2027, 1, 4)
CHANNELS, SCRIPTS, TARGET = "pages/3_channels.py", "pages/4_scripts.py", "pages/1_target.py"


def consumer_plan(
    lang: str, category: OfferCategory | None = None, calls: float | None = None
) -> Plan:
    plan = build_scenario("saas_smb", lang, START)
    meta = plan.meta.model_copy(update={"market": Market.B2C})
    offer = plan.offer.model_copy(update={"category": category})
    channels = list(plan.channels)
    if calls is not None:
        channels[0] = channels[0].model_copy(update={"activities_per_week": calls})
    return plan.model_copy(update={"meta": meta, "offer": offer, "channels": channels})


def texts(elements: object) -> list[str]:
    """What the user reads: Markdown escapes and narrow spaces taken out."""
    return [
        t.replace("\\", "").replace("\u202f", " ").replace("\xa0", " ")
        for t in shown_texts(elements)  # type: ignore[arg-type]
    ]


def save(engine: Engine, plan: Plan) -> str:
    return storage.create_plan(engine, plan).id


def test_a_banned_offer_for_consumers_is_an_error_on_the_channels_step_in_french(
    workspace: Engine,
) -> None:
    plan_id = save(workspace, consumer_plan("fr", OfferCategory.ENERGY_RENOVATION))
    at = open_session(CHANNELS, plan=plan_id, lang="fr")
    assert not at.exception
    errors = texts(at.error)
    assert any(
        e.startswith("Prospection téléphonique : démarcher les consommateurs pour une offre")
        and "« Rénovation énergétique » est interdit" in e
        and "L.223-1" in e
        for e in errors
    )
    # Each cadence step: its rules on its days, and the same error on the steps it concerns.
    captions = " ".join(texts(at.caption))
    assert "Règles du 7 janv. 2027 au 2 janv. 2028 : CPF-01, GD-01, GD-03, PH-02, PH-03" in captions
    assert len([e for e in errors if "PH-05" in e]) == 3 + 6  # the 3 channels, the 6 steps


def test_the_same_offer_to_businesses_is_no_error(workspace: Engine) -> None:
    plan = consumer_plan("en", OfferCategory.ENERGY_RENOVATION)
    b2b = plan.model_copy(update={"meta": plan.meta.model_copy(update={"market": Market.B2B})})
    at = open_session(CHANNELS, plan=save(workspace, b2b), lang="en")
    assert not at.exception and not at.error


def test_a_consumer_plan_without_an_offer_category_is_reminded_to_say_it(workspace: Engine) -> None:
    at = open_session(CHANNELS, plan=save(workspace, consumer_plan("en")), lang="en")
    assert any("the offer’s category is not set" in i for i in texts(at.info))


def test_the_scripts_step_shows_the_error_of_its_channel(workspace: Engine) -> None:
    plan_id = save(workspace, consumer_plan("en", OfferCategory.CPF_TRAINING))
    at = open_session(SCRIPTS, plan=plan_id, lang="en")
    assert not at.exception
    assert any("CPF-01" in e and "L.6323-8-1" in e for e in texts(at.error))


def test_the_offer_category_is_chosen_on_the_target_step(workspace: Engine) -> None:
    plan_id = save(workspace, consumer_plan("en"))
    at = open_session(TARGET, plan=plan_id, lang="en")
    at.selectbox(key="offer_category").select("home_adaptation").run()
    assert not at.exception
    assert storage.load_plan(workspace, plan_id).plan.offer.category is (
        OfferCategory.HOME_ADAPTATION
    )


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Capped by the lawful call hours: Cold calling at 1,800 calls in week"),
        ("fr", "Plafonné par les heures d’appel autorisées : Prospection téléphonique à 1 800"),
    ],
)
def test_the_simulation_says_where_consumer_calls_are_capped(
    workspace: Engine, lang: str, said: str
) -> None:
    plan_id = save(workspace, consumer_plan(lang, calls=3000))  # 150 h a week for 90 h of slots
    at = open_simulation(plan_id, lang)
    assert not at.exception
    assert any(said in w for w in texts(at.warning))


def test_a_b2b_simulation_is_not_capped(workspace: Engine) -> None:
    plan = build_scenario("saas_smb", "en", START)
    phone = plan.channels[0].model_copy(update={"activities_per_week": 3000})
    heavy = plan.model_copy(update={"channels": [phone, *plan.channels[1:]]})
    at = open_simulation(save(workspace, heavy), "en")
    assert not at.exception
    assert not any("lawful call hours" in w for w in texts(at.warning))
