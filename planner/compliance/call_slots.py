"""Lawful call slots to consumers (PH-03, art. D.223-9 C. consom.): the days and hours a call is
allowed in the consumer's own time zone, never on a public holiday, and the next allowed slot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from planner.compliance.rules import Finding, Rule, default_rules
from planner.compliance.territories import METROPOLITAN, Territory, is_public_holiday
from planner.plan.model import Market

Window = tuple[dt.time, dt.time]


def slot_rules(day: dt.date, market: Market, rules: Sequence[Rule] | None = None) -> list[Rule]:
    """The call-slot rules in force on `day` for a market (none in B2B)."""
    return [
        r
        for r in (default_rules() if rules is None else rules)
        if "windows" in r.params and market in r.targets and r.in_force(day)
    ]


def local_time(moment: dt.datetime, place: Territory) -> dt.datetime:
    """The moment on the consumer's clock: an aware time converted, a naive one taken as local."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=place.zone)
    return moment.astimezone(place.zone)


def call_slot_findings(
    moment: dt.datetime,
    market: Market,
    rules: Sequence[Rule] | None = None,
    place: Territory = METROPOLITAN,
) -> list[Finding]:
    """Why a call to a consumer at this moment is not allowed; [] when it is, or in B2B.

    A naive `moment` is the consumer's local time; an aware one is converted to it.
    """
    local = local_time(moment, place)
    findings: list[Finding] = []
    for rule in slot_rules(local.date(), market, rules):
        findings += _slot_problems(rule, local, place)
    return findings


def windows_on(day: dt.date, place: Territory, rule: Rule) -> list[Window]:
    """The hours a rule allows on a day in a territory: none on a weekend or a public holiday."""
    if day.weekday() not in rule.params.get("weekdays", range(7)) or is_public_holiday(day, place):
        return []
    return [(dt.time.fromisoformat(a), dt.time.fromisoformat(b)) for a, b in rule.params["windows"]]


def next_call_slot(
    after: dt.datetime,
    place: Territory = METROPOLITAN,
    market: Market = Market.B2C,
    rules: Sequence[Rule] | None = None,
    within_days: int = 31,
) -> dt.datetime | None:
    """The first moment at or after `after` when a call is allowed, on the consumer's clock
    (aware, in the territory's zone); None if none within `within_days`."""
    local = local_time(after, place)
    for offset in range(within_days + 1):
        day = local.date() + dt.timedelta(days=offset)
        active = slot_rules(day, market, rules)
        if not active:  # no slot rule on that day: any time is allowed
            return local if offset == 0 else _at(day, dt.time(0, 0), place)
        windows = _common_windows([windows_on(day, place, r) for r in active])
        for start, end in windows:
            opens, closes = _at(day, start, place), _at(day, end, place)
            candidate = max(opens, local)
            if candidate < closes:
                return candidate
    return None


def call_hours(
    day: dt.date, place: Territory = METROPOLITAN, rules: Sequence[Rule] | None = None
) -> float:
    """Hours in which consumers may be called on a day (0 on weekends and public holidays)."""
    active = slot_rules(day, Market.B2C, rules)
    if not active:
        return 24.0
    windows = _common_windows([windows_on(day, place, r) for r in active])
    return sum(_hours(start, end) for start, end in windows)


def _hours(start: dt.time, end: dt.time) -> float:
    return (
        dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start)
    ).seconds / 3600


def _at(day: dt.date, clock: dt.time, place: Territory) -> dt.datetime:
    return dt.datetime.combine(day, clock, tzinfo=place.zone)


def _common_windows(per_rule: list[list[Window]]) -> list[Window]:
    """The windows every rule allows (their intersection), in time order."""
    common = per_rule[0]
    for windows in per_rule[1:]:
        common = [
            (max(a, c), min(b, d)) for a, b in common for c, d in windows if max(a, c) < min(b, d)
        ]
    return sorted(common)


def _slot_problems(rule: Rule, moment: dt.datetime, place: Territory) -> list[Finding]:
    def finding(key: str, **params: str) -> Finding:
        return Finding(
            rule_id=rule.id,
            ref=rule.ref,
            kind="call_slot",
            severity="warning",
            source=rule.source,
            message_key=f"compliance.call_slot.{key}",
            verified=rule.verified,
            day=moment.date(),
            params=params,
        )

    found: list[Finding] = []
    if moment.weekday() not in rule.params.get("weekdays", range(7)):
        found.append(finding("weekend"))
    if is_public_holiday(moment.date(), place):
        found.append(finding("holiday", holiday=place.code))
    clock = moment.time()
    windows = [
        (dt.time.fromisoformat(a), dt.time.fromisoformat(b)) for a, b in rule.params["windows"]
    ]
    if not any(a <= clock < b for a, b in windows):
        found.append(finding("hours", time=moment.strftime("%H:%M")))
    return found
