"""Customer counts for retention in the workspace database: save a plan's table at once, load.

The table is planner.storage.schema.retention_counts: one row per plan and period (its key,
planner.tracking.retention.Period.key). A save replaces every row of the plan in one
transaction, refused when the rows changed since the caller read them (another tab saved).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from planner.storage.plans import PlanNotFound
from planner.storage.schema import plans, retention_counts
from planner.tracking.retention import CountRow, period_order, rows_from_keys

_TABLE = retention_counts


class CountsChanged(RuntimeError):
    """The plan's customer counts changed since they were read: the save is refused."""


def _rows(conn: sa.Connection, plan_id: str) -> list[Any]:
    query = (
        sa.select(
            _TABLE.c.period,
            _TABLE.c.customers_start,
            _TABLE.c.new_customers,
            _TABLE.c.customers_end,
        )
        .where(_TABLE.c.plan_id == plan_id)
        .order_by(_TABLE.c.period)
    )
    return list(conn.execute(query).all())


def _version(rows: list[Any]) -> str:
    """A short text that changes whenever any row changes; "" when there is none."""
    if not rows:
        return ""
    digest = hashlib.sha256()
    for period, start, new, end in rows:
        digest.update(f"{period}|{int(start)}|{int(new)}|{int(end)}\n".encode())
    return f"{len(rows)}-{digest.hexdigest()[:16]}"


def counts_snapshot(engine: Engine, plan_id: str) -> tuple[list[CountRow], str]:
    """A plan's customer counts in period order (numbered from 1), and their version."""
    with engine.connect() as conn:
        rows = _rows(conn, plan_id)
    stored = [(str(p), int(s), int(n), int(e)) for p, s, n, e in rows]
    return rows_from_keys(sorted(stored, key=lambda r: period_order(r[0]))), _version(rows)


def save_counts(
    engine: Engine, plan_id: str, rows: Sequence[CountRow], *, expected: str | None = None
) -> str:
    """Replace all of a plan's customer counts by `rows` in one transaction; the new version.

    With `expected` (a version read earlier), CountsChanged when the rows changed since.
    Nothing is written when anything fails.
    """
    values = [
        {
            "plan_id": plan_id,
            "period": row.period.key,
            "customers_start": row.start,
            "new_customers": row.new,
            "customers_end": row.end,
        }
        for row in rows
    ]
    with engine.begin() as conn:
        exists = conn.execute(sa.select(plans.c.id).where(plans.c.id == plan_id)).first()
        if exists is None:
            raise PlanNotFound(plan_id)
        if expected is not None and _version(_rows(conn, plan_id)) != expected:
            raise CountsChanged(plan_id)
        conn.execute(_TABLE.delete().where(_TABLE.c.plan_id == plan_id))
        if values:
            conn.execute(_TABLE.insert(), values)
        return _version(_rows(conn, plan_id))
