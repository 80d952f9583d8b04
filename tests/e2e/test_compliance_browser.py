"""A user reads the Compliance step of a demo plan in French and drafts the notice for a list."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.browser import open_demo_plan_fr, settle

pytestmark = pytest.mark.browser


def test_the_compliance_step_in_french(server: str, chromium: Browser) -> None:
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1800})
    page = context.new_page()
    open_demo_plan_fr(page, server, "Conformité")
    expect(page.get_by_role("heading", name="Ce qui manque au plan")).to_be_visible()
    expect(page.get_by_role("heading", name="Ce qui s’applique, canal par canal")).to_be_visible()
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("Règles en vigueur le")).to_be_visible()
    notice = page.locator('[data-testid="stCode"]')
    expect(notice).to_contain_text("Information sur le traitement de vos données (RGPD, art. 14)")
    source = main.get_by_label("Origine des données")
    source.scroll_into_view_if_needed()
    settle(page)  # the page's last runs may still redraw it: a click then opens nothing
    source.click()
    page.get_by_role("option", name="Un fichier acheté").click()
    settle(page)
    expect(notice).to_contain_text("un fichier de prospects acheté auprès de")
    context.close()
