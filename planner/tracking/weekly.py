"""Weekly actuals typed by hand: the measures, the entries, and the events they stand for.

A row of the weekly table is one week (written as its Monday) of one channel, with a number per
measure: activities, the funnel steps the plan's channels use, deals won and lost, revenue and
costs. Rows checked by planner.tracking.weekly_check become *entries*, a long frame (week, channel,
measure, value) that planner.storage.weekly keeps, and `weekly_events` turns entries into
unnamed events of the event log (planner.tracking.events), so that KPIs and stage rates read one
log:
- n of a count measure -> n events of that kind dated the week's Monday, without a prospect;
- k deals won with revenue R -> k won events of R ÷ k each (no amount when R is 0 or blank);
- revenue R without any deal won -> one won event of R: the money is kept in the revenue and
  counted as one sale (a warning says so; type the deals won to count them right);
- cost C -> one cost event of C.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from planner.core.i18n import t
from planner.plan.model import Plan
from planner.tracking.events import EventKind, empty_log


class Measure(StrEnum):
    """What a cell of the weekly table counts (or sums, for money), in the table's order."""

    ACTIVITY = "activity"
    CONNECTION = "connection"
    CONVERSATION = "conversation"
    REPLY = "reply"
    VISIT = "visit"
    LEAD = "lead"
    MEETING_BOOKED = "meeting_booked"
    MEETING_HELD = "meeting_held"
    OPPORTUNITY = "opportunity"
    WON = "won"
    LOST = "lost"
    REVENUE = "revenue"
    COST = "cost"


MONEY: frozenset[Measure] = frozenset({Measure.REVENUE, Measure.COST})
ALWAYS: tuple[Measure, ...] = (
    Measure.ACTIVITY,
    Measure.WON,
    Measure.LOST,
    Measure.REVENUE,
    Measure.COST,
)
WEEK, CHANNEL = "week", "channel"
ENTRY_COLUMNS: tuple[str, ...] = (WEEK, CHANNEL, "measure", "value")
EARLIEST = dt.date(2000, 1, 1)
LATEST_AFTER_END = dt.timedelta(days=365)
MAX_COUNT = 1_000_000  # in one cell: more is a typo, and would be as many events
MAX_EVENTS = 2_000_000  # in the whole table

# The event each count measure becomes (won is handled with the revenue).
_COUNTED: tuple[Measure, ...] = tuple(m for m in Measure if m not in MONEY and m is not Measure.WON)
_ORDER: dict[str, int] = {m.value: i for i, m in enumerate(Measure)}


def monday(day: dt.date) -> dt.date:
    """The Monday of the week a day belongs to."""
    return day - dt.timedelta(days=day.weekday())


def plan_measures(plan: Plan) -> tuple[Measure, ...]:
    """The measures of a plan's table: activity, its channels' funnel steps, won, lost, money."""
    used = {stage.kind.value for channel in plan.channels for stage in plan.funnel(channel)}
    return tuple(m for m in Measure if m in ALWAYS or m.value in used)


def channel_measures(plan: Plan, channel_id: str) -> frozenset[Measure]:
    """The measures that mean something for one channel: its funnel steps and the common ones."""
    kinds = {stage.kind.value for stage in plan.funnel(plan.channel(channel_id))}
    return frozenset(m for m in Measure if m in ALWAYS or m.value in kinds)


def empty_entries() -> pd.DataFrame:
    """Entries with no rows and the right column types."""
    return pd.DataFrame(
        {
            WEEK: pd.Series(dtype="datetime64[ns]"),
            CHANNEL: pd.Series(dtype="string"),
            "measure": pd.Series(dtype="string"),
            "value": pd.Series(dtype="float64"),
        }
    )


def entries_frame(records: Iterable[tuple[dt.date, str, str, float]]) -> pd.DataFrame:
    """Entries from (week, channel, measure, value) tuples, sorted by week, channel, measure."""
    rows = list(records)
    if not rows:
        return empty_entries()
    frame = pd.DataFrame(rows, columns=list(ENTRY_COLUMNS))
    frame[WEEK] = pd.to_datetime(frame[WEEK]).astype("datetime64[ns]")
    frame = frame.astype(empty_entries().dtypes.to_dict())
    order = frame["measure"].map(lambda m: _ORDER.get(str(m), len(_ORDER)))
    return (
        frame.assign(_order=order)
        .sort_values([WEEK, CHANNEL, "_order"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def column_label(lang: str, column: str) -> str:
    """A column of the weekly table as its header reads."""
    return t(lang, f"weekly.column.{column}")


# --- The wide table --------------------------------------------------------------------------


def wide_table(entries: pd.DataFrame) -> pd.DataFrame:
    """One row per week and channel (sorted), one column per measure, 0 where blank."""
    if entries.empty:
        return pd.DataFrame(columns=[m.value for m in Measure], dtype="float64")
    wide = entries.pivot_table(
        index=[WEEK, CHANNEL], columns="measure", values="value", aggfunc="sum", fill_value=0.0
    )
    return wide.reindex(columns=[m.value for m in Measure], fill_value=0.0).sort_index()


def day_of(week: Hashable) -> dt.date:
    """A week of the wide table or of the entries (a timestamp) as a date."""
    return pd.Timestamp(str(week)).date()


def week_and_channel(key: Any) -> tuple[Hashable, Hashable]:
    """A (week, channel) key of the wide table."""
    return key[0], key[1]


# --- Events ----------------------------------------------------------------------------------


def weekly_events(entries: pd.DataFrame) -> pd.DataFrame:
    """The entries as an event log: unnamed events dated the week's Monday (see the module)."""
    if entries.empty:
        return empty_log()
    wide = wide_table(entries)
    weeks = wide.index.get_level_values(WEEK).to_numpy(dtype="datetime64[ns]")
    channels = wide.index.get_level_values(CHANNEL).to_numpy(dtype=object)
    counts = np.rint(wide.to_numpy(dtype=np.float64).clip(min=0.0)).astype(np.int64)
    column = {m: i for i, m in enumerate(wide.columns)}
    revenue = wide["revenue"].to_numpy(dtype=np.float64)
    won = counts[:, column["won"]]
    cost = wide["cost"].to_numpy(dtype=np.float64)

    # One block per event kind: how many events each (week, channel) row gives, and their amount.
    rows = np.arange(len(wide))
    blocks: list[tuple[np.ndarray[Any, Any], str, np.ndarray[Any, Any]]] = []
    for measure in _COUNTED:
        blocks.append((counts[:, column[measure.value]], measure.value, np.full(len(rows), np.nan)))
    with np.errstate(divide="ignore", invalid="ignore"):
        won_amount = np.where(revenue > 0, revenue / np.maximum(won, 1), np.nan)
    blocks.append((np.where(won > 0, won, (revenue > 0).astype(np.int64)), "won", won_amount))
    blocks.append(((cost > 0).astype(np.int64), EventKind.COST.value, cost))

    how_many = np.concatenate([b[0] for b in blocks])
    kind_order = np.concatenate([np.full(len(rows), _ORDER[Measure(b[1])]) for b in blocks])
    kinds = np.concatenate([np.full(len(rows), b[1], dtype=object) for b in blocks])
    amounts = np.concatenate([b[2] for b in blocks])
    source = np.tile(rows, len(blocks))
    order = np.lexsort((kind_order, source))  # by week and channel, then in the table's order
    how_many, kinds, amounts, source = (a[order] for a in (how_many, kinds, amounts, source))
    at = np.repeat(source, how_many)
    log = empty_log()
    frame = pd.DataFrame(
        {
            "date": weeks[at],
            "prospect": pd.NA,
            "channel": channels[at],
            "event": np.repeat(kinds, how_many),
            "amount": np.repeat(amounts, how_many),
            "segment": pd.NA,
            "rep": pd.NA,
            "variant": pd.NA,
            "deal": pd.NA,
            "source": pd.NA,
        }
    )
    return frame.astype(log.dtypes.to_dict())


def combined_log(imported: pd.DataFrame, entries: pd.DataFrame) -> pd.DataFrame:
    """One event log: the imported events and the weekly entries' events, oldest first."""
    weekly = weekly_events(entries)
    if weekly.empty:
        return imported
    if imported.empty:
        return weekly
    both = pd.concat([imported, weekly], ignore_index=True)
    return both.sort_values("date", kind="stable", ignore_index=True)


# --- The table as the editor shows it ---------------------------------------------------------


def table_rows(entries: pd.DataFrame, measures: Iterable[Measure]) -> list[dict[str, Any]]:
    """One row per week and channel of the entries: week (date), channel, a value per measure."""
    wanted = [m.value for m in measures]
    if entries.empty:
        return []
    wide = entries.pivot_table(
        index=[WEEK, CHANNEL], columns="measure", values="value", aggfunc="sum"
    ).sort_index()
    rows = []
    for key, values in wide.iterrows():
        week, channel = week_and_channel(key)
        row: dict[str, Any] = {WEEK: day_of(week), CHANNEL: str(channel)}
        for name in wanted:
            value = values.get(name)
            row[name] = None if value is None or pd.isna(value) else float(value)
        rows.append(row)
    return rows


def weeks_to_fill(plan: Plan, entries: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Entries of 0 activity for each week from the plan's start to today (at least its first
    week, at most its last) and each channel, where the table has no row yet."""
    first = monday(plan.meta.start_date)
    last = monday(min(max(today, plan.meta.start_date), plan.meta.end_date))
    present = set()
    if not entries.empty:
        present = {
            (day_of(w), str(c)) for w, c in zip(entries[WEEK], entries[CHANNEL], strict=True)
        }
    count = (last - first).days // 7 + 1
    weeks = [first + dt.timedelta(weeks=i) for i in range(count)]
    return entries_frame(
        (week, channel.id, Measure.ACTIVITY.value, 0.0)
        for week in weeks
        for channel in plan.channels
        if (week, channel.id) not in present
    )


def totals(entries: pd.DataFrame) -> dict[str, float]:
    """The sum of each measure over the entries."""
    sums = entries.groupby("measure")["value"].sum().to_dict() if not entries.empty else {}
    return {m.value: float(sums.get(m.value, 0.0)) for m in Measure}
