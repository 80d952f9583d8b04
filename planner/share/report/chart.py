"""The report's fan chart as a Vega-Lite spec: black and white, in the language's formats."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from babel.dates import get_day_names, get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from planner.core.i18n import babel_locale, t

WIDTH, HEIGHT = 640, 220  # pixels: the width of an A4 page's text at print scale


def vega_locale(lang: str) -> dict[str, Any]:
    """The d3 number and time locale of a language, read from babel (month names, separators)."""
    loc = babel_locale(lang)

    def months(width: Literal["wide", "abbreviated"]) -> list[str]:
        return [str(get_month_names(width, locale=loc)[m]) for m in range(1, 13)]

    def days(width: Literal["wide", "abbreviated"]) -> list[str]:
        names = get_day_names(width, locale=loc)
        return [str(names[d]) for d in (6, 0, 1, 2, 3, 4, 5)]  # d3 starts on Sunday

    return {
        "number": {
            "decimal": get_decimal_symbol(loc),
            "thousands": get_group_symbol(loc),
            "grouping": [3],
            "currency": ["", ""],
        },
        "time": {
            "dateTime": "%x %X",
            "date": "%d/%m/%Y" if lang == "fr" else "%m/%d/%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": days("wide"),
            "shortDays": days("abbreviated"),
            "months": months("wide"),
            "shortMonths": months("abbreviated"),
        },
    }


def fan_spec(
    weekly: Sequence[Mapping[str, Any]],
    goals: Sequence[Mapping[str, Any]],
    title: str,
    lang: str,
) -> dict[str, Any]:
    """Cumulative P10–P90 band (grey), median (black line) and each goal (dashed line).

    `weekly` rows hold week_start (ISO text), p10, p50, p90; `goals` rows name, target, deadline.
    """
    x = {"field": "week_start", "type": "temporal", "title": t(lang, "report.chart.week")}
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": list(weekly)},
            "mark": {"type": "area", "color": "#c8c8c8"},
            "encoding": {
                "x": x,
                "y": {"field": "p10", "type": "quantitative", "title": title},
                "y2": {"field": "p90"},
            },
        },
        {
            "data": {"values": list(weekly)},
            "mark": {"type": "line", "color": "#000000", "strokeWidth": 2},
            "encoding": {"x": x, "y": {"field": "p50", "type": "quantitative"}},
        },
    ]
    if goals:
        layers.append(
            {
                "data": {"values": list(goals)},
                "mark": {"type": "rule", "color": "#000000", "strokeDash": [6, 4]},
                "encoding": {"y": {"field": "target", "type": "quantitative"}},
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "background": "white",
        "layer": layers,
        "config": {
            "locale": vega_locale(lang),
            "font": "DejaVu Sans",
            "axis": {"labelColor": "#000000", "titleColor": "#000000", "gridColor": "#dddddd"},
            "view": {"stroke": "#888888"},
        },
    }
