"""The exact engine: chained binomials and multinomial delays, person by person in distribution.

For validation of the fast engine, and as an option at moderate trial counts. Each channel's
whole weeks × trials path is drawn: activities (rounded at random to whole numbers with the
same mean), then N_s = Binomial(N_{s-1}, p_s) with the trial's rates (shared pipeline rates
included), each weekly cohort split over its landing weeks by the delay's weekly pmf, and
each deal valued with its own lognormal draw (weeks with very many deals: see _deal_values).
"""

from __future__ import annotations

import math

import numpy as np

from planner.simulation.draws import (
    REVENUE,
    Array,
    Counts,
    Draws,
    Floats,
    Needs,
    SeriesKey,
    assemble,
)
from planner.simulation.model import MEETING, REPEAT, WON, FunnelModel, delay_pmf

DEALS_ONE_BY_ONE = 64


def draw_exact(
    model: FunnelModel,
    rates: Floats,
    multipliers: Floats,
    needs: Needs,
    rng: np.random.Generator,
) -> Draws:
    """Draw one run of the exact engine from (slots, trials) rates and per-channel multipliers."""
    weeks, trials = model.weeks, rates.shape[1]
    totals = np.zeros((len(model.terms), trials), dtype=np.int64)
    revenue = np.zeros((len(model.channel_ids), trials))
    until = {request: np.zeros(trials, dtype=np.int64) for request in needs.requests}
    parts: dict[SeriesKey, Array] = {}
    for c in range(len(model.channel_ids)):
        path = _channel_path(model, c, rates, multipliers[c] * model.activity[c], rng)
        by_kind: dict[str, Counts] = {}
        for t, counts in path.items():
            totals[t] = counts.sum(axis=0)
            kind = model.terms[t].kind
            by_kind[kind] = by_kind[kind] + counts if kind in by_kind else counts
            for request in until:
                if request[0] == kind and request[1] in (None, c):
                    until[request] += counts[: request[2] + 1].sum(axis=0)
        zero = np.zeros((weeks, trials), dtype=np.int64)
        won = by_kind.get(WON, zero)
        weekly_revenue = _deal_values(won, model.deal_value, model.value_cv, rng)
        if REPEAT in by_kind:
            weekly_revenue += _deal_values(by_kind[REPEAT], model.repeat_value, model.value_cv, rng)
        revenue[c] = weekly_revenue.sum(axis=0)
        series: tuple[tuple[str, str, Array], ...] = (
            (MEETING, MEETING, by_kind.get(MEETING, zero)),
            (WON, WON, won),
            (REVENUE, WON, weekly_revenue),
        )
        for kind, family, values in series:
            key = c if c in needs.scoped_channels(family) else None
            parts[(kind, key)] = parts[(kind, key)] + values if (kind, key) in parts else values
    if not model.channel_ids:
        zero = np.zeros((weeks, trials), dtype=np.int64)
        parts = {(MEETING, None): zero, (WON, None): zero, (REVENUE, None): zero.astype(float)}
    return Draws(
        weekly=assemble(parts, needs.scoped),
        term_totals=totals,
        channel_revenue=revenue,
        until=until,
    )


def _channel_path(
    model: FunnelModel, channel: int, rates: Floats, activity: Floats, rng: np.random.Generator
) -> dict[int, Counts]:
    """Weekly counts (weeks × trials) of every stage on one channel's path."""
    trials = rates.shape[1]
    base = _whole_activities(activity, trials, rng)
    path: dict[int, Counts] = {}
    for t, term in enumerate(model.terms):
        if term.channel != channel:
            continue
        source = base if term.parent is None else path[term.parent]
        rate = rates[term.slot] if term.slot is not None else np.full(trials, term.factor)
        counts = rng.binomial(source, rate)
        pmf = delay_pmf(term.delay, model.weeks)
        path[t] = counts if pmf is None else split_delays(counts, pmf, rng)
    return path


def _whole_activities(activity: Floats, trials: int, rng: np.random.Generator) -> Counts:
    """Activities as whole numbers each week and trial, rounded at random (same mean)."""
    whole = np.floor(activity)
    fraction = activity - whole
    base = np.broadcast_to(whole.astype(np.int64)[:, None], (len(activity), trials))
    if not np.any(fraction > 0):
        return np.array(base)
    return base + (rng.random((len(activity), trials)) < fraction[:, None])


def split_delays(counts: Counts, pmf: Floats, rng: np.random.Generator) -> Counts:
    """Send each weekly cohort to its landing weeks: a multinomial split by the delay's pmf.

    Drawn as successive binomials on each lag's hazard, over the cohorts that still have
    people waiting; what would land after the horizon is dropped.
    """
    weeks, trials = counts.shape
    landed = np.zeros(weeks * trials, dtype=np.int64)
    cells = np.flatnonzero(counts)
    waiting = counts.ravel()[cells]
    tail = 1.0
    for lag in range(weeks):
        share = float(pmf[lag])
        if share <= 0.0:
            continue
        hazard = min(share / tail, 1.0) if tail > 0 else 1.0
        tail = max(tail - share, 0.0)
        inside = cells < (weeks - lag) * trials  # cohorts that can still land in the horizon
        cells, waiting = cells[inside], waiting[inside]
        if cells.size == 0:
            break
        moved = rng.binomial(waiting, hazard)
        landed[cells + lag * trials] += moved
        waiting = waiting - moved
        left = waiting > 0
        cells, waiting = cells[left], waiting[left]
    return landed.reshape(weeks, trials)


def _deal_values(counts: Counts, mean: float, cv: float, rng: np.random.Generator) -> Floats:
    """Each week's sum of `counts` lognormal deal values with this mean and variation.

    Weeks of more than DEALS_ONE_BY_ONE deals get the Gamma with the sum's mean and variance
    (as in the fast engine) instead: the sum of that many values is close to it, and drawing
    them one by one would cost memory and time for nothing.
    """
    if cv == 0:
        return np.asarray(counts * mean, dtype=np.float64)
    flat = counts.ravel()
    few = np.where(flat <= DEALS_ONE_BY_ONE, flat, 0)
    sigma2 = math.log1p(cv * cv)
    values = rng.lognormal(math.log(mean) - sigma2 / 2, math.sqrt(sigma2), int(few.sum()))
    cells = np.repeat(np.arange(flat.size), few)
    sums = np.bincount(cells, weights=values, minlength=flat.size)
    many = np.flatnonzero(flat > DEALS_ONE_BY_ONE)
    if many.size:
        sums[many] = rng.standard_gamma(flat[many] / cv**2) * (mean * cv**2)
    return np.asarray(sums, dtype=np.float64).reshape(counts.shape)
