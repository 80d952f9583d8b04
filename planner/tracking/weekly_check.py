"""Checking a weekly table typed by hand: every bad cell named, and warnings that do not refuse.

Problems name the row (1 = the first row shown) and the column as its header reads; warnings
name the week and the channel. Both are worded from the `weekly` strings of the locale files.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner.core.i18n import fmt_date, fmt_number, t
from planner.core.problems import InvalidInput, Problem
from planner.plan.editing import is_blank
from planner.plan.model import Plan
from planner.tracking.importing import parse_numbers
from planner.tracking.weekly import (
    CHANNEL,
    EARLIEST,
    LATEST_AFTER_END,
    MAX_COUNT,
    MAX_EVENTS,
    MONEY,
    WEEK,
    Measure,
    channel_measures,
    column_label,
    day_of,
    entries_frame,
    monday,
    week_and_channel,
    wide_table,
)


def _quoted(value: Any, lang: str) -> str:
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return fmt_number(value, lang)
    if isinstance(value, float):
        return fmt_number(value, lang, 2)
    return str(value)


@dataclass(frozen=True)
class WeeklyProblem(Problem):
    """A cell of the weekly table that cannot be saved, or a warning about a week of a channel.

    params: row (1 = the first row shown) and column for a cell; week and channel (a name)
    for a warning; the other params are quoted in the message.
    """

    def message(self, lang: str) -> str:
        """The problem as one line in `lang`, starting with the row and column or the week."""
        quoted = {k: _quoted(v, lang) for k, v in self.params.items()}
        for name in ("column", "measure"):
            if name in self.params:
                quoted[name] = column_label(lang, str(self.params[name]))
        text = t(lang, f"weekly.{self.code}", **quoted)
        if "row" in self.params and "column" in self.params:
            where = t(lang, "weekly.where.cell", row=quoted["row"], column=quoted["column"])
        elif "week" in self.params:
            where = t(lang, "weekly.where.week", week=quoted["week"], channel=quoted["channel"])
        elif "channel" in self.params:
            where = t(lang, "weekly.where.channel", channel=quoted["channel"])
        else:
            return text
        return f"{where}{t(lang, 'weekly.where.separator')}{text}"


def _problem(
    code: str, row: int | None = None, column: str | None = None, **params: Any
) -> WeeklyProblem:
    if row is None or column is None:
        return WeeklyProblem(where="", code=f"problem.{code}", params=params)
    cell = {"row": row, "column": column}
    return WeeklyProblem(where=f"row {row}, {column}", code=f"problem.{code}", params=cell | params)


def _warning(code: str, **params: Any) -> WeeklyProblem:
    return WeeklyProblem(where="", code=f"warning.{code}", params=params)


# --- Checking the table ----------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedWeeks:
    """A valid weekly table as entries, and what the user should know about it."""

    entries: pd.DataFrame  # week (Monday), channel id, measure, value; blank cells left out
    moved: tuple[int, ...]  # rows whose date was not a Monday (each is kept as its Monday)
    pending: tuple[int, ...]  # rows without any number yet: nothing to save for them


def _as_date(value: Any) -> dt.date | None:
    """A date from a date, a timestamp or text (2027-01-04 or 04/01/2027); None otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).date()
    if isinstance(value, str):
        text = value.strip()
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
    return None


def _as_number(value: Any) -> float | None:
    """A number from a number or from text written the French or English way, read by the
    importer's reader (`parse_numbers`: 1 500,50 / 1.500,50 / 1,500.50); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    if isinstance(value, str):
        text = re.sub(r"[\s\u00a0\u202f]", "", value)
        number = parse_numbers(pd.Series([text], dtype="string")).iloc[0]
        return None if pd.isna(number) else float(number)
    return None


def _channel_id(value: Any, plan: Plan) -> str | None:
    """The plan's channel a cell names, by id or by name (any case); None when none."""
    text = str(value).strip()
    for channel in plan.channels:
        if text == channel.id or text.casefold() == channel.name.casefold():
            return channel.id
    return None


def _week(value: Any, row: int, plan: Plan, problems: list[WeeklyProblem]) -> dt.date | None:
    day = _as_date(value)
    if day is None:
        problems.append(_problem("not_a_date", row, WEEK, value=str(value)))
        return None
    latest = plan.meta.end_date + LATEST_AFTER_END
    if day < EARLIEST:
        problems.append(_problem("too_early", row, WEEK, value=day, earliest=EARLIEST))
        return None
    if day > latest:
        problems.append(_problem("too_late", row, WEEK, value=day, latest=latest))
        return None
    return day


def _value(value: Any, row: int, measure: Measure, problems: list[WeeklyProblem]) -> float | None:
    number = _as_number(value)
    if number is None:
        problems.append(_problem("not_a_number", row, measure.value, value=str(value)))
    elif not math.isfinite(number):
        problems.append(_problem("not_finite", row, measure.value, value=str(value)))
    elif number < 0:
        problems.append(_problem("negative", row, measure.value, value=number))
    elif measure not in MONEY and not number.is_integer():
        problems.append(_problem("not_whole", row, measure.value, value=number))
    elif measure not in MONEY and number > MAX_COUNT:
        problems.append(_problem("too_many", row, measure.value, value=number, limit=MAX_COUNT))
    else:
        return number
    return None


def check_weeks(rows: pd.DataFrame, plan: Plan) -> CheckedWeeks:
    """A weekly table (week, channel, one column per measure) as entries; InvalidInput if not.

    Rows are numbered from 1 as shown. Every problem is listed, each naming its row and column.
    A row without any number is pending (not saved, not refused); a date is kept as its Monday.
    """
    problems: list[WeeklyProblem] = []
    measures: list[Measure] = []
    for column in rows.columns:
        if column in (WEEK, CHANNEL):
            continue
        if str(column) in {m.value for m in Measure}:
            measures.append(Measure(str(column)))
        else:
            problems.append(_problem("unknown_column", name=str(column)))
    records: list[tuple[dt.date, str, str, float]] = []
    moved: list[int] = []
    pending: list[int] = []
    seen: dict[tuple[dt.date, str], int] = {}
    total = 0.0
    for position, cells in enumerate(rows.to_dict("records"), start=1):
        values = {m: cells.get(m.value) for m in measures}
        typed = {m: v for m, v in values.items() if not is_blank(v)}
        week_cell, channel_cell = cells.get(WEEK), cells.get(CHANNEL)
        if not typed:
            _check_pending(week_cell, channel_cell, position, plan, problems)
            pending.append(position)
            continue
        day = None
        if is_blank(week_cell):
            problems.append(_problem("missing", position, WEEK))
        else:
            day = _week(week_cell, position, plan, problems)
        channel = None
        if is_blank(channel_cell):
            problems.append(_problem("missing", position, CHANNEL))
        else:
            channel = _channel_id(channel_cell, plan)
            if channel is None:
                problems.append(
                    _problem("unknown_channel", position, CHANNEL, value=str(channel_cell))
                )
        numbers = {m: _value(v, position, m, problems) for m, v in typed.items()}
        if day is None or channel is None:
            continue
        week = monday(day)
        if week != day:
            moved.append(position)
        first = seen.setdefault((week, channel), position)
        if first != position:
            name = plan.channel(channel).name
            problems.append(
                _problem("duplicate", position, WEEK, first=first, week=week, name=name)
            )
            continue
        for measure, number in numbers.items():
            if number is not None:
                records.append((week, channel, measure.value, number))
                total += number if measure not in MONEY else 0.0
    if total > MAX_EVENTS:
        problems.append(_problem("too_many_events", total=total, limit=MAX_EVENTS))
    if problems:
        raise InvalidInput(list(problems))
    return CheckedWeeks(entries_frame(records), tuple(moved), tuple(pending))


def _check_pending(
    week: Any, channel: Any, row: int, plan: Plan, problems: list[WeeklyProblem]
) -> None:
    """A row still being filled: its week and channel are checked only once typed."""
    if not is_blank(week):
        _week(week, row, plan, problems)
    if not is_blank(channel) and _channel_id(channel, plan) is None:
        problems.append(_problem("unknown_channel", row, CHANNEL, value=str(channel)))


# --- Warnings --------------------------------------------------------------------------------


def _first_week(mask: pd.Series) -> dt.date:
    """The week of the first row where a condition on a channel's weeks holds."""
    return day_of(week_and_channel(mask.idxmax())[0])


def weekly_warnings(entries: pd.DataFrame, plan: Plan) -> list[WeeklyProblem]:
    """What looks inconsistent in the entries; shown, never refused."""
    if entries.empty:
        return []
    wide = wide_table(entries)
    names = {c.id: c.name for c in plan.channels}
    found: list[WeeklyProblem] = []
    for channel, weeks in wide.groupby(level=CHANNEL, sort=False):
        name = names.get(str(channel), str(channel))
        running = weeks.cumsum()
        held_over = running["meeting_held"] > running["meeting_booked"]
        if held_over.any():
            week = _first_week(held_over)
            found.append(
                _warning(
                    "held_more_than_booked",
                    week=week,
                    channel=name,
                    held=float(running.loc[held_over, "meeting_held"].iloc[0]),
                    booked=float(running.loc[held_over, "meeting_booked"].iloc[0]),
                )
            )
        won_alone = (running["won"] > 0) & (running["activity"] == 0)
        if won_alone.any():
            week = _first_week(won_alone)
            found.append(_warning("won_without_activity", week=week, channel=name))
        money_alone = (weeks["revenue"] > 0) & (weeks["won"] == 0)
        for week, _ in weeks.loc[money_alone].index:
            found.append(_warning("revenue_without_won", week=day_of(week), channel=name))
        if str(channel) in names:
            used = weeks.columns[(weeks > 0).any().to_numpy()]
            apply = channel_measures(plan, str(channel))
            for measure in (Measure(m) for m in used):
                if measure not in apply:
                    found.append(_warning("not_in_funnel", channel=name, measure=measure.value))
    return found
