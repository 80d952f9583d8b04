"""Speed of the KPIs on 1,000,000 synthetic events, against a plain groupby count, in one run.

    python benchmarks/bench_kpis.py [--events 1000000] [--repeats 5]

The log has 200,000 prospects, 3 channels, 4 segments, 6 reps and 2 script variants over a
year, with the text columns as pandas strings (what an import gives) and, separately, as
categories. Timed (best of N, interleaved so that all meet the same load):
- baseline: `events.groupby("event").size()`, a plain count by event kind;
- prepare: `prepare_log`, the factorisation of the text columns that every computation reuses;
- with_reached_stages: the stages each prospect reached filled in (planner.tracking.reach), cached
  once per plan by the page like the prepared log;
- KPIs on a prepared log: compute_kpis + breakdowns + two Pareto frames + stage rates, which
  is what the KPIs page computes on each rerun once the prepared log is cached;
- compute_kpis on the raw frame (preparation included).
Target: the KPIs page reruns in ≤ 1 s on a million events.
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
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.plan.scenarios import SCENARIO_IDS, build_scenario
from planner.tracking.kpis import breakdowns, compute_kpis, pareto, stage_rates
from planner.tracking.prepared_log import prepare_log
from planner.tracking.reach import with_reached_stages

START = dt.date(2026, 1, 5)


def synthetic_events(n: int, seed: int = 1) -> pd.DataFrame:
    """n events over 52 weeks: mostly activities, then fewer of each later stage."""
    rng = np.random.default_rng(seed)
    kinds = np.array(
        [
            *("activity", "connection", "reply", "meeting_booked", "meeting_held"),
            *("opportunity", "won", "lost", "cost", "visit"),
        ]
    )
    weights = np.array([0.6, 0.12, 0.08, 0.05, 0.04, 0.03, 0.02, 0.02, 0.01, 0.03])
    event = kinds[rng.choice(len(kinds), n, p=weights / weights.sum())]
    days = rng.integers(0, 364, n)
    dates = pd.Timestamp(START) + pd.to_timedelta(days, unit="D")
    prospect = np.char.add("p", rng.integers(0, 200_000, n).astype(str))
    amount = np.where(np.isin(event, ["won", "cost"]), rng.gamma(2.0, 2000.0, n), np.nan)

    def pick(options: list[str]) -> Any:
        return np.array(options)[rng.integers(0, len(options), n)]

    return pd.DataFrame(
        {
            "date": dates,
            "prospect": pd.array(prospect, dtype="string"),
            "channel": pd.array(pick(["phone", "email", "linkedin"]), dtype="string"),
            "event": pd.array(event, dtype="string"),
            "amount": amount,
            "segment": pd.array(pick(["smb", "mid", "large", "public"]), dtype="string"),
            "rep": pd.array(pick([f"rep{i}" for i in range(6)]), dtype="string"),
            "variant": pd.array(pick(["a", "b"]), dtype="string"),
        }
    )


def best(fn: Callable[[], object], repeats: int) -> float:
    """Best wall time of `repeats` calls."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    """Build the log, time each step, print seconds and ratios to the baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    plan = build_scenario(SCENARIO_IDS[0], "en", START)
    events = synthetic_events(args.events)
    categories = events.astype({c: "category" for c in ("prospect", "channel", "event")})
    categories = categories.astype({c: "category" for c in ("segment", "rep", "variant")})
    start, end = START + dt.timedelta(weeks=13), START + dt.timedelta(weeks=26, days=-1)
    prepared = prepare_log(events)
    reached = with_reached_stages(prepared, plan)  # cached once per plan by the page

    def page() -> None:
        compute_kpis(reached, plan, start, end)
        breakdowns(prepared, start, end)
        pareto(prepared, start, end, "segment")
        pareto(prepared, start, end, "channel")
        stage_rates(reached, plan, start, end)

    steps: dict[str, Callable[[], object]] = {
        "baseline: groupby('event').size()": lambda: events.groupby("event").size(),
        "prepare_log (strings)": lambda: prepare_log(events),
        "prepare_log (categories)": lambda: prepare_log(categories),
        "with_reached_stages (stages reached)": lambda: with_reached_stages(prepared, plan),
        "compute_kpis on a prepared log": lambda: compute_kpis(reached, plan, start, end),
        "KPIs page (kpis, breakdowns, Pareto, stages)": page,
        "compute_kpis on the raw frame": lambda: compute_kpis(events, plan, start, end),
    }
    found: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(args.repeats):
        for name, fn in steps.items():
            found[name].append(best(fn, 1))
    baseline = min(found[next(iter(steps))])
    print(f"{args.events:,} events, best of {args.repeats}, plan {SCENARIO_IDS[0]}")
    for name, times in found.items():
        seconds = min(times)
        print(f"{name:<48} {seconds:7.3f} s  {seconds / baseline:6.1f}× baseline")


if __name__ == "__main__":
    main()
