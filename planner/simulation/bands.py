"""Bands of simulated quantities: mean and P10 / P50 / P90 over the trials, week by week."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from planner.core.i18n import fmt_money, fmt_number

Floats = npt.NDArray[np.float64]
QUANTILES = (0.1, 0.5, 0.9)


@dataclass(frozen=True)
class Band:
    """Mean and P10 / P50 / P90 of a quantity over the trials."""

    mean: float
    p10: float
    p50: float
    p90: float

    @classmethod
    def of(cls, values: npt.ArrayLike) -> Band | None:
        """The band of some draws, NaN ignored; None when there is no number."""
        data = np.asarray(values, dtype=np.float64)
        data = data[~np.isnan(data)]
        if data.size == 0:
            return None
        p10, p50, p90 = np.quantile(data, QUANTILES)
        return cls(float(data.mean()), float(p10), float(p50), float(p90))

    def to_dict(self) -> dict[str, float]:
        """Mean and quantiles by name."""
        return {"mean": self.mean, "p10": self.p10, "p50": self.p50, "p90": self.p90}


@dataclass(frozen=True, eq=False)
class WeeklyBand:
    """Mean and P10 / P50 / P90 of a cumulative quantity at the end of each week."""

    mean: Floats
    p10: Floats
    p50: Floats
    p90: Floats

    @classmethod
    def of(cls, cumulative: npt.NDArray[Any]) -> WeeklyBand:
        """The bands of (weeks × trials) cumulative draws."""
        p10, p50, p90 = weekly_quantiles(cumulative)
        return cls(cumulative.mean(axis=1), p10, p50, p90)

    def at(self, week: int) -> Band:
        """The band at the end of one week."""
        return Band(
            float(self.mean[week]),
            float(self.p10[week]),
            float(self.p50[week]),
            float(self.p90[week]),
        )


def weekly_quantiles(cumulative: npt.NDArray[Any]) -> Floats:
    """(3, weeks) P10 / P50 / P90 of each week's draws, as numpy's default (linear) method.

    Counts are ranked by counting (one bincount) rather than by partial sorts, when their
    range is small enough: the same numbers, several times faster.
    """
    weeks, trials = cumulative.shape
    top = int(cumulative.max(initial=0)) + 1
    small = np.issubdtype(cumulative.dtype, np.integer) and cumulative.min(initial=0) >= 0
    if not small or weeks * top > max(cumulative.size, 1 << 20):
        return np.asarray(np.quantile(cumulative, QUANTILES, axis=1), dtype=np.float64)
    offsets = (np.arange(weeks, dtype=np.int64) * top)[:, None]
    ranks = np.bincount((cumulative + offsets).ravel(), minlength=weeks * top)
    below = ranks.reshape(weeks, top).cumsum(axis=1)  # trials at or below each value
    out = np.empty((len(QUANTILES), weeks))
    for i, share in enumerate(QUANTILES):
        position = (trials - 1) * share
        first = math.floor(position)
        low = (below <= first).sum(axis=1)  # the value of order statistic `first`
        high = (below <= min(first + 1, trials - 1)).sum(axis=1)
        out[i] = low + (position - first) * (high - low)
    return out


def series_text(series: str, value: float, currency: str, lang: str) -> str:
    """A value of a simulated series: money for revenue, a whole number for counts."""
    if series == "revenue":
        return fmt_money(value, currency, lang, 0)
    return fmt_number(value, lang)


def band_text(band: Band, lang: str, currency: str | None = None) -> str:
    """A band as "median (P10 – P90)", in money when a currency is given, else whole numbers."""

    def show(value: float) -> str:
        if currency is None:
            return fmt_number(value, lang)
        return fmt_money(value, currency, lang, 0)

    return f"{show(band.p50)} ({show(band.p10)} – {show(band.p90)})"
