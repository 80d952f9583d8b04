"""Schema migrations at start: a database of the release before them is upgraded and keeps all
its data, schema.py and the migrations agree, a newer schema is refused, several processes
starting at once on an empty database migrate it once, and an upgrade stopped midway (a step that
fails, its process killed) leaves the older schema for the next start. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from planner import storage
from planner.scripts.prospect_card import ProspectCard
from planner.storage import migrate, schema
from planner.storage.weekly import load_weekly, save_weekly
from planner.tracking.importing import map_events, read_table
from planner.tracking.weekly import entries_frame
from tests.conftest import PostgresServer
from tests.factories import make_plan

ROOT = Path(__file__).resolve().parent.parent
CSV = (
    "date;prospect;channel;event;amount;segment;rep;variant\n"
    "05/01/2026;ACME;phone;won;1234,5;PME;Inès;A\n"
    "06/01/2026;Société n°2;linkedin;reply;;;Hugo;\n"
).encode()
WEEKLY = entries_frame([(dt.date(2026, 1, 5), "phone", "activity", 120.0)])


@pytest.fixture
def empty_url(database: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database: no table, no alembic_version."""
    if database == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.fresh_database(migrated=False)
    yield url
    server.drop(url)


def _revisions(url: str) -> list[str]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = list(migrate.current_revisions(conn))
    engine.dispose()
    return found


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    found = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    return found


def test_a_database_of_the_release_before_migrations_is_upgraded_and_keeps_its_data(
    empty_url: str,
) -> None:
    # What that release did at start: create_all, no alembic_version; then a user's work.
    old = sa.create_engine(empty_url)
    baseline = [schema.metadata.tables[name] for name in migrate.BASELINE_TABLES]
    schema.metadata.create_all(old, tables=baseline)
    stored = storage.create_plan(old, make_plan())
    saved = storage.save_plan(old, stored.id, stored.plan, 1, summary="renamed")
    card = storage.save_card(old, stored.id, ProspectCard(company="ACME"))
    mapped = map_events(read_table(CSV, "actuals.csv"))
    batch = storage.store_events(old, stored.id, mapped.coded, file_name="a.csv", sha256="a" * 64)
    save_weekly(old, stored.id, WEEKLY)
    events = storage.load_events(old, stored.id)
    old.dispose()
    assert _revisions(empty_url) == []

    engine = storage.connect(empty_url)

    assert _revisions(empty_url) == [migrate.head()]
    assert storage.load_plan(engine, stored.id).plan == saved.plan
    assert [r.summary for r in storage.history(engine, stored.id)] == ["renamed", "created"]
    assert storage.load_card(engine, card.id).card.company == "ACME"
    assert storage.list_batches(engine, stored.id) == [batch]
    pd.testing.assert_frame_equal(storage.load_events(engine, stored.id), events)
    pd.testing.assert_frame_equal(load_weekly(engine, stored.id), WEEKLY)
    engine.dispose()


def test_a_new_database_is_made_by_the_migrations(empty_url: str) -> None:
    storage.connect(empty_url).dispose()
    assert _revisions(empty_url) == [migrate.head()]
    assert {t.name for t in schema.metadata.sorted_tables} <= _tables(empty_url)


def test_schema_py_and_the_migrations_agree(empty_url: str) -> None:
    """Fails when schema.py changed without a migration: `python -m planner.storage.migrate
    revision "what changed"` writes it (README, "To change the schema")."""
    storage.connect(empty_url).dispose()
    engine = sa.create_engine(empty_url)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    engine.dispose()
    assert differences == []


def test_a_schema_newer_than_the_code_is_refused_and_nothing_is_written(
    empty_url: str,
) -> None:
    engine = storage.connect(empty_url)
    plan_id = storage.create_plan(engine, make_plan()).id
    with engine.begin() as conn:  # what a newer release leaves
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    tables = _tables(empty_url)

    with pytest.raises(migrate.SchemaTooNew) as refused:
        storage.connect(empty_url)

    assert "9999_future" in refused.value.message("fr")
    assert "version plus récente" in refused.value.message("fr")
    assert "newer version" in refused.value.message("en")
    assert _revisions(empty_url) == ["9999_future"]
    assert _tables(empty_url) == tables
    engine = sa.create_engine(empty_url)
    assert [p.id for p in storage.list_plans(engine)] == [plan_id]
    engine.dispose()


def test_several_processes_starting_at_once_on_an_empty_database_migrate_it_once(
    empty_url: str, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    code = (
        "import sys, time, pathlib\n"
        "from planner.storage import connect\n"
        "print('ready', flush=True)\n"
        "while not pathlib.Path(sys.argv[2]).exists(): time.sleep(0.005)\n"
        "connect(sys.argv[1]).dispose()\n"
    )
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", code, empty_url, str(go)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    for p in starts:  # every process has imported the planner: start them together
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    go.touch()
    results = [(*p.communicate(timeout=120), p.returncode) for p in starts]

    assert [err for _out, err, code in results if code != 0] == []
    assert _revisions(empty_url) == [migrate.head()]


def test_the_app_says_a_newer_schema_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page opened on a database a newer release upgraded shows why, in the user's language."""
    from streamlit.testing.v1 import AppTest

    from planner.storage import connect

    url = f"sqlite:///{tmp_path}/newer.db"
    engine = connect(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    monkeypatch.setenv("PLANNER_DATABASE_URL", url)
    from tests.apptest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception
    assert at.error and "9999" in at.error[0].value


# A migration step of the tests' own, after the package's newest: it changes the schema and
# writes a row, then stops the upgrade, by an error or by killing its own process.
INTERRUPTED_STEP = '''"""A step that stops the upgrade midway (a test's own)."""
import os
import signal

import sqlalchemy as sa
from alembic import op

revision = "interrupted"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.add_column("plan_revisions", sa.Column("half", sa.Integer, nullable=True))
    op.execute("INSERT INTO half_done (id) VALUES (1)")
    {stop}


def downgrade() -> None:
    pass
'''
STOPS = {
    "failed": 'raise RuntimeError("the upgrade stops here")',
    "killed": "os.kill(os.getpid(), signal.SIGKILL)",
}
UPGRADE = (
    "import sys, pathlib, sqlalchemy as sa\n"
    "from planner.storage import migrate\n"
    "migrate.upgrade(sa.create_engine(sys.argv[1]), pathlib.Path(sys.argv[2]))\n"
)


def _migrations(folder: Path, steps: list[Path], extra: str = "") -> Path:
    """A migrations folder of the package's env.py and these steps (and `extra`, one more)."""
    (folder / "versions").mkdir(parents=True)
    for name in ("env.py", "script.py.mako"):
        shutil.copy(migrate.MIGRATIONS / name, folder / name)
    for step in steps:
        shutil.copy(step, folder / "versions" / step.name)
    if extra:
        (folder / "versions" / "9999_interrupted.py").write_text(extra)
    return folder


def _schema(url: str) -> dict[str, list[str]]:
    """Every table and its columns."""
    engine = sa.create_engine(url)
    inspector = sa.inspect(engine)
    found = {t: [c["name"] for c in inspector.get_columns(t)] for t in inspector.get_table_names()}
    engine.dispose()
    return found


def _a_plan_saved_by_the_older_release(url: str) -> None:
    engine = sa.create_engine(url)
    plans = sa.Table("plans", sa.MetaData(), autoload_with=engine)
    now = dt.datetime(2026, 1, 5, 9, 0)
    with engine.begin() as conn:
        conn.execute(
            plans.insert().values(
                id="older", name="Avant", market="b2b", created_at=now, updated_at=now, revision=1
            )
        )
    engine.dispose()


@pytest.mark.parametrize("stop", sorted(STOPS))
def test_an_upgrade_stopped_midway_leaves_the_older_schema_and_the_next_start_migrates_it(
    empty_url: str, tmp_path: Path, stop: str
) -> None:
    steps = sorted(p for p in (migrate.MIGRATIONS / "versions").glob("[0-9]*.py"))
    older = _migrations(tmp_path / "older", steps[:-1])  # the release before this one
    engine = sa.create_engine(empty_url)
    migrate.upgrade(engine, older)
    engine.dispose()
    _a_plan_saved_by_the_older_release(empty_url)
    before = _schema(empty_url)

    # This release's newest step, then a step that stops: killed, or failing, midway.
    step = INTERRUPTED_STEP.format(down=migrate.head(), stop=STOPS[stop])
    stopping = _migrations(tmp_path / "stopping", steps, step)
    run = subprocess.run(
        [sys.executable, "-c", UPGRADE, empty_url, str(stopping)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == (-signal.SIGKILL if stop == "killed" else 1), run.stderr
    assert _revisions(empty_url) == [migrate.head(older)]
    assert _schema(empty_url) == before  # this release's step undone too: one transaction

    engine = storage.connect(empty_url)  # the next start, with this release's migrations
    assert _revisions(empty_url) == [migrate.head()]
    assert [(p.id, p.name, p.owner) for p in storage.list_plans(engine)] == [("older", "Avant", "")]
    engine.dispose()
