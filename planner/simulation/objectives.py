"""Objectives against a run's draws: what to draw for them, P(met by the deadline), time to target.

An objective's metric is computed with planner.plan.metrics from the totals of the stage kinds it
counts, up to its deadline week, on its channel when it names one. Activities are not split by
segment, so an objective scoped to a segment is not simulated; for a count or revenue target,
the probability for all segments together is an upper bound of its probability, and is given.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from planner.plan.metrics import ACTIVITY, DEFINITIONS, REVENUE, metric_value, needed_counts
from planner.plan.model import Objective, Plan
from planner.simulation.bands import Band
from planner.simulation.draws import Array, Draws, Floats, Needs, Request, SeriesKey
from planner.simulation.model import MEETING, WON, FunnelModel
from planner.simulation.result import ObjectiveOutcome, ObjectiveStatus

# Totals that have weekly series, and the series family that holds them.
WEEKLY_FAMILY = {MEETING: MEETING, WON: WON, REVENUE: WON}

Cumulative = Callable[[SeriesKey], Array]


def scope_of(model: FunnelModel, objective: Objective) -> int | None:
    """The channel an objective is restricted to (index), or None for all channels."""
    return None if objective.channel_id is None else model.channel_index(objective.channel_id)


def needs_of(plan: Plan, model: FunnelModel) -> Needs:
    """What a run must draw so that every objective of the plan can be evaluated."""
    scoped: dict[str, set[int]] = {}
    requests: set[Request] = set()
    pairs: dict[Request, str] = {}
    for objective in plan.objectives:
        scope = scope_of(model, objective)
        week = model.deadline_week(objective.deadline)
        for key in needed_counts(objective.metric):
            if key == ACTIVITY:
                continue
            if key in WEEKLY_FAMILY:
                if scope is not None:
                    scoped.setdefault(WEEKLY_FAMILY[key], set()).add(scope)
            else:
                requests.add((key, scope, week))
        definition = DEFINITIONS[objective.metric]
        bottom = definition.denominator
        paired = bottom is not None and (bottom, scope, week) in requests
        if paired and bottom is not None and definition.numerator != REVENUE:
            pairs[(bottom, scope, week)] = definition.numerator
    # Numerators first: a paired denominator is drawn from its numerator's total.
    ordered = sorted(requests, key=lambda r: (r in pairs, r[0], -1 if r[1] is None else r[1], r[2]))
    return Needs(
        scoped={family: frozenset(channels) for family, channels in scoped.items()},
        requests=tuple(ordered),
        pairs=pairs,
    )


def is_volume(objective: Objective) -> bool:
    """True when more activity can raise the metric (a count, revenue, a volume per period)."""
    return DEFINITIONS[objective.metric].denominator is None


def counts_to_target(objective: Objective) -> bool:
    """True when the metric is a running total (revenue, new customers): it has a time to target."""
    definition = DEFINITIONS[objective.metric]
    return definition.denominator is None and definition.per_weeks is None


def missing_stage(model: FunnelModel, objective: Objective) -> bool:
    """True when a stage kind the metric counts is absent from the objective's channels."""
    scope = scope_of(model, objective)
    channels = None if scope is None else frozenset({scope})
    for key in needed_counts(objective.metric):
        kind = WON if key == REVENUE else key
        if kind != ACTIVITY and not model.terms_of(kind, channels):
            return True
    return False


def activity_until(model: FunnelModel, multipliers: Floats, scope: int | None, week: int) -> float:
    """Activities from week 0 to `week` included, on a channel or all."""
    rows = model.activity[:, : week + 1].sum(axis=1) * multipliers
    return float(rows.sum() if scope is None else rows[scope])


def evaluate(
    plan: Plan,
    model: FunnelModel,
    draws: Draws,
    multipliers: Floats,
    cumulative: Cumulative,
) -> tuple[ObjectiveOutcome, ...]:
    """The outcome of each objective of the plan, from one run's draws."""
    return tuple(
        _outcome(objective, model, draws, multipliers, cumulative) for objective in plan.objectives
    )


def _outcome(
    objective: Objective,
    model: FunnelModel,
    draws: Draws,
    multipliers: Floats,
    cumulative: Cumulative,
) -> ObjectiveOutcome:
    scope = scope_of(model, objective)
    week = model.deadline_week(objective.deadline)
    totals: dict[str, Floats | float] = {}
    for key in needed_counts(objective.metric):
        if key == ACTIVITY:
            totals[key] = activity_until(model, multipliers, scope, week)
        elif key in WEEKLY_FAMILY:
            totals[key] = np.asarray(cumulative((key, scope))[week], dtype=np.float64)
        else:
            totals[key] = draws.until[(key, scope, week)].astype(np.float64)
    trials = draws.term_totals.shape[1]
    value = np.broadcast_to(metric_value(objective.metric, totals, week + 1), (trials,))
    with np.errstate(invalid="ignore"):
        probability = float(np.mean(value >= objective.target))
    reach = None
    if counts_to_target(objective):
        series = cumulative((DEFINITIONS[objective.metric].numerator, scope))
        reach = np.asarray((series >= objective.target).mean(axis=1), dtype=np.float64)
    status = ObjectiveStatus.SIMULATED
    if objective.segment_id is not None:
        status = ObjectiveStatus.SEGMENT_SCOPE
    elif missing_stage(model, objective):
        status = ObjectiveStatus.MISSING_STAGE
    segment = status is ObjectiveStatus.SEGMENT_SCOPE
    return ObjectiveOutcome(
        objective_id=objective.id,
        name=objective.name,
        metric=objective.metric.value,
        target=objective.target,
        deadline=objective.deadline,
        deadline_week=week,
        channel_id=objective.channel_id,
        segment_id=objective.segment_id,
        status=status,
        probability=None if segment else probability,
        probability_upper_bound=probability if segment and is_volume(objective) else None,
        value=None if segment else Band.of(value),
        reach_by_week=None if segment else reach,
    )
