"""Walking the pages back and forth, through a server restart, writes nothing and loses nothing.

A user who only looks at a plan must find it as it was saved: no page may write a revision
without an edit, every field shows the saved value on every visit, and an edit made after the
server restarted is saved.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.engine import Engine

from planner import storage
from planner.plan.model import Market, Plan
from planner.plan.scenarios import SCENARIO_IDS, blank_plan, build_scenario
from tests.e2e.browser import settle
from tests.e2e.conftest import StreamlitServer

pytestmark = pytest.mark.browser

START = dt.date(2027, 1, 4)
STEPS = ("Cible", "Objectifs", "Canaux", "Scripts", "Simulation", "Suivi")
WALK = (*STEPS, *reversed(STEPS[:-1]), "Espace de travail", *STEPS)

# The form fields of the page with what they show, as the accessibility tree says (it reads
# through Streamlit's shadow roots): inputs' values, sliders' positions, chosen options and
# ticked boxes. Tables are drawn on a canvas: the revision count covers them.
_FIELD = re.compile(r"^\s*- (textbox|spinbutton|slider|combobox|radio|checkbox|switch|listbox)\b")


def _plans() -> list[tuple[str, Plan]]:
    demos = [(name, build_scenario(name, "fr", START)) for name in SCENARIO_IDS]
    return [*demos, ("blank", blank_plan("Plan vierge", Market.B2B, "fr", START))]


def _go(page: Page, step: str) -> None:
    """Follow the sidebar link to a step, as a user does, and wait until it is drawn."""
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=step, exact=True).click()
    title = "Plans de prospection" if step == "Espace de travail" else step
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    settle(page)
    page.wait_for_timeout(300)  # a page that saves reruns itself right after its first run
    settle(page)


def _fields(page: Page) -> list[str]:
    """The page's form fields once the page has stopped drawing (two reads a moment apart agree:
    a busy machine may still be filling a long page when the script has finished)."""
    fields = _read_fields(page)
    for _ in range(10):
        page.wait_for_timeout(300)
        settle(page)
        again = _read_fields(page)
        if again == fields:
            return fields
        fields = again
    return fields


def _read_fields(page: Page) -> list[str]:
    tree = page.locator('[data-testid="stMain"]').aria_snapshot()
    return [line.strip() for line in tree.splitlines() if _FIELD.match(line)]


def _walk(page: Page, engine: Engine, plan_id: str, seen: dict[str, list[str]]) -> None:
    for step in WALK:
        _go(page, step)
        fields = _fields(page)
        before = seen.setdefault(step, fields)
        changed = [(a, b) for a, b in zip(before, fields, strict=False) if a != b]
        assert fields == before, f"{step}: a field changed on a new visit: {changed[:3]}"
        assert storage.current_revision(engine, plan_id) == 1, f"{step} saved without an edit"


@contextmanager
def _visit(
    server: StreamlitServer, chromium: Browser, scenario: str, path: str = "", height: int = 1000
) -> Iterator[tuple[Page, Engine, str, Plan]]:
    """A demo plan saved in the server's workspace and opened in French on one of its pages."""
    engine = storage.connect(server.database_url)
    plan = build_scenario(scenario, "fr", START)
    plan_id = storage.create_plan(engine, plan).id
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1400, "height": height})
    page = context.new_page()
    page.goto(f"{server.url}/{path}?plan={plan_id}&lang=fr")
    settle(page)
    try:
        yield page, engine, plan_id, plan
    finally:
        context.close()
        engine.dispose()


def _restart(page: Page, server: StreamlitServer) -> None:
    """Restart the server under the open page; wait until the page is connected again."""
    app = page.locator('[data-testid="stApp"]')
    server.stop()
    expect(app).not_to_have_attribute("data-test-connection-state", "CONNECTED")
    server.start()
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=60_000)
    settle(page)


@pytest.mark.parametrize("viewport", [(1400, 1000), (1024, 768)], ids=["1400x1000", "1024x768"])
def test_walking_every_page_of_each_plan_through_a_restart_changes_nothing(
    restartable_server: StreamlitServer, chromium: Browser, viewport: tuple[int, int]
) -> None:
    engine = storage.connect(restartable_server.database_url)
    width, height = viewport
    context = chromium.new_context(locale="fr-FR", viewport={"width": width, "height": height})
    page = context.new_page()
    for name, plan in _plans():
        plan_id = storage.create_plan(engine, plan).id
        page.goto(f"{restartable_server.url}/?plan={plan_id}&lang=fr")
        expect(page.get_by_role("heading", name=plan.meta.name)).to_be_visible(timeout=30_000)
        settle(page)
        seen: dict[str, list[str]] = {}
        _walk(page, engine, plan_id, seen)
        if name == SCENARIO_IDS[0]:
            _restart(page, restartable_server)
            _walk(page, engine, plan_id, seen)
        assert storage.load_plan(engine, plan_id).plan == plan, name
    context.close()
    engine.dispose()


def test_the_saved_values_are_shown_on_every_visit(
    restartable_server: StreamlitServer, chromium: Browser
) -> None:
    with _visit(restartable_server, chromium, "consulting_enterprise") as (
        page,
        engine,
        plan_id,
        plan,
    ):
        _walk_and_read(page, plan)
        assert storage.current_revision(engine, plan_id) == 1


def _walk_and_read(page: Page, plan: Plan) -> None:
    for _ in range(2):
        _go(page, "Cible")
        bar = page.get_by_role("slider").first
        expect(bar).to_have_value(str(int(plan.bant.qualified_score)))
        _go(page, "Objectifs")
        expect(page.get_by_label("Commerciaux", exact=True)).to_have_value(str(plan.team.reps))
        _go(page, "Scripts")
        opening = page.get_by_label("Ouverture de la découverte", exact=True)
        expect(opening).to_have_value(plan.discovery.opening)
        _go(page, "Simulation")
        what_if = page.get_by_role("slider", name=re.compile(r"\(% du plan\)"))
        expect(what_if).to_have_count(len(plan.channels) + 1)
        for slider in what_if.all():
            expect(slider).to_have_value("100")


def test_an_edit_made_after_a_restart_is_saved(
    restartable_server: StreamlitServer, chromium: Browser
) -> None:
    with _visit(restartable_server, chromium, "saas_smb") as (page, engine, plan_id, plan):
        _go(page, "Objectifs")
        _restart(page, restartable_server)
        reps = page.get_by_label("Commerciaux", exact=True)
        reps.fill(str(plan.team.reps + 3))
        reps.press("Enter")
        settle(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar).to_contain_text(re.compile("révision 2"))
        saved = storage.load_plan(engine, plan_id).plan
        assert saved.team.reps == plan.team.reps + 3
        assert saved.model_copy(update={"team": plan.team}) == plan  # nothing else changed


def test_an_upload_lost_in_a_restart_is_said_and_nothing_is_imported(
    restartable_server: StreamlitServer, chromium: Browser
) -> None:
    visit = _visit(restartable_server, chromium, "saas_smb", "tracking", height=1600)
    with visit as (page, engine, plan_id, _):
        _upload_then_restart(page, restartable_server)
        expect(page.get_by_text("n’est plus sur le serveur")).to_be_visible()
        assert storage.list_batches(engine, plan_id) == []


def _upload_then_restart(page: Page, server: StreamlitServer) -> None:
    day = (START + dt.timedelta(days=7)).strftime("%d/%m/%Y")
    rows = f"Date;Prospect;Canal;Événement\r\n{day};Café Brûlé;E-mail de prospection;Activité\r\n"
    uploader = page.get_by_role("region", name="Fichier CSV ou XLSX", exact=True)
    uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        {"name": "suivi.csv", "mimeType": "text/csv", "buffer": rows.encode("cp1252")}
    )
    settle(page)
    import_button = page.get_by_role("button", name="Importer", exact=True)
    expect(import_button).to_be_visible()
    _restart(page, server)
    if import_button.count():
        import_button.click()
        settle(page)
