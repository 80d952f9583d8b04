"""Team capacity: prospection hours available each week against the hours the channel mix asks.

Hours in week w = (reps + new_reps × ramp(w)) × hours per rep per week × calendar factor(w)
× (1 − vacation weeks / 52), where ramp(w) = min(1, w / ramp-up weeks) rises from 0 in the
plan's first week to 1 after the ramp-up (1 from the start when there is no ramp-up), and the
calendar factor is the week's working days after the country's public holidays divided by the
working days of a normal week (planner.plan.calendar). The mix asks, each week, the planned
activities × the same calendar factor × minutes per activity / 60 (as planner.plan.funnel plans
them).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from planner.plan.bant import Country, Hours, Number, Percent, Quoted, Weeks, render
from planner.plan.calendar import calendar_factor, days_per_normal_week, week_starts
from planner.plan.model import Channel, Plan, Team

MINUTES_PER_HOUR = 60.0
WEEKS_PER_YEAR = 52.0
# Demand may exceed the hours available by this much (36 seconds) before a week is overloaded:
# a mix sized to the exact hours must not be flagged because of floating-point noise.
TOLERANCE_HOURS = 0.01
# Below this share of the team's hours in use, the mix leaves time unplanned worth pointing out.
SPARE_BELOW = 0.5

Hours1D = npt.NDArray[np.float64]


class Severity(StrEnum):
    """How a capacity flag should be shown."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class ChannelLoad:
    """One channel's share of the team's time, and what the team could do on it alone."""

    channel_id: str
    activities_per_week: float
    hours_per_week: float
    max_activities_per_week: float
    share_of_hours: float
    name: str = ""
    minutes_per_activity: float = 0.0


@dataclass(frozen=True, eq=False)
class CapacityReport:
    """Hours the team has and hours the channel mix asks, week by week and per channel."""

    weekly_hours: Hours1D
    average_hours: float
    demand_hours: Hours1D
    loads: tuple[ChannelLoad, ...]
    overloaded_weeks: tuple[int, ...]
    # Context for explaining the figures (capacity_flags); weeks are 0-based like the arrays.
    calendar_factor: Hours1D = field(default_factory=lambda: np.zeros(0))
    week_starts: tuple[dt.date, ...] = ()
    country: str = ""
    days_per_week: int = 5
    new_reps: int = 0
    ramp_up_weeks: int = 0
    full_team_hours: float = 0.0

    @property
    def overloaded(self) -> bool:
        """True when the mix asks more than the team has in at least one week."""
        return bool(self.overloaded_weeks)

    @property
    def utilisation(self) -> float:
        """Total hours asked ÷ total hours available over the horizon (inf if none available)."""
        return _ratio(float(self.demand_hours.sum()), float(self.weekly_hours.sum()))

    @property
    def average_demand(self) -> float:
        """Mean hours the mix asks per week over the horizon."""
        return float(self.demand_hours.mean()) if self.demand_hours.size else 0.0

    def load(self, channel_id: str) -> ChannelLoad:
        """The load of one channel; KeyError if the plan has no such channel."""
        for load in self.loads:
            if load.channel_id == channel_id:
                return load
        raise KeyError(channel_id)


@dataclass(frozen=True)
class CapacityFlag:
    """Something the capacity figures show: a message code, its parameters and a severity."""

    code: str
    params: dict[str, Any]
    severity: Severity = Severity.INFO

    def message(self, lang: str) -> str:
        """The flag as a sentence or two in `lang`."""
        return render(lang, f"capacity.flag.{self.code}", self.params)


def ramp(team: Team, weeks: int) -> Hours1D:
    """Share of a new rep's time available each week: 0 at the start, 1 after the ramp-up."""
    if team.ramp_up_weeks == 0:
        return np.ones(weeks)
    return np.minimum(1.0, np.arange(weeks, dtype=np.float64) / team.ramp_up_weeks)


def vacation_factor(team: Team) -> float:
    """Share of the year the team is not on vacation."""
    return 1.0 - team.vacation_weeks / WEEKS_PER_YEAR


def team_hours(plan: Plan) -> Hours1D:
    """Team prospection hours available in each week of the horizon."""
    team = plan.team
    heads = team.reps + team.new_reps * ramp(team, plan.meta.horizon_weeks)
    factor = calendar_factor(plan.meta, team)
    return np.asarray(
        heads * team.hours_per_rep_per_week * factor * vacation_factor(team), dtype=np.float64
    )


def capacity_report(plan: Plan) -> CapacityReport:
    """Hours available and asked each week, the load of each channel and the overloaded weeks."""
    available = team_hours(plan)
    average = float(available.mean())
    factor = calendar_factor(plan.meta, plan.team)
    planned = sum(_hours(c) for c in plan.channels)
    # As planner.funnel.weekly_activity: the planned activities × the week's calendar factor.
    demand = np.asarray(factor * planned, dtype=np.float64)
    loads = tuple(
        ChannelLoad(
            channel_id=c.id,
            activities_per_week=c.activities_per_week,
            hours_per_week=_hours(c),
            max_activities_per_week=max_activities(average, c.minutes_per_activity),
            share_of_hours=_hours(c) / planned if planned > 0 else 0.0,
            name=c.name,
            minutes_per_activity=c.minutes_per_activity,
        )
        for c in plan.channels
    )
    over = np.flatnonzero(demand > available + TOLERANCE_HOURS)
    team = plan.team
    return CapacityReport(
        weekly_hours=available,
        average_hours=average,
        demand_hours=demand,
        loads=loads,
        overloaded_weeks=tuple(int(w) for w in over),
        calendar_factor=factor,
        week_starts=tuple(week_starts(plan.meta)),
        country=plan.meta.country,
        days_per_week=days_per_normal_week(team),
        new_reps=team.new_reps,
        ramp_up_weeks=team.ramp_up_weeks,
        full_team_hours=(team.reps + team.new_reps)
        * team.hours_per_rep_per_week
        * vacation_factor(team),
    )


def _hours(channel: Channel) -> float:
    """Hours a channel's planned activities take in a normal week."""
    return channel.activities_per_week * channel.minutes_per_activity / MINUTES_PER_HOUR


def max_activities(hours: float, minutes_per_activity: float) -> float:
    """Activities that fit in `hours` at `minutes_per_activity` each (inf if they take no time)."""
    if minutes_per_activity <= 0:
        return math.inf
    return hours * MINUTES_PER_HOUR / minutes_per_activity


def _ratio(top: float, bottom: float) -> float:
    if bottom > 0:
        return top / bottom
    return math.inf if top > 0 else 0.0


def capacity_flags(report: CapacityReport) -> list[CapacityFlag]:
    """What the figures mean for the plan, most serious first: overload, then notes."""
    flags: list[CapacityFlag] = []
    demand, available = report.average_demand, report.average_hours
    if demand > 0 and float(report.weekly_hours.sum()) <= TOLERANCE_HOURS:
        flags.append(CapacityFlag("no_team_time", {"demand": Hours(demand)}, Severity.ERROR))
    elif demand > available + TOLERANCE_HOURS:
        flags.append(_overloaded(report))
    elif report.overloaded_weeks:
        flags.append(_overloaded_weeks(report))
    if demand <= 0 and available > 0:
        flags.append(CapacityFlag("no_activity", {"available": Hours(available)}))
    elif 0 < report.utilisation < SPARE_BELOW:
        flags.append(
            CapacityFlag(
                "spare",
                {
                    "utilisation": Percent(report.utilisation, 0),
                    "available": Hours(available),
                    "spare": Hours(available - demand),
                },
            )
        )
    if report.new_reps and report.ramp_up_weeks and report.ramp_up_weeks < len(report.weekly_hours):
        flags.append(
            CapacityFlag(
                "ramp_up",
                {
                    "new_reps": report.new_reps,
                    "weeks": report.ramp_up_weeks,
                    "full_week": report.ramp_up_weeks + 1,
                    "full_hours": Hours(report.full_team_hours),
                },
            )
        )
    holiday = _holiday_weeks(report)
    if holiday:
        lost = float(((1.0 - report.calendar_factor[list(holiday)]) * report.days_per_week).sum())
        flags.append(
            CapacityFlag(
                "holidays",
                {
                    "weeks": Weeks(w + 1 for w in holiday),
                    "count": len(holiday),
                    "days": Number(lost),
                    "country": Country(report.country),
                },
            )
        )
    return flags


def _overloaded(report: CapacityReport) -> CapacityFlag:
    demand, available = report.average_demand, report.average_hours
    excess = demand - available
    biggest = max(report.loads, key=lambda load: load.hours_per_week)
    return CapacityFlag(
        "overloaded",
        {
            "demand": Hours(demand),
            "available": Hours(available),
            "excess": Hours(excess),
            "share": Percent(excess / available, 0) if available > 0 else Percent(1.0, 0),
            "channel": Quoted(biggest.name or biggest.channel_id),
            "channel_hours": Hours(biggest.hours_per_week),
            "channel_share": Percent(biggest.share_of_hours, 0),
        },
        Severity.ERROR,
    )


def _overloaded_weeks(report: CapacityReport) -> CapacityFlag:
    over = list(report.overloaded_weeks)
    excess = report.demand_hours[over] - report.weekly_hours[over]
    worst = over[int(np.argmax(excess))]
    during_ramp_up = report.new_reps > 0 and all(w < report.ramp_up_weeks for w in over)
    return CapacityFlag(
        "overloaded_weeks_ramp_up" if during_ramp_up else "overloaded_weeks",
        {
            "weeks": Weeks(w + 1 for w in over),
            "count": len(over),
            "worst": worst + 1,
            "excess": Hours(float(excess.max())),
            "utilisation": Percent(report.utilisation, 0),
        },
        Severity.WARNING,
    )


def _holiday_weeks(report: CapacityReport) -> tuple[int, ...]:
    """Weeks with fewer working days than a normal week (public holidays on working days)."""
    if report.days_per_week == 0:
        return ()
    return tuple(int(w) for w in np.flatnonzero(report.calendar_factor < 1.0 - 1e-9))
