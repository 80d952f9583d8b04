"""Take the README's screenshot: a demo plan's Simulation step in a real headless Chromium.

    python docs/screenshot.py [--lang en|fr] [--out docs/screenshot.png]

Starts `streamlit run app.py` on a free local port with a throw-away SQLite workspace holding
the SaaS demo plan, opens the Simulation step at 1400×1500 and saves a PNG. Needs Debian's
chromium and the test tools (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner.plan.scenarios import build_scenario  # noqa: E402
from planner.storage import connect, create_plan  # noqa: E402

STEP = {"en": "Simulation", "fr": "Simulation"}


def main() -> int:
    """Start the app on a demo plan and save a screenshot of its Simulation step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["en", "fr"], default="en")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/workspace.db"
        plan = build_scenario("saas_smb", args.lang, dt.date.today())
        plan_id = create_plan(connect(url), plan).id
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
            ],
            cwd=ROOT,
            env=os.environ | {"PLANNER_DATABASE_URL": url},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(f"http://127.0.0.1:{port}/_stcore/health")
            _shoot(f"http://127.0.0.1:{port}/simulation?plan={plan_id}&lang={args.lang}", args.out)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(args.out)
    return 0


def _wait_for(health: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(health, timeout=1) as reply:
                if reply.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("streamlit did not start within 60 s")


def _shoot(address: str, out: Path) -> None:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1500})
        page.goto(address)
        app = page.locator('[data-testid="stApp"]')
        expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=60_000)
        page.wait_for_timeout(500)
        expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=60_000)
        page.wait_for_timeout(1500)  # charts finish their first draw
        page.screenshot(path=str(out))
        browser.close()


if __name__ == "__main__":
    raise SystemExit(main())
