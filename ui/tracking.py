"""Tracking step: the stored event log (cached), KPIs of a period, stage rates and A/B verdicts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from planner.core.i18n import fmt_date, fmt_money, fmt_percent, plural
from planner.plan.model import Plan
from planner.simulation.entry import plan_fingerprint
from planner.storage import weekly as storage_weekly
from planner.tracking import abtest, kpis
from planner.tracking.kpis import KpiReport
from planner.tracking.prepared_log import PreparedLog, prepare_log
from planner.tracking.reach import with_reached_stages
from ui import charts
from ui.shell import PageContext, plain
from ui.tracking_display import NONE, metric_text

_HASH: dict[Any, Any] = {Plan: plan_fingerprint}
AB_PAIRS: tuple[tuple[str, str], ...] = (
    ("reply", "activity"),
    ("connection", "activity"),
    ("conversation", "connection"),
    ("meeting_booked", "reply"),
    ("meeting_booked", "activity"),
    ("meeting_held", "meeting_booked"),
    ("opportunity", "meeting_held"),
    ("won", "opportunity"),
    ("won", "activity"),
    ("won", "visit"),
)
AB_SEED = 20_260_101
_PARETO_BY: tuple[Literal["segment", "channel"], ...] = ("segment", "channel")


# Cached data: keyed on the plan id, the ids of its import batches and its weekly rows' version -
# Only small results are read from the cache on a rerun; the log itself only on a cache miss.

Batches = tuple[str, ...]


@dataclass(frozen=True)
class LogRef:
    """Where a plan's event log lives: its import batches and the version of its weekly rows."""

    engine: Engine
    plan_id: str
    imports: Batches
    weekly: str = ""  # planner.storage.weekly.weekly_version: "" without weekly rows

    @property
    def batch_ids(self) -> Batches:
        """The cache key of the log: the import batch ids, then the weekly rows' version."""
        return (*self.imports, f"weekly:{self.weekly}") if self.weekly else self.imports


@st.cache_data(show_spinner=False, max_entries=4)
def events(_engine: Engine, plan_id: str, batch_ids: Batches) -> pd.DataFrame:
    """The plan's event log (imported events and weekly rows), loaded once per cache key."""
    return storage_weekly.load_log(_engine, plan_id)


@st.cache_data(show_spinner=False, max_entries=4)
def prepared(_engine: Engine, plan_id: str, batch_ids: Batches) -> PreparedLog:
    """The event log as codes, prepared once per set of import batches."""
    return prepare_log(events(_engine, plan_id, batch_ids))


@st.cache_data(show_spinner=False, max_entries=4, hash_funcs=_HASH)
def reached(_engine: Engine, plan_id: str, batch_ids: Batches, plan: Plan) -> PreparedLog:
    """The prepared log with each prospect's skipped stages filled in, once per plan content."""
    return with_reached_stages(prepared(_engine, plan_id, batch_ids), plan)


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=_HASH)
def report(
    _engine: Engine, plan_id: str, batch_ids: Batches, plan: Plan, start: dt.date, end: dt.date
) -> KpiReport:
    """The KPIs of a period, computed once per plan content, batches and period."""
    return kpis.compute_kpis(reached(_engine, plan_id, batch_ids, plan), plan, start, end)


@st.cache_data(show_spinner=False, max_entries=64)
def breakdowns(
    _engine: Engine, plan_id: str, batch_ids: Batches, start: dt.date, end: dt.date
) -> pd.DataFrame:
    """Measures by channel, segment and rep for a period, cached."""
    return kpis.breakdowns(prepared(_engine, plan_id, batch_ids), start, end)


@st.cache_data(show_spinner=False, max_entries=64)
def pareto(
    _engine: Engine,
    plan_id: str,
    batch_ids: Batches,
    start: dt.date,
    end: dt.date,
    by: Literal["segment", "channel"],
) -> pd.DataFrame:
    """The 80/20 table of segments or channels by revenue for a period, cached."""
    return kpis.pareto_of(breakdowns(_engine, plan_id, batch_ids, start, end), by)


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=_HASH)
def stage_rates(
    _engine: Engine, plan_id: str, batch_ids: Batches, plan: Plan, start: dt.date, end: dt.date
) -> pd.DataFrame:
    """Observed stage rates beside the planned ranges for a period, cached."""
    return kpis.stage_rates(reached(_engine, plan_id, batch_ids, plan), plan, start, end)


@st.cache_data(show_spinner=False, max_entries=64)
def ab_counts(
    _engine: Engine,
    plan_id: str,
    batch_ids: Batches,
    pair: tuple[str, str],
    start: dt.date,
    end: dt.date,
) -> pd.DataFrame:
    """Trials and conversions per script variant for a pair of steps over a period, cached."""
    log = events(_engine, plan_id, batch_ids)
    return abtest.ab_counts(log, pair[0], pair[1], start, end)


def default_period(plan: Plan, today: dt.date) -> tuple[dt.date, dt.date]:
    """The plan's start to today, or to the plan's end when today is outside the plan."""
    start, end = plan.meta.start_date, plan.meta.end_date
    return start, today if start <= today <= end else end


def date_format(lang: str) -> Literal["DD/MM/YYYY", "YYYY/MM/DD"]:
    """How a date input writes dates in the language (day first in French)."""
    return "DD/MM/YYYY" if lang == "fr" else "YYYY/MM/DD"


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
                metric_text(metrics[o.objective_id], o.target, plan, lang) for o in found.objectives
            ],
            page.t("tracking.objectives.value"): [
                metric_text(metrics[o.objective_id], o.value, plan, lang) for o in found.objectives
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
    """Prospects, sales, revenue and rates by channel, segment and rep."""
    table = breakdowns(ref.engine, ref.plan_id, ref.batch_ids, start, end)
    lang, currency = page.lang, plan.meta.currency
    names = {c.id: c.name for c in plan.channels}
    money = lambda v: NONE if pd.isna(v) else fmt_money(float(v), currency, lang)  # noqa: E731
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
    """The 80/20 charts of segments and channels by revenue."""
    st.caption(page.t("tracking.kpis.pareto_intro"))
    columns = st.columns(2)
    names = {c.id: c.name for c in plan.channels}
    for column, by in zip(columns, _PARETO_BY, strict=True):
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


def _pct(value: Any, lang: str) -> str:
    return "—" if value is None or pd.isna(value) else fmt_percent(float(value), lang, 1)


def _pair_label(page: PageContext, pair: tuple[str, str]) -> str:
    numerator, denominator = pair
    return page.t(
        "tracking.ab.pair_label",
        numerator=page.t(f"tracking.event.{numerator}"),
        denominator=page.t(f"tracking.event.{denominator}"),
    )


def ab_panel(page: PageContext, ref: LogRef, start: dt.date, end: dt.date) -> None:
    """Pick a step and two variants; the counts per variant over the period and the verdict."""
    dates = {"start": fmt_date(start, page.lang), "end": fmt_date(end, page.lang)}
    st.caption(f"{page.t('tracking.ab.intro')} {page.t('tracking.ab.period', **dates)}")
    pair = st.selectbox(
        page.t("tracking.ab.pair"),
        AB_PAIRS,
        key="trk_ab_pair",
        format_func=lambda p: _pair_label(page, p),
    )
    counts = ab_counts(ref.engine, ref.plan_id, ref.batch_ids, pair, start, end)
    variants = [str(v) for v in counts["variant"]]
    if len(variants) < 2:
        st.info(page.t("tracking.ab.need_two"), icon=":material/science:")
        return
    left, right = st.columns(2)
    a = left.selectbox(page.t("tracking.ab.variant_a"), variants, index=0, key="trk_ab_a")
    b = right.selectbox(page.t("tracking.ab.variant_b"), variants, index=1, key="trk_ab_b")
    table = pd.DataFrame(
        {
            page.t("tracking.ab.variant"): counts["variant"],
            page.t("tracking.ab.trials"): counts["trials"],
            page.t("tracking.ab.conversions"): counts["conversions"],
            page.t("tracking.ab.rate"): [
                _pct(k / n if n else None, page.lang)
                for k, n in zip(counts["conversions"], counts["trials"], strict=True)
            ],
        }
    )
    st.dataframe(table, hide_index=True, key="trk_ab_counts")
    if a == b:
        return
    try:
        arm_a, arm_b, weekly = abtest.arms_from_counts(counts, a, b)
    except ValueError:
        st.error(page.t("tracking.ab.not_nested"), icon=":material/error:")
        return
    result = abtest.ab_test(
        arm_a, arm_b, np.random.default_rng(AB_SEED), weekly_trials_per_arm=weekly
    )
    st.info(plain(result.message(page.lang)), icon=":material/science:")
    cols = st.columns(3)
    cols[0].metric(
        page.t("abtest.label.prob_b_better"), fmt_percent(result.prob_b_better, page.lang, 1)
    )
    cols[1].metric(page.t("abtest.label.loss_a"), fmt_percent(result.loss_choosing_a, page.lang, 2))
    cols[2].metric(page.t("abtest.label.loss_b"), fmt_percent(result.loss_choosing_b, page.lang, 2))
    if result.lift_low is not None and result.lift_high is not None:
        low = fmt_percent(result.lift_low, page.lang, 1)
        high = fmt_percent(result.lift_high, page.lang, 1)
        st.caption(f"{page.t('abtest.label.lift')}: {low} → {high}")
    if result.ztest is not None:
        st.caption(result.ztest.message(page.lang))
