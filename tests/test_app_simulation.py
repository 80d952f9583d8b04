"""The Simulation page as a user drives it, through AppTest, and its pure helpers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import streamlit as st
from sqlalchemy.engine import Engine
from streamlit.runtime.caching import get_data_cache_stats_provider
from streamlit.testing.v1 import AppTest

from planner import storage
from planner.plan.model import Market, Plan
from planner.plan.scenarios import blank_plan, build_scenario
from planner.simulation.what_if import WhatIf, what_if_plan
from tests.apptest import ROOT, open_session, shown, shown_cells, texts
from ui.simulation import result_charts

START = dt.date(2027, 1, 4)
SIMULATION, OBJECTIVES = "pages/5_simulation.py", "pages/2_objectives.py"
FEW_TRIALS = 2_000  # the page's smallest choice: quick, and plenty to see a direction


def stored(engine: Engine, scenario: str = "saas_smb", lang: str = "en") -> str:
    """A demo plan saved in the workspace; its id."""
    return storage.create_plan(engine, build_scenario(scenario, lang, START)).id


def open_simulation(plan_id: str, lang: str = "en", trials: int = FEW_TRIALS) -> AppTest:
    """A new tab on the Simulation page of a plan, with the trials setting already chosen."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"plan": plan_id, "lang": lang})
    at.session_state["sim_trials"] = trials
    at.run()
    at.switch_page(SIMULATION)
    at.query_params.update({"plan": plan_id, "lang": lang})
    return at.run()


def open_panel(at: AppTest, name: str) -> AppTest:
    """Open one of the folded panels (required, tornado, scenarios), as a click on it does."""
    at.session_state[f"sim_open_{name}"] = True
    return at.run()


def computed() -> set[str]:
    """The cached computations that hold at least one result in this process."""
    stats = get_data_cache_stats_provider().get_stats().values()
    return {s.cache_name.rsplit(".", 1)[-1] for family in stats for s in family}


def metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def amount(text: str) -> float:
    """The number in a figure such as '€109,408', '×1.24' or '1 234,5 €'."""
    digits = re.sub(r"[^\d.,]", "", text).replace(",", "")
    return float(digits)


def chances(at: AppTest) -> dict[str, float | None]:
    frame = at.dataframe[0].value
    return {
        row["objective"]: None
        if row["probability"] != row["probability"]
        else row["probability"] / 100  # shown as a whole percentage
        for row in frame.to_dict("records")
    }


def latest(engine: Engine, plan_id: str) -> Plan:
    return storage.load_plan(engine, plan_id).plan


def test_without_a_plan_the_page_points_to_the_workspace(workspace: Engine) -> None:
    at = open_session(SIMULATION, lang="en")
    assert not at.exception
    assert "Open or create a plan first" in at.info[0].value


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_demo_plan_opens_in_both_languages(workspace: Engine, lang: str) -> None:
    at = open_simulation(stored(workspace, "saas_smb", lang), lang)
    assert not at.exception
    assert not at.error
    assert at.title[0].value == "Simulation"
    assert len(at.metric) >= 3
    assert at.get("vega_lite_chart")


@pytest.mark.parametrize("scenario", ["consulting_enterprise", "retail_b2c"])
def test_every_demo_plan_simulates(workspace: Engine, scenario: str) -> None:
    at = open_simulation(stored(workspace, scenario))
    assert not at.exception
    assert not at.error


PANELS = {
    "en": ["Activity needed", "Which rates matter most", "Scenarios side by side"],
    "fr": ["Activité nécessaire", "Les taux qui comptent le plus", "Scénarios côte à côte"],
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_headline_shows_without_computing_the_heavy_panels(
    workspace: Engine, lang: str
) -> None:
    st.cache_data.clear()
    at = open_simulation(stored(workspace, "saas_smb", lang), lang)
    assert not at.exception
    assert len(at.metric) == 3  # revenue, meetings, deals
    assert at.get("vega_lite_chart")  # the fan chart among them
    assert [e.label for e in at.expander][-3:] == PANELS[lang]
    assert "sim_required_objective" not in at.session_state
    assert "sim_tornado_measure" not in at.session_state
    assert "sim_scenario_name" not in at.session_state
    assert "simulated" in computed()
    assert not {"required", "tornado"} & computed()


@pytest.mark.parametrize(
    ("lang", "label"), [("fr", "Multiplicateur d’activité"), ("en", "Activity multiplier")]
)
def test_opening_the_activity_needed_computes_it(workspace: Engine, lang: str, label: str) -> None:
    st.cache_data.clear()
    at = open_panel(open_simulation(stored(workspace, "saas_smb", lang), lang), "required")
    assert not at.exception
    assert amount(metric(at, label)) >= 1.0
    assert "required" in computed()
    assert "tornado" not in computed()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_opening_the_rates_that_matter_draws_the_tornado(workspace: Engine, lang: str) -> None:
    st.cache_data.clear()
    at = open_simulation(stored(workspace, "saas_smb", lang), lang)
    charts = len(at.get("vega_lite_chart"))
    at = open_panel(at, "tornado")
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == charts + 1
    assert at.selectbox(key="sim_tornado_measure").value == ""
    assert "tornado" in computed()
    assert "required" not in computed()


def test_an_open_panel_closes_and_is_no_longer_drawn(workspace: Engine) -> None:
    at = open_panel(open_simulation(stored(workspace)), "required")
    assert "Activity multiplier" in [m.label for m in at.metric]
    at.session_state["sim_open_required"] = False
    at.run()
    assert "Activity multiplier" not in [m.label for m in at.metric]
    assert len(at.metric) == 3


def test_the_page_first_runs_ten_thousand_trials(workspace: Engine) -> None:
    at = open_session(SIMULATION, plan=stored(workspace), lang="en")
    assert at.select_slider(key="sim_trials").value == 10_000
    assert any(text.startswith("10,000 trials") for text in texts(at.caption))


def test_each_objective_has_a_probability_between_0_and_1(workspace: Engine) -> None:
    at = open_simulation(stored(workspace))
    found = chances(at)
    assert len(found) == 5
    assert all(p is not None and 0.0 <= p <= 1.0 for p in found.values())
    statuses = at.dataframe[0].value["status"]
    assert set(statuses) == {"Simulated as stated."}


def test_more_activity_raises_the_median_revenue(workspace: Engine) -> None:
    at = open_simulation(stored(workspace))
    before = amount(metric(at, "Revenue (median)"))
    at.slider(key="sim_volume_phone").set_value(200).run()
    after = amount(metric(at, "Revenue (median)"))
    assert after > before
    assert "What-if results: not saved in the plan." in texts(at.caption)
    delta = next(m for m in at.metric if m.label == "Revenue (median)").delta
    assert delta.startswith("+")


@pytest.mark.parametrize(("lang", "shape"), [("fr", "%d\u00a0%%"), ("en", "%d%%")])
def test_the_what_if_sliders_read_as_a_share_of_the_plan(
    workspace: Engine, lang: str, shape: str
) -> None:
    at = open_simulation(stored(workspace, lang=lang), lang)
    slider = at.slider(key="sim_volume_phone")
    assert slider.value == 100
    assert slider.proto.format == shape
    assert slider.label.endswith("(% du plan)" if lang == "fr" else "(% of plan)")


def test_better_conversion_raises_the_median_revenue(workspace: Engine) -> None:
    at = open_simulation(stored(workspace))
    before = amount(metric(at, "Revenue (median)"))
    at.slider(key="sim_conversion").set_value(120).run()
    assert amount(metric(at, "Revenue (median)")) > before


def test_required_activity_for_an_objective_below_80_percent_asks_for_more(
    workspace: Engine,
) -> None:
    at = open_panel(open_simulation(stored(workspace)), "required")
    assert at.selectbox(key="sim_required_objective").value == "revenue"
    revenue = next(p for name, p in chances(at).items() if name.startswith("Sign €70,000"))
    assert revenue is not None and revenue < 0.8
    multiplier = amount(metric(at, "Activity multiplier"))
    assert multiplier >= 1.0
    at.slider(key="sim_confidence").set_value(95).run()
    assert amount(metric(at, "Activity multiplier")) > multiplier
    assert "Reps to add" in [m.label for m in at.metric]


def test_a_rate_objective_explains_that_volume_does_not_help(workspace: Engine) -> None:
    at = open_panel(open_simulation(stored(workspace)), "required")
    at.selectbox(key="sim_required_objective").select("win_rate").run()
    assert "is a rate" in shown(at.warning[0])


def test_keep_a_what_if_as_a_scenario_and_compare(workspace: Engine) -> None:
    at = open_panel(open_simulation(stored(workspace)), "scenarios")
    at.slider(key="sim_volume_email").set_value(200).run()
    at.text_input(key="sim_scenario_name").input("Double e-mail").run()
    at.button(key="sim_add_scenario").click().run()
    table = next(d.value for d in at.dataframe if "scenario" in d.value.columns)
    assert list(table["scenario"]) == ["Plan as saved", "Double e-mail"]
    assert table["revenue"].iloc[1] > table["revenue"].iloc[0]
    at.button(key="sim_clear_scenarios").click().run()
    assert not any("scenario" in d.value.columns for d in at.dataframe)


def test_apply_to_the_plan_saves_a_new_revision(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_simulation(plan_id)
    before = latest(workspace, plan_id).channels[0].activities_per_week
    at.slider(key="sim_volume_phone").set_value(150).run()
    at.button(key="sim_apply").click().run()
    assert not at.error
    assert storage.current_revision(workspace, plan_id) == 2
    assert latest(workspace, plan_id).channels[0].activities_per_week == pytest.approx(1.5 * before)
    assert at.slider(key="sim_volume_phone").value == 100  # the sliders show the new plan


def test_the_exact_engine_can_be_chosen(workspace: Engine) -> None:
    at = open_simulation(stored(workspace))
    at.radio(key="sim_engine").set_value("exact").run()
    assert not at.exception
    assert any("exact engine" in text for text in texts(at.caption))


def test_a_plan_without_channels_says_what_to_do(workspace: Engine) -> None:
    plan = blank_plan("Empty", Market.B2B, "en", START)
    at = open_simulation(storage.create_plan(workspace, plan).id)
    assert not at.exception
    assert "no channel yet" in at.info[0].value
    assert not at.metric


def test_the_objectives_page_shows_the_simulated_chance(workspace: Engine) -> None:
    at = open_session(OBJECTIVES, plan=stored(workspace), lang="en")
    page_text = " ".join(shown(m) for m in at.markdown)
    assert "Not assessed yet" not in page_text
    assert "according to the simulation" in page_text


# Pure helpers and chart builders --------------------------------------------------------


def test_a_neutral_what_if_is_the_plan_itself() -> None:
    plan = build_scenario("saas_smb", "en", START)
    neutral = WhatIf(tuple((c.id, 1.0) for c in plan.channels), 1.0)
    assert neutral.neutral
    assert what_if_plan(plan, neutral) == plan


def test_a_what_if_scales_one_channel_and_caps_rates_at_one() -> None:
    plan = build_scenario("saas_smb", "en", START)
    tried = what_if_plan(plan, WhatIf((("phone", 2.0),), 50.0))
    assert tried.channels[0].activities_per_week == 2 * plan.channels[0].activities_per_week
    assert tried.channels[1].activities_per_week == plan.channels[1].activities_per_week
    rates = [s.rate for c in tried.channels for s in c.stages] + [s.rate for s in tried.pipeline]
    assert all(r.low <= r.typical <= r.high <= 1.0 for r in rates)


def test_the_fan_chart_draws_the_objective_line() -> None:
    weekly = build_weekly()
    goals = build_goals()
    spec = result_charts.fan_chart(weekly, goals, "Revenue", "en").to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["area", "line", "rule", "point"]
    assert spec["layer"][0]["encoding"]["y2"]["field"] == "p90"


def test_the_fan_chart_without_objective_has_only_the_band_and_median() -> None:
    empty = build_goals().iloc[0:0]
    spec = result_charts.fan_chart(build_weekly(), empty, "Deals", "fr").to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["area", "line"]
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Semaine"


def build_weekly():  # type: ignore[no-untyped-def]
    import pandas as pd

    starts = [START + dt.timedelta(weeks=w) for w in range(3)]
    return pd.DataFrame(
        {"week_start": starts, "p10": [0, 1, 2], "p50": [1, 2, 3], "p90": [2, 3, 4]}
    )


def build_goals():  # type: ignore[no-untyped-def]
    import pandas as pd

    return pd.DataFrame({"name": ["Goal"], "target": [3.0], "deadline": [START]})


def test_a_precise_run_uses_many_more_trials_until_the_what_if_changes(workspace: Engine) -> None:
    at = open_simulation(stored(workspace))
    at.button(key="sim_precise").click().run()
    assert any(text.startswith("100,000 trials") for text in texts(at.caption))
    at.slider(key="sim_volume_linkedin").set_value(150).run()
    assert any(text.startswith("2,000 trials") for text in texts(at.caption))


def test_each_channel_shows_what_it_brings(workspace: Engine) -> None:
    at = open_simulation(stored(workspace))
    table = next(d.value for d in at.dataframe if "Activities over the plan" in d.value.columns)
    assert list(table["Channel"]) == ["Cold calling", "Cold e-mail", "LinkedIn"]
    assert (table["Activities over the plan"] > 0).all()


def test_the_channel_and_activity_tables_write_numbers_the_french_way(workspace: Engine) -> None:
    at = open_panel(open_simulation(stored(workspace, "saas_smb", "fr"), lang="fr"), "required")
    styled = [d for d in at.dataframe if d.proto.arrow_data.styler.display_values]
    assert len(styled) >= 2  # the channels' outcomes and the activity a goal needs
    for table in styled:
        for column in shown_cells(table).columns:
            cells = shown_cells(table)[column].dropna().tolist()
            numbers = [c for c in cells if re.fullmatch(r"[\d\u202f,.]+", c)]
            assert not any("." in c for c in numbers), (column, numbers)


@pytest.mark.parametrize(
    ("lang", "said"),
    [("fr", "au-delà des heures d’appel autorisées"), ("en", "beyond the lawful call hours")],
)
def test_activity_needed_beyond_the_lawful_call_hours_is_said(
    workspace: Engine, lang: str, said: str
) -> None:
    from planner.simulation import simulate
    from tests.factories import make_plan_data

    data = make_plan_data()
    data["meta"].update(market="b2c", start_date=START.isoformat(), horizon_weeks=26)
    data["team"].update(reps=1, new_reps=0)
    data["channels"][0].update(activities_per_week=300, minutes_per_activity=6)  # 30 h of 45
    data["objectives"] = []
    revenue = simulate(Plan.model_validate(data), trials=2_000, seed=3).totals["revenue"].p50
    deadline = START + dt.timedelta(weeks=26, days=-1)
    data["objectives"] = [
        {
            "id": "rev",
            "name": "Revenue",
            "metric": "revenue",
            "target": 3 * revenue,
            "deadline": deadline.isoformat(),
        }
    ]
    plan_id = storage.create_plan(workspace, Plan.model_validate(data)).id

    at = open_panel(open_simulation(plan_id, lang), "required")

    assert not at.exception
    assert any(said in w.value.replace("\\", "") for w in at.warning)


def test_the_scenarios_table_writes_numbers_the_french_way(workspace: Engine) -> None:
    at = open_panel(open_simulation(stored(workspace, lang="fr"), "fr"), "scenarios")
    at.slider(key="sim_volume_email").set_value(200).run()
    at.text_input(key="sim_scenario_name").input("E-mail doublé").run()
    at.button(key="sim_add_scenario").click().run()
    element = next(d for d in at.dataframe if "scenario" in d.value.columns)
    cells = shown_cells(element)
    revenue = element.value["revenue"].iloc[1]
    assert revenue > 10_000  # a number still: the column sorts as numbers
    written = cells.iloc[1, list(element.value.columns).index("revenue")]
    assert re.fullmatch(r"\d{1,3}(?:[\u202f\u00a0 ]\d{3})+", str(written)), written


@pytest.mark.parametrize(("lang", "written"), [("fr", "%d\u00a0%%"), ("en", "%d%%")])
def test_chances_are_written_as_the_language_writes_percentages(
    workspace: Engine, lang: str, written: str
) -> None:
    import json

    at = open_simulation(stored(workspace, lang=lang), lang)
    table = at.dataframe[0]
    config = json.loads(table.proto.columns)["probability"]
    assert config["type_config"]["format"] == written  # not the browser's locale
    assert table.value["probability"].between(0, 100).all()
