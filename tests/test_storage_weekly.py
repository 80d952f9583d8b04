"""Weekly rows in the workspace database: round trip, replace-all in one transaction, versions."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from planner.storage import PlanNotFound, connect, create_plan, delete_plan
from planner.storage.weekly import (
    WeeklyChanged,
    WeeklyValueInvalid,
    load_weekly,
    save_weekly,
    weekly_snapshot,
    weekly_version,
)
from planner.tracking.weekly import entries_frame
from tests.factories import make_plan

MON, NEXT = dt.date(2026, 1, 5), dt.date(2026, 1, 12)
FIRST = entries_frame(
    [
        (MON, "phone", "activity", 120.0),
        (MON, "phone", "meeting_booked", 4.0),
        (MON, "phone", "revenue", 1234.56),
        (MON, "linkedin", "activity", 0.0),
    ]
)
SECOND = entries_frame([(NEXT, "phone", "activity", 80.0)])


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = connect(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def plan_id(engine: Engine) -> str:
    return create_plan(engine, make_plan()).id


def test_a_plan_without_weekly_rows_loads_an_empty_table(engine: Engine, plan_id: str) -> None:
    assert load_weekly(engine, plan_id).empty
    assert weekly_version(engine, plan_id) == ""


def test_saved_rows_load_back_the_same_zeros_included(engine: Engine, plan_id: str) -> None:
    save_weekly(engine, plan_id, FIRST)
    pd.testing.assert_frame_equal(load_weekly(engine, plan_id), FIRST)


def test_a_save_replaces_every_row_of_the_plan(engine: Engine, plan_id: str) -> None:
    save_weekly(engine, plan_id, FIRST)
    save_weekly(engine, plan_id, SECOND)
    pd.testing.assert_frame_equal(load_weekly(engine, plan_id), SECOND)


def test_saving_an_empty_table_deletes_the_rows(engine: Engine, plan_id: str) -> None:
    save_weekly(engine, plan_id, FIRST)
    assert save_weekly(engine, plan_id, entries_frame([])) == ""
    assert load_weekly(engine, plan_id).empty


def test_another_plans_rows_are_left_alone(engine: Engine, plan_id: str) -> None:
    other = create_plan(engine, make_plan()).id
    save_weekly(engine, other, FIRST)
    save_weekly(engine, plan_id, SECOND)
    pd.testing.assert_frame_equal(load_weekly(engine, other), FIRST)


def test_a_failure_in_the_middle_of_a_save_leaves_the_previous_rows(
    engine: Engine, plan_id: str
) -> None:
    version = save_weekly(engine, plan_id, FIRST)
    # The old rows are deleted first; the same cell twice then fails the primary key.
    broken = entries_frame([(NEXT, "phone", "activity", 80.0), (NEXT, "phone", "activity", 9.0)])
    with pytest.raises(sa.exc.IntegrityError):
        save_weekly(engine, plan_id, broken)
    pd.testing.assert_frame_equal(load_weekly(engine, plan_id), FIRST)
    assert weekly_version(engine, plan_id) == version


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_value_that_is_not_a_number_is_refused_before_the_database(
    engine: Engine, plan_id: str, bad: float
) -> None:
    version = save_weekly(engine, plan_id, FIRST)
    broken = entries_frame([(NEXT, "phone", "activity", 80.0), (NEXT, "phone", "won", bad)])
    with pytest.raises(WeeklyValueInvalid) as refused:
        save_weekly(engine, plan_id, broken, expected=version)
    assert "2026-01-12" in refused.value.message("fr") and "phone" in refused.value.message("en")
    assert "Rien n’a été enregistré" in refused.value.message("fr")
    assert "Nothing was saved" in refused.value.message("en")
    pd.testing.assert_frame_equal(load_weekly(engine, plan_id), FIRST)
    assert weekly_version(engine, plan_id) == version


def test_the_version_changes_with_any_value_and_only_then(engine: Engine, plan_id: str) -> None:
    version = save_weekly(engine, plan_id, FIRST)
    assert version == weekly_version(engine, plan_id) != ""
    assert save_weekly(engine, plan_id, FIRST) == version
    changed = FIRST.assign(value=FIRST["value"].where(FIRST["measure"] != "activity", 121.0))
    assert save_weekly(engine, plan_id, changed) != version


def test_the_snapshot_is_the_rows_with_their_version(engine: Engine, plan_id: str) -> None:
    version = save_weekly(engine, plan_id, FIRST)
    rows, read = weekly_snapshot(engine, plan_id)
    pd.testing.assert_frame_equal(rows, FIRST)
    assert read == version


def test_a_save_from_a_stale_table_is_refused_and_writes_nothing(
    engine: Engine, plan_id: str
) -> None:
    seen = weekly_version(engine, plan_id)
    save_weekly(engine, plan_id, FIRST, expected=seen)  # this tab saves
    with pytest.raises(WeeklyChanged):
        save_weekly(engine, plan_id, SECOND, expected=seen)  # the other tab, from what it read
    pd.testing.assert_frame_equal(load_weekly(engine, plan_id), FIRST)


def test_rows_of_an_unknown_plan_are_refused(engine: Engine) -> None:
    with pytest.raises(PlanNotFound):
        save_weekly(engine, "no-such-plan", FIRST)


def test_deleting_a_plan_deletes_its_weekly_rows(engine: Engine, plan_id: str) -> None:
    save_weekly(engine, plan_id, FIRST)
    delete_plan(engine, plan_id)
    assert load_weekly(engine, plan_id).empty
