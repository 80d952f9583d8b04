"""Two replicas of the app on one PostgreSQL database behind nginx, for the browser tests.

Each browser is pinned to one replica by nginx's affinity cookie; nginx's X-Upstream header and
its access log show which process served each page, websocket and upload. The `replica_set`
fixture (tests/e2e/conftest.py) starts them.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from deploy.replicas import COOKIE, nginx_command, stop_nginx, wait_healthy, write_prefix
from tests.conftest import _free_port
from tests.e2e.browser import plan_id, settle

if TYPE_CHECKING:
    from tests.e2e.conftest import StreamlitServer

# Two replicas, a PostgreSQL server and Chromium share a small machine: a cold replica may take
# a while to run the Tracking page the first time.
SLOW = 120_000


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
