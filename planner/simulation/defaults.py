"""Defaults and limits of a simulation run, importable without loading the engines."""

from __future__ import annotations

from enum import StrEnum

DEFAULT_TRIALS = 20_000
DEFAULT_REQUIRED_TRIALS = 10_000
DEFAULT_SENSITIVITY_TRIALS = 10_000
DEFAULT_SEED = 1
DEFAULT_CONFIDENCE = 0.8
MAX_EXACT_TRIALS = 20_000
MAX_CELLS = 100_000 * 52  # trials × weeks of one fast run (memory bound)
MAX_MULTIPLIER = 1024.0  # the required-activity search stops at this many times the activity


class Engine(StrEnum):
    """How counts are drawn: fast (Poisson intensities) or exact (chained binomials)."""

    FAST = "fast"
    EXACT = "exact"
