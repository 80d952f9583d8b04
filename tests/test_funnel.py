"""The expected funnel, computed by hand on small plans."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from planner.plan.calendar import calendar_factor, working_days
from planner.plan.delays import landing_matrix, weekly_pmf
from planner.plan.funnel import expected_funnel, weekly_chain
from planner.plan.model import Delay, Plan
from planner.plan.scenarios import build_scenario

FEBRUARY = dt.date(2027, 2, 1)  # a Monday; no French public holiday in the four weeks after it


def rate(value: float) -> dict[str, Any]:
    return {"low": value, "typical": value, "high": value}


def small_plan(
    start: dt.date = FEBRUARY,
    weeks: int = 4,
    per_week: float = 100.0,
    delay_days: float = 0.0,
    **offer: Any,
) -> Plan:
    """One phone channel: 10 % conversations, 50 % meetings, 20 % won after a delay."""
    return Plan.model_validate(
        {
            "meta": {
                "name": "Hand",
                "market": "b2b",
                "start_date": start.isoformat(),
                "horizon_weeks": weeks,
            },
            "offer": {"deal_value": 1000.0, **offer},
            "channels": [
                {
                    "id": "phone",
                    "kind": "phone",
                    "name": "Phone",
                    "activities_per_week": per_week,
                    "cost_per_activity": 0.5,
                    "fixed_cost_per_week": 10.0,
                    "stages": [
                        {"id": "talk", "name": "Talk", "kind": "conversation", "rate": rate(0.1)},
                        {"id": "meet", "name": "Meet", "kind": "meeting_booked", "rate": rate(0.5)},
                        {
                            "id": "won",
                            "name": "Won",
                            "kind": "won",
                            "rate": rate(0.2),
                            "delay": {"median_days": delay_days, "log_sd": 0.0},
                        },
                    ],
                }
            ],
        }
    )


def test_four_plain_weeks_give_activity_times_the_rates() -> None:
    funnel = expected_funnel(small_plan())
    totals = funnel.stage_totals().set_index("stage_id")["expected"]
    assert totals["activity"] == pytest.approx(400)
    assert totals["talk"] == pytest.approx(40)
    assert totals["meet"] == pytest.approx(20)
    assert totals["won"] == pytest.approx(4)
    assert funnel.revenue() == pytest.approx(4000)
    assert funnel.cost() == pytest.approx(400 * 0.5 + 4 * 10)


def test_a_one_week_delay_pushes_the_last_cohort_past_the_horizon() -> None:
    funnel = expected_funnel(small_plan(delay_days=7.0))
    won = funnel.stages.query("stage_id == 'won'")["expected"].to_numpy()
    np.testing.assert_allclose(won, [0.0, 1.0, 1.0, 1.0])


def test_christmas_week_has_four_working_days_in_france() -> None:
    plan = small_plan(start=dt.date(2026, 12, 21), weeks=2)
    np.testing.assert_allclose(working_days(plan.meta, plan.team), [4, 4])  # 25 Dec, 1 Jan
    activity = expected_funnel(plan).stages.query("stage_id == 'activity'")["expected"]
    np.testing.assert_allclose(activity, [80.0, 80.0])
    np.testing.assert_allclose(calendar_factor(plan.meta, plan.team), [0.8, 0.8])


def test_cross_sell_raises_the_deal_value() -> None:
    plain = expected_funnel(small_plan()).revenue()
    with_add_on = expected_funnel(
        small_plan(cross_sell_attach_rate=0.5, add_on_value=200.0)
    ).revenue()
    assert with_add_on == pytest.approx(plain * 1.1)


def test_repeat_purchases_add_orders_after_their_delay() -> None:
    plan = small_plan(weeks=10, repeat_purchase_rate=0.5, repeat_delay_days=21.0)
    funnel = expected_funnel(plan)
    first_orders = funnel.money["deals"].sum() * 1000.0
    assert funnel.revenue() > first_orders
    assert funnel.revenue() < first_orders * 1.5


def test_no_activity_gives_no_revenue() -> None:
    funnel = expected_funnel(small_plan(per_week=0.0))
    assert funnel.revenue() == 0.0
    assert funnel.stages["expected"].sum() == 0.0


@pytest.mark.parametrize(("median", "log_sd"), [(3.0, 0.6), (30.0, 0.7), (180.0, 0.8)])
def test_delay_kernel_is_a_distribution_over_weeks(median: float, log_sd: float) -> None:
    pmf = weekly_pmf(Delay(median_days=median, log_sd=log_sd), 2000)
    assert pmf.min() >= 0
    assert pmf.sum() == pytest.approx(1.0, abs=1e-6)  # what is left lands after 2000 weeks
    median_week = int(np.searchsorted(np.cumsum(pmf), 0.5))
    assert median_week == int(median // 7)


@pytest.mark.parametrize(
    ("median", "weeks", "landing_week"),
    [
        (0.0, 52, 0),
        (20.0, 52, 2),
        (363.0, 52, 51),  # the plan's last week
        (364.0, 52, None),  # the horizon: after the plan
        (400.0, 52, None),  # beyond it
        (400.0, 1, None),
    ],
)
def test_a_certain_delay_lands_in_its_week_or_after_the_plan(
    median: float, weeks: int, landing_week: int | None
) -> None:
    pmf = weekly_pmf(Delay(median_days=median, log_sd=0.0), weeks)

    assert len(pmf) == weeks
    expected = np.zeros(weeks)
    if landing_week is not None:
        expected[landing_week] = 1.0
    np.testing.assert_array_equal(pmf, expected)


def test_landing_matrix_is_upper_triangular_with_the_kernel_on_each_row() -> None:
    matrix = landing_matrix(Delay(median_days=10.0, log_sd=0.5), 6)
    assert np.allclose(np.tril(matrix, -1), 0.0)
    np.testing.assert_allclose(
        matrix[2, 2:], weekly_pmf(Delay(median_days=10.0, log_sd=0.5), 6)[:4]
    )


def test_the_weekly_chain_is_the_funnels_arithmetic_at_the_typical_rates() -> None:
    plan = build_scenario("saas_smb", "fr", dt.date(2027, 1, 4))
    phone = plan.channels[0]
    chain = weekly_chain(plan, phone)
    assert [stage.id for stage, _ in chain] == [s.id for s in plan.funnel(phone)]
    first_stage, first = chain[0]
    assert first == pytest.approx(phone.activities_per_week * first_stage.rate.typical)
    second_stage, second = chain[1]
    assert second == pytest.approx(first * second_stage.rate.typical)
