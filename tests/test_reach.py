"""Stages a prospect reached without a row saying so: a CRM snapshot read as a funnel."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from planner.tracking.kpis import compute_kpis, stage_rates
from planner.tracking.prepared_log import KINDS, prepare_log
from planner.tracking.reach import with_reached_stages
from tests.factories import make_plan
from tests.test_kpis import _log

JAN, FEB = dt.date(2026, 1, 1), dt.date(2026, 2, 28)
Row = tuple[str, str | None, str, str, float | None, str | None, str | None]
# The test plan's phone funnel: connection → meeting booked → meeting held → won.
# A CRM export: each deal once, at its current stage, dated when it got there.
SNAPSHOT: list[Row] = [
    ("2026-01-05", "d1", "phone", "meeting_booked", None, "smb", "ann"),
    ("2026-01-06", "d2", "phone", "meeting_held", None, "smb", "ann"),
    ("2026-01-20", "d3", "phone", "won", 1000.0, "mid", "bob"),
    ("2026-01-22", "d4", "phone", "won", 2000.0, "smb", "bob"),
    ("2026-01-07", "d5", "phone", "connection", None, "smb", "ann"),
    ("2026-01-09", None, "phone", "connection", None, "smb", "ann"),  # unnamed: implies nothing
]


def _day(text: str) -> int:
    return int(np.datetime64(text, "D").astype(np.int64))


def test_a_crm_snapshot_reads_as_how_many_deals_reached_each_stage() -> None:
    phone = stage_rates(_log(SNAPSHOT), make_plan(), JAN, FEB).query("channel == 'phone'")

    # connections d1–d5 and the unnamed one; booked d1–d4; held d2–d4; won d3, d4
    assert phone["n"].tolist() == [0, 6, 4, 3]
    assert phone["k"].tolist() == [6, 4, 3, 2]
    assert phone["rate"].tolist()[1:] == pytest.approx([4 / 6, 3 / 4, 2 / 3])
    assert (phone["rate"].dropna() <= 1.0).all()


def test_implied_events_are_dated_when_a_later_stage_was_reached_without_amount() -> None:
    log = with_reached_stages(prepare_log(_log(SNAPSHOT)), make_plan())

    assert log.implied is not None
    added = np.flatnonzero(log.implied)
    assert len(added) == 1 + 2 + 3 + 3  # d1, d2, d3, d4 fill the stages before theirs
    assert np.isnan(log.amount[added]).all()
    d3 = added[log.prospect[added] == log.prospect[2]]
    assert sorted(KINDS[k] for k in log.kind[d3]) == [
        "connection",
        "meeting_booked",
        "meeting_held",
    ]
    assert set(log.day[d3].tolist()) == {_day("2026-01-20")}
    assert with_reached_stages(log, make_plan()) is log  # done once


def test_a_log_recording_every_step_implies_nothing() -> None:
    steps = ["activity", "connection", "meeting_booked", "meeting_held", "won"]
    rows: list[Row] = [
        (f"2026-01-{5 + i:02d}", "p1", "phone", kind, None, "smb", "ann")
        for i, kind in enumerate(steps)
    ]

    log = with_reached_stages(prepare_log(_log(rows)), make_plan())

    assert log.implied is not None and not log.implied.any()


def test_a_stage_the_channel_never_records_is_not_filled_in() -> None:
    rows = [r for r in SNAPSHOT if r[3] != "meeting_held"]

    log = with_reached_stages(prepare_log(_log(rows)), make_plan())
    phone = stage_rates(log, make_plan(), JAN, FEB).set_index("to_kind")

    assert log.implied is not None
    assert KINDS.index("meeting_held") not in log.kind[log.implied]
    assert phone.loc["meeting_held", "status"] == "not_recorded"
    assert phone.loc["won", "status"] == "no_data"  # nothing to divide by


def test_implied_meetings_count_in_a_segments_objective() -> None:
    found = {
        o.objective_id: o for o in compute_kpis(_log(SNAPSHOT), make_plan(), JAN, FEB).objectives
    }

    # smb meetings booked: d1's, and d2's and d4's implied by their later stages (d3 is mid)
    weeks = ((FEB - JAN).days + 1) / 7
    assert found["meetings"].value == pytest.approx(3 / weeks * (365.25 / 12 / 7))


def test_a_rate_over_100_percent_is_not_judged() -> None:
    # Three meetings booked in January, four held in February: one was booked in December.
    rows: list[Row] = [
        *(
            (f"2026-01-{5 + i:02d}", f"p{i}", "phone", "meeting_booked", None, "smb", "ann")
            for i in range(3)
        ),
        *(
            (f"2026-02-{5 + i:02d}", f"p{i}", "phone", "meeting_held", None, "smb", "ann")
            for i in range(3)
        ),
        ("2025-12-15", "p9", "phone", "meeting_booked", None, "smb", "ann"),
        ("2026-02-10", "p9", "phone", "meeting_held", None, "smb", "ann"),
    ]

    phone = stage_rates(_log(rows), make_plan(), JAN, FEB).set_index("to_kind")

    assert (phone.loc["meeting_held", "n"], phone.loc["meeting_held", "k"]) == (3, 4)
    assert phone.loc["meeting_held", "status"] == "over_previous"
