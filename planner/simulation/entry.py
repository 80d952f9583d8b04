"""Monte Carlo simulation of a prospection plan: the public entry points.

`simulate(plan, trials, seed, engine)` returns a SimulationResult holding everything a page
draws (weekly fan charts, totals, stage and channel bands, objective probabilities, time to
target). `required_activity`, `sensitivity` and `compare_scenarios` answer the questions built on
it. Rates are Beta priors drawn once per trial (planner.plan.priors), shared pipeline rates
included; see planner.simulation.fast and planner.simulation.exact for the two engines.

Results depend only on (plan, trials, seed, engine): cache them on `plan_fingerprint(plan)` and
those three values, e.g. `st.cache_data(hash_funcs={Plan: plan_fingerprint})`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from planner.core.i18n import fmt_number, t
from planner.core.problems import InvalidInput, Problem
from planner.plan.model import Plan
from planner.plan.planfile import plan_from_data
from planner.simulation.bands import Band, WeeklyBand
from planner.simulation.defaults import (
    DEFAULT_CONFIDENCE,
    DEFAULT_REQUIRED_TRIALS,
    DEFAULT_SEED,
    DEFAULT_SENSITIVITY_TRIALS,
    DEFAULT_TRIALS,
    MAX_CELLS,
    MAX_EXACT_TRIALS,
    Engine,
)
from planner.simulation.draws import Draws, Floats
from planner.simulation.exact import draw_exact
from planner.simulation.fast import draw_fast
from planner.simulation.model import FunnelModel, compile_plan, counts_generator, draw_rates
from planner.simulation.objectives import needs_of
from planner.simulation.required import (
    ChannelActivity,
    RequiredActivity,
    RequiredStatus,
    find_required,
    request_problems,
)
from planner.simulation.result import (
    ChannelOutcome,
    ObjectiveOutcome,
    ObjectiveStatus,
    SimulationResult,
    StageOutcome,
)
from planner.simulation.sensitivity import (
    ScenarioComparison,
    Sensitivity,
    TornadoBar,
    objective_tornado,
    revenue_tornado,
)
from planner.simulation.summary import RunInfo, summarise

__all__ = [
    "DEFAULT_CONFIDENCE",
    "DEFAULT_REQUIRED_TRIALS",
    "DEFAULT_SEED",
    "DEFAULT_SENSITIVITY_TRIALS",
    "DEFAULT_TRIALS",
    "MAX_CELLS",
    "MAX_EXACT_TRIALS",
    "Band",
    "ChannelActivity",
    "ChannelOutcome",
    "Engine",
    "ObjectiveOutcome",
    "ObjectiveStatus",
    "RequiredActivity",
    "RequiredStatus",
    "ScenarioComparison",
    "Sensitivity",
    "SimulationInputError",
    "SimulationResult",
    "StageOutcome",
    "TornadoBar",
    "WeeklyBand",
    "checked_plan",
    "compare_scenarios",
    "max_trials",
    "plan_fingerprint",
    "required_activity",
    "run",
    "scaled_plan",
    "sensitivity",
    "simulate",
]


class SimulationInputError(InvalidInput):
    """A simulation request that cannot run: each problem names its field, in both languages."""

    def messages(self, lang: str) -> list[str]:
        """Every problem, one line each, in `lang`."""
        return [f"{p.where}: {_message(p, lang)}" for p in self.problems]


def _message(problem: Problem, lang: str) -> str:
    """A problem's text in `lang`, its whole numbers written the way the language writes them."""
    params = {
        key: fmt_number(value, lang) if isinstance(value, int) else value
        for key, value in problem.params.items()
    }
    return t(lang, f"simulation.error.{problem.code}", **params)


def plan_fingerprint(plan: Plan) -> str:
    """A short hash of what the simulation reads of a plan: plans equal but for their name and
    description (a workshop room's copies) have one fingerprint, so they share one run."""
    read = plan.model_dump_json(exclude={"meta": {"name", "description"}})
    return hashlib.sha256(read.encode()).hexdigest()[:16]


def checked_plan(plan: Plan) -> Plan:
    """The plan validated again (what-if copies skip validation); InvalidInput naming the field."""
    return plan_from_data(plan.model_dump(mode="json"))


def max_trials(weeks: int, engine: Engine | str = Engine.FAST) -> int:
    """The largest number of trials one run accepts for a horizon."""
    if Engine(engine) is Engine.EXACT:
        return MAX_EXACT_TRIALS
    return max(MAX_CELLS // max(weeks, 1), 1)


def check_run(plan: Plan, trials: int, seed: int, engine: Any) -> Engine:
    """The engine asked for, after checking trials, seed and engine; SimulationInputError if not."""
    problems: list[Problem] = []
    try:
        chosen = Engine(engine)
    except ValueError:
        chosen = Engine.FAST
        known = ", ".join(e.value for e in Engine)
        problems.append(Problem("engine", "engine", {"input": str(engine), "known": known}))
    limit = max_trials(plan.meta.horizon_weeks, chosen)
    if isinstance(trials, bool) or not isinstance(trials, int) or not 1 <= trials <= limit:
        params = {"input": str(trials), "limit": limit, "engine": chosen.value}
        problems.append(Problem("trials", "trials", params))
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        problems.append(Problem("seed", "seed", {"input": str(seed)}))
    if problems:
        raise SimulationInputError(problems)
    return chosen


def simulate(
    plan: Plan,
    trials: int = DEFAULT_TRIALS,
    seed: int = DEFAULT_SEED,
    engine: Engine | str = Engine.FAST,
) -> SimulationResult:
    """Simulate the plan `trials` times; the same inputs always give the same result."""
    started = time.perf_counter()
    chosen = check_run(plan, trials, seed, engine)
    plan = checked_plan(plan)
    model = compile_plan(plan)
    multipliers = np.ones(len(model.channel_ids))
    draws = run(plan, model, trials, seed, chosen, multipliers)
    info = RunInfo(plan_fingerprint(plan), trials, seed, chosen)
    result = summarise(plan, model, draws, multipliers, info)
    return dataclasses.replace(result, elapsed_seconds=time.perf_counter() - started)


def run(
    plan: Plan, model: FunnelModel, trials: int, seed: int, engine: Engine, multipliers: Floats
) -> Draws:
    """One run's draws: the rates of each trial, then counts from the chosen engine."""
    rates = draw_rates(model, trials, seed)
    draw = draw_exact if engine is Engine.EXACT else draw_fast
    return draw(model, rates, multipliers, needs_of(plan, model), counts_generator(seed))


def required_activity(
    plan: Plan,
    objective_id: str,
    confidence: float = DEFAULT_CONFIDENCE,
    channel_id: str | None = None,
    trials: int = DEFAULT_REQUIRED_TRIALS,
    seed: int = DEFAULT_SEED,
) -> RequiredActivity:
    """The activity per week that meets an objective with `confidence`, and its team hours.

    `channel_id` None scales every channel's activities together; otherwise only that one.
    """
    check_run(plan, trials, seed, Engine.FAST)
    problems = request_problems(plan, objective_id, confidence, channel_id)
    if problems:
        raise SimulationInputError(problems)
    return find_required(checked_plan(plan), objective_id, confidence, channel_id, trials, seed)


def sensitivity(
    plan: Plan,
    objective_id: str | None = None,
    trials: int = DEFAULT_SENSITIVITY_TRIALS,
    seed: int = DEFAULT_SEED,
) -> Sensitivity:
    """Tornado of each uncertain rate at its low and high: on expected revenue (exact), or on
    the probability of one objective (same draws for every bar)."""
    check_run(plan, trials, seed, Engine.FAST)
    plan = checked_plan(plan)
    if objective_id is None:
        return revenue_tornado(plan)
    problems = request_problems(plan, objective_id, DEFAULT_CONFIDENCE, None)
    if problems:
        raise SimulationInputError(problems)
    return objective_tornado(plan, objective_id, trials, seed)


def compare_scenarios(
    scenarios: Sequence[tuple[str, Plan]],
    trials: int = DEFAULT_TRIALS,
    seed: int = DEFAULT_SEED,
    engine: Engine | str = Engine.FAST,
) -> ScenarioComparison:
    """Named what-if plans simulated with the same seed, to compare side by side."""
    results = tuple(simulate(plan, trials, seed, engine) for _, plan in scenarios)
    return ScenarioComparison(tuple(name for name, _ in scenarios), results)


def scaled_plan(plan: Plan, multiplier: float, channel_id: str | None = None) -> Plan:
    """A copy of the plan with every channel's activities (or one channel's) multiplied."""
    channels = [
        c.model_copy(update={"activities_per_week": c.activities_per_week * multiplier})
        if channel_id is None or c.id == channel_id
        else c
        for c in plan.channels
    ]
    return plan.model_copy(update={"channels": channels})
