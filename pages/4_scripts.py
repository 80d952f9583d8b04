"""Scripts: per-channel scripts with checks, objections, discovery, variants, cards and exports."""

import streamlit as st

from ui.compliance import call_slots, findings
from ui.scripts import card, checks, editor, library, variants
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

    script = editor.chooser(page, plan)
    if script is None:
        st.stop()

    tabs = st.tabs([page.t(f"scriptpage.tab.{name}") for name in card.TABS])
    with tabs[0]:
        edit_col, check_col = st.columns([3, 2], gap="large")
        with edit_col:
            editor.editor(page, plan, script)
            editor.arguments(page, plan, script)
            editor.objections(page, plan, script)
            editor.delete_button(page, plan, script)
        with check_col:
            st.subheader(page.t("scriptpage.preview.title"), anchor=False)
            checks.preview(page, plan, script)
            st.subheader(page.t("scriptpage.preview.compliance_title"), anchor=False)
            findings.script_steps(page, plan, script)
            checks.compliance(page, plan, script)
            call_slots.call_slot_checker(page, plan, script)
            st.subheader(page.t("scriptpage.preview.length_title"), anchor=False)
            checks.lengths(page, plan, script)
            st.subheader(page.t("scriptpage.preview.soncas_title"), anchor=False)
            checks.soncas(page, script)

    with tabs[1]:
        st.subheader(page.t("scriptpage.library.title"), anchor=False)
        st.caption(page.t("scriptpage.library.intro"))
        library.objection_library(page, plan)

    with tabs[2]:
        st.subheader(page.t("scriptpage.discovery.title"), anchor=False)
        st.caption(page.t("scriptpage.discovery.intro"))
        library.discovery(page, plan)
        st.subheader(page.t("scriptpage.discovery.sample_title"), anchor=False)
        st.caption(page.t("scriptpage.discovery.sample_intro"))
        library.sample_prospect(page, plan)

    with tabs[3]:
        st.subheader(page.t("scriptpage.variants.title"), anchor=False)
        st.caption(page.t("scriptpage.variants.intro"))
        variants.variants(page, plan, script)
        st.subheader(page.t("scriptpage.variants.cadence_title"), anchor=False)
        st.caption(page.t("scriptpage.variants.cadence_intro"))
        variants.cadence_variants(page, plan, script)

    with tabs[4]:
        st.subheader(page.t("scriptpage.card.title"), anchor=False)
        st.caption(page.t("scriptpage.card.intro"))
        card.card_form(page, plan, script)
        st.subheader(page.t("scriptpage.card.list_title"), anchor=False)
        card.card_list(page, plan)

    with tabs[5]:
        st.subheader(page.t("scriptpage.export.title"), anchor=False)
        st.caption(page.t("scriptpage.export.intro"))
        card.call_sheet_downloads(page, plan, script)
        st.subheader(page.t("scriptpage.export.email_title"), anchor=False)
        card.email_copy(page, plan, script)
