"""Typing weekly results by hand on the Tracking page, as a user does, through AppTest."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner.storage.weekly import load_weekly, save_weekly
from planner.tracking.weekly import entries_frame
from tests.apptest import shown
from tests.test_app_tracking import metric, open_tracking, stored, with_events

TABLE = "trk_weekly"
FIRST_WEEK = dt.date(2027, 1, 4)  # the demo plans start on this Monday


def type_rows(at: AppTest, *rows: dict[str, Any]) -> AppTest:
    """Add rows to the weekly table as the user does in the grid, then let the page rerun."""
    at.session_state[TABLE] = {"edited_rows": {}, "added_rows": list(rows), "deleted_rows": []}
    return at.run()


def edit(at: AppTest, **changes: Any) -> AppTest:
    """Change cells of the weekly table: edit(at, edited_rows={0: {...}}, deleted_rows=[1])."""
    at.session_state[TABLE] = {"edited_rows": {}, "added_rows": [], "deleted_rows": []} | changes
    return at.run()


def saved(engine: Engine, plan_id: str) -> dict[tuple[str, str], float]:
    rows = load_weekly(engine, plan_id)
    return {
        (str(c), str(m)): float(v)
        for c, m, v in zip(rows["channel"], rows["measure"], rows["value"], strict=True)
    }


def errors(at: AppTest) -> str:
    return "\n".join(shown(e) for e in at.error)


def warnings(at: AppTest) -> str:
    return "\n".join(shown(w) for w in at.warning)


CALLS = {
    "week": "2027-01-06",
    "channel": "phone",
    "activity": 50,
    "conversation": 10,
    "meeting_booked": 3,
    "meeting_held": 2,
}


@pytest.mark.parametrize(
    ("lang", "title", "saved_message", "events"),
    [
        ("en", "Weekly results typed by hand", "Weekly table saved.", "65 events in this period."),
        (
            "fr",
            "Résultats de la semaine saisis à la main",
            "Tableau hebdomadaire enregistré.",
            "65 événements sur cette période.",
        ),
    ],
)
def test_a_week_of_calls_and_meetings_is_saved_and_the_kpis_show_up(
    workspace: Engine, lang: str, title: str, saved_message: str, events: str
) -> None:
    plan_id = stored(workspace, lang)
    at = open_tracking(plan_id, lang)
    assert title in [s.value for s in at.subheader]
    assert not at.metric  # nothing recorded yet: no KPI section

    at = type_rows(at, CALLS)

    assert not at.exception
    assert not at.error
    assert saved_message in [s.value for s in at.success]
    assert saved(workspace, plan_id) == {
        ("phone", "activity"): 50.0,
        ("phone", "conversation"): 10.0,
        ("phone", "meeting_booked"): 3.0,
        ("phone", "meeting_held"): 2.0,
    }
    assert load_weekly(workspace, plan_id)["week"].dt.date.unique().tolist() == [FIRST_WEEK]
    assert at.metric  # the KPIs section shows up
    assert events in [c.value for c in at.caption]


def test_the_table_shows_the_saved_week_after_a_reload(workspace: Engine) -> None:
    plan_id = stored(workspace)
    type_rows(open_tracking(plan_id), CALLS)
    at = open_tracking(plan_id)  # a new tab
    (table,) = [d for d in at.dataframe if "meeting_booked" in d.value.columns] or [None]
    # The editor holds each number as the page's language writes it.
    assert table is None or table.value["activity"].tolist() == ["50"]
    assert "Entered in all: 50 activities, 0 deals won, €0.00 of revenue, €0.00 of costs." in [
        c.value for c in at.caption
    ]


def test_deals_won_with_their_revenue_show_in_the_revenue_kpi(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = type_rows(
        open_tracking(plan_id),
        CALLS | {"won": 2, "revenue": 3000.5},
    )
    assert not at.exception
    assert metric(at, "Revenue") == "€3,000.50"
    assert metric(at, "Average basket") == "€1,500.25"


def test_the_revenue_kpi_reads_in_french(workspace: Engine) -> None:
    plan_id = stored(workspace, "fr")
    at = type_rows(open_tracking(plan_id, "fr"), CALLS | {"won": 2, "revenue": 3000.5})
    assert metric(at, "Chiffre d’affaires généré") == "3\u202f000,50\xa0€"
    assert any("3\u202f000,50\xa0€ de chiffre d’affaires" in c.value for c in at.caption)


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "row 1, “Meetings held”: -2 is negative: type 0 or more"),
        ("fr", "ligne 1, «\xa0RDV tenus\xa0»\xa0: -2 est négatif\xa0: tapez 0 ou plus"),
    ],
)
def test_a_negative_count_names_the_cell_and_nothing_is_saved(
    workspace: Engine, lang: str, message: str
) -> None:
    plan_id = stored(workspace, lang)
    at = type_rows(open_tracking(plan_id, lang), CALLS | {"meeting_held": -2})
    assert not at.exception
    assert message in errors(at)
    assert load_weekly(workspace, plan_id).empty
    assert not at.metric


def test_a_fractional_count_and_an_unknown_channel_are_both_named(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = type_rows(
        open_tracking(plan_id),
        CALLS | {"activity": 2.5},
        {"week": "2027-01-11", "channel": "fax", "activity": 3},
    )
    assert "row 1, “Activities”: 2.50 is not a whole number" in errors(at)
    assert "row 2, “Channel”: “fax” is not a channel of this plan" in errors(at)
    assert "Not saved" in errors(at)
    assert load_weekly(workspace, plan_id).empty


def test_the_same_week_and_channel_twice_is_refused_naming_both_rows(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = type_rows(open_tracking(plan_id), CALLS, CALLS | {"week": "2027-01-08"})
    assert (
        "row 2, “Week (Monday)”: the week of Jan 4, 2027 for Cold calling is already on row 1"
        in (errors(at))
    )
    assert load_weekly(workspace, plan_id).empty


def test_a_date_long_before_the_plan_is_refused(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = type_rows(open_tracking(plan_id), CALLS | {"week": "1927-01-04"})
    assert "row 1, “Week (Monday)”: Jan 4, 1927 is before Jan 1, 2000" in errors(at)
    assert load_weekly(workspace, plan_id).empty


def test_a_row_still_without_figures_waits_and_saves_nothing(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = type_rows(open_tracking(plan_id), {"week": "2027-01-04", "channel": "email"})
    assert not at.error
    assert any("Some rows have no figure yet (row numbers: 1)" in i.value for i in at.info)
    assert load_weekly(workspace, plan_id).empty


def test_a_saved_cell_is_changed_in_place(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = type_rows(open_tracking(plan_id), CALLS)
    at = edit(at, edited_rows={0: {"activity": 60}})
    assert not at.exception
    assert saved(workspace, plan_id)[("phone", "activity")] == 60.0
    assert "Weekly table saved." in [s.value for s in at.success]
    assert "changed in another tab" not in warnings(at)  # our own save is not another tab's


def test_a_cell_typed_after_filling_the_weeks_is_saved_without_a_false_alarm(
    workspace: Engine,
) -> None:
    plan_id = stored(workspace)
    at = open_tracking(plan_id)
    at.button(key="trk_weekly_fill").click().run()
    at = edit(at, edited_rows={0: {"activity": 12}})
    assert not at.exception
    assert "changed in another tab" not in warnings(at)
    assert 12.0 in saved(workspace, plan_id).values()


def test_a_deleted_row_is_gone_and_the_page_has_no_data_again(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = type_rows(open_tracking(plan_id), CALLS)
    at = edit(at, deleted_rows=[0])
    assert not at.exception
    assert load_weekly(workspace, plan_id).empty
    assert any("No data yet" in i.value for i in at.info)
    assert not at.metric


def test_inconsistent_figures_are_saved_with_a_warning(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = type_rows(
        open_tracking(plan_id),
        CALLS | {"meeting_booked": 1, "meeting_held": 3, "revenue": 900},
    )
    assert not at.error
    assert "3 meetings held so far but only 1 booked" in warnings(at)
    assert "revenue without any deal won: it counts as one deal won" in warnings(at)
    assert saved(workspace, plan_id)[("phone", "meeting_held")] == 3.0


def test_filling_the_weeks_adds_the_first_week_of_each_channel(workspace: Engine) -> None:
    plan_id = stored(workspace)  # the demo plan starts after today: its first week only
    at = open_tracking(plan_id)
    at.button(key="trk_weekly_fill").click().run()
    assert not at.exception
    assert "Rows added, one per week and channel: 3." in [s.value for s in at.success]
    rows = load_weekly(workspace, plan_id)
    assert sorted(rows["channel"]) == ["email", "linkedin", "phone"]
    assert set(rows["value"]) == {0.0}
    at.button(key="trk_weekly_fill").click().run()
    assert any("already has a row" in i.value for i in at.info)


def test_an_edit_over_rows_another_tab_changed_is_refused(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_tracking(plan_id)
    save_weekly(workspace, plan_id, entries_frame([(FIRST_WEEK, "email", "activity", 7.0)]))
    at = type_rows(at, CALLS)
    assert "changed in another tab" in warnings(at)
    assert saved(workspace, plan_id) == {("email", "activity"): 7.0}


def test_imported_events_and_weekly_rows_make_one_log(workspace: Engine) -> None:
    plan_id = stored(workspace)
    with_events(workspace, plan_id)  # 7 events, €7,000.50 of revenue; and 66 typed below
    at = type_rows(open_tracking(plan_id), CALLS | {"won": 1, "revenue": 1000})
    assert not at.exception
    assert metric(at, "Revenue") == "€8,000.50"
    assert "73 events in this period." in [c.value for c in at.caption]
