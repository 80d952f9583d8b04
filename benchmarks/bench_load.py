"""Load on a team server: concurrent browser sessions across `streamlit run` replicas.

    python benchmarks/bench_load.py [--sessions 30] [--replicas 2] [--browsers 3]
                                    [--database-url URL] [--distinct]

Replicas of the app are started on their own local ports on one workspace database (a
temporary SQLite file unless --database-url names another, PostgreSQL for example). One plan
per session is stored first, from the SaaS SMB demo plan: as in a workshop, every one has the
same content (--distinct shifts each plan's start by a week, so that nothing is shared between
sessions). Each session is a real Chromium page (Debian's, driven by Playwright) with its own
websocket to one replica, sessions dealt in turn to the replicas, and all start together:

  open        the plan's workspace page, until the script has run;
  simulation  the sidebar link to the Simulation page, until the headline (median revenue) shows;
  what-if     a channel's volume slider to an end (one of six what-ifs), until the delta shows;
  tracking    the sidebar link to the Tracking page, until its title shows and the script ends.

The baseline is one session alone on a plan of its own, measured first in the same run. It
prints each step's p50 / p95 wall time and their ratio to the lone session's, the errors (a
step that fails or times out, a traceback or an error box on a page: must be 0), each
replica's resident memory (now and peak) and server CPU seconds spent on the sessions, and the
machine's load average (the browsers share the cores with the replicas: when the servers' CPU
is a small share of the wall time, the browsers or other work set the pace).
Target (issue 13): the headline within 10 s at p95 for 30 sessions on 2 replicas.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.async_api import Browser, Page, async_playwright, expect
from sqlalchemy.engine import Engine

from planner import storage
from planner.plan.scenarios import build_scenario

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("open", "simulation", "what-if", "tracking")
START = dt.date(2027, 1, 4)
TARGET_P95 = 10.0  # seconds until the headline shows
STEP_TIMEOUT_MS = 180_000
CHANNELS = ("Cold calling", "Cold e-mail", "LinkedIn")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TICKS = os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Replica:
    """One `streamlit run app.py` process on its own port."""

    def __init__(self, database_url: str, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log
        env = os.environ | {"PLANNER_DATABASE_URL": database_url}
        command = [sys.executable, "-m", "streamlit", "run", "app.py"]
        options = ["--server.headless", "true", "--server.address", "127.0.0.1"]
        with log.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 (our own command line)
                [*command, *options, "--server.port", str(self.port)],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def wait_healthy(self, seconds: float = 90.0) -> None:
        """Wait until the replica answers its health check."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                health = f"{self.url}/_stcore/health"
                with urllib.request.urlopen(health, timeout=1) as reply:  # noqa: S310 (http)
                    if reply.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"replica on {self.url} did not start:\n{self._log.read_text()}")

    def cpu_seconds(self) -> float:
        """User + system CPU seconds of the process so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def memory_mb(self) -> tuple[float, float]:
        """Resident memory now and its peak, in MB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text().splitlines()
        kb = {line.split(":")[0]: int(line.split()[1]) for line in status if line[:2] == "Vm"}
        return kb["VmRSS"] / 1024, kb["VmHWM"] / 1024

    def stop(self) -> None:
        """Stop the process by its handle."""
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Session:
    """One browser session's timings and what went wrong."""

    number: int
    replica: str
    plan_id: str
    seconds: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


async def _settle(page: Page) -> None:
    await page.wait_for_timeout(200)
    app = page.locator('[data-testid="stApp"]')
    await expect(app).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=STEP_TIMEOUT_MS
    )


async def _check_page(page: Page, session: Session, step: str) -> None:
    for kind in ("stException", "stAlertContentError"):
        if await page.locator(f'[data-testid="{kind}"]').count():
            session.errors.append(f"{step}: {kind} on the page")


async def _drive(browser: Browser, session: Session) -> None:
    context = await browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1800})
    page = await context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    sidebar = page.locator('[data-testid="stSidebar"]')
    revenue = page.locator('[data-testid="stMetric"]').filter(has_text="Revenue (median)")
    channel = CHANNELS[session.number % len(CHANNELS)]
    end = "End" if session.number % 2 == 0 else "Home"

    async def open_plan() -> None:
        await page.goto(f"{session.replica}/?plan={session.plan_id}&lang=en")
        heading = page.get_by_role("heading", name="Prospection plans")
        await expect(heading).to_be_visible(timeout=STEP_TIMEOUT_MS)
        await _settle(page)

    async def simulation() -> None:
        await sidebar.get_by_role("link", name="Simulation").click()
        value = revenue.locator('[data-testid="stMetricValue"]')
        await expect(value).to_contain_text("€", timeout=STEP_TIMEOUT_MS)

    async def what_if() -> None:
        await _settle(page)  # the rest of the page drawn before the user moves a slider
        slider = page.locator('[data-testid="stSlider"]').filter(
            has_text=f"Activities of {channel}"
        )
        started = time.perf_counter()
        await slider.get_by_role("slider").focus()
        await slider.get_by_role("slider").press(end)
        await expect(revenue).to_contain_text("vs the saved plan", timeout=STEP_TIMEOUT_MS)
        session.seconds["what-if"] = time.perf_counter() - started

    async def tracking() -> None:
        await _settle(page)
        started = time.perf_counter()
        await sidebar.get_by_role("link", name="Tracking").click()
        heading = page.get_by_role("heading", name="Tracking", exact=True)
        await expect(heading).to_be_visible(timeout=STEP_TIMEOUT_MS)
        await _settle(page)
        session.seconds["tracking"] = time.perf_counter() - started

    try:
        for step, action in zip(STEPS, (open_plan, simulation, what_if, tracking), strict=True):
            started = time.perf_counter()
            try:
                await action()
            except Exception as exc:  # a step that fails is counted, the session stops
                session.errors.append(f"{step}: {type(exc).__name__}: {str(exc)[:160]}")
                return
            session.seconds.setdefault(step, time.perf_counter() - started)
            await _check_page(page, session, step)
    finally:
        await context.close()


async def _run(sessions: list[Session], browsers: int) -> float:
    async with async_playwright() as playwright:
        launched = [
            await playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            for _ in range(max(1, min(browsers, len(sessions))))
        ]
        started = time.perf_counter()
        await asyncio.gather(
            *(_drive(launched[s.number % len(launched)], s) for s in sessions),
        )
        elapsed = time.perf_counter() - started
        for browser in launched:
            await browser.close()
    return elapsed


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _plans(engine: Engine, count: int, distinct: bool, first_week: int) -> list[str]:
    ids = []
    for i in range(count):
        start = START + dt.timedelta(weeks=first_week + (i if distinct else 0))
        ids.append(storage.create_plan(engine, build_scenario("saas_smb", "en", start)).id)
    return ids


def main() -> int:
    """Start the replicas, time one session alone, then N at once; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--browsers", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--distinct", action="store_true", help="a plan of different content each")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Chromium is missing at {CHROMIUM} (apt-get install chromium)")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'workspace.db'}"
        engine = storage.connect(url)  # migrated once, before any replica starts
        alone_id = _plans(engine, 1, False, 100)[0]  # content of its own: no shared cache
        plan_ids = _plans(engine, args.sessions, args.distinct, 0)
        engine.dispose()
        replicas: list[Replica] = []
        try:
            for n in range(args.replicas):  # one after the other: each upgrades nothing
                replicas.append(Replica(url, Path(folder) / f"replica{n}.log"))
                replicas[-1].wait_healthy()
            alone = [Session(0, replicas[0].url, alone_id)]
            asyncio.run(_run(alone, 1))
            before = [r.cpu_seconds() for r in replicas]
            sessions = [
                Session(i, replicas[i % len(replicas)].url, plan_ids[i])
                for i in range(args.sessions)
            ]
            load = os.getloadavg()[0]
            elapsed = asyncio.run(_run(sessions, args.browsers))
            load = max(load, os.getloadavg()[0])
            cpu = [r.cpu_seconds() - b for r, b in zip(replicas, before, strict=True)]
            memory = [r.memory_mb() for r in replicas]
        finally:
            for replica in replicas:
                replica.stop()
    _report(args, alone[0], sessions, elapsed, cpu, memory)
    print(f"  machine load average (1 min, on {os.cpu_count()} cores): up to {load:.1f}")
    errors = sum(len(s.errors) for s in [*alone, *sessions])
    return 0 if errors == 0 else 1


def _report(
    args: argparse.Namespace,
    alone: Session,
    sessions: list[Session],
    elapsed: float,
    cpu: list[float],
    memory: list[tuple[float, float]],
) -> None:
    shared = "each its own content" if args.distinct else "all of the same content"
    print(
        f"{args.sessions} sessions at once on {args.replicas} replicas, {args.browsers} "
        f"Chromium browsers, one SaaS SMB plan each ({shared}); {elapsed:.1f} s in all"
    )
    print(f"  {'step':<11} {'alone':>7} {'p50':>7} {'p95':>7} {'p95/alone':>10} {'done':>6}")
    for step in STEPS:
        times = [s.seconds[step] for s in sessions if step in s.seconds]
        lone = alone.seconds.get(step, float("nan"))
        if not times:
            print(f"  {step:<11} {lone:7.2f} {'—':>7} {'—':>7} {'—':>10} {0:>6}")
            continue
        p50, p95 = statistics.median(times), _percentile(times, 0.95)
        print(
            f"  {step:<11} {lone:7.2f} {p50:7.2f} {p95:7.2f} {p95 / lone:9.1f}× "
            f"{len(times):>3}/{len(sessions)}"
        )
    errors = [(s.number, e) for s in [alone, *sessions] for e in s.errors]
    print(f"  errors: {len(errors)} (must be 0)")
    for number, error in errors[:10]:
        print(f"    session {number}: {error}")
    for n, ((rss, peak), seconds) in enumerate(zip(memory, cpu, strict=True)):
        print(
            f"  replica {n}: RSS {rss:6.0f} MB (peak {peak:6.0f} MB), "
            f"CPU {seconds:6.1f} s for the sessions"
        )
    print(f"  server CPU per session (4 steps): {sum(cpu) / max(len(sessions), 1):.2f} s")
    headline = [s.seconds["simulation"] for s in sessions if "simulation" in s.seconds]
    if headline:
        p95 = _percentile(headline, 0.95)
        verdict = "OK" if p95 <= TARGET_P95 and not errors else "OVER"
        print(f"  target: headline p95 ≤ {TARGET_P95:.0f} s with 0 errors: {verdict}")


if __name__ == "__main__":
    raise SystemExit(main())
