"""Simulation: what the plan is likely to bring, the chance of each objective, and what-ifs."""

import streamlit as st

from ui import on_demand
from ui.compliance.findings import call_cap_notice
from ui.shell import require_plan, shell
from ui.simulation import activity, compare, results, runs
from ui.workspace import share

with shell("simulation") as page:
    plan = require_plan(page)

    st.title(page.t("simpage.title"), anchor=False)
    st.caption(page.t("simpage.intro"))
    results.how_it_works(page)

    if not plan.channels:
        st.info(page.t("simpage.no_channels"), icon=":material/alt_route:")
        st.page_link(
            "pages/3_channels.py",
            label=page.t("shell.step.channels"),
            icon=":material/alt_route:",
            query_params={"lang": page.lang, "plan": page.stored.id if page.stored else ""},
        )
        st.stop()

    with st.expander(page.t("simpage.settings"), icon=":material/tune:"):
        settings, precise_clicked = runs.run_settings(page, plan)

    st.subheader(page.t("simpage.what_if_title"), anchor=False)
    st.caption(page.t("simpage.what_if_intro"))
    what_if = runs.what_if_controls(page, plan)
    settings = runs.precise_settings(page, plan, settings, what_if, precise_clicked)
    result, baseline = runs.results(page, plan, settings, what_if)
    call_cap_notice(page, plan, what_if)  # consumer calls capped at the lawful call hours

    st.subheader(page.t("simpage.totals_title"), anchor=False)
    results.headline(page, result, baseline)

    st.subheader(page.t("simpage.fan_title"), anchor=False)
    st.caption(page.t("simpage.fan_intro"))
    results.fan(page, plan, result)

    share.workbook_button(page, plan, "sim_export_xlsx", result)
    share.report_buttons(page, plan, "sim_report", baseline or result)  # the plan as saved

    st.subheader(page.t("simpage.objectives_title"), anchor=False)
    st.caption(page.t("simpage.objectives_intro"))
    results.objective_chances(page, plan, result)

    st.subheader(page.t("simpage.funnel_title"), anchor=False)
    st.caption(page.t("simpage.funnel_intro"))
    results.funnel(page, result)

    st.subheader(page.t("simpage.more_title"), anchor=False)
    st.caption(page.t("simpage.more_intro"))
    on_demand.panel(
        page,
        "sim_open_required",
        "simpage.required",
        ":material/trending_up:",
        lambda: activity.required_panel(page, plan, settings),
    )
    on_demand.panel(
        page,
        "sim_open_tornado",
        "simpage.tornado",
        ":material/bar_chart:",
        lambda: compare.tornado_panel(page, plan, settings),
    )
    on_demand.panel(
        page,
        "sim_open_scenarios",
        "simpage.scenarios",
        ":material/compare:",
        lambda: compare.scenarios_panel(page, plan, settings, what_if),
    )
