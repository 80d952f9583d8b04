"""Tracking step, re-forecast: the plan's bands and objective chances updated with the actuals."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from planner.core.i18n import fmt_money, fmt_number, plural
from planner.plan.model import Plan
from planner.simulation.bands import series_text
from planner.simulation.entry import plan_fingerprint
from planner.tracking.reforecast import Reforecast, reforecast
from ui import charts
from ui.shell import PageContext, plain
from ui.tracking import event_log
from ui.tracking.against_plan import BAND_COLOUR, HASH, log_key, pct, reached_log

REFORECAST_TRIALS = 10_000
PLAN_COLOUR = "#8c959f"


@st.cache_resource(show_spinner=False, max_entries=8, hash_funcs=HASH)
def forecast(
    _ref: event_log.LogRef, key: tuple[Any, ...], plan: Plan, as_of: dt.date
) -> Reforecast:
    """The re-forecast with the actuals up to `as_of` (shared between reruns, never modified)."""
    return reforecast(plan, reached_log(_ref, plan), as_of, trials=REFORECAST_TRIALS)


def forecast_panel(page: PageContext, plan: Plan, ref: event_log.LogRef, as_of: dt.date) -> None:
    """The plan's bands and objective chances, updated with the actuals, beside the plan's."""
    with st.spinner(page.t("trackplan.forecast.running")):
        result = forecast(ref, log_key(ref), plan, as_of)
    lang, currency = page.lang, plan.meta.currency
    st.caption(
        page.t(
            "trackplan.forecast.basis",
            weeks=plural(lang, "importing.count.weeks_observed", result.observed_weeks),
            deals=plural(lang, "importing.count.deals_won", result.actual_deals),
            revenue=fmt_money(result.actual_revenue, currency, lang, 0),
        )
    )
    if result.silent_channels:
        names = {c.id: c.name for c in plan.channels}
        silent = ", ".join(plain(names.get(c, c)) for c in result.silent_channels)
        st.caption(page.t("trackplan.forecast.silent", channels=silent))
    columns = st.columns(3)
    for column, series in zip(columns, ("revenue", "deals", "meetings"), strict=True):
        show = partial(series_text, series, currency=currency, lang=lang)
        before, after = result.planned.totals[series], result.updated.totals[series]
        column.metric(
            page.t(f"trackplan.forecast.{series}"),
            show(after.p50),
            delta=show(after.p50 - before.p50),
            help=page.t(
                "trackplan.forecast.band",
                p10=show(after.p10),
                p90=show(after.p90),
                plan=show(before.p50),
                plan_p10=show(before.p10),
                plan_p90=show(before.p90),
            ),
        )
    key = ("forecast", log_key(ref), plan_fingerprint(plan), as_of)
    charts.show_cached(lang, key, lambda: revenue_chart(result, page))
    st.dataframe(objective_changes(page, result), hide_index=True, key="trk_fc_objectives")
    st.markdown(f"**{page.t('trackplan.forecast.rates')}**")
    st.dataframe(rate_changes(page, result, plan), hide_index=True, key="trk_fc_rates")
    st.caption(page.t("trackplan.forecast.method"))


def revenue_chart(result: Reforecast, page: PageContext) -> alt.LayerChart | alt.FacetChart:
    """Cumulative revenue: the plan's P10–P90 band (grey) and the re-forecast's (blue)."""
    frames = []
    for name, outcome, colour in (
        (page.t("trackplan.forecast.as_planned"), result.planned, PLAN_COLOUR),
        (page.t("trackplan.forecast.updated"), result.updated, BAND_COLOUR),
    ):
        band = outcome.weekly["revenue"]
        frames.append(
            pd.DataFrame(
                {
                    "week_start": pd.to_datetime(list(outcome.week_starts)),
                    "p10": band.p10,
                    "p50": band.p50,
                    "p90": band.p90,
                    "series": name,
                    "colour": colour,
                }
            )
        )
    data = pd.concat(frames, ignore_index=True)
    names = list(data["series"].unique())
    colours = alt.Color(
        "series:N", title=None, scale=alt.Scale(domain=names, range=[PLAN_COLOUR, BAND_COLOUR])
    )
    tips = [
        alt.Tooltip("series:N", title=None),
        alt.Tooltip("week_start:T", title=page.t("trackplan.week")),
        alt.Tooltip("p10:Q", title="P10", format=",.0f"),
        alt.Tooltip("p50:Q", title="P50", format=",.0f"),
        alt.Tooltip("p90:Q", title="P90", format=",.0f"),
    ]
    base = alt.Chart(data).encode(x=alt.X("week_start:T", title=page.t("trackplan.week")))
    band = base.mark_area(opacity=0.18).encode(
        y=alt.Y("p10:Q", title=page.t("trackplan.forecast.revenue_axis")),
        y2="p90:Q",
        color=colours,
        tooltip=tips,
    )
    median = base.mark_line(strokeWidth=2).encode(y="p50:Q", color=colours, tooltip=tips)
    return alt.layer(band, median).properties(height=260)


def objective_changes(page: PageContext, result: Reforecast) -> pd.DataFrame:
    """Each objective's chance as planned and now, and the change in points."""
    rows = []
    for before, after in zip(result.planned.objectives, result.updated.objectives, strict=True):
        change = (
            None
            if before.probability is None or after.probability is None
            else (after.probability - before.probability) * 100
        )
        rows.append(
            {
                page.t("trackplan.forecast.objective"): before.name,
                page.t("trackplan.forecast.p_planned"): pct(before.probability, page.lang),
                page.t("trackplan.forecast.p_updated"): pct(after.probability, page.lang),
                page.t("trackplan.forecast.change"): "—"
                if change is None
                else page.t("trackplan.forecast.points", value=fmt_number(change, page.lang, 1)),
            }
        )
    return pd.DataFrame.from_records(rows)


def rate_changes(page: PageContext, result: Reforecast, plan: Plan) -> pd.DataFrame:
    """Each rate's plan mean and range beside the updated one, with what was observed."""
    frame = result.rates_frame()
    names = {c.id: c.name for c in plan.channels}
    lang = page.lang
    shared = page.t("trackplan.forecast.shared")
    return pd.DataFrame(
        {
            page.t("trackplan.channel"): [
                shared if pd.isna(c) else names.get(str(c), str(c)) for c in frame["channel"]
            ],
            page.t("trackplan.stage"): frame["stage_name"],
            page.t("trackplan.forecast.exposure"): [
                fmt_number(v, lang, 0 if float(v).is_integer() else 1) for v in frame["exposure"]
            ],
            page.t("trackplan.forecast.conversions"): [
                fmt_number(int(k), lang) for k in frame["conversions"]
            ],
            page.t("trackplan.forecast.plan_rate"): [
                f"{pct(m, lang)} ({pct(lo, lang)} – {pct(hi, lang)})"
                for m, lo, hi in zip(
                    frame["prior_mean"], frame["prior_low"], frame["prior_high"], strict=True
                )
            ],
            page.t("trackplan.forecast.updated_rate"): [
                f"{pct(m, lang)} ({pct(lo, lang)} – {pct(hi, lang)})"
                for m, lo, hi in zip(
                    frame["posterior_mean"],
                    frame["posterior_low"],
                    frame["posterior_high"],
                    strict=True,
                )
            ],
        }
    )
