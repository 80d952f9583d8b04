"""The presenter view on a projector's 1024×768 window in Chromium: large type, nothing wider
than the screen, and the keyboard's arrows move between the slides."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.browser import open_demo_plan_fr, settle

pytestmark = pytest.mark.browser


def test_the_presenter_view_fits_a_projector_and_follows_the_arrows(
    server: str, chromium: Browser
) -> None:
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1024, "height": 768})
    page = context.new_page()
    open_demo_plan_fr(page, server, "Cible")
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Mode présentation").click()
    first = page.get_by_role("heading", name="Qui prospecter, et qu’est-ce qu’un lead qualifié")
    expect(first).to_be_visible()
    expect(page.get_by_role("button", name="Suivant")).to_be_enabled()
    settle(page)
    size = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"] li').first
    assert float(size.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px")) >= 22
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 1024, f"the page is {wide} px wide on a 1024 px screen"

    page.locator('[data-testid="stMain"] h1').click()  # the page has the focus, not the sidebar
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name="Des objectifs SMART")).to_be_visible()
    settle(page)
    page.keyboard.press("ArrowRight")
    expect(
        page.get_by_role("heading", name="Des activités aux rendez-vous : l’entonnoir")
    ).to_be_visible()
    settle(page)
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("heading", name="Des objectifs SMART")).to_be_visible()
    page.reload()  # the slide is in the address: a reload keeps it
    expect(page.get_by_role("heading", name="Des objectifs SMART")).to_be_visible(timeout=30_000)
    context.close()
