"""Two people at once on one workspace: two saves of one weekly table made from the same rows
(the second refused, as a stale plan is), the same file imported twice at once (the second told
"already imported"). Each round starts both writers together; on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from planner import storage
from planner.storage.weekly import WeeklyChanged, load_weekly, save_weekly, weekly_version
from planner.tracking.weekly import entries_frame
from tests.factories import make_plan

ROUNDS = 4
MON = dt.date(2026, 1, 5)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = storage.connect(database_url)
    yield engine
    engine.dispose()


def _at_once(*writers: Callable[[], Any]) -> list[Any]:
    """Run the writers in threads started together; what each returned or raised."""
    start = threading.Barrier(len(writers))
    outcomes: list[Any] = [None] * len(writers)

    def run(i: int) -> None:
        start.wait()
        try:
            outcomes[i] = writers[i]()
        except Exception as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(writers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_two_saves_of_one_weekly_table_at_once_refuse_the_stale_one(engine: Engine) -> None:
    plan_id = storage.create_plan(engine, make_plan()).id
    for round_ in range(ROUNDS):
        version = weekly_version(engine, plan_id)
        mine = entries_frame([(MON, "phone", "activity", 100.0 + round_)])
        theirs = entries_frame([(MON, "linkedin", "activity", 200.0 + round_)])

        outcomes = _at_once(
            lambda mine=mine, v=version: save_weekly(engine, plan_id, mine, expected=v),
            lambda theirs=theirs, v=version: save_weekly(engine, plan_id, theirs, expected=v),
        )

        refused = [o for o in outcomes if isinstance(o, Exception)]
        assert len(refused) == 1 and isinstance(refused[0], WeeklyChanged), outcomes
        kept = mine if isinstance(outcomes[0], str) else theirs
        pd.testing.assert_frame_equal(load_weekly(engine, plan_id), kept)  # not merged


def _events(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "date": pd.Timestamp("2026-01-05") + pd.to_timedelta(rng.integers(0, 60, rows), "D"),
            "prospect": [f"Société {i % 5000}" for i in range(rows)],
            "channel": "phone",
            "event": "activity",
        }
    )


def test_the_same_file_imported_twice_at_once_is_stored_once(engine: Engine) -> None:
    plan_id = storage.create_plan(engine, make_plan()).id
    events = _events(60_000)
    for round_ in range(ROUNDS):
        sha = f"{round_:064d}"

        def store(sha: str = sha) -> storage.ImportBatch:
            return storage.store_events(engine, plan_id, events, file_name="a.csv", sha256=sha)

        outcomes = _at_once(store, store)

        stored = [o for o in outcomes if isinstance(o, storage.ImportBatch)]
        refused = [o for o in outcomes if not isinstance(o, storage.ImportBatch)]
        assert len(stored) == 1, outcomes
        assert len(refused) == 1 and isinstance(refused[0], storage.AlreadyImported), outcomes
        assert refused[0].batch == stored[0]
    assert len(storage.list_batches(engine, plan_id)) == ROUNDS
    assert len(storage.load_events(engine, plan_id)) == ROUNDS * len(events)
