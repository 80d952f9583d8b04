"""Shared fixtures: a real SQLite workspace per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from planner import storage


@pytest.fixture
def workspace(tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """A fresh SQLite database file that the app under test uses too."""
    url = f"sqlite:///{tmp_path / 'workspace.db'}"
    monkeypatch.setenv(storage.DATABASE_URL_VARIABLE, url)
    engine = storage.connect(url)
    yield engine
    engine.dispose()
