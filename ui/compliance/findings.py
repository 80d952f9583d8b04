"""The plan's compliance where it is edited: errors and warnings on the channels, each cadence
step's rules and gaps, a script's steps, and the calls capped by the lawful hours."""

from __future__ import annotations

import streamlit as st

from planner.compliance.call_capacity import call_cap_note
from planner.compliance.plan_check import AppliedRule, Gap, plan_gaps
from planner.compliance.step_check import StepCheck, step_checks
from planner.core.i18n import fmt_date
from planner.plan.model import CadenceStep, Plan, Script
from planner.scripts.compliance import step_script_findings
from planner.simulation.what_if import WhatIf, what_if_plan
from ui.shell import PageContext, plain

_ICON = {"error": ":material/block:", "warning": ":material/gavel:"}


def channel_findings(page: PageContext, plan: Plan, channel_id: str | None = None) -> None:
    """Errors and warnings on the plan's channels (or one), with their sources; a reminder when
    the offer's category is not said."""
    gaps = [
        g
        for g in plan_gaps(plan)
        if (channel_id is None or g.channel.id == channel_id)
        and (g.severity != "reminder" or g.code == "no_offer_category")
    ]
    for gap in sorted(gaps, key=lambda g: ("error", "warning", "reminder").index(g.severity)):
        show_gap(page, gap)
    if channel_id is None and not gaps:
        st.caption(page.t("planfindings.none"))


def steps(page: PageContext, plan: Plan) -> None:
    """Each cadence step: the rules on its days, then its errors and warnings with sources."""
    checks = step_checks(plan)
    if not checks:
        st.caption(page.t("planfindings.steps_none"))
        return
    st.caption(page.t("planfindings.steps_intro"))
    for check in checks:
        with st.container(border=True):
            _step(page, plan, check)


def script_steps(page: PageContext, plan: Plan, script: Script) -> None:
    """The errors and warnings of the script's channel, and of each cadence step sending it."""
    channel_findings(page, plan, script.channel_id)
    for check in step_checks(plan):
        if check.step.script_id == script.id:
            for finding in step_script_findings(plan, check.step):
                line = page.t(
                    "planfindings.step_script",
                    step=_step_label(page, check),
                    message=finding.message(page.lang, check.first_day, check.last_day),
                )
                st.warning(plain(line), icon=":material/record_voice_over:")


def call_cap_notice(page: PageContext, plan: Plan, what_if: WhatIf | None = None) -> None:
    """Says where the simulation caps consumer calls at the lawful hours: the worst week."""
    note = call_cap_note(plan if what_if is None else what_if_plan(plan, what_if), page.lang)
    if note:
        st.warning(plain(note), icon=":material/phone_disabled:")


def _step(page: PageContext, plan: Plan, check: StepCheck) -> None:
    st.markdown(f"**{plain(_step_label(page, check))}**")
    refs = ", ".join(dict.fromkeys(_rule_on(page, check, a) for a in check.applied))
    if refs:
        st.caption(
            page.t(
                "planfindings.rules",
                start=fmt_date(check.first_day, page.lang),
                end=fmt_date(check.last_day, page.lang),
                rules=refs,
            )
        )
    for gap in check.gaps:
        if gap.severity != "reminder":
            show_gap(page, gap)
    for finding in step_script_findings(plan, check.step):
        st.warning(
            plain(
                page.t(
                    "planfindings.script",
                    script=_script_name(plan, check.step),
                    message=finding.message(page.lang, check.first_day, check.last_day),
                )
            ),
            icon=":material/record_voice_over:",
        )


def _step_label(page: PageContext, check: StepCheck) -> str:
    return page.t(
        "planfindings.step",
        action=check.step.action.strip() or page.t("planfindings.no_action"),
        day=check.step.day_offset,
        channel=check.channel.name,
    )


def _script_name(plan: Plan, step: CadenceStep) -> str:
    return next((s.name for s in plan.scripts if s.id == step.script_id), "")


def _rule_on(page: PageContext, check: StepCheck, applied: AppliedRule) -> str:
    """ "PH-01 until 10 Aug 2026" when the rule stops or starts inside the step's days."""
    ref = applied.rule.ref
    starts = applied.first_day > check.first_day
    ends = applied.last_day < check.last_day
    first, last = fmt_date(applied.first_day, page.lang), fmt_date(applied.last_day, page.lang)
    if starts and ends:
        return page.t("planfindings.rule_between", ref=ref, start=first, end=last)
    if starts:
        return page.t("planfindings.rule_from", ref=ref, date=first)
    if ends:
        return page.t("planfindings.rule_until", ref=ref, date=last)
    return ref


def show_gap(page: PageContext, gap: Gap) -> None:
    """A gap in its colour: an error, a warning or a reminder, with its rule and source."""
    line = plain(gap.text(page.lang))
    if gap.severity == "error":
        st.error(line, icon=_ICON["error"])
    elif gap.severity == "warning":
        st.warning(line, icon=_ICON["warning"])
    else:
        st.info(line, icon=":material/fact_check:")
