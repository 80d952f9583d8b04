"""Beta priors of rates: low and high as P10 and P90, certain ranges, ranges touching 0 or 1."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planner.plan.model import Rate
from planner.plan.priors import EDGE_SHRINK, beta_prior, rate_prior

# The default priors table of domain/benchmarks.md: P10, P90 and the Beta(a, b) it quotes,
# rounded to three significant figures there (hence the 0.5 % tolerance).
# The means are quoted as percentages with 1 or 0 decimals: half a unit of the last digit.
BENCHMARK_PRIORS = [
    ("cold-call connect per dial", 0.03, 0.13, 3.20, 39.1, 0.076, 0.0005),
    ("conversation to meeting", 0.03, 0.15, 2.69, 29.3, 0.084, 0.0005),
    ("e-mail reply per delivered", 0.015, 0.10, 2.08, 37.6, 0.053, 0.0005),
    ("e-mail positive reply", 0.003, 0.02, 2.15, 203.0, 0.0105, 0.00005),
    ("LinkedIn acceptance", 0.18, 0.42, 6.86, 16.3, 0.296, 0.0005),
    ("LinkedIn reply per accepted", 0.10, 0.40, 3.00, 9.49, 0.24, 0.005),
    ("meeting show rate", 0.65, 0.90, 13.3, 3.68, 0.78, 0.005),
    ("held meeting to opportunity", 0.30, 0.65, 6.17, 6.84, 0.47, 0.005),
    ("opportunity to win", 0.15, 0.35, 7.31, 22.4, 0.25, 0.005),
    ("e-commerce session to order", 0.008, 0.04, 2.84, 124.0, 0.022, 0.0005),
    ("12-month repeat purchase", 0.20, 0.40, 10.0, 23.7, 0.30, 0.005),
]


@pytest.mark.parametrize(
    ("low", "high", "a", "b", "mean", "shown"),
    [row[1:] for row in BENCHMARK_PRIORS],
    ids=[row[0] for row in BENCHMARK_PRIORS],
)
def test_the_fit_matches_the_benchmark_table(
    low: float, high: float, a: float, b: float, mean: float, shown: float
) -> None:
    prior = beta_prior(low, high)

    assert prior.a == pytest.approx(a, rel=0.005)
    assert prior.b == pytest.approx(b, rel=0.005)
    assert prior.mean == pytest.approx(mean, abs=shown)


@pytest.mark.parametrize(
    ("low", "high"),
    [(0.03, 0.13), (1e-5, 2e-5), (0.001, 0.5), (0.4999, 0.5), (0.5, 0.5001), (0.01, 0.99),
     (0.9, 0.999), (0.2, 0.9), (0.6, 0.61)],
)  # fmt: skip
def test_low_and_high_are_the_p10_and_p90(low: float, high: float) -> None:
    prior = beta_prior(low, high)

    assert prior.quantile(0.1) == pytest.approx(low, rel=1e-6)
    assert prior.quantile(0.9) == pytest.approx(high, rel=1e-6)


@pytest.mark.parametrize("value", [0.0, 0.0734, 0.5, 1.0])
def test_low_equal_high_is_certain(value: float) -> None:
    prior = rate_prior(Rate(low=value, typical=value, high=value))
    draws = prior.draw(1000, np.random.default_rng(0))

    assert prior.is_certain
    assert prior.mean == value
    assert prior.quantile(0.1) == prior.quantile(0.9) == value
    assert np.all(draws == value)


@pytest.mark.parametrize(
    ("low", "high", "p10", "p90"),
    [
        (0.0, 0.1, 0.1 * EDGE_SHRINK, 0.1),
        (0.9, 1.0, 0.9, 1 - 0.1 * EDGE_SHRINK),
        (0.0, 1.0, EDGE_SHRINK, 1 - EDGE_SHRINK),
    ],
    ids=["touches_0", "touches_1", "touches_both"],
)
def test_a_range_touching_0_or_1_is_moved_inside(
    low: float, high: float, p10: float, p90: float
) -> None:
    prior = beta_prior(low, high)

    assert math.isfinite(prior.a) and prior.a > 0
    assert math.isfinite(prior.b) and prior.b > 0
    assert prior.quantile(0.1) == pytest.approx(p10, rel=1e-6)
    assert prior.quantile(0.9) == pytest.approx(p90, rel=1e-6)


def test_a_range_from_0_to_1_is_symmetric() -> None:
    prior = beta_prior(0.0, 1.0)

    assert prior.a == pytest.approx(prior.b, rel=1e-6)
    assert prior.mean == pytest.approx(0.5)


def test_draws_have_the_fitted_quantiles() -> None:
    n = 200_000
    prior = beta_prior(0.15, 0.35)
    draws = prior.draw(n, np.random.default_rng(7))
    # The share below a quantile is binomial: 4 standard errors.
    tolerance = 4 * math.sqrt(0.1 * 0.9 / n)

    assert np.mean(draws < 0.15) == pytest.approx(0.1, abs=tolerance)
    assert np.mean(draws > 0.35) == pytest.approx(0.1, abs=tolerance)
    assert np.all((draws >= 0) & (draws <= 1))


def test_the_fit_is_cached() -> None:
    assert beta_prior(0.031, 0.131) is beta_prior(0.031, 0.131)


@pytest.mark.parametrize(("low", "high"), [(0.3, 0.2), (-0.1, 0.2), (0.2, 1.5)])
def test_an_impossible_range_is_refused(low: float, high: float) -> None:
    with pytest.raises(ValueError, match="low"):
        beta_prior(low, high)


def test_the_same_generator_seed_gives_the_same_draws() -> None:
    prior = beta_prior(0.03, 0.13)
    first = prior.draw(100, np.random.default_rng(3))
    second = prior.draw(100, np.random.default_rng(3))

    assert np.array_equal(first, second)
