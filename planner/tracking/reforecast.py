"""Re-forecast: the plan's rates updated with what really happened, then simulated again.

Each rate's prior is the plan's Beta(a0, b0). A stage in the same week as the step before:
posterior Beta(a0 + k, b0 + n − k), n the previous step's actual count and k the stage's. A
delayed stage counts only the matured exposure E = Σ_w n_w · G(t0 − 1 − w), G the delay's
weekly CDF, so that people still in flight are not read as lost: Beta(a0 + k, b0 + max(E − k,
0)). A shared pipeline rate adds up every channel's exposure and count. A rate the plan gives
as certain (low = high) stays as it is, and so does a rate whose stage, or the step before it,
the log does not record (planner.tracking.recording: no event of it, yet events of a later stage).
Counts read prospects reaching each stage (planner.tracking.reach).

The weeks before t0 (the week after the as-of date) are fixed to the actual counts; the actual
activity of those weeks (the plan's, for a channel whose activities are not recorded) is
carried through the remaining delays with the updated rates (the cohorts in flight), and the
weeks from t0 on run the plan's activity with the updated rates.
Revenue of the past weeks is the amount of the won events (the plan's deal value for a won
event without an amount); repeat purchases are not split out of won events, so the repeat
stage gets no actual count.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.plan.delays import has_delay
from planner.plan.model import Plan, StageKind
from planner.plan.priors import HIGH_QUANTILE, LOW_QUANTILE, BetaPrior
from planner.simulation.defaults import DEFAULT_SEED, DEFAULT_TRIALS, Engine
from planner.simulation.draws import REVENUE, Draws
from planner.simulation.entry import checked_plan, plan_fingerprint, simulate
from planner.simulation.fast import draw_fast
from planner.simulation.model import (
    MEETING,
    REPEAT,
    WON,
    FunnelModel,
    compile_plan,
    counts_generator,
    delay_pmf,
    draw_rates,
)
from planner.simulation.objectives import needs_of
from planner.simulation.result import SimulationResult
from planner.simulation.summary import RunInfo, summarise
from planner.tracking.events import EventKind
from planner.tracking.plan_vs_actual import actual_counts, actual_revenue
from planner.tracking.prepared_log import KINDS, PreparedLog, prepare_log
from planner.tracking.recording import unrecorded_steps

Floats = npt.NDArray[np.float64]
Counts = npt.NDArray[np.int64]
ACTIVITY = EventKind.ACTIVITY.value
OTHER = StageKind.OTHER.value
_KIND = {kind: i for i, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class RateUpdate:
    """One rate of the plan before and after the actuals."""

    key: str  # "phone/meeting", "pipeline/won"
    channel_id: str | None
    stage_id: str
    stage_name: str
    exposure: float  # n, or the matured exposure E of a delayed stage
    conversions: int  # k
    delayed: bool
    prior: BetaPrior
    posterior: BetaPrior

    @property
    def observed(self) -> float | None:
        """k ÷ E, None without exposure."""
        return self.conversions / self.exposure if self.exposure > 0 else None


@dataclass(frozen=True)
class Reforecast:
    """The plan simulated as planned, and again with its actuals up to `as_of`."""

    as_of: dt.date
    observed_weeks: int  # t0: weeks 0 … t0 − 1 are fixed to the actuals
    updates: tuple[RateUpdate, ...]
    planned: SimulationResult
    updated: SimulationResult
    actual_revenue: float
    actual_deals: int
    silent_channels: tuple[str, ...] = ()  # channels without any event in the observed weeks

    def changes_frame(self) -> pd.DataFrame:
        """Each objective's probability and the horizon's revenue and deals, plan vs now."""
        rows = []
        for before, after in zip(self.planned.objectives, self.updated.objectives, strict=True):
            rows.append(
                {
                    "item": before.objective_id,
                    "name": before.name,
                    "kind": "objective",
                    "planned": before.probability,
                    "updated": after.probability,
                }
            )
        for series in ("revenue", "deals", "meetings"):
            low, high = self.planned.totals[series], self.updated.totals[series]
            rows.append(
                {
                    "item": series,
                    "name": series,
                    "kind": "total",
                    "planned": low.p50,
                    "updated": high.p50,
                    "planned_p10": low.p10,
                    "planned_p90": low.p90,
                    "updated_p10": high.p10,
                    "updated_p90": high.p90,
                }
            )
        return pd.DataFrame.from_records(rows)

    def rates_frame(self) -> pd.DataFrame:
        """Each rate's prior and posterior mean and P10–P90, with its n (or E) and k."""
        return pd.DataFrame.from_records(
            [
                {
                    "key": u.key,
                    "channel": u.channel_id,
                    "stage": u.stage_id,
                    "stage_name": u.stage_name,
                    "exposure": u.exposure,
                    "conversions": u.conversions,
                    "delayed": u.delayed,
                    "observed": u.observed,
                    "prior_mean": u.prior.mean,
                    "prior_low": u.prior.quantile(LOW_QUANTILE),
                    "prior_high": u.prior.quantile(HIGH_QUANTILE),
                    "posterior_mean": u.posterior.mean,
                    "posterior_low": u.posterior.quantile(LOW_QUANTILE),
                    "posterior_high": u.posterior.quantile(HIGH_QUANTILE),
                }
                for u in self.updates
            ]
        )


def observed_weeks(plan: Plan, as_of: dt.date) -> int:
    """t0: the number of weeks of the plan up to and including the week of `as_of`."""
    weeks = (as_of - plan.meta.start_date).days // 7 + 1
    return min(max(weeks, 0), plan.meta.horizon_weeks)


def reforecast(
    plan: Plan,
    events: pd.DataFrame | PreparedLog,
    as_of: dt.date,
    trials: int = DEFAULT_TRIALS,
    seed: int = DEFAULT_SEED,
) -> Reforecast:
    """The plan's forecast updated with the actual events up to the week of `as_of`."""
    started = time.perf_counter()
    plan = checked_plan(plan)
    log = events if isinstance(events, PreparedLog) else prepare_log(events)
    t0 = observed_weeks(plan, as_of)
    counts = actual_counts(log, plan)[:, :, :t0]
    model = compile_plan(plan)
    skipped = unrecorded_steps(_paths(model), counts.sum(axis=2))
    updates = rate_updates(model, counts, skipped)
    updated_model = _updated_model(model, updates, counts, skipped)
    multipliers = np.ones(len(model.channel_ids))
    rates = draw_rates(updated_model, trials, seed)
    needs = needs_of(plan, updated_model)
    draws = draw_fast(updated_model, rates, multipliers, needs, counts_generator(seed))
    revenue = actual_revenue(log, plan)[:, :t0]
    _add_actuals(updated_model, draws, counts, revenue)
    info = RunInfo(plan_fingerprint(plan), trials, seed, Engine.FAST)
    result = summarise(plan, updated_model, draws, multipliers, info)
    result = dataclasses.replace(result, elapsed_seconds=time.perf_counter() - started)
    return Reforecast(
        as_of=as_of,
        observed_weeks=t0,
        updates=updates,
        planned=simulate(plan, trials, seed),
        updated=result,
        actual_revenue=float(revenue.sum()),
        actual_deals=int(counts[:, _KIND[WON]].sum()),
        silent_channels=tuple(
            c.id
            for c, total in zip(plan.channels, counts.sum(axis=(1, 2)), strict=True)
            if not total
        )
        if t0
        else (),
    )


def rate_updates(
    model: FunnelModel, counts: Counts, skipped: set[tuple[int, str]]
) -> tuple[RateUpdate, ...]:
    """The posterior of each rate slot from (channels, kinds, observed weeks) actual counts;
    `skipped`: the (channel, kind) steps the counts do not record (planner.tracking.recording)."""
    t0 = counts.shape[2]
    exposure = np.zeros(len(model.slots))
    conversions = np.zeros(len(model.slots), dtype=np.int64)
    delayed = np.zeros(len(model.slots), dtype=np.bool_)
    measured = np.zeros(len(model.slots), dtype=np.bool_)
    for term in model.terms:
        if term.slot is None or term.kind in (REPEAT, OTHER):
            continue
        before = ACTIVITY if term.parent is None else model.terms[term.parent].kind
        if before == OTHER or {(term.channel, term.kind), (term.channel, before)} & skipped:
            continue  # a step the log does not record tells nothing of its rate nor the next
        n = counts[term.channel, _KIND[before]].astype(np.float64)
        pmf = delay_pmf(term.delay, t0) if t0 else None
        if pmf is not None:  # week w's people had t0 − 1 − w weeks to convert
            n = n * np.cumsum(pmf)[::-1]
        delayed[term.slot] |= has_delay(term.delay)
        exposure[term.slot] += float(n.sum())
        conversions[term.slot] += int(counts[term.channel, _KIND[term.kind]].sum())
        measured[term.slot] = True
    out = []
    for i, slot in enumerate(model.slots):
        prior = slot.prior
        posterior = prior
        if measured[i] and not prior.is_certain:
            k = float(conversions[i])
            posterior = BetaPrior(prior.a + k, prior.b + max(exposure[i] - k, 0.0))
        out.append(
            RateUpdate(
                key=slot.key,
                channel_id=slot.channel_id,
                stage_id=slot.stage_id,
                stage_name=slot.stage_name,
                exposure=float(exposure[i]),
                conversions=int(conversions[i]),
                delayed=bool(delayed[i]),
                prior=prior,
                posterior=posterior,
            )
        )
    return tuple(out)


def _paths(model: FunnelModel) -> list[list[str]]:
    """Each channel's stage kinds in order (its repeat purchases left out)."""
    return [
        [t.kind for t in model.terms if t.channel == channel and t.kind != REPEAT]
        for channel in range(len(model.channel_ids))
    ]


def _updated_model(
    model: FunnelModel,
    updates: tuple[RateUpdate, ...],
    counts: Counts,
    skipped: set[tuple[int, str]],
) -> FunnelModel:
    """The model with posterior rates, the actual past activity, and only what lands from t0."""
    t0 = counts.shape[2]
    activity = model.activity.copy()
    for channel in range(len(model.channel_ids)):
        if (channel, ACTIVITY) not in skipped:  # else the plan's activity stands for the past
            activity[channel, :t0] = counts[channel, _KIND[ACTIVITY]]
    shapes = np.empty_like(model.shapes)
    for i, term in enumerate(model.terms):
        base = activity[term.channel] if term.parent is None else shapes[term.parent]
        pmf = delay_pmf(term.delay, model.weeks)
        shapes[i] = base if pmf is None else np.convolve(base, pmf)[: model.weeks]
    future = shapes.copy()
    future[:, :t0] = 0.0
    slots = tuple(
        dataclasses.replace(
            slot,
            low=u.posterior.quantile(LOW_QUANTILE),
            typical=u.posterior.mean,
            high=u.posterior.quantile(HIGH_QUANTILE),
            prior=u.posterior,
        )
        for slot, u in zip(model.slots, updates, strict=True)
    )
    return dataclasses.replace(model, activity=activity, shapes=future, slots=slots)


def _add_actuals(model: FunnelModel, draws: Draws, counts: Counts, revenue: Floats) -> None:
    """Put the observed weeks' actual counts and revenue into a run's draws (in place)."""
    t0 = counts.shape[2]
    if t0 == 0:
        return
    actual = {MEETING: counts[:, _KIND[MEETING]], WON: counts[:, _KIND[WON]], REVENUE: revenue}
    for (kind, channel), series in list(draws.weekly.items()):
        source = actual[kind]
        past = np.zeros(len(series))
        past[:t0] = source.sum(axis=0) if channel is None else source[channel]
        # A new array: an engine may share one series between keys (or a family's zeros).
        draws.weekly[(kind, channel)] = series + past[:, None].astype(series.dtype)
    for i, term in enumerate(model.terms):
        if term.kind not in (REPEAT, OTHER):
            draws.term_totals[i] += int(counts[term.channel, _KIND[term.kind]].sum())
    draws.channel_revenue += revenue.sum(axis=1)[:, None]
    for (kind, channel, week), totals in draws.until.items():
        rows = counts[:, _KIND[kind]] if channel is None else counts[channel, _KIND[kind]][None]
        totals += int(rows[:, : week + 1].sum())
