"""Speed of the Tracking page in AppTest on 1,000,000 stored events, against an empty page.

    python benchmarks/bench_tracking_page.py [--events 1000000] [--repeats 7] [--profile]

The three-channel SaaS SMB demo plan is stored in a temporary SQLite workspace with one import
batch of generated events (the log of benchmarks/bench_kpis.py: 200,000 prospects, 3 channels,
4 segments, 6 reps, 2 variants over the plan's year), stored through `storage.store_events`.
Its Tracking page is opened once (cold: the log is loaded and prepared, every cache filled),
then rerun as a user's click reruns it (median of N), then the KPI period's end date is changed
N times (each a new date, about three months before today's default: every per-period result is
computed again on the cached log). The
baseline is an AppTest run of an empty page, measured in the same process, interleaved with the
reruns so that both meet the same load. Target: a rerun ≤ 1 s on a million events.
`--profile` prints the cProfile of one rerun and of one period change (top 30 by cumulative time).

Measured on the 2-core development machine (streamlit 1.67, pandas 3.1), 1,000,000 events,
shared machine (load ≈ 1–2), after chart specs were cached and Pareto reused the breakdowns:
    storing the events (store_events):          0.42–0.47 s
    first open (app.py, then the page, cold):   3.5–4.6 s
    empty page AppTest run (baseline):          2.8–3.4 ms
    rerun of the page (median of 5):            165–178 ms   (≈ 52–55× the empty page)
    KPI period change (median of 5):            0.75–0.85 s  (≈ 250–260× the empty page)
    target: rerun ≤ 1 s: OK.
On 27 Nov 2026, with stage counts read as prospects reaching each stage (planner.tracking.reach adds
327,504 implied events to this log, ≈ 0.13–0.27 s, cached once per plan): first open 4.0 s,
rerun 150 ms (57× the empty page), period change 0.69 s.
Before caching the chart specs a rerun took 275–432 ms: most of it was Altair's `to_dict` and
its jsonschema validation. A period change still recomputes on the cached log: `compute_kpis`
≈ 0.13 s, `kpis.breakdowns` ≈ 0.1 s (`_group_distinct`'s `unique`), and rebuilds the two
Pareto chart specs (≈ 0.16 s).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from streamlit.testing.v1 import AppTest

from benchmarks.bench_kpis import START, synthetic_events
from planner import storage
from planner.plan.scenarios import build_scenario
from tests.apptest import open_session

PAGE = "pages/6_tracking.py"
TARGET_MS = 1000.0


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000.0


def _profiled(title: str, action: Callable[[], object]) -> None:
    """cProfile of the threads AppTest starts for the run (not of the waiting caller)."""
    profiles: list[cProfile.Profile] = []

    def start(*_: object) -> None:  # the first event of a new thread: a profiler of its own
        threading.setprofile(None)  # type: ignore[arg-type]
        profile = cProfile.Profile()
        profiles.append(profile)
        profile.enable()

    threading.setprofile(start)
    try:
        action()
    finally:
        threading.setprofile(None)  # type: ignore[arg-type]
    print(f"\n--- cProfile: {title}, {len(profiles)} thread(s) (top 30 by cumulative time) ---")
    pstats.Stats(*profiles).sort_stats("cumulative").print_stats(30)


def main() -> int:
    """Print the cold open, the rerun, the period change, the empty page and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ[storage.DATABASE_URL_VARIABLE] = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = storage.connect(os.environ[storage.DATABASE_URL_VARIABLE])
        plan_id = storage.create_plan(engine, build_scenario("saas_smb", "en", START)).id
        events = synthetic_events(args.events)
        started = time.perf_counter()
        storage.store_events(
            engine, plan_id, events, file_name="bench.csv", sha256="0" * 64, mapping="event_log"
        )
        store_ms = (time.perf_counter() - started) * 1000.0
        del events
        at: AppTest | None = None

        def first_open() -> None:
            nonlocal at
            at = open_session(PAGE, plan=plan_id, lang="en")

        first_ms = _timed(first_open)
        if at is None or at.exception or not at.metric:
            print(at.exception if at else "", "the page did not show its KPIs")
            return 1
        empty = AppTest.from_string("import streamlit as st\n", default_timeout=30)
        empty.run()
        reruns, blanks = [], []
        for _ in range(args.repeats):
            reruns.append(_timed(at.run))
            blanks.append(_timed(empty.run))
        if args.profile:
            _profiled("rerun", at.run)
        moved = START + dt.timedelta(weeks=39, days=-1)
        periods = []  # each a new end date: every per-period result is a cache miss
        for day in range(args.repeats):
            end = moved - dt.timedelta(days=day)
            periods.append(_timed(at.date_input(key="trk_to").set_value(end).run))
            if at.exception:
                print(at.exception)
                return 1
        if args.profile:
            _profiled(
                "period change",
                lambda: at.date_input(key="trk_to").set_value(moved - dt.timedelta(weeks=13)).run(),
            )
        engine.dispose()
    rerun, blank = statistics.median(reruns), statistics.median(blanks)
    period = statistics.median(periods)
    print(f"Tracking page, SaaS SMB demo plan, {args.events:,} events, {args.repeats} repeats")
    rows = [
        ("storing the events (store_events)", f"{store_ms:9.1f} ms"),
        ("first open (app.py, then the page, cold)", f"{first_ms:9.1f} ms"),
        ("empty page AppTest run (baseline)", f"{blank:9.1f} ms  [best {min(blanks):.1f}]"),
        ("rerun of the page (median)", f"{rerun:9.1f} ms  [best {min(reruns):.1f}]"),
        ("ratio rerun / empty page", f"{rerun / blank:9.1f} ×"),
        ("KPI period change (median)", f"{period:9.1f} ms  [best {min(periods):.1f}]"),
        ("ratio period change / empty page", f"{period / blank:9.1f} ×"),
    ]
    for label, value in rows:
        print(f"  {label + ':':<42} {value}")
    verdict = "OK" if rerun <= TARGET_MS else "OVER"
    print(f"  target: rerun ≤ {TARGET_MS:.0f} ms: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
