"""Alembic migrations of the workspace database (env.py, versions/): see planner.storage.migrate."""
