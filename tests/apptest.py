"""Helpers to drive pages through Streamlit's AppTest like a user in a browser tab."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def open_session(page: str = "app.py", **query: str) -> AppTest:
    """A new browser tab on `page` with these query parameters, after its first run."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=30)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def new_session(lang: str = "fr") -> AppTest:
    """A first visit to the workspace in a given language."""
    return open_session(lang=lang)


def texts(elements: Iterable[Any]) -> list[str]:
    """The text values of a sequence of AppTest elements."""
    return [str(e.value) for e in elements]
