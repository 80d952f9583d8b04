"""Workspace: the first page. Create, open, import and manage prospection plans."""

import streamlit as st

from ui.compliance import erasure, opposition
from ui.shell import shell
from ui.workspace import panels

with shell("workspace") as page:
    st.title(page.t("workspace.title"), anchor=False)
    st.caption(page.t("workspace.intro"))

    panels.current_plan(page)

    list_col, new_col = st.columns([3, 2], gap="large")
    with list_col:
        panels.plan_list(page)
    with new_col:
        new_tab, import_tab = st.tabs([page.t("workspace.new_plan"), page.t("workspace.import")])
        with new_tab:
            panels.new_plan(page)
        with import_tab:
            panels.import_plan(page)

    st.subheader(page.t("opposition.title"), anchor=False)
    opposition.opposition_panel(page)

    st.subheader(page.t("erasure.title"), anchor=False)
    erasure.erasure_panel(page)
