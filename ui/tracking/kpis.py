"""Tracking step, KPIs of a period: the period, KPI metrics, objectives, breakdowns, 80/20."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any, Literal

import altair as alt
import pandas as pd
import streamlit as st

from planner.core.i18n import fmt_money, fmt_percent, plural
from planner.plan.metrics import NONE, metric_text
from planner.plan.model import Plan
from planner.tracking import kpis
from planner.tracking.kpis import default_period
from ui import charts
from ui.fields import date_format
from ui.shell import PageContext
from ui.tracking.event_log import LogRef, breakdowns, pareto, report

_PARETO_BY: tuple[Literal["segment", "channel", "source"], ...] = ("segment", "channel", "source")


def period(page: PageContext, plan: Plan) -> tuple[dt.date, dt.date] | None:
    """The period chosen with two date inputs; None (with a message) when it is reversed."""
    first, last = default_period(plan, dt.date.today())
    left, right = st.columns(2)
    shape = date_format(page.lang)
    start = left.date_input(page.t("tracking.kpis.start"), first, key="trk_from", format=shape)
    end = right.date_input(page.t("tracking.kpis.end"), last, key="trk_to", format=shape)
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        return None
    if end < start:
        st.error(page.t("tracking.kpis.reversed"), icon=":material/event_busy:")
        return None
    return start, end


def kpi_metrics(page: PageContext, plan: Plan, ref: LogRef, start: dt.date, end: dt.date) -> None:
    """Each KPI of the market's set as a metric, its formula beside it, or why it has no value."""
    found = report(ref.engine, ref.plan_id, ref.batch_ids, plan, start, end)
    st.caption(plural(page.lang, "tracking.kpis.events", found.events_in_period))
    currency = plan.meta.currency
    columns = st.columns(3)
    for i, kpi in enumerate(found.kpis):
        with columns[i % 3], st.container(border=True):
            value = kpi.formatted(page.lang, currency) if kpi.value is not None else "—"
            st.metric(kpi.name(page.lang), value, help=kpi.advice(page.lang))
            if kpi.basis:
                st.caption(kpi.basis_text(page.lang))
            st.caption(kpi.formula(page.lang))
            if kpi.value is None:
                st.caption(kpi.formatted(page.lang, currency))
            else:
                st.caption(kpi.computed(page.lang, currency))


def objectives_table(
    page: PageContext, plan: Plan, ref: LogRef, start: dt.date, end: dt.date
) -> None:
    """Each objective of the plan measured on the period: target, actual, attainment, met."""
    found = report(ref.engine, ref.plan_id, ref.batch_ids, plan, start, end)
    if not found.objectives:
        return
    st.markdown(f"**{page.t('tracking.objectives.title')}**")
    metrics = {o.id: o.metric for o in plan.objectives}
    lang = page.lang
    table = pd.DataFrame(
        {
            page.t("tracking.objectives.name"): [o.name for o in found.objectives],
            page.t("tracking.objectives.target"): [
                metric_text(metrics[o.objective_id], o.target, plan.meta.currency, lang)
                for o in found.objectives
            ],
            page.t("tracking.objectives.value"): [
                metric_text(metrics[o.objective_id], o.value, plan.meta.currency, lang)
                for o in found.objectives
            ],
            page.t("tracking.objectives.attainment"): [
                NONE if o.attainment is None else fmt_percent(o.attainment / 100, lang, 0)
                for o in found.objectives
            ],
            page.t("tracking.objectives.met"): [
                NONE if o.met is None else page.t(f"tracking.answer.{'yes' if o.met else 'no'}")
                for o in found.objectives
            ],
        }
    )
    st.dataframe(table, hide_index=True, key="trk_objectives")


def breakdown_table(
    page: PageContext, plan: Plan, ref: LogRef, start: dt.date, end: dt.date
) -> None:
    """Prospects, sales, revenue and rates by channel, segment, rep and lead source."""
    table = breakdowns(ref.engine, ref.plan_id, ref.batch_ids, start, end)
    lang, currency = page.lang, plan.meta.currency
    names = {c.id: c.name for c in plan.channels}

    def money(value: Any) -> str:
        return NONE if pd.isna(value) else fmt_money(float(value), currency, lang)

    shown = pd.DataFrame(
        {
            "dimension": [page.t(f"tracking.dimension.{d}") for d in table["dimension"]],
            "group": [
                NONE if pd.isna(g) else names.get(str(g), str(g)) if d == "channel" else str(g)
                for d, g in zip(table["dimension"], table["group"], strict=True)
            ],
            "prospects": table["prospects"],
            "activities": table["activities"],
            "sales": table["sales"],
            "revenue": [money(v) for v in table["revenue"]],
            "conversion_rate": [
                NONE if pd.isna(v) else fmt_percent(float(v) / 100, lang, 1)
                for v in table["conversion_rate"]
            ],
            "average_basket": [money(v) for v in table["average_basket"]],
        }
    )
    labels = {c: page.t(f"kpi.column.{c}") for c in shown.columns}
    st.dataframe(shown.rename(columns=labels), hide_index=True, key="trk_breakdowns")


def pareto_chart(frame: pd.DataFrame, title: str, cumulative: str) -> alt.LayerChart:
    """Bars of each group's contribution and the line of the cumulative share, 80% marked."""
    base = alt.Chart(frame).encode(x=alt.X("group:N", sort=None, title=None))
    bars = base.mark_bar().encode(
        y=alt.Y("value:Q", title=title),
        color=alt.Color("vital_few:N", legend=None),
        tooltip=["group:N", "value:Q", alt.Tooltip("share:Q", format=".0%")],
    )
    line = base.mark_line(point=True, color="#444").encode(
        y=alt.Y("cumulative_share:Q", axis=alt.Axis(format="%"), title=cumulative)
    )
    rule = (
        alt.Chart(pd.DataFrame({"y": [kpis.PARETO_SHARE]}))
        .mark_rule(strokeDash=[4, 4])
        .encode(y="y:Q")
    )
    chart: alt.LayerChart = alt.layer(bars, line + rule).resolve_scale(y="independent")
    return chart


def pareto_panel(page: PageContext, plan: Plan, ref: LogRef, start: dt.date, end: dt.date) -> None:
    """The 80/20 charts of segments, channels and (when the log has them) lead sources by
    revenue."""
    st.caption(page.t("tracking.kpis.pareto_intro"))
    dimensions = set(breakdowns(ref.engine, ref.plan_id, ref.batch_ids, start, end)["dimension"])
    shown = [by for by in _PARETO_BY if by != "source" or by in dimensions]
    columns = st.columns(len(shown))
    names = {c.id: c.name for c in plan.channels}
    for column, by in zip(columns, shown, strict=True):
        frame = pareto(ref.engine, ref.plan_id, ref.batch_ids, start, end, by)
        with column:
            st.markdown(f"**{page.t(f'tracking.kpis.by_{by}')}**")
            if frame.empty:
                st.caption(page.t("tracking.kpis.pareto_empty"))
                continue
            groups = frame["group"].astype("object")
            if by == "channel":
                groups = groups.map(lambda g: names.get(str(g), str(g)))
            groups = groups.where(frame["group"].notna(), NONE)  # no segment: "—", not "null"
            key = ("pareto", by, ref.plan_id, ref.batch_ids, start, end, tuple(names.items()))
            build = partial(
                pareto_chart,
                frame.assign(group=groups),
                page.t("kpi.column.revenue"),
                page.t("tracking.kpis.cumulative"),
            )
            charts.show_cached(page.lang, key, build)
