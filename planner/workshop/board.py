"""One row of the facilitator's board per participant: assumptions, forecast, verdicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from planner.core.i18n import LANGUAGES, t
from planner.plan.benchmarks import BENCHMARKS
from planner.plan.model import Metric, Objective, Plan, Rate, StageKind
from planner.plan.smart import FAR, Verdict, check_objectives
from planner.simulation.defaults import DEFAULT_SEED
from planner.simulation.entry import required_activity
from planner.simulation.required import RequiredActivity
from planner.simulation.result import SimulationResult

# The activity needed that the board and the comparisons give: to meet the main objective 8
# times in 10, worked out on this many trials (±1 point on the probability is enough there).
NEEDED_CONFIDENCE = 0.8
NEEDED_TRIALS = 2_000
# Objectives the board leads with, in this order: what the room compares first.
_MAIN_METRICS = (Metric.REVENUE, Metric.NEW_CUSTOMERS, Metric.MEETINGS_PER_MONTH)
_WORST = (Verdict.FAIL, Verdict.WARNING, Verdict.NOT_ASSESSED, Verdict.OK)


@cache
def _by_source() -> dict[tuple[str, str], tuple[str, Rate]]:
    """Each catalogue entry by its definition and source as a plan holds them (in either
    language: two entries may share a source)."""
    return {
        (t(lang, rate.definition), t(lang, rate.source)): (key, rate)
        for key, rate in BENCHMARKS.items()
        for lang in LANGUAGES
    }


@dataclass(frozen=True)
class FarRate:
    """A stage rate far outside the range of the benchmark it was taken from (above FAR × its
    high figure or below its low one ÷ FAR); a rate whose source the user rewrote is not
    compared."""

    channel: str  # "" for a stage of the shared pipeline
    stage: str
    typical: float
    low: float
    high: float
    benchmark: str


@dataclass(frozen=True)
class BoardRow:
    """What the board shows of one participant's plan."""

    plan_id: str
    participant: str
    activities: dict[str, float]  # channel name -> activities a week
    deal_value: float
    win_rate: float | None  # the shared pipeline's won stage, typical rate
    currency: str
    revenue_p10: float
    revenue_p50: float
    revenue_p90: float
    objective: str | None  # the main objective's name
    chance: float | None  # its simulated probability
    needed_multiplier: float | None  # activity needed at the confidence ÷ planned activity
    smart: Verdict  # the worst letter over the plan's objectives
    far_rates: tuple[FarRate, ...]
    saved_at: dt.datetime
    revision: int

    @property
    def activities_per_week(self) -> float:
        """Every channel's activities a week together."""
        return sum(self.activities.values())


Required = Callable[[Plan, str, float, str | None, int, int], RequiredActivity]


def activity_needed(
    plan: Plan, required: Required = required_activity, seed: int = DEFAULT_SEED
) -> float | None:
    """The activity the main objective needs to be met 8 times in 10, as a multiple of the
    planned activity (None without an objective or a reachable one); `required` is
    planner.simulation's required_activity or a cached form of it."""
    objective = main_objective(plan)
    if objective is None:
        return None
    return required(plan, objective.id, NEEDED_CONFIDENCE, None, NEEDED_TRIALS, seed).multiplier


def main_objective(plan: Plan) -> Objective | None:
    """The objective the board leads with: revenue, else new customers, meetings, the first."""
    for metric in _MAIN_METRICS:
        for objective in plan.objectives:
            if objective.metric is metric and objective.channel_id is None:
                return objective
    return plan.objectives[0] if plan.objectives else None


def far_from_benchmarks(plan: Plan) -> tuple[FarRate, ...]:
    """The stage rates far outside the sourced benchmark they were taken from."""
    found = []
    owned = [(c.name, stage) for c in plan.channels for stage in c.stages]
    for where, stage in [*owned, *(("", stage) for stage in plan.pipeline)]:
        entry = _by_source().get((stage.rate.definition, stage.rate.source))
        if entry is None:
            continue
        key, bench = entry
        typical = stage.rate.typical
        if typical > bench.high * FAR or typical < bench.low / FAR:
            found.append(FarRate(where, stage.name, typical, bench.low, bench.high, key))
    return tuple(found)


def board_row(
    plan_id: str,
    participant: str,
    plan: Plan,
    result: SimulationResult,
    needed: float | None,
    saved_at: dt.datetime,
    revision: int,
) -> BoardRow:
    """Sum up a participant's plan from its simulation (and `activity_needed`)."""
    objective = main_objective(plan)
    chance = None
    if objective is not None:
        chance = result.objective(objective.id).probability
    chances = {
        o.objective_id: o.probability for o in result.objectives if o.probability is not None
    }
    letters = [c.verdict for checks in check_objectives(plan, chances).values() for c in checks]
    smart = min(letters, key=_WORST.index, default=Verdict.NOT_ASSESSED)
    revenue = result.totals["revenue"]
    return BoardRow(
        plan_id=plan_id,
        participant=participant,
        activities={c.name: c.activities_per_week for c in plan.channels},
        deal_value=plan.offer.deal_value,
        win_rate=next((s.rate.typical for s in plan.pipeline if s.kind is StageKind.WON), None),
        currency=plan.meta.currency,
        revenue_p10=revenue.p10,
        revenue_p50=revenue.p50,
        revenue_p90=revenue.p90,
        objective=objective.name if objective is not None else None,
        chance=chance,
        needed_multiplier=needed,
        smart=smart,
        far_rates=far_from_benchmarks(plan),
        saved_at=saved_at,
        revision=revision,
    )
