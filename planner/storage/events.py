"""Imported events: one batch per file, its events as compressed columnar chunks.

What really happened, imported from files in batches. One batch = one file, stored in one
transaction; its sha256 stops the same file from being counted twice in a plan.
A batch's events are stored as compressed columnar chunks (event_chunks), in this database:
each chunk is a NumPy .npz archive (no pickled objects) compressed with zlib, holding up to
_CHUNK_ROWS rows: dates as int32 days since 1970-01-01, amounts as float64, and each text
column as integer codes (-1 = missing) into its distinct values, written joined as UTF-8 text
plus their lengths in characters. A million rows inserted one by one took seconds; a few
BLOBs take milliseconds. Databases made before hold rows in actual_events: connect() moves them.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import uuid
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine

from planner.storage.plans import PlanNotFound
from planner.storage.schema import as_utc, event_chunks, import_batches, plans, stored_now

# The row-per-event table of earlier versions, read once to migrate it (see connect).
_legacy = sa.MetaData()
_legacy_events = sa.Table(
    "actual_events",
    _legacy,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("plan_id", sa.String(32)),
    sa.Column("batch_id", sa.String(32)),
    sa.Column("date", sa.String(10)),
    sa.Column("prospect", sa.String(300)),
    sa.Column("channel", sa.String(60)),
    sa.Column("event", sa.String(30)),
    sa.Column("amount", sa.Float()),
    sa.Column("segment", sa.String(300)),
    sa.Column("rep", sa.String(300)),
    sa.Column("variant", sa.String(300)),
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    import numpy as np
    import pandas as pd

_EVENT_COLUMNS = (
    "date",
    "prospect",
    "channel",
    "event",
    "amount",
    "segment",
    "rep",
    "variant",
    "deal",
    "source",
)
_TEXT_COLUMNS = ("prospect", "channel", "event", "segment", "rep", "variant", "deal", "source")
# Absent from chunks written before them: all missing (no table changes: chunks are columnar).
_LATER_COLUMNS = frozenset({"deal", "source"})
_CHUNK_ROWS = 250_000
_CHUNK_FORMAT = 1
_ZLIB_LEVEL = 1  # fast; amounts (mostly missing), text and few-valued codes compress well
_STORED = frozenset({"date"})  # members not compressed (with codes of int32 and wider)
_ZIP_MAGIC = b"PK\x03\x04"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_NAT_DAY = -(2**31)  # int32 code of a missing date
_ENCODING_THREADS = 2


class AlreadyImported(RuntimeError):
    """This file (same content) was already imported into this plan; nothing was written."""

    def __init__(self, batch: ImportBatch) -> None:
        super().__init__(f"{batch.file_name} was already imported on {batch.imported_at}")
        self.batch = batch


class BatchNotFound(LookupError):
    """No import batch with this id in the workspace."""


@dataclass(frozen=True)
class ImportBatch:
    """One imported file: where it went, when, and how many rows it gave."""

    id: str
    plan_id: str
    file_name: str
    sha256: str
    mapping: str
    imported_at: dt.datetime
    rows_imported: int
    rows_rejected: int
    data_source: str = ""  # where the people's data came from (planner.compliance.notice)


def _batch(row: Any) -> ImportBatch:
    return ImportBatch(
        row["id"],
        row["plan_id"],
        row["file_name"],
        row["sha256"],
        row["mapping"],
        as_utc(row["imported_at"]),
        row["rows_imported"],
        row["rows_rejected"],
        row.get("data_source") or "",
    )


def find_batch(engine: Engine, plan_id: str, sha256: str) -> ImportBatch | None:
    """The batch of a plan that imported a file with this content, if any."""
    query = sa.select(import_batches).where(
        import_batches.c.plan_id == plan_id, import_batches.c.sha256 == sha256
    )
    with engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    return None if row is None else _batch(row)


def store_events(
    engine: Engine,
    plan_id: str,
    events: pd.DataFrame,
    *,
    file_name: str,
    sha256: str,
    rows_rejected: int = 0,
    mapping: str = "",
    rows_imported: int | None = None,
    data_source: str = "",
) -> ImportBatch:
    """Store an event-log frame as one batch, in one transaction: all of it or nothing.

    Text columns may be pandas Categorical (as `ImportResult.coded`): their codes are stored
    as they are, without hashing the text again. `rows_imported` is the file's rows the events
    come from (default: one per event). AlreadyImported when the plan already holds a file
    with this sha256.
    """
    from planner.tracking.events import with_all_columns

    events = with_all_columns(events)
    batch_id, now = uuid.uuid4().hex[:12], stored_now()
    n = len(events) if rows_imported is None else rows_imported
    try:
        _store_batch(
            engine,
            plan_id,
            events,
            batch_id,
            now,
            (file_name, sha256, mapping, data_source),
            rows_rejected,
            n,
        )
    except sa_exc.IntegrityError:
        # The same file imported at the same time by another session: its batch won the race.
        found = find_batch(engine, plan_id, sha256)
        if found is None:
            raise
        raise AlreadyImported(found) from None
    return ImportBatch(
        batch_id, plan_id, file_name, sha256, mapping, as_utc(now), n, rows_rejected, data_source
    )


def _store_batch(
    engine: Engine,
    plan_id: str,
    events: pd.DataFrame,
    batch_id: str,
    now: dt.datetime,
    names: tuple[str, str, str, str],
    rows_rejected: int,
    n: int,
) -> None:
    """The batch row and its chunks, in one transaction (see store_events); `names` are the
    file name, its sha256, the mapping and the data source."""
    file_name, sha256, mapping, data_source = names
    with engine.begin() as conn:
        if conn.execute(sa.select(plans.c.id).where(plans.c.id == plan_id)).first() is None:
            raise PlanNotFound(plan_id)
        found = (
            conn.execute(
                sa.select(import_batches).where(
                    import_batches.c.plan_id == plan_id, import_batches.c.sha256 == sha256
                )
            )
            .mappings()
            .first()
        )
        if found is not None:
            raise AlreadyImported(_batch(found))
        conn.execute(
            import_batches.insert().values(
                id=batch_id,
                plan_id=plan_id,
                file_name=file_name[:300],
                sha256=sha256,
                mapping=mapping[:60],
                imported_at=now,
                rows_imported=n,
                rows_rejected=rows_rejected,
                data_source=data_source[:16],
            )
        )
        _insert_chunks(conn, plan_id, batch_id, events)


def _insert_chunks(conn: sa.Connection, plan_id: str, batch_id: str, events: pd.DataFrame) -> None:
    """Every chunk of an event-log frame, in the caller's transaction.

    Chunks are encoded two at a time in threads (factorising and zlib release the GIL) and
    inserted in order as they come. The values of Categorical columns are converted once.
    On PostgreSQL they are written with COPY (binary), through the transaction's own psycopg
    connection.
    """
    import pandas as pd

    shared = {
        name: _Values.of(events[name].cat.categories)
        for name in _TEXT_COLUMNS
        if isinstance(events[name].dtype, pd.CategoricalDtype)
    }
    parts = [events.iloc[i : i + _CHUNK_ROWS] for i in range(0, len(events), _CHUNK_ROWS)]
    with ThreadPoolExecutor(max_workers=_ENCODING_THREADS) as pool:
        encoded = pool.map(lambda part: _encode_chunk(part, shared), parts)
        rows = (
            (seq, len(part), data)
            for seq, (part, data) in enumerate(zip(parts, encoded, strict=True))
        )
        if conn.dialect.name == "postgresql":
            _copy_chunks(conn, plan_id, batch_id, rows)
        else:
            for seq, count, data in rows:
                _insert_chunk(conn, plan_id, batch_id, seq, count, data)


_COPY_CHUNKS = "COPY event_chunks (plan_id, batch_id, seq, rows, data) FROM STDIN (FORMAT BINARY)"


def _copy_chunks(
    conn: sa.Connection, plan_id: str, batch_id: str, rows: Iterator[tuple[int, int, bytes]]
) -> None:
    """Chunk rows by PostgreSQL's COPY, in the caller's transaction (psycopg 3's cursor.copy)."""
    import psycopg

    raw = cast("psycopg.Connection[Any]", conn.connection.dbapi_connection)
    with raw.cursor() as cursor, cursor.copy(_COPY_CHUNKS) as copy:
        copy.set_types(["varchar", "varchar", "int4", "int4", "bytea"])
        for seq, count, data in rows:
            copy.write_row((plan_id, batch_id, seq, count, data))


def _insert_chunk(
    conn: sa.Connection, plan_id: str, batch_id: str, seq: int, rows: int, data: bytes
) -> None:
    """One chunk row."""
    conn.execute(
        event_chunks.insert().values(
            plan_id=plan_id, batch_id=batch_id, seq=seq, rows=rows, data=data
        )
    )


@dataclass(frozen=True)
class _Values:
    """Distinct values of a text column as they are written: text, and lengths in characters."""

    text: np.ndarray[Any, Any]  # of str objects
    lengths: np.ndarray[Any, Any]

    @classmethod
    def of(cls, distinct: Any) -> _Values:
        """The values of a list, an Index or an array (missing values left out beforehand)."""
        import numpy as np

        text = np.array([str(value) for value in distinct.tolist()], dtype=object)
        return cls(text, np.fromiter(map(len, text), "int32", len(text)))

    def used(self, codes: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], _Values]:
        """Codes (-1 = missing) renumbered over the values they use, and those values."""
        import numpy as np

        used = np.zeros(len(self.text) + 1, dtype=bool)
        used[codes] = True  # code -1 marks the last slot
        used = used[:-1]
        if used.all():
            return codes, self
        renumbered = np.append(np.cumsum(used) - 1, -1)  # code -1 stays -1
        return renumbered[codes], _Values(self.text[used], self.lengths[used])


def _encode_chunk(events: pd.DataFrame, shared: Mapping[str, _Values]) -> bytes:
    """Some rows of an event log as compressed columnar bytes (see the section's comment);
    `shared` holds the converted values of the Categorical columns."""
    import numpy as np
    import pandas as pd

    dates = events["date"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    days = np.where(np.isnat(dates), _NAT_DAY, dates.view("int64")).astype("int32")
    arrays: dict[str, Any] = {
        "format": np.array([_CHUNK_FORMAT], dtype="int32"),
        "date": days,
        "amount": events["amount"].to_numpy(dtype="float64", na_value=np.nan),
    }
    for name in _TEXT_COLUMNS:
        if name in shared:
            codes, values = shared[name].used(events[name].cat.codes.to_numpy())
        else:
            codes, distinct = pd.factorize(events[name], use_na_sentinel=True)
            values = _Values.of(distinct)
        arrays[f"{name}.codes"] = codes.astype(_code_type(len(values.text)))
        arrays[f"{name}.lengths"] = values.lengths
        arrays[f"{name}.text"] = np.frombuffer("".join(values.text).encode("utf-8"), dtype="uint8")
    return _npz(arrays)


def chunk_bytes(chunk: _Chunk) -> bytes:
    """A decoded chunk (some rows filtered out) written back as stored, each text column's
    values renumbered over those its rows still use."""
    import numpy as np

    arrays: dict[str, Any] = {
        "format": np.array([_CHUNK_FORMAT], dtype="int32"),
        "date": chunk.days.astype("int32"),
        "amount": chunk.amount.astype("float64"),
    }
    for name in _TEXT_COLUMNS:
        codes, listed = chunk.text[name]
        values = _Values.of(np.array(listed, dtype=object))
        codes, values = values.used(codes.astype("int64"))
        arrays[f"{name}.codes"] = codes.astype(_code_type(len(values.text)))
        arrays[f"{name}.lengths"] = values.lengths
        arrays[f"{name}.text"] = np.frombuffer("".join(values.text).encode("utf-8"), dtype="uint8")
    return _npz(arrays)


def _npz(arrays: dict[str, Any]) -> bytes:
    """Arrays as a .npz archive (what np.load reads): the members that compress well deflated
    at zlib level 1, the others (dates, many-valued codes: compressing them costs more time
    than it saves space) stored as they are."""
    import numpy as np

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", allowZip64=True) as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)
            wide_codes = name.endswith(".codes") and array.dtype.itemsize >= 4
            squeeze = not (name in _STORED or wide_codes)
            archive.writestr(
                zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_DATE),
                member.getvalue(),
                compress_type=zipfile.ZIP_DEFLATED if squeeze else zipfile.ZIP_STORED,
                compresslevel=_ZLIB_LEVEL if squeeze else None,
            )
    return buffer.getvalue()


def _code_type(distinct: int) -> str:
    """The smallest signed integer type holding codes -1 .. distinct - 1."""
    return "int8" if distinct < 2**7 else "int16" if distinct < 2**15 else "int32"


@dataclass(frozen=True)
class _Chunk:
    """A decoded chunk: dates as int32 days, amounts, and per text column codes and values."""

    days: np.ndarray[Any, Any]
    amount: np.ndarray[Any, Any]
    text: dict[str, tuple[np.ndarray[Any, Any], list[str]]]


def _decode_chunk(data: bytes) -> _Chunk:
    """The columns of one stored chunk (never unpickles: allow_pickle=False)."""
    import numpy as np

    raw = data if data[:4] == _ZIP_MAGIC else zlib.decompress(data)  # earlier: zlib of a .npz
    with np.load(io.BytesIO(raw), allow_pickle=False) as archive:
        if int(archive["format"][0]) != _CHUNK_FORMAT:
            raise ValueError(f"unknown event chunk format {int(archive['format'][0])}")
        text: dict[str, tuple[np.ndarray[Any, Any], list[str]]] = {}
        rows = len(archive["date"])
        for name in _TEXT_COLUMNS:
            if name in _LATER_COLUMNS and f"{name}.codes" not in archive.files:
                text[name] = (np.full(rows, -1, dtype="int8"), [])
                continue
            joined = archive[f"{name}.text"].tobytes().decode("utf-8")
            bounds = [0, *np.cumsum(archive[f"{name}.lengths"]).tolist()]
            values = [joined[a:b] for a, b in itertools.pairwise(bounds)]
            text[name] = (archive[f"{name}.codes"], values)
        return _Chunk(archive["date"], archive["amount"], text)


def _events_frame(chunks: list[_Chunk]) -> pd.DataFrame:
    """One event-log frame from decoded chunks in stored order, sorted by date (stable)."""
    import numpy as np
    import pandas as pd

    days = np.concatenate([c.days for c in chunks])
    order = np.argsort(days, kind="stable")
    day_numbers = days[order].astype("int64")
    day_numbers[day_numbers == _NAT_DAY] = np.iinfo("int64").min  # NaT
    frame: dict[str, Any] = {"date": day_numbers.view("datetime64[D]").astype("datetime64[ns]")}
    frame["amount"] = np.concatenate([c.amount for c in chunks])[order]
    for name in _TEXT_COLUMNS:
        codes, values = _merged_codes([c.text[name] for c in chunks])
        distinct = pd.array(values, dtype="string")
        frame[name] = distinct.take(codes[order], allow_fill=True)
    return pd.DataFrame({name: frame[name] for name in _EVENT_COLUMNS})


def _merged_codes(
    parts: list[tuple[np.ndarray[Any, Any], list[str]]],
) -> tuple[np.ndarray[Any, Any], list[str]]:
    """The codes of several chunks into one list of values (each chunk's values appended)."""
    import numpy as np

    merged: list[str] = []
    shifted = []
    for codes, values in parts:
        shifted.append(np.where(codes < 0, -1, codes.astype("int64") + len(merged)))
        merged.extend(values)
    return np.concatenate(shifted), merged


def _chunk_rows(conn: sa.Connection, plan_id: str) -> Iterator[bytes]:
    """A plan's stored chunks, in insertion order."""
    query = (
        sa.select(event_chunks.c.data)
        .where(event_chunks.c.plan_id == plan_id)
        .order_by(event_chunks.c.id)
    )
    for row in conn.execute(query):
        yield bytes(row.data)


def list_batches(engine: Engine, plan_id: str) -> list[ImportBatch]:
    """Every import batch of a plan, most recent first."""
    query = (
        sa.select(import_batches)
        .where(import_batches.c.plan_id == plan_id)
        .order_by(import_batches.c.imported_at.desc(), import_batches.c.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [_batch(r) for r in rows]


def load_events(engine: Engine, plan_id: str) -> pd.DataFrame:
    """Every stored event of a plan as an event-log frame (see planner.tracking.events), oldest
    first.

    Events of the same day keep the order they were imported in.
    """
    from planner.tracking.events import empty_log

    with engine.connect() as conn:
        chunks = [_decode_chunk(data) for data in _chunk_rows(conn, plan_id)]
    if not chunks or sum(len(c.days) for c in chunks) == 0:
        return empty_log()
    return _events_frame(chunks).astype(empty_log().dtypes.to_dict())


def delete_batch(engine: Engine, batch_id: str) -> None:
    """Remove one import batch and its events."""
    with engine.begin() as conn:
        conn.execute(event_chunks.delete().where(event_chunks.c.batch_id == batch_id))
        gone = conn.execute(import_batches.delete().where(import_batches.c.id == batch_id))
    if gone.rowcount != 1:
        raise BatchNotFound(batch_id)


def migrate_legacy_events(conn: sa.Connection) -> None:
    """Move rows of the old actual_events table into chunks, then drop it, in the caller's
    transaction (planner.storage.migrate, for a database made before migrations).

    Does nothing when the table is gone (already migrated, or a database made since).
    """
    if sa.inspect(conn).has_table(_legacy_events.name):
        old = _legacy_events.c
        query = (
            sa.select(old.batch_id, import_batches.c.plan_id, sa.func.min(old.id).label("first"))
            .join(import_batches, import_batches.c.id == old.batch_id)
            .group_by(old.batch_id, import_batches.c.plan_id)
            .order_by(sa.func.min(old.id))
        )
        for batch_id, plan_id, _first in conn.execute(query).all():
            done = sa.select(event_chunks.c.id).where(event_chunks.c.batch_id == batch_id)
            if conn.execute(done.limit(1)).first() is None:
                _insert_chunks(conn, plan_id, batch_id, _legacy_batch(conn, batch_id))
        _legacy_events.drop(conn)


def _legacy_batch(conn: sa.Connection, batch_id: str) -> pd.DataFrame:
    """One batch's rows of the old table as an event-log frame, in their stored order."""
    import pandas as pd

    from planner.tracking.events import empty_log

    names = [name for name in _EVENT_COLUMNS if name not in _LATER_COLUMNS]
    query = (
        sa.select(*(_legacy_events.c[name] for name in names))
        .where(_legacy_events.c.batch_id == batch_id)
        .order_by(_legacy_events.c.id)
    )
    frame = pd.DataFrame(conn.execute(query).fetchall(), columns=names)
    frame = frame.assign(**{name: None for name in _LATER_COLUMNS})
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    frame["amount"] = pd.to_numeric(frame["amount"]).astype("float64")
    return frame.astype(empty_log().dtypes.to_dict())
