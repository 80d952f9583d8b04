"""A founder types a week of results by hand in the weekly table and reads them in the KPIs."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.browser import metric_value, open_cell, open_demo_plan_fr, settle, wait_for_cell

pytestmark = pytest.mark.browser
# Columns of the weekly table, counted from the week: week, channel, activities, connections,
# conversations, replies, meetings booked and held, proposals, deals won and lost, revenue.
ACTIVITIES, WON, REVENUE = 2, 9, 11


def type_in_cell(page: Page, grid: Locator, column: int, text: str, shown: str) -> None:
    """Type a figure into a cell of the table's first row, as a user does, commit it, and wait
    until the saved table is drawn again with the cell reading `shown`."""
    open_cell(page, grid, 0, column).fill(text)
    page.keyboard.press("Enter")
    settle(page)
    wait_for_cell(page, grid, 0, column, shown)


def test_a_week_typed_by_hand_counts_in_the_kpis(server: str, chromium: Browser) -> None:
    # The browser speaks English: the table still writes and reads numbers the French way,
    # the language chosen in the app.
    context = chromium.new_context(locale="en-US", viewport={"width": 1800, "height": 3000})
    page = context.new_page()
    open_demo_plan_fr(page, server, "Suivi")

    page.get_by_role("button", name="Remplir les semaines du plan").click()
    settle(page)
    expect(page.get_by_text("Lignes ajoutées, une par semaine et par canal : 3.")).to_be_visible()

    # The first row (the plan's first week, one channel): 40 activities, 2 deals won for
    # 12 500,50 € typed the French way.
    grid = page.locator('[data-testid="stDataFrame"]').first
    type_in_cell(page, grid, ACTIVITIES, "40", "40")
    expect(page.get_by_text("Tableau hebdomadaire enregistré.")).to_be_visible()
    type_in_cell(page, grid, WON, "2", "2")
    type_in_cell(page, grid, REVENUE, "12500,5", "12\u202f500,50")  # read back the French way

    totals = page.get_by_text(re.compile("^Saisi en tout"))
    expect(totals).to_have_text(
        re.compile(r"40 activités, 2 affaires gagnées, 12\s500,50\s€ de chiffre d’affaires")
    )
    expect(metric_value(page, "Chiffre d’affaires généré")).to_have_text(
        re.compile(r"^12\s500,50\s€$")
    )
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    context.close()
