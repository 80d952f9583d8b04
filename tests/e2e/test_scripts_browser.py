"""A user opens a demo plan's Scripts page, rewrites the hook, reloads, and finds the edit kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.browser import create_named_plan, settle

pytestmark = pytest.mark.browser

HOOK = "Hello [Name], this is [Rep] from [Company]: a hook written in the browser."


def test_edit_the_hook_and_find_it_after_a_reload(server: str, chromium: Browser) -> None:
    context = chromium.new_context(locale="en-US", viewport={"width": 1500, "height": 1800})
    page = context.new_page()
    page.goto(f"{server}/?lang=en")
    expect(page.get_by_role("heading", name="Prospection plans")).to_be_visible(timeout=30_000)
    settle(page)
    create_named_plan(page, "Scripts demo", "en")

    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Scripts").click()
    expect(page.get_by_role("heading", name="Scripts", exact=True)).to_be_visible()
    settle(page)
    hook = page.get_by_label("Hook", exact=True)
    expect(hook).not_to_have_value("")
    hook.fill(HOOK)
    page.locator("h1").first.click()  # leave the field, as a user moves on: it saves
    settle(page)
    expect(page.get_by_text("revision 2")).to_be_visible()

    page.reload()
    settle(page)
    expect(page.get_by_role("heading", name="Scripts", exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_label("Hook", exact=True)).to_have_value(HOOK)
    context.close()
