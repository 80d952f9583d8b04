"""Shared fixtures: a real workspace database per test, SQLite and, for some modules, PostgreSQL.

The modules in BOTH_DATABASES run each test that uses `database_url` (or `workspace`) twice:
on a SQLite file and on a fresh PostgreSQL database. The PostgreSQL server is this test
process's own: a cluster made with Debian's initdb in a temporary folder, listening on
127.0.0.1 on a free port, stopped at the end of the session. Without PostgreSQL's programs the
PostgreSQL runs are skipped, except under CI where they fail.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from deploy import replicas
from planner import storage

BOTH_DATABASES = frozenset(
    {
        "test_storage",
        "test_storage_events",
        "test_storage_weekly",
        "test_migrations",
        "test_storage_concurrency",
        "test_cli",
        "test_cli_import_actuals",
        "test_app_workspace",
        "test_access",
        "test_rooms",
        "test_app_tracking_weekly",
        "test_app_tracking",
    }
)
TEMPLATE = "planner_template"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the tests of BOTH_DATABASES modules on SQLite and on PostgreSQL."""
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if module in BOTH_DATABASES and "database" in metafunc.fixturenames:
        metafunc.parametrize("database", ["sqlite", "postgresql"], indirect=True)


class PostgresServer:
    """A PostgreSQL cluster of this test session, in a temporary folder, on 127.0.0.1."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="planner-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run the server as Debian's postgres user
            shutil.chown(self.folder, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._names = itertools.count(1)
        self.running = False

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True)

    def start(self) -> None:
        """initdb, then start the server and wait until it answers."""
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
        )
        self.resume()
        admin = self.admin()
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {TEMPLATE}")
        admin.dispose()
        storage.connect(self.url(TEMPLATE)).dispose()  # every fresh database starts migrated

    def resume(self) -> None:
        """Start the server process (again) with pg_ctl and wait until it answers."""
        if self.running:
            return
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        log = self.folder / "server.log"
        pg_ctl = str(self.bin_dir / "pg_ctl")
        self._run(pg_ctl, "-D", str(self.data), "-l", str(log), "-o", options, "-w", "start")
        self.running = True

    def pause(self) -> None:
        """Stop the server process with pg_ctl (fast: open connections are cut), data kept."""
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.running = False

    def url(self, name: str) -> str:
        """The SQLAlchemy URL of one database of this server."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def admin(self) -> Engine:
        """An engine on the maintenance database, in autocommit (CREATE/DROP DATABASE)."""
        return sa.create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")

    def fresh_database(self, *, migrated: bool = True) -> str:
        """A new empty database (already migrated, from the template, unless told otherwise)."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        template = f" TEMPLATE {TEMPLATE}" if migrated else " TEMPLATE template0"
        admin = self.admin()
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}{template}")
        admin.dispose()
        return self.url(name)

    def drop(self, url: str) -> None:
        """Drop a database made by fresh_database, closing what still uses it."""
        name = sa.engine.make_url(url).database
        admin = self.admin()
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()

    def stop(self) -> None:
        """Stop the server by its process, then remove its folder."""
        pid_file = self.data / "postmaster.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text().split()[0])
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 15)  # SIGTERM: a smart shutdown
                for _ in range(100):
                    os.kill(pid, 0)
                    time.sleep(0.1)
        shutil.rmtree(self.folder, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def postgres_bin_dir() -> Path | None:
    """The folder of Debian's PostgreSQL programs (newest version), if installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _version(path: str) -> int:
    return int(Path(path).parent.parent.name.split(".")[0])


def _running_postgres() -> Iterator[PostgresServer]:
    """A new PostgreSQL server, stopped after use (skipped without PostgreSQL, failed under CI)."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail(
                "PostgreSQL's programs (initdb, pg_ctl) are missing: apt-get install postgresql"
            )
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    server = PostgresServer(bin_dir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """This session's PostgreSQL server (skipped without PostgreSQL, a failure under CI)."""
    yield from _running_postgres()


@pytest.fixture(scope="module")
def stoppable_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of the test module's own, which its tests stop and start again."""
    yield from _running_postgres()


@pytest.fixture(scope="session")
def nginx_program() -> str:
    """Where nginx is installed (skipped without it, a failure under CI)."""
    found = replicas.nginx_program()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: apt-get install nginx")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    return found


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database of this session's server."""
    url = postgres_server.fresh_database()
    yield url
    postgres_server.drop(url)


@pytest.fixture
def database(request: pytest.FixtureRequest) -> str:
    """Which database the test runs on: "sqlite" unless parametrised (BOTH_DATABASES)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def database_url(database: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """The URL of a fresh workspace database of the kind `database` names."""
    if database == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'workspace.db'}"


@pytest.fixture
def workspace(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A fresh workspace database that the app under test uses too (PLANNER_DATABASE_URL)."""
    monkeypatch.setenv(storage.DATABASE_URL_VARIABLE, database_url)
    engine = storage.connect(database_url)
    yield engine
    engine.dispose()
