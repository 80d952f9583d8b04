"""Folded panels whose content is computed only while the user keeps them open."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.shell import PageContext


def panel(page: PageContext, key: str, texts: str, icon: str, draw: Callable[[], None]) -> bool:
    """A folded panel titled `{texts}_title`; opening it reruns the page and calls `draw`.

    While it is closed nothing of it is computed. Inside, `{texts}_intro` says what it shows
    and a spinner (`{texts}_running`, with the time spent) shows while `draw` works.
    Whether it was drawn is returned.
    """
    box = st.expander(page.t(f"{texts}_title"), icon=icon, key=key, on_change="rerun")
    if not box.open:
        return False
    with box:
        st.caption(page.t(f"{texts}_intro"))
        with st.spinner(page.t(f"{texts}_running"), show_time=True):
            draw()
    return True
