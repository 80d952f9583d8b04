"""What an engine hands back: per-trial draws, laid out weeks × trials, and what it must draw."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from planner.simulation.model import MEETING, REPEAT, WON, FunnelModel

REVENUE = "revenue"
# Weekly series families: meetings on their own, deals with their repeat purchases and revenue.
FAMILIES: dict[str, tuple[str, ...]] = {MEETING: (MEETING,), WON: (WON, REPEAT)}

Floats = npt.NDArray[np.float64]
Counts = npt.NDArray[np.int64]
Array = npt.NDArray[Any]  # a weekly series: counts, or revenue
Request = tuple[str, int | None, int]  # (stage kind, channel index or None for all, week)
SeriesKey = tuple[str, int | None]  # (MEETING, WON or REVENUE; channel index or None for all)


@dataclass(frozen=True)
class Needs:
    """What a run must draw besides the totals: channels with their own weekly series, and
    totals up to a week of stage kinds that have no weekly series (for objectives)."""

    scoped: dict[str, frozenset[int]] = field(default_factory=dict)
    requests: tuple[Request, ...] = ()
    # A rate's denominator request -> the kind of its numerator, drawn jointly when nested.
    pairs: dict[Request, str] = field(default_factory=dict)

    def scoped_channels(self, family: str) -> frozenset[int]:
        """Channels that need their own weekly series of this family."""
        return self.scoped.get(family, frozenset())


@dataclass
class Draws:
    """One run's draws: weekly series (weeks × trials), totals per term, revenue per channel."""

    weekly: dict[SeriesKey, Array]
    term_totals: Counts  # (terms, trials) over the horizon
    channel_revenue: Floats  # (channels, trials) over the horizon
    until: dict[Request, Counts]


def nested(
    model: FunnelModel, numerator: str, denominator: str, channels: frozenset[int] | None
) -> bool:
    """True when, on every channel's path, each numerator stage comes from the one denominator
    stage before it: then the numerator's people are a subset of the denominator's."""
    for c in range(len(model.channel_ids)) if channels is None else sorted(channels):
        path = [i for i, t in enumerate(model.terms) if t.channel == c]
        tops = [i for i in path if model.terms[i].kind == denominator]
        bottoms = [i for i in path if model.terms[i].kind == numerator]
        if len(tops) > 1 or len(bottoms) > 1:
            return False
        if bottoms and not (tops and tops[0] in model.ancestors(bottoms[0])):
            return False
    return True


def groups(
    model: FunnelModel, scoped: frozenset[int]
) -> Iterator[tuple[int | None, frozenset[int]]]:
    """Each scoped channel alone, then all the other channels together (key None)."""
    for channel in sorted(scoped):
        yield channel, frozenset({channel})
    rest = frozenset(range(len(model.channel_ids))) - scoped
    if rest or not scoped:
        yield None, rest


def assemble(
    parts: dict[SeriesKey, Array],
    scoped: dict[str, frozenset[int]],
) -> dict[SeriesKey, Array]:
    """Weekly series for all channels (sum of the groups) and for each scoped channel."""
    weekly: dict[SeriesKey, Array] = {}
    for kind, family in ((MEETING, MEETING), (WON, WON), (REVENUE, WON)):
        keys = [key for (k, key) in parts if k == kind]
        total = parts[(kind, keys[0])]
        for key in keys[1:]:
            total = total + parts[(kind, key)]
        weekly[(kind, None)] = total
        for channel in scoped.get(family, frozenset()):
            weekly[(kind, channel)] = parts[(kind, channel)]
    return weekly


def gamma_revenue(
    model: FunnelModel,
    won: Array,
    repeat: Array | None,
    rng: np.random.Generator,
) -> Floats:
    """Revenue of `won` deals and `repeat` orders: one Gamma with the sum's mean and variance."""
    cv2 = model.value_cv**2
    value, again = model.deal_value, model.repeat_value
    deals = won.ravel() if repeat is None else (won + repeat).ravel()
    out = np.zeros(deals.size)
    # Only where there is something to value, unless that is nearly everywhere.
    cells = np.flatnonzero(deals) if np.count_nonzero(deals) < deals.size // 2 else slice(None)
    k = won.ravel()[cells]
    if repeat is None:
        out[cells] = k * value if cv2 == 0 else rng.standard_gamma(k / cv2) * (value * cv2)
        return out.reshape(won.shape)
    r = repeat.ravel()[cells]
    mean = k * value + r * again
    if cv2 == 0:
        out[cells] = mean
        return out.reshape(won.shape)
    variance = cv2 * (k * value**2 + r * again**2)
    some = mean > 0
    shape = np.divide(mean * mean, variance, out=np.zeros_like(mean), where=some)
    scale = np.divide(variance, mean, out=np.zeros_like(mean), where=some)
    out[cells] = rng.standard_gamma(shape) * scale
    return out.reshape(won.shape)
