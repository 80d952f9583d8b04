"""The facilitator's board, row by row: a participant's plan summed up from its simulation."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.plan.model import Metric, Plan
from planner.plan.scenarios import build_scenario
from planner.plan.smart import Verdict
from planner.simulation import entry as sim
from planner.workshop import activity_needed, board_row, far_from_benchmarks, main_objective

START = dt.date(2027, 1, 4)
SAVED = dt.datetime(2027, 1, 5, 10, 0, tzinfo=dt.UTC)


def _plan() -> Plan:
    return build_scenario("saas_smb", "fr", START)


def _with_rate(plan: Plan, channel: int, stage: int, typical: float) -> Plan:
    data = plan.model_dump(mode="json")
    rate = data["channels"][channel]["stages"][stage]["rate"]
    rate.update(low=min(rate["low"], typical), typical=typical, high=max(rate["high"], typical))
    return Plan.model_validate(data)


def test_the_board_leads_with_the_revenue_objective() -> None:
    plan = _plan()
    main = main_objective(plan)
    assert main is not None and main.metric is Metric.REVENUE


def test_a_row_sums_up_assumptions_forecast_and_verdicts() -> None:
    plan = _plan()
    result = sim.simulate(plan, 2_000, 1, "fast")
    main = main_objective(plan)
    assert main is not None
    needed = sim.required_activity(plan, main.id, 0.8, None, 2_000, 1)
    assert activity_needed(plan, seed=1) == needed.multiplier  # the main objective, 8 in 10
    row = board_row("p1", "Inès", plan, result, needed.multiplier, SAVED, 3)

    assert row.activities == {c.name: c.activities_per_week for c in plan.channels}
    assert row.activities_per_week == sum(c.activities_per_week for c in plan.channels)
    assert row.deal_value == plan.offer.deal_value and row.currency == "EUR"
    assert 0 < row.revenue_p10 <= row.revenue_p50 <= row.revenue_p90
    assert row.revenue_p50 == result.totals["revenue"].p50
    assert row.objective == main.name
    assert row.chance == result.objective(main.id).probability
    assert row.needed_multiplier == needed.multiplier
    assert row.smart in set(Verdict)
    assert (row.saved_at, row.revision) == (SAVED, 3)


def test_the_demo_plans_rates_are_within_their_benchmarks() -> None:
    for scenario in ("saas_smb", "consulting_enterprise", "retail_b2c"):
        assert far_from_benchmarks(build_scenario(scenario, "fr", START)) == ()


@pytest.mark.parametrize("factor", [5.0, 0.1])
def test_a_rate_far_from_its_benchmark_is_flagged(factor: float) -> None:
    plan = _plan()
    stage = plan.channels[0].stages[0]
    changed = _with_rate(plan, 0, 0, min(0.99, stage.rate.typical * factor))
    [flag] = far_from_benchmarks(changed)
    assert (flag.channel, flag.stage) == (plan.channels[0].name, stage.name)
    assert flag.low <= stage.rate.typical <= flag.high


def test_a_plan_without_objectives_needs_no_activity() -> None:
    assert activity_needed(_plan().model_copy(update={"objectives": []})) is None
