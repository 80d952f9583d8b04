"""Actual events in the workspace database: batches, round trips, one transaction per file."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from planner import storage
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
    schema,
    store_events,
)
from planner.storage import events as stored_events
from planner.tracking.events import empty_log
from planner.tracking.importing import channel_aliases, map_events, read_table
from tests.factories import make_plan

CSV = (
    "date;prospect;channel;event;amount;segment;rep;variant\n"
    "05/01/2026;ACME;phone;won;1 234,50;PME;Inès;A\n"
    "06/01/2026;Beta;linkedin;reply;;;Hugo;\n"
    "07/01/2026;Gamma;phone;cost;12,5;;;\n"
).encode()


@pytest.fixture
def engine(database_url: str) -> Any:
    engine = connect(database_url)
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
        count = conn.execute(sa.select(sa.func.count()).select_from(schema.event_chunks))
        assert count.scalar_one() == 0


def test_events_for_an_unknown_plan_are_refused(engine: Engine) -> None:
    with pytest.raises(PlanNotFound):
        _store(engine, "nope")


def test_a_crash_mid_import_leaves_nothing_written(
    engine: Engine, plan_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(f"05/01/2026;p{i};phone;reply;;;;\n" for i in range(25))
    data = b"date;prospect;channel;event;amount;segment;rep;variant\n" + rows.encode()
    monkeypatch.setattr(stored_events, "_CHUNK_ROWS", 10)
    real = stored_events._encode_chunk
    calls = {"n": 0}

    def crash_on_second_chunk(part: pd.DataFrame, *args: Any) -> bytes:
        calls["n"] += 1
        if part["prospect"].iloc[0] == "p10":  # the first chunk is written by then
            raise RuntimeError("disk unplugged")
        return real(part, *args)

    monkeypatch.setattr(stored_events, "_encode_chunk", crash_on_second_chunk)

    with pytest.raises(RuntimeError, match="disk unplugged"):
        _store(engine, plan_id, data)

    monkeypatch.undo()
    assert calls["n"] >= 2
    assert load_events(engine, plan_id).empty
    assert list_batches(engine, plan_id) == []


def _chunk_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(sa.select(sa.func.count()).select_from(schema.event_chunks)).scalar_one()
        )


def _mixed_events(n: int) -> pd.DataFrame:
    """`n` events with awkward text, missing values and dates out of order."""
    texts = ["Société Générale", "北京", 'Zoé ; "quoted"\nline', "  ", "😀", "a\x00b"]
    return pd.DataFrame(
        {
            "date": pd.to_datetime("2026-01-05")
            + pd.to_timedelta([(i * 7) % 4 for i in range(n)], "D"),
            "prospect": [texts[i % len(texts)] if i % 4 else None for i in range(n)],
            "channel": ["phone" if i % 2 else "linkedin" for i in range(n)],
            "event": ["won" if i % 3 else "reply" for i in range(n)],
            "amount": [float("nan") if i % 5 == 0 else i + 0.25 for i in range(n)],
            "segment": [None if i < 12 else "Grands comptes" for i in range(n)],
            "rep": [texts[(i + 1) % len(texts)] for i in range(n)],
            "variant": [None] * n,
            "deal": [f"D-{i}" if i % 3 else None for i in range(n)],
            "source": ["Salon" if i % 7 == 0 else None for i in range(n)],
        }
    ).astype(empty_log().dtypes.to_dict())


def test_a_batch_larger_than_a_chunk_round_trips_exactly(
    engine: Engine, plan_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stored_events, "_CHUNK_ROWS", 10)
    events = _mixed_events(25)  # three chunks: 10 + 10 + 5

    store_events(engine, plan_id, events, file_name="big.csv", sha256="b" * 64)
    back = load_events(engine, plan_id)

    expected = events.sort_values("date", kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(back, expected)
    assert _chunk_count(engine) == 3


def test_categorical_text_columns_are_stored_as_their_text(
    engine: Engine, plan_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stored_events, "_CHUNK_ROWS", 10)
    events = _mixed_events(25)
    text = ["prospect", "channel", "event", "segment", "rep", "variant", "deal"]
    coded = events.astype(dict.fromkeys(text, "category"))
    coded["rep"] = coded["rep"].cat.add_categories(["never used"])

    store_events(engine, plan_id, coded, file_name="big.csv", sha256="b" * 64)
    back = load_events(engine, plan_id)

    expected = events.sort_values("date", kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(back, expected)


def test_an_import_stores_its_coded_events_as_its_events(engine: Engine, plan_id: str) -> None:
    result = map_events(read_table(CSV, "f.csv"), channels=channel_aliases(make_plan()))
    other = create_plan(engine, make_plan()).id

    store_events(engine, plan_id, result.coded, file_name="f.csv", sha256="a" * 64)
    store_events(engine, other, result.events, file_name="f.csv", sha256="a" * 64)

    pd.testing.assert_frame_equal(load_events(engine, plan_id), load_events(engine, other))
    pd.testing.assert_frame_equal(load_events(engine, plan_id), result.events)


def test_events_of_several_batches_load_by_date_then_import_order(
    engine: Engine, plan_id: str
) -> None:
    first = _events()
    second = _events(CSV.replace(b"ACME", b"Acme SA").replace(b"07/01/2026", b"05/01/2026"))
    store_events(engine, plan_id, first, file_name="a.csv", sha256="a" * 64)
    store_events(engine, plan_id, second, file_name="b.csv", sha256="b" * 64)

    back = load_events(engine, plan_id)

    expected = pd.concat([first, second]).sort_values("date", kind="stable")
    pd.testing.assert_frame_equal(back, expected.reset_index(drop=True))


def test_deleting_a_batch_removes_its_chunks(engine: Engine, plan_id: str) -> None:
    batch = _store(engine, plan_id)

    delete_batch(engine, batch.id)

    assert _chunk_count(engine) == 0
    assert load_events(engine, plan_id).empty


def test_a_stored_chunk_is_not_a_pickle(engine: Engine, plan_id: str) -> None:
    _store(engine, plan_id)
    with engine.connect() as conn:
        data = conn.execute(sa.select(schema.event_chunks.c.data)).scalar_one()

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()

    assert {"prospect.codes.npy", "prospect.text.npy"} <= set(names)
    assert all(name.endswith(".npy") for name in names)


def test_chunks_written_as_one_zlib_stream_still_load(engine: Engine, plan_id: str) -> None:
    _store(engine, plan_id)
    events = load_events(engine, plan_id)
    with engine.begin() as conn:  # rewritten as the first chunk layout: a .npz, all zlib
        data = conn.execute(sa.select(schema.event_chunks.c.data)).scalar_one()
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        arrays["prospect.lengths"] = arrays["prospect.lengths"].astype("int64")
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        old = zlib.compress(buffer.getvalue(), 1)
        conn.execute(sa.update(schema.event_chunks).values(data=old))

    pd.testing.assert_frame_equal(load_events(engine, plan_id), events)


# A database made by earlier versions: one row per event in `actual_events`.
_OLD = sa.MetaData()
for _table in (schema.plans, schema.import_batches):  # what its foreign keys point to
    _table.to_metadata(_OLD)
_OLD_EVENTS = sa.Table(
    "actual_events",
    _OLD,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("plan_id", sa.String(32), sa.ForeignKey("plans.id", ondelete="CASCADE")),
    sa.Column("batch_id", sa.String(32), sa.ForeignKey("import_batches.id", ondelete="CASCADE")),
    sa.Column("date", sa.String(10), nullable=False),
    sa.Column("prospect", sa.String(300)),
    sa.Column("channel", sa.String(60), nullable=False),
    sa.Column("event", sa.String(30), nullable=False),
    sa.Column("amount", sa.Float()),
    sa.Column("segment", sa.String(300)),
    sa.Column("rep", sa.String(300)),
    sa.Column("variant", sa.String(300)),
    sa.Index("ix_actual_events_plan_batch", "plan_id", "batch_id"),
)


def _old_database(url: str) -> str:
    """A workspace as earlier versions left it: a plan, two batches, their rows; no chunks."""
    engine = sa.create_engine(url)
    tables = [schema.plans, schema.revisions, schema.import_batches]
    schema.metadata.create_all(engine, tables=tables)
    _OLD.create_all(engine, tables=[_OLD_EVENTS])
    plan_id = create_plan(engine, make_plan()).id
    rows = [  # batch, date, prospect, channel, event, amount, segment, rep, variant
        ("b1", "2026-01-07", "Gamma", "phone", "cost", 12.5, None, None, None),
        ("b1", "2026-01-05", "ACME", "phone", "won", 1234.5, "PME", "Inès", "A"),
        ("b2", "2026-01-05", "Société n°2", "linkedin", "reply", None, None, "Hugo", None),
        ("b1", "2026-01-06", None, "linkedin", "reply", None, None, "Zoé", None),
    ]
    with engine.begin() as conn:
        for batch_id in ("b1", "b2"):
            conn.execute(
                schema.import_batches.insert().values(
                    id=batch_id,
                    plan_id=plan_id,
                    file_name=f"{batch_id}.csv",
                    sha256=batch_id * 32,
                    mapping="event_log",
                    imported_at=schema.stored_now(),
                    rows_imported=3 if batch_id == "b1" else 1,
                    rows_rejected=0,
                )
            )
        names = (
            "batch_id",
            *(c for c in stored_events._EVENT_COLUMNS if c not in stored_events._LATER_COLUMNS),
        )
        values = [{"plan_id": plan_id, **dict(zip(names, r, strict=True))} for r in rows]
        conn.execute(_OLD_EVENTS.insert(), values)
    engine.dispose()
    return plan_id


def test_events_saved_the_old_way_are_migrated_when_connecting(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/old.db"
    plan_id = _old_database(url)

    engine = connect(url)
    back = load_events(engine, plan_id)
    again = connect(url)  # a second start finds nothing left to migrate

    assert back["prospect"].tolist() == ["ACME", "Société n°2", pd.NA, "Gamma"]
    assert back["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-01-05",
        "2026-01-05",
        "2026-01-06",
        "2026-01-07",
    ]
    assert back["amount"].tolist()[0] == 1234.5 and pd.isna(back["amount"][1])
    assert back.dtypes.to_dict() == empty_log().dtypes.to_dict()
    assert not sa.inspect(engine).has_table("actual_events")
    pd.testing.assert_frame_equal(load_events(again, plan_id), back)
    assert _chunk_count(again) == 2
    delete_batch(again, "b1")
    assert load_events(again, plan_id)["prospect"].tolist() == ["Société n°2"]
    engine.dispose()
    again.dispose()


def test_a_failed_migration_keeps_the_old_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path}/old.db"
    _old_database(url)

    def crash(*args: Any) -> None:
        raise RuntimeError("disk unplugged")

    monkeypatch.setattr(stored_events, "_insert_chunk", crash)
    with pytest.raises(RuntimeError, match="disk unplugged"):
        connect(url)
    monkeypatch.undo()

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        left = conn.execute(sa.select(sa.func.count()).select_from(_OLD_EVENTS)).scalar_one()
    engine.dispose()
    assert left == 4
