"""Bring a workspace database to the schema this code knows (Alembic), safely from many processes.

`upgrade` runs at every `connect`: a database at the newest revision costs one read; otherwise
the upgrade runs under a lock (PostgreSQL: an advisory lock of the transaction; SQLite: BEGIN
IMMEDIATE), so that several processes starting at once on an empty database migrate it once.
Every step runs in that one transaction: a step that fails, or a process killed midway, leaves
the database at its old schema (DDL is transactional on both), and the next start migrates it.
A database made before migrations existed (tables from create_all, no alembic_version) gets the
tables it lacks, its old actual_events moved into chunks, and is stamped at the first revision.
A database at a revision this code does not know (made by a newer release) is refused with
SchemaTooNew, and nothing is written.

To change the schema: edit schema.py, then `python -m planner.storage.migrate revision "what
changed"` writes a new migration into migrations/versions/ (review it); tests/test_migrations.py
fails while schema.py and the migrations disagree.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from planner.core.i18n import t
from planner.storage.events import migrate_legacy_events
from planner.storage.schema import metadata, plans

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"  # the schema of the releases before migrations
# The tables those releases made (revision 0001): later tables come with their own migrations.
BASELINE_TABLES = (
    "plans",
    "plan_revisions",
    "prospect_cards",
    "import_batches",
    "event_chunks",
    "weekly_actuals",
)
_LOCK_KEY = 7_130_001  # pg_advisory_xact_lock key of the planner's schema upgrades


class SchemaTooNew(RuntimeError):
    """The database was upgraded by a newer release of the planner; nothing was written."""

    def __init__(self, found: tuple[str, ...], known: str) -> None:
        super().__init__(f"database schema {', '.join(found)} is newer than this code ({known})")
        self.found, self.known = found, known

    def message(self, lang: str) -> str:
        """What the user reads, in their language."""
        return t(lang, "postgres.schema_too_new", found=", ".join(self.found), known=self.known)


def _config(connection: sa.Connection | None = None, migrations: Path = MIGRATIONS) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.attributes["connection"] = connection
    return config


def head(migrations: Path = MIGRATIONS) -> str:
    """The newest revision this code knows (in `migrations`, by default the package's own)."""
    found = ScriptDirectory.from_config(_config(migrations=migrations)).get_current_head()
    assert found is not None  # noqa: S101 - the versions folder ships with the package
    return found


def current_revisions(connection: sa.Connection) -> tuple[str, ...]:
    """The revisions the database is stamped at (none before migrations existed)."""
    return tuple(MigrationContext.configure(connection).get_current_heads())


def upgrade(engine: Engine, migrations: Path = MIGRATIONS) -> None:
    """Migrate the database to `head()` in one transaction, under a lock; SchemaTooNew if newer."""
    newest = head(migrations)
    with engine.connect() as conn:
        if current_revisions(conn) == (newest,):
            return
    with engine.connect() as conn, conn.begin():
        _lock(conn)
        found = current_revisions(conn)
        if found == (newest,):
            return  # another process migrated it while this one waited
        script = ScriptDirectory.from_config(_config(migrations=migrations))
        known = {rev.revision for rev in script.walk_revisions()}
        unknown = tuple(rev for rev in found if rev not in known)
        if unknown:
            raise SchemaTooNew(unknown, newest)
        config = _config(conn, migrations)
        if not found and sa.inspect(conn).has_table(plans.name):
            # Made before migrations: create_all as those releases did at each start, then stamp.
            # Only the tables it lacks (a release older still): they get today's shape, so a
            # later migration that changes a baseline table checks before it alters.
            inspector = sa.inspect(conn)
            missing = [metadata.tables[n] for n in BASELINE_TABLES if not inspector.has_table(n)]
            metadata.create_all(conn, tables=missing)
            migrate_legacy_events(conn)
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")


def _lock(conn: sa.Connection) -> None:
    """Hold the schema lock until the transaction ends."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOCK_KEY)))
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # waits for other writers (busy_timeout)


def new_revision(message: str) -> None:
    """Write a migration for what schema.py has and the migrations do not (autogenerate)."""
    with tempfile.TemporaryDirectory() as folder:
        engine = sa.create_engine(f"sqlite:///{folder}/schema.db")
        upgrade(engine)
        with engine.connect() as conn:
            command.revision(_config(conn), message=message, autogenerate=True)
            conn.commit()
        engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "revision":
        sys.exit('usage: python -m planner.storage.migrate revision "what changed"')
    new_revision(sys.argv[2])
