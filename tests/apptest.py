"""Helpers to drive pages through Streamlit's AppTest like a user in a browser tab."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def open_session(page: str = "app.py", **query: str) -> AppTest:
    """A new browser tab on `page` with these query parameters, after its first run.

    The app is entered through app.py, as the server does, so that page links resolve.
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "app.py":
        at.switch_page(page)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
    return at


def new_session(lang: str = "fr") -> AppTest:
    """A first visit to the workspace in a given language."""
    return open_session(lang=lang)


def texts(elements: Iterable[Any]) -> list[str]:
    """The text values of a sequence of AppTest elements."""
    return [str(e.value) for e in elements]


def shown(element: Any) -> str:
    """The text a markdown element shows, without the escapes that keep user text inert."""
    return re.sub(r"\\(.)", r"\1", str(element.value))


def shown_cells(element: Any) -> pd.DataFrame:
    """What a styled table shows in its cells (the text the browser draws)."""
    data = element.proto.arrow_data.styler.display_values
    return pa.ipc.open_stream(data).read_pandas()
