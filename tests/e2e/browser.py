"""What the browser tests share: waiting for Streamlit, opening a demo plan, reading tables."""

from __future__ import annotations

import re
import shutil

from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import Error as PlaywrightError

# The people the local OpenID Connect provider knows (tests that sign in for real).
PEOPLE = {
    "alice": {"email": "alice@example.com", "name": "Alice Martin"},
    "bob": {"email": "bob@example.com", "name": "Bob Durand"},
    "carol": {"email": "carol@example.com", "name": "Carol Petit"},
    "lea": {"email": "lea@example.com", "name": "Léa Bernard"},
}

# Debian's Chromium (never a downloaded browser) and how the tests and benchmarks/bench_load.py
# launch it: headless, and nothing that would call out to the internet.
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


def settle(page: Page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script (up to `timeout` ms)."""
    page.wait_for_timeout(300)
    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)


def open_demo_plan_fr(page: Page, server: str, step: str) -> None:
    """In French: create the first demo plan (SaaS B2B) and open one of its steps."""
    page.goto(f"{server}/?lang=fr")
    expect(page.get_by_role("heading", name="Plans de prospection")).to_be_visible(timeout=30_000)
    settle(page)
    page.get_by_role("button", name="Créer le plan").click()
    expect(page).to_have_url(re.compile(r"plan=[0-9a-f]{12}"))
    settle(page)
    go_to_step(page, step)


def create_named_plan(page: Page, name: str, lang: str = "fr") -> str:
    """On the workspace: create the first demo plan under `name`; its id."""
    french = lang == "fr"
    name_label = "Nom du plan" if french else "Plan name"
    create = "Créer le plan" if french else "Create the plan"
    field = page.get_by_role("textbox", name=name_label).last  # the new plan's (not a rename)
    field.fill(name)
    field.press("Enter")
    settle(page)
    page.get_by_role("button", name=create).click()
    expect(page).to_have_url(re.compile(r"plan=[0-9a-f]{12}"), timeout=30_000)
    settle(page)
    return plan_id(page)


def plan_id(page: Page) -> str:
    """The open plan's id, read from the address bar."""
    found = re.search(r"plan=([0-9a-f]{12})", page.url)
    assert found, page.url
    return found[1]


def go_to_step(page: Page, step: str) -> None:
    """Follow a step's link in the sidebar and wait for its page. A click that lands while a
    rerun redraws the sidebar can be lost on a loaded machine: then the link is clicked again."""
    heading = page.get_by_role("heading", name=step, exact=True)
    for attempt in range(3):
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name=step).click()
        try:
            expect(heading).to_be_visible(timeout=15_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
            settle(page)
    settle(page)


def metric_value(page: Page, label: str) -> Locator:
    """The value of the metric with this label."""
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label)
    return metric.locator('[data-testid="stMetricValue"]')


def open_cell(page: Page, grid: Locator, row: int, column: int) -> Locator:
    """Open a cell's editor as a user does (click the first cell, arrows, Enter): its textbox.

    A rerun may redraw the table under the cursor (after a save): then it tries again.
    """
    cell = page.locator("#portal").get_by_role("textbox")  # a textarea, or an input for numbers
    for attempt in range(3):
        try:
            grid.scroll_into_view_if_needed()
            grid.locator(".dvn-scroller").first.evaluate("scroller => { scroller.scrollLeft = 0 }")
            page.wait_for_timeout(100)  # the first columns drawn again
            box = grid.bounding_box()
            assert box is not None
            page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)  # the first cell under the header
            for key, times in (("ArrowDown", row), ("ArrowRight", column)):
                for _ in range(times):
                    page.keyboard.press(key)
            page.keyboard.press("Enter")
            expect(cell).to_be_visible(timeout=5_000)
            return cell
        except (PlaywrightError, AssertionError):
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            settle(page)
    raise AssertionError("unreachable")


def cell_text(page: Page, grid: Locator, row: int, column: int) -> str:
    """What a cell holds, opened as a user would, then closed (Escape) without a change."""
    cell = open_cell(page, grid, row, column)
    text = cell.input_value()
    page.keyboard.press("Escape")
    expect(cell).to_have_count(0)
    return text


def wait_for_cell(page: Page, grid: Locator, row: int, column: int, text: str) -> None:
    """Wait until a table shows `text` in a cell: it redraws its rows a moment after a rerun."""
    shown = ""
    for _ in range(40):
        shown = cell_text(page, grid, row, column)
        if shown == text:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"the cell ({row}, {column}) shows {shown!r}, never {text!r}")


def sign_in(
    browser: Browser, server: str, who: str, cookies: list[dict[str, str]] | None = None
) -> Page:
    """A new browser of `who`, signed in through the provider's form (Streamlit then opens the
    app's first page: st.login always returns there); `cookies` are set first (an affinity
    cookie pins a replica behind nginx)."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1400})
    if cookies:
        context.add_cookies(cookies)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{server}/?lang=fr")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("button", name=who, exact=True).click()  # the provider's form
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(
        PEOPLE[who]["email"], timeout=30_000
    )
    settle(page)
    return page


def open_room(page: Page) -> str:
    """As the facilitator: create a demo plan, open a room from it; the room's join code."""
    create_named_plan(page, "Plan de départ")
    go_to_step(page, "Atelier")
    page.get_by_role("tab", name="Animer un atelier").click()
    page.get_by_text("Ouvrir une salle à partir du plan ouvert").click()
    settle(page)
    page.get_by_role("button", name="Ouvrir la salle").click()
    settle(page)
    room_code = page.locator('[data-testid="stCode"]').filter(has_text="room=")
    expect(room_code).to_be_visible()
    code = re.search(r"room=([A-Z0-9]{6})", room_code.inner_text())
    assert code, room_code.inner_text()
    return code[1]


def join_room(page: Page, server: str, code: str) -> str:
    """As a participant: join the room by its link, under the name the provider gave; the id
    of the plan it gives."""
    page.goto(f"{server}/workshop?room={code}&lang=fr")
    expect(page.get_by_role("textbox", name="Code de la salle")).to_have_value(code)
    page.get_by_role("button", name="Rejoindre", exact=True).click()
    expect(page.get_by_text("Votre lien pour revenir à votre plan")).to_be_visible()
    settle(page)
    return plan_id(page)
