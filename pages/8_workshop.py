"""Workshop: join a room with its code, or open one from a plan and follow it on the board."""

import streamlit as st

from ui.shell import shell
from ui.workshop import rooms

with shell("room") as page:
    st.title(page.t("workshop.title"), anchor=False)
    st.caption(page.t("workshop.intro"))
    join_tab, facilitate_tab = st.tabs(
        [page.t("workshop.join_tab"), page.t("workshop.facilitate_tab")]
    )
    with join_tab:
        rooms.join_panel(page)
    with facilitate_tab:
        rooms.facilitate_panel(page)
