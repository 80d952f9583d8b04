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


# Sign-in settings as a team server's .streamlit/secrets.toml writes them (the provider is never
# reached: AppTest plays the signed-in person through AppTest.user).
SIGN_IN = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-of-some-length",
    "client_id": "planner",
    "client_secret": "secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def open_session(
    page: str = "app.py", *, user: dict[str, Any] | None = None, **query: str
) -> AppTest:
    """A new browser tab on `page` with these query parameters, after its first run.

    The app is entered through app.py, as the server does, so that page links resolve. With
    `user`, sign-in is configured and the tab is that person's ({"is_logged_in": False}: a
    visitor who has not signed in yet).
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if user is not None:
        at.secrets["auth"] = SIGN_IN
        at.user = user
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "app.py":
        at.switch_page(page)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
    return at


def signed_in(email: str, page: str = "app.py", name: str = "", **query: str) -> AppTest:
    """A new tab of a team server, signed in as `email`."""
    user = {"is_logged_in": True, "email": email, "name": name or email.split("@")[0].title()}
    return open_session(page, user=user, **query)


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
