"""Actual events in the workspace database: batches, round trips, one transaction per file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from planner import storage
from planner.events import empty_log
from planner.importing import channel_aliases, map_events, read_table
from planner.storage import (
    AlreadyImported,
    BatchNotFound,
    PlanNotFound,
    connect,
    create_plan,
    delete_batch,
    delete_plan,
    find_batch,
    list_batches,
    load_events,
    store_events,
)
from tests.factories import make_plan

CSV = (
    "date;prospect;channel;event;amount;segment;rep;variant\n"
    "05/01/2026;ACME;phone;won;1 234,50;PME;Inès;A\n"
    "06/01/2026;Beta;linkedin;reply;;;Hugo;\n"
    "07/01/2026;Gamma;phone;cost;12,5;;;\n"
).encode()


@pytest.fixture
def engine(tmp_path: Path) -> Any:
    engine = connect(f"sqlite:///{tmp_path}/events.db")
    yield engine
    engine.dispose()


@pytest.fixture
def plan_id(engine: Engine) -> str:
    return create_plan(engine, make_plan()).id


def _events(data: bytes = CSV) -> pd.DataFrame:
    return map_events(read_table(data, "f.csv"), channels=channel_aliases(make_plan())).events


def _store(engine: Engine, plan_id: str, data: bytes = CSV, **kwargs: Any) -> storage.ImportBatch:
    return store_events(
        engine, plan_id, _events(data), file_name="f.csv", sha256=str(hash(data)), **kwargs
    )


def test_events_round_trip_as_the_event_log(engine: Engine, plan_id: str) -> None:
    events = _events()

    batch = _store(engine, plan_id, rows_rejected=2, mapping="event_log")
    back = load_events(engine, plan_id)

    pd.testing.assert_frame_equal(back, events)
    assert back.dtypes.to_dict() == empty_log().dtypes.to_dict()
    assert (batch.rows_imported, batch.rows_rejected, batch.mapping) == (3, 2, "event_log")


def test_a_plan_without_events_loads_an_empty_log(engine: Engine, plan_id: str) -> None:
    back = load_events(engine, plan_id)

    assert back.empty
    assert back.dtypes.to_dict() == empty_log().dtypes.to_dict()


def test_the_same_file_twice_is_refused_and_counted_once(engine: Engine, plan_id: str) -> None:
    first = _store(engine, plan_id)

    with pytest.raises(AlreadyImported) as caught:
        _store(engine, plan_id)

    assert caught.value.batch.id == first.id
    assert find_batch(engine, plan_id, first.sha256) == first
    assert len(load_events(engine, plan_id)) == 3


def test_the_same_file_may_go_to_two_plans(engine: Engine, plan_id: str) -> None:
    other = create_plan(engine, make_plan()).id
    _store(engine, plan_id)
    _store(engine, other)

    assert len(load_events(engine, other)) == 3


def test_batches_are_listed_most_recent_first(engine: Engine, plan_id: str) -> None:
    a = _store(engine, plan_id, CSV)
    b = _store(engine, plan_id, CSV.replace(b"ACME", b"Acme SA"))

    assert [x.id for x in list_batches(engine, plan_id)] == [b.id, a.id]


def test_deleting_a_batch_removes_its_events_only(engine: Engine, plan_id: str) -> None:
    a = _store(engine, plan_id, CSV)
    _store(engine, plan_id, CSV.replace(b"ACME", b"Acme SA"))

    delete_batch(engine, a.id)

    assert len(load_events(engine, plan_id)) == 3
    assert find_batch(engine, plan_id, a.sha256) is None
    with pytest.raises(BatchNotFound):
        delete_batch(engine, a.id)


def test_deleting_the_plan_deletes_its_events(engine: Engine, plan_id: str) -> None:
    _store(engine, plan_id)

    delete_plan(engine, plan_id)

    with engine.connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(storage.actual_events))
        assert count.scalar_one() == 0


def test_events_for_an_unknown_plan_are_refused(engine: Engine) -> None:
    with pytest.raises(PlanNotFound):
        _store(engine, "nope")


def test_a_crash_mid_import_leaves_nothing_written(
    engine: Engine, plan_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(f"05/01/2026;p{i};phone;reply;;;;\n" for i in range(25))
    data = b"date;prospect;channel;event;amount;segment;rep;variant\n" + rows.encode()
    monkeypatch.setattr(storage, "_CHUNK_ROWS", 10)
    real = storage._executemany
    calls = {"n": 0}

    def crash_on_second_chunk(conn: sa.Connection, cursor: Any, sql: str, rows: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk unplugged")
        real(conn, cursor, sql, rows)

    monkeypatch.setattr(storage, "_executemany", crash_on_second_chunk)

    with pytest.raises(RuntimeError, match="disk unplugged"):
        _store(engine, plan_id, data)

    monkeypatch.undo()
    assert calls["n"] == 2
    assert load_events(engine, plan_id).empty
    assert list_batches(engine, plan_id) == []


def test_a_large_batch_goes_through_the_sqlite_cursor_in_chunks(
    engine: Engine, plan_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(f"05/01/2026;p{i};phone;reply;{i},5;;;\n" for i in range(25))
    data = b"date;prospect;channel;event;amount;segment;rep;variant\n" + rows.encode()
    monkeypatch.setattr(storage, "_CHUNK_ROWS", 10)

    batch = _store(engine, plan_id, data)

    stored = load_events(engine, plan_id)
    assert batch.rows_imported == 25
    assert sorted(stored["prospect"].tolist()) == sorted(f"p{i}" for i in range(25))
    assert stored["amount"].sum() == sum(i + 0.5 for i in range(25))
    assert stored["segment"].isna().all()
