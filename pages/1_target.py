"""Target: whom to prospect — market, ideal-customer segments and the BANT qualification rule."""

import streamlit as st

from ui.methods import method_panel
from ui.plan import target
from ui.shell import require_plan, shell

with shell("target") as page:
    plan = require_plan(page)

    st.title(page.t("target.title"), anchor=False)
    st.caption(page.t("target.intro"))

    target.market(page, plan)
    target.offer_category(page, plan)
    method_panel(page, "b2b_b2c")

    st.subheader(page.t("target.segments"), anchor=False)
    method_panel(page, "target_market")
    target.segments(page, plan)

    st.subheader(page.t("target.bant_title"), anchor=False)
    method_panel(page, "bant")
    target.bant_grid(page, plan)

    st.subheader(page.t("target.qualify_title"), anchor=False)
    st.caption(page.t("target.qualify_intro"))
    target.qualify_form(page, plan)
