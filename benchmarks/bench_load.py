"""Load on a team server: concurrent sessions across `streamlit run` replicas.

    python benchmarks/bench_load.py [--sessions 30] [--replicas 2] [--client light|browser]
                                    [--browsers 3] [--database-url URL] [--distinct]
                                    [--step-timeout 180]

Replicas of the app are started on their own local ports on one workspace database (a
temporary SQLite file unless --database-url names another, PostgreSQL for example). One plan
per session is stored first, from the SaaS SMB demo plan: as in a workshop, every one has the
same content (--distinct shifts each plan's start by a week, so that nothing is shared between
sessions). Each session has its own websocket to one replica, sessions dealt in turn to the
replicas, and all start together:

  open        the plan's workspace page (?plan=ID), until the script has run;
  simulation  the sidebar link to the Simulation page, until the headline (median revenue) comes;
  what-if     a channel's volume slider to an end (one of six what-ifs), until the delta comes;
  tracking    the sidebar link to the Tracking page, until its title shows and the script ends.

The client is, by default, light (benchmarks/streamlit_client.py): each session speaks the
browser's protocol over the websocket (reruns with the query string, the page and every widget's
state; the deltas read for the headline, the what-if and the errors) but draws nothing, so that
on a small machine the load is the servers' and not 30 browsers'. --client browser drives real
Chromium pages instead (Debian's, by Playwright; --browsers of them share the sessions): the
whole path, but the browsers then take most of the cores of the machine they run on.

The baseline is one session alone on a plan of its own, measured first in the same run. It
prints each step's p50 / p95 wall time and their ratio to the lone session's, the errors (a
step that fails or times out, a traceback or an error box on a page: must be 0), each
replica's resident memory (now and peak) and server CPU seconds spent on the sessions, the
client's own CPU seconds, and the machine's load average sampled during the run.
Target (issue 13): the headline within 10 s at p95 for 30 sessions on 2 replicas.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.engine import Engine

from benchmarks.streamlit_client import LightSession, Run, slider_state
from deploy.replicas import replica_command, wait_healthy
from planner import storage
from planner.plan.scenarios import build_scenario

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("open", "simulation", "what-if", "tracking")
START = dt.date(2027, 1, 4)
TARGET_P95 = 10.0  # seconds until the headline shows
CHANNELS = ("Cold calling", "Cold e-mail", "LinkedIn")
HEADLINE = "Revenue (median)"
WHAT_IF_DELTA = "vs the saved plan"
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
        with log.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 (our own command line)
                replica_command(self.port), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )

    def wait_healthy(self, seconds: float = 90.0) -> None:
        """Wait until the replica answers its health check."""
        if not wait_healthy(self.url, seconds):
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
    """One session's timings and what went wrong."""

    number: int
    replica: str
    plan_id: str
    seconds: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # Light client only: until the step's script ended (the awaited element may come earlier),
    # and, for the lone session, the server CPU seconds of each step.
    finished: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)


# The light client ------------------------------------------------------------------------------


def _heading(text: str) -> Any:
    return lambda kind, proto: kind == "heading" and proto.body == text


def _headline(what_if: bool) -> Any:
    def match(kind: str, proto: Any) -> bool:
        if kind != "metric" or proto.label != HEADLINE or "€" not in proto.body:
            return False
        return not what_if or WHAT_IF_DELTA in f"{proto.delta} {proto.delta_description}"

    return match


async def _drive_light(
    session: Session, timeout: float, cpu_seconds: Callable[[], float] | None = None
) -> None:
    client = LightSession(session.replica)
    channel = CHANNELS[session.number % len(CHANNELS)]
    end = 300.0 if session.number % 2 == 0 else 0.0  # the slider's End or Home key

    async def open_plan() -> Run:
        started = time.perf_counter()
        await asyncio.wait_for(client.connect(), timeout)
        query = f"plan={session.plan_id}&lang=en"
        run = await client.rerun(query, until=_heading("Prospection plans"), timeout=timeout)
        run.matched = run.seconds = time.perf_counter() - started  # until the script has run
        return run

    async def simulation() -> Run:
        link = client.link("simulation")
        return await client.rerun(
            link.query_string, link.page_script_hash, _headline(False), timeout
        )

    async def what_if() -> Run:
        client.set_widget(slider_state(client.widget("slider", f"Activities of {channel}"), end))
        link = client.link("simulation")  # the same page and address again
        return await client.rerun(
            link.query_string, link.page_script_hash, _headline(True), timeout
        )

    async def tracking() -> Run:
        link = client.link("tracking")
        run = await client.rerun(
            link.query_string, link.page_script_hash, _heading("Tracking"), timeout
        )
        run.matched = run.seconds  # until its title shows and the script ends
        return run

    try:
        for step, action in zip(STEPS, (open_plan, simulation, what_if, tracking), strict=True):
            cpu_before = cpu_seconds() if cpu_seconds else 0.0
            try:
                run = await action()
            except Exception as exc:  # a step that fails is counted, the session stops
                session.errors.append(f"{step}: {type(exc).__name__}: {str(exc)[:160]}")
                return
            session.errors.extend(f"{step}: {error}" for error in run.errors)
            if run.matched is None or run.errors:
                return
            session.seconds[step] = run.matched
            session.finished[step] = run.seconds
            if cpu_seconds:
                session.cpu[step] = cpu_seconds() - cpu_before
    finally:
        await client.close()


async def _run_light(
    sessions: list[Session], timeout: float, cpu_seconds: Callable[[], float] | None = None
) -> float:
    started = time.perf_counter()
    await asyncio.gather(*(_drive_light(s, timeout, cpu_seconds) for s in sessions))
    return time.perf_counter() - started


# The browser client (real Chromium pages) ------------------------------------------------------


async def _settle(page: Page, timeout_ms: float) -> None:
    from playwright.async_api import expect

    await page.wait_for_timeout(200)
    app = page.locator('[data-testid="stApp"]')
    await expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout_ms)


async def _check_page(page: Page, session: Session, step: str) -> None:
    for kind in ("stException", "stAlertContentError"):
        if await page.locator(f'[data-testid="{kind}"]').count():
            session.errors.append(f"{step}: {kind} on the page")


async def _drive_browser(browser: Browser, session: Session, timeout: float) -> None:
    from playwright.async_api import expect

    timeout_ms = timeout * 1000
    context = await browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1800})
    page = await context.new_page()
    page.set_default_timeout(timeout_ms)
    sidebar = page.locator('[data-testid="stSidebar"]')
    revenue = page.locator('[data-testid="stMetric"]').filter(has_text=HEADLINE)
    channel = CHANNELS[session.number % len(CHANNELS)]
    end = "End" if session.number % 2 == 0 else "Home"

    async def open_plan() -> None:
        await page.goto(f"{session.replica}/?plan={session.plan_id}&lang=en")
        heading = page.get_by_role("heading", name="Prospection plans")
        await expect(heading).to_be_visible(timeout=timeout_ms)
        await _settle(page, timeout_ms)

    async def simulation() -> None:
        await sidebar.get_by_role("link", name="Simulation").click()
        value = revenue.locator('[data-testid="stMetricValue"]')
        await expect(value).to_contain_text("€", timeout=timeout_ms)

    async def what_if() -> None:
        await _settle(page, timeout_ms)  # the rest of the page drawn before the user moves a slider
        slider = page.locator('[data-testid="stSlider"]').filter(
            has_text=f"Activities of {channel}"
        )
        started = time.perf_counter()
        await slider.get_by_role("slider").focus()
        await slider.get_by_role("slider").press(end)
        await expect(revenue).to_contain_text(WHAT_IF_DELTA, timeout=timeout_ms)
        session.seconds["what-if"] = time.perf_counter() - started

    async def tracking() -> None:
        await _settle(page, timeout_ms)
        started = time.perf_counter()
        await sidebar.get_by_role("link", name="Tracking").click()
        heading = page.get_by_role("heading", name="Tracking", exact=True)
        await expect(heading).to_be_visible(timeout=timeout_ms)
        await _settle(page, timeout_ms)
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


async def _run_browser(sessions: list[Session], browsers: int, timeout: float) -> float:
    from playwright.async_api import async_playwright

    from tests.e2e.browser import CHROMIUM, LAUNCH_ARGS

    async with async_playwright() as playwright:
        launched = [
            await playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            for _ in range(max(1, min(browsers, len(sessions))))
        ]
        started = time.perf_counter()
        await asyncio.gather(
            *(_drive_browser(launched[s.number % len(launched)], s, timeout) for s in sessions),
        )
        elapsed = time.perf_counter() - started
        for browser in launched:
            await browser.close()
    return elapsed


# The run ---------------------------------------------------------------------------------------


@dataclass
class Machine:
    """What the machine did during the concurrent run: load average samples, CPU seconds."""

    loads: list[float] = field(default_factory=list)
    replica_cpu: list[float] = field(default_factory=list)
    client_cpu: float = 0.0
    busy: float = 0.0  # share of all the cores busy (every process), from /proc/stat


def _cpu_times() -> tuple[int, int]:
    """Busy and total jiffies of all the cores since boot."""
    ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return sum(ticks) - idle, sum(ticks)


async def _measured(run: Any, machine: Machine) -> float:
    stop = asyncio.Event()

    async def sample() -> None:
        while not stop.is_set():
            machine.loads.append(os.getloadavg()[0])
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)

    sampler = asyncio.create_task(sample())
    busy, total = _cpu_times()
    try:
        return float(await run)
    finally:
        stop.set()
        await sampler
        busy_after, total_after = _cpu_times()
        machine.busy = (busy_after - busy) / max(total_after - total, 1)


def _run(
    args: argparse.Namespace,
    sessions: list[Session],
    machine: Machine | None = None,
    cpu_seconds: Callable[[], float] | None = None,
) -> float:
    if args.client == "light":
        run = _run_light(sessions, args.step_timeout, cpu_seconds)
    else:
        run = _run_browser(sessions, args.browsers, args.step_timeout)
    return asyncio.run(_measured(run, machine or Machine()))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _plans(engine: Engine, count: int, distinct: bool, first_week: int) -> list[str]:
    ids = []
    for i in range(count):
        start = START + dt.timedelta(weeks=first_week + (i if distinct else 0))
        ids.append(storage.create_plan(engine, build_scenario("saas_smb", "en", start)).id)
    return ids


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument(
        "--client",
        choices=("light", "browser"),
        default="light",
        help="light: the websocket protocol only (default); browser: real Chromium pages",
    )
    parser.add_argument("--browsers", type=int, default=3, help="Chromium processes (browser)")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--distinct", action="store_true", help="a plan of different content each")
    parser.add_argument("--step-timeout", type=float, default=180.0, help="seconds per step")
    return parser.parse_args()


def main() -> int:
    """Start the replicas, time one session alone, then N at once; print the figures."""
    args = _arguments()
    if args.client == "browser":
        from tests.e2e.browser import CHROMIUM

        if not Path(CHROMIUM).exists():
            print(f"Chromium is missing at {CHROMIUM} (apt-get install chromium)")
            return 1
    machine = Machine()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'workspace.db'}"
        engine = storage.connect(url)  # migrated once, before any replica starts
        warm_id = _plans(engine, 1, False, 200)[0]  # the code loaded, nothing of the rest cached
        alone_id = _plans(engine, 1, False, 100)[0]  # content of its own: no shared cache
        plan_ids = _plans(engine, args.sessions, args.distinct, 0)
        engine.dispose()
        replicas: list[Replica] = []
        try:
            for n in range(args.replicas):  # one after the other: each upgrades nothing
                replicas.append(Replica(url, Path(folder) / f"replica{n}.log"))
                replicas[-1].wait_healthy()
            warm = [Session(n, r.url, warm_id) for n, r in enumerate(replicas)]
            asyncio.run(_run_light(warm, args.step_timeout))  # each replica's pages imported once
            alone = [Session(0, replicas[0].url, alone_id)]
            _run(args, alone, cpu_seconds=replicas[0].cpu_seconds)  # each step's CPU (light)
            before = [r.cpu_seconds() for r in replicas]
            sessions = [
                Session(i, replicas[i % len(replicas)].url, plan_ids[i])
                for i in range(args.sessions)
            ]
            client_before = time.process_time()
            elapsed = _run(args, sessions, machine)
            machine.client_cpu = time.process_time() - client_before
            machine.replica_cpu = [
                r.cpu_seconds() - b for r, b in zip(replicas, before, strict=True)
            ]
            memory = [r.memory_mb() for r in replicas]
        finally:
            for replica in replicas:
                replica.stop()
    _report(args, [*warm, *alone], sessions, elapsed, machine, memory)
    errors = sum(len(s.errors) for s in [*warm, *alone, *sessions])
    return 0 if errors == 0 else 1


def _step_line(step: str, lone: float, times: list[float], total: int) -> str:
    if not times:
        return f"  {step:<11} {lone:7.2f} {'—':>7} {'—':>7} {'—':>10} {0:>6}"
    p50, p95 = statistics.median(times), _percentile(times, 0.95)
    return (
        f"  {step:<11} {lone:7.2f} {p50:7.2f} {p95:7.2f} {p95 / lone:9.1f}× {len(times):>3}/{total}"
    )


def _report(
    args: argparse.Namespace,
    first: list[Session],
    sessions: list[Session],
    elapsed: float,
    machine: Machine,
    memory: list[tuple[float, float]],
) -> None:
    alone = first[-1]
    shared = "each its own content" if args.distinct else "all of the same content"
    database = "PostgreSQL" if (args.database_url or "").startswith("postgresql") else "SQLite"
    client = (
        "light clients (websocket protocol, no browser)"
        if args.client == "light"
        else f"Chromium pages in {args.browsers} browsers"
    )
    print(
        f"{args.sessions} sessions at once on {args.replicas} replicas ({database}), {client}, "
        f"one SaaS SMB plan each ({shared}); {elapsed:.1f} s in all"
    )
    print(f"  {'step':<11} {'alone':>7} {'p50':>7} {'p95':>7} {'p95/alone':>10} {'done':>6}")
    for step in STEPS:
        times = [s.seconds[step] for s in sessions if step in s.seconds]
        print(_step_line(step, alone.seconds.get(step, float("nan")), times, len(sessions)))
    if args.client == "light":
        cpu = ", ".join(f"{step} {alone.cpu[step]:.2f}" for step in STEPS if step in alone.cpu)
        print(f"  server CPU s of each step, alone: {cpu}")
        print("  the same steps until the script's end (p50 / p95 s):")
        for step in STEPS[1:3]:
            finished = [s.finished[step] for s in sessions if step in s.finished]
            if finished:
                p50, p95 = statistics.median(finished), _percentile(finished, 0.95)
                print(f"    {step:<11} {p50:7.2f} {p95:7.2f}")
    errors = [(s.number, e) for s in [*first, *sessions] for e in s.errors]
    print(f"  errors: {len(errors)} (must be 0)")
    for number, error in errors[:10]:
        print(f"    session {number}: {error}")
    for n, ((rss, peak), seconds) in enumerate(zip(memory, machine.replica_cpu, strict=True)):
        print(
            f"  replica {n}: RSS {rss:6.0f} MB (peak {peak:6.0f} MB), CPU {seconds:6.1f} s for the "
            f"sessions ({seconds / max(elapsed, 1e-9):.0%} of a core over the run)"
        )
    per_session = sum(machine.replica_cpu) / max(len(sessions), 1)
    print(f"  server CPU per session (4 steps): {per_session:.2f} s")
    counted = "this process" if args.client == "light" else "this process, Chromium not counted"
    print(f"  client CPU ({counted}): {machine.client_cpu:.1f} s")
    loads = machine.loads or [os.getloadavg()[0]]
    print(
        f"  machine load average (1 min, on {os.cpu_count()} cores) during the run: "
        f"mean {statistics.mean(loads):.1f}, up to {max(loads):.1f}; the cores "
        f"{machine.busy:.0%} busy"
    )
    headline = [s.seconds["simulation"] for s in sessions if "simulation" in s.seconds]
    if headline:
        p95 = _percentile(headline, 0.95)
        verdict = "OK" if p95 <= TARGET_P95 and not errors else "OVER"
        print(f"  target: headline p95 ≤ {TARGET_P95:.0f} s with 0 errors: {verdict}")


if __name__ == "__main__":
    raise SystemExit(main())
