"""Time to convert as a lognormal delay, discretised into weeks and applied as a matrix."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.stats import lognorm

from planner.plan.model import Delay

DAYS_PER_WEEK = 7.0


def weekly_pmf(delay: Delay, weeks: int) -> npt.NDArray[np.float64]:
    """Share of a cohort landing l weeks later, for l = 0..weeks-1 (the rest lands after)."""
    pmf = np.zeros(weeks)
    if delay.median_days <= 0:
        pmf[0] = 1.0
        return pmf
    if delay.log_sd <= 0:  # every conversion exactly `median_days` later
        lag = int(delay.median_days // DAYS_PER_WEEK)
        if lag < weeks:  # at or beyond the horizon: it all lands after the plan, none in it
            pmf[lag] = 1.0
        return pmf
    edges = np.arange(weeks + 1) * DAYS_PER_WEEK
    cdf = lognorm.cdf(edges, s=delay.log_sd, scale=delay.median_days)
    return np.asarray(np.diff(cdf), dtype=np.float64)


def landing_matrix(delay: Delay, weeks: int) -> npt.NDArray[np.float64]:
    """M[w, t] = share of week w's cohort that lands in week t (0 for t < w)."""
    pmf = weekly_pmf(delay, weeks)
    lags = np.arange(weeks)[None, :] - np.arange(weeks)[:, None]
    return np.where(lags >= 0, pmf[np.clip(lags, 0, weeks - 1)], 0.0)


def has_delay(delay: Delay) -> bool:
    """True when the stage does not happen in the same week."""
    return delay.median_days > 0
