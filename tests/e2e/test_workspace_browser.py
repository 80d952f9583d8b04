"""A new user in a real browser: create a plan from a scenario, reload, find it still open."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from tests.e2e.browser import settle
from tests.e2e.conftest import StreamlitServer

pytestmark = pytest.mark.browser


def test_create_from_a_scenario_then_reload_keeps_the_plan_open(
    server: str, chromium: Browser
) -> None:
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    page.goto(server)
    expect(page.get_by_role("heading", name="Plans de prospection")).to_be_visible(timeout=30_000)
    settle(page)

    name = page.get_by_label("Nom du plan")
    name.fill("Plan navigateur")
    name.press("Enter")
    settle(page)
    page.get_by_role("button", name="Créer le plan").click()
    settle(page)
    expect(page).to_have_url(re.compile(r"[?&]plan=[0-9a-f]{12}"), timeout=30_000)
    expect(page.get_by_role("heading", name="Plan navigateur")).to_be_visible()

    page.reload()
    expect(page.get_by_role("heading", name="Plan navigateur")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Enregistré")
    context.close()


def test_the_plan_downloads_as_an_excel_workbook(server: str, chromium: Browser) -> None:
    context = chromium.new_context(
        locale="fr-FR", viewport={"width": 1400, "height": 1600}, accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{server}/?lang=fr")
    settle(page)
    page.get_by_role("button", name="Créer le plan").click()
    expect(page).to_have_url(re.compile(r"plan=[0-9a-f]{12}"))
    settle(page)
    with page.expect_download() as download:
        main = page.locator('[data-testid="stMain"]')
        main.get_by_role("button", name="Télécharger le plan (Excel)").click()
    assert download.value.suggested_filename == "saas-b2b-pour-les-pme.xlsx"
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames[:2] == ["Hypothèses", "Canaux"]
    assert book["Canaux"]["C2"].value == 300  # activities a week: a number
    context.close()


def test_the_one_page_plan_downloads_from_the_sidebar_as_a_pdf(
    server: str, chromium: Browser
) -> None:
    context = chromium.new_context(
        locale="fr-FR", viewport={"width": 1400, "height": 1600}, accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{server}/?lang=fr")
    settle(page)
    page.get_by_role("button", name="Créer le plan").click()
    expect(page).to_have_url(re.compile(r"plan=[0-9a-f]{12}"))
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("link", name="Canaux").click()
    expect(page.get_by_role("heading", name="Canaux", exact=True)).to_be_visible()
    settle(page)
    sidebar.get_by_role("button", name="Partager le plan").click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Plan sur une page (PDF)").click()
    assert download.value.suggested_filename == "saas-b2b-pour-les-pme.pdf"
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "SaaS B2B pour les PME" in text
    assert f"Page 1 / {len(pdf.pages)}" in text
    context.close()


RENAME_FIELD = ".st-key-rename_name input"  # the open plan's name (not the new plan's)


def test_a_name_typed_right_after_loading_the_latest_version_is_what_gets_saved(
    restartable_server: StreamlitServer, chromium: Browser
) -> None:
    # A server of its own: on the shared one, the page runs longer and the race is lost more.
    # Typed at once after the click, the name reaches the page either after the latest version
    # (kept) or before it (the browser shows the latest name over it, and the page says the
    # latest version replaced what was not saved). Either way what the field shows is what a
    # Rename saves: the name once saved was the old one while the field showed the new one.
    server = restartable_server.url
    viewport = {"width": 1400, "height": 1600}
    first = chromium.new_context(locale="fr-FR", viewport=viewport).new_page()
    first.goto(f"{server}/?lang=fr")
    settle(first)
    first.get_by_role("button", name="Créer le plan").click()
    expect(first).to_have_url(re.compile(r"plan=[0-9a-f]{12}"))
    settle(first)
    second = chromium.new_context(locale="fr-FR", viewport=viewport).new_page()
    second.goto(first.url)
    settle(second)

    first.locator(RENAME_FIELD).fill("Renommé dans l’onglet un")
    first.get_by_role("button", name="Renommer").click()
    expect(first.get_by_role("heading", name="Renommé dans l’onglet un")).to_be_visible()

    second.locator(RENAME_FIELD).fill("Refusé")
    second.get_by_role("button", name="Renommer").click()
    settle(second)
    expect(second.get_by_text("Non enregistré", exact=False).first).to_be_visible()
    second.get_by_role("button", name="Charger la dernière version").click()
    name = second.locator(RENAME_FIELD)
    name.fill("Tapé aussitôt")
    second.keyboard.press("Enter")  # in the field typed in (the page may show two while it reruns)
    expect(second.get_by_text("Révision 2 chargée", exact=False)).to_be_visible()
    settle(second)
    second.wait_for_timeout(1_000)
    settle(second)
    shown = name.input_value()
    assert shown in ("Tapé aussitôt", "Renommé dans l’onglet un")
    if shown != "Tapé aussitôt":  # replaced before it was sent, and said: type it again
        name.fill("Tapé aussitôt")
        name.press("Enter")
        settle(second)
    expect(name).to_have_value("Tapé aussitôt")
    second.get_by_role("button", name="Renommer").click()
    expect(second.get_by_role("heading", name="Tapé aussitôt")).to_be_visible()
    expect(second.get_by_text("Non enregistré", exact=False)).to_have_count(0)

    first.reload()
    expect(first.get_by_role("heading", name="Tapé aussitôt")).to_be_visible(timeout=30_000)
    first.context.close()
    second.context.close()
