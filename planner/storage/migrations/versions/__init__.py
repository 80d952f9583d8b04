"""One module per schema revision, oldest first (0001 = the schema before migrations existed).

Alembic loads them by file; add one with `python -m planner.storage.migrate revision "…"`.
"""

__all__: list[str] = []
