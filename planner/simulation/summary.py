"""From one run's draws to the result a page draws: bands, stage table, channels, objectives."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from planner.plan.model import Plan
from planner.simulation.bands import QUANTILES, Band, WeeklyBand
from planner.simulation.defaults import Engine
from planner.simulation.draws import REVENUE, Array, Draws, Floats, SeriesKey
from planner.simulation.model import MEETING, REPEAT, WON, FunnelModel
from planner.simulation.objectives import evaluate
from planner.simulation.result import ChannelOutcome, SimulationResult, StageOutcome

ACTIVITY_STEP = "activity"
SERIES_KIND = {"revenue": REVENUE, "meetings": MEETING, "deals": WON}


@dataclass(frozen=True)
class RunInfo:
    """How a run was made: its inputs besides the plan, and its cost."""

    fingerprint: str
    trials: int
    seed: int
    engine: Engine
    elapsed_seconds: float = 0.0


class _Cumulative:
    """Cumulative sums of weekly series over the weeks, computed once each."""

    def __init__(self, draws: Draws) -> None:
        self._weekly = draws.weekly
        self._done: dict[SeriesKey, Array] = {}

    def __call__(self, key: SeriesKey) -> Array:
        if key not in self._done:
            self._done[key] = running_totals(self._weekly[key])
        return self._done[key]


def running_totals(weekly: Array) -> Array:
    """Totals from week 0 to each week: np.cumsum(axis=0), row by row (several times faster
    on weeks × trials arrays, whose rows are contiguous)."""
    out = np.empty_like(weekly)
    if len(weekly):
        out[0] = weekly[0]
    for week in range(1, len(weekly)):
        np.add(out[week - 1], weekly[week], out=out[week])
    return out


def summarise(
    plan: Plan, model: FunnelModel, draws: Draws, multipliers: Floats, info: RunInfo
) -> SimulationResult:
    """The result of a run, from its draws."""
    cumulative = _Cumulative(draws)
    weekly = {name: WeeklyBand.of(cumulative((kind, None))) for name, kind in SERIES_KIND.items()}
    expected = expected_terms(model, multipliers)
    return SimulationResult(
        fingerprint=info.fingerprint,
        trials=info.trials,
        seed=info.seed,
        engine=info.engine,
        currency=plan.meta.currency,
        week_starts=model.week_starts,
        weekly=weekly,
        expected=expected_totals(model, expected),
        stages=_stages(model, draws, expected, multipliers),
        channels=_channels(model, draws, expected, multipliers),
        objectives=evaluate(plan, model, draws, multipliers, cumulative),
        elapsed_seconds=info.elapsed_seconds,
    )


def expected_terms(model: FunnelModel, multipliers: Floats) -> Floats:
    """Expected horizon total of each term: prior means along the path × shape × multiplier."""
    scale = multipliers[model.term_channels] * model.shapes.sum(axis=1)
    return np.asarray(model.expected_coefficients() * scale, dtype=np.float64)


def expected_totals(model: FunnelModel, expected: Floats) -> dict[str, float]:
    """Expected revenue, meetings and deals over the horizon."""
    won = float(expected[model.terms_of(WON)].sum())
    repeat = float(expected[model.terms_of(REPEAT)].sum())
    return {
        "revenue": won * model.deal_value + repeat * model.repeat_value,
        "meetings": float(expected[model.terms_of(MEETING)].sum()),
        "deals": won,
    }


def _bands(rows: npt.NDArray[np.int64] | Floats) -> list[Band]:
    """Bands of several quantities at once, one per row of (rows × trials) draws."""
    if len(rows) == 0:
        return []
    quantiles = np.quantile(rows, QUANTILES, axis=1)
    means = rows.mean(axis=1)
    return [
        Band(
            float(means[i]), float(quantiles[0, i]), float(quantiles[1, i]), float(quantiles[2, i])
        )
        for i in range(len(rows))
    ]


def _stages(
    model: FunnelModel, draws: Draws, expected: Floats, multipliers: Floats
) -> tuple[StageOutcome, ...]:
    """Each channel's activity and stages, then each shared stage for all channels together."""
    shown = [i for i, t in enumerate(model.terms) if t.kind != REPEAT]
    shared_ids = list(
        dict.fromkeys(model.terms[i].stage_id for i in shown if model.terms[i].shared)
    )
    shared_rows = [
        [i for i in shown if model.terms[i].shared and model.terms[i].stage_id == stage_id]
        for stage_id in shared_ids
    ]
    pooled = np.zeros((len(shared_rows), draws.term_totals.shape[1]), dtype=np.int64)
    for j, rows in enumerate(shared_rows):
        pooled[j] = draws.term_totals[rows].sum(axis=0)
    bands = _bands(draws.term_totals[shown])
    pooled_bands = _bands(pooled)
    out: list[StageOutcome] = []
    for c, (channel_id, channel_name) in enumerate(
        zip(model.channel_ids, model.channel_names, strict=True)
    ):
        activities = float(model.activity[c].sum() * multipliers[c])
        flat = Band(activities, activities, activities, activities)
        name = model.activity_names[c]
        out.append(
            StageOutcome(
                channel_id, channel_name, 0, ACTIVITY_STEP, name, ACTIVITY_STEP, activities, flat
            )
        )
        for i, band in zip(shown, bands, strict=True):
            term = model.terms[i]
            if term.channel == c:
                out.append(
                    StageOutcome(
                        channel_id,
                        channel_name,
                        term.step,
                        term.stage_id,
                        term.stage_name,
                        term.kind,
                        float(expected[i]),
                        band,
                    )
                )
    for step, (rows, band) in enumerate(zip(shared_rows, pooled_bands, strict=True), start=1):
        first = model.terms[rows[0]]
        out.append(
            StageOutcome(
                None,
                None,
                step,
                first.stage_id,
                first.stage_name,
                first.kind,
                float(expected[rows].sum()),
                band,
            )
        )
    return tuple(out)


def _channels(
    model: FunnelModel, draws: Draws, expected: Floats, multipliers: Floats
) -> tuple[ChannelOutcome, ...]:
    """Deals and revenue each channel brings over the horizon."""
    out = []
    revenue_bands = _bands(draws.channel_revenue)
    for c, channel_id in enumerate(model.channel_ids):
        won = model.terms_of(WON, frozenset({c}))
        repeat = model.terms_of(REPEAT, frozenset({c}))
        expected_deals = float(expected[won].sum())
        deals = _bands(draws.term_totals[won].sum(axis=0).reshape(1, -1))[0]
        out.append(
            ChannelOutcome(
                channel_id=channel_id,
                channel_name=model.channel_names[c],
                activities=float(model.activity[c].sum() * multipliers[c]),
                expected_deals=expected_deals,
                expected_revenue=expected_deals * model.deal_value
                + float(expected[repeat].sum()) * model.repeat_value,
                deals=deals,
                revenue=revenue_bands[c],
            )
        )
    return tuple(out)
