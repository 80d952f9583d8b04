"""Workshop: join a room with its code, or open one from a plan and follow it on the board."""

import streamlit as st

from ui import workshop
from ui.shell import shell

with shell("room") as page:
    st.title(page.t("workshop.title"), anchor=False)
    st.caption(page.t("workshop.intro"))
    join_tab, facilitate_tab = st.tabs(
        [page.t("workshop.join_tab"), page.t("workshop.facilitate_tab")]
    )
    with join_tab:
        workshop.join_panel(page)
    with facilitate_tab:
        workshop.facilitate_panel(page)
