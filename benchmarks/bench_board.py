"""Server CPU of the facilitator's board for a room of participants, and of its refresh.

    python benchmarks/bench_board.py [--participants 30] [--repeats 3]

A room is opened from the SaaS SMB demo plan in a temporary workspace and N participants join.
The Workshop page (the board) is run through AppTest, every cache emptied first; CPU seconds
(time.process_time, which load moves less than wall time), median of the repeats:

  first board, same plans   the board when no one has changed their copy yet (one simulation:
                            identical plans share a cache entry);
  refresh after a save      one participant saves a change, the board reads the room again
                            (target ≤ 2 s with 30 participants: only that plan is simulated);
  refresh, nothing saved    the board's timed rerun when nobody saved;
  first board, all changed  every participant has changed their copy, the board sees them all
                            for the first time (N simulations: the worst case, once);
  with a challenge          the board after a challenge is pushed (each plan simulated again
                            under it, once).

The baseline, measured in the same process between the steps, is a plain numpy draw of a fixed
size (1,000,000 Poisson counts): each step is printed as a ratio to it too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import streamlit as st
from cpu import baseline, cpu
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner import storage
from planner.plan.scenarios import build_scenario
from tests.apptest import ROOT

PAGE = "pages/8_workshop.py"
START = dt.date(2027, 1, 4)
REFRESH_TARGET = 2.0  # seconds of server CPU for the board's refresh after a save


def _board(plan_id: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params.update({"plan": plan_id, "lang": "en"})
    at.run()
    at.switch_page(PAGE)
    at.query_params.update({"plan": plan_id, "lang": "en"})
    return at


def _run(at: AppTest) -> None:
    at.run()
    if at.exception:
        raise RuntimeError(str(at.exception))
    if not at.dataframe:
        raise RuntimeError("the board shows no table")


def _change(engine: Engine, seat: storage.Seat, factor: float) -> None:
    stored = storage.load_plan(engine, seat.plan_id)
    channels = [
        c.model_copy(update={"activities_per_week": c.activities_per_week * factor})
        for c in stored.plan.channels
    ]
    storage.save_plan(
        engine, seat.plan_id, stored.plan.model_copy(update={"channels": channels}), stored.revision
    )


def _measure(engine: Engine, participants: int, round_: int) -> dict[str, float]:
    st.cache_data.clear()
    source = storage.create_plan(engine, build_scenario("saas_smb", "en", START))
    room = storage.open_room(engine, source.id, f"Room {round_}")
    seats = [storage.join_room(engine, room.code, f"Rep {i + 1}") for i in range(participants)]
    at = _board(source.id)
    found = {"baseline": baseline()}
    found["first board, same plans"] = cpu(lambda: _run(at))
    _change(engine, seats[0], 1.1)
    found["refresh after a save"] = cpu(lambda: _run(at))
    found["refresh, nothing saved"] = cpu(lambda: _run(at))
    found["baseline"] = min(found["baseline"], baseline())
    for i, seat in enumerate(seats[1:], start=2):
        _change(engine, seat, 1 + i / 100)
    found["first board, all changed"] = cpu(lambda: _run(at))
    storage.set_challenge(engine, room.id, "rates_down")
    found["with a challenge"] = cpu(lambda: _run(at))
    return found


def main() -> int:
    """Print each step's CPU seconds and its ratio to the numpy baseline; the verdict."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ[storage.DATABASE_URL_VARIABLE] = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = storage.connect(os.environ[storage.DATABASE_URL_VARIABLE])
        _measure(engine, 2, 0)  # imports and the first page runs, once
        runs = [_measure(engine, args.participants, r + 1) for r in range(args.repeats)]
        engine.dispose()
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    best = {k: min(r[k] for r in runs) for k in runs[0]}
    base = median["baseline"]
    print(
        f"board of {args.participants} participants: CPU seconds, median of {args.repeats} "
        "[best] (× numpy baseline)"
    )
    print(f"  {'numpy baseline (1M Poisson draws)':<30} {base:7.3f} s [{best['baseline']:.3f}]")
    for key in runs[0]:
        if key != "baseline":
            print(f"  {key:<30} {median[key]:7.3f} s [{best[key]:.3f}]  {median[key] / base:6.1f}×")
    refresh = median["refresh after a save"]
    verdict = "OK" if refresh <= REFRESH_TARGET else "OVER"
    print(f"target: refresh after a save ≤ {REFRESH_TARGET} s ({refresh:.3f}): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
