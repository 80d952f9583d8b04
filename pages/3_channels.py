"""Channels: the mix, each funnel with sourced rates, the expected funnel and the cadence."""

import streamlit as st

from ui.compliance import findings
from ui.methods import method_panel
from ui.plan import channels
from ui.shell import require_plan, shell

with shell("channels") as page:
    plan = require_plan(page)

    st.title(page.t("channels.title"), anchor=False)
    st.caption(page.t("channels.intro"))

    st.subheader(page.t("channels.mix_title"), anchor=False)
    method_panel(page, "channels")
    channels.channel_mix(page, plan)
    st.info(page.t("method.pareto.reminder"), icon=":material/filter_alt:")

    st.subheader(page.t("planfindings.channels_title"), anchor=False)
    findings.channel_findings(page, plan)
    findings.call_cap_notice(page, plan)

    st.subheader(page.t("channels.stages_title"), anchor=False)
    method_panel(page, "funnel")
    channels.stages(page, plan)

    st.subheader(page.t("channels.expected_title"), anchor=False)
    st.caption(page.t("channels.expected_intro"))
    channels.expected(page, plan)

    st.subheader(page.t("cadence.title"), anchor=False)
    method_panel(page, "cadence")
    channels.cadence(page, plan)

    st.subheader(page.t("planfindings.steps_title"), anchor=False)
    findings.steps(page, plan)
