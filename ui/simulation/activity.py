"""Simulation step, the activity an objective needs at a confidence, and the team hours."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from planner.core.i18n import fmt_number, fmt_percent
from planner.plan.calendar import week_starts
from planner.plan.model import Metric, Plan
from planner.simulation import entry as sim
from planner.simulation.defaults import MAX_MULTIPLIER
from planner.simulation.required import unlawful_note
from ui import charts
from ui.shell import PageContext, plain
from ui.simulation import result_charts
from ui.simulation.runs import RunSettings, percent_format, required
from ui.tables import localized


def required_panel(page: PageContext, plan: Plan, settings: RunSettings) -> None:
    """The activity per week an objective needs at a confidence, and the gap to team hours."""
    if not plan.objectives:
        st.caption(page.t("simpage.objectives_none"))
        return
    names = {o.id: o.name for o in plan.objectives}
    revenue = [o.id for o in plan.objectives if o.metric == Metric.REVENUE and not o.channel_id]
    if st.session_state.get("sim_required_objective") not in names:
        st.session_state["sim_required_objective"] = (revenue or list(names))[0]
    channels = {"": page.t("simpage.required_all")} | {c.id: c.name for c in plan.channels}
    if st.session_state.get("sim_required_channel") not in channels:
        st.session_state["sim_required_channel"] = ""
    st.session_state.setdefault("sim_confidence", round(sim.DEFAULT_CONFIDENCE * 100))
    a, b, c = st.columns(3)
    objective_id = a.selectbox(
        page.t("simpage.required_objective"),
        list(names),
        key="sim_required_objective",
        format_func=names.__getitem__,
    )
    confidence = b.slider(
        page.t("simpage.required_confidence"),
        50,
        99,
        key="sim_confidence",
        format=percent_format(page.lang),
        help=page.t("simpage.required_confidence_help"),
    )
    channel_id = c.selectbox(
        page.t("simpage.required_channel"),
        list(channels),
        key="sim_required_channel",
        format_func=channels.__getitem__,
    )
    answer = required(
        plan,
        objective_id,
        confidence / 100,
        channel_id or None,
        settings.light_trials,
        settings.seed,
    )
    key = (sim.plan_fingerprint(plan), objective_id, confidence, channel_id, settings.light_trials)
    _required_answer(page, plan, answer, names[objective_id], channels[channel_id], key)


def _required_answer(
    page: PageContext,
    plan: Plan,
    answer: sim.RequiredActivity,
    name: str,
    channel: str,
    key: tuple[Any, ...],
) -> None:
    percent = {
        key: fmt_percent(value, page.lang, 0) if value is not None else "—"
        for key, value in (
            ("confidence", answer.confidence),
            ("now", answer.probability_now),
            ("then", answer.probability_required),
        )
    }
    scope = (
        page.t("simulation.required.all_channels")
        if answer.channel_id is None
        else page.t("simulation.required.one_channel", channel=plain(channel))
    )
    multiplier = answer.multiplier if answer.multiplier is not None else MAX_MULTIPLIER
    message = page.t(
        f"simulation.required.{answer.status.value}",
        scope=scope,
        objective=plain(name),
        multiplier=fmt_number(multiplier, page.lang, 2),
        **percent,
    )
    reached = answer.status is sim.RequiredStatus.REACHED
    (st.info if reached else st.warning)(message, icon=":material/trending_up:")
    if not reached:
        return
    if answer.unlawful_weeks:
        st.warning(unlawful_note(answer, page.lang), icon=":material/phone_disabled:")
    a, b, c = st.columns(3)
    a.metric(page.t("simpage.multiplier"), "×" + fmt_number(multiplier, page.lang, 2))
    gap = answer.extra_hours or 0.0
    hours = fmt_number(abs(gap), page.lang)
    b.metric(
        page.t("simpage.extra_hours"),
        page.t("simpage.hours_missing" if gap > 0 else "simpage.hours_spare", hours=hours),
    )
    reps = answer.extra_reps
    c.metric(page.t("simpage.extra_reps"), "—" if reps is None else fmt_number(reps, page.lang))
    now, needed = page.t("simpage.now_per_week"), page.t("simpage.needed_per_week")
    frame = pd.DataFrame(
        {
            page.t("simpage.channel"): [ch.channel_name for ch in answer.channels],
            page.t("simpage.activity"): [ch.activity_name for ch in answer.channels],
            now: [round(ch.current_per_week, 1) for ch in answer.channels],
            needed: [
                None if ch.required_per_week is None else round(ch.required_per_week, 1)
                for ch in answer.channels
            ],
        }
    )
    st.dataframe(localized(frame, page.lang, {now: 1, needed: 1}), hide_index=True, width="stretch")
    charts.show_cached(
        page.lang,
        ("hours", *key, page.lang),
        lambda: result_charts.hours_chart(_hours(page, plan, answer), page.lang),
    )


def _hours(page: PageContext, plan: Plan, answer: sim.RequiredActivity) -> pd.DataFrame:
    frame = answer.hours_frame(week_starts(plan.meta))
    return frame.assign(series=frame["series"].map(lambda key: page.t(f"simpage.chart.{key}")))
