"""P(objective met) as a smooth, monotone function of volume: common random numbers by inversion.

Given a trial's rates, each stage kind's total up to the deadline is Poisson with intensity
m · Λ_scaled + Λ_other (m multiplies the activities of the scaled channels). Drawing it as the
Poisson quantile of a uniform fixed once per trial makes every trial's total rise with m, and so
the probability: a bisection on m can trust it, and two rate settings compared on the same
uniforms differ only by the change made (sensitivity). Revenue is the Gamma quantile of its
own fixed uniform, with the mean and variance of the deals' and repeat purchases' values.
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaincinv, pdtr, pdtrik

from planner.plan.metrics import ACTIVITY, DEFINITIONS, REVENUE, metric_value, needed_counts
from planner.plan.model import Objective
from planner.simulation.draws import Floats, nested
from planner.simulation.model import REPEAT, WON, FunnelModel
from planner.simulation.objectives import scope_of

_EDGE = 1e-12


class CoupledObjective:
    """One objective evaluated on fixed rates and fixed uniforms, for any volume multiplier."""

    def __init__(
        self,
        model: FunnelModel,
        objective: Objective,
        rates: Floats,
        scaled: frozenset[int] | None,
        seed: int,
    ) -> None:
        self.objective = objective
        self.model = model
        scope = scope_of(model, objective)
        self.channels = None if scope is None else frozenset({scope})
        self.week = model.deadline_week(objective.deadline)
        trials = rates.shape[1]
        coef = model.coefficients(rates)
        reach = model.shapes[:, : self.week + 1].sum(axis=1)
        is_scaled = np.array([scaled is None or t.channel in scaled for t in model.terms], bool)
        self.kinds = _kinds(objective)
        self.inside: dict[str, Floats] = {}
        self.outside: dict[str, Floats] = {}
        for kind in self.kinds:
            terms = np.array(model.terms_of(kind, self.channels), dtype=np.intp)
            part = coef[terms] * reach[terms, None]
            self.inside[kind] = part[is_scaled[terms]].sum(axis=0)
            self.outside[kind] = part[~is_scaled[terms]].sum(axis=0)
        rows = model.activity[:, : self.week + 1].sum(axis=1)
        chosen = np.array([scaled is None or c in scaled for c in range(len(rows))], dtype=bool)
        if self.channels is not None:
            rows = np.where([c in self.channels for c in range(len(rows))], rows, 0.0)
        self.activity_inside = float(rows[chosen].sum())
        self.activity_outside = float(rows[~chosen].sum())
        rng = np.random.default_rng([seed, 2])
        self.uniforms = {
            kind: np.clip(rng.random(trials), _EDGE, 1 - _EDGE) for kind in (*self.kinds, REVENUE)
        }

    @property
    def responds(self) -> bool:
        """True when the scaled volume feeds something the objective counts."""
        counted = any(np.any(self.inside[kind] > 0) for kind in self.kinds)
        uses_activity = ACTIVITY in needed_counts(self.objective.metric)
        return counted or (uses_activity and self.activity_inside > 0)

    def values(self, multiplier: float) -> Floats:
        """The metric's value at the deadline in each trial, at this multiplier."""
        counts: dict[str, Floats] = {}
        definition = DEFINITIONS[self.objective.metric]
        for kind in self.kinds:
            intensity = multiplier * self.inside[kind] + self.outside[kind]
            numerator = definition.numerator
            if kind == definition.denominator and numerator in counts and self._nested(numerator):
                others = intensity - (multiplier * self.inside[numerator] + self.outside[numerator])
                draw = poisson_quantile(self.uniforms[kind], np.maximum(others, 0.0))
                counts[kind] = counts[numerator] + draw
            else:
                counts[kind] = poisson_quantile(self.uniforms[kind], intensity)
        totals: dict[str, Floats | float] = dict(counts)
        totals[ACTIVITY] = multiplier * self.activity_inside + self.activity_outside
        if REVENUE in needed_counts(self.objective.metric):
            totals[REVENUE] = self._revenue(counts[WON], counts.get(REPEAT))
        trials = len(self.uniforms[REVENUE])
        value = metric_value(self.objective.metric, totals, self.week + 1)
        return np.asarray(np.broadcast_to(value, (trials,)), dtype=np.float64)

    def probability(self, multiplier: float) -> float:
        """P(objective met by its deadline) at this multiplier."""
        with np.errstate(invalid="ignore"):
            return float(np.mean(self.values(multiplier) >= self.objective.target))

    def _nested(self, numerator: str) -> bool:
        denominator = DEFINITIONS[self.objective.metric].denominator or ""
        return nested(self.model, numerator, denominator, self.channels)

    def _revenue(self, won: Floats, repeat: Floats | None) -> Floats:
        model = self.model
        mean = won * model.deal_value
        variance = won * model.deal_value**2
        if repeat is not None:
            mean = mean + repeat * model.repeat_value
            variance = variance + repeat * model.repeat_value**2
        cv2 = model.value_cv**2
        if cv2 == 0:
            return mean
        variance = variance * cv2
        positive = mean > 0
        shape = np.divide(mean * mean, variance, out=np.zeros_like(mean), where=positive)
        scale = np.divide(variance, mean, out=np.zeros_like(mean), where=positive)
        return np.asarray(gammaincinv(shape, self.uniforms[REVENUE]) * scale, dtype=np.float64)


def _kinds(objective: Objective) -> tuple[str, ...]:
    """Stage kinds to draw for an objective, numerator before denominator."""
    kinds: list[str] = []
    for key in needed_counts(objective.metric):
        if key == REVENUE:
            kinds += [WON, REPEAT]
        elif key != ACTIVITY:
            kinds.append(key)
    return tuple(dict.fromkeys(kinds))


def poisson_quantile(uniform: Floats, mean: Floats) -> Floats:
    """The Poisson(mean) quantile of each uniform (0 where the mean is 0)."""
    out = np.zeros_like(mean)
    positive = mean > 0
    u, mu = uniform[positive], mean[positive]
    upper = np.ceil(pdtrik(u, mu))
    lower = np.maximum(upper - 1, 0)
    out[positive] = np.where(pdtr(lower, mu) >= u, lower, upper)
    return out
