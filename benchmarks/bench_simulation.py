"""Speed of the simulation: the fast engine at 20k and 100k trials against the floor and the
exact engine, on the three-channel SaaS SMB demo plan (52 weeks), measured in one run.

    python benchmarks/bench_simulation.py [--repeats 9]

The floor is the raw numpy draws the model needs at that size, with intensities computed
beforehand: one Beta draw per uncertain rate and trial, plus Poisson draws. Two floors:
- "shown": one Poisson draw per week and trial of each series shown week by week (meetings
  and deals, all channels together);
- "all": every Poisson draw the fast engine makes for this plan, replayed with the very same
  intensities (deals drawn for phone and for the other channels, since an objective is
  scoped to phone; each stage's total over the horizon for the stage table; objectives).
Timings are the best of N repeats, fast engine and floors interleaved so that they meet the
same load on a shared machine; ratios compare figures measured in the same process. The
exact engine runs past its 20k-trial user limit here.
Targets on a 2-core machine: 20k trials ≤ 0.5 s and ≤ 3× the floor; 100k trials ≤ 2.5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.plan.model import Plan
from planner.plan.scenarios import build_scenario
from planner.simulation.entry import Engine, plan_fingerprint, run, simulate
from planner.simulation.fast import draw_fast
from planner.simulation.model import (
    MEETING,
    REPEAT,
    WON,
    FunnelModel,
    compile_plan,
    counts_generator,
    draw_rates,
)
from planner.simulation.objectives import needs_of
from planner.simulation.result import SimulationResult
from planner.simulation.summary import RunInfo, summarise

SIZES = (20_000, 100_000)
SEED = 1
START = dt.date(2026, 1, 5)
TARGET_SECONDS = {20_000: 0.5, 100_000: 2.5}
TARGET_FLOOR_RATIO = 3.0


class Recorder:
    """A generator that notes the intensities of every Poisson draw made through it."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.intensities: list[np.ndarray] = []

    def poisson(self, lam: Any, *args: Any, **kwargs: Any) -> Any:
        self.intensities.append(np.array(lam, dtype=np.float64))
        return self.rng.poisson(lam, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rng, name)


def shown_intensities(model: FunnelModel, trials: int) -> list[np.ndarray]:
    """(weeks × trials) intensities of meetings and deals, all channels together."""
    coef = model.coefficients(draw_rates(model, trials, SEED))
    found = []
    for kind in (MEETING, WON, REPEAT):
        terms = model.terms_of(kind)
        if terms:
            found.append(model.shapes[terms].T @ coef[terms])
    return found


def all_intensities(plan: Plan, model: FunnelModel, trials: int) -> list[np.ndarray]:
    """The intensity of every Poisson draw the fast engine makes."""
    recorder = Recorder(counts_generator(SEED))
    ones = np.ones(len(model.channel_ids))
    rates = draw_rates(model, trials, SEED)
    draw_fast(model, rates, ones, needs_of(plan, model), recorder)  # type: ignore[arg-type]
    return recorder.intensities


def floor(model: FunnelModel, series: list[np.ndarray], trials: int) -> Callable[[], None]:
    """The raw draws: a Beta per uncertain rate and trial, then the Poisson draws."""
    priors = [s.prior for s in model.slots if not s.prior.is_certain]

    def draw() -> None:
        rng = np.random.default_rng(SEED)
        for prior in priors:
            rng.beta(prior.a, prior.b, size=trials)
        for intensity in series:
            rng.poisson(intensity)

    return draw


def best_interleaved(repeats: int, works: list[Callable[[], object]]) -> list[float]:
    """The shortest wall time of each piece of work, run in turn `repeats` times."""
    best = [float("inf")] * len(works)
    for _ in range(repeats):
        for i, work in enumerate(works):
            started = time.perf_counter()
            work()
            best[i] = min(best[i], time.perf_counter() - started)
    return best


def exact_run(plan: Plan, trials: int) -> SimulationResult:
    """A whole exact-engine run, as simulate() does it, without its 20k-trial limit."""
    model = compile_plan(plan)
    ones = np.ones(len(model.channel_ids))
    draws = run(plan, model, trials, SEED, Engine.EXACT, ones)
    info = RunInfo(plan_fingerprint(plan), trials, SEED, Engine.EXACT)
    return summarise(plan, model, draws, ones, info)


def main() -> None:
    """Measure and print the table, then the fast and exact bands of the same runs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9, help="repeats of each fast timing")
    args = parser.parse_args()
    plan = build_scenario("saas_smb", "en", START)
    model = compile_plan(plan)
    simulate(plan, 2000, SEED)  # warm up imports and caches
    uncertain = sum(not s.prior.is_certain for s in model.slots)
    print(
        f"saas_smb: {plan.meta.horizon_weeks} weeks, {len(plan.channels)} channels, "
        f"{uncertain} uncertain rates. Best of {args.repeats} (fast and floors, interleaved), "
        "2 (exact at 20k), 1 (exact at 100k)."
    )
    print(
        f"{'trials':>8} {'fast s':>7} {'floor s shown / all':>20} {'fast/floor shown / all':>23}"
        f" {'exact s':>8} {'exact/fast':>10}  targets"
    )
    results: dict[int, tuple[SimulationResult, SimulationResult]] = {}
    for trials in SIZES:
        shown = floor(model, shown_intensities(model, trials), trials)
        every = floor(model, all_intensities(plan, model, trials), trials)
        fast, low, high = best_interleaved(
            args.repeats, [lambda trials=trials: simulate(plan, trials, SEED), shown, every]
        )
        del shown, every
        results[trials] = (simulate(plan, trials, SEED), exact_run(plan, trials))
        exact = min(
            best_interleaved(
                2 if trials <= 20_000 else 1, [lambda trials=trials: exact_run(plan, trials)]
            )
        )
        ok = fast <= TARGET_SECONDS[trials] and (
            trials > 20_000 or fast / low <= TARGET_FLOOR_RATIO
        )
        target = f"≤ {TARGET_SECONDS[trials]} s" + (
            f", ≤ {TARGET_FLOOR_RATIO:.0f}x floor" if trials <= 20_000 else ""
        )
        print(
            f"{trials:>8,} {fast:>7.3f} {low:>9.3f} / {high:<8.3f} "
            f"{f'{fast / low:.2f}x / {fast / high:.2f}x':>23} {exact:>8.2f} {exact / fast:>9.1f}x  "
            f"{target}: {'met' if ok else 'MISSED'}"
        )
    print("\nTotals over the year, fast vs exact engine (same seed): P10 / P50 / P90, mean")
    for trials, (fast_result, exact_result) in results.items():
        for series in ("deals", "meetings", "revenue"):
            cells = []
            for result in (fast_result, exact_result):
                band = result.totals[series]
                cells.append(
                    f"{band.p10:,.0f} / {band.p50:,.0f} / {band.p90:,.0f}, {band.mean:,.2f}"
                )
            print(f"{trials:>8,} {series:<9} fast {cells[0]:<38} exact {cells[1]}")


if __name__ == "__main__":
    main()
