"""Challenges pushed to a room: each is a what-if on a copy of a participant's plan, which the
board simulates beside the plan as saved; the saved plan never changes."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.plan.model import ChannelKind, Plan
from planner.plan.scenarios import build_scenario
from planner.simulation import entry as sim
from planner.workshop import Challenge, challenged

START = dt.date(2027, 1, 4)


def _plan() -> Plan:
    return build_scenario("saas_smb", "fr", START)


def test_the_connection_rate_halves_on_phone_channels_only() -> None:
    plan = _plan()
    after = challenged(plan, Challenge.CONNECTION_HALVES)
    for before_channel, after_channel in zip(plan.channels, after.channels, strict=True):
        rates = [
            (b.rate.typical, a.rate.typical)
            for b, a in zip(before_channel.stages, after_channel.stages, strict=True)
        ]
        if before_channel.kind is ChannelKind.PHONE:
            assert rates[0][1] == pytest.approx(rates[0][0] / 2)
            assert all(b == a for b, a in rates[1:])
        else:
            assert all(b == a for b, a in rates)


def test_one_rep_less_keeps_the_others_activities() -> None:
    plan = _plan().model_copy(update={"team": _plan().team.model_copy(update={"reps": 4})})
    after = challenged(plan, Challenge.ONE_REP_LESS)
    for b, a in zip(plan.channels, after.channels, strict=True):
        assert a.activities_per_week == pytest.approx(b.activities_per_week * 3 / 4)


def test_rates_deals_and_activities_are_scaled() -> None:
    plan = _plan()
    down = challenged(plan, Challenge.RATES_DOWN)
    assert down.pipeline[-1].rate.typical == pytest.approx(plan.pipeline[-1].rate.typical * 0.8)
    smaller = challenged(plan, Challenge.DEALS_SMALLER)
    assert smaller.offer.deal_value == pytest.approx(plan.offer.deal_value * 0.8)
    halved = challenged(plan, Challenge.ACTIVITY_HALVES)
    assert [c.activities_per_week for c in halved.channels] == pytest.approx(
        [c.activities_per_week / 2 for c in plan.channels]
    )


@pytest.mark.parametrize("challenge", list(Challenge))
def test_every_challenge_lowers_the_forecast_and_leaves_the_plan_as_it_was(
    challenge: Challenge,
) -> None:
    plan = _plan()
    saved = plan.model_dump(mode="json")
    after = challenged(plan, challenge)
    assert plan.model_dump(mode="json") == saved
    before_p50 = sim.simulate(plan, 2_000, 1, "fast").totals["revenue"].p50
    after_p50 = sim.simulate(after, 2_000, 1, "fast").totals["revenue"].p50
    assert after_p50 < before_p50
