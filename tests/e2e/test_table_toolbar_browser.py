"""The tables' own toolbar offers no English CSV download; the page's downloads speak French."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.browser import open_demo_plan_fr

pytestmark = pytest.mark.browser


def test_a_table_toolbar_has_no_csv_download_and_ours_are_in_french(
    server: str, chromium: Browser
) -> None:
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1400, "height": 2400})
    page = context.new_page()
    open_demo_plan_fr(page, server, "Canaux")
    tables = page.locator('[data-testid="stDataFrame"]')
    expect(tables.first).to_be_visible()
    for index in range(tables.count()):
        table = tables.nth(index)
        table.scroll_into_view_if_needed()
        table.hover()
        toolbar = page.locator('[data-testid="stElementToolbar"]').filter(
            has=page.locator("button")
        )
        expect(toolbar.first).to_be_visible()  # the toolbar shows on hover, its CSV button not
        expect(page.get_by_role("button", name="Download as CSV")).to_have_count(0)
    expect(page.get_by_role("button", name="Télécharger la cadence (.ics)")).to_be_visible()
    expect(page.get_by_role("button", name="Download", exact=False)).to_have_count(0)
    context.close()
