"""The simulation capped by the lawful call hours (issue 15 item 3): consumer phone activity never
exceeds what the team can do Mon–Fri 10–13 h and 14–20 h, week by week, holidays off."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from planner.compliance.call_capacity import call_caps, lawful_activity, lawful_hours
from planner.plan.funnel import weekly_activity
from planner.plan.model import Plan
from planner.simulation import simulate
from planner.simulation.model import compile_plan
from tests.factories import make_plan_data

JULY_12_2027 = dt.date(2027, 7, 12)  # a Monday; Wednesday 14 July is a public holiday


def calling_plan(market: str, calls: float, minutes: float = 6.0, reps: int = 1) -> Plan:
    data = make_plan_data()
    data["meta"].update(market=market, start_date=JULY_12_2027.isoformat(), horizon_weeks=2)
    data["objectives"] = []
    data["team"].update(reps=reps, new_reps=0)
    data["channels"][0].update(activities_per_week=calls, minutes_per_activity=minutes)
    return Plan.model_validate(data)


def test_consumer_calls_beyond_the_lawful_hours_are_capped_week_by_week() -> None:
    plan = calling_plan("b2c", calls=600)  # 600 calls × 6 min = 60 h a week for one rep
    holiday_week, next_week = call_caps(plan)
    # The week of 14 July: 4 days × 9 h = 36 h of slots, 360 calls; the plan asks 4/5 of 600.
    assert (holiday_week.week, holiday_week.week_start) == (1, JULY_12_2027)
    assert holiday_week.planned == pytest.approx(480)
    assert holiday_week.allowed == pytest.approx(360)
    # An ordinary week: 5 days × 9 h = 45 h, 450 calls.
    assert (next_week.week, next_week.planned) == (2, pytest.approx(600))
    assert next_week.allowed == pytest.approx(450)
    assert list(lawful_hours(plan)) == [36.0, 45.0]


def test_the_simulation_uses_the_capped_calls() -> None:
    plan = calling_plan("b2c", calls=600)
    phone = plan.channels[0]
    assert list(compile_plan(plan).activity[0]) == pytest.approx([360, 450])
    assert list(weekly_activity(plan, phone)) == pytest.approx([480, 600])  # the plan says
    result = simulate(plan, trials=200, seed=7)
    outcome = next(c for c in result.channels if c.channel_id == phone.id)
    assert outcome.activities == pytest.approx(810)
    other = next(c for c in result.channels if c.channel_id != phone.id)
    assert other.activities == pytest.approx(float(weekly_activity(plan, plan.channels[1]).sum()))


def test_a_b2b_plan_calls_as_planned() -> None:
    plan = calling_plan("b2b", calls=600)
    assert call_caps(plan) == []
    assert list(compile_plan(plan).activity[0]) == pytest.approx([480, 600])


def test_calls_that_fit_in_the_slots_are_not_capped() -> None:
    plan = calling_plan("b2c", calls=440, reps=1)  # 44 h in a normal week, 35.2 h in July's
    assert call_caps(plan) == []
    assert list(lawful_activity(plan)[0]) == pytest.approx([352, 440])


def test_two_reps_have_twice_the_lawful_hours() -> None:
    plan = calling_plan("b2c", calls=600, reps=2)
    assert list(lawful_hours(plan)) == [72.0, 90.0]
    assert call_caps(plan) == []


def test_several_consumer_phone_channels_share_the_slots() -> None:
    data = calling_plan("b2c", calls=300).model_dump(mode="json")
    data["channels"].append(
        {
            "id": "recall",
            "kind": "phone",
            "name": "Recalls",
            "activities_per_week": 300,
            "minutes_per_activity": 6.0,
        }
    )
    plan = Plan.model_validate(data)
    activity = lawful_activity(plan)
    # 2 × 300 calls × 6 min = 60 h for 45 h of slots in week 2: each channel gets 3/4.
    assert activity[0][1] == pytest.approx(225) and activity[2][1] == pytest.approx(225)
    assert {c.channel.id for c in call_caps(plan)} == {"phone", "recall"}


@pytest.mark.parametrize(("market", "flagged"), [("b2c", True), ("b2b", False)])
def test_activity_needed_beyond_the_lawful_hours_is_said(market: str, flagged: bool) -> None:
    from planner.simulation import required_activity
    from planner.simulation.required import RequiredStatus, unlawful_note

    data = make_plan_data()
    start = dt.date(2027, 1, 4)
    data["meta"].update(market=market, start_date=start.isoformat(), horizon_weeks=26)
    data["team"].update(reps=1, new_reps=0)
    data["channels"][0].update(activities_per_week=300, minutes_per_activity=6)  # 30 h: lawful
    data["objectives"] = []
    plan = Plan.model_validate(data)
    phone = plan.channels[0]
    result = simulate(plan, trials=2_000, seed=3)
    expected = next(c for c in result.channels if c.channel_id == phone.id).revenue.p50
    data["objectives"] = [
        {
            "id": "rev",
            "name": "Revenue",
            "metric": "revenue",
            "target": 3 * expected,  # about three times the calls: 90 h a week, 45 h are lawful
            "channel_id": phone.id,
            "deadline": (start + dt.timedelta(weeks=26, days=-1)).isoformat(),
        }
    ]
    found = required_activity(Plan.model_validate(data), "rev", channel_id=phone.id, trials=1_000)

    assert found.status is RequiredStatus.REACHED and (found.multiplier or 0) > 1.5
    assert (found.unlawful_weeks > 0) is flagged
    assert ("beyond the lawful call hours" in unlawful_note(found, "en")) is flagged
    assert ("au-delà des heures d’appel autorisées" in unlawful_note(found, "fr")) is flagged


def test_the_expected_funnel_can_use_the_calls_the_simulation_uses() -> None:
    from planner.plan.funnel import expected_funnel

    plan = calling_plan("b2c", calls=600)
    phone = plan.channels[0]

    def calls(totals: pd.DataFrame) -> float:
        row = totals[(totals["channel_id"] == phone.id) & (totals["stage_id"] == "activity")]
        return float(row["expected"].sum())

    as_planned = expected_funnel(plan).stage_totals()
    as_simulated = expected_funnel(plan, activity=lawful_activity(plan)).stage_totals()
    assert calls(as_planned) == pytest.approx(480 + 600)
    assert calls(as_simulated) == pytest.approx(360 + 450)  # capped at the lawful hours
