"""Each cadence step of the plan checked on its own days: the rules in force when the step happens
and what the plan lacks for it (a banned offer, a consent basis)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from planner.compliance.plan_check import AppliedRule, Gap, applied_on, channel_gaps
from planner.compliance.rules import Rule
from planner.plan.model import CadenceStep, Channel, Plan


@dataclass(frozen=True)
class StepCheck:
    """One cadence step: the days it happens, the rules on those days, and its gaps."""

    step: CadenceStep
    channel: Channel
    first_day: dt.date
    last_day: dt.date
    applied: tuple[AppliedRule, ...]
    gaps: tuple[Gap, ...]

    @property
    def worst(self) -> str | None:
        """ "error", "warning" or "reminder": the most serious of the step's gaps; None if none."""
        for severity in ("error", "warning", "reminder"):
            if any(g.severity == severity for g in self.gaps):
                return severity
        return None


def step_days(plan: Plan, step: CadenceStep) -> tuple[dt.date, dt.date]:
    """The days a step happens in the plan: from the start plus its day offset (the first
    prospects) to the plan's end (the last ones), or that one day if it is past the end."""
    first = plan.meta.start_date + dt.timedelta(days=step.day_offset)
    return first, max(first, plan.meta.end_date)


def step_checks(plan: Plan, rules: Sequence[Rule] | None = None) -> list[StepCheck]:
    """Every cadence step checked on its own days, in the order of the cadence."""
    found: list[StepCheck] = []
    for step in sorted(plan.cadence, key=lambda s: (s.day_offset, s.id)):
        channel = plan.channel(step.channel_id)
        first, last = step_days(plan, step)
        found.append(
            StepCheck(
                step,
                channel,
                first,
                last,
                tuple(applied_on(plan, channel, first, last, rules)),
                tuple(channel_gaps(plan, channel, first, last, rules)),
            )
        )
    return found
