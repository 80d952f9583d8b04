"""Charts speak the user's language: French number and month formats inside Vega-Lite."""

from __future__ import annotations

import datetime as dt

from planner.plan.funnel import expected_funnel
from planner.plan.scenarios import build_scenario
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
