"""Compliance step: what the plan lacks, the rules on each channel and week, the rules table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from planner import storage
from planner.compliance.notice import DataSource, notice_text
from planner.compliance.plan_check import (
    AppliedRule,
    applied_rules,
    call_hours_gaps,
    plan_gaps,
    rules_as_of,
)
from planner.compliance.rules import Rule
from planner.core.i18n import fmt_date, fmt_number, plural, t
from planner.plan.model import Plan
from planner.scripts.compliance import plan_script_findings
from ui.compliance.findings import show_gap
from ui.fields import date_format
from ui.shell import PageContext, plain


def gaps(page: PageContext, plan: Plan) -> None:
    """Offers banned for consumers, consent bases missing or to prove, and the scripts that miss
    a mandatory mention."""
    found = plan_gaps(plan)
    for gap in found:
        show_gap(page, gap)
    missing = 0
    for script in plan.scripts:
        warnings = [f for f in plan_script_findings(plan, script) if f.severity == "warning"]
        missing += len(warnings)
        if warnings:
            refs = ", ".join(sorted({f.ref for f in warnings}))
            st.warning(
                plain(
                    plural(
                        page.lang,
                        "compliancepage.script",
                        len(warnings),
                        script=script.name,
                        refs=refs,
                    )
                ),
                icon=":material/record_voice_over:",
            )
    hours = call_hours_gaps(plan)
    if hours:
        worst = max(hours, key=lambda g: g.needed - g.lawful)
        st.warning(
            plain(
                page.t(
                    "compliancepage.call_hours",
                    weeks=plural(page.lang, "compliancepage.weeks_count", len(hours)),
                    week=worst.week,
                    date=fmt_date(worst.week_start, page.lang),
                    needed=fmt_number(worst.needed, page.lang, 1),
                    lawful=fmt_number(worst.lawful, page.lang, 1),
                )
            ),
            icon=":material/phone_disabled:",
        )
    if not found and not missing and not hours:
        st.caption(page.t("compliancepage.no_gap"))


def channel_rules(page: PageContext, plan: Plan) -> None:
    """Each channel's rules over the plan, dated when a change of law cuts the plan."""
    applied = applied_rules(plan)
    if not applied:
        st.caption(page.t("compliancepage.no_rule"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                page.t("compliancepage.channel"): [a.channel.name for a in applied],
                page.t("compliancepage.ref"): [a.rule.ref for a in applied],
                page.t("compliancepage.what"): [t(page.lang, a.rule.message_key) for a in applied],
                page.t("compliancepage.when"): [_when(page, plan, a) for a in applied],
                page.t("compliancepage.source"): [_source(page, a.rule) for a in applied],
            }
        ),
        hide_index=True,
        key="compliance_channels",
    )


def rules_table(page: PageContext, plan: Plan) -> None:
    """The rules in force on a chosen day for the plan's market, with their dates and sources."""
    day = st.date_input(
        page.t("compliancepage.as_of"),
        dt.date.today(),
        key="compliance_as_of",
        format=date_format(page.lang),
    )
    if not isinstance(day, dt.date):
        return
    rules = rules_as_of(day, plan.meta.market)
    st.caption(page.t("compliancepage.as_of_caption", date=fmt_date(day, page.lang)))
    st.dataframe(
        pd.DataFrame(
            {
                page.t("compliancepage.ref"): [r.ref for r in rules],
                page.t("compliancepage.channels"): [
                    ", ".join(page.t(f"channel_kind.{c.value}") for c in sorted(r.channels))
                    for r in rules
                ],
                page.t("compliancepage.what"): [t(page.lang, r.message_key) for r in rules],
                page.t("compliancepage.from"): [
                    fmt_date(r.effective_from, page.lang) if r.effective_from else "—"
                    for r in rules
                ],
                page.t("compliancepage.until"): [
                    fmt_date(r.effective_to, page.lang) if r.effective_to else "—" for r in rules
                ],
                page.t("compliancepage.source"): [_source(page, r) for r in rules],
            }
        ),
        hide_index=True,
        key="compliance_rules",
    )


def _when(page: PageContext, plan: Plan, applied: AppliedRule) -> str:
    if applied.whole_plan(plan):
        return page.t("compliancepage.whole_plan")
    return page.t(
        "compliancepage.weeks",
        first=applied.first_week,
        last=applied.last_week,
        start=fmt_date(applied.first_day, page.lang),
        end=fmt_date(applied.last_day, page.lang),
    )


def _source(page: PageContext, item: Rule) -> str:
    if item.verified:
        return item.source
    return f"{item.source}, {page.t('compliance.unverified')}"


def notice(page: PageContext, plan: Plan) -> None:
    """A draft information notice for prospects from a chosen source, ready to copy."""
    st.caption(page.t("noticepage.intro"))
    source = st.selectbox(
        page.t("noticepage.source"),
        list(DataSource),
        format_func=lambda s: page.t(f"noticepage.sources.{DataSource(s).value}"),
        index=list(DataSource).index(_latest_source(page)),
        key="notice_source",
    )
    chosen = DataSource(source) if source is not None else DataSource.PUBLIC_WEB
    st.code(notice_text(plan, chosen, page.lang), language=None, wrap_lines=True)


def _latest_source(page: PageContext) -> DataSource:
    """The source said with the plan's latest import, else LinkedIn and the public web."""
    if page.stored is not None:
        for batch in storage.list_batches(page.engine, page.stored.id):
            if batch.data_source in {s.value for s in DataSource}:
                return DataSource(batch.data_source)
    return DataSource.PUBLIC_WEB
