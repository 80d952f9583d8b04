"""Where the workspace database is and how to open it: `connect` brings its schema up to date.

PLANNER_DATABASE_URL names the database: `postgresql+psycopg://user:password@host/name` for a
team server, or any SQLite URL; otherwise a SQLite file in PLANNER_DATA_DIR (default ./data) is
used, with foreign keys, WAL and a busy timeout switched on. The schema is migrated by Alembic
(planner.storage.migrate) at each start.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from planner.storage.migrate import upgrade

DATABASE_URL_VARIABLE = "PLANNER_DATABASE_URL"
DATA_DIR_VARIABLE = "PLANNER_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"


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

    SchemaTooNew (nothing written) when a newer release of the planner already upgraded it.
    """
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
    try:
        upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine
