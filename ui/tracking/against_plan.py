"""Tracking step, against the plan: actual weeks over the plan's band, and stage rates."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from planner.core.i18n import fmt_date, fmt_number, fmt_percent, plural
from planner.plan.model import Plan
from planner.simulation.entry import plan_fingerprint
from planner.tracking.plan_vs_actual import latest_gaps, plan_vs_actual, planned_bands, week_index
from planner.tracking.prepared_log import PreparedLog
from ui import charts
from ui.fields import date_format
from ui.shell import PageContext, plain
from ui.tracking import event_log

HASH: dict[Any, Any] = {Plan: plan_fingerprint}
EPOCH = dt.date(1970, 1, 1)  # PreparedLog days count from it
WEEKS_AHEAD, MIN_WEEKS_SHOWN = 4, 8  # the chart stops a few weeks after the as-of date
STATUS_COLOURS = {"below": "#d1242f", "within": "#1f6feb", "above": "#1a7f37"}
BAND_COLOUR = "#1f6feb"


def log_key(ref: event_log.LogRef) -> tuple[Any, ...]:
    """What identifies the plan's log in the caches: every field of the ref but the engine."""
    return tuple(getattr(ref, f.name) for f in fields(ref) if f.name != "engine")


def prepared_log(ref: event_log.LogRef) -> PreparedLog:
    """The plan's log as codes (cached in ui.tracking)."""
    return event_log.prepared(ref.engine, ref.plan_id, ref.batch_ids)


def reached_log(ref: event_log.LogRef, plan: Plan) -> PreparedLog:
    """The plan's log with each prospect's skipped stages filled in (cached in ui.tracking)."""
    return event_log.reached(ref.engine, ref.plan_id, ref.batch_ids, plan)


@st.cache_data(show_spinner=False, max_entries=8, hash_funcs=HASH)
def bands(plan: Plan) -> pd.DataFrame:
    """The plan's weekly P10–P90 band of each channel's stages, once per plan content."""
    return planned_bands(plan)


@st.cache_data(show_spinner=False, max_entries=16, hash_funcs=HASH)
def comparison(_ref: event_log.LogRef, key: tuple[Any, ...], plan: Plan, as_of: dt.date) -> Any:
    """Bands with the actual weekly counts up to `as_of`, cached on the log and the plan."""
    return plan_vs_actual(plan, bands(plan), reached_log(_ref, plan), as_of)


@st.cache_data(show_spinner=False, max_entries=16)
def last_event_day(_ref: event_log.LogRef, key: tuple[Any, ...]) -> dt.date | None:
    """The day of the log's last event, None for an empty log (the log is read on a miss only)."""
    log = prepared_log(_ref)
    return EPOCH + dt.timedelta(days=int(log.day.max())) if len(log) else None


def default_as_of(plan: Plan, last: dt.date | None, today: dt.date) -> dt.date:
    """The last day with a recorded event (today without any), within the plan's weeks."""
    return min(max(last or today, plan.meta.start_date), plan.meta.end_date)


def as_of_input(page: PageContext, plan: Plan, ref: event_log.LogRef) -> dt.date:
    """The date the actuals run up to: its week counts as observed."""
    first = default_as_of(plan, last_event_day(ref, log_key(ref)), dt.date.today())
    chosen = st.date_input(
        page.t("trackplan.as_of"),
        first,
        key=f"trk_as_of_{plan_fingerprint(plan)}",
        help=page.t("trackplan.as_of_help"),
        format=date_format(page.lang),
    )
    if not isinstance(chosen, dt.date):
        return first
    kept = min(max(chosen, plan.meta.start_date), plan.meta.end_date)
    if kept != chosen:  # said, not refused silently by the date picker
        st.warning(
            page.t(
                "trackplan.as_of_outside",
                date=fmt_date(chosen, page.lang),
                start=fmt_date(plan.meta.start_date, page.lang),
                end=fmt_date(plan.meta.end_date, page.lang),
                kept=fmt_date(kept, page.lang),
            ),
            icon=":material/event_busy:",
        )
    return kept


# Plan vs actual ------------------------------------------------------------------------------


def band_chart(frame: pd.DataFrame, cumulative: bool, page: PageContext) -> alt.FacetChart:
    """One panel per stage: the plan's P10–P90 band, its median, and the actual weeks."""
    prefix = "cum_" if cumulative else ""
    data = pd.DataFrame(
        {
            "stage": frame["label"],
            "week_start": frame["week_start"],
            "p10": frame[f"{prefix}p10"],
            "p50": frame[f"{prefix}p50"],
            "p90": frame[f"{prefix}p90"],
            "actual": frame["actual_cum" if cumulative else "actual"].astype("float64"),
            "status": frame["cum_status" if cumulative else "status"].map(
                lambda s: page.t(f"trackplan.status.{s}") if isinstance(s, str) else None
            ),
        }
    )
    x = alt.X(
        "week_start:T", title=page.t("trackplan.week"), axis=alt.Axis(format=day_month(page.lang))
    )
    tips = [
        alt.Tooltip("week_start:T", title=page.t("trackplan.week")),
        alt.Tooltip("actual:Q", title=page.t("trackplan.actual"), format=",.0f"),
        alt.Tooltip("p10:Q", title="P10", format=",.0f"),
        alt.Tooltip("p50:Q", title="P50", format=",.0f"),
        alt.Tooltip("p90:Q", title="P90", format=",.0f"),
        alt.Tooltip("status:N", title=page.t("trackplan.status_title")),
    ]
    base = alt.Chart().encode(x=x, tooltip=tips)
    band = base.mark_area(opacity=0.2, color=BAND_COLOUR).encode(
        y=alt.Y("p10:Q", title=page.t("trackplan.count")), y2="p90:Q"
    )
    median = base.mark_line(color=BAND_COLOUR, strokeDash=[4, 3]).encode(y="p50:Q")
    actual = base.transform_filter("isValid(datum.actual)")
    line = actual.mark_line(color="#24292f").encode(y="actual:Q")
    colours = alt.Scale(
        domain=[page.t(f"trackplan.status.{s}") for s in STATUS_COLOURS],
        range=list(STATUS_COLOURS.values()),
    )
    points = actual.mark_point(filled=True, size=45).encode(
        y="actual:Q", color=alt.Color("status:N", scale=colours, title=None)
    )
    chart: alt.FacetChart = (
        alt.layer(band, median, line, points, data=data)
        .properties(height=170, width=300)
        .facet(
            facet=alt.Facet("stage:N", title=None, sort=list(dict.fromkeys(data["stage"]))),
            columns=2,
        )
        .resolve_scale(y="independent")
    )
    return chart


def plan_vs_actual_panel(
    page: PageContext, plan: Plan, ref: event_log.LogRef, as_of: dt.date
) -> None:
    """A channel's stages week by week against the plan's band, and where each stands now."""
    names = {c.id: c.name for c in plan.channels}
    table = comparison(ref, log_key(ref), plan, as_of)
    left, right = st.columns([2, 1])
    channel = left.selectbox(
        page.t("trackplan.channel"),
        list(names),
        index=busiest_channel(table, list(names)),
        format_func=names.__getitem__,
        key="trk_pva_ch",
    )
    cumulative = right.radio(
        page.t("trackplan.view"),
        [True, False],
        format_func=lambda c: page.t("trackplan.cumulative" if c else "trackplan.weekly"),
        horizontal=True,
        key="trk_pva_cum",
    )
    last_shown = max(week_index(plan, as_of) + WEEKS_AHEAD, MIN_WEEKS_SHOWN - 1)
    shown = table.loc[(table["channel"] == channel) & (table["week"] <= last_shown)].copy()
    shown["label"] = _stage_labels(page, shown)
    key = ("pva", log_key(ref), plan_fingerprint(plan), as_of, channel, bool(cumulative))
    charts.show_cached(page.lang, key, lambda: band_chart(shown, bool(cumulative), page))
    latest = latest_gaps(table.loc[table["channel"] == channel], as_of, plan)
    if latest.empty:
        return
    st.caption(page.t("trackplan.latest", week=_date(latest["week_start"].iloc[0], page.lang)))
    st.dataframe(_latest_table(page, latest, names), hide_index=True, key="trk_pva_latest")


def day_month(lang: str) -> str:
    """A week's date on a chart axis: day then month in French, month then day in English."""
    return "%d %b" if lang == "fr" else "%b %d"


def busiest_channel(table: pd.DataFrame, channels: list[str]) -> int:
    """The position of the channel with the most actual activities (the first one without)."""
    done = table.loc[table["kind"] == "activity"].groupby("channel")["actual"].sum()
    if done.empty or not (done > 0).any():
        return 0
    return channels.index(str(done.idxmax())) if str(done.idxmax()) in channels else 0


def _stage_labels(page: PageContext, frame: pd.DataFrame) -> pd.Series:
    activity = page.t("trackplan.activities")
    labels = np.where(frame["kind"] == "activity", activity, frame["stage_name"])
    return pd.Series(labels, index=frame.index, dtype="string")


def _date(value: Any, lang: str) -> str:
    return fmt_date(pd.Timestamp(value).date(), lang)


def _latest_table(page: PageContext, latest: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    lang = page.lang
    return pd.DataFrame(
        {
            page.t("trackplan.channel"): latest["channel"].map(names),
            page.t("trackplan.stage"): _stage_labels(page, latest),
            page.t("trackplan.actual_cum"): [
                "—" if pd.isna(v) else fmt_number(float(v), lang) for v in latest["actual_cum"]
            ],
            page.t("trackplan.plan_range"): [
                f"{fmt_number(lo, lang)} – {fmt_number(hi, lang)}"
                for lo, hi in zip(latest["cum_p10"], latest["cum_p90"], strict=True)
            ],
            page.t("trackplan.status_title"): [
                page.t(f"trackplan.status.{s}") if isinstance(s, str) else "—"
                for s in latest["cum_status"]
            ],
        }
    )


# Stage rates ---------------------------------------------------------------------------------


def pct(value: Any, lang: str) -> str:
    """A rate as a percentage in the language, "—" when there is none."""
    return "—" if value is None or pd.isna(value) else fmt_percent(float(value), lang, 1)


def stage_panel(
    page: PageContext, plan: Plan, ref: event_log.LogRef, start: dt.date, end: dt.date
) -> pd.DataFrame:
    """Each stage's observed rate with its credible interval against the planned range."""
    rates = event_log.stage_rates(ref.engine, ref.plan_id, ref.batch_ids, plan, start, end)
    names = {c.id: c.name for c in plan.channels}
    lang = page.lang
    empty = rates["status"] == "no_data"
    skipped = rates["status"] == "not_recorded"
    if skipped.any():
        stages = [
            f"{plain(str(r.stage_name))} ({plain(names.get(str(r.channel), str(r.channel)))})"
            for r in rates.loc[skipped].itertuples()
        ]
        st.caption(page.t("trackplan.not_recorded_stages", stages=", ".join(stages)))
    if (empty | skipped).all():
        st.info(page.t("trackplan.no_rates"), icon=":material/monitoring:")
        return rates.iloc[0:0]
    if empty.any():
        st.caption(plural(page.lang, "trackplan.hidden_stages", int(empty.sum())))
    rates = rates.loc[~(empty | skipped)]
    shown = pd.DataFrame(
        {
            page.t("tracking.stages.channel"): rates["channel"].map(names),
            page.t("tracking.stages.stage"): rates["stage_name"],
            page.t("trackplan.observed"): [
                page.t(
                    "trackplan.observed_value",
                    rate=pct(v, lang),
                    k=fmt_number(int(k), lang),
                    n=fmt_number(int(n), lang),
                )
                for v, k, n in zip(rates["rate"], rates["k"], rates["n"], strict=True)
            ],
            page.t("trackplan.interval"): [
                "—" if pd.isna(lo) else f"{pct(lo, lang)} – {pct(hi, lang)}"
                for lo, hi in zip(rates["ci_low"], rates["ci_high"], strict=True)
            ],
            page.t("trackplan.planned_range"): [
                f"{pct(lo, lang)} – {pct(hi, lang)}"
                for lo, hi in zip(rates["planned_low"], rates["planned_high"], strict=True)
            ],
            page.t("trackplan.status_title"): [
                page.t(f"trackplan.rate_status.{s}") for s in rates["status"]
            ],
        }
    )
    st.dataframe(shown, hide_index=True, key="trk_stages")
    for row in rates.itertuples():
        if row.status in ("below", "likely_below"):
            icon = ":material/trending_down:"
            message = page.t(
                f"trackplan.flag.{row.status!s}",
                stage=plain(str(row.stage_name)),
                channel=plain(names.get(str(row.channel), str(row.channel))),
                rate=pct(row.rate, lang),
                high=pct(row.ci_high, lang),
                low=pct(row.planned_low, lang),
                advice=page.t(f"tracking.stage_advice.{row.to_kind}"),
            )
            (st.warning if row.status == "below" else st.info)(message, icon=icon)
    return shown
