"""Scripts: per-channel scripts with checks, objections, discovery, variants, cards and exports."""

import streamlit as st

from ui import (
    call_slots,
    plan_findings,
    scripts,
    scripts_card,
    scripts_checks,
    scripts_library,
    scripts_variants,
)
from ui.shell import require_plan, shell

with shell("scripts") as page:
    plan = require_plan(page)

    st.title(page.t("scriptpage.title"), anchor=False)
    st.caption(page.t("scriptpage.intro"))

    if not plan.channels:
        st.info(page.t("scriptpage.no_channel"), icon=":material/alt_route:")
        st.page_link(
            "pages/3_channels.py",
            label=page.t("shell.step.channels"),
            icon=":material/alt_route:",
            query_params={"lang": page.lang, "plan": page.stored.id if page.stored else ""},
        )
        st.stop()

    script = scripts.chooser(page, plan)
    if script is None:
        st.stop()

    tabs = st.tabs([page.t(f"scriptpage.tab.{name}") for name in scripts_card.TABS])
    with tabs[0]:
        edit_col, check_col = st.columns([3, 2], gap="large")
        with edit_col:
            scripts.editor(page, plan, script)
            scripts.arguments(page, plan, script)
            scripts.objections(page, plan, script)
            scripts.delete_button(page, plan, script)
        with check_col:
            st.subheader(page.t("scriptpage.preview.title"), anchor=False)
            scripts_checks.preview(page, plan, script)
            st.subheader(page.t("scriptpage.preview.compliance_title"), anchor=False)
            plan_findings.script_steps(page, plan, script)
            scripts_checks.compliance(page, plan, script)
            call_slots.call_slot_checker(page, plan, script)
            st.subheader(page.t("scriptpage.preview.length_title"), anchor=False)
            scripts_checks.lengths(page, plan, script)
            st.subheader(page.t("scriptpage.preview.soncas_title"), anchor=False)
            scripts_checks.soncas(page, script)

    with tabs[1]:
        st.subheader(page.t("scriptpage.library.title"), anchor=False)
        st.caption(page.t("scriptpage.library.intro"))
        scripts_library.objection_library(page, plan)

    with tabs[2]:
        st.subheader(page.t("scriptpage.discovery.title"), anchor=False)
        st.caption(page.t("scriptpage.discovery.intro"))
        scripts_library.discovery(page, plan)
        st.subheader(page.t("scriptpage.discovery.sample_title"), anchor=False)
        st.caption(page.t("scriptpage.discovery.sample_intro"))
        scripts_library.sample_prospect(page, plan)

    with tabs[3]:
        st.subheader(page.t("scriptpage.variants.title"), anchor=False)
        st.caption(page.t("scriptpage.variants.intro"))
        scripts_variants.variants(page, plan, script)
        st.subheader(page.t("scriptpage.variants.cadence_title"), anchor=False)
        st.caption(page.t("scriptpage.variants.cadence_intro"))
        scripts_variants.cadence_variants(page, plan, script)

    with tabs[4]:
        st.subheader(page.t("scriptpage.card.title"), anchor=False)
        st.caption(page.t("scriptpage.card.intro"))
        scripts_card.card_form(page, plan, script)
        st.subheader(page.t("scriptpage.card.list_title"), anchor=False)
        scripts_card.card_list(page, plan)

    with tabs[5]:
        st.subheader(page.t("scriptpage.export.title"), anchor=False)
        st.caption(page.t("scriptpage.export.intro"))
        scripts_card.call_sheet_downloads(page, plan, script)
        st.subheader(page.t("scriptpage.export.email_title"), anchor=False)
        scripts_card.email_copy(page, plan, script)
