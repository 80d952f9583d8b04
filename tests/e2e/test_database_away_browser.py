"""The database away, in Chromium: a PostgreSQL server of the module's own, stopped and started
again with pg_ctl while the app runs on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from tests.conftest import PostgresServer
from tests.e2e.browser import create_named_plan, settle
from tests.e2e.conftest import StreamlitServer, _require_browser

pytestmark = pytest.mark.browser


@pytest.fixture
def app_on_postgres(
    stoppable_postgres: PostgresServer, tmp_path: Path
) -> Iterator[tuple[StreamlitServer, str]]:
    """The app on a fresh database of the stoppable server; how the messages name it."""
    _require_browser()
    url = stoppable_postgres.fresh_database()
    name = sa.engine.make_url(url).database
    running = StreamlitServer(tmp_path, url)
    running.start()
    yield running, f"serveur PostgreSQL 127.0.0.1:{stoppable_postgres.port}, base « {name} »"
    running.stop()
    stoppable_postgres.resume()
    stoppable_postgres.drop(url)


def french_page(chromium: Browser, url: str) -> Page:
    """A French browser tab on the workspace."""
    page = chromium.new_context(locale="fr-FR", viewport={"width": 1400, "height": 2200}).new_page()
    page.goto(f"{url}/?lang=fr")
    settle(page)
    return page


def test_the_app_opened_while_the_database_is_down_says_where_and_try_again_opens_it(
    app_on_postgres: tuple[StreamlitServer, str],
    stoppable_postgres: PostgresServer,
    chromium: Browser,
) -> None:
    server, where = app_on_postgres
    stoppable_postgres.pause()
    page = french_page(chromium, server.url)
    expect(page.get_by_text(f"La base de données est injoignable ({where})")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)

    stoppable_postgres.resume()
    page.get_by_role("button", name="Réessayer").click()
    settle(page)
    expect(page.get_by_role("heading", name="Plans de prospection")).to_be_visible()
    expect(page.get_by_text("injoignable")).to_have_count(0)
    page.context.close()


def test_a_rename_while_the_database_is_stopped_stays_in_its_field_and_saves_once_it_is_back(
    app_on_postgres: tuple[StreamlitServer, str],
    stoppable_postgres: PostgresServer,
    chromium: Browser,
) -> None:
    server, where = app_on_postgres
    page = french_page(chromium, server.url)
    create_named_plan(page, "Plan d’hiver")
    stoppable_postgres.pause()

    field = page.locator(".st-key-rename_name input")
    field.fill("Plan de printemps")
    field.press("Enter")
    settle(page)
    page.locator(".st-key-rename button").click()
    settle(page)
    refused = f"Non enregistré : la base de données est injoignable ({where})."
    expect(page.get_by_text(refused)).to_be_visible()
    expect(field).to_have_value("Plan de printemps")
    expect(page.get_by_role("heading", name="Plan d’hiver")).to_be_visible()  # as last loaded
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)

    stoppable_postgres.resume()
    page.locator(".st-key-rename button").click()
    settle(page)
    expect(page.get_by_role("heading", name="Plan de printemps")).to_be_visible()
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("révision 2")
    expect(page.get_by_text("injoignable")).to_have_count(0)
    page.context.close()
