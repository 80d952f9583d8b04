"""Where the workspace database is and how to open it: `connect` brings its schema up to date.

PLANNER_DATABASE_URL names the database: `postgresql+psycopg://user:password@host/name` for a
team server, or any SQLite URL; otherwise a SQLite file in PLANNER_DATA_DIR (default ./data) is
used, with foreign keys, WAL and a busy timeout switched on. The schema is migrated by Alembic
(planner.storage.migrate) at each start. A database that cannot be reached (a server stopped,
a file that cannot be made) is said by DatabaseUnreachable, which names where it is, never the
password.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from planner.core.i18n import t
from planner.storage.migrate import upgrade

DATABASE_URL_VARIABLE = "PLANNER_DATABASE_URL"
DATA_DIR_VARIABLE = "PLANNER_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
CONNECT_TIMEOUT = 10  # seconds: a PostgreSQL server that does not answer is said, not awaited
# What SQLite says when its file cannot be opened or is held by another writer for too long.
_SQLITE_UNREACHABLE = ("unable to open", "database is locked", "disk i/o error")


class DatabaseUnreachable(ConnectionError):
    """The workspace database cannot be reached: a server that does not answer, a file that
    cannot be opened. What was being written was not."""

    def __init__(self, url: sa.engine.URL) -> None:
        self.backend = url.get_backend_name()
        self.host = str(url.host or url.query.get("host") or "localhost")
        self.port = url.port or 5432
        self.database = url.database or ""
        super().__init__(f"the database cannot be reached: {self.where('en')}")

    def where(self, lang: str) -> str:
        """Which server (host:port and database) or which file, in the user's language."""
        if self.backend == "sqlite":
            return t(lang, "postgres.where_file", path=self.database)
        return t(
            lang, "postgres.where_server", host=self.host, port=self.port, database=self.database
        )

    def message(self, lang: str, key: str = "postgres.unreachable") -> str:
        """What the user reads, in their language (`key`: at start, or when a change is lost)."""
        return t(lang, key, where=self.where(lang))


def unreachable(error: BaseException, url: sa.engine.URL) -> DatabaseUnreachable | None:
    """`error` as DatabaseUnreachable when it says the database cannot be reached, else None."""
    if isinstance(error, DatabaseUnreachable):
        return error
    if not isinstance(error, sa.exc.DBAPIError):
        return None
    if url.get_backend_name() == "sqlite":
        said = str(error.orig).lower()
        lost = any(said.startswith(text) for text in _SQLITE_UNREACHABLE)
    else:  # psycopg's connection errors, a server shut down or gone mid-query
        lost = isinstance(error, sa.exc.OperationalError | sa.exc.InterfaceError)
    return DatabaseUnreachable(url) if lost or error.connection_invalidated else None


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
    """An engine on the workspace database, its schema migrated to the newest revision.

    SchemaTooNew (nothing written) when a newer release of the planner already upgraded it;
    DatabaseUnreachable when the server does not answer or the file cannot be made.
    """
    engine_url = sa.engine.make_url(url or database_url())
    engine = sa.create_engine(engine_url, **_options(engine_url))
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    try:
        upgrade(engine)
    except BaseException as exc:
        engine.dispose()
        down = unreachable(exc, engine_url)
        if down is None or down is exc:
            raise
        raise down from exc
    return engine


def _options(url: sa.engine.URL) -> dict[str, Any]:
    """create_engine's options: a folder made for a SQLite file; for PostgreSQL, pooled
    connections checked before use (a restarted server leaves them dead) and a connect timeout."""
    if url.get_backend_name() == "sqlite":
        if url.database not in (None, "", ":memory:"):
            try:
                Path(url.database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnreachable(url) from exc
        return {}
    timeout = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT}
    return {"pool_pre_ping": True, "connect_args": timeout}
