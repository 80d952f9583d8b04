"""A founder uploads a CSV saved by French Excel on the Tracking page, reads the KPIs in French."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.browser import cell_text, metric_value, open_demo_plan_fr, settle

pytestmark = pytest.mark.browser

# French Excel's "CSV (séparateur : point-virgule)": cp1252, `;`, decimal comma, day-first dates,
# CRLF, accented headers and values, a thousands no-break space and a € sign in a quoted amount.
HEADER = "Date;Prospect;Canal;Événement;Montant;Segment;Commercial"
ROWS = (
    "{d1};Société Générale d’Élec;Prospection téléphonique;Activité;;PME;Anaïs",
    "{d1};Café Brûlé;E-mail de prospection;Activité;;PME;Anaïs",
    "{d1};Garage Müller;LinkedIn;Activité;;PME;Zoé",
    '{d2};Société Générale d’Élec;Prospection téléphonique;Gagné;"8\u00a0000,50 €";PME;Anaïs',
    "{d2};Café Brûlé;E-mail de prospection;Gagné;4500;PME;Anaïs",
)
# Worked by hand from the rows: two deals won, 8 000,50 € + 4 500 € = 12 500,50 €; two new
# customers out of three prospects contacted.
REVENUE = "12 500,50 €"
NEW_CUSTOMERS = "2"


def french_excel_csv(first: dt.date, second: dt.date) -> bytes:
    """The rows as French Excel saves them, the activities on `first`, the deals on `second`."""
    d1, d2 = first.strftime("%d/%m/%Y"), second.strftime("%d/%m/%Y")
    lines = [HEADER, *(row.format(d1=d1, d2=d2) for row in ROWS)]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def spaced(text: str) -> str:
    """Text with every kind of space (no-break, narrow no-break) as a plain space."""
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " ")).strip()


def table_under(page: Page, caption: str) -> Locator:
    """The table drawn right under a caption."""
    element = page.locator('[data-testid="stElementContainer"]').filter(has_text=caption)
    expect(element).to_be_visible()
    return element.locator("xpath=following-sibling::*[1]").locator('[data-testid="stDataFrame"]')


def test_a_french_excel_csv_is_imported_and_its_revenue_read_in_french(
    server: str, chromium: Browser
) -> None:
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1500, "height": 3000})
    page = context.new_page()
    open_demo_plan_fr(page, server, "Suivi")
    expect(page.get_by_text("Pas encore de données")).to_be_visible()

    # The plan starts on the next Monday and runs 52 weeks; the KPI period covers it all.
    today = dt.date.today()
    data = french_excel_csv(today + dt.timedelta(days=14), today + dt.timedelta(days=21))
    uploader = page.get_by_role("region", name="Fichier CSV ou XLSX", exact=True)
    uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        {"name": "suivi-décembre.csv", "mimeType": "text/csv", "buffer": data}
    )
    settle(page)

    expect(page.get_by_text("Déduite des colonnes : Journal d’événements")).to_be_visible()
    expect(
        page.get_by_text("5 lignes lues : 5 valides, 0 rejetée, 0 doublon ignoré.")
    ).to_be_visible()
    preview = table_under(page, "Aperçu des lignes telles qu’elles seront enregistrées")
    expect(preview).to_be_visible()
    # The fourth row as it will be stored: the accents read from cp1252, the amount read as a
    # number and written back the French way.
    assert cell_text(page, preview, 3, 1) == "Société Générale d’Élec"
    assert " ".join(cell_text(page, preview, 3, 4).split()) == "8 000,50 €"
    page.get_by_role("heading", name="Suivi", exact=True).click()  # leave the table
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)

    page.get_by_role("button", name="Importer", exact=True).click()
    settle(page)

    expect(page.get_by_text("suivi-décembre.csv : 5 lignes importées.")).to_be_visible()
    revenue = metric_value(page, "Chiffre d’affaires généré")
    expect(revenue).to_have_text(re.compile(r"^12\s500,50\s€$"))  # \s: NBSP or narrow NBSP
    assert spaced(revenue.inner_text()) == REVENUE
    assert float(revenue.inner_text().translate(str.maketrans(",", ".", " \u00a0\u202f€"))) == (
        8000.50 + 4500
    )
    expect(metric_value(page, "Nouveaux clients")).to_have_text(NEW_CUSTOMERS)
    expect(page.get_by_text("5 événements sur cette période.")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    context.close()
