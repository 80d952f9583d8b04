"""Alembic migrations of the workspace database: env.py, script.py.mako and versions/.

Run by planner.storage.migrate (at each connect, and to write a new revision); never imported
for its names.
"""

__all__: list[str] = []
