"""French prospection rules as data: each rule dated, sourced and scoped; findings that name them.

Rules live in planner/compliance/rules.toml (a change of law is a change of data). Each finding
names its rule and its source; the engine gives reminders and warnings, never a verdict of
compliance. A rule is evaluated at a date, or over a period when a plan spans a change of law.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

from babel.dates import format_date

from planner.compliance.territories import holiday_name
from planner.core.i18n import babel_locale, fmt_date, t
from planner.plan.model import ChannelKind, Market, ScriptPart

RULES_FILE = Path(__file__).with_name("rules.toml")

Severity = Literal["warning", "reminder"]
Check = Literal["mention", "reminder", "sector"]
Scope = Literal["opener", "message"]
_SEVERITIES: frozenset[str] = frozenset({"warning", "reminder"})
_CHECKS: frozenset[str] = frozenset({"mention", "reminder", "sector"})
_SCOPES: frozenset[str] = frozenset({"opener", "message"})


class RuleError(ValueError):
    """A rules file that cannot be used; the message names the rule and the field."""


@dataclass(frozen=True)
class Rule:
    """One rule: where it applies, when, how it is checked, and its source."""

    id: str
    ref: str
    check: Check
    channels: frozenset[ChannelKind]
    targets: frozenset[Market]
    severity: Severity
    source: str
    message_key: str
    scope: Scope = "message"
    patterns: tuple[re.Pattern[str], ...] = ()
    also_if_filled: tuple[ScriptPart, ...] = ()
    first_contact: bool = False
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    verified: bool = True
    params: Mapping[str, Any] = field(default_factory=dict)

    def in_force(self, start: dt.date, end: dt.date | None = None) -> bool:
        """True when the rule applies on `start`, or at some day of [start, end]."""
        end = start if end is None else end
        after_start = self.effective_to is None or self.effective_to >= start
        before_end = self.effective_from is None or self.effective_from <= end
        return after_start and before_end

    def applies(self, kind: ChannelKind, market: Market, first_contact: bool) -> bool:
        """True when the rule concerns this channel, this market and this kind of contact."""
        wanted = kind in self.channels and market in self.targets
        return wanted and (first_contact or not self.first_contact)

    def mentioned(self, opener: str, message: str, filled: Iterable[ScriptPart] = ()) -> bool:
        """True when the text holds one of the rule's patterns (or a part that counts as it)."""
        if set(self.also_if_filled) & set(filled):
            return True
        text = opener if self.scope == "opener" else message
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True)
class Finding:
    """A warning or reminder about a script, naming its rule and its source."""

    rule_id: str
    ref: str
    kind: Literal["mention", "reminder", "call_slot"]
    severity: Severity
    source: str
    message_key: str
    verified: bool = True
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    script_id: str | None = None
    variant_id: str | None = None
    variant_name: str = ""
    day: dt.date | None = None
    params: Mapping[str, str] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        """What to do, without the source."""
        params = dict(self.params)
        if self.day is not None:
            params |= {
                "date": fmt_date(self.day, lang),
                "weekday": format_date(self.day, format="EEEE", locale=babel_locale(lang)),
            }
            if "holiday" in params:
                params["holiday"] = holiday_name(self.day, params["holiday"], lang)
        return t(lang, self.message_key, **params)

    def source_text(self, lang: str) -> str:
        """The legal reference, flagged when it is not verified."""
        if self.verified:
            return self.source
        return f"{self.source}, {t(lang, 'compliance.unverified')}"

    def message(self, lang: str, start: dt.date | None = None, end: dt.date | None = None) -> str:
        """The finding in one line with its source, and its dates when they cut the period."""
        period = self.period(lang, start, end)
        if period:
            line = t(
                lang,
                "compliance.finding_dated",
                message=self.text(lang),
                period=period,
                source=self.source_text(lang),
            )
        else:
            line = t(
                lang, "compliance.finding", message=self.text(lang), source=self.source_text(lang)
            )
        if self.variant_id is None:
            return line
        return t(lang, "compliance.in_variant", variant=self.variant_name, message=line)

    def period(self, lang: str, start: dt.date | None = None, end: dt.date | None = None) -> str:
        """ "from 11 Aug 2026" when the rule starts or ends inside [start, end], else ""."""
        first, last = self.effective_from, self.effective_to
        begins = first is not None and (start is None or first > start)
        ends = last is not None and (end is None or last < end)
        if first is not None and last is not None and begins and ends:
            return t(
                lang,
                "compliance.between_dates",
                start=fmt_date(first, lang),
                end=fmt_date(last, lang),
            )
        if first is not None and begins:
            return t(lang, "compliance.from_date", date=fmt_date(first, lang))
        if last is not None and ends:
            return t(lang, "compliance.until_date", date=fmt_date(last, lang))
        return ""

    def severity_label(self, lang: str) -> str:
        """ "Warning" or "Reminder" in `lang`."""
        return t(lang, f"compliance.severity.{self.severity}")


# Loading the rules -------------------------------------------------------------------------


def parse_rules(text: str) -> tuple[Rule, ...]:
    """Rules from the text of a rules file; RuleError names what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"rules file: {exc}") from None
    rules = tuple(_rule(i, item) for i, item in enumerate(data.get("rule", [])))
    ids = [r.id for r in rules]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise RuleError(f"rule ids used more than once: {', '.join(repeated)}")
    return rules


@cache
def default_rules() -> tuple[Rule, ...]:
    """The rules shipped with the app."""
    return parse_rules(RULES_FILE.read_text(encoding="utf-8"))


def _rule(index: int, item: dict[str, Any]) -> Rule:
    where = f"rule {item.get('id', index)}"

    def need(key: str, allowed: frozenset[str] | None = None) -> str:
        value = item.get(key)
        if not isinstance(value, str) or not value:
            raise RuleError(f"{where}: {key} is missing")
        if allowed is not None and value not in allowed:
            raise RuleError(f"{where}: {key} must be one of {', '.join(sorted(allowed))}")
        return value

    def day(key: str) -> dt.date | None:
        value = item.get(key)
        if value is not None and not isinstance(value, dt.date):
            raise RuleError(f"{where}: {key} must be a date such as 2026-08-11")
        return value

    try:
        channels = frozenset(ChannelKind(c) for c in item.get("channels", []))
        targets = frozenset(Market(m) for m in item.get("targets", []))
        filled = tuple(ScriptPart(p) for p in item.get("also_if_filled", []))
        patterns = tuple(re.compile(p, re.IGNORECASE) for p in item.get("patterns", []))
    except (ValueError, re.error) as exc:
        raise RuleError(f"{where}: {exc}") from None
    check = need("check", _CHECKS)
    if not channels or not targets:
        raise RuleError(f"{where}: channels and targets must not be empty")
    if check == "mention" and not patterns:
        raise RuleError(f"{where}: a mention rule needs patterns")
    start, end = day("effective_from"), day("effective_to")
    if start is not None and end is not None and end < start:
        raise RuleError(f"{where}: effective_to is before effective_from")
    return Rule(
        id=need("id"),
        ref=item.get("ref") or need("id"),
        check=cast(Check, check),
        channels=channels,
        targets=targets,
        severity=cast(Severity, need("severity", _SEVERITIES)),
        source=need("source"),
        message_key=need("message"),
        scope=cast(Scope, need("scope", _SCOPES) if "scope" in item else "message"),
        patterns=patterns,
        also_if_filled=filled,
        first_contact=bool(item.get("first_contact", False)),
        effective_from=start,
        effective_to=end,
        verified=bool(item.get("verified", True)),
        params=dict(item.get("params", {})),
    )


def rule(rule_id: str, rules: Sequence[Rule] | None = None) -> Rule:
    """The rule with this id; KeyError if there is none."""
    for item in default_rules() if rules is None else rules:
        if item.id == rule_id:
            return item
    raise KeyError(rule_id)
