"""Rules that moved from the pages into planner/: what-ifs, comparisons, values with their units."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from planner.plan.editing import objection_items, with_script
from planner.plan.metrics import metric_text
from planner.plan.model import ChannelKind, Metric, Plan, ScriptPart
from planner.plan.scenarios import build_scenario
from planner.plan.smart import achievable_verdict
from planner.scripts.text import parts_for
from planner.simulation.bands import Band, band_text, series_text
from planner.simulation.entry import compare_scenarios, required_activity
from planner.simulation.what_if import WhatIf, what_if_plan

START = dt.date(2027, 1, 4)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return build_scenario("saas_smb", "en", START)


@pytest.mark.parametrize(
    ("kind", "first", "signed"),
    [
        (ChannelKind.EMAIL, ScriptPart.SUBJECT, True),
        (ChannelKind.PHONE, ScriptPart.HOOK, False),
        (ChannelKind.LINKEDIN, ScriptPart.HOOK, True),
    ],
)
def test_a_channel_kind_writes_its_parts_in_reading_order(
    kind: ChannelKind, first: ScriptPart, signed: bool
) -> None:
    parts = parts_for(kind)
    assert parts[0] is first
    assert (parts[-1] is ScriptPart.SIGNATURE) is signed
    assert ScriptPart.CALL_TO_ACTION in parts


@pytest.mark.parametrize(
    ("metric", "value", "expected"),
    [
        (Metric.REVENUE, 52_300.0, "€52,300"),
        (Metric.NEW_CUSTOMERS, 9.5, "9.5"),
        (Metric.NEW_CUSTOMERS, 12.0, "12"),
        (Metric.REVENUE, None, "—"),
        (Metric.REVENUE, float("nan"), "—"),
    ],
)
def test_a_metric_value_is_written_with_its_unit(
    metric: Metric, value: float | None, expected: str
) -> None:
    assert metric_text(metric, value, "EUR", "en") == expected


@pytest.mark.parametrize(
    ("probability", "verdict"),
    [(None, "none"), (0.95, "ok"), (0.6, "warning"), (0.1, "fail")],
)
def test_a_simulated_chance_gets_the_achievable_letters_verdict(
    probability: float | None, verdict: str
) -> None:
    assert achievable_verdict(probability) == verdict


def test_bands_and_series_are_written_in_money_or_counts() -> None:
    band = Band(mean=11.0, p10=5.0, p50=10.0, p90=20.0)
    assert band_text(band, "en") == "10 (5 – 20)"
    assert band_text(band, "en", "EUR") == "€10 (€5 – €20)"
    assert series_text("revenue", 1_500.0, "EUR", "en") == "€1,500"
    assert series_text("deals", 1_500.0, "EUR", "en") == "1,500"


def test_a_neutral_what_if_is_the_plan_itself(plan: Plan) -> None:
    what_if = WhatIf(tuple((c.id, 1.0) for c in plan.channels), 1.0)
    assert what_if.neutral
    assert what_if_plan(plan, what_if) == plan


def test_a_conversion_what_if_scales_every_rate_capped_at_one(plan: Plan) -> None:
    tried = what_if_plan(plan, WhatIf(conversion=10.0))
    rates = [s.rate for c in tried.channels for s in c.stages] + [s.rate for s in tried.pipeline]
    assert rates and all(r.high <= 1.0 for r in rates)
    assert tried.channels[0].stages[0].rate.low == min(plan.channels[0].stages[0].rate.low * 10, 1)


def test_the_scenario_table_has_a_row_per_scenario_in_order(plan: Plan) -> None:
    busier = what_if_plan(plan, WhatIf(tuple((c.id, 1.5) for c in plan.channels)))
    comparison = compare_scenarios([("plan", plan), ("busier", busier)], 500, 1)
    table = comparison.table()
    assert table["scenario"].tolist() == ["plan", "busier"]
    assert {"revenue", "meetings", "deals"} <= set(table.columns)
    assert {f"objective:{o.id}" for o in plan.objectives} <= set(table.columns)
    assert table["revenue"].iloc[1] > table["revenue"].iloc[0]


def test_required_hours_are_a_tidy_weekly_frame(plan: Plan) -> None:
    objective = plan.objectives[0].id
    answer = required_activity(plan, objective, 0.8, None, 300, 1)
    starts = [START + dt.timedelta(weeks=w) for w in range(plan.meta.horizon_weeks)]
    frame = answer.hours_frame(starts)
    assert list(frame.columns) == ["week_start", "series", "hours"]
    assert set(frame["series"]) <= {"hours_now", "hours_needed", "hours_available"}
    now = frame[frame["series"] == "hours_now"]["hours"].to_numpy()
    assert np.allclose(now, answer.hours_now)


def test_objection_rows_become_items_and_a_script_changes_in_the_plan(plan: Plan) -> None:
    rows = [{"objection": " Too dear ", "answer": None}, {"objection": "", "answer": "x"}]
    assert objection_items(rows) == [{"objection": "Too dear", "answer": ""}]
    script = plan.scripts[0]
    data = with_script(plan, script.id, {"name": "Renamed"})
    names = {s["id"]: s["name"] for s in data["scripts"]}
    assert names[script.id] == "Renamed"
    assert all(names[s.id] == s.name for s in plan.scripts if s.id != script.id)
