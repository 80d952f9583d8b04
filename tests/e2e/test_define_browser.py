"""A new user builds a plan from blank through Target, Objectives and Channels, then reloads."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.browser import open_cell, open_demo_plan_fr, settle

pytestmark = pytest.mark.browser


def editor(page: Page, index: int = 0) -> Locator:
    return page.locator('[data-testid="stDataFrame"]').nth(index)


def add_row(page: Page, grid: Locator, text: str) -> None:
    """Add a row to an editable table by clicking its empty last row, and type its first cell."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    x, y = box["x"] + 80, box["y"] + box["height"] - 12
    page.mouse.click(x, y)  # the trailing row adds a row where it stood
    expect(grid).to_have_js_property("offsetHeight", round(box["height"]) + 35)
    page.mouse.dblclick(x, y)  # open the new row's first cell for editing
    cell = page.locator("#portal textarea")
    expect(cell).to_be_focused()
    cell.press_sequentially(text)
    expect(cell).to_have_value(text)
    page.wait_for_timeout(100)  # let the grid take the last keystroke before committing
    cell.press("Enter")
    expect(cell).to_have_count(0)
    page.locator("h1").first.click()  # leave the table, as a user moves on
    settle(page)


def go(page: Page, label: str) -> None:
    """Follow the sidebar link to a step and wait until its page is fully drawn."""
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=label).click()
    expect(page.get_by_role("heading", name=label, exact=True)).to_be_visible()
    settle(page)
    page.wait_for_timeout(500)
    settle(page)


def test_build_a_plan_from_blank_and_find_it_after_a_reload(server: str, chromium: Browser) -> None:
    context = chromium.new_context(locale="en-US", viewport={"width": 1500, "height": 1800})
    page = context.new_page()
    page.goto(f"{server}/?lang=en")
    expect(page.get_by_role("heading", name="Prospection plans")).to_be_visible(timeout=30_000)
    settle(page)
    page.get_by_label("Start from").click()
    page.get_by_role("option", name="A blank plan").click()
    settle(page)
    page.get_by_label("Plan name").fill("Workshop plan")
    page.get_by_label("Plan name").press("Enter")
    settle(page)
    page.get_by_role("button", name="Create the plan").click()
    expect(page.get_by_role("heading", name="Workshop plan")).to_be_visible()
    expect(page).to_have_url(re.compile(r"plan=[0-9a-f]{12}"))
    settle(page)

    go(page, "Target")
    expect(page.get_by_role("heading", name="Target", exact=True)).to_be_visible()
    add_row(page, editor(page, 0), "Accounting firms")
    expect(page.get_by_text("revision 2")).to_be_visible()

    go(page, "Objectives")
    reps = page.get_by_label("Reps", exact=True)
    reps.fill("3")
    reps.press("Enter")
    settle(page)
    expect(page.get_by_text("revision 3")).to_be_visible()

    go(page, "Channels")
    add_row(page, editor(page, 0), "Cold calls")
    expect(page.get_by_text("revision 4")).to_be_visible()

    page.reload()
    settle(page)
    expect(page.get_by_role("heading", name="Channels", exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_text("revision 4")).to_be_visible()
    expect(page.get_by_label("Funnel of")).to_be_visible()
    expect(page.get_by_role("combobox", name="Funnel of")).to_have_value("Cold calls")
    go(page, "Target")
    expect(page.get_by_text("first priority: Accounting firms")).to_be_visible()
    go(page, "Objectives")
    expect(page.get_by_label("Reps", exact=True)).to_have_value("3")
    context.close()


def test_hours_typed_the_french_way_are_read_as_french(server: str, chromium: Browser) -> None:
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1400})
    page = context.new_page()
    open_demo_plan_fr(page, server, "Objectifs")
    hours = page.get_by_label("Heures de prospection / commercial / semaine", exact=True)
    hours.fill("10,5")
    hours.press("Enter")
    settle(page)
    expect(page.get_by_text("révision 2")).to_be_visible()
    expect(hours).to_have_value("10,5")
    reps = page.get_by_label("Commerciaux", exact=True)
    reps.fill("-2")
    reps.press("Enter")
    settle(page)
    expect(
        page.get_by_text("sous le minimum, 0 (un signe moins n’est pas accepté ici)")
    ).to_be_visible()
    expect(page.get_by_text("révision 2")).to_be_visible()  # nothing saved
    context.close()


def test_a_rate_over_100_percent_is_not_capped_while_typed(server: str, chromium: Browser) -> None:
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1400})
    page = context.new_page()
    open_demo_plan_fr(page, server, "Canaux")
    stages = editor(page, 1)
    cell = open_cell(page, stages, 0, 3)  # the first stage's low rate
    expect(cell).to_have_value(re.compile(r"^\d+,\d\d\u00a0%$"))  # written the French way
    page.keyboard.press("Control+a")
    page.keyboard.type("150")
    expect(cell).to_have_value("150")  # the grid no longer caps it at 100 while typing
    page.wait_for_timeout(100)  # let the grid take the last keystroke before committing
    page.keyboard.press("Enter")
    expect(cell).to_have_count(0)
    page.locator("h1").first.click()
    settle(page)
    # What the page then says is tested through AppTest (test_app_define.py): here the grid did
    # not always commit the cell before the click away, so only "nothing saved" is checked.
    expect(page.get_by_text("révision 1")).to_be_visible()  # nothing saved
    context.close()
