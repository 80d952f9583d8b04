"""Customer counts saved per plan in a real SQLite workspace: round trip, stale write refused."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from planner.storage import PlanNotFound, create_plan, delete_plan
from planner.storage.retention import CountsChanged, counts_snapshot, save_counts
from planner.tracking.retention import CountRow, counts_from_rows
from tests.factories import make_plan


def counts(*rows: tuple[str, int, int, int]) -> tuple[CountRow, ...]:
    checked = counts_from_rows({"period": p, "start": s, "new": n, "end": e} for p, s, n, e in rows)
    assert not checked.problems
    return checked.rows


def shown(rows: list[CountRow]) -> list[tuple[str, int, int, int]]:
    return [(r.period.key, r.start, r.new, r.end) for r in rows]


def test_saved_counts_come_back_in_period_order(workspace: Engine) -> None:
    plan_id = create_plan(workspace, make_plan()).id
    rows = counts(
        ("T2 2026", 420, 50, 430), ("janv. 2026", 100, 10, 105), ("févr. 2026", 105, 3, 104)
    )
    version = save_counts(workspace, plan_id, rows)
    loaded, again = counts_snapshot(workspace, plan_id)
    assert shown(loaded) == [
        ("2026-01", 100, 10, 105),
        ("2026-02", 105, 3, 104),
        ("2026-Q2", 420, 50, 430),
    ]
    assert again == version != ""


def test_each_plan_keeps_its_own_counts(workspace: Engine) -> None:
    first = create_plan(workspace, make_plan()).id
    second = create_plan(workspace, make_plan()).id
    save_counts(workspace, first, counts(("2026-01", 100, 10, 105)))
    assert counts_snapshot(workspace, second) == ([], "")


def test_a_save_over_counts_another_tab_changed_is_refused_and_writes_nothing(
    workspace: Engine,
) -> None:
    plan_id = create_plan(workspace, make_plan()).id
    read = save_counts(workspace, plan_id, counts(("2026-01", 100, 10, 105)))
    save_counts(workspace, plan_id, counts(("2026-01", 100, 10, 106)), expected=read)  # tab B
    with pytest.raises(CountsChanged):  # tab A still holds the version it read
        save_counts(workspace, plan_id, counts(("2026-01", 1, 0, 1)), expected=read)
    assert shown(counts_snapshot(workspace, plan_id)[0]) == [("2026-01", 100, 10, 106)]


def test_saving_an_empty_table_clears_the_plan_counts(workspace: Engine) -> None:
    plan_id = create_plan(workspace, make_plan()).id
    version = save_counts(workspace, plan_id, counts(("2026-01", 100, 10, 105)))
    assert save_counts(workspace, plan_id, (), expected=version) == ""
    assert counts_snapshot(workspace, plan_id) == ([], "")


def test_counts_of_a_missing_plan_are_refused(workspace: Engine) -> None:
    with pytest.raises(PlanNotFound):
        save_counts(workspace, "nope", counts(("2026-01", 100, 10, 105)))


def test_deleting_a_plan_deletes_its_counts(workspace: Engine) -> None:
    plan_id = create_plan(workspace, make_plan()).id
    save_counts(workspace, plan_id, counts(("2026-01", 100, 10, 105)))
    delete_plan(workspace, plan_id)
    assert counts_snapshot(workspace, plan_id) == ([], "")
