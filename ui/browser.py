"""What the browser sent with this run, for widgets a new session has not drawn yet.

After a server restart or a disconnect longer than the session's lifetime, the browser keeps
showing the page and sends its widgets' values with the next rerun: a user's edit among them.
"""

from __future__ import annotations

import streamlit as st
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state import get_session_state

_SEEN = "_session_seen"
_FIRST = "_session_first_run"


def note_run() -> None:
    """Mark the start of a run (the shell calls it first), so the session's first run is known."""
    st.session_state[_FIRST] = _SEEN not in st.session_state
    st.session_state[_SEEN] = True


def first_run() -> bool:
    """True during the first run of a session: a new tab, a reload, or a reconnection."""
    return bool(st.session_state.get(_FIRST, True))


def sent_state(key: str) -> WidgetState | None:
    """The state the browser sent for the widget with this key, if any.

    Keyed widgets have element ids that end with their key (`$$ID-<hash>-<key>`).
    """
    for state in get_session_state().get_widget_states():
        if state.id.startswith("$$ID-") and state.id.split("-", 2)[-1] == key:
            return state
    return None


def holds_value(key: str) -> bool:
    """True when the browser sent a value for the widget with this key."""
    return sent_state(key) is not None


def lost_upload(key: str) -> bool:
    """True when the browser shows a chosen file that the server no longer has.

    Call it before drawing the uploader: once drawn, its state is the server's (no file).
    """
    state = sent_state(key)
    return state is not None and bool(state.file_uploader_state_value.uploaded_file_info)
