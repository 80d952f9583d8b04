"""The database away, as a user meets it: down at start, stopped while a page is open, restarted.

A PostgreSQL server of this module's own is stopped and started again for real with pg_ctl; the
pages run through AppTest. Nothing is mocked: each failure is the driver's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner import storage
from planner.plan.scenarios import build_scenario
from tests.apptest import open_session, texts
from tests.conftest import PostgresServer
from tests.test_app_tracking_weekly import CALLS, saved, type_rows

OBJECTIVES, TRACKING = "pages/2_objectives.py", "pages/6_tracking.py"
PASSWORD = "s3cret-never-shown"  # noqa: S105 - a test password, to check it is never shown


@dataclass
class Workspace:
    """A workspace database on the module's own PostgreSQL server, used by the app too."""

    server: PostgresServer
    url: str
    engine: Engine

    @property
    def where(self) -> str:
        """How the messages name it in English."""
        name = sa.engine.make_url(self.url).database
        return f"PostgreSQL server 127.0.0.1:{self.server.port}, database “{name}”"

    def new_plan(self) -> str:
        """A demo plan saved in it; its id."""
        plan = build_scenario("saas_smb", "en", dt.date(2027, 1, 4))
        return storage.create_plan(self.engine, plan).id

    def revisions(self, plan_id: str) -> list[int]:
        """The plan's saved revisions, newest first."""
        return [entry.revision for entry in storage.history(self.engine, plan_id)]


@pytest.fixture
def away(
    stoppable_postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Workspace]:
    """A fresh database (its URL with a password), the app's; the server runs again at the end."""
    url = stoppable_postgres.fresh_database().replace("postgres@", f"postgres:{PASSWORD}@")
    monkeypatch.setenv(storage.DATABASE_URL_VARIABLE, url)
    engine = storage.connect(url)
    yield Workspace(stoppable_postgres, url, engine)
    stoppable_postgres.resume()
    engine.dispose()
    stoppable_postgres.drop(url)


def open_when_the_database_stops(
    away: Workspace, page: str = "app.py", lang: str = "en"
) -> tuple[str, AppTest]:
    """A demo plan open on a page, then the database server stopped: its id and the tab."""
    plan_id = away.new_plan()
    at = open_session(page, plan=plan_id, lang=lang)
    away.server.pause()
    return plan_id, at


def rename(at: AppTest, name: str) -> None:
    """Type a new name for the open plan and click Rename, on the workspace."""
    at.text_input(key="rename_name").input(name).run()
    at.button(key="rename").click().run()


def everything_shown(at: AppTest) -> str:
    """Every message and text the page shows."""
    return "\n".join(texts([*at.error, *at.warning, *at.info, *at.markdown, *at.caption]))


def assert_no_traceback(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_a_database_down_at_start_is_named_without_its_password_and_try_again_works(
    away: Workspace,
) -> None:
    away.server.pause()
    at = open_session(lang="en")
    assert_no_traceback(at)
    assert texts(at.error) == [
        f"The database cannot be reached ({away.where}). Check that it is running and that "
        "PLANNER_DATABASE_URL names it, then try again."
    ]
    assert PASSWORD not in everything_shown(at)
    away.server.resume()
    at.button(key="database_try_again").click().run()
    assert_no_traceback(at)
    assert not at.error
    assert at.title[0].value == "Prospection plans"
    assert open_session(lang="en").title[0].value == "Prospection plans"  # a reload too


def test_a_sqlite_file_that_cannot_be_made_is_named_in_french_then_a_reload_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "dossier"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv(storage.DATABASE_URL_VARIABLE, f"sqlite:///{blocker}/planner.db")
    at = open_session(lang="fr")
    assert_no_traceback(at)
    assert texts(at.error) == [
        f"La base de données est injoignable (fichier {blocker}/planner.db). Vérifiez qu’elle est "
        "démarrée et que PLANNER_DATABASE_URL la désigne, puis réessayez."
    ]
    blocker.unlink()
    reloaded = open_session(lang="fr")
    assert_no_traceback(reloaded)
    assert reloaded.title[0].value == "Plans de prospection"


def test_after_a_postgresql_restart_the_open_page_works_at_once(away: Workspace) -> None:
    plan_id, at = open_when_the_database_stops(away)
    away.server.resume()  # every pooled connection of the app is now dead
    rename(at, "After the restart")
    assert_no_traceback(at)
    assert not at.error
    assert away.revisions(plan_id) == [2, 1]


def test_a_rename_while_the_database_is_stopped_stays_and_is_saved_once_it_is_back(
    away: Workspace,
) -> None:
    plan_id, at = open_when_the_database_stops(away)
    rename(at, "Spring plan")
    assert_no_traceback(at)
    assert (
        f"Not saved: the database cannot be reached ({away.where}). Your change is still here: "
        "save again when it is back."
    ) in texts(at.error)
    assert at.text_input(key="rename_name").value == "Spring plan"
    assert at.subheader[0].value == "B2B SaaS for small and mid-sized companies"  # as last loaded
    assert PASSWORD not in everything_shown(at)

    away.server.resume()
    assert away.revisions(plan_id) == [1]  # nothing half-written
    at.button(key="rename").click().run()
    assert_no_traceback(at)
    assert not at.error
    assert away.revisions(plan_id) == [2, 1]
    assert storage.load_plan(away.engine, plan_id).plan.meta.name == "Spring plan"


def test_a_number_typed_while_the_database_is_stopped_stays_in_french_and_is_saved_after(
    away: Workspace,
) -> None:
    plan_id, at = open_when_the_database_stops(away, OBJECTIVES, "fr")
    at.text_input(key="team_reps").input("7").run()
    assert_no_traceback(at)
    assert any(
        text.startswith("Non enregistré : la base de données est injoignable (serveur PostgreSQL")
        for text in texts(at.error)
    )
    assert at.text_input(key="team_reps").value == "7"

    away.server.resume()
    at.run()  # any next action: the typed value differs from the plan's, so it is saved
    assert_no_traceback(at)
    assert storage.load_plan(away.engine, plan_id).plan.team.reps == 7
    assert away.revisions(plan_id) == [2, 1]


def test_a_page_run_while_the_database_is_stopped_says_so_and_writes_nothing(
    away: Workspace,
) -> None:
    plan_id, at = open_when_the_database_stops(away)
    at.button(key="duplicate").click().run()  # not a revision: a new plan, written directly
    assert_no_traceback(at)
    assert_says_the_page_cannot_be_shown(at, away)
    reloaded = open_session(lang="en")  # a new tab: the engine is there, its reads fail
    assert_no_traceback(reloaded)
    assert_says_the_page_cannot_be_shown(reloaded, away)

    away.server.resume()
    assert [p.id for p in storage.list_plans(away.engine)] == [plan_id]
    reloaded.button(key="database_try_again").click().run()  # the workspace list, read again
    assert_no_traceback(reloaded)
    assert not reloaded.error
    assert reloaded.subheader[0].value == "Your plans"


def assert_says_the_page_cannot_be_shown(at: AppTest, away: Workspace) -> None:
    assert any(
        text.startswith(f"The database cannot be reached ({away.where}): this page cannot be ")
        for text in texts(at.error)
    )


def test_a_week_typed_while_the_database_is_stopped_is_kept_and_saved_once_it_is_back(
    away: Workspace,
) -> None:
    plan_id, at = open_when_the_database_stops(away, TRACKING)
    type_rows(at, CALLS)  # the weekly table: written by its own path, not as a plan revision
    assert_no_traceback(at)
    assert any(text.startswith("The database cannot be reached") for text in texts(at.error))

    away.server.resume()
    assert saved(away.engine, plan_id) == {}
    at.run()  # the row typed is still in the table, and now saved
    assert_no_traceback(at)
    assert saved(away.engine, plan_id)[("phone", "activity")] == 50.0
