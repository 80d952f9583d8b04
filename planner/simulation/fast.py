"""The fast engine: exact intensities per trial, Poisson counts drawn only where they are shown.

Given the rates of a trial, arrivals thinned by a rate and shifted by independent delays stay
Poisson (an M/G/∞ queue, Mirasol 1963), so each stage's weekly count is Poisson with the
intensity multiplier · coefficient · shape. Weekly counts are drawn only for meetings and deals
(and repeat purchases): for all channels together, or, when an objective is scoped to a
channel, for that channel alone and for the others together (the total is their sum). Each
other stage's total over the horizon is drawn once per trial, and a weekly series' total is
split among its stages multinomially, so that the stage table adds up to the weekly series.
Revenue is a Gamma with the mean and variance of the deals' values (planner.simulation.draws).
"""

from __future__ import annotations

import numpy as np

from planner.simulation.draws import (
    FAMILIES,
    REVENUE,
    Array,
    Counts,
    Draws,
    Floats,
    Needs,
    Request,
    SeriesKey,
    assemble,
    gamma_revenue,
    groups,
    nested,
)
from planner.simulation.model import REPEAT, WON, FunnelModel


def draw_fast(
    model: FunnelModel,
    rates: Floats,
    multipliers: Floats,
    needs: Needs,
    rng: np.random.Generator,
) -> Draws:
    """Draw one run of the fast engine from (slots, trials) rates and per-channel multipliers."""
    trials = rates.shape[1]
    coef = model.coefficients(rates) * multipliers[model.term_channels][:, None]
    horizon = coef * model.shapes.sum(axis=1)[:, None]
    totals = np.zeros((len(model.terms), trials), dtype=np.int64)
    drawn = np.zeros(len(model.terms), dtype=bool)
    parts: dict[SeriesKey, Array] = {}
    nothing = np.zeros((model.weeks, trials), dtype=np.int64)  # shared, never written to
    for family, kinds in FAMILIES.items():
        keyed = list(groups(model, needs.scoped_channels(family)))
        for kind in [k for k in kinds if model.terms_of(k)]:
            pieces = _weekly_groups(model, coef, kind, keyed, trials, rng)
            for (key, channels), counts in zip(keyed, pieces, strict=True):
                terms = model.terms_of(kind, channels)
                totals[terms] = _split(counts.sum(axis=0), horizon[terms], rng)
                drawn[terms] = True
                parts[(kind, key)] = counts
        for key, _ in keyed:
            counts = parts.setdefault((family, key), nothing)
            if family == WON:
                repeat = parts.pop((REPEAT, key), None)
                parts[(REVENUE, key)] = gamma_revenue(model, counts, repeat, rng)
    rest = np.flatnonzero(~drawn)
    totals[rest] = rng.poisson(horizon[rest])
    weekly = assemble(parts, needs.scoped)
    return Draws(
        weekly=weekly,
        term_totals=totals,
        channel_revenue=_channel_revenue(model, totals, rng),
        until=_draw_until(model, coef, needs, weekly, rng),
    )


def _draw_until(
    model: FunnelModel,
    coef: Floats,
    needs: Needs,
    weekly: dict[SeriesKey, Array],
    rng: np.random.Generator,
) -> dict[Request, Counts]:
    """Totals up to a week of the stage kinds objectives count that have no weekly series.

    A rate's denominator whose people contain the numerator's (won ⊂ opportunities) is drawn
    as the numerator's total plus the Poisson count of those who did not convert by then: the
    two parts of a thinned Poisson count are independent, so this is exact, and the rate
    never exceeds 1.
    """
    until: dict[Request, Counts] = {}
    for request in needs.requests:
        kind, channel, week = request
        channels = None if channel is None else frozenset({channel})
        intensity = _until(model, coef, kind, channels, week)
        given = needs.pairs.get(request)
        if given is None or not nested(model, given, kind, channels):
            until[request] = rng.poisson(intensity)
            continue
        if (given, channel) in weekly:
            numerator = np.asarray(weekly[(given, channel)][: week + 1].sum(axis=0), np.int64)
        else:
            numerator = until[(given, channel, week)]
        others = intensity - _until(model, coef, given, channels, week)
        until[request] = numerator + rng.poisson(np.maximum(others, 0.0))
    return until


def _weekly_groups(
    model: FunnelModel,
    coef: Floats,
    kind: str,
    keyed: list[tuple[int | None, frozenset[int]]],
    trials: int,
    rng: np.random.Generator,
) -> list[Counts]:
    """Weekly Poisson counts (weeks × trials) of a stage kind for each group of channels.

    One draw per group: cheaper here than one draw for all channels split afterwards
    (binomials per non-empty week), and the same distribution.
    """
    pieces = []
    for _, channels in keyed:
        terms = model.terms_of(kind, channels)
        if terms:
            pieces.append(rng.poisson(model.shapes[terms].T @ coef[terms]))
        else:
            pieces.append(np.zeros((model.weeks, trials), dtype=np.int64))
    return pieces


def _split(total: Counts, intensity: Floats, rng: np.random.Generator) -> Counts:
    """Share each trial's total among terms in proportion to their intensities (multinomial)."""
    out = np.empty(intensity.shape, dtype=np.int64)
    if len(out) == 0:
        return out
    left = total.copy()
    weight = intensity.sum(axis=0)
    for j in range(len(out) - 1):
        share = np.divide(intensity[j], weight, out=np.zeros_like(weight), where=weight > 0)
        out[j] = rng.binomial(left, np.clip(share, 0.0, 1.0))
        left -= out[j]
        weight = weight - intensity[j]
    out[-1] = left
    return out


def _until(
    model: FunnelModel, coef: Floats, kind: str, channels: frozenset[int] | None, week: int
) -> Floats:
    """Intensity of a stage kind's total from week 0 to `week` included."""
    terms = model.terms_of(kind, channels)
    return np.asarray(model.shapes[terms, : week + 1].sum(axis=1) @ coef[terms], dtype=np.float64)


def _channel_revenue(model: FunnelModel, totals: Counts, rng: np.random.Generator) -> Floats:
    """Revenue of each channel over the horizon, from its deals and repeat purchases."""
    out = np.empty((len(model.channel_ids), totals.shape[1]))
    has_repeat = bool(model.terms_of(REPEAT))
    for c in range(len(model.channel_ids)):
        won = totals[model.terms_of(WON, frozenset({c}))].sum(axis=0)
        repeat = totals[model.terms_of(REPEAT, frozenset({c}))].sum(axis=0) if has_repeat else None
        out[c] = gamma_revenue(model, won, repeat, rng)
    return out
