"""The 'why and how' panels that explain a method where it is used, for a trainer to show."""

from __future__ import annotations

import streamlit as st

from ui.shell import PageContext


def method_panel(page: PageContext, method: str) -> None:
    """A folded panel with a method's purpose and how to apply it."""
    with st.expander(page.t(f"method.{method}.title"), icon=":material/school:"):
        st.markdown(page.t(f"method.{method}.body"))
