"""Re-forecast: plan rates updated with actuals (matured exposure), past weeks fixed to actuals."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.plan.priors import rate_prior
from planner.simulation.entry import simulate
from planner.tracking.reforecast import observed_weeks, reforecast
from tests.factories import START, make_plan
from tests.test_plan_vs_actual import event_log

W = dt.timedelta(weeks=1)
TRIALS = 4000


def updates_of(result: object) -> dict[str, object]:
    return {u.key: u for u in result.updates}  # type: ignore[attr-defined]


def test_the_as_of_week_counts_as_observed() -> None:
    plan = make_plan()
    assert observed_weeks(plan, START - dt.timedelta(days=1)) == 0
    assert observed_weeks(plan, START) == 1
    assert observed_weeks(plan, START + 3 * W + dt.timedelta(days=6)) == 4
    assert observed_weeks(plan, START + 100 * W) == 26


def test_a_same_week_stage_adds_its_successes_and_failures_to_the_prior() -> None:
    plan = make_plan()
    log = event_log(
        (START, "phone", "activity", 100),
        (START, "phone", "connection", 30),
        (START + W, "phone", "activity", 100),
        (START + W, "phone", "connection", 10),
    )

    connect = updates_of(reforecast(plan, log, START + W, trials=500))["phone/connect"]

    prior = rate_prior(plan.channels[0].stages[0].rate)
    assert (connect.exposure, connect.conversions) == (200, 40)
    assert connect.posterior.a == pytest.approx(prior.a + 40)
    assert connect.posterior.b == pytest.approx(prior.b + 160)


def test_a_stage_the_log_does_not_record_keeps_the_plans_rate() -> None:
    # Activities and meetings booked, but no connection written down: the connections happened
    # (meetings follow them), so 0 connections in 200 is no evidence of a 0 % rate.
    plan = make_plan()
    log = event_log(
        (START, "phone", "activity", 100),
        (START + W, "phone", "activity", 100),
        (START + W, "phone", "meeting_booked", 6),
    )

    result = reforecast(plan, log, START + W, trials=500)

    connect = updates_of(result)["phone/connect"]
    assert connect.posterior == connect.prior
    assert (connect.exposure, connect.conversions) == (0, 0)
    planned, updated = result.planned.totals["meetings"], result.updated.totals["meetings"]
    assert updated.p50 > 0.5 * planned.p50  # not dragged towards nothing


def test_a_crm_export_without_activities_keeps_the_plans_rates_and_activity() -> None:
    # Deals only (meetings booked, a deal won): no activity, connection or meeting held written
    # down. Reading 6 meetings out of 0 connections would push that rate to 100 %.
    plan = make_plan()
    log = event_log(
        (START, "phone", "meeting_booked", 3),
        (START + W, "phone", "meeting_booked", 3),
        (START + W, "phone", "won", 1),
    )

    result = reforecast(plan, log, START + W, trials=2000)

    for update in result.updates:
        assert update.posterior == update.prior, update.key
    assert result.silent_channels == ("linkedin",)  # no event at all: read as no prospection
    planned, updated = result.planned.totals["meetings"], result.updated.totals["meetings"]
    assert updated.p50 >= 0.9 * planned.p50  # the past weeks' calls are the plan's, not 0


def test_a_delayed_stage_counts_only_the_exposure_that_had_time_to_mature() -> None:
    # Deals land exactly two weeks after the meeting held (no spread): at the end of week 3,
    # the meetings of weeks 0 and 1 had time, those of weeks 2 and 3 did not.
    plan = make_plan(pipeline__1__delay__median_days=14.0, pipeline__1__delay__log_sd=0.0)
    log = event_log(
        *((START + w * W, "phone", "meeting_held", 10) for w in range(4)),
        (START + 2 * W, "phone", "won", 4),
        (START + 3 * W, "phone", "won", 3),
    )

    won = updates_of(reforecast(plan, log, START + 3 * W, trials=500))["pipeline/won"]

    prior = rate_prior(plan.pipeline[1].rate)
    assert won.delayed
    assert (won.exposure, won.conversions) == (20, 7)
    assert won.posterior.a == pytest.approx(prior.a + 7)
    assert won.posterior.b == pytest.approx(prior.b + 13)


def test_a_certain_rate_stays_as_planned() -> None:
    plan = make_plan(
        channels__1__stages__0__rate__low=0.15, channels__1__stages__0__rate__high=0.15
    )
    log = event_log((START, "linkedin", "activity", 40), (START, "linkedin", "reply", 1))

    reply = updates_of(reforecast(plan, log, START, trials=500))["linkedin/reply"]

    assert reply.posterior == reply.prior
    assert reply.observed == pytest.approx(1 / 40)


def test_past_weeks_are_the_actual_counts_in_every_trial() -> None:
    plan = make_plan()
    log = event_log(
        (START, "phone", "activity", 120),
        (START, "phone", "meeting_booked", 6),
        (START + W, "phone", "activity", 120),
        (START + W, "phone", "meeting_booked", 2),
        (START + W, "phone", "won", 3),
    )

    result = reforecast(plan, log, START + W, trials=TRIALS)

    meetings, deals = result.updated.weekly["meetings"], result.updated.weekly["deals"]
    assert (meetings.p10[1], meetings.p90[1]) == (8, 8)
    assert (deals.p10[1], deals.p90[1]) == (3, 3)
    revenue = result.updated.weekly["revenue"]  # three unpriced deals at the plan's deal value
    assert revenue.p50[1] == pytest.approx(3 * plan.offer.expected_deal_value)
    assert result.actual_deals == 3
    assert result.updated.totals["deals"].p10 >= 3


def test_without_actuals_the_reforecast_is_the_plan() -> None:
    plan = make_plan()

    result = reforecast(plan, event_log(), START - dt.timedelta(days=1), trials=TRIALS)

    assert result.observed_weeks == 0
    planned = simulate(plan, TRIALS)
    for series in ("revenue", "deals", "meetings"):
        assert result.updated.totals[series] == planned.totals[series]
    assert [o.probability for o in result.updated.objectives] == [
        o.probability for o in planned.objectives
    ]


def test_results_far_above_plan_raise_the_forecast_and_the_objective_chance() -> None:
    plan = make_plan(
        objectives__0__metric="revenue",
        objectives__0__target=150_000,
        objectives__0__segment_id=None,
    )
    weeks = [
        (START + w * W, "phone", kind, n)
        for w in range(8)
        for kind, n in (("activity", 120), ("connection", 40), ("meeting_booked", 8))
    ]
    log = event_log(*weeks, *((START + w * W, "phone", "meeting_held", 8) for w in range(8)))

    result = reforecast(plan, log, START + 7 * W, trials=TRIALS)

    changes = result.changes_frame().set_index(["kind", "item"])
    assert (
        changes.loc[("total", "meetings"), "updated"]
        > changes.loc[("total", "meetings"), "planned"]
    )
    assert (
        changes.loc[("total", "revenue"), "updated"] > changes.loc[("total", "revenue"), "planned"]
    )
    objective = result.updated.objective("meetings")
    assert objective.probability > result.planned.objective("meetings").probability


def test_results_far_below_plan_lower_the_forecast() -> None:
    plan = make_plan()
    log = event_log(
        *((START + w * W, "phone", "activity", 120) for w in range(8)),
        *((START + w * W, "phone", "connection", 5) for w in range(8)),
    )

    result = reforecast(plan, log, START + 7 * W, trials=TRIALS)

    rates = result.rates_frame().set_index("key")
    assert rates.loc["phone/connect", "posterior_high"] < rates.loc["phone/connect", "prior_low"]
    assert result.updated.totals["meetings"].p50 < result.planned.totals["meetings"].p50
