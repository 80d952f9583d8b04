"""A plan compiled for simulation: rate slots, each channel's path of stages and its weekly shapes.

The intensity of stage t of channel c in week w and trial i factorises as
multiplier[c] · coefficient[t, i] · shape[t, w]: the coefficient is the product of the rates drawn
for trial i along the path, the shape is the channel's activity carried through the delays of the
path (rates and delay matrices commute). Every engine works from this factorisation. The activity
of consumer phone channels is capped at what the lawful call slots allow (planner.compliance).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zlib import crc32

import numpy as np
import numpy.typing as npt

from planner.compliance.call_capacity import lawful_activity
from planner.plan.calendar import week_starts
from planner.plan.delays import has_delay, landing_matrix, weekly_pmf
from planner.plan.funnel import REPEAT_LOG_SD
from planner.plan.model import Delay, Plan, Stage, StageKind
from planner.plan.priors import BetaPrior, rate_prior

MEETING = StageKind.MEETING_BOOKED.value
WON = StageKind.WON.value
REPEAT = "repeat"

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class RateSlot:
    """One rate drawn once per trial: a channel's own stage, or a shared pipeline stage."""

    channel_id: str | None
    stage_id: str
    stage_name: str
    low: float
    typical: float
    high: float
    prior: BetaPrior

    @property
    def key(self) -> str:
        """'phone/conversation' for a channel's stage, 'pipeline/won' for a shared one."""
        return f"{self.channel_id or 'pipeline'}/{self.stage_id}"

    @property
    def stream(self) -> int:
        """A number naming this slot's own random stream (common random numbers)."""
        return crc32(f"{self.channel_id or ''}/{self.stage_id}".encode())


@dataclass(frozen=True)
class Term:
    """One stage on one channel's path (or that channel's repeat purchases)."""

    channel: int
    step: int
    stage_id: str
    stage_name: str
    kind: str
    shared: bool
    parent: int | None
    slot: int | None
    factor: float
    delay: Delay


@dataclass(frozen=True)
class FunnelModel:
    """Everything the engines need from a plan, in arrays."""

    start: dt.date
    week_starts: tuple[dt.date, ...]
    channel_ids: tuple[str, ...]
    channel_names: tuple[str, ...]
    activity_names: tuple[str, ...]
    activity: Floats  # (channels, weeks): activities each week at multiplier 1
    minutes: Floats  # (channels,): minutes per activity
    slots: tuple[RateSlot, ...]
    terms: tuple[Term, ...]
    shapes: Floats  # (terms, weeks)
    deal_value: float  # cross-sell included
    repeat_value: float
    value_cv: float

    @property
    def weeks(self) -> int:
        """Weeks of the horizon."""
        return len(self.week_starts)

    @property
    def term_channels(self) -> npt.NDArray[np.intp]:
        """The channel index of each term."""
        return np.array([t.channel for t in self.terms], dtype=np.intp)

    def channel_index(self, channel_id: str) -> int:
        """The position of a channel; KeyError if there is none."""
        try:
            return self.channel_ids.index(channel_id)
        except ValueError:
            raise KeyError(channel_id) from None

    def terms_of(self, kind: str, channels: frozenset[int] | None = None) -> list[int]:
        """Indices of the terms of a kind, on the given channels (None: all)."""
        return [
            i
            for i, t in enumerate(self.terms)
            if t.kind == kind and (channels is None or t.channel in channels)
        ]

    def ancestors(self, term: int) -> list[int]:
        """The terms before a term on its channel's path, nearest first."""
        found: list[int] = []
        parent = self.terms[term].parent
        while parent is not None:
            found.append(parent)
            parent = self.terms[parent].parent
        return found

    def deadline_week(self, deadline: dt.date) -> int:
        """The week (0-based) a date falls in, within the horizon."""
        return min(max((deadline - self.start).days // 7, 0), self.weeks - 1)

    def expected_coefficients(self) -> Floats:
        """E[coefficient] of each term: the product of the prior means along its path."""
        means = np.array([s.prior.mean for s in self.slots], dtype=np.float64)
        return self.coefficients(means.reshape(-1, 1))[:, 0]

    def coefficients(self, rates: Floats) -> Floats:
        """(terms, trials) products of the rates along each path, from (slots, trials) rates."""
        out = np.empty((len(self.terms), rates.shape[1]))
        for i, term in enumerate(self.terms):
            rate = rates[term.slot] if term.slot is not None else term.factor
            out[i] = rate if term.parent is None else out[term.parent] * rate
        return out


def compile_plan(plan: Plan) -> FunnelModel:
    """The simulation model of a (validated) plan."""
    weeks = plan.meta.horizon_weeks
    slots: list[RateSlot] = [_slot(None, stage) for stage in plan.pipeline]
    pipeline_slot = {stage.id: i for i, stage in enumerate(plan.pipeline)}
    terms: list[Term] = []
    shapes: list[Floats] = []
    activity = lawful_activity(plan)  # consumer calls capped at the lawful call slots
    repeat = plan.offer.repeat_purchase_rate
    repeat_delay = Delay(median_days=plan.offer.repeat_delay_days, log_sd=REPEAT_LOG_SD)
    for c, channel in enumerate(plan.channels):
        shape, parent = activity[c], None
        own = len(channel.stages)
        for step, stage in enumerate(plan.funnel(channel), start=1):
            shared = step > own
            if shared:
                slot = pipeline_slot[stage.id]
            else:
                slot = len(slots)
                slots.append(_slot(channel.id, stage))
            shape = _delayed(shape, stage.delay, weeks)
            terms.append(
                Term(
                    channel=c,
                    step=step,
                    stage_id=stage.id,
                    stage_name=stage.name,
                    kind=stage.kind.value,
                    shared=shared,
                    parent=parent,
                    slot=slot,
                    factor=1.0,
                    delay=stage.delay,
                )
            )
            shapes.append(shape)
            parent = len(terms) - 1
        if repeat > 0:
            for won in [i for i, t in enumerate(terms) if t.channel == c and t.kind == WON]:
                terms.append(
                    Term(c, 0, REPEAT, REPEAT, REPEAT, False, won, None, repeat, repeat_delay)
                )
                shapes.append(_delayed(shapes[won], repeat_delay, weeks))
    return FunnelModel(
        start=plan.meta.start_date,
        week_starts=tuple(week_starts(plan.meta)),
        channel_ids=tuple(c.id for c in plan.channels),
        channel_names=tuple(c.name for c in plan.channels),
        activity_names=tuple(c.activity_name for c in plan.channels),
        activity=activity,
        minutes=np.array([c.minutes_per_activity for c in plan.channels], dtype=np.float64),
        slots=tuple(slots),
        terms=tuple(terms),
        shapes=np.array(shapes, dtype=np.float64).reshape(len(terms), weeks),
        deal_value=plan.offer.expected_deal_value,
        repeat_value=plan.offer.deal_value,
        value_cv=plan.offer.deal_value_cv,
    )


def _slot(channel_id: str | None, stage: Stage) -> RateSlot:
    rate = stage.rate
    return RateSlot(
        channel_id, stage.id, stage.name, rate.low, rate.typical, rate.high, rate_prior(rate)
    )


def _delayed(shape: Floats, delay: Delay, weeks: int) -> Floats:
    if not has_delay(delay):
        return shape
    return np.asarray(shape @ landing_matrix(delay, weeks), dtype=np.float64)


def delay_pmf(delay: Delay, weeks: int) -> Floats | None:
    """The weekly landing pmf of a delay, None when the stage happens in the same week."""
    return weekly_pmf(delay, weeks) if has_delay(delay) else None


def draw_rates(model: FunnelModel, trials: int, seed: int) -> Floats:
    """(slots, trials) rates, each slot from its own stream so that scenarios share draws."""
    out = np.empty((len(model.slots), trials))
    for i, slot in enumerate(model.slots):
        rng = np.random.default_rng([seed, 1, slot.stream])
        out[i] = slot.prior.draw(trials, rng)
    return out


def counts_generator(seed: int) -> np.random.Generator:
    """The stream of the count draws of a run (separate from the rate streams)."""
    return np.random.default_rng([seed, 0])
