"""Privacy by default: the browser asks nothing of any server but ours, on any page."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Route, expect

from tests.e2e.browser import open_demo_plan_fr, settle

pytestmark = pytest.mark.browser

STEPS = ("Cible", "Objectifs", "Canaux", "Scripts", "Simulation", "Suivi", "Espace de travail")


def test_no_page_asks_anything_of_another_server(server: str, chromium: Browser) -> None:
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def guard(route: Route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("data", "blob") or url.hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)  # logged and blocked, as a room without internet
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    open_demo_plan_fr(page, server, "Cible")
    for step in STEPS:
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name=step, exact=True).click()
        settle(page)
        page.wait_for_timeout(500)
        settle(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert outside == []
    context.close()
