"""Beta priors of conversion rates: a Rate's low and high read as the P10 and P90 of a Beta."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy.optimize import least_squares
from scipy.special import betaincinv, logit

from planner.plan.model import Rate

LOW_QUANTILE = 0.1
HIGH_QUANTILE = 0.9
# A range touching 0 (or 1) has no Beta with that P10 (or P90): the bound is moved inside,
# two orders of magnitude below the other bound (or above it, towards 1).
EDGE_SHRINK = 0.01
_Z90 = 1.2815515655446004  # standard normal P90
_FIT_TOLERANCE = 1e-7


@dataclass(frozen=True)
class BetaPrior:
    """The distribution of one rate: Beta(a, b), or a certain value when `certain` is set."""

    a: float
    b: float
    certain: float | None = None

    @property
    def is_certain(self) -> bool:
        """True when the rate has no uncertainty."""
        return self.certain is not None

    @property
    def mean(self) -> float:
        """The expected rate."""
        if self.certain is not None:
            return self.certain
        return self.a / (self.a + self.b)

    def quantile(self, q: float) -> float:
        """The rate below which a share q of the prior lies."""
        if self.certain is not None:
            return self.certain
        return float(betaincinv(self.a, self.b, q))

    def draw(self, n: int, rng: np.random.Generator) -> npt.NDArray[np.float64]:
        """n independent draws of the rate."""
        if self.certain is not None:
            return np.full(n, self.certain)
        return rng.beta(self.a, self.b, size=n)


def rate_prior(rate: Rate) -> BetaPrior:
    """The Beta prior of a Rate: low and high as P10 and P90, certain when low = high."""
    return beta_prior(rate.low, rate.high)


@lru_cache(maxsize=4096)
def beta_prior(low: float, high: float) -> BetaPrior:
    """The Beta whose P10 is `low` and P90 is `high` (cached); certain when low = high."""
    if not 0.0 <= low <= high <= 1.0:
        raise ValueError(f"need 0 ≤ low ≤ high ≤ 1, got {low} and {high}")
    if low == high:
        return BetaPrior(a=math.inf, b=math.inf, certain=low)
    low, high = _inside(low, high)
    a, b = _fit(low, high)
    return BetaPrior(a=a, b=b)


def _inside(low: float, high: float) -> tuple[float, float]:
    """Move a bound at 0 or 1 strictly inside (0, 1), where a Beta can have it as a quantile."""
    inner_low = high * EDGE_SHRINK if low <= 0.0 else low
    inner_high = 1.0 - (1.0 - low) * EDGE_SHRINK if high >= 1.0 else high
    return inner_low, inner_high


def _fit(low: float, high: float) -> tuple[float, float]:
    """Solve the two quantile equations for (a, b), in log space, from a moment guess."""
    target = np.array([logit(low), logit(high)])

    def residuals(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        a, b = np.exp(x)
        q = betaincinv(a, b, np.array([LOW_QUANTILE, HIGH_QUANTILE]))
        q = np.clip(q, 1e-300, 1.0 - 1e-16)
        return np.asarray(logit(q) - target, dtype=np.float64)

    guess = np.log(_moment_guess(low, high))
    found = least_squares(residuals, guess, xtol=1e-12, ftol=1e-12, gtol=1e-12, max_nfev=400)
    if not np.all(np.abs(residuals(found.x)) < _FIT_TOLERANCE):
        a, b = np.exp(guess)  # pragma: no cover - the solver converges on every tested range
        return float(a), float(b)
    a, b = np.exp(found.x)
    return float(a), float(b)


def _moment_guess(low: float, high: float) -> tuple[float, float]:
    """(a, b) of the Beta with the mean and spread of a normal having these P10 and P90."""
    mean = (low + high) / 2.0
    sd = (high - low) / (2.0 * _Z90)
    size = max(mean * (1.0 - mean) / sd**2 - 1.0, 0.2)
    return max(mean * size, 0.05), max((1.0 - mean) * size, 0.05)
