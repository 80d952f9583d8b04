"""Scripts step, the checks beside the editor: preview, compliance, length guidance, SONCAS."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.plan.model import Plan, Script
from planner.scripts.compliance import plan_script_findings
from planner.scripts.text import (
    length_checks,
    motive_description,
    parts_for,
    render,
    soncas_coverage,
    unknown_placeholders,
)
from ui.shell import PageContext, plain

STATUS_ICON = {
    "over": ":orange[:material/warning:]",
    "within": ":green[:material/check_circle:]",
    "under": ":blue[:material/info:]",
}


def preview(page: PageContext, plan: Plan, script: Script) -> None:
    """The script as the sample prospect would read it, and the placeholders without a value."""
    st.caption(page.t("scriptpage.preview.intro"))
    kind = plan.channel(script.channel_id).kind
    with st.container(border=True):
        for part in parts_for(kind):
            text = render(script.part(part), plan.sample_prospect).text.strip()
            if text:
                st.markdown(f"**{page.t(f'scripts.part.{part.value}')}**  \n{plain(text)}")
    missing = unknown_placeholders(script, plan.sample_prospect)
    if not missing:
        st.caption(page.t("scriptpage.preview.all_known"))
    for item in missing:
        st.warning(plain(item.message(page.lang)), icon=":material/data_object:")


def lengths(page: PageContext, plan: Plan, script: Script) -> None:
    """Length guidance for the channel, each with the reason for its limit."""
    checks = length_checks(script, plan.channel(script.channel_id).kind, plan.sample_prospect)
    if not checks:
        st.caption(page.t("scriptpage.preview.no_length"))
    for check in checks:
        status = page.t(f"scriptpage.preview.status_{check.status}")
        st.markdown(
            f"{STATUS_ICON[check.status]} **{check.label(page.lang)}** ({status}) — "
            f"{check.message(page.lang)}"
        )
        st.caption(check.reason(page.lang))


def compliance(page: PageContext, plan: Plan, script: Script) -> None:
    """Mandatory mentions missing from the script and rules to keep in mind, with sources."""
    start, end = plan.meta.start_date, plan.meta.end_date
    findings = plan_script_findings(plan, script)
    for finding in findings:
        line = plain(
            f"{finding.severity_label(page.lang)} {finding.ref} — "
            f"{finding.message(page.lang, start, end)}"
        )
        if finding.severity == "warning":
            st.warning(line, icon=":material/gavel:")
        else:
            st.info(line, icon=":material/gavel:")
    st.caption(page.t("compliance.disclaimer" if findings else "compliance.none"))


def soncas(page: PageContext, script: Script) -> None:
    """Which SONCAS motives the script's arguments speak to, and which none does."""
    coverage = soncas_coverage(script)
    st.caption(
        page.t("scripts.soncas.summary", covered=sum(c.covered for c in coverage)),
    )
    st.dataframe(
        pd.DataFrame(
            {
                page.t("scriptpage.preview.soncas_motive"): [c.name(page.lang) for c in coverage],
                page.t("scriptpage.preview.soncas_covered"): [c.covered for c in coverage],
                page.t("scriptpage.preview.soncas_by"): [
                    ", ".join(s.label(page.lang) for s in c.sources) for c in coverage
                ],
                page.t("scriptpage.preview.soncas_meaning"): [
                    motive_description(c.motive, page.lang) for c in coverage
                ],
            }
        ),
        hide_index=True,
        width="stretch",
        key=f"soncas_{script.id}",
    )
