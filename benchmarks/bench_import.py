"""Speed of importing actual results: a 1,000,000-row event log in French Excel style (`;`,
decimal comma, day-first dates, cp1252 or UTF-8 with BOM), read + mapped + checked + stored
into a SQLite file, against a plain `pandas.read_csv` of the same file, measured in one run.

    python benchmarks/bench_import.py [--rows 1000000] [--encoding cp1252|utf-8-sig]

Times are the best of two runs (plain read and import interleaved); peak memory is measured
in a separate pass of each under tracemalloc (which slows them, so it is not timed).
Caveat: tracemalloc does not see Arrow buffers (pandas 3 keeps text in pyarrow), so its peaks
are low; the process max RSS (generation and every run included) is the upper bound.
Targets: the import within 4× the plain read, and under 1.5 GB peak.
Measured on 2 shared cores, 1,000,000 rows (59.7 MB, cp1252): plain read 0.31 s, import 10.3 s
(33×: target NOT met; about a third reading + mapping, two thirds the SQLite insert), max RSS
1.9 GB for the whole process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.importing import channel_aliases, map_events, read_table
from planner.scenarios import build_scenario
from planner.storage import connect, create_plan, store_events

EVENTS = ["activité", "réponse", "rdv pris", "rdv tenu", "opportunité", "gagné", "perdu", "coût"]


def generate(path: Path, rows: int, channels: list[str], encoding: str, seed: int = 7) -> None:
    """Write a French Excel-style event log of `rows` rows."""
    rng = np.random.default_rng(seed)
    days = np.datetime64("2025-01-01") + rng.integers(0, 365, rows).astype("timedelta64[D]")
    dates = pd.to_datetime(days).strftime("%d/%m/%Y")
    events = rng.choice(EVENTS, rows, p=[0.55, 0.15, 0.08, 0.06, 0.05, 0.04, 0.04, 0.03])
    amounts = np.where(np.isin(events, ["gagné", "coût"]), rng.uniform(10, 25_000, rows), np.nan)
    frame = pd.DataFrame(
        {
            "Date": dates,
            "Prospect": np.char.add("Société n°", rng.integers(0, 200_000, rows).astype(str)),
            "Canal": rng.choice(channels, rows),
            "Événement": events,
            "Montant": amounts,
            "Segment": rng.choice(["PME", "ETI", "Grands comptes", "Indépendants"], rows),
            "Commercial": rng.choice(["Inès", "Hugo", "Zoé", "Mathéo"], rows),
            "Variante": rng.choice(["A", "B"], rows),
        }
    )
    frame.to_csv(path, sep=";", decimal=",", index=False, encoding=encoding, lineterminator="\r\n")


def plain_read(path: Path, encoding: str) -> pd.DataFrame:
    """The baseline: what pandas does with the file when told its format."""
    return pd.read_csv(path, sep=";", decimal=",", encoding=encoding)


def run_import(path: Path, url: str, plan_id: str, aliases: dict[str, str]) -> tuple[int, int]:
    """Read, map, check and store the file as one batch; (rows imported, rows rejected)."""
    data = path.read_bytes()
    result = map_events(read_table(data, path.name), channels=aliases)
    engine = connect(url)
    try:
        batch = store_events(
            engine,
            plan_id,
            result.events,
            file_name=path.name,
            sha256=result.sha256 + str(time.perf_counter_ns()),  # each run a new batch
            rows_rejected=result.rejected_rows,
            mapping=result.mapping.name,
        )
    finally:
        engine.dispose()
    return batch.rows_imported, batch.rows_rejected


def timed(fn: Callable[[], Any]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def peak(fn: Callable[[], Any]) -> float:
    """Peak memory traced while fn runs, in MB."""
    gc.collect()
    tracemalloc.start()
    fn()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 1_048_576


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--encoding", default="cp1252", choices=["cp1252", "utf-8-sig"])
    args = parser.parse_args()

    plan = build_scenario("saas_smb", "fr", dt.date(2025, 1, 6))
    aliases = channel_aliases(plan)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.csv"
        started = time.perf_counter()
        generate(path, args.rows, [c.id for c in plan.channels], args.encoding)
        size = path.stat().st_size / 1_048_576
        print(
            f"generated {args.rows:,} rows, {size:.1f} MB ({args.encoding}) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        url = f"sqlite:///{folder}/bench.db"
        engine = connect(url)
        plan_id = create_plan(engine, plan).id
        engine.dispose()

        counts: tuple[int, int] = (0, 0)

        def do_import() -> None:
            nonlocal counts
            counts = run_import(path, url, plan_id, aliases)

        reads, imports = [], []
        for _ in range(2):
            reads.append(timed(lambda: plain_read(path, args.encoding)))
            imports.append(timed(do_import))
        read_s, import_s = min(reads), min(imports)
        read_mb = peak(lambda: plain_read(path, args.encoding))
        import_mb = peak(do_import)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"rows imported {counts[0]:,}, rejected {counts[1]:,}")
    print(f"plain pandas.read_csv : {read_s:6.2f} s, peak {read_mb:7.0f} MB (tracemalloc)")
    print(f"import (read+map+store): {import_s:6.2f} s, peak {import_mb:7.0f} MB (tracemalloc)")
    print(
        f"ratio time {import_s / read_s:.2f}× (target ≤ 4×), "
        f"ratio memory {import_mb / read_mb:.2f}×; process max RSS {rss_mb:.0f} MB "
        f"(target < 1536 MB)"
    )


if __name__ == "__main__":
    main()
