"""Chart builders: pure functions from plan results to Altair charts, drawn in the user's locale."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd
import streamlit as st

from planner.core.i18n import t
from planner.plan.calendar import week_starts
from planner.plan.funnel import ExpectedFunnel
from planner.plan.model import Plan
from planner.share import chart_image

if TYPE_CHECKING:
    from planner.plan.capacity import CapacityReport


def capacity_chart(plan: Plan, report: CapacityReport, lang: str) -> alt.Chart:
    """Hours the team has and hours the channel mix asks, week by week."""
    starts = week_starts(plan.meta)
    available, needed = t(lang, "charts.hours_available"), t(lang, "charts.hours_needed")
    frame = pd.concat(
        [
            pd.DataFrame({"week": starts, "hours": report.weekly_hours, "series": available}),
            pd.DataFrame({"week": starts, "hours": report.demand_hours, "series": needed}),
        ],
        ignore_index=True,
    )
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_line(interpolate="step-after", point=False)
        .encode(
            x=alt.X("week:T", title=t(lang, "charts.week")),
            y=alt.Y("hours:Q", title=t(lang, "charts.hours")),
            color=alt.Color("series:N", title=None, scale=alt.Scale(range=["#1f6feb", "#d1242f"])),
            tooltip=[
                alt.Tooltip("week:T"),
                alt.Tooltip("series:N"),
                alt.Tooltip("hours:Q", format=".1f"),
            ],
        )
        .properties(height=220)
    )
    return chart


def funnel_chart(funnel: ExpectedFunnel, lang: str) -> alt.Chart:
    """Expected count of each stage over the horizon, channels one after the other."""
    totals = funnel.stage_totals().assign(
        label=lambda d: d["channel"] + " · " + d["step"].astype(str) + ". " + d["stage"]
    )
    chart: alt.Chart = (
        alt.Chart(totals)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X(
                "expected:Q",
                title=t(lang, "charts.expected_over_horizon"),
                scale=alt.Scale(type="symlog"),
            ),
            color=alt.Color("channel:N", title=t(lang, "charts.channel"), legend=None),
            tooltip=[
                alt.Tooltip("channel:N", title=t(lang, "charts.channel")),
                alt.Tooltip("stage:N", title=t(lang, "charts.stage")),
                alt.Tooltip("expected:Q", title=t(lang, "charts.expected"), format=",.1f"),
            ],
        )
        .properties(height=alt.Step(18))
    )
    return chart


def revenue_chart(funnel: ExpectedFunnel, lang: str) -> alt.Chart:
    """Cumulative expected revenue week by week, stacked by channel."""
    money = funnel.money.sort_values(["channel", "week"]).assign(
        cumulative=lambda d: d.groupby("channel")["revenue"].cumsum()
    )
    chart: alt.Chart = (
        alt.Chart(money)
        .mark_area(opacity=0.8)
        .encode(
            x=alt.X("week_start:T", title=t(lang, "charts.week")),
            y=alt.Y("cumulative:Q", stack=True, title=t(lang, "charts.cumulative_revenue")),
            color=alt.Color("channel:N", title=t(lang, "charts.channel")),
            tooltip=[
                alt.Tooltip("week_start:T", title=t(lang, "charts.week")),
                alt.Tooltip("channel:N", title=t(lang, "charts.channel")),
                alt.Tooltip(
                    "cumulative:Q", title=t(lang, "charts.cumulative_revenue"), format=",.0f"
                ),
            ],
        )
        .properties(height=260)
    )
    return chart


def cadence_chart(steps: pd.DataFrame, lang: str) -> alt.Chart:
    """The cadence as a timeline: one mark per touch, by day and channel."""
    chart: alt.Chart = (
        alt.Chart(steps)
        .mark_circle(size=220)
        .encode(
            x=alt.X("day_offset:Q", title=t(lang, "charts.day")),
            y=alt.Y("channel:N", title=None),
            color=alt.Color("channel:N", legend=None),
            tooltip=[
                alt.Tooltip("day_offset:Q", title=t(lang, "charts.day")),
                alt.Tooltip("channel:N", title=t(lang, "charts.channel")),
                alt.Tooltip("action:N", title=t(lang, "charts.action")),
            ],
        )
        .properties(height=160)
    )
    return chart


_FR_LOCALE = {
    "number": {"decimal": ",", "thousands": "\u202f", "grouping": [3], "currency": ["", "\u00a0€"]},
    "time": {
        "dateTime": "%A %e %B %Y à %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        "months": [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "shortMonths": [
            "janv.",
            "févr.",
            "mars",
            "avr.",
            "mai",
            "juin",
            "juil.",
            "août",
            "sept.",
            "oct.",
            "nov.",
            "déc.",
        ],
    },
}


_FR_DATE = "%-d %b %Y"
# Temporal axis ticks by the unit they fall on, day before month: "13 déc.", not "déc. 13".
_FR_TICKS = {
    "year": "%Y",
    "quarter": "%b",
    "month": "%b",
    "week": "%-d %b",
    "date": "%-d %b",
    "hours": "%H h",
    "minutes": "%H:%M",
    "seconds": "%H:%M:%S",
    "milliseconds": "%H:%M:%S,%L",
}


def localised(spec: dict[str, Any], lang: str) -> dict[str, Any]:
    """A Vega-Lite spec whose axes and tooltips format numbers and dates for the language."""
    if lang != "fr":
        return spec
    config = dict(spec.get("config") or {})
    config["locale"] = _FR_LOCALE
    config["timeFormat"] = _FR_DATE  # tooltips and legends: "24 mai 2027", not "mai 24, 2027"
    config["axisTemporal"] = {"format": _FR_TICKS} | dict(config.get("axisTemporal") or {})
    return {**spec, "config": config}


def show(chart: alt.TopLevelMixin, lang: str) -> None:
    """Draw an Altair chart with the language's number and date formats."""
    spec = localised(chart.to_dict(), lang)
    st.vega_lite_chart(spec, width="stretch")
    image_downloads(spec, lang)


def image_downloads(spec: dict[str, Any], lang: str, identity: str | None = None) -> None:
    """PNG and SVG downloads of a chart, drawn on the server only when clicked.

    `identity` names the chart among the page's (its cache key); else the spec's digest does.
    """
    text = identity or json.dumps(spec, sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode()).hexdigest()
    with st.popover(t(lang, "share.image"), icon=":material/image:"):
        for kind in ("png", "svg"):
            st.download_button(
                kind.upper(),
                data=partial(chart_image, spec, kind),
                file_name=f"{t(lang, 'share.chart_file')}.{kind}",
                mime="image/png" if kind == "png" else "image/svg+xml",
                key=f"chart_{kind}_{digest[:16]}",
                on_click="ignore",
            )


@st.cache_data(show_spinner=False, max_entries=256)
def _cached_spec(key: tuple[Any, ...], _build: Callable[[], alt.TopLevelMixin]) -> dict[str, Any]:
    """A chart's Vega-Lite spec, built once per key: Altair's validation dominates a rerun."""
    spec: dict[str, Any] = _build().to_dict()
    return spec


def show_cached(
    lang: str, key: tuple[Any, ...], build: Callable[[], alt.TopLevelMixin], **options: Any
) -> None:
    """Draw a chart built by `build` once per `key` (which must name all it depends on)."""
    spec = localised(_cached_spec((*key, lang), build), lang)
    st.vega_lite_chart(spec, width=options.get("width", "stretch"))
    image_downloads(spec, lang, repr((*key, lang)))
