"""Charts drawn as images on the server, with no browser: PNG and SVG, in the page's language."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from planner.plan.capacity import capacity_report
from planner.plan.scenarios import build_scenario
from planner.share import chart_image
from ui import charts

START = dt.date(2027, 1, 4)


@pytest.fixture(scope="module")
def capacity_spec() -> dict[str, object]:
    plan = build_scenario("saas_smb", "fr", START)
    return charts.localised(
        charts.capacity_chart(plan, capacity_report(plan), "fr").to_dict(), "fr"
    )


def test_a_chart_becomes_a_png(capacity_spec: dict[str, object]) -> None:
    png = chart_image(capacity_spec, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")  # the IHDR chunk: drawn at twice the width
    assert width >= 2 * 800


def test_a_chart_becomes_an_svg_with_french_months(capacity_spec: dict[str, object]) -> None:
    svg = chart_image(capacity_spec, "svg").decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    labels = re.findall(r">([^<]+)</text>", svg)
    assert "févr." in labels and "Semaine" in labels  # French abbreviated month ticks
