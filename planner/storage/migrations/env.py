"""Alembic's entry point: runs the migrations on the connection planner.storage.migrate hands it.

Run from the command line (`python -m planner.storage.migrate revision "…"`), it works on the
database of config option sqlalchemy.url instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from planner.storage.schema import metadata


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # ALTER TABLE by copy on SQLite
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


_given = context.config.attributes.get("connection")
if _given is not None:
    _run(_given)
else:
    _engine = sa.create_engine(context.config.get_main_option("sqlalchemy.url") or "")
    with _engine.connect() as _connection:
        _run(_connection)
    _engine.dispose()
