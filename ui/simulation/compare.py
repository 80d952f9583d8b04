"""Simulation step, comparisons: the rates that matter most (tornado), scenarios side by side."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from planner.core.i18n import fmt_percent
from planner.plan.model import Plan
from planner.simulation import entry as sim
from planner.simulation.objectives import is_volume
from planner.simulation.what_if import WhatIf, what_if_plan
from ui import charts
from ui.shell import PageContext
from ui.simulation import result_charts
from ui.simulation.runs import (
    SCENARIOS_KEY,
    RunSettings,
    percent_format,
    run_key,
    simulated,
    tornado,
)
from ui.tables import localized


def tornado_panel(page: PageContext, plan: Plan, settings: RunSettings) -> None:
    """The uncertain rates ranked by how much they move revenue or an objective's chance."""
    names = {o.id: o.name for o in plan.objectives if is_volume(o) and o.segment_id is None}
    options = ["", *names]
    if st.session_state.get("sim_tornado_measure") not in options:
        st.session_state["sim_tornado_measure"] = ""
    measure = st.selectbox(
        page.t("simpage.tornado_measure"),
        options,
        key="sim_tornado_measure",
        format_func=lambda m: (
            page.t("simpage.tornado_probability", objective=names[m])
            if m
            else page.t("simpage.tornado_revenue")
        ),
    )
    result = tornado(plan, measure or None, settings.light_trials, settings.seed)
    if not result.bars:
        st.caption(page.t("simpage.tornado_none"))
        return
    channels = {c.id: c.name for c in plan.channels}
    shared = page.t("simpage.chart.shared")
    rows = []
    for bar in result.bars:
        group = channels.get(bar.channel_id or "", shared)
        low, high = (fmt_percent(v, page.lang, 1) for v in (bar.low, bar.high))
        label = f"{group} · {bar.stage_name} ({low}–{high})"
        rows.append({"label": label, "end": page.t("simpage.chart.at_low"), "value": bar.at_low})
        rows.append({"label": label, "end": page.t("simpage.chart.at_high"), "value": bar.at_high})
    number = ".0%" if measure else ",.0f"
    key = ("tornado", sim.plan_fingerprint(plan), measure, settings.light_trials, page.lang)
    charts.show_cached(
        page.lang,
        key,
        lambda: result_charts.tornado_chart(pd.DataFrame(rows), result.baseline, page.lang, number),
    )


def _scenarios(page: PageContext) -> list[dict[str, Any]]:
    store: dict[str, list[dict[str, Any]]] = st.session_state.setdefault(SCENARIOS_KEY, {})
    return store.setdefault(page.stored.id if page.stored else "", [])


def scenarios_panel(page: PageContext, plan: Plan, settings: RunSettings, what_if: WhatIf) -> None:
    """Keep the current what-if under a name; compare the kept scenarios with the same seed."""
    kept = _scenarios(page)
    name_col, add_col, clear_col = st.columns([3, 2, 2], vertical_alignment="bottom")
    name = name_col.text_input(
        page.t("simpage.scenario_name"),
        key="sim_scenario_name",
        max_chars=60,
        placeholder=page.t("simpage.scenario_default", number=len(kept) + 1),
    )
    if add_col.button(
        page.t("simpage.add_scenario"), key="sim_add_scenario", icon=":material/add:"
    ):
        label = name.strip() or page.t("simpage.scenario_default", number=len(kept) + 1)
        kept.append({"name": label, "what_if": what_if})
    if kept and clear_col.button(page.t("simpage.clear_scenarios"), key="sim_clear_scenarios"):
        kept.clear()
    if not kept:
        st.caption(page.t("simpage.scenarios_none"))
        return
    named = [(page.t("simpage.saved_plan"), plan)] + [
        (s["name"], what_if_plan(plan, s["what_if"])) for s in kept
    ]
    runs = tuple(simulated(p, settings.trials, settings.seed, settings.engine) for _, p in named)
    comparison = sim.ScenarioComparison(tuple(n for n, _ in named), runs)
    _comparison_table(page, plan, comparison.table(), runs[0].currency)
    frame = comparison.frame()
    revenue = frame.query("measure == 'revenue'")
    title = f"{page.t('simulation.series.revenue')} ({runs[0].currency})"
    key = ("scenarios", *(run_key(r) for r in runs), *(n for n, _ in named), page.lang)
    charts.show_cached(
        page.lang, key, lambda: result_charts.scenario_chart(revenue, title, page.lang)
    )


def _comparison_table(page: PageContext, plan: Plan, table: pd.DataFrame, currency: str) -> None:
    config: dict[str, Any] = {"scenario": page.t("simpage.scenario")}
    for series in ("revenue", "meetings", "deals"):
        label = page.t("simpage.p50_of", series=page.t(f"simulation.series.{series}"))
        if series == "revenue":
            label = f"{label} ({currency})"
        config[series] = st.column_config.NumberColumn(label)
    for o in plan.objectives:
        config[f"objective:{o.id}"] = st.column_config.ProgressColumn(
            o.name, min_value=0.0, max_value=100.0, format=percent_format(page.lang)
        )
    chances = [c for c in table.columns if str(c).startswith("objective:")]
    table = table.assign(**{c: table[c] * 100 for c in chances})  # whole percentages
    numbers = {series: 0 for series in ("revenue", "meetings", "deals") if series in table}
    st.dataframe(  # numbers written the language's way (ui.tables), still sorted as numbers
        localized(table, page.lang, numbers),
        key="sim_scenarios_table",
        hide_index=True,
        width="stretch",
        column_config=config,
    )
