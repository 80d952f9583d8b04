"""Speed of erasing one person and of a retention purge on 1,000,000 stored events, against
loading the plan's events (the plain read), in one run.

    python benchmarks/bench_erasure.py [--events 1000000] [--database URL]

A plan holds one import of N events over 4 years for 200,000 prospects (e-mail addresses).
Timed on a fresh copy each time:
- baseline: `load_events`, the plain read of every stored event;
- find: `find_person`, where one person is (events and cards) across the workspace;
- erase: `erase_person`, one person's events and cards removed in one transaction;
- expired: `expired_prospects`, the prospects past 3 years on the log;
- purge: `remove_prospects` of those prospects.
Target: erasing one person and a retention purge each ≤ 1 s on a million events.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner import storage
from planner.compliance.data_retention import expired_prospects
from planner.compliance.opposition import contact_key
from planner.plan.scenarios import build_scenario
from planner.storage.erasure import erase_person, find_person, remove_prospects
from planner.tracking.events import empty_log


def synthetic(n: int) -> pd.DataFrame:
    """N events of 200,000 prospects over four years."""
    rng = np.random.default_rng(7)
    who = rng.integers(0, 200_000, n)
    days = pd.Timestamp("2022-01-03") + pd.to_timedelta(rng.integers(0, 4 * 365, n), unit="D")
    kinds = rng.choice(["activity", "reply", "meeting_booked", "won"], n, p=[0.85, 0.1, 0.04, 0.01])
    frame = pd.DataFrame(
        {
            "date": days.sort_values(),
            "prospect": pd.Series([f"p{i}@exemple.fr" for i in who], dtype="string"),
            "channel": pd.Series(["email"] * n, dtype="string"),
            "event": pd.Series(kinds, dtype="string"),
        }
    )
    base = empty_log()
    return pd.concat([base, frame], ignore_index=True)[base.columns]


def timed(label: str, work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    print(f"{label:<10} {seconds:7.3f} s")
    return seconds


def main() -> int:
    """Store the events, then time the plain read, the erasure and the purge."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--database", default=None)
    args = parser.parse_args()
    events = synthetic(args.events)
    with tempfile.TemporaryDirectory() as folder:
        engine = storage.connect(args.database or f"sqlite:///{folder}/bench.db")
        plan_id = storage.create_plan(
            engine, build_scenario("saas_smb", "en", dt.date(2026, 1, 5))
        ).id
        storage.store_events(engine, plan_id, events, file_name="big.csv", sha256="e" * 64)
        key = contact_key("P4242@exemple.fr")
        if key is None:
            raise SystemExit("the benchmark's person is not an e-mail address")
        base = timed("baseline", lambda: storage.load_events(engine, plan_id))
        found = timed("find", lambda: find_person(engine, key))
        erase = timed("erase", lambda: erase_person(engine, key))
        stored = storage.load_events(engine, plan_id)
        today = dt.date(2026, 6, 1)
        expired: list[pd.DataFrame] = []
        scan = timed("expired", lambda: expired.append(expired_prospects(stored, today)))
        who = list(expired[0]["prospect"])
        purge = timed("purge", lambda: remove_prospects(engine, plan_id, who))
        print(f"{len(who):,} prospects past retention purged")
        for label, seconds in (
            ("find", found),
            ("erase", erase),
            ("expired", scan),
            ("purge", purge),
        ):
            print(f"{label:<10} {seconds / base:6.2f} × the plain read")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
