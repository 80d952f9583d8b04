"""Mandatory mentions in scripts: the French rules a script's text must carry, and reminders.

The rules themselves (dated, sourced, as data) live in planner.compliance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Literal

from planner.compliance.rules import Finding, Rule, default_rules
from planner.compliance.step_check import step_days
from planner.plan.model import CadenceStep, ChannelKind, Market, Plan, Script, ScriptPart
from planner.scripts.text import apply_variants, message_parts

# Checking texts ----------------------------------------------------------------------------


def _finding(rule: Rule, kind: Literal["mention", "reminder"], script_id: str | None) -> Finding:
    return Finding(
        rule_id=rule.id,
        ref=rule.ref,
        kind=kind,
        severity=rule.severity,
        source=rule.source,
        message_key=rule.message_key,
        verified=rule.verified,
        effective_from=rule.effective_from,
        effective_to=rule.effective_to,
        script_id=script_id,
    )


def check_text(
    opener: str,
    message: str,
    kind: ChannelKind,
    market: Market,
    start: dt.date,
    end: dt.date | None = None,
    *,
    first_contact: bool = True,
    filled: Iterable[ScriptPart] = (),
    rules: Sequence[Rule] | None = None,
) -> list[Finding]:
    """Missing mentions, then reminders, for a text used on a channel, market and dates.

    `opener` is what is said or read first (a call's hook); `message` is the whole text.
    """
    rules = default_rules() if rules is None else rules
    filled = tuple(filled)
    active = [r for r in rules if r.in_force(start, end) and r.applies(kind, market, first_contact)]
    missing = [
        _finding(r, "mention", None)
        for r in active
        if r.check == "mention" and not r.mentioned(opener, message, filled)
    ]
    reminders = [_finding(r, "reminder", None) for r in active if r.check == "reminder"]
    return missing + reminders


def check_script(
    script: Script,
    kind: ChannelKind,
    market: Market,
    start: dt.date,
    end: dt.date | None = None,
    *,
    first_contact: bool = True,
    rules: Sequence[Rule] | None = None,
) -> list[Finding]:
    """Findings on a script and on each of its variants (a variant's own findings only)."""
    base = _check_version(script, kind, market, start, end, first_contact, rules)
    found = list(base)
    seen = {f.rule_id for f in base}
    for item in script.variants:
        version = apply_variants(script, [item.id])
        found += [
            replace(f, variant_id=item.id, variant_name=item.name)
            for f in _check_version(version, kind, market, start, end, first_contact, rules)
            if f.rule_id not in seen
        ]
    return found


def _check_version(
    script: Script,
    kind: ChannelKind,
    market: Market,
    start: dt.date,
    end: dt.date | None,
    first_contact: bool,
    rules: Sequence[Rule] | None,
) -> list[Finding]:
    parts = message_parts(script)
    filled = [p for p, text in parts if text]
    message = "\n".join([script.subject, *(text for _, text in parts)])
    findings = check_text(
        script.hook,
        message,
        kind,
        market,
        start,
        end,
        first_contact=first_contact,
        filled=filled,
        rules=rules,
    )
    return [replace(f, script_id=script.id) for f in findings]


def first_contact_scripts(plan: Plan) -> set[str]:
    """Scripts that may open a relationship: used at the cadence's first day, or by no step."""
    used = {s.script_id for s in plan.cadence if s.script_id}
    first_day = min((s.day_offset for s in plan.cadence), default=0)
    openers = {s.script_id for s in plan.cadence if s.script_id and s.day_offset == first_day}
    return {s.id for s in plan.scripts if s.id in openers or s.id not in used}


def plan_script_findings(
    plan: Plan, script: Script, on: dt.date | None = None, rules: Sequence[Rule] | None = None
) -> list[Finding]:
    """Findings on a plan's script, at a date or (by default) over the plan's whole period."""
    start, end = (on, on) if on is not None else (plan.meta.start_date, plan.meta.end_date)
    return check_script(
        script,
        plan.channel(script.channel_id).kind,
        plan.meta.market,
        start,
        end,
        first_contact=script.id in first_contact_scripts(plan),
        rules=rules,
    )


def step_script_findings(
    plan: Plan, step: CadenceStep, rules: Sequence[Rule] | None = None
) -> list[Finding]:
    """Mandatory mentions missing from the script a cadence step sends (its variant applied), on
    the days the step happens; a first-day step is a first contact. [] when it has no script."""
    script = next((s for s in plan.scripts if s.id == step.script_id), None)
    if script is None:
        return []
    sent = apply_variants(script, [step.variant_id] if step.variant_id else [])
    first, last = step_days(plan, step)
    opening = min(s.day_offset for s in plan.cadence) == step.day_offset
    findings = _check_version(
        sent, plan.channel(step.channel_id).kind, plan.meta.market, first, last, opening, rules
    )
    return [f for f in findings if f.kind == "mention"]
