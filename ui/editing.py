"""Editing a plan on a page: validate, save as a new revision, or say what is wrong and where."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from planner.core.i18n import fmt_date, fmt_short, t
from planner.core.problems import InvalidInput
from planner.plan.editing import OutOfBounds, Row, out_of_bounds
from planner.plan.planfile import plan_from_data
from ui.browser import first_run, holds_value
from ui.editing_numbers import as_text, bad_cell_lines, read_back, written
from ui.shell import PageContext, plain, save, session_language

_PENDING_RESET = "_editors_to_reset"
_DISCARDED = "_typed_before_loading_the_latest"
_SHOWN = "_fields_as_last_drawn"
_NOTHING = object()


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


def seed(key: str, value: Any, owner: str, *, keep_typed: bool = True) -> None:
    """Give a widget the plan's value when it shows another revision or Streamlit dropped it.

    Streamlit forgets a widget's value once its page is left: on the way back the widget
    must be given the saved value again, or it shows its empty default (and saves it). When
    the revision changes under a widget the user has just typed in (a save of another field
    reran the page meanwhile), what they typed stays, unless `keep_typed` is False (what-if
    controls, which go back to the plan after each save) or the user asked for the latest
    version over it (`discard_unsaved`).
    """
    shown = st.session_state.get(f"{key}__owner")
    if shown == owner and key in st.session_state:
        given = st.session_state.pop(f"{key}__given", _NOTHING)
        if given is not _NOTHING and st.session_state[key] != given:
            # Typed while the value given last run was on its way: the browser shows that
            # value over what was typed, and would send it next. Give the typed one back.
            st.session_state[key] = st.session_state[key]
        return
    st.session_state[f"{key}__owner"] = owner
    if shown is None and first_run() and holds_value(key):
        st.session_state[f"{key}__seeded"] = value
        return  # a new session (server restart, long disconnect): the browser's value is the edit
    if keep_typed and shown is not None and key in st.session_state:
        typed = st.session_state[key]
        discarded = st.session_state.get(_DISCARDED, {}).pop(key, _NOTHING)
        if typed not in (st.session_state.get(f"{key}__seeded"), value, discarded):
            return  # typed since it was last given a value, not saved yet: never replaced
    st.session_state[key] = value
    st.session_state[f"{key}__seeded"] = value
    st.session_state[f"{key}__given"] = value  # for the next run (see above)


def discard_unsaved() -> None:
    """Forget what was typed and not saved, so every field and table shows the plan afresh
    (after "Load the latest version": the user asked to see the latest, not their edit).

    Only the values the fields held when the page was last drawn whole are replaced: a name
    typed as the click's run starts reaches the server with the click, Streamlit merging both
    into one run, and it is kept."""
    shown = st.session_state.get(_SHOWN)
    st.session_state[_DISCARDED] = shown if shown is not None else _field_values()
    pending = st.session_state.setdefault(_PENDING_RESET, set())
    pending.update(
        key
        for key, value in st.session_state.items()
        if isinstance(value, dict) and "edited_rows" in value
    )


def remember_shown() -> None:
    """Note what the plan's fields hold as a run ends (the shell calls it), for discard_unsaved."""
    st.session_state[_SHOWN] = _field_values()


def _field_values() -> dict[str, Any]:
    """The value of every field `seed` gives the plan's values to."""
    return {
        key: st.session_state[key]
        for key in (str(k).removesuffix("__owner") for k in st.session_state)
        if f"{key}__owner" in st.session_state and key in st.session_state
    }


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
    checks_bounds: bool = True,
) -> list[Row] | None:
    """An editable table; returns all its rows once the user has changed something.

    Number cells are text written in the page's language. Cells that are not numbers are
    listed and nothing is returned; so are cells outside their column's bounds or fractions in
    a whole-number column, unless the caller checks them itself (`checks_bounds=False`).
    """
    if key in st.session_state.get(_PENDING_RESET, set()):
        st.session_state[_PENDING_RESET].discard(key)
        st.session_state.pop(key, None)
    frame = pd.DataFrame(list(rows), columns=list(columns))
    # Nullable booleans, so a row added without a tick holds "missing" rather than failing.
    frame = frame.astype({c: "boolean" for c in frame.columns if frame[c].dtype == bool})
    unbounded, bounds = _unbounded(columns)
    shown, cells = as_text(unbounded)  # numbers written in the page's language
    if not checks_bounds:
        cells = {c: replace(cell, whole=False) for c, cell in cells.items()}
    edited = st.data_editor(
        written(frame, cells),
        key=key,
        column_config=shown,
        column_order=order or [c for c in columns if c != "id"],
        num_rows="dynamic" if dynamic else "fixed",
        hide_index=True,
        width="stretch",
    )
    if not has_edits(key):
        return None
    result, bad = read_back(edited, frame, st.session_state.get(key), cells)
    outside = out_of_bounds(result, bounds) if checks_bounds else []
    if bad or outside:
        labels = {c: str(shown[c].get("label") or c) for c in (*cells, *bounds)}
        _say_not_saved([*bad_cell_lines(bad, labels), *_out_of_bounds_lines(outside, labels)])
        return None
    return result


def _unbounded(columns: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, tuple[Any, Any]]]:
    """The columns without their minimum and maximum, and those bounds.

    The grid would otherwise clamp what is typed without a word (-5 becomes 5, 150 % becomes
    100 %, a date after the plan is dropped): the bounds are checked here and said instead.
    """
    shown: dict[str, Any] = {}
    bounds: dict[str, tuple[Any, Any]] = {}
    for name, config in columns.items():
        kind = config.get("type_config") if isinstance(config, Mapping) else None
        if kind and (kind.get("min_value") is not None or kind.get("max_value") is not None):
            low, high = kind.get("min_value"), kind.get("max_value")
            if kind.get("type") in ("date", "datetime"):  # the config holds them as ISO text
                low, high = (dt.date.fromisoformat(str(v)[:10]) if v else None for v in (low, high))
            bounds[name] = (low, high)
            config = {**config, "type_config": {**kind, "min_value": None, "max_value": None}}
        shown[name] = config
    return shown, bounds


def _say_not_saved(lines: Sequence[str]) -> None:
    listed = "\n".join(f"- {line}" for line in lines)
    lang = session_language()
    st.error(f"{t(lang, 'editing.not_saved')}\n\n{listed}", icon=":material/error:")


def _out_of_bounds_lines(outside: Sequence[OutOfBounds], labels: Mapping[str, str]) -> list[str]:
    lang = session_language()
    lines = []
    for cell in outside:
        label = labels.get(cell.column) or cell.column
        key = "above_maximum" if cell.above else "below_minimum"
        if isinstance(cell.limit, dt.date):
            key = "after_latest" if cell.above else "before_earliest"
        lines.append(
            t(
                lang,
                f"editing.{key}",
                row=cell.row,
                column=plain(str(label)),
                value=_cell_text(cell.value, lang),
                limit=_cell_text(cell.limit, lang),
            )
        )
    return lines


def _cell_text(value: Any, lang: str) -> str:
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    if isinstance(value, int | float):
        return fmt_short(value, lang)
    return plain(str(value))


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
