"""Serve the app as several `streamlit run` replicas on one PostgreSQL database behind nginx.

    PLANNER_DATABASE_URL=postgresql+psycopg://USER:PASSWORD@HOST/DATABASE \
    STREAMLIT_SERVER_COOKIE_SECRET=... python deploy/replicas.py --replicas 2 --port 8080

starts the replicas on 127.0.0.1 (ports 8501, 8502, ...), writes nginx's configuration into a
prefix folder (deploy/nginx.conf and deploy/planner.conf.template rendered) and runs nginx in
the foreground on --port; Ctrl-C stops nginx, then the replicas. The browser test
tests/e2e/test_replicas_browser.py uses the same functions. Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
MAIN_CONF = DEPLOY / "nginx.conf"
SITE_TEMPLATE = DEPLOY / "planner.conf.template"
COOKIE = "planner_replica"  # the affinity cookie the site template reads and sets
NGINX_USER = "www-data"  # who runs nginx when started by root (Debian's web server user)
_PLACEHOLDER = re.compile(r"\$\{(PLANNER_[A-Z0-9_]+)\}")


def render(template: str, values: Mapping[str, str]) -> str:
    """The template with each ${PLANNER_...} replaced, as envsubst does in the nginx image."""

    def value(match: re.Match[str]) -> str:
        name = match[1]
        if name not in values:
            raise KeyError(f"{name} has no value")
        return values[name]

    return _PLACEHOLDER.sub(value, template)


def upstream_servers(addresses: Sequence[str]) -> str:
    """The upstream block's lines for these replicas (HOST:PORT); one failure takes a replica
    out for 10 s, and its sessions reconnect to another one."""
    return "\n    ".join(f"server {address} max_fails=1 fail_timeout=10s;" for address in addresses)


def write_prefix(prefix: Path, listen: str, addresses: Sequence[str]) -> Path:
    """An nginx prefix folder: nginx.conf, conf.d/planner.conf rendered, logs/ and temp/."""
    for folder in ("conf.d", "logs", "temp"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    site = render(
        SITE_TEMPLATE.read_text(),
        {
            "PLANNER_LISTEN": listen,
            "PLANNER_UPSTREAM_SERVERS": upstream_servers(addresses),
            "PLANNER_ACCESS_LOG": "logs/access.log",
        },
    )
    (prefix / "conf.d" / "planner.conf").write_text(site)
    shutil.copyfile(MAIN_CONF, prefix / "nginx.conf")
    return prefix / "nginx.conf"


def nginx_program() -> str | None:
    """Where nginx is installed (Debian: /usr/sbin/nginx), None without it."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )


def nginx_command(prefix: Path, *extra: str) -> list[str]:
    """The command that runs nginx on a prefix folder (as NGINX_USER when started by root, who
    then owns the folder: nginx's workers would not reach a root-only temporary folder)."""
    program = nginx_program() or "nginx"
    conf, log = str(prefix / "nginx.conf"), "logs/error.log"
    command = [program, "-p", f"{prefix}/", "-c", conf, "-e", log]
    if os.geteuid() != 0:
        return [*command, *extra]
    for path in (prefix, *prefix.rglob("*")):
        shutil.chown(path, NGINX_USER, NGINX_USER)
    return ["runuser", "-u", NGINX_USER, "--", *command, *extra]


def stop_nginx(prefix: Path, process: subprocess.Popen[bytes]) -> None:
    """Stop nginx by its master's process id (SIGTERM: open websockets are closed at once)."""
    pid_file = prefix / "logs" / "nginx.pid"
    if pid_file.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid_file.read_text().split()[0]), signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def replica_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """`streamlit run app.py` on one port (the settings come from .streamlit/config.toml)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        address,
    ]


def wait_healthy(url: str, seconds: float = 60) -> bool:
    """True once `url`/_stcore/health answers "ok" (False after `seconds`)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as reply:  # noqa: S310
                if reply.read() == b"ok":
                    return True
        except OSError:
            time.sleep(0.2)
    return False


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--replicas", type=int, default=2, help="how many (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    parser.add_argument("--first-port", type=int, default=8501, help="the first replica's port")
    parser.add_argument("--prefix", type=Path, help="nginx's folder (default: a temporary one)")
    return parser.parse_args(argv)


@contextlib.contextmanager
def _running(commands: Sequence[list[str]], env: Mapping[str, str]) -> Iterator[None]:
    processes = [subprocess.Popen(c, cwd=ROOT, env=dict(env)) for c in commands]  # noqa: S603
    try:
        yield
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def main(argv: Sequence[str] | None = None) -> int:
    """Start the replicas and nginx; stop them all on Ctrl-C or SIGTERM."""
    args = _arguments(argv)
    url = os.environ.get("PLANNER_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        print("PLANNER_DATABASE_URL must name a PostgreSQL database shared by the replicas")
        return 2
    if nginx_program() is None:
        print("nginx is not installed (apt-get install nginx)")
        return 2
    # Every replica must sign cookies with the same secret (server.cookieSecret).
    secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
    env = os.environ | {"STREAMLIT_SERVER_COOKIE_SECRET": secret}
    ports = [args.first_port + i for i in range(args.replicas)]
    prefix = args.prefix or Path(tempfile.mkdtemp(prefix="planner-nginx-"))
    write_prefix(prefix, str(args.port), [f"127.0.0.1:{port}" for port in ports])
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with _running([replica_command(port) for port in ports], env):
        if not all(wait_healthy(f"http://127.0.0.1:{port}") for port in ports):
            print("a replica did not start: see its output above")
            return 1
        nginx = subprocess.Popen(nginx_command(prefix))  # noqa: S603
        print(f"serving on http://127.0.0.1:{args.port} ({len(ports)} replicas); Ctrl-C stops")
        try:
            nginx.wait()
        except KeyboardInterrupt:
            pass
        finally:
            stop_nginx(prefix, nginx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
