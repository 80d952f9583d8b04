"""The plan's calendar: weeks of the horizon and their working days after public holidays."""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays
import numpy as np
import numpy.typing as npt

from planner.plan.model import Meta, Team


@cache
def public_holidays(country: str, first_year: int, last_year: int) -> tuple[dt.date, ...]:
    """The country's public holidays between two years, from the `holidays` package."""
    calendar = holidays.country_holidays(country, years=range(first_year, last_year + 1))
    return tuple(sorted(calendar.keys()))


def week_starts(meta: Meta) -> list[dt.date]:
    """The first day of each week of the horizon."""
    return [meta.start_date + dt.timedelta(weeks=w) for w in range(meta.horizon_weeks)]


def working_days(meta: Meta, team: Team) -> npt.NDArray[np.float64]:
    """Working days in each week of the horizon, public holidays removed."""
    starts = np.array(week_starts(meta), dtype="datetime64[D]")
    ends = starts + np.timedelta64(7, "D")
    days_off = public_holidays(meta.country, meta.start_date.year, meta.end_date.year + 1)
    counts = np.busday_count(
        starts, ends, weekmask=team.working_days, holidays=np.array(days_off, dtype="datetime64[D]")
    )
    return counts.astype(np.float64)


def days_per_normal_week(team: Team) -> int:
    """Working days in a week without public holidays."""
    return team.working_days.count("1")


def calendar_factor(meta: Meta, team: Team) -> npt.NDArray[np.float64]:
    """Share of a normal week's activity each week can hold (1.0 = no public holiday)."""
    normal = days_per_normal_week(team)
    if normal == 0:
        return np.zeros(meta.horizon_weeks)
    return working_days(meta, team) / normal
