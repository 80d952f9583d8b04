"""The workspace database: plans and every saved revision, through SQLAlchemy Core."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from planner.model import Plan
from planner.planfile import plan_from_data, plan_to_json
from planner.prospect_card import ProspectCard

DATABASE_URL_VARIABLE = "PLANNER_DATABASE_URL"
DATA_DIR_VARIABLE = "PLANNER_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

metadata = sa.MetaData()

plans = sa.Table(
    "plans",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("market", sa.String(8), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("updated_at", sa.DateTime(), nullable=False),
    sa.Column("revision", sa.Integer(), nullable=False),
)

revisions = sa.Table(
    "plan_revisions",
    metadata,
    sa.Column(
        "plan_id",
        sa.String(32),
        sa.ForeignKey("plans.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("revision", sa.Integer(), primary_key=True),
    sa.Column("saved_at", sa.DateTime(), nullable=False),
    sa.Column("summary", sa.String(200), nullable=False, default=""),
    sa.Column("document", sa.Text(), nullable=False),
)


class PlanNotFound(LookupError):
    """No plan (or revision) with this id in the workspace."""


class StaleRevision(RuntimeError):
    """The plan was saved elsewhere since this copy was loaded; nothing was written."""

    def __init__(self, plan_id: str, expected: int, current: int) -> None:
        super().__init__(f"plan {plan_id} is at revision {current}, not {expected}")
        self.plan_id, self.expected, self.current = plan_id, expected, current


@dataclass(frozen=True)
class PlanSummary:
    """A row of the workspace list."""

    id: str
    name: str
    market: str
    created_at: dt.datetime
    updated_at: dt.datetime
    revision: int


@dataclass(frozen=True)
class RevisionInfo:
    """One entry of a plan's history."""

    revision: int
    saved_at: dt.datetime
    summary: str


@dataclass(frozen=True)
class StoredPlan:
    """A plan as loaded from the workspace, with the revision it was loaded at."""

    id: str
    revision: int
    plan: Plan
    saved_at: dt.datetime


def database_url(environ: dict[str, str] | None = None) -> str:
    """PLANNER_DATABASE_URL, else a SQLite file in PLANNER_DATA_DIR (default ./data)."""
    env = os.environ if environ is None else environ
    if env.get(DATABASE_URL_VARIABLE):
        return env[DATABASE_URL_VARIABLE]
    data_dir = Path(env.get(DATA_DIR_VARIABLE) or DEFAULT_DATA_DIR)
    # Built, not pasted, so that '?', '#' or '%' in the folder name stay part of the path.
    url = sa.engine.URL.create("sqlite", database=str(data_dir / "planner.db"))
    return url.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def connect(url: str | None = None) -> Engine:
    """An engine on the workspace database, its tables created if needed."""
    url = url or database_url()
    engine_url = sa.engine.make_url(url)
    if engine_url.get_backend_name() == "sqlite" and engine_url.database not in (
        None,
        "",
        ":memory:",
    ):
        Path(engine_url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    metadata.create_all(engine)
    return engine


def _now() -> dt.datetime:
    # Microseconds kept: the workspace list is ordered by it, and saves come seconds apart.
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC)


def _document(plan: Plan) -> tuple[str, Plan]:
    """The plan file text to store, checked to load back (InvalidInput otherwise).

    A Plan changed with model_copy(update=...) or by assignment is not validated; storing it
    unchecked could leave a revision that can never be opened again.
    """
    document = plan_to_json(plan)
    return document, plan_from_data(_json(document))


def create_plan(engine: Engine, plan: Plan, summary: str = "created") -> StoredPlan:
    """Store a new plan as revision 1 and return it with its new id."""
    document, plan = _document(plan)
    plan_id, now = uuid.uuid4().hex[:12], _now()
    with engine.begin() as conn:
        conn.execute(
            plans.insert().values(
                id=plan_id,
                name=plan.meta.name,
                market=plan.meta.market.value,
                created_at=now,
                updated_at=now,
                revision=1,
            )
        )
        conn.execute(
            revisions.insert().values(
                plan_id=plan_id,
                revision=1,
                saved_at=now,
                summary=summary,
                document=document,
            )
        )
    return StoredPlan(plan_id, 1, plan, _utc(now))


def save_plan(
    engine: Engine,
    plan_id: str,
    plan: Plan,
    expected_revision: int,
    summary: str = "edited",
) -> StoredPlan:
    """Save a new revision in one transaction; refuse it if the plan moved on."""
    document, plan = _document(plan)
    now, revision = _now(), expected_revision + 1
    with engine.begin() as conn:
        moved = conn.execute(
            plans.update()
            .where(plans.c.id == plan_id, plans.c.revision == expected_revision)
            .values(
                name=plan.meta.name,
                market=plan.meta.market.value,
                updated_at=now,
                revision=revision,
            )
        )
        if moved.rowcount != 1:
            current = conn.execute(
                sa.select(plans.c.revision).where(plans.c.id == plan_id)
            ).scalar()
            if current is None:
                raise PlanNotFound(plan_id)
            raise StaleRevision(plan_id, expected_revision, current)
        conn.execute(
            revisions.insert().values(
                plan_id=plan_id,
                revision=revision,
                saved_at=now,
                summary=summary,
                document=document,
            )
        )
    return StoredPlan(plan_id, revision, plan, _utc(now))


def load_plan(engine: Engine, plan_id: str, revision: int | None = None) -> StoredPlan:
    """The plan at its latest revision, or at the given one."""
    query = sa.select(revisions).where(revisions.c.plan_id == plan_id)
    if revision is None:
        query = query.join(plans, plans.c.id == revisions.c.plan_id).where(
            revisions.c.revision == plans.c.revision
        )
    else:
        query = query.where(revisions.c.revision == revision)
    with engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    if row is None:
        raise PlanNotFound(plan_id)
    plan = plan_from_data(_json(row["document"]))
    return StoredPlan(plan_id, row["revision"], plan, _utc(row["saved_at"]))


def _json(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text)
    return data


def current_revision(engine: Engine, plan_id: str) -> int:
    """The latest revision number of a plan."""
    with engine.connect() as conn:
        value = conn.execute(sa.select(plans.c.revision).where(plans.c.id == plan_id)).scalar()
    if value is None:
        raise PlanNotFound(plan_id)
    return int(value)


def list_plans(engine: Engine) -> list[PlanSummary]:
    """Every plan of the workspace, most recently saved first."""
    query = sa.select(plans).order_by(plans.c.updated_at.desc(), plans.c.name)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [
        PlanSummary(
            r["id"],
            r["name"],
            r["market"],
            _utc(r["created_at"]),
            _utc(r["updated_at"]),
            r["revision"],
        )
        for r in rows
    ]


def history(engine: Engine, plan_id: str) -> list[RevisionInfo]:
    """Every saved revision of a plan, newest first."""
    query = (
        sa.select(revisions.c.revision, revisions.c.saved_at, revisions.c.summary)
        .where(revisions.c.plan_id == plan_id)
        .order_by(revisions.c.revision.desc())
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [RevisionInfo(r.revision, _utc(r.saved_at), r.summary) for r in rows]


def restore_revision(
    engine: Engine, plan_id: str, revision: int, expected_revision: int
) -> StoredPlan:
    """Save an earlier revision's document as the newest revision."""
    old = load_plan(engine, plan_id, revision)
    return save_plan(engine, plan_id, old.plan, expected_revision, summary=f"restored:{revision}")


def duplicate_plan(engine: Engine, plan_id: str, new_name: str) -> StoredPlan:
    """A new plan holding a copy of this plan's latest revision under another name."""
    source = load_plan(engine, plan_id)
    copy = source.plan.model_copy(
        update={"meta": source.plan.meta.model_copy(update={"name": new_name})}
    )
    return create_plan(engine, plan_from_data(copy.model_dump(mode="json")), summary="duplicated")


def delete_plan(engine: Engine, plan_id: str) -> None:
    """Remove a plan and its whole history."""
    with engine.begin() as conn:
        conn.execute(revisions.delete().where(revisions.c.plan_id == plan_id))
        gone = conn.execute(plans.delete().where(plans.c.id == plan_id))
    if gone.rowcount != 1:
        raise PlanNotFound(plan_id)


# Prospect cards ------------------------------------------------------------------------------
# Personal data about prospects: kept here, beside the plan, never inside the plan file.
# Deleting a plan deletes its cards (ON DELETE CASCADE).

prospect_cards = sa.Table(
    "prospect_cards",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column(
        "plan_id",
        sa.String(32),
        sa.ForeignKey("plans.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("updated_at", sa.DateTime(), nullable=False),
    sa.Column("document", sa.Text(), nullable=False),
)


class CardNotFound(LookupError):
    """No prospect card with this id in the workspace."""


@dataclass(frozen=True)
class StoredCard:
    """A prospect card as stored, with its id and plan."""

    id: str
    plan_id: str
    created_at: dt.datetime
    updated_at: dt.datetime
    card: ProspectCard


def _stored_card(row: Any) -> StoredCard:
    card = ProspectCard.model_validate_json(row["document"])
    return StoredCard(
        row["id"], row["plan_id"], _utc(row["created_at"]), _utc(row["updated_at"]), card
    )


def save_card(
    engine: Engine, plan_id: str, card: ProspectCard, card_id: str | None = None
) -> StoredCard:
    """Store a new card for a plan (card_id None) or replace an existing card's content."""
    # Validated again: a card changed with model_copy(update=...) is not checked by pydantic.
    document = ProspectCard.model_validate(card.model_dump(warnings=False)).model_dump_json()
    now = _now()
    with engine.begin() as conn:
        if card_id is None:
            exists = conn.execute(sa.select(plans.c.id).where(plans.c.id == plan_id)).first()
            if exists is None:
                raise PlanNotFound(plan_id)
            card_id = uuid.uuid4().hex[:12]
            conn.execute(
                prospect_cards.insert().values(
                    id=card_id, plan_id=plan_id, created_at=now, updated_at=now, document=document
                )
            )
        else:
            moved = conn.execute(
                prospect_cards.update()
                .where(prospect_cards.c.id == card_id, prospect_cards.c.plan_id == plan_id)
                .values(updated_at=now, document=document)
            )
            if moved.rowcount != 1:
                raise CardNotFound(card_id)
    return load_card(engine, card_id)


def load_card(engine: Engine, card_id: str) -> StoredCard:
    """One card by its id."""
    with engine.connect() as conn:
        row = (
            conn.execute(sa.select(prospect_cards).where(prospect_cards.c.id == card_id))
            .mappings()
            .first()
        )
    if row is None:
        raise CardNotFound(card_id)
    return _stored_card(row)


def list_cards(engine: Engine, plan_id: str) -> list[StoredCard]:
    """Every card of a plan, most recently saved first."""
    query = (
        sa.select(prospect_cards)
        .where(prospect_cards.c.plan_id == plan_id)
        .order_by(prospect_cards.c.updated_at.desc(), prospect_cards.c.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [_stored_card(r) for r in rows]


def delete_card(engine: Engine, card_id: str) -> None:
    """Remove one card."""
    with engine.begin() as conn:
        gone = conn.execute(prospect_cards.delete().where(prospect_cards.c.id == card_id))
    if gone.rowcount != 1:
        raise CardNotFound(card_id)


# Actual events ------------------------------------------------------------------------------
# What really happened, imported from files in batches. One batch = one file, stored in one
# transaction; its sha256 stops the same file from being counted twice in a plan.
# Dates are stored as ISO text (YYYY-MM-DD): written in bulk without per-row conversion.

import_batches = sa.Table(
    "import_batches",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column(
        "plan_id",
        sa.String(32),
        sa.ForeignKey("plans.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("file_name", sa.String(300), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("mapping", sa.String(60), nullable=False, default=""),
    sa.Column("imported_at", sa.DateTime(), nullable=False),
    sa.Column("rows_imported", sa.Integer(), nullable=False),
    sa.Column("rows_rejected", sa.Integer(), nullable=False),
    sa.UniqueConstraint("plan_id", "sha256", name="uq_import_batches_plan_sha256"),
)

actual_events = sa.Table(
    "actual_events",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column(
        "plan_id",
        sa.String(32),
        sa.ForeignKey("plans.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column(
        "batch_id",
        sa.String(32),
        sa.ForeignKey("import_batches.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("date", sa.String(10), nullable=False),
    sa.Column("prospect", sa.String(300)),
    sa.Column("channel", sa.String(60), nullable=False),
    sa.Column("event", sa.String(30), nullable=False),
    sa.Column("amount", sa.Float()),
    sa.Column("segment", sa.String(300)),
    sa.Column("rep", sa.String(300)),
    sa.Column("variant", sa.String(300)),
    # One index serves both a plan's events and one batch of a plan: each index costs about a
    # third of the insert time of a million-row batch (databases made before keep their two).
    sa.Index("ix_actual_events_plan_batch", "plan_id", "batch_id"),
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

_EVENT_COLUMNS = ("date", "prospect", "channel", "event", "amount", "segment", "rep", "variant")
_CHUNK_ROWS = 50_000


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


def _batch(row: Any) -> ImportBatch:
    return ImportBatch(
        row["id"],
        row["plan_id"],
        row["file_name"],
        row["sha256"],
        row["mapping"],
        _utc(row["imported_at"]),
        row["rows_imported"],
        row["rows_rejected"],
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
) -> ImportBatch:
    """Store an event-log frame as one batch, in one transaction: all of it or nothing.

    AlreadyImported when the plan already holds a file with this sha256.
    """
    batch_id, now = uuid.uuid4().hex[:12], _now()
    n = len(events)
    columns = _event_columns(events)
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
            )
        )
        _bulk_insert(conn, plan_id, batch_id, columns, n)
    return ImportBatch(batch_id, plan_id, file_name, sha256, mapping, _utc(now), n, rows_rejected)


def _event_columns(events: pd.DataFrame) -> list[Any]:
    """The stored columns as object arrays (None for missing), dates as ISO text, vectorised.

    Text goes through its distinct values: each is converted once and the rows share it
    (fewer objects, and sqlite3 encodes a shared string to UTF-8 only once).
    """
    import numpy as np  # storage otherwise needs no numpy: loaded when events are stored
    import pandas as pd

    days = events["date"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    codes, distinct_days = pd.factorize(days)
    iso = np.datetime_as_string(np.asarray(distinct_days, dtype="datetime64[D]"), unit="D")
    columns: list[Any] = [_with_none(iso)[codes]]
    for name in _EVENT_COLUMNS[1:]:
        series = events[name]
        if name == "amount":
            values = series.to_numpy(dtype="float64")
            col = values.astype(object)
            col[np.isnan(values)] = None
        else:
            codes, distinct = pd.factorize(series)
            missing: Any = None  # pandas' stubs leave None out of na_value
            texts = distinct.to_numpy(dtype=object, na_value=missing)
            col = _with_none(texts)[codes]  # code -1 (missing) takes the None at the end
        columns.append(col)
    return columns


def _with_none(values: Any) -> Any:
    """An object array of the values followed by None."""
    import numpy as np

    out = np.empty(len(values) + 1, dtype=object)
    out[:-1] = values
    return out


def _bulk_insert(
    conn: sa.Connection, plan_id: str, batch_id: str, columns: list[Any], n: int
) -> None:
    """Insert rows in chunks through the driver (executemany), in the caller's transaction.

    On SQLite the rows go straight to the sqlite3 cursor of the connection (same transaction).
    """
    names = ("plan_id", "batch_id", *_EVENT_COLUMNS)
    style = conn.dialect.paramstyle
    marks = {
        "qmark": ["?"] * len(names),
        "format": ["%s"] * len(names),
        "pyformat": ["%s"] * len(names),
        "numeric": [f":{i + 1}" for i in range(len(names))],
        "named": [f":p{i}" for i in range(len(names))],
        "numeric_dollar": [f"${i + 1}" for i in range(len(names))],
    }[style]
    sql = f"INSERT INTO actual_events ({', '.join(names)}) VALUES ({', '.join(marks)})"  # noqa: S608
    plan_col, batch_col = [plan_id] * _CHUNK_ROWS, [batch_id] * _CHUNK_ROWS
    driver: Any = conn.connection.driver_connection
    cursor = driver.cursor() if conn.dialect.name == "sqlite" and driver is not None else None
    try:
        for start in range(0, n, _CHUNK_ROWS):
            stop = min(start + _CHUNK_ROWS, n)
            size = stop - start
            rows: Iterable[Any] = zip(
                plan_col[:size], batch_col[:size], *(c[start:stop] for c in columns), strict=True
            )
            if style == "named":
                rows = [{f"p{i}": v for i, v in enumerate(row)} for row in rows]
            elif cursor is None:  # SQLAlchemy wants a list; sqlite3 takes the rows as they come
                rows = list(rows)
            _executemany(conn, cursor, sql, rows)
    finally:
        if cursor is not None:
            cursor.close()


def _executemany(conn: sa.Connection, cursor: Any, sql: str, rows: Iterable[Any]) -> None:
    """One chunk of rows: on the raw DBAPI cursor when given, else through SQLAlchemy."""
    if cursor is not None:
        cursor.executemany(sql, rows)
    else:
        conn.exec_driver_sql(sql, rows if isinstance(rows, list) else list(rows))


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
    """Every stored event of a plan as an event-log frame (see planner.events), oldest first."""
    import pandas as pd

    from planner.events import empty_log

    columns = [actual_events.c[name] for name in _EVENT_COLUMNS]
    query = (
        sa.select(*columns)
        .where(actual_events.c.plan_id == plan_id)
        .order_by(actual_events.c.date, actual_events.c.id)
    )
    with engine.connect() as conn:
        result = conn.execute(query)
        frame = pd.DataFrame(result.fetchall(), columns=list(_EVENT_COLUMNS))
    if frame.empty:
        return empty_log()
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    frame["amount"] = pd.to_numeric(frame["amount"]).astype("float64")
    return frame.astype(empty_log().dtypes.to_dict())


def delete_batch(engine: Engine, batch_id: str) -> None:
    """Remove one import batch and its events."""
    with engine.begin() as conn:
        plan_id = conn.execute(
            sa.select(import_batches.c.plan_id).where(import_batches.c.id == batch_id)
        ).scalar_one_or_none()
        conn.execute(  # the plan too, so that the (plan_id, batch_id) index is used
            actual_events.delete().where(
                actual_events.c.plan_id == plan_id, actual_events.c.batch_id == batch_id
            )
        )
        gone = conn.execute(import_batches.delete().where(import_batches.c.id == batch_id))
    if gone.rowcount != 1:
        raise BatchNotFound(batch_id)


# Weekly actuals -----------------------------------------------------------------------------
# What a founder or a workshop types in by hand: per week (its Monday, ISO text), channel and
# measure (planner.weekly names the measures), one number. Functions: planner.storage_weekly.

weekly_actuals = sa.Table(
    "weekly_actuals",
    metadata,
    sa.Column(
        "plan_id",
        sa.String(32),
        sa.ForeignKey("plans.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("week", sa.String(10), primary_key=True),
    sa.Column("channel", sa.String(60), primary_key=True),
    sa.Column("measure", sa.String(30), primary_key=True),
    sa.Column("value", sa.Float(), nullable=False),
)
