"""Objectives: SMART objectives checked letter by letter, and the team's prospection capacity."""

import streamlit as st

from ui.methods import method_panel
from ui.plan import objectives
from ui.shell import require_plan, shell
from ui.simulation import runs

with shell("objectives") as page:
    plan = require_plan(page)

    st.title(page.t("objectives.title"), anchor=False)
    st.caption(page.t("objectives.intro"))

    method_panel(page, "smart")
    objectives.objectives(page, plan)

    st.subheader(page.t("objectives.smart_title"), anchor=False)
    if plan.objectives:
        objectives.smart_checks(page, plan, achievable=runs.achievable(plan))
    else:
        st.caption(page.t("objectives.none_yet"))

    st.subheader(page.t("team.title"), anchor=False)
    method_panel(page, "capacity")
    objectives.team(page, plan)
    objectives.capacity(page, plan)
    method_panel(page, "pareto")
