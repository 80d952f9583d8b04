"""The plan checked against the rules: for each channel, which rules apply on which of the plan's
weeks (a change of law splits a plan), and what the plan itself lacks (a consent basis)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from planner.compliance.call_slots import call_hours
from planner.compliance.rules import Rule, default_rules
from planner.plan.calendar import week_starts
from planner.plan.capacity import ramp
from planner.plan.funnel import weekly_activity
from planner.plan.model import Channel, ChannelKind, Market, Plan, Segment

# Channels whose messages to consumers need prior consent (EM-01), and phone from PH-02.
_OPT_IN_CHANNELS = frozenset({ChannelKind.EMAIL, ChannelKind.SMS})


@dataclass(frozen=True)
class AppliedRule:
    """A rule on one channel of the plan, over the part of the plan it is in force."""

    rule: Rule
    channel: Channel
    first_day: dt.date
    last_day: dt.date
    first_week: int  # 1 = the plan's first week
    last_week: int

    def whole_plan(self, plan: Plan) -> bool:
        """True when the rule is in force over all of the plan's weeks."""
        return self.first_day == plan.meta.start_date and self.last_day == plan.meta.end_date


@dataclass(frozen=True)
class Gap:
    """Something the plan lacks for a rule: its code, the rule, where, and on which days."""

    code: Literal["no_consent_basis", "consent_to_check"]
    rule: Rule
    channel: Channel
    segment: Segment
    first_day: dt.date
    severity: Literal["warning", "reminder"]


def rules_as_of(day: dt.date, market: Market, rules: Sequence[Rule] | None = None) -> list[Rule]:
    """The rules in force on a day for a market, one per row of the rules table (by ref)."""
    seen: dict[str, Rule] = {}
    for item in default_rules() if rules is None else rules:
        if market in item.targets and item.in_force(day):
            seen.setdefault(item.ref, item)
    return sorted(seen.values(), key=lambda r: r.ref)


def applied_rules(plan: Plan, rules: Sequence[Rule] | None = None) -> list[AppliedRule]:
    """For each channel of the plan, the rules in force during the plan, each on its own weeks."""
    start, end = plan.meta.start_date, plan.meta.end_date
    found: list[AppliedRule] = []
    for channel in plan.channels:
        for item in default_rules() if rules is None else rules:
            wanted = channel.kind in item.channels and plan.meta.market in item.targets
            if not (wanted and item.in_force(start, end)):
                continue
            first = max(start, item.effective_from or start)
            last = min(end, item.effective_to or end)
            found.append(
                AppliedRule(item, channel, first, last, _week(plan, first), _week(plan, last))
            )
    return sorted(found, key=lambda a: (a.channel.name, a.first_day, a.rule.id))


def consent_gaps(plan: Plan, rules: Sequence[Rule] | None = None) -> list[Gap]:
    """Consumer channels that need prior consent, per segment: a warning when the segment records
    no consent basis (none recorded means no consent), a reminder to check the one recorded."""
    if plan.meta.market is not Market.B2C:
        return []
    gaps: list[Gap] = []
    for applied in applied_rules(plan, rules):
        if not _needs_consent(applied):
            continue
        for segment in plan.segments:
            recorded = bool(segment.consent_basis.strip())
            gaps.append(
                Gap(
                    "consent_to_check" if recorded else "no_consent_basis",
                    applied.rule,
                    applied.channel,
                    segment,
                    applied.first_day,
                    "reminder" if recorded else "warning",
                )
            )
    return gaps


@dataclass(frozen=True)
class CallHoursGap:
    """A week whose consumer calls need more hours than the lawful call slots give the team."""

    week: int  # 1 = the plan's first week
    week_start: dt.date
    needed: float  # calling hours the phone channels ask that week
    lawful: float  # hours in the allowed slots that week, for all the team's reps


def call_hours_gaps(plan: Plan) -> list[CallHoursGap]:
    """Weeks where a consumer plan's phone activity (activities × minutes) needs more hours than
    the allowed slots of the team's working days (Mon–Fri 10–13 h, 14–20 h, holidays off)."""
    phones = [c for c in plan.channels if c.kind is ChannelKind.PHONE]
    if plan.meta.market is not Market.B2C or not phones:
        return []
    heads = plan.team.reps + plan.team.new_reps * ramp(plan.team, plan.meta.horizon_weeks)
    needed = sum(weekly_activity(plan, c) * c.minutes_per_activity / 60.0 for c in phones)
    gaps: list[CallHoursGap] = []
    for week, start in enumerate(week_starts(plan.meta)):
        days = (start + dt.timedelta(days=d) for d in range(7))
        worked = [d for d in days if plan.team.working_days[d.weekday()] == "1"]
        lawful = float(heads[week]) * sum(call_hours(d) for d in worked)
        asked = float(needed[week]) if not isinstance(needed, int) else 0.0
        if asked > lawful + 1e-9:
            gaps.append(CallHoursGap(week + 1, start, asked, lawful))
    return gaps


def _needs_consent(applied: AppliedRule) -> bool:
    kind = applied.channel.kind
    return (applied.rule.ref == "EM-01" and kind in _OPT_IN_CHANNELS) or (
        applied.rule.ref == "PH-02" and kind is ChannelKind.PHONE
    )


def _week(plan: Plan, day: dt.date) -> int:
    return (day - plan.meta.start_date).days // 7 + 1
