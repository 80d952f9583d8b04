"""Tracking: actuals imported or typed by week, KPIs, stage rates, A/B, plan vs actual, forecast."""

import streamlit as st

from ui import (
    erasure,
    tracking,
    tracking_ab,
    tracking_forecast,
    tracking_import,
    tracking_kpis,
    tracking_limits,
    tracking_plan,
    tracking_retention,
    tracking_weekly,
)
from ui.shell import require_plan, shell

with shell("tracking") as page:
    plan = require_plan(page)

    st.title(page.t("tracking.title"), anchor=False)
    st.caption(page.t("tracking.intro"))

    st.subheader(page.t("tracking.import.title"), anchor=False)
    tracking_import.import_panel(page, plan)

    st.subheader(page.t("tracking.batches.title"), anchor=False)
    batches = tracking_import.batches_panel(page)

    st.subheader(page.t("weekly.title"), anchor=False)
    weekly = tracking_weekly.weekly_panel(page, plan)

    st.subheader(page.t("retention.title"), anchor=False)
    tracking_retention.retention_panel(page)

    ref = tracking.LogRef(
        page.engine,
        page.stored.id if page.stored else "",
        tuple(f"{b.id}:{b.rows_imported}" for b in batches),
        weekly,
    )

    if not batches and not weekly:
        st.info(page.t("tracking.no_data"), icon=":material/monitoring:")
        st.stop()

    st.subheader(page.t("tracking.kpis.title"), anchor=False)
    chosen = tracking_kpis.period(page, plan)
    if chosen is None:
        st.stop()
    start, end = chosen
    tracking_kpis.kpi_metrics(page, plan, ref, start, end)
    tracking_kpis.objectives_table(page, plan, ref, start, end)

    st.subheader(page.t("tracking.kpis.breakdowns"), anchor=False)
    tracking_kpis.breakdown_table(page, plan, ref, start, end)

    st.subheader(page.t("tracking.kpis.pareto"), anchor=False)
    tracking_kpis.pareto_panel(page, plan, ref, start, end)

    st.subheader(page.t("tracking.stages.title"), anchor=False)
    st.caption(page.t("trackplan.stages_intro"))
    tracking_plan.stage_panel(page, plan, ref, start, end)

    st.subheader(page.t("tracking.ab.title"), anchor=False)
    tracking_ab.ab_panel(page, ref, start, end)

    st.subheader(page.t("limits.title"), anchor=False)
    tracking_limits.limits_panel(page, plan, ref)

    st.subheader(page.t("dataretention.title"), anchor=False)
    erasure.retention_panel(page, ref)

    st.subheader(page.t("trackplan.pva.title"), anchor=False)
    st.caption(page.t("trackplan.pva.intro"))
    as_of = tracking_plan.as_of_input(page, plan, ref)
    tracking_plan.plan_vs_actual_panel(page, plan, ref, as_of)

    st.subheader(page.t("trackplan.forecast.title"), anchor=False)
    st.caption(page.t("trackplan.forecast.intro"))
    tracking_forecast.forecast_panel(page, plan, ref, as_of)
