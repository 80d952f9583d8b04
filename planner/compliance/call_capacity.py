"""The calls the lawful slots allow (PH-03, art. D.223-9): consumer phone activity is capped, week
by week, at what the team can do in Mon–Fri 10–13 h and 14–20 h, public holidays off.

Lawful hours in week w = (reps + new reps × ramp(w)) × Σ over the team's working days of that week
of the hours of allowed slots that day (9 h, 0 on a weekend or a public holiday). Hours the phone
channels ask = Σ activities(w) × minutes per activity / 60. When they ask more, every consumer
phone channel's activities that week are scaled by lawful / asked, so together they fit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from planner.compliance.call_slots import call_hours
from planner.compliance.rules import rule
from planner.core.i18n import fmt_date, fmt_number, plural, t
from planner.plan.calendar import week_starts
from planner.plan.capacity import ramp
from planner.plan.funnel import weekly_activity
from planner.plan.model import Channel, ChannelKind, Market, Plan

Floats = npt.NDArray[np.float64]
# Hours asked may pass the lawful hours by this much (36 s) before a week is capped.
TOLERANCE_HOURS = 0.01


@dataclass(frozen=True)
class CallCap:
    """A week where a consumer phone channel's activities are cut to fit the lawful slots."""

    channel: Channel
    week: int  # 1 = the plan's first week
    week_start: dt.date
    planned: float  # activities the plan asks that week
    allowed: float  # activities that fit in the lawful slots


def consumer_phones(plan: Plan) -> list[Channel]:
    """The plan's phone channels the call-slot rule concerns: all of them in B2C, none in B2B."""
    if plan.meta.market is not Market.B2C:
        return []
    return [c for c in plan.channels if c.kind is ChannelKind.PHONE]


def lawful_hours(plan: Plan) -> Floats:
    """Calling hours in the allowed slots each week, for the whole team (new reps ramped up)."""
    team = plan.team
    heads = team.reps + team.new_reps * ramp(team, plan.meta.horizon_weeks)
    hours = np.zeros(plan.meta.horizon_weeks)
    for week, start in enumerate(week_starts(plan.meta)):
        days = (start + dt.timedelta(days=d) for d in range(7))
        hours[week] = sum(_day_hours(d) for d in days if team.working_days[d.weekday()] == "1")
    return np.asarray(heads * hours, dtype=np.float64)


@cache
def _day_hours(day: dt.date) -> float:
    """Lawful calling hours on a day in metropolitan France, under the shipped rules."""
    return call_hours(day)


def phone_hours(plan: Plan) -> Floats:
    """Hours the consumer phone channels ask each week (activities × minutes / 60)."""
    needed = np.zeros(plan.meta.horizon_weeks)
    for channel in consumer_phones(plan):
        needed = needed + weekly_activity(plan, channel) * channel.minutes_per_activity / 60.0
    return needed


def lawful_share(plan: Plan) -> Floats:
    """The share of the planned consumer phone activity that fits in the lawful slots, by week."""
    share = np.ones(plan.meta.horizon_weeks)
    if not consumer_phones(plan):
        return share
    needed, lawful = phone_hours(plan), lawful_hours(plan)
    over = needed > lawful + TOLERANCE_HOURS
    share[over] = lawful[over] / needed[over]
    return share


def lawful_activity(plan: Plan) -> Floats:
    """(channels, weeks) activities the simulation uses: each channel's weekly activity, consumer
    phone channels capped at what the lawful slots allow."""
    share = lawful_share(plan)
    capped = {c.id for c in consumer_phones(plan)}
    rows = [weekly_activity(plan, c) * (share if c.id in capped else 1.0) for c in plan.channels]
    return np.array(rows, dtype=np.float64).reshape(len(plan.channels), plan.meta.horizon_weeks)


def call_caps(plan: Plan) -> list[CallCap]:
    """Every week and consumer phone channel whose activities the lawful slots cut."""
    share = lawful_share(plan)
    starts = week_starts(plan.meta)
    caps: list[CallCap] = []
    for channel in consumer_phones(plan):
        planned = weekly_activity(plan, channel)
        caps += [
            CallCap(channel, int(w) + 1, starts[w], float(planned[w]), float(planned[w] * share[w]))
            for w in np.flatnonzero(share < 1.0)
            if planned[w] > 0
        ]
    return sorted(caps, key=lambda c: (c.week, c.channel.name))


def call_cap_note(plan: Plan, lang: str) -> str:
    """Where the simulation caps consumer calls at the lawful hours, the worst week first, in
    `lang`; "" when no week is capped."""
    caps = call_caps(plan)
    if not caps:
        return ""
    worst = max(caps, key=lambda c: c.planned - c.allowed)
    return t(
        lang,
        "callcap.notice",
        channel=worst.channel.name,
        allowed=fmt_number(worst.allowed, lang),
        planned=fmt_number(worst.planned, lang),
        week=worst.week,
        date=fmt_date(worst.week_start, lang),
        weeks=plural(lang, "callcap.weeks", len({c.week for c in caps})),
        source=rule("PH-03").source,
    )
