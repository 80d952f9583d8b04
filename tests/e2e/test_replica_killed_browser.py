"""A replica killed while its user edits: the reload goes to the other replica, and what was saved
is there. Two replicas on one PostgreSQL database behind nginx, the user in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from planner import storage
from tests.e2e.browser import settle
from tests.e2e.replicas import SLOW, ReplicaSet, rename

pytestmark = pytest.mark.browser


def test_a_replica_killed_mid_edit_leaves_its_user_on_the_other_with_the_last_saved_revision(
    replica_set: ReplicaSet, chromium: Browser
) -> None:
    context, page, _key = replica_set.browser(chromium, 0)
    plan_id = replica_set.new_plan(page, 0)
    rename(page, "Enregistré avant la panne")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_contain_text("révision 2")
    page.locator(".st-key-rename_name input").fill("Tapé, jamais enregistré")  # not saved yet

    replica_set.replicas[0].kill()  # SIGKILL: its sessions die with it, mid-edit
    response = page.reload()

    assert response is not None and response.ok
    tried = response.headers["x-upstream"].split(", ")  # nginx names every replica it tried
    assert tried[-1] == replica_set.address(1)
    settle(page, SLOW)
    expect(page.get_by_role("heading", name="Enregistré avant la panne")).to_be_visible()
    expect(sidebar).to_contain_text("révision 2")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    engine = storage.connect(replica_set.database_url)
    assert [r.revision for r in storage.history(engine, plan_id)] == [2, 1]

    rename(page, "Enregistré sur l’autre réplique")  # the work goes on, on the replica left
    expect(page.get_by_role("heading", name="Enregistré sur l’autre réplique")).to_be_visible()
    expect(sidebar).to_contain_text("révision 3")
    assert storage.load_plan(engine, plan_id).plan.meta.name == "Enregistré sur l’autre réplique"
    engine.dispose()
    context.close()
