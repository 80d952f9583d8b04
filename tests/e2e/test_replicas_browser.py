"""Two replicas of the app on one PostgreSQL database behind nginx, used from two browsers.

Each browser is pinned to one replica by nginx's affinity cookie; nginx's X-Upstream header and
its access log show which process served each page, websocket and upload.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from deploy.replicas import COOKIE, nginx_command, stop_nginx, wait_healthy, write_prefix
from planner import storage
from tests.conftest import PostgresServer, _free_port
from tests.e2e.browser import metric_value, plan_id, settle
from tests.e2e.conftest import StreamlitServer, _require_browser

pytestmark = pytest.mark.browser

# Two replicas, a PostgreSQL server and Chromium share a small machine: a cold replica may take
# a while to run the Tracking page the first time.
SLOW = 120_000
STALE = "Non enregistré : ce plan a été modifié dans un autre onglet ou par quelqu’un d’autre"


class Nginx:
    """nginx as a user process with its own prefix folder, on a free port, before the replicas."""

    def __init__(self, upstreams: list[str]) -> None:
        self.prefix = Path(tempfile.mkdtemp(prefix="planner-nginx-"))
        self.url = f"http://127.0.0.1:{_free_port()}"
        write_prefix(self.prefix, self.url.removeprefix("http://"), upstreams)
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start nginx in the foreground and wait until a replica answers through it."""
        with (self.prefix / "logs" / "stdout.log").open("ab") as log:
            self._process = subprocess.Popen(
                nginx_command(self.prefix), stdout=log, stderr=subprocess.STDOUT
            )
        if not wait_healthy(self.url, seconds=20):
            self.stop()
            pytest.fail(f"nginx did not start:\n{self.error_log()}")

    def stop(self) -> None:
        """Stop nginx by its master process."""
        if self._process is not None:
            stop_nginx(self.prefix, self._process)
            self._process = None

    def error_log(self) -> str:
        """What nginx wrote in its error log."""
        path = self.prefix / "logs" / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def upstreams_of(self, key: str, path: str) -> set[str]:
        """The replicas (HOST:PORT) that served the requests for `path` with this affinity key."""
        pattern = re.compile(rf'"\S+ {re.escape(path)}\S* [^"]*" \d+ upstream=(\S+) affinity=(\S+)')
        lines = (self.prefix / "logs" / "access.log").read_text().splitlines()
        found = (pattern.search(line) for line in lines)
        return {m[1] for m in found if m and m[2] == key}


@dataclass
class ReplicaSet:
    """Two app replicas on one PostgreSQL database, behind nginx."""

    url: str
    database_url: str
    replicas: tuple[StreamlitServer, StreamlitServer]
    nginx: Nginx

    def address(self, replica: int) -> str:
        """The replica's HOST:PORT, as nginx names it."""
        return self.replicas[replica].url.removeprefix("http://")

    def key_for(self, replica: int) -> str:
        """An affinity cookie value that nginx sends to this replica (asked of nginx itself)."""
        for n in range(200):
            key = f"browser{n}"
            request = urllib.request.Request(
                f"{self.url}/_stcore/health", headers={"Cookie": f"{COOKIE}={key}"}
            )
            with urllib.request.urlopen(request, timeout=5) as reply:
                if reply.headers["X-Upstream"] == self.address(replica):
                    return key
        raise AssertionError(f"no affinity key reaches {self.address(replica)}")

    def browser(self, chromium: Browser, replica: int) -> tuple[BrowserContext, Page, str]:
        """A French browser whose every request nginx sends to this replica: its context, a
        page and its affinity key."""
        context = chromium.new_context(locale="fr-FR", viewport={"width": 1500, "height": 2600})
        key = self.key_for(replica)
        context.add_cookies([{"name": COOKIE, "value": key, "url": self.url}])
        return context, context.new_page(), key

    def new_plan(self, page: Page, replica: int) -> str:
        """Create the first demo plan on the Workspace page, served by this replica; its id."""
        served_by(page, self.address(replica), f"{self.url}/?lang=fr")
        page.get_by_role("button", name="Créer le plan").click()
        expect(page).to_have_url(re.compile(r"plan=[0-9a-f]{12}"))
        settle(page, SLOW)
        return plan_id(page)

    def assert_served_by(self, key: str, replica: int, *paths: str) -> None:
        """Every request of this key for these paths went to this replica, none elsewhere.

        nginx logs a request when it ends: a websocket once its browser has closed it.
        """
        for path in paths:
            served: set[str] = set()
            for _ in range(50):
                served = self.nginx.upstreams_of(key, path)
                if served:
                    break
                time.sleep(0.2)
            assert served == {self.address(replica)}, path


@pytest.fixture(scope="module")
def replica_set(
    postgres_server: PostgresServer, nginx_program: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ReplicaSet]:
    """PostgreSQL, two replicas sharing one cookie secret, nginx; all stopped at the end."""
    _require_browser()
    url = postgres_server.fresh_database()
    secret = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    replicas = tuple(
        StreamlitServer(tmp_path_factory.mktemp(f"replica-{name}"), url, secret)
        for name in ("a", "b")
    )
    nginx = Nginx([r.url.removeprefix("http://") for r in replicas])
    try:
        for replica in replicas:
            replica.start()
        nginx.start()
        yield ReplicaSet(nginx.url, url, (replicas[0], replicas[1]), nginx)
    finally:
        nginx.stop()
        shutil.rmtree(nginx.prefix, ignore_errors=True)
        for replica in replicas:
            replica.stop()
        postgres_server.drop(url)


def served_by(page: Page, address: str, url: str) -> None:
    """Open `url` and check that the replica at `address` served the page."""
    response = page.goto(url)
    assert response is not None
    assert response.headers["x-upstream"] == address
    settle(page, SLOW)


def rename(page: Page, name: str) -> None:
    """Rename the open plan from the Workspace page, as a user does."""
    field = page.locator(".st-key-rename_name input")
    field.fill(name)
    field.press("Enter")
    settle(page, SLOW)
    page.locator(".st-key-rename button").click()
    settle(page, SLOW)


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
