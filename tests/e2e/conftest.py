"""A real Streamlit server and a real headless Chromium for end-to-end tests."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from deploy.replicas import replica_command, wait_healthy
from tests.conftest import PostgresServer
from tests.e2e.browser import CHROMIUM, LAUNCH_ARGS, PEOPLE
from tests.e2e.replicas import Nginx, ReplicaSet

ROOT = Path(__file__).resolve().parents[2]
# A shared 2-core machine can take several seconds to rerun a page; wait for it.
expect.set_options(timeout=30_000)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but Chromium is missing at {CHROMIUM}: .ci/run must install it")
    pytest.skip("Chromium is not installed (apt-get install chromium)")


class StreamlitServer:
    """`streamlit run app.py` on a local port with its own SQLite workspace (or the database
    it is given); restartable."""

    def __init__(
        self,
        data: Path,
        database_url: str | None = None,
        env: Mapping[str, str] | None = None,
        args: Sequence[str] = (),
    ) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url or f"sqlite:///{data / 'workspace.db'}"
        self._env = dict(env or {})
        self._args = list(args)
        self._log_path = data / "server.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the server and wait until it answers its health check."""
        env = os.environ | self._env | {"PLANNER_DATABASE_URL": self.database_url}
        with self._log_path.open("ab") as log:
            self._process = subprocess.Popen(
                [*replica_command(self.port), *self._args],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        if wait_healthy(self.url):
            return
        self.stop()
        output = self._log_path.read_text(errors="replace")
        pytest.fail(f"streamlit did not start within 60 s:\n{output}")

    def stop(self) -> None:
        """Stop the server process (its sessions are lost, as in a real restart)."""
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def kill(self) -> None:
        """Kill the server process at once (SIGKILL), as a crash or an out-of-memory kill does."""
        if self._process is not None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait()
            self._process = None

    def restart(self) -> None:
        """Stop the server and start it again on the same port and workspace."""
        self.stop()
        self.start()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A streamlit server on a free local port with its own SQLite workspace."""
    _require_browser()
    running = StreamlitServer(tmp_path_factory.mktemp("e2e-data"))
    running.start()
    yield running.url
    running.stop()


@pytest.fixture
def restartable_server(tmp_path: Path) -> Iterator[StreamlitServer]:
    """A server of the test's own, which the test may restart."""
    _require_browser()
    running = StreamlitServer(tmp_path)
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    _require_browser()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="session")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A local OpenID Connect provider that knows Alice, Bob and Carol; stopped by its process."""
    port = _free_port()
    users = [
        arg
        for sub, claims in PEOPLE.items()
        for arg in ("--user-claims", json.dumps({"sub": sub, **claims}))
    ]
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), *users],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not _answers(f"{issuer}/.well-known/openid-configuration"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the OIDC provider did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)
    yield issuer
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def team_server(tmp_path_factory: pytest.TempPathFactory, provider: str) -> Iterator[str]:
    """The app with sign-in configured in its secrets (as a team server's secrets.toml)."""
    _require_browser()
    data = tmp_path_factory.mktemp("signin")
    secrets = data / "secrets.toml"
    running = StreamlitServer(data, args=["--secrets.files", str(secrets)])
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{running.url}/oauth2callback"\n'
        'cookie_secret = "a-cookie-secret-for-the-sign-in-test-only"\n'
        'client_id = "planner"\n'
        'client_secret = "planner-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    running.start()
    yield running.url
    running.stop()


@contextlib.contextmanager
def running_replicas(
    postgres_server: PostgresServer,
    tmp_path_factory: pytest.TempPathFactory,
    args: Sequence[str] = (),
    before_start: Callable[[Nginx], None] | None = None,
) -> Iterator[ReplicaSet]:
    """A fresh PostgreSQL database, two replicas sharing one cookie secret (and `args`), nginx
    before them; `before_start(nginx)` runs once nginx's address is known. All stopped after."""
    _require_browser()
    url = postgres_server.fresh_database()
    secret = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    replicas = tuple(
        StreamlitServer(tmp_path_factory.mktemp(f"replica-{name}"), url, secret, args)
        for name in ("a", "b")
    )
    nginx = Nginx([r.url.removeprefix("http://") for r in replicas])
    if before_start is not None:
        before_start(nginx)
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


@pytest.fixture(scope="module")
def replica_set(
    postgres_server: PostgresServer, nginx_program: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ReplicaSet]:
    """PostgreSQL, two replicas sharing one cookie secret, nginx; all stopped at the end."""
    with running_replicas(postgres_server, tmp_path_factory) as replicas:
        yield replicas
