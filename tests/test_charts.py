"""Charts speak the user's language: French number and month formats inside Vega-Lite."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from planner.plan.funnel import expected_funnel
from planner.plan.scenarios import build_scenario
from planner.share import chart_image
from ui import charts


def test_a_french_chart_formats_numbers_and_months_the_french_way() -> None:
    funnel = expected_funnel(build_scenario("saas_smb", "fr", dt.date(2027, 1, 4)))
    spec = charts.localised(charts.revenue_chart(funnel, "fr").to_dict(), "fr")
    locale = spec["config"]["locale"]
    assert locale["number"]["decimal"] == ","
    assert locale["number"]["thousands"] == "\u202f"
    assert locale["time"]["months"][1] == "février"


def test_an_english_chart_keeps_the_default_formats_and_its_own_config() -> None:
    funnel = expected_funnel(build_scenario("saas_smb", "en", dt.date(2027, 1, 4)))
    spec = charts.revenue_chart(funnel, "en").to_dict()
    assert charts.localised(spec, "en") is spec
    assert "locale" not in (spec.get("config") or {})


def _drawn_text(spec: dict[str, object]) -> str:
    """The text of a chart drawn on the server as SVG (labels, titles), as the downloads do."""
    return chart_image(spec, "svg").decode()


def test_french_week_ticks_put_the_day_before_the_month() -> None:
    weeks = pd.DataFrame({"week": pd.date_range("2027-11-29", periods=5, freq="7D"), "n": range(5)})
    chart = alt.Chart(weeks).mark_line().encode(x="week:T", y="n:Q")
    drawn = _drawn_text(charts.localised(chart.to_dict(), "fr"))
    assert "13 déc." in drawn
    assert "déc. 13" not in drawn and "Dec" not in drawn


def test_a_french_year_of_weeks_reads_short_month_names() -> None:
    funnel = expected_funnel(build_scenario("saas_smb", "fr", dt.date(2027, 1, 4)))
    drawn = _drawn_text(charts.localised(charts.revenue_chart(funnel, "fr").to_dict(), "fr"))
    assert "févr." in drawn and ">avr.<" in drawn
    assert "Feb" not in drawn and "Apr" not in drawn


def test_french_tooltips_write_dates_day_first() -> None:
    funnel = expected_funnel(build_scenario("saas_smb", "fr", dt.date(2027, 1, 4)))
    spec = charts.localised(charts.revenue_chart(funnel, "fr").to_dict(), "fr")
    # Vega formats a tooltip's date with config.timeFormat; drawn as a text mark it reads the same.
    day = pd.DataFrame({"d": [dt.date(2027, 5, 24)]})
    text = alt.Chart(day).mark_text().encode(text="d:T")
    drawn = _drawn_text(charts.localised(text.to_dict(), "fr"))
    assert (
        spec["config"]["timeFormat"]
        == charts.localised(text.to_dict(), "fr")["config"]["timeFormat"]
    )
    assert "24 mai 2027" in drawn
