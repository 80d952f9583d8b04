"""Two replicas of the app on one PostgreSQL database behind nginx, used from two browsers.

Each browser is pinned to one replica by nginx's affinity cookie; nginx's X-Upstream header and
its access log show which process served each page, websocket and upload (tests/e2e/replicas.py).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from planner import storage
from tests.e2e.browser import metric_value, plan_id, settle
from tests.e2e.replicas import SLOW, ReplicaSet, rename, served_by

pytestmark = pytest.mark.browser

STALE = "Non enregistré : ce plan a été modifié dans un autre onglet ou par quelqu’un d’autre"


def test_a_save_on_one_replica_is_read_on_the_other_and_a_stale_save_is_refused(
    replica_set: ReplicaSet, chromium: Browser
) -> None:
    context_a, page_a, key_a = replica_set.browser(chromium, 0)
    context_b, page_b, key_b = replica_set.browser(chromium, 1)
    opened = f"{replica_set.url}/?lang=fr&plan={replica_set.new_plan(page_a, 0)}"

    served_by(page_b, replica_set.address(1), opened)
    expect(page_b.get_by_role("heading", name="SaaS B2B pour les PME")).to_be_visible()

    rename(page_a, "Saisi sur la réplique A")
    expect(page_a.get_by_role("heading", name="Saisi sur la réplique A")).to_be_visible()
    page_b.reload()
    settle(page_b, SLOW)
    expect(page_b.get_by_role("heading", name="Saisi sur la réplique A")).to_be_visible()
    sidebar_b = page_b.locator('[data-testid="stSidebar"]')
    expect(sidebar_b).to_contain_text("révision 2")

    # Both pages are at revision 2; A saves first, then B's save of revision 2 is refused.
    rename(page_a, "Enregistré par A")
    rename(page_b, "Enregistré par B")
    refused = page_b.get_by_text(STALE)
    expect(refused).to_contain_text("(il est à la révision 3 ; vous modifiiez la révision 2)")
    engine = storage.connect(replica_set.database_url)
    stored = storage.load_plan(engine, plan_id(page_a))
    engine.dispose()
    assert (stored.revision, stored.plan.meta.name) == (3, "Enregistré par A")
    page_b.get_by_role("button", name="Charger la dernière version").click()
    settle(page_b, SLOW)
    expect(page_b.get_by_role("heading", name="Enregistré par A")).to_be_visible()
    expect(sidebar_b).to_contain_text("révision 3")

    context_a.close()
    context_b.close()
    # Two processes served the two browsers: pages and websockets, each always the same one.
    replica_set.assert_served_by(key_a, 0, "/?lang=fr", "/_stcore/stream")
    replica_set.assert_served_by(key_b, 1, "/?lang=fr", "/_stcore/stream")


def deals_csv(*deals: tuple[str, int]) -> bytes:
    """A French event log: each prospect contacted on one day and won a week later."""
    first = dt.date.today() + dt.timedelta(days=14)
    won = first + dt.timedelta(days=7)
    lines = ["Date;Prospect;Canal;Événement;Montant"]
    for prospect, amount in deals:
        lines.append(f"{first:%d/%m/%Y};{prospect};Prospection téléphonique;Activité;")
        lines.append(f"{won:%d/%m/%Y};{prospect};Prospection téléphonique;Gagné;{amount}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def import_file(page: Page, name: str, data: bytes) -> None:
    """Upload a file on the Tracking page, import it, and find it among the imported files."""
    uploader = page.get_by_role("region", name="Fichier CSV ou XLSX", exact=True)
    uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    settle(page, SLOW)
    page.get_by_role("button", name="Importer", exact=True).click()
    settle(page, SLOW)
    rows = data.count(b"\n") - 1  # the header aside
    expect(page.get_by_text(f"{rows} lignes importées, 0 rejetée")).to_be_visible()


def amount(text: str) -> float:
    """A French amount as a number ("7 000 €" → 7000)."""
    return float(text.translate(str.maketrans(",", ".", " \u00a0\u202f€")))


def test_an_import_on_one_replica_shows_on_the_other_with_no_stale_cache(
    replica_set: ReplicaSet, chromium: Browser
) -> None:
    context_a, page_a, key_a = replica_set.browser(chromium, 0)
    context_b, page_b, key_b = replica_set.browser(chromium, 1)
    tracking = f"{replica_set.url}/tracking?lang=fr&plan={replica_set.new_plan(page_a, 0)}"
    served_by(page_a, replica_set.address(0), tracking)
    import_file(page_a, "janvier.csv", deals_csv(("Alpha", 1000), ("Bravo", 2000)))
    expect(metric_value(page_a, "Chiffre d’affaires généré")).to_have_text(re.compile(r"^3\s000"))

    # B computes (and caches) the KPIs of the first import.
    served_by(page_b, replica_set.address(1), tracking)
    revenue_b = metric_value(page_b, "Chiffre d’affaires généré")
    expect(revenue_b).to_have_text(re.compile(r"^3\s000"))
    expect(metric_value(page_b, "Nouveaux clients")).to_have_text("2")

    import_file(page_a, "février.csv", deals_csv(("Charlie", 4000)))
    page_b.reload()
    settle(page_b, SLOW)
    expect(revenue_b).to_have_text(re.compile(r"^7\s000"))
    assert amount(revenue_b.inner_text()) == 1000 + 2000 + 4000
    expect(metric_value(page_b, "Nouveaux clients")).to_have_text("3")
    expect(page_b.get_by_text("février.csv", exact=False).first).to_be_visible()
    expect(page_b.locator('[data-testid="stException"]')).to_have_count(0)

    context_a.close()
    context_b.close()
    # The uploads reached the replica that holds A's session (nothing else knows its files).
    replica_set.assert_served_by(key_a, 0, "/_stcore/upload_file", "/_stcore/stream")
    replica_set.assert_served_by(key_b, 1, "/tracking", "/_stcore/stream")
