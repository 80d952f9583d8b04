"""Simulation chart builders: pure functions from result frames to Altair charts, labels translated.

Every frame is tidy and built by the ui/simulation* modules; nothing here runs a simulation.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from planner.core.i18n import t

BAND_COLOUR = "#1f6feb"
OBJECTIVE_COLOUR = "#d1242f"
LABEL_LIMIT = 320  # pixels of a category label before it is cut
VERDICT_COLOURS = {"ok": "#1a7f37", "warning": "#bf8700", "fail": "#d1242f", "none": "#8c959f"}


def _label(lang: str, key: str) -> str:
    return t(lang, f"simpage.chart.{key}")


def fan_chart(
    weekly: pd.DataFrame, objectives: pd.DataFrame, title: str, lang: str, number: str = ",.0f"
) -> alt.TopLevelMixin:
    """Cumulative P10–P90 band and median week by week, with each objective's target line.

    `weekly` has week_start, p10, p50, p90; `objectives` has name, target, deadline.
    """
    x = alt.X("week_start:T", title=_label(lang, "week"))
    tips = [
        alt.Tooltip("week_start:T", title=_label(lang, "week")),
        alt.Tooltip("p10:Q", title=_label(lang, "p10"), format=number),
        alt.Tooltip("p50:Q", title=_label(lang, "p50"), format=number),
        alt.Tooltip("p90:Q", title=_label(lang, "p90"), format=number),
    ]
    base = alt.Chart(weekly).encode(x=x, tooltip=tips)
    band = base.mark_area(opacity=0.22, color=BAND_COLOUR).encode(
        y=alt.Y("p10:Q", title=title), y2="p90:Q"
    )
    median = base.mark_line(color=BAND_COLOUR, strokeWidth=2.5).encode(y="p50:Q")
    layers: list[alt.Chart] = [band, median]
    if not objectives.empty:
        goal_tips = [
            alt.Tooltip("name:N", title=_label(lang, "objective")),
            alt.Tooltip("target:Q", title=title, format=number),
            alt.Tooltip("deadline:T", title=_label(lang, "week")),
        ]
        goals = alt.Chart(objectives).encode(y="target:Q", tooltip=goal_tips)
        layers.append(goals.mark_rule(color=OBJECTIVE_COLOUR, strokeDash=[6, 4]))
        layers.append(
            goals.mark_point(color=OBJECTIVE_COLOUR, filled=True, size=90, shape="diamond").encode(
                x="deadline:T"
            )
        )
    return alt.layer(*layers).properties(height=300)


def overlaid_fans(
    weekly: pd.DataFrame, title: str, lang: str, number: str = ",.0f"
) -> alt.TopLevelMixin:
    """Several plans' cumulative P10–P90 bands and medians on one chart, a colour per plan.

    `weekly` has plan, week_start, p10, p50, p90.
    """
    x = alt.X("week_start:T", title=_label(lang, "week"))
    colour = alt.Color("plan:N", title=_label(lang, "plan"), legend=alt.Legend(orient="bottom"))
    tips = [
        alt.Tooltip("plan:N", title=_label(lang, "plan")),
        alt.Tooltip("week_start:T", title=_label(lang, "week")),
        alt.Tooltip("p10:Q", title=_label(lang, "p10"), format=number),
        alt.Tooltip("p50:Q", title=_label(lang, "p50"), format=number),
        alt.Tooltip("p90:Q", title=_label(lang, "p90"), format=number),
    ]
    base = alt.Chart(weekly).encode(x=x, color=colour, tooltip=tips)
    band = base.mark_area(opacity=0.15).encode(y=alt.Y("p10:Q", title=title), y2="p90:Q")
    median = base.mark_line(strokeWidth=2.5).encode(y="p50:Q")
    return alt.layer(band, median).properties(height=320)


def funnel_chart(stages: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Median count of each stage over the horizon with its P10–P90 band, one panel per channel.

    `stages` has group (channel or shared), label, p10, p50, p90.
    """
    tips = [
        alt.Tooltip("group:N", title=_label(lang, "channel")),
        alt.Tooltip("label:N", title=_label(lang, "stage")),
        alt.Tooltip("p10:Q", title=_label(lang, "p10"), format=",.0f"),
        alt.Tooltip("p50:Q", title=_label(lang, "p50"), format=",.0f"),
        alt.Tooltip("p90:Q", title=_label(lang, "p90"), format=",.0f"),
    ]
    y = alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    scale = alt.Scale(type="symlog")
    bars = (
        alt.Chart()
        .mark_bar(opacity=0.75)
        .encode(y=y, x=alt.X("p50:Q", title=_label(lang, "count"), scale=scale), tooltip=tips)
    )
    whiskers = (
        alt.Chart()
        .mark_rule(strokeWidth=2, color="#24292f")
        .encode(y=y, x=alt.X("p10:Q", scale=scale), x2="p90:Q", tooltip=tips)
    )
    chart: alt.TopLevelMixin = (
        alt.layer(bars, whiskers, data=stages)
        .properties(height=alt.Step(22), width=520)
        .facet(
            row=alt.Row(
                "group:N", title=None, sort=None, header=alt.Header(labelAngle=0, labelAlign="left")
            )
        )
        .resolve_scale(y="independent")
    )
    return chart


def probability_chart(objectives: pd.DataFrame, lang: str, threshold: float) -> alt.TopLevelMixin:
    """Each objective's probability of being met by its deadline, coloured by the SMART verdict.

    `objectives` has name, probability (0–1) and verdict (ok, warning, fail, none).
    """
    colour = alt.Color(
        "verdict:N",
        legend=None,
        scale=alt.Scale(domain=list(VERDICT_COLOURS), range=list(VERDICT_COLOURS.values())),
    )
    bars = (
        alt.Chart(objectives)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", title=None, sort=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            x=alt.X(
                "probability:Q",
                title=_label(lang, "probability"),
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            color=colour,
            tooltip=[
                alt.Tooltip("name:N", title=_label(lang, "objective")),
                alt.Tooltip("probability:Q", title=_label(lang, "probability"), format=".0%"),
            ],
        )
    )
    line = (
        alt.Chart(pd.DataFrame({"threshold": [threshold]}))
        .mark_rule(strokeDash=[4, 4], color="#57606a")
        .encode(x="threshold:Q")
    )
    return alt.layer(bars, line).properties(height=alt.Step(26))


def hours_chart(hours: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Team hours each week: taken by the planned activity, by the required one, and available.

    `hours` is long: week_start, series (a translated label), hours.
    """
    chart: alt.TopLevelMixin = (
        alt.Chart(hours)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("week_start:T", title=_label(lang, "week")),
            y=alt.Y("hours:Q", title=_label(lang, "hours")),
            color=alt.Color(
                "series:N",
                title=None,
                sort=None,
                scale=alt.Scale(range=["#8c959f", OBJECTIVE_COLOUR, BAND_COLOUR]),
            ),
            tooltip=[
                alt.Tooltip("week_start:T", title=_label(lang, "week")),
                alt.Tooltip("series:N"),
                alt.Tooltip("hours:Q", format=",.1f"),
            ],
        )
        .properties(height=220)
        .configure_legend(orient="bottom")
    )
    return chart


def tornado_chart(bars: pd.DataFrame, baseline: float, lang: str, number: str) -> alt.TopLevelMixin:
    """Each uncertain rate at its low and its high against the baseline, widest bar on top.

    `bars` is long: label, end (a translated 'at its low' / 'at its high'), value.
    """
    order = list(dict.fromkeys(bars["label"]))
    chart = (
        alt.Chart(bars.assign(baseline=baseline))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            x=alt.X("value:Q", title=None, axis=alt.Axis(format=number)),
            x2="baseline:Q",
            color=alt.Color(
                "end:N", title=None, sort=None, scale=alt.Scale(range=[OBJECTIVE_COLOUR, "#1a7f37"])
            ),
            tooltip=[
                alt.Tooltip("label:N", title=_label(lang, "rate")),
                alt.Tooltip("end:N", title=None),
                alt.Tooltip("value:Q", title=_label(lang, "value"), format=number),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"baseline": [baseline]}))
        .mark_rule(color="#24292f")
        .encode(x="baseline:Q", tooltip=[alt.Tooltip("baseline:Q", format=number)])
    )
    return alt.layer(chart, rule).properties(height=alt.Step(26))


def scenario_chart(scenarios: pd.DataFrame, title: str, lang: str) -> alt.TopLevelMixin:
    """Total revenue of each scenario: its median and its P10–P90 band, same seed for all.

    `scenarios` has scenario, p10, p50, p90.
    """
    y = alt.Y("scenario:N", title=None, sort=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    tips = [
        alt.Tooltip("scenario:N", title=_label(lang, "scenario")),
        alt.Tooltip("p10:Q", title=_label(lang, "p10"), format=",.0f"),
        alt.Tooltip("p50:Q", title=_label(lang, "p50"), format=",.0f"),
        alt.Tooltip("p90:Q", title=_label(lang, "p90"), format=",.0f"),
    ]
    base = alt.Chart(scenarios).encode(y=y, tooltip=tips)
    band = base.mark_rule(strokeWidth=8, opacity=0.35, color=BAND_COLOUR).encode(
        x=alt.X("p10:Q", title=title), x2="p90:Q"
    )
    median = base.mark_point(filled=True, size=120, color=BAND_COLOUR).encode(x="p50:Q")
    return alt.layer(band, median).properties(height=alt.Step(34))
