"""What the CPU benchmarks share: a step's CPU seconds and the numpy baseline they divide by."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np


def cpu(action: Callable[[], object]) -> float:
    """CPU seconds of this process (every thread) while `action` runs."""
    started = time.process_time()
    action()
    return time.process_time() - started


def baseline() -> float:
    """CPU seconds of a plain numpy draw of a fixed size (1,000,000 Poisson counts)."""
    rng = np.random.default_rng(1)
    return cpu(lambda: rng.poisson(5.0, size=1_000_000))
