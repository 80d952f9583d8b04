"""A trainer opens a demo plan's Simulation page and moves a what-if slider in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.browser import settle

pytestmark = pytest.mark.browser


def test_a_what_if_slider_changes_the_revenue(server: str, chromium: Browser) -> None:
    context = chromium.new_context(locale="en-US", viewport={"width": 1500, "height": 2400})
    page = context.new_page()
    page.goto(f"{server}/?lang=en")
    expect(page.get_by_role("heading", name="Prospection plans")).to_be_visible(timeout=30_000)
    settle(page)
    page.get_by_role("button", name="Create the plan").click()  # the first demo plan
    expect(page).to_have_url(re.compile(r"plan=[0-9a-f]{12}"))
    settle(page)

    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Simulation").click()
    expect(page.get_by_role("heading", name="Simulation", exact=True)).to_be_visible()
    settle(page)
    revenue = page.locator('[data-testid="stMetric"]').filter(has_text="Revenue (median)")
    value = revenue.locator('[data-testid="stMetricValue"]')
    expect(value).to_contain_text("€", timeout=30_000)
    before = value.inner_text()

    slider = page.locator('[data-testid="stSlider"]').filter(has_text="Activities of Cold calling")
    slider.get_by_role("slider").focus()
    slider.get_by_role("slider").press("End")  # three times the planned calls
    settle(page)

    expect(value).not_to_have_text(before)
    expect(revenue).to_contain_text("vs the saved plan")
    expect(page.get_by_text("What-if results: not saved in the plan.")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    context.close()


def test_the_activity_needed_is_computed_when_its_panel_opens(
    server: str, chromium: Browser
) -> None:
    context = chromium.new_context(locale="en-US", viewport={"width": 1500, "height": 2400})
    page = context.new_page()
    page.goto(f"{server}/?lang=en")
    expect(page.get_by_role("heading", name="Prospection plans")).to_be_visible(timeout=30_000)
    settle(page)
    page.get_by_role("button", name="Create the plan").click()
    expect(page).to_have_url(re.compile(r"plan=[0-9a-f]{12}"))
    settle(page)
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Simulation").click()
    expect(page.get_by_role("heading", name="Simulation", exact=True)).to_be_visible()
    settle(page)
    multiplier = page.locator('[data-testid="stMetric"]').filter(has_text="Activity multiplier")
    expect(multiplier).to_have_count(0)  # folded: not computed

    panel = page.locator('[data-testid="stExpander"]').filter(has_text="Activity needed")
    panel.locator("summary").click()
    settle(page)

    expect(multiplier.locator('[data-testid="stMetricValue"]')).to_contain_text("×")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    context.close()
