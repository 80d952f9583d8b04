"""Compliance: the French prospection rules on this plan, channel by channel and week by week."""

import streamlit as st

from ui.compliance import findings, overview
from ui.shell import require_plan, shell

with shell("compliance") as page:
    plan = require_plan(page)

    st.title(page.t("compliancepage.title"), anchor=False)
    st.caption(page.t("compliancepage.intro"))

    st.subheader(page.t("compliancepage.gaps_title"), anchor=False)
    overview.gaps(page, plan)

    st.subheader(page.t("compliancepage.channels_title"), anchor=False)
    st.caption(page.t("compliancepage.channels_intro"))
    overview.channel_rules(page, plan)

    st.subheader(page.t("planfindings.steps_title"), anchor=False)
    findings.steps(page, plan)

    st.subheader(page.t("compliancepage.rules_title"), anchor=False)
    overview.rules_table(page, plan)

    st.subheader(page.t("noticepage.title"), anchor=False)
    overview.notice(page, plan)
