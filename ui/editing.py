"""Editing a plan on a page: validate, save as a new revision, or say what is wrong and where."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from planner.core.problems import InvalidInput
from planner.plan.editing import Row
from planner.plan.planfile import plan_from_data
from ui.shell import PageContext, plain, save

_PENDING_RESET = "_editors_to_reset"


def commit(page: PageContext, document: Mapping[str, Any], summary: str = "edited") -> bool:
    """Validate an edited plan document and save it; list every problem when it is refused."""
    try:
        plan = plan_from_data(document)
    except InvalidInput as exc:
        show_problems(page, exc)
        return False
    if page.plan is not None and plan == page.plan:
        return True
    return save(page, plan, summary)


def show_problems(page: PageContext, exc: InvalidInput) -> None:
    """Say that nothing was saved and list each problem with the field it concerns."""
    lines = "\n".join(f"- {plain(line)}" for line in exc.messages(page.lang))
    st.error(f"{page.t('editing.not_saved')}\n\n{lines}", icon=":material/error:")


def seed(key: str, value: Any, owner: str) -> None:
    """Give a widget the plan's value whenever the plan revision it shows changes."""
    if st.session_state.get(f"{key}__owner") != owner:
        st.session_state[key] = value
        st.session_state[f"{key}__owner"] = owner


def owner(page: PageContext) -> str:
    """The plan and revision a page's widgets currently show."""
    return f"{page.stored.id}:{page.stored.revision}" if page.stored else ""


def table(
    key: str,
    rows: Sequence[Row],
    columns: Mapping[str, Any],
    *,
    dynamic: bool = True,
    order: Sequence[str] | None = None,
) -> list[Row] | None:
    """An editable table; returns all its rows once the user has changed something."""
    if key in st.session_state.get(_PENDING_RESET, set()):
        st.session_state[_PENDING_RESET].discard(key)
        st.session_state.pop(key, None)
    frame = pd.DataFrame(list(rows), columns=list(columns))
    # Nullable booleans, so a row added without a tick holds "missing" rather than failing.
    frame = frame.astype({c: "boolean" for c in frame.columns if frame[c].dtype == bool})
    edited = st.data_editor(
        frame,
        key=key,
        column_config=dict(columns),
        column_order=order or [c for c in columns if c != "id"],
        num_rows="dynamic" if dynamic else "fixed",
        hide_index=True,
        width="stretch",
    )
    if not has_edits(key):
        return None
    return [{str(k): v for k, v in r.items()} for r in edited.to_dict("records")]


def has_edits(key: str) -> bool:
    """True when the user changed a table since it was last saved (not once it is saved)."""
    if key in st.session_state.get(_PENDING_RESET, set()):
        return False
    changes = st.session_state.get(key)
    return isinstance(changes, dict) and any(
        changes.get(k) for k in ("edited_rows", "added_rows", "deleted_rows")
    )


def saved_table(key: str) -> None:
    """Forget a table's edits once they are saved, so it shows the saved rows afresh."""
    st.session_state.setdefault(_PENDING_RESET, set()).add(key)


def commit_table(page: PageContext, key: str, document: Mapping[str, Any], summary: str) -> None:
    """Save the document a table produced, then redraw the page from the saved plan."""
    if commit(page, document, summary):
        saved_table(key)
        st.rerun()
