"""Sensitivity (a tornado of each uncertain rate at its low and high) and scenarios side by side.

On mean revenue the tornado is exact: the expected revenue is a sum over paths of products of
independent rates, so it is the product of the prior means with one rate fixed. On an
objective's probability, every bar reuses the same rate draws and uniforms (common random
numbers), so bars differ only by the rate that was fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.plan.model import Plan
from planner.simulation.coupled import CoupledObjective
from planner.simulation.draws import Floats
from planner.simulation.model import REPEAT, WON, FunnelModel, compile_plan, draw_rates
from planner.simulation.result import SimulationResult

REVENUE_MEASURE = "revenue"


@dataclass(frozen=True)
class TornadoBar:
    """The measure with one rate fixed at its low and at its high."""

    slot: str  # 'phone/conversation', 'pipeline/won'
    channel_id: str | None
    stage_id: str
    stage_name: str
    low: float
    high: float
    at_low: float
    at_high: float

    @property
    def swing(self) -> float:
        """How far apart the two ends are."""
        return abs(self.at_high - self.at_low)


@dataclass(frozen=True)
class Sensitivity:
    """A tornado: the baseline measure and one bar per uncertain rate, widest first."""

    measure: str  # "revenue" (expected revenue) or an objective id (its probability)
    baseline: float
    bars: tuple[TornadoBar, ...]
    trials: int
    seed: int

    def frame(self) -> pd.DataFrame:
        """One row per bar: slot, channel_id, stage_id, stage, low, high, at_low, at_high, swing."""
        rows = [{**vars(bar), "swing": bar.swing} for bar in self.bars]
        columns = [*TornadoBar.__dataclass_fields__, "swing"]
        return pd.DataFrame(rows, columns=columns)


def revenue_tornado(plan: Plan) -> Sensitivity:
    """Expected revenue over the horizon with each uncertain rate at its low and at its high."""
    model = compile_plan(plan)
    means = np.array([s.prior.mean for s in model.slots], dtype=np.float64)

    def revenue(rates: Floats) -> float:
        return _expected_revenue(model, rates)

    return Sensitivity(REVENUE_MEASURE, revenue(means), _bars(model, means, revenue), 0, 0)


def objective_tornado(plan: Plan, objective_id: str, trials: int, seed: int) -> Sensitivity:
    """P(objective met) with each uncertain rate at its low and at its high, same draws."""
    model = compile_plan(plan)
    objective = next(o for o in plan.objectives if o.id == objective_id)
    rates = draw_rates(model, trials, seed)

    def probability(drawn: Floats) -> float:
        return CoupledObjective(model, objective, drawn, None, seed).probability(1.0)

    return Sensitivity(
        objective_id, probability(rates), _bars(model, rates, probability), trials, seed
    )


def _bars(
    model: FunnelModel, rates: Floats, measure: Callable[[Floats], float]
) -> tuple[TornadoBar, ...]:
    """One bar per uncertain rate: the measure with that rate fixed at its low, then its high."""
    bars = []
    for i, slot in enumerate(model.slots):
        if slot.prior.is_certain:
            continue
        ends = []
        for value in (slot.low, slot.high):
            fixed = rates.copy()
            fixed[i] = value
            ends.append(measure(fixed))
        bars.append(
            TornadoBar(
                slot=slot.key,
                channel_id=slot.channel_id,
                stage_id=slot.stage_id,
                stage_name=slot.stage_name,
                low=slot.low,
                high=slot.high,
                at_low=ends[0],
                at_high=ends[1],
            )
        )
    return tuple(sorted(bars, key=lambda bar: -bar.swing))


def _expected_revenue(model: FunnelModel, rates: Floats) -> float:
    """Expected revenue over the horizon with these (slots,) rates."""
    expected = model.coefficients(rates.reshape(-1, 1))[:, 0] * model.shapes.sum(axis=1)
    won = float(expected[model.terms_of(WON)].sum())
    repeat = float(expected[model.terms_of(REPEAT)].sum())
    return won * model.deal_value + repeat * model.repeat_value


@dataclass(frozen=True, eq=False)
class ScenarioComparison:
    """Named what-if plans simulated with the same seed."""

    names: tuple[str, ...]
    results: tuple[SimulationResult, ...]

    def frame(self) -> pd.DataFrame:
        """Tidy comparison: scenario, measure, mean, p10, p50, p90 (objectives: probability)."""
        rows = []
        for name, result in zip(self.names, self.results, strict=True):
            for series, band in result.totals.items():
                rows.append({"scenario": name, "measure": series, **band.to_dict()})
            for o in result.objectives:
                measure = f"objective:{o.objective_id}"
                rows.append({"scenario": name, "measure": measure, "probability": o.probability})
        columns = ["scenario", "measure", "mean", "p10", "p50", "p90", "probability"]
        return pd.DataFrame(rows, columns=columns)

    def table(self) -> pd.DataFrame:
        """One row per scenario, in order: each measure's median, then each objective's chance."""
        frame = self.frame()
        medians = frame.dropna(subset=["p50"]).pivot(
            index="scenario", columns="measure", values="p50"
        )
        chances = frame.dropna(subset=["probability"]).pivot(
            index="scenario", columns="measure", values="probability"
        )
        order = list(dict.fromkeys(frame["scenario"]))
        return medians.join(chances).reindex(order).reset_index()
