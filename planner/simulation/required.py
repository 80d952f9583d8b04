"""Required activity: the volume that meets an objective with a chosen confidence, and its hours.

A bisection on one multiplier of the activities (of every channel, or of one), with common
random numbers (planner.simulation.coupled), then the hours it takes against the team's hours
(planner.capacity.team_hours) and the reps that would close the gap.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from planner.compliance.call_capacity import call_caps
from planner.compliance.rules import rule
from planner.core.i18n import plural, t
from planner.core.problems import Problem
from planner.plan.capacity import team_hours
from planner.plan.model import Plan
from planner.simulation.coupled import CoupledObjective
from planner.simulation.defaults import MAX_MULTIPLIER
from planner.simulation.draws import Floats
from planner.simulation.model import FunnelModel, compile_plan, draw_rates
from planner.simulation.objectives import is_volume

RELATIVE_TOLERANCE = 0.005


class RequiredStatus(StrEnum):
    """What the search found."""

    REACHED = "reached"
    RATE_METRIC = "rate_metric"  # a rate: more volume does not raise it
    NO_VOLUME = "no_volume"  # the scaled channels feed nothing the objective counts
    BEYOND_SEARCH = "beyond_search"  # not reached even at MAX_MULTIPLIER times the activity
    SEGMENT_SCOPE = "segment_scope"  # activities are not split by segment


@dataclass(frozen=True)
class ChannelActivity:
    """One channel's planned and required activities per (normal) week."""

    channel_id: str
    channel_name: str
    activity_name: str
    minutes_per_activity: float
    current_per_week: float
    required_per_week: float | None


@dataclass(frozen=True, eq=False)
class RequiredActivity:
    """The activity an objective needs at a confidence, and the team time it takes."""

    objective_id: str
    confidence: float
    channel_id: str | None  # the channel scaled; None: all channels together
    status: RequiredStatus
    multiplier: float | None
    probability_now: float | None
    probability_required: float | None
    channels: tuple[ChannelActivity, ...]
    hours_now: Floats  # hours the planned activities take each week
    hours_needed: Floats | None  # hours the required activities take each week
    hours_available: Floats  # team hours each week (planner.plan.capacity)
    hours_per_extra_rep: float  # over the horizon
    trials: int
    seed: int
    # Weeks where the activity needed calls consumers beyond the lawful call hours (PH-03).
    unlawful_weeks: int = 0

    @property
    def extra_hours(self) -> float | None:
        """Hours needed beyond those available over the horizon (negative: hours to spare)."""
        if self.hours_needed is None:
            return None
        return float(self.hours_needed.sum() - self.hours_available.sum())

    @property
    def extra_reps(self) -> int | None:
        """Reps to add so that the team has the hours needed (0 when it already has them)."""
        gap = self.extra_hours
        if gap is None or self.hours_per_extra_rep <= 0:
            return None
        return max(math.ceil(gap / self.hours_per_extra_rep - 1e-9), 0)

    def hours_frame(self, week_starts: Sequence[dt.date]) -> pd.DataFrame:
        """Tidy weekly hours: week_start, series (hours_now, hours_needed or hours_available)."""
        series = {
            "hours_now": self.hours_now,
            "hours_needed": self.hours_needed,
            "hours_available": self.hours_available,
        }
        return pd.concat(
            [
                pd.DataFrame({"week_start": week_starts, "series": key, "hours": values})
                for key, values in series.items()
                if values is not None
            ],
            ignore_index=True,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "objective_id": self.objective_id,
            "confidence": self.confidence,
            "channel_id": self.channel_id,
            "status": self.status.value,
            "multiplier": self.multiplier,
            "probability_now": self.probability_now,
            "probability_required": self.probability_required,
            "channels": [vars(c) for c in self.channels],
            "hours_now": float(self.hours_now.sum()),
            "hours_needed": None if self.hours_needed is None else float(self.hours_needed.sum()),
            "hours_available": float(self.hours_available.sum()),
            "extra_hours": self.extra_hours,
            "hours_per_extra_rep": self.hours_per_extra_rep,
            "extra_reps": self.extra_reps,
            "trials": self.trials,
            "seed": self.seed,
            "unlawful_weeks": self.unlawful_weeks,
        }


def request_problems(
    plan: Plan, objective_id: str, confidence: float, channel_id: str | None
) -> list[Problem]:
    """What is wrong with a required-activity request (unknown ids, confidence not in (0, 1))."""
    problems = []
    if objective_id not in {o.id for o in plan.objectives}:
        known = ", ".join(o.id for o in plan.objectives) or "—"
        problems.append(Problem("objective", "objective", {"input": objective_id, "known": known}))
    if channel_id is not None and channel_id not in {c.id for c in plan.channels}:
        known = ", ".join(c.id for c in plan.channels) or "—"
        problems.append(Problem("channel", "channel", {"input": channel_id, "known": known}))
    if not 0.0 < confidence < 1.0:
        problems.append(Problem("confidence", "confidence", {"input": confidence}))
    return problems


def find_required(
    plan: Plan,
    objective_id: str,
    confidence: float,
    channel_id: str | None,
    trials: int,
    seed: int,
) -> RequiredActivity:
    """The search itself, on a checked plan and request (see planner.simulation.entry)."""
    model = compile_plan(plan)
    objective = next(o for o in plan.objectives if o.id == objective_id)
    scaled = None if channel_id is None else frozenset({model.channel_index(channel_id)})
    multiplier: float | None = None
    now: float | None = None
    at: float | None = None
    if objective.segment_id is not None:
        status = RequiredStatus.SEGMENT_SCOPE
    elif not is_volume(objective):
        status = RequiredStatus.RATE_METRIC
    else:
        coupled = CoupledObjective(model, objective, draw_rates(model, trials, seed), scaled, seed)
        now = coupled.probability(1.0)
        if not coupled.responds:
            status = RequiredStatus.NO_VOLUME
        else:
            multiplier = smallest_multiplier(coupled.probability, confidence)
            status = RequiredStatus.BEYOND_SEARCH if multiplier is None else RequiredStatus.REACHED
            at = None if multiplier is None else coupled.probability(multiplier)
    factors = _factors(model, scaled, multiplier)
    return RequiredActivity(
        objective_id=objective_id,
        confidence=confidence,
        channel_id=channel_id,
        status=status,
        multiplier=multiplier,
        probability_now=now,
        probability_required=at,
        channels=tuple(
            ChannelActivity(
                channel_id=c.id,
                channel_name=c.name,
                activity_name=c.activity_name,
                minutes_per_activity=c.minutes_per_activity,
                current_per_week=c.activities_per_week,
                required_per_week=None if factors is None else c.activities_per_week * factors[i],
            )
            for i, c in enumerate(plan.channels)
        ),
        hours_now=_hours(model, np.ones(len(model.channel_ids))),
        hours_needed=None if factors is None else _hours(model, factors),
        hours_available=team_hours(plan),
        hours_per_extra_rep=_hours_per_rep(plan),
        trials=trials,
        seed=seed,
        unlawful_weeks=0 if factors is None else _unlawful_weeks(plan, factors),
    )


def _unlawful_weeks(plan: Plan, factors: Floats) -> int:
    """Weeks where the plan's activity, scaled by the factors, calls consumers beyond what the
    lawful slots allow the team."""
    scaled = plan.model_copy(
        update={
            "channels": [
                c.model_copy(update={"activities_per_week": c.activities_per_week * f})
                for c, f in zip(plan.channels, factors, strict=True)
            ]
        }
    )
    return len({cap.week for cap in call_caps(scaled)})


def unlawful_note(found: RequiredActivity, lang: str) -> str:
    """That the activity needed calls consumers beyond the lawful hours, in `lang`; "" if not."""
    if not found.unlawful_weeks:
        return ""
    weeks = plural(lang, "callcap.weeks", found.unlawful_weeks)
    return t(lang, "simulation.required.unlawful", weeks=weeks, source=rule("PH-03").source)


def smallest_multiplier(probability: Callable[[float], float], confidence: float) -> float | None:
    """The smallest multiplier whose probability reaches the confidence (within 0.5 %), or None."""
    if probability(0.0) >= confidence:
        return 0.0
    low, high = 0.0, 1.0
    while probability(high) < confidence:
        low, high = high, high * 2.0
        if high > MAX_MULTIPLIER:
            return None
    while high - low > RELATIVE_TOLERANCE * high:
        middle = (low + high) / 2.0
        if probability(middle) >= confidence:
            high = middle
        else:
            low = middle
    return high


def _factors(
    model: FunnelModel, scaled: frozenset[int] | None, multiplier: float | None
) -> Floats | None:
    if multiplier is None:
        return None
    channels = range(len(model.channel_ids))
    return np.array([multiplier if scaled is None or c in scaled else 1.0 for c in channels])


def _hours(model: FunnelModel, factors: Floats) -> Floats:
    """Hours the activities take each week: Σ activities × minutes per activity / 60."""
    return np.asarray((model.activity * (factors * model.minutes / 60.0)[:, None]).sum(axis=0))


def _hours_per_rep(plan: Plan) -> float:
    """Hours one more rep brings over the horizon."""
    more = plan.team.model_copy(update={"reps": plan.team.reps + 1})
    return float(team_hours(plan.model_copy(update={"team": more})).sum() - team_hours(plan).sum())
