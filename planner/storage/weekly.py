"""Weekly actuals in the workspace database: save all of a plan's rows at once, load, version.

The table is planner.storage.schema.weekly_actuals: one row per plan, week (its Monday, ISO text),
channel and measure. A save replaces every row of the plan in one transaction, refused when
the rows changed since the caller read them (another tab saved in between).
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from planner.core.i18n import t
from planner.storage.events import load_events
from planner.storage.plans import PlanNotFound
from planner.storage.schema import plans, weekly_actuals
from planner.tracking.weekly import CHANNEL, WEEK, combined_log, empty_entries, entries_frame

_ORDER = (weekly_actuals.c.week, weekly_actuals.c.channel, weekly_actuals.c.measure)


class WeeklyChanged(RuntimeError):
    """The plan's weekly rows changed since they were read: the save is refused."""


class WeeklyValueInvalid(ValueError):
    """A weekly value is not a finite number (NaN, infinity): nothing is saved.

    Refused here, before the database: PostgreSQL would store a NaN that SQLite refuses.
    """

    def __init__(self, week: str, channel: str, measure: str, value: float) -> None:
        super().__init__(f"{week} {channel} {measure}: {value!r} is not a finite number")
        self.week, self.channel, self.measure, self.value = week, channel, measure, value

    def message(self, lang: str) -> str:
        """What the user reads, in their language."""
        return t(
            lang,
            "postgres.nan_value",
            week=self.week,
            channel=self.channel,
            measure=self.measure,
            value=str(self.value),
        )


def _rows(conn: sa.Connection, plan_id: str) -> list[Any]:
    query = (
        sa.select(weekly_actuals.c.week, *_ORDER[1:], weekly_actuals.c.value)
        .where(weekly_actuals.c.plan_id == plan_id)
        .order_by(*_ORDER)
    )
    return list(conn.execute(query).all())


def _version(rows: list[Any]) -> str:
    """A short text that changes whenever any row changes; "" when there is none."""
    if not rows:
        return ""
    digest = hashlib.sha256()
    for week, channel, measure, value in rows:
        digest.update(f"{week}|{channel}|{measure}|{float(value)!r}\n".encode())
    return f"{len(rows)}-{digest.hexdigest()[:16]}"


def weekly_version(engine: Engine, plan_id: str) -> str:
    """The version of a plan's weekly rows ("" when it has none): a cheap cache key."""
    with engine.connect() as conn:
        return _version(_rows(conn, plan_id))


def load_weekly(engine: Engine, plan_id: str) -> pd.DataFrame:
    """A plan's weekly rows as entries (planner.tracking.weekly), by week, channel and measure."""
    return weekly_snapshot(engine, plan_id)[0]


def load_log(engine: Engine, plan_id: str) -> pd.DataFrame:
    """Everything recorded for a plan as one event log: imported events and weekly rows."""
    return combined_log(load_events(engine, plan_id), load_weekly(engine, plan_id))


def weekly_snapshot(engine: Engine, plan_id: str) -> tuple[pd.DataFrame, str]:
    """A plan's weekly rows as entries and their version, read together."""
    with engine.connect() as conn:
        rows = _rows(conn, plan_id)
    if not rows:
        return empty_entries(), ""
    entries = entries_frame(
        (pd.Timestamp(week).date(), channel, measure, float(value))
        for week, channel, measure, value in rows
    )
    return entries, _version(rows)


def save_weekly(
    engine: Engine, plan_id: str, entries: pd.DataFrame, *, expected: str | None = None
) -> str:
    """Replace all of a plan's weekly rows by `entries` in one transaction; the new version.

    With `expected` (a version read earlier), WeeklyChanged when the rows changed since; two
    saves at once run one after the other (the plan's row is locked first), so the second of
    two saves made from the same version is refused. WeeklyValueInvalid for a value that is
    not a finite number. Nothing is written when anything fails.
    """
    values: list[dict[str, Any]] = [
        {
            "plan_id": plan_id,
            "week": pd.Timestamp(week).date().isoformat(),
            "channel": str(channel),
            "measure": str(measure),
            "value": float(value),
        }
        for week, channel, measure, value in zip(
            entries[WEEK], entries[CHANNEL], entries["measure"], entries["value"], strict=True
        )
    ]
    for row in values:
        if not math.isfinite(row["value"]):
            raise WeeklyValueInvalid(row["week"], row["channel"], row["measure"], row["value"])
    with engine.begin() as conn:
        # Writing the plan's row first (to itself) locks it on PostgreSQL and takes SQLite's
        # write lock, before the rows are read: concurrent saves of one plan queue here.
        held = conn.execute(
            plans.update().where(plans.c.id == plan_id).values(revision=plans.c.revision)
        )
        if held.rowcount != 1:
            raise PlanNotFound(plan_id)
        if expected is not None and _version(_rows(conn, plan_id)) != expected:
            raise WeeklyChanged(plan_id)
        conn.execute(weekly_actuals.delete().where(weekly_actuals.c.plan_id == plan_id))
        if values:
            conn.execute(weekly_actuals.insert(), values)
        return _version(_rows(conn, plan_id))
