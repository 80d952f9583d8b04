"""Simulation step, the results: totals, fan chart, objective chances, funnel by channel."""

from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from planner.core.i18n import fmt_date, fmt_number, fmt_percent
from planner.plan.metrics import metric_text
from planner.plan.model import Plan
from planner.plan.smart import ACHIEVABLE_OK, achievable_verdict
from planner.simulation import entry as sim
from planner.simulation.bands import band_text, series_text
from ui import charts
from ui.shell import PageContext
from ui.simulation import result_charts
from ui.simulation.runs import FAN_METRICS, percent_format, run_key
from ui.tables import localized


def how_it_works(page: PageContext) -> None:
    """A folded panel that explains the method to a trainer's audience."""
    with st.expander(page.t("simpage.method.title"), icon=":material/school:"):
        st.markdown(page.t("simpage.method.body"))


def _value(page: PageContext, result: sim.SimulationResult, series: str, value: float) -> str:
    return series_text(series, value, result.currency, page.lang)


def headline(
    page: PageContext, result: sim.SimulationResult, baseline: sim.SimulationResult | None
) -> None:
    """Revenue, meetings and deals over the plan: median, P10–P90, change against the plan."""
    for column, (series, band) in zip(st.columns(3), result.totals.items(), strict=True):
        delta = None
        if baseline is not None and baseline.totals[series].p50 > 0:
            change = band.p50 / baseline.totals[series].p50 - 1.0
            text = fmt_percent(change, page.lang, 0)
            delta = page.t("simpage.delta_vs_plan", delta=("+" if change > 0 else "") + text)
        column.metric(
            page.t("simpage.p50_of", series=page.t(f"simulation.series.{series}")),
            _value(page, result, series, band.p50),
            delta=delta,
            delta_color="normal" if delta else "off",
        )
        low, high = (_value(page, result, series, v) for v in (band.p10, band.p90))
        column.caption(page.t("simpage.band", low=low, high=high))
    engine = page.t(f"simulation.engine.{result.engine.value}")
    info = page.t(
        "simpage.run_info",
        trials=fmt_number(result.trials, page.lang),
        seed=result.seed,
        engine=engine,
        seconds=fmt_number(result.elapsed_seconds, page.lang, 2),
    )
    st.caption(info)


def fan(page: PageContext, plan: Plan, result: sim.SimulationResult) -> None:
    """The fan chart of one cumulative series, with its objectives' lines."""
    series = st.radio(
        page.t("simpage.series"),
        list(result.weekly),
        key="sim_series",
        format_func=lambda s: page.t(f"simulation.series.{s}"),
        horizontal=True,
    )
    metric = FAN_METRICS.get(series)
    goals = pd.DataFrame(
        [
            {"name": o.name, "target": o.target, "deadline": o.deadline}
            for o in plan.objectives
            if o.metric == metric and o.channel_id is None and o.segment_id is None
        ],
        columns=["name", "target", "deadline"],
    )
    title = page.t(f"simulation.series.{series}")
    if series == "revenue":
        title = f"{title} ({result.currency})"
    key = ("fan", *run_key(result), series, title, page.lang, *map(tuple, goals.values))
    charts.show_cached(
        page.lang,
        key,
        lambda: result_charts.fan_chart(
            _series(result.weekly_frame(), series), goals, title, page.lang
        ),
    )


def _series(weekly: pd.DataFrame, series: str) -> pd.DataFrame:
    return weekly[weekly["series"] == series]


def _week_end(page: PageContext, result: sim.SimulationResult, week: Any) -> str:
    if week is None or pd.isna(week):
        return page.t("simpage.not_reached")
    return fmt_date(result.week_starts[int(week)] + dt.timedelta(days=6), page.lang)


def _status(page: PageContext, outcome: sim.ObjectiveOutcome) -> str:
    bound = outcome.probability_upper_bound
    text = fmt_percent(bound, page.lang, 0) if bound is not None else "—"
    return page.t(f"simulation.status.{outcome.status.value}", bound=text)


def objective_chances(page: PageContext, plan: Plan, result: sim.SimulationResult) -> None:
    """Each objective's probability by its deadline, its status and its time to target."""
    if not plan.objectives:
        st.caption(page.t("simpage.objectives_none"))
        return
    by_id = {o.id: o for o in plan.objectives}
    rows = []
    for outcome in result.objectives:
        objective = by_id[outcome.objective_id]
        volume = outcome.reach_by_week is not None
        rows.append(
            {
                "objective": outcome.name,
                "target": metric_text(
                    objective.metric, objective.target, result.currency, page.lang
                ),
                "deadline": fmt_date(outcome.deadline, page.lang),
                "probability": outcome.probability,
                "status": _status(page, outcome),
                "half": _week_end(page, result, outcome.time_to_target(0.5)) if volume else "—",
                "most": _week_end(page, result, outcome.time_to_target(0.9)) if volume else "—",
                "verdict": achievable_verdict(outcome.probability),
            }
        )
    frame = pd.DataFrame(rows)
    text = st.column_config.TextColumn
    st.dataframe(  # chances as whole percentages, written the language's way (not the browser's)
        frame.drop(columns="verdict").assign(probability=frame["probability"] * 100),
        key="sim_objectives",
        hide_index=True,
        width="stretch",
        column_config={
            "objective": text(page.t("simpage.objective")),
            "target": text(page.t("simpage.target")),
            "deadline": text(page.t("simpage.deadline")),
            "probability": st.column_config.ProgressColumn(
                page.t("simpage.probability"),
                min_value=0.0,
                max_value=100.0,
                format=percent_format(page.lang),
            ),
            "status": text(page.t("simpage.status"), width="large"),
            "half": text(page.t("simpage.reached_half")),
            "most": text(page.t("simpage.reached_most")),
        },
    )
    shown = frame.dropna(subset=["probability"]).rename(columns={"objective": "name"})
    if not shown.empty:
        charts.show_cached(
            page.lang,
            ("chances", *run_key(result), page.lang),
            lambda: result_charts.probability_chart(shown, page.lang, ACHIEVABLE_OK),
        )


def funnel(page: PageContext, result: sim.SimulationResult) -> None:
    """Each stage's median count and its band over the plan, one panel per channel."""
    if not result.stages:
        return
    shared = page.t("simpage.shared_stages")

    def build() -> alt.TopLevelMixin:
        stages = result.stages_frame().assign(
            group=lambda d: d["channel"].fillna(shared),
            label=lambda d: d["step"].astype(str) + ". " + d["stage"],
        )
        return result_charts.funnel_chart(stages, page.lang)

    charts.show_cached(page.lang, ("funnel", *run_key(result), page.lang), build, width="content")
    _channel_table(page, result)


def _channel_table(page: PageContext, result: sim.SimulationResult) -> None:
    currency = result.currency
    activities = page.t("simpage.activities")
    st.dataframe(
        localized(
            pd.DataFrame(
                {
                    page.t("simpage.channel"): [c.channel_name for c in result.channels],
                    activities: [round(c.activities) for c in result.channels],
                    page.t("simpage.deals_band"): [
                        band_text(c.deals, page.lang) for c in result.channels
                    ],
                    page.t("simpage.revenue_band"): [
                        band_text(c.revenue, page.lang, currency) for c in result.channels
                    ],
                }
            ),
            page.lang,
            {activities: 0},
        ),
        hide_index=True,
        width="stretch",
    )
