"""A founder types a week of results by hand in the weekly table and reads them in the KPIs."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.browser import settle

pytestmark = pytest.mark.browser
# Columns of the weekly table, counted from the week: week, channel, activities, connections,
# conversations, replies, meetings booked and held, proposals, deals won and lost, revenue.
ACTIVITIES, WON, REVENUE = 2, 9, 11


def metric_value(page: Page, label: str) -> Locator:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label)
    return metric.locator('[data-testid="stMetricValue"]')


def type_in_cell(page: Page, grid: Locator, column: int, text: str) -> None:
    """Type a figure into a cell of the table's first row, as a user does: click, arrows, type."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)  # the first cell under the header
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # opens the cell's editor
    cell = page.locator("#portal").get_by_role("textbox")
    expect(cell).to_be_visible()
    cell.fill(text)
    page.keyboard.press("Enter")
    settle(page)


def test_a_week_typed_by_hand_counts_in_the_kpis(server: str, chromium: Browser) -> None:
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1800, "height": 3000})
    page = context.new_page()
    page.goto(f"{server}/?lang=fr")
    expect(page.get_by_role("heading", name="Plans de prospection")).to_be_visible(timeout=30_000)
    settle(page)
    page.get_by_role("button", name="Créer le plan").click()  # the first demo plan, SaaS B2B
    expect(page).to_have_url(re.compile(r"plan=[0-9a-f]{12}"))
    settle(page)
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Suivi").click()
    expect(page.get_by_role("heading", name="Suivi", exact=True)).to_be_visible()
    settle(page)

    page.get_by_role("button", name="Remplir les semaines du plan").click()
    settle(page)
    expect(page.get_by_text("Lignes ajoutées, une par semaine et par canal : 3.")).to_be_visible()

    # The first row (the plan's first week, one channel): 40 activities, 2 deals won for
    # 12 500,50 € typed the French way.
    grid = page.locator('[data-testid="stDataFrame"]').first
    type_in_cell(page, grid, ACTIVITIES, "40")
    expect(page.get_by_text("Tableau hebdomadaire enregistré.")).to_be_visible()
    type_in_cell(page, grid, WON, "2")
    type_in_cell(page, grid, REVENUE, "12500,5")

    totals = page.get_by_text(re.compile("^Saisi en tout"))
    expect(totals).to_have_text(
        re.compile(r"40 activités, 2 affaires gagnées, 12\s500,50\s€ de chiffre d’affaires")
    )
    expect(metric_value(page, "Chiffre d’affaires généré")).to_have_text(
        re.compile(r"^12\s500,50\s€$")
    )
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    context.close()
