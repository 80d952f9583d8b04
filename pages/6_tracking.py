"""Tracking: actuals imported or typed by week, KPIs, stage rates, A/B, plan vs actual, forecast."""

import streamlit as st

from ui.compliance import erasure
from ui.shell import require_plan, shell
from ui.tracking import (
    ab,
    against_plan,
    event_log,
    forecast,
    kpis,
    limits,
    retention,
    upload,
    weekly,
)

with shell("tracking") as page:
    plan = require_plan(page)

    st.title(page.t("tracking.title"), anchor=False)
    st.caption(page.t("tracking.intro"))

    st.subheader(page.t("tracking.import.title"), anchor=False)
    upload.import_panel(page, plan)

    st.subheader(page.t("tracking.batches.title"), anchor=False)
    batches = upload.batches_panel(page)

    st.subheader(page.t("weekly.title"), anchor=False)
    weekly_tables = weekly.weekly_panel(page, plan)

    st.subheader(page.t("retention.title"), anchor=False)
    retention.retention_panel(page)

    ref = event_log.LogRef(
        page.engine,
        page.stored.id if page.stored else "",
        tuple(f"{b.id}:{b.rows_imported}" for b in batches),
        weekly_tables,
    )

    if not batches and not weekly_tables:
        st.info(page.t("tracking.no_data"), icon=":material/monitoring:")
        st.stop()

    st.subheader(page.t("tracking.kpis.title"), anchor=False)
    chosen = kpis.period(page, plan)
    if chosen is None:
        st.stop()
    start, end = chosen
    kpis.kpi_metrics(page, plan, ref, start, end)
    kpis.objectives_table(page, plan, ref, start, end)

    st.subheader(page.t("tracking.kpis.breakdowns"), anchor=False)
    kpis.breakdown_table(page, plan, ref, start, end)

    st.subheader(page.t("tracking.kpis.pareto"), anchor=False)
    kpis.pareto_panel(page, plan, ref, start, end)

    st.subheader(page.t("tracking.stages.title"), anchor=False)
    st.caption(page.t("trackplan.stages_intro"))
    against_plan.stage_panel(page, plan, ref, start, end)

    st.subheader(page.t("tracking.ab.title"), anchor=False)
    ab.ab_panel(page, ref, start, end)

    st.subheader(page.t("limits.title"), anchor=False)
    limits.limits_panel(page, plan, ref)

    st.subheader(page.t("dataretention.title"), anchor=False)
    erasure.retention_panel(page, ref)

    st.subheader(page.t("trackplan.pva.title"), anchor=False)
    st.caption(page.t("trackplan.pva.intro"))
    as_of = against_plan.as_of_input(page, plan, ref)
    against_plan.plan_vs_actual_panel(page, plan, ref, as_of)

    st.subheader(page.t("trackplan.forecast.title"), anchor=False)
    st.caption(page.t("trackplan.forecast.intro"))
    forecast.forecast_panel(page, plan, ref, as_of)
