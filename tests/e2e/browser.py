"""What the browser tests share: waiting for Streamlit, opening a demo plan, reading tables."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect


def settle(page: Page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_timeout(300)
    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=30_000)


def open_demo_plan_fr(page: Page, server: str, step: str) -> None:
    """In French: create the first demo plan (SaaS B2B) and open one of its steps."""
    page.goto(f"{server}/?lang=fr")
    expect(page.get_by_role("heading", name="Plans de prospection")).to_be_visible(timeout=30_000)
    settle(page)
    page.get_by_role("button", name="Créer le plan").click()
    expect(page).to_have_url(re.compile(r"plan=[0-9a-f]{12}"))
    settle(page)
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=step).click()
    expect(page.get_by_role("heading", name=step, exact=True)).to_be_visible()
    settle(page)


def metric_value(page: Page, label: str) -> Locator:
    """The value of the metric with this label."""
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label)
    return metric.locator('[data-testid="stMetricValue"]')


def open_cell(page: Page, grid: Locator, row: int, column: int) -> Locator:
    """Open a cell's editor as a user does (click the first cell, arrows, Enter): its textbox."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)  # the first cell under the header
    for key, times in (("ArrowDown", row), ("ArrowRight", column)):
        for _ in range(times):
            page.keyboard.press(key)
    page.keyboard.press("Enter")
    cell = page.locator("#portal").get_by_role("textbox")  # a textarea, or an input for numbers
    expect(cell).to_be_visible()
    return cell
