"""Weekly results typed by hand: the measures, checking the table, warnings, and their events."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from planner.core.problems import InvalidInput
from planner.plan.scenarios import build_scenario
from planner.tracking import kpis
from planner.tracking.events import empty_log
from planner.tracking.weekly import (
    MAX_COUNT,
    Measure,
    combined_log,
    entries_frame,
    monday,
    plan_measures,
    table_rows,
    weekly_events,
    weeks_to_fill,
)
from planner.tracking.weekly_check import check_weeks, weekly_warnings
from tests.factories import make_plan

PLAN = make_plan()  # starts Monday 2026-01-05 for 26 weeks; channels phone and linkedin
MON, TUE = dt.date(2026, 1, 5), dt.date(2026, 1, 6)
NEXT = dt.date(2026, 1, 12)


def table(*rows: dict[str, Any]) -> pd.DataFrame:
    """A weekly table as the editor hands it over: week, channel, then the measures."""
    columns = ["week", "channel", *[m.value for m in plan_measures(PLAN)]]
    return pd.DataFrame(list(rows), columns=columns)


def refused(frame: pd.DataFrame) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        check_weeks(frame, PLAN)
    return caught.value


# --- Measures ---------------------------------------------------------------------------------


def test_a_plan_shows_activity_its_funnel_steps_deals_and_money() -> None:
    assert [m.value for m in plan_measures(PLAN)] == [
        "activity",
        "connection",
        "reply",
        "meeting_booked",
        "meeting_held",
        "won",
        "lost",
        "revenue",
        "cost",
    ]


def test_a_b2c_plan_has_visits_but_no_meetings() -> None:
    plan = build_scenario("retail_b2c", "en", MON)
    assert [m.value for m in plan_measures(plan)] == [
        "activity",
        "visit",
        "won",
        "lost",
        "revenue",
        "cost",
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 1, 5), dt.date(2026, 1, 5)),
        (dt.date(2026, 1, 7), dt.date(2026, 1, 5)),
        (dt.date(2026, 1, 11), dt.date(2026, 1, 5)),
        (dt.date(2026, 1, 1), dt.date(2025, 12, 29)),
    ],
)
def test_a_week_is_written_as_its_monday(day: dt.date, expected: dt.date) -> None:
    assert monday(day) == expected


# --- A valid table ----------------------------------------------------------------------------


def test_a_week_of_calls_becomes_entries_without_the_blank_cells() -> None:
    checked = check_weeks(
        table({"week": MON, "channel": "phone", "activity": 120, "meeting_booked": 4}), PLAN
    )
    assert checked.entries.to_dict("records") == [
        {"week": pd.Timestamp(MON), "channel": "phone", "measure": "activity", "value": 120.0},
        {"week": pd.Timestamp(MON), "channel": "phone", "measure": "meeting_booked", "value": 4.0},
    ]
    assert checked.moved == ()
    assert checked.pending == ()


def test_a_zero_is_kept_but_a_blank_cell_is_not() -> None:
    checked = check_weeks(table({"week": MON, "channel": "phone", "activity": 0}), PLAN)
    assert checked.entries[["measure", "value"]].to_dict("records") == [
        {"measure": "activity", "value": 0.0}
    ]


@pytest.mark.parametrize(
    "week", [TUE, "2026-01-06", "06/01/2026", pd.Timestamp(TUE), np.datetime64("2026-01-06")]
)
def test_any_day_or_date_form_is_kept_as_its_monday_and_said_so(week: Any) -> None:
    checked = check_weeks(table({"week": week, "channel": "phone", "activity": 1}), PLAN)
    assert checked.entries["week"].tolist() == [pd.Timestamp(MON)]
    assert checked.moved == (1,)


def test_a_channel_may_be_typed_by_its_name() -> None:
    checked = check_weeks(table({"week": MON, "channel": "cold CALLS", "activity": 1}), PLAN)
    assert checked.entries["channel"].tolist() == ["phone"]


@pytest.mark.parametrize(
    "row",
    [
        {"week": None, "channel": None},
        {"week": MON, "channel": "phone"},
        {"week": MON, "channel": None},
    ],
    ids=["blank", "week-and-channel", "week-only"],
)
def test_a_row_without_any_number_is_pending_not_refused(row: dict[str, Any]) -> None:
    checked = check_weeks(table({"week": NEXT, "channel": "phone", "activity": 3}, row), PLAN)
    assert checked.pending == (2,)
    assert len(checked.entries) == 1


def test_money_may_have_cents_and_text_numbers_are_read_the_french_way() -> None:
    row = {"week": MON, "channel": "phone", "won": "2", "revenue": "1 234,5", "cost": 19.99}
    checked = check_weeks(table(row), PLAN)
    values = dict(zip(checked.entries["measure"], checked.entries["value"], strict=True))
    assert values == {"won": 2.0, "revenue": 1234.5, "cost": 19.99}


# --- Bad input: each kind its own test, the row and the column named ---------------------------


@pytest.mark.parametrize(
    ("row", "column", "english"),
    [
        ({"week": "next monday", "activity": 1}, "week", "“next monday” is not a date"),
        ({"week": "31/02/2026", "activity": 1}, "week", "“31/02/2026” is not a date"),
        ({"week": None, "activity": 1}, "week", "is empty"),
        ({"week": dt.date(1999, 12, 31), "activity": 1}, "week", "Dec 31, 1999 is before"),
        ({"week": dt.date(2027, 7, 6), "activity": 1}, "week", "more than a year after the end"),
        ({"channel": "fax", "activity": 1}, "channel", "“fax” is not a channel of this plan"),
        ({"channel": None, "activity": 1}, "channel", "is empty"),
        ({"activity": -3}, "activity", "-3 is negative"),
        ({"activity": 2.5}, "activity", "2.50 is not a whole number"),
        ({"meeting_held": "abc"}, "meeting_held", "“abc” is not a number"),
        ({"activity": math.inf}, "activity", "“inf” is not a finite number"),
        ({"activity": math.nan, "won": True}, "won", "“True” is not a number"),
        ({"activity": MAX_COUNT + 1}, "activity", "more than the 1,000,000 a cell takes"),
        ({"revenue": -10.0}, "revenue", "-10 is negative"),
        ({"cost": "-0,5"}, "cost", "-0.50 is negative"),
    ],
    ids=[
        "text-week",
        "impossible-date",
        "missing-week",
        "before-2000",
        "after-the-plan",
        "unknown-channel",
        "missing-channel",
        "negative-count",
        "fractional-count",
        "text-number",
        "infinite",
        "boolean",
        "absurd-count",
        "negative-revenue",
        "negative-cost",
    ],
)
def test_a_bad_cell_is_refused_naming_its_row_and_column(
    row: dict[str, Any], column: str, english: str
) -> None:
    good = {"week": MON, "channel": "phone", "activity": 10}
    bad = {"week": NEXT, "channel": "phone"} | row
    error = refused(table(good, bad))
    (problem,) = error.problems
    assert (problem.params["row"], problem.params["column"]) == (2, column)
    assert english in problem.message("en")
    assert problem.message("en").startswith("row 2, “")


def test_a_problem_reads_in_french_with_the_column_as_its_header() -> None:
    error = refused(table({"week": MON, "channel": "phone", "meeting_held": -1}))
    assert error.messages("fr") == [
        "ligne 1, «\xa0RDV tenus\xa0»\xa0: -1 est négatif\xa0: tapez 0 ou plus"
    ]
    assert error.messages("en") == ["row 1, “Meetings held”: -1 is negative: type 0 or more"]


def test_the_same_week_and_channel_twice_names_both_rows() -> None:
    error = refused(
        table(
            {"week": MON, "channel": "phone", "activity": 10},
            {"week": MON, "channel": "linkedin", "activity": 10},
            {"week": TUE, "channel": "phone", "activity": 5},
        )
    )
    (problem,) = error.problems
    assert (problem.params["row"], problem.params["first"]) == (3, 1)
    assert problem.message("en") == (
        "row 3, “Week (Monday)”: the week of Jan 5, 2026 for Cold calls is already on row 1: "
        "put its figures in one row"
    )


def test_every_problem_is_listed_at_once() -> None:
    error = refused(
        table(
            {"week": "x", "channel": "fax", "activity": -1},
            {"week": MON, "channel": "phone", "won": 0.5},
        )
    )
    cells = [(p.params["row"], p.params["column"]) for p in error.problems]
    assert cells == [(1, "week"), (1, "channel"), (1, "activity"), (2, "won")]


def test_a_pending_row_with_a_bad_week_is_still_refused() -> None:
    error = refused(table({"week": "soon", "channel": "phone"}))
    assert [p.params["column"] for p in error.problems] == ["week"]


def test_an_unknown_column_is_refused() -> None:
    frame = table({"week": MON, "channel": "phone", "activity": 1}).assign(calls=3)
    error = refused(frame)
    assert error.messages("en") == ["unknown column “calls”"]


def test_a_table_adding_up_to_too_many_events_is_refused() -> None:
    rows = [
        {"week": MON + dt.timedelta(weeks=i), "channel": "phone", "activity": MAX_COUNT}
        for i in range(3)
    ]
    error = refused(table(*rows))
    assert "the table adds up to 3,000,000 activities and steps" in error.messages("en")[0]


# --- Warnings: shown, never refused -----------------------------------------------------------


def warnings_of(*rows: dict[str, Any]) -> list[str]:
    return [w.message("en") for w in weekly_warnings(check_weeks(table(*rows), PLAN).entries, PLAN)]


def test_more_meetings_held_than_booked_so_far_is_flagged() -> None:
    assert warnings_of(
        {"week": MON, "channel": "phone", "activity": 50, "meeting_booked": 2},
        {"week": NEXT, "channel": "phone", "activity": 50, "meeting_held": 3},
    ) == [
        "week of Jan 12, 2026, Cold calls: 3 meetings held so far but only 2 booked: "
        "type the meetings booked too"
    ]


def test_meetings_held_a_week_after_they_were_booked_are_fine() -> None:
    assert (
        warnings_of(
            {"week": MON, "channel": "phone", "activity": 50, "meeting_booked": 3},
            {"week": NEXT, "channel": "phone", "activity": 50, "meeting_held": 3},
        )
        == []
    )


def test_deals_won_without_any_activity_are_flagged() -> None:
    assert warnings_of({"week": MON, "channel": "phone", "won": 1, "revenue": 900}) == [
        "week of Jan 5, 2026, Cold calls: deals won, but no activity entered on this channel "
        "up to this week"
    ]


def test_revenue_without_a_deal_won_is_flagged_as_counting_one_deal() -> None:
    found = warnings_of({"week": MON, "channel": "phone", "activity": 10, "revenue": 900})
    assert found == [
        "week of Jan 5, 2026, Cold calls: revenue without any deal won: it counts as one deal "
        "won; type the number of deals won if there were more"
    ]


def test_a_step_outside_the_channels_funnel_is_flagged() -> None:
    found = warnings_of({"week": MON, "channel": "phone", "activity": 40, "reply": 1})
    assert found == [
        "Cold calls: “Replies” is not a step of this channel’s funnel: its stage rates leave it out"
    ]


def test_warnings_read_in_french() -> None:
    entries = check_weeks(
        table({"week": MON, "channel": "phone", "activity": 10, "revenue": 900}), PLAN
    ).entries
    (warning,) = weekly_warnings(entries, PLAN)
    assert warning.message("fr").startswith("semaine du 5 janv. 2026, Cold calls\xa0: ")
    assert "compte comme une affaire gagnée" in warning.message("fr")


# --- Events: the counts as unnamed events of the log, counted by hand ------------------------


def entries(*records: tuple[dt.date, str, str, float]) -> pd.DataFrame:
    return entries_frame(records)


def test_each_count_becomes_as_many_events_dated_the_monday() -> None:
    log = weekly_events(
        entries(
            (MON, "phone", "activity", 3),
            (MON, "phone", "connection", 2),
            (MON, "phone", "meeting_booked", 1),
            (MON, "phone", "lost", 1),
            (NEXT, "linkedin", "activity", 2),
            (NEXT, "linkedin", "reply", 1),
        )
    )
    assert list(zip(log["channel"], log["event"], strict=True)) == [
        ("phone", "activity"),
        ("phone", "activity"),
        ("phone", "activity"),
        ("phone", "connection"),
        ("phone", "connection"),
        ("phone", "meeting_booked"),
        ("phone", "lost"),
        ("linkedin", "activity"),
        ("linkedin", "activity"),
        ("linkedin", "reply"),
    ]
    assert log["date"].dt.date.tolist() == [MON] * 7 + [NEXT] * 3
    assert log["prospect"].isna().all()
    assert log["amount"].isna().all()
    assert log.dtypes.to_dict() == empty_log().dtypes.to_dict()


def test_k_deals_won_share_the_revenue_and_a_cost_is_one_event() -> None:
    log = weekly_events(
        entries(
            (MON, "phone", "activity", 10),
            (MON, "phone", "won", 4),
            (MON, "phone", "revenue", 1000.0),
            (MON, "phone", "cost", 75.5),
        )
    )
    won = log[log["event"] == "won"]
    assert won["amount"].tolist() == [250.0, 250.0, 250.0, 250.0]
    assert log[log["event"] == "cost"]["amount"].tolist() == [75.5]
    assert len(log) == 10 + 4 + 1


def test_revenue_without_a_deal_won_is_one_sale_of_that_amount() -> None:
    log = weekly_events(entries((MON, "phone", "revenue", 900.0)))
    assert log[["event", "amount"]].to_dict("records") == [{"event": "won", "amount": 900.0}]


def test_deals_won_without_revenue_have_no_amount() -> None:
    log = weekly_events(entries((MON, "phone", "won", 2), (MON, "phone", "revenue", 0.0)))
    assert log["event"].tolist() == ["won", "won"]
    assert log["amount"].isna().all()


def test_zeros_give_no_events() -> None:
    assert weekly_events(entries((MON, "phone", "activity", 0), (MON, "phone", "cost", 0))).empty


def test_the_sum_of_events_matches_the_table() -> None:
    rng = np.random.default_rng(7)
    records = [
        (MON + dt.timedelta(weeks=w), channel, measure.value, float(rng.integers(0, 50)))
        for w in range(26)
        for channel in ("phone", "linkedin")
        for measure in (Measure.ACTIVITY, Measure.REPLY, Measure.WON, Measure.LOST)
    ]
    log = weekly_events(entries(*records))
    typed = pd.DataFrame(records, columns=["week", "channel", "measure", "value"])
    expected = typed.groupby("measure")["value"].sum().astype(int).to_dict()
    assert log["event"].value_counts().to_dict() == {k: v for k, v in expected.items() if v}


def test_the_log_joins_imported_events_and_weekly_ones() -> None:
    imported = weekly_events(entries((NEXT, "phone", "won", 1), (NEXT, "phone", "revenue", 500)))
    imported["prospect"] = "acme"
    log = combined_log(imported, entries((MON, "phone", "activity", 2)))
    assert log["event"].tolist() == ["activity", "activity", "won"]
    assert combined_log(imported, entries()).equals(imported)


def test_the_kpis_and_stage_rates_read_the_weekly_events() -> None:
    log = weekly_events(
        entries(
            (MON, "phone", "activity", 200),
            (MON, "phone", "connection", 40),
            (NEXT, "phone", "won", 3),
            (NEXT, "phone", "revenue", 4500.0),
        )
    )
    report = kpis.compute_kpis(log, PLAN, MON, NEXT + dt.timedelta(days=6))
    assert report.kpi("revenue").value == pytest.approx(4500.0)
    assert report.kpi("new_customers").value == 3
    assert report.kpi("average_basket").value == pytest.approx(1500.0)
    rates = kpis.stage_rates(log, PLAN, MON, NEXT + dt.timedelta(days=6))
    connect = rates[(rates["channel"] == "phone") & (rates["stage"] == "connect")]
    assert (connect["n"].iloc[0], connect["k"].iloc[0]) == (200, 40)


# --- The table as the editor shows it, and filling the weeks ---------------------------------


def test_entries_shown_as_rows_check_back_to_the_same_entries() -> None:
    typed = entries(
        (MON, "phone", "activity", 10),
        (MON, "phone", "won", 1),
        (NEXT, "linkedin", "reply", 2),
    )
    rows = table_rows(typed, plan_measures(PLAN))
    assert rows[0] == {
        "week": MON,
        "channel": "phone",
        "activity": 10.0,
        "connection": None,
        "reply": None,
        "meeting_booked": None,
        "meeting_held": None,
        "won": 1.0,
        "lost": None,
        "revenue": None,
        "cost": None,
    }
    assert check_weeks(table(*rows), PLAN).entries.equals(typed)


def test_filling_adds_each_week_up_to_today_and_each_channel_without_a_row() -> None:
    added = weeks_to_fill(PLAN, entries((MON, "phone", "activity", 5)), dt.date(2026, 1, 14))
    assert list(zip(added["week"].dt.date, added["channel"], strict=True)) == [
        (MON, "linkedin"),
        (NEXT, "linkedin"),
        (NEXT, "phone"),
    ]
    assert set(added["measure"]) == {"activity"}
    assert set(added["value"]) == {0.0}


@pytest.mark.parametrize(
    ("today", "weeks"),
    [(dt.date(2025, 6, 1), 1), (dt.date(2026, 1, 5), 1), (dt.date(2030, 1, 1), 26)],
    ids=["before-the-plan", "its-first-day", "after-its-end"],
)
def test_filling_covers_at_least_the_first_week_and_at_most_the_plan(
    today: dt.date, weeks: int
) -> None:
    added = weeks_to_fill(PLAN, entries(), today)
    assert added["week"].nunique() == weeks
    assert len(added) == weeks * len(PLAN.channels)
