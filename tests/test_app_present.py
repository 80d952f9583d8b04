"""The presenter view as a trainer drives it: one slide per screen with the method beside it and
the plan as the example, next and previous by button (the arrows of the keyboard), in both
languages."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner import storage
from planner.plan.scenarios import build_scenario
from tests.apptest import open_session, texts
from ui.workshop.presenter import SLIDES

PRESENT = "pages/9_present.py"


def _present(workspace: Engine, lang: str, scenario: str = "saas_smb", **query: str) -> AppTest:
    plan = build_scenario(scenario, lang, dt.date(2027, 1, 4))
    plan_id = storage.create_plan(workspace, plan).id
    return open_session(PRESENT, lang=lang, plan=plan_id, **query)


def test_the_first_slide_shows_the_plans_segments_and_the_bant_method(workspace: Engine) -> None:
    at = _present(workspace, "fr")
    assert not at.exception
    assert at.title[0].value == "Qui prospecter, et qu’est-ce qu’un lead qualifié"
    assert any("**BANT**" in m.value for m in at.markdown)
    assert at.dataframe, "the segments of the plan"
    assert at.button(key="slide_previous").disabled
    assert "Diapositive 1 sur 8" in " ".join(texts(at.caption))


def test_next_and_previous_walk_every_slide_in_order(workspace: Engine) -> None:
    at = _present(workspace, "en")
    titles = [at.title[0].value]
    for _ in SLIDES[1:]:
        at.button(key="slide_next").click().run()
        assert not at.exception
        titles.append(at.title[0].value)
    assert titles[-1] == "Testing what works: A/B"
    assert len(set(titles)) == len(SLIDES)
    assert at.button(key="slide_next").disabled
    assert at.query_params["slide"] == str(len(SLIDES))
    at.button(key="slide_previous").click().run()
    assert at.title[0].value == titles[-2]


def test_the_simulation_slide_gives_the_plans_p10_p50_p90_and_its_chance(
    workspace: Engine,
) -> None:
    number = [s for s, _ in SLIDES].index("simulation") + 1
    at = _present(workspace, "fr", slide=str(number))
    assert [m.label for m in at.metric] == [
        "Chiffre d’affaires, bas (P10)",
        "Chiffre d’affaires, médian (P50)",
        "Chiffre d’affaires, haut (P90)",
    ]
    assert all(m.value.endswith("€") for m in at.metric)
    assert any("Chance d’atteindre" in m.value for m in at.markdown)


@pytest.mark.parametrize("slide", ["0", "99", "deux"])
def test_a_slide_number_out_of_range_in_the_address_shows_the_nearest(
    workspace: Engine, slide: str
) -> None:
    at = _present(workspace, "en", slide=slide)
    assert not at.exception
    assert at.title[0].value in {
        "Whom we prospect, and who is a qualified lead",
        "Testing what works: A/B",
    }


def test_every_slide_runs_on_every_demo_plan(workspace: Engine) -> None:
    for scenario in ("consulting_enterprise", "retail_b2c"):
        for number in range(1, len(SLIDES) + 1):
            at = _present(workspace, "fr", scenario, slide=str(number))
            assert not at.exception, (scenario, number)


def test_the_pareto_slide_marks_the_few_channels_that_bring_most(workspace: Engine) -> None:
    number = [s for s, _ in SLIDES].index("focus") + 1
    at = _present(workspace, "en", slide=str(number))
    assert not at.exception
    channels = at.dataframe[0].value.iloc[:, 0].tolist()
    assert channels[0].startswith("● ")  # the first channel always belongs to the vital few
    assert any("80 % of the expected revenue" in c for c in texts(at.caption))
