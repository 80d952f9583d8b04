"""Erasing a person from the Workspace page, and purging prospects past retention on Tracking."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine

from planner import storage
from planner.compliance.opposition import contact_key
from planner.plan.scenarios import build_scenario
from planner.storage.opposition import opposition_digests
from tests.apptest import new_session
from tests.test_app_tracking import open_tracking
from tests.test_erasure import log, two_plans


def test_a_person_is_found_then_erased_everywhere(workspace: Engine) -> None:
    a, _ = two_plans(workspace)
    at = new_session("fr")
    at.text_input(key="erase_who").input("JEAN@exemple.fr").run()
    assert any("3 événements dans 2 plans, et 1 fiche prospect" in w.value for w in at.warning)
    at.button(key="erase_confirm").click().run()
    assert not at.exception
    assert any("Effacé : 3 événements et 1 fiche prospect." in s.value for s in at.success)
    assert "jean@exemple.fr" not in set(storage.load_events(workspace, a)["prospect"].dropna())
    assert contact_key("jean@exemple.fr").digest in opposition_digests(workspace)  # type: ignore[union-attr]
    at.text_input(key="erase_who").input("jean@exemple.fr").run()
    assert any("Rien ne nomme" in i.value for i in at.info)


def test_prospects_past_retention_are_listed_then_purged(workspace: Engine) -> None:
    plan_id = storage.create_plan(
        workspace, build_scenario("saas_smb", "en", dt.date(2021, 1, 4))
    ).id
    old = (dt.date.today() - dt.timedelta(days=4 * 365)).isoformat()
    recent = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    events = log((old, "ancien@x.fr", "activity"), (recent, "recent@x.fr", "activity"))
    storage.store_events(workspace, plan_id, events, file_name="log.csv", sha256="c" * 64)
    at = open_tracking(plan_id, "en")
    assert any("1 prospect is past the retention period" in w.value for w in at.warning)
    at.button(key="trk_purge").click().run()
    assert not at.exception
    assert any("Deleted: 1 event of 1 prospect." in s.value for s in at.success)
    assert list(storage.load_events(workspace, plan_id)["prospect"]) == ["recent@x.fr"]
    assert any(
        "No prospect of this plan is past the retention period" in c.value for c in at.caption
    )
