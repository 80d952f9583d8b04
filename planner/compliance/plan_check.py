"""The plan checked against the rules: for each channel, which rules apply on which of the plan's
weeks (a change of law splits a plan), and what the plan itself lacks (a consent basis, an offer
in a sector banned from consumer canvassing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from planner.compliance.call_capacity import (
    TOLERANCE_HOURS,
    consumer_phones,
    lawful_hours,
    phone_hours,
)
from planner.compliance.rules import Rule, default_rules
from planner.core.i18n import fmt_date, t
from planner.plan.calendar import week_starts
from planner.plan.model import Channel, ChannelKind, Market, OfferCategory, Plan, Segment

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


GapCode = Literal["no_consent_basis", "consent_to_check", "banned_offer", "no_offer_category"]
GapSeverity = Literal["error", "warning", "reminder"]


@dataclass(frozen=True)
class Gap:
    """Something the plan lacks for a rule: its code, the rule, where, and on which days."""

    code: GapCode
    rule: Rule
    channel: Channel
    segment: Segment | None  # None when the gap is the whole channel's (a banned offer)
    first_day: dt.date
    severity: GapSeverity
    category: OfferCategory | None = None

    def text(self, lang: str) -> str:
        """The gap in one line of `lang`, with its rule and its source."""
        return t(
            lang,
            f"compliancepage.gap.{self.code}",
            channel=self.channel.name,
            segment=self.segment.name if self.segment else "",
            basis=self.segment.consent_basis.strip() if self.segment else "",
            category=t(lang, f"offer_category.{self.category.value}") if self.category else "",
            date=fmt_date(self.first_day, lang),
            ref=self.rule.ref,
            source=self.rule.source,
        )


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
    found = [a for c in plan.channels for a in applied_on(plan, c, start, end, rules)]
    return sorted(found, key=lambda a: (a.channel.name, a.first_day, a.rule.id))


def applied_on(
    plan: Plan,
    channel: Channel,
    first: dt.date,
    last: dt.date,
    rules: Sequence[Rule] | None = None,
) -> list[AppliedRule]:
    """The rules on one channel of the plan in force between two days, each on its own days."""
    found: list[AppliedRule] = []
    for item in default_rules() if rules is None else rules:
        wanted = channel.kind in item.channels and plan.meta.market in item.targets
        if not (wanted and item.in_force(first, last)):
            continue
        since = max(first, item.effective_from or first)
        until = min(last, item.effective_to or last)
        found.append(
            AppliedRule(item, channel, since, until, _week(plan, since), _week(plan, until))
        )
    return sorted(found, key=lambda a: (a.first_day, a.rule.id))


def plan_gaps(plan: Plan, rules: Sequence[Rule] | None = None) -> list[Gap]:
    """What the whole plan lacks: banned offers first, then consent bases, channel by channel."""
    start, end = plan.meta.start_date, plan.meta.end_date
    return [g for c in plan.channels for g in channel_gaps(plan, c, start, end, rules)]


def channel_gaps(
    plan: Plan,
    channel: Channel,
    first: dt.date,
    last: dt.date,
    rules: Sequence[Rule] | None = None,
) -> list[Gap]:
    """What one channel lacks between two days: a banned offer (an error), consent bases."""
    applied = applied_on(plan, channel, first, last, rules)
    return sector_gaps(plan, applied) + _consent(plan, applied)


def sector_gaps(plan: Plan, applied: Sequence[AppliedRule]) -> list[Gap]:
    """Consumer canvassing of an offer in a banned sector (PH-05, CPF-01): an error; a
    reminder, once per channel, when the plan does not say its offer's category."""
    if plan.meta.market is not Market.B2C:
        return []
    category = plan.offer.category
    gaps: list[Gap] = []
    asked: set[str] = set()
    for item in applied:
        banned = item.rule.params.get("banned_categories")
        if not banned:
            continue
        if category is None and item.channel.id not in asked:
            asked.add(item.channel.id)
            gaps.append(
                Gap("no_offer_category", item.rule, item.channel, None, item.first_day, "reminder")
            )
        elif category is not None and category.value in banned:
            gaps.append(
                Gap(
                    "banned_offer", item.rule, item.channel, None, item.first_day, "error", category
                )
            )
    return gaps


def consent_gaps(plan: Plan, rules: Sequence[Rule] | None = None) -> list[Gap]:
    """Consumer channels that need prior consent, per segment: a warning when the segment records
    no consent basis (none recorded means no consent), a reminder to check the one recorded."""
    return _consent(plan, applied_rules(plan, rules))


def _consent(plan: Plan, applied: Sequence[AppliedRule]) -> list[Gap]:
    if plan.meta.market is not Market.B2C:
        return []
    gaps: list[Gap] = []
    for item in applied:
        if not _needs_consent(item):
            continue
        for segment in plan.segments:
            recorded = bool(segment.consent_basis.strip())
            gaps.append(
                Gap(
                    "consent_to_check" if recorded else "no_consent_basis",
                    item.rule,
                    item.channel,
                    segment,
                    item.first_day,
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
    if not consumer_phones(plan):
        return []
    needed, lawful = phone_hours(plan), lawful_hours(plan)
    return [
        CallHoursGap(w + 1, start, float(needed[w]), float(lawful[w]))
        for w, start in enumerate(week_starts(plan.meta))
        if needed[w] > lawful[w] + TOLERANCE_HOURS
    ]


def _needs_consent(applied: AppliedRule) -> bool:
    kind = applied.channel.kind
    return (applied.rule.ref == "EM-01" and kind in _OPT_IN_CHANNELS) or (
        applied.rule.ref == "PH-02" and kind is ChannelKind.PHONE
    )


def _week(plan: Plan, day: dt.date) -> int:
    return (day - plan.meta.start_date).days // 7 + 1
