"""Plan vs actual: actual weekly counts against the plan's P10–P90 band of each stage."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy.stats import poisson

from planner.simulation.model import compile_plan
from planner.tracking.events import COLUMNS, empty_log
from planner.tracking.kpis import KINDS
from planner.tracking.plan_vs_actual import (
    actual_counts,
    actual_revenue,
    latest_gaps,
    plan_vs_actual,
    planned_bands,
)
from tests.factories import START, make_plan

W = dt.timedelta(weeks=1)


def event_log(*rows: tuple[dt.date, str, str, int]) -> pd.DataFrame:
    """An event log of unnamed events: (date, channel, event kind, how many)."""
    records = [
        {"date": day, "channel": channel, "event": kind, "amount": np.nan}
        for day, channel, kind, n in rows
        for _ in range(n)
    ]
    frame = pd.DataFrame.from_records(records, columns=["date", "channel", "event", "amount"])
    frame["date"] = pd.to_datetime(frame["date"])
    for column in ("prospect", "segment", "rep", "variant", "deal", "source"):
        frame[column] = pd.array([None] * len(frame), dtype="string")
    return frame[list(COLUMNS)].astype(empty_log().dtypes.to_dict())


def certain_plan() -> object:
    """The test plan with the phone connection rate certain at 20 % and no holidays in play."""
    return make_plan(
        channels__0__stages__0__rate__low=0.2,
        channels__0__stages__0__rate__typical=0.2,
        channels__0__stages__0__rate__high=0.2,
        channels__0__activities_per_week=100.0,
    )


def test_events_are_counted_in_the_week_of_the_plan_they_fall_in() -> None:
    plan = make_plan()
    log = event_log(
        (START, "phone", "activity", 3),
        (START + dt.timedelta(days=6), "phone", "activity", 2),  # still week 0
        (START + W, "phone", "connection", 4),  # week 1
        (START - dt.timedelta(days=1), "phone", "activity", 9),  # before the plan: left out
        (START + 26 * W, "phone", "activity", 9),  # after the horizon: left out
        (START, "fax", "activity", 9),  # not a channel of the plan: left out
        (START + 2 * W, "linkedin", "reply", 5),
    )

    counts = actual_counts(log, plan)

    activity, connection, reply = (KINDS.index(k) for k in ("activity", "connection", "reply"))
    assert counts.shape == (2, len(KINDS), 26)
    assert counts[0, activity, 0] == 5
    assert counts[0, connection, 1] == 4
    assert counts[1, reply, 2] == 5
    assert counts.sum() == 14


def test_the_activity_band_is_what_the_plan_schedules() -> None:
    plan = make_plan()
    bands = planned_bands(plan, trials=200)
    phone = bands[(bands["channel"] == "phone") & (bands["kind"] == "activity")]

    expected = compile_plan(plan).activity[0]
    assert phone["p50"].to_numpy() == pytest.approx(expected)
    assert (phone["p10"] == phone["p90"]).all()
    assert phone["cum_p90"].iloc[-1] == pytest.approx(expected.sum())


def test_a_certain_rate_gives_a_poisson_band_around_activity_times_rate() -> None:
    bands = planned_bands(certain_plan(), trials=4000)
    first = bands[(bands["stage"] == "connect") & (bands["week"] == 0)].iloc[0]

    # 100 calls × 20 % = 20 connections a week; Poisson(20) has P10 = 14, P50 = 20, P90 = 26
    assert first["p50"] == poisson.ppf(0.5, 20)
    assert abs(first["p10"] - poisson.ppf(0.1, 20)) <= 1
    assert abs(first["p90"] - poisson.ppf(0.9, 20)) <= 1
    four_weeks = bands[(bands["stage"] == "connect") & (bands["week"] == 3)].iloc[0]
    assert abs(four_weeks["cum_p50"] - 80) <= 1  # running totals, not a sum of weekly bands
    assert four_weeks["cum_p90"] - four_weeks["cum_p10"] < 4 * (first["p90"] - first["p10"])


def test_actual_weeks_are_compared_with_the_band_and_later_weeks_stay_empty() -> None:
    plan = certain_plan()
    bands = planned_bands(plan, trials=2000)
    log = event_log(
        (START, "phone", "connection", 5),  # far below 20 ± 6
        (START + W, "phone", "connection", 20),
        (START + 2 * W, "phone", "connection", 40),  # far above
    )

    table = plan_vs_actual(plan, bands, log, as_of=START + 2 * W)
    connect = table[table["stage"] == "connect"].set_index("week")

    assert list(connect.loc[[0, 1, 2], "status"]) == ["below", "within", "above"]
    assert list(connect.loc[[0, 1, 2], "actual_cum"]) == [5, 25, 65]
    assert connect.loc[3, "actual"] is pd.NA and connect.loc[3, "status"] is pd.NA
    assert connect.loc[0, "cum_status"] == "below"


def test_steps_a_crm_export_does_not_record_have_no_actual_line() -> None:
    plan = make_plan()
    log = event_log(  # deals only: no calls, no connections, no meeting held written down
        (START, "phone", "meeting_booked", 4),
        (START + W, "phone", "won", 1),
    )

    table = plan_vs_actual(plan, planned_bands(plan, trials=200), log, START + W)
    phone = table[(table["channel"] == "phone") & (table["week"] <= 1)]
    by_stage = phone.groupby("stage")

    for stage in ("activity", "connect", "held"):
        assert set(by_stage.get_group(stage)["status"]) == {"not_recorded"}, stage
        assert by_stage.get_group(stage)["actual"].isna().all(), stage
    assert by_stage.get_group("meeting")["actual_cum"].tolist() == [4, 4]  # unnamed: no implied
    assert "not_recorded" not in set(by_stage.get_group("won")["status"])


def test_the_latest_week_lists_each_stage_of_each_channel() -> None:
    plan = make_plan()
    table = plan_vs_actual(plan, planned_bands(plan, trials=200), event_log(), START + 3 * W)

    latest = latest_gaps(table, START + 3 * W, plan)

    assert set(latest["week"]) == {3}
    assert set(zip(latest["channel"], latest["stage"], strict=True)) == {
        ("phone", "activity"),
        ("phone", "connect"),
        ("phone", "meeting"),
        ("phone", "held"),
        ("phone", "won"),
        ("linkedin", "activity"),
        ("linkedin", "reply"),
    }
    assert latest_gaps(table, START - W, plan).empty  # before the plan starts: nothing yet


def test_revenue_is_counted_per_channel_and_week_unpriced_wins_at_the_deal_value() -> None:
    plan = make_plan()
    log = event_log((START + W, "phone", "won", 2), (START + W, "fax", "won", 1))
    log.loc[0, "amount"] = 1000.0

    revenue = actual_revenue(log, plan)

    assert revenue[0, 1] == pytest.approx(1000.0 + plan.offer.expected_deal_value)
    assert revenue.sum() == pytest.approx(1000.0 + plan.offer.expected_deal_value)
