"""The team server's deploy files: nginx accepts the shipped configuration, compose.yaml agrees
with it, and the launcher refuses what cannot work."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from deploy import replicas

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict[str, Any]:
    """compose.yaml as data (aliases and merge keys resolved)."""
    data: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return data


def app_services(services: dict[str, Any]) -> dict[str, Any]:
    """The services that run the app (built from deploy/Dockerfile)."""
    return {
        name: service
        for name, service in services.items()
        if service.get("build", {}).get("dockerfile") == "deploy/Dockerfile"
    }


def spaced(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def prefix() -> Iterator[Path]:
    """A folder for nginx outside pytest's root-only temporary folders (nginx may run as
    www-data)."""
    folder = Path(tempfile.mkdtemp(prefix="planner-nginx-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_nginx_accepts_the_configuration_rendered_for_two_replicas(
    nginx_program: str, prefix: Path
) -> None:
    conf = replicas.write_prefix(prefix, "127.0.0.1:18080", ["127.0.0.1:18501", "127.0.0.1:18502"])
    site = (prefix / "conf.d" / "planner.conf").read_text()
    assert not re.search(r"\$\{PLANNER_\w+\}", site)
    assert "server 127.0.0.1:18502 max_fails=1 fail_timeout=10s;" in site
    checked = subprocess.run(
        replicas.nginx_command(prefix, "-t"), capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr
    assert conf == prefix / "nginx.conf"
    assert f"{conf} test is successful" in checked.stderr


def test_a_placeholder_without_a_value_is_refused_by_name() -> None:
    with pytest.raises(KeyError, match="PLANNER_LISTEN"):
        replicas.render("listen ${PLANNER_LISTEN}; proxy_pass $host;", {})
    assert replicas.render("listen ${PLANNER_LISTEN}; $host", {"PLANNER_LISTEN": "80"}) == (
        "listen 80; $host"
    )


def test_compose_runs_at_least_two_replicas_on_one_database_with_one_cookie_secret() -> None:
    services = compose()["services"]
    apps = app_services(services)
    assert len(apps) >= 2
    environments = [app["environment"] for app in apps.values()]
    assert all(env == environments[0] for env in environments)
    database = environments[0]["PLANNER_DATABASE_URL"]
    assert database.startswith("postgresql+psycopg://")
    assert re.search(r"@(\w+):5432/", database)[1] in services  # type: ignore[index]
    assert environments[0]["STREAMLIT_SERVER_COOKIE_SECRET"].startswith("${")


def test_compose_nginx_fills_every_placeholder_and_lists_every_replica() -> None:
    services = compose()["services"]
    apps = app_services(services)
    nginx = services["nginx"]
    template = replicas.SITE_TEMPLATE.read_text()
    placeholders = set(re.findall(r"\$\{(PLANNER_[A-Z0-9_]+)\}", template))
    environment = nginx["environment"]
    assert placeholders == {name for name in environment if name.startswith("PLANNER_")}
    port = re.search(r'"--server.port", "(\d+)"', (ROOT / "deploy" / "Dockerfile").read_text())
    assert port is not None
    expected = replicas.upstream_servers([f"{name}:{port[1]}" for name in apps])
    assert spaced(environment["PLANNER_UPSTREAM_SERVERS"]) == spaced(expected)
    source, target, *_ = nginx["volumes"][0].split(":")
    assert (ROOT / source).resolve() == replicas.SITE_TEMPLATE
    assert target == "/etc/nginx/templates/default.conf.template"
    assert set(nginx["depends_on"]) == set(apps)


def test_the_launcher_refuses_a_database_the_replicas_cannot_share(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("PLANNER_DATABASE_URL", f"sqlite:///{tmp_path / 'planner.db'}")
    assert replicas.main(["--replicas", "2"]) == 2
    assert "PostgreSQL" in capsys.readouterr().out
