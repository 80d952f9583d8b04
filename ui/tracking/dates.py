"""Tracking step, importing: the order of day and month in the file's dates, said and chosen."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from planner.tracking.importing import ImportResult
from ui.shell import PageContext, plain

AUTO = "auto"


def date_order_key(sha256: str) -> str:
    """The key of the day/month order choice of one file (a new file starts from its dates)."""
    return f"trk_date_order_{sha256[:8]}"


def with_date_order(
    page: PageContext, result: ImportResult, remap: Callable[[str], ImportResult]
) -> ImportResult:
    """Say in what order the file's d/m/y dates were read, naming the rows that decided it, and
    let the user read them day first or month first (`remap` maps the file in that order)."""
    key = date_order_key(result.sha256)
    if result.date_order.reason == "none" and st.session_state.get(key, AUTO) == AUTO:
        return result
    told = result.date_order
    choice = st.radio(
        page.t("dates.order.choose"),
        [AUTO, "dmy", "mdy"],
        key=key,
        format_func=lambda o: (
            page.t("dates.order.auto", order=page.t(f"dates.order.{told.order}"))
            if o == AUTO
            else page.t(f"dates.order.{o}").capitalize()
        ),
        horizontal=True,
        help=page.t("dates.order.choose_help"),
    )
    if choice != AUTO:
        result = remap(choice)
    note = result.date_order.note(page.lang)
    if note and result.date_order.refused:  # an ambiguous order is said, not warned about
        st.warning(plain(note), icon=":material/event:")
    elif note:
        st.info(plain(note), icon=":material/event:")
    return result
