"""The workspace database: plans, revisions, two tabs, crashes, through a real SQLite file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from planner import storage
from planner.core.problems import InvalidInput
from planner.plan.model import Plan
from planner.storage import (
    PlanNotFound,
    StaleRevision,
    connect,
    create_plan,
    current_revision,
    database_url,
    delete_plan,
    duplicate_plan,
    history,
    list_plans,
    load_plan,
    restore_revision,
    save_plan,
    schema,
)
from tests.factories import make_plan


@pytest.fixture
def db_url(database_url: str) -> str:
    """A fresh workspace: SQLite, then PostgreSQL (tests/conftest.py)."""
    return database_url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = connect(db_url)
    yield engine
    engine.dispose()


def _named(name: str) -> Plan:
    return make_plan(meta__name=name)


def _plans_row(engine: Engine, plan_id: str) -> tuple[str, int]:
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(schema.plans.c.name, schema.plans.c.revision).where(
                schema.plans.c.id == plan_id
            )
        ).one()
    return row.name, row.revision


def test_a_created_plan_is_listed_and_loads_back(engine: Engine) -> None:
    created = create_plan(engine, _named("Plan A"))

    (summary,) = list_plans(engine)
    loaded = load_plan(engine, created.id)

    assert (summary.id, summary.name, summary.market, summary.revision) == (
        created.id,
        "Plan A",
        "b2b",
        1,
    )
    assert summary.updated_at.tzinfo is dt.UTC
    assert (loaded.id, loaded.revision, loaded.plan) == (created.id, 1, _named("Plan A"))


def test_the_workspace_lists_the_most_recently_saved_plan_first(engine: Engine) -> None:
    older = create_plan(engine, _named("B older"))
    create_plan(engine, _named("A newer"))
    assert [p.name for p in list_plans(engine)] == ["A newer", "B older"]

    save_plan(engine, older.id, _named("B older"), expected_revision=1)

    assert [p.name for p in list_plans(engine)] == ["B older", "A newer"]


def test_each_save_makes_a_new_revision_listed_newest_first(engine: Engine) -> None:
    plan_id = create_plan(engine, _named("v1")).id

    second = save_plan(engine, plan_id, _named("v2"), expected_revision=1, summary="renamed")
    third = save_plan(engine, plan_id, _named("v3"), expected_revision=2)

    assert (second.revision, third.revision) == (2, 3)
    assert [(h.revision, h.summary) for h in history(engine, plan_id)] == [
        (3, "edited"),
        (2, "renamed"),
        (1, "created"),
    ]
    assert load_plan(engine, plan_id).plan.meta.name == "v3"
    assert load_plan(engine, plan_id, revision=2).plan.meta.name == "v2"
    assert list_plans(engine)[0].name == "v3"
    assert current_revision(engine, plan_id) == 3


def test_a_stale_save_from_a_second_tab_is_refused_and_writes_nothing(engine: Engine) -> None:
    plan_id = create_plan(engine, _named("shared")).id
    first_tab = load_plan(engine, plan_id)
    second_tab = load_plan(engine, plan_id)

    save_plan(engine, plan_id, _named("first tab"), expected_revision=first_tab.revision)
    with pytest.raises(StaleRevision) as refused:
        save_plan(engine, plan_id, _named("second tab"), expected_revision=second_tab.revision)

    assert (refused.value.expected, refused.value.current) == (1, 2)
    assert len(history(engine, plan_id)) == 2
    assert load_plan(engine, plan_id).plan.meta.name == "first tab"
    assert _plans_row(engine, plan_id) == ("first tab", 2)


def test_saving_a_plan_that_was_deleted_says_it_is_not_found(engine: Engine) -> None:
    plan_id = create_plan(engine, _named("gone")).id
    delete_plan(engine, plan_id)

    with pytest.raises(PlanNotFound):
        save_plan(engine, plan_id, _named("gone"), expected_revision=1)


def test_restoring_an_earlier_revision_saves_it_as_the_newest(engine: Engine) -> None:
    plan_id = create_plan(engine, _named("original")).id
    save_plan(engine, plan_id, make_plan(meta__name="changed", offer__deal_value=9000), 1)

    restored = restore_revision(engine, plan_id, revision=1, expected_revision=2)

    assert restored.revision == 3
    assert load_plan(engine, plan_id).plan == _named("original")
    assert history(engine, plan_id)[0].summary == "restored:1"
    assert len(history(engine, plan_id)) == 3


def test_restoring_from_a_stale_tab_is_refused(engine: Engine) -> None:
    plan_id = create_plan(engine, _named("original")).id
    save_plan(engine, plan_id, _named("changed"), 1)

    with pytest.raises(StaleRevision):
        restore_revision(engine, plan_id, revision=1, expected_revision=1)
    assert len(history(engine, plan_id)) == 2


def test_duplicating_gives_a_new_plan_and_leaves_the_source_alone(engine: Engine) -> None:
    source = create_plan(engine, _named("Source"))
    save_plan(engine, source.id, _named("Source"), expected_revision=1)

    copy = duplicate_plan(engine, source.id, "Copy of source")

    assert copy.id != source.id
    assert copy.revision == 1
    assert load_plan(engine, copy.id).plan == _named("Copy of source")
    assert load_plan(engine, source.id).plan == _named("Source")
    assert current_revision(engine, source.id) == 2
    assert sorted(p.name for p in list_plans(engine)) == ["Copy of source", "Source"]


def test_duplicating_with_an_empty_name_is_refused(engine: Engine) -> None:
    source = create_plan(engine, _named("Source"))

    with pytest.raises(ValueError, match=r"meta\.name"):
        duplicate_plan(engine, source.id, "  ")
    assert len(list_plans(engine)) == 1


def test_deleting_removes_the_plan_and_its_history(engine: Engine) -> None:
    kept = create_plan(engine, _named("kept")).id
    plan_id = create_plan(engine, _named("deleted")).id
    save_plan(engine, plan_id, _named("deleted"), 1)

    delete_plan(engine, plan_id)

    assert [p.id for p in list_plans(engine)] == [kept]
    assert history(engine, plan_id) == []
    with pytest.raises(PlanNotFound):
        load_plan(engine, plan_id)
    with pytest.raises(PlanNotFound):
        delete_plan(engine, plan_id)
    assert load_plan(engine, kept).plan.meta.name == "kept"


@pytest.mark.parametrize(
    ("known_plan", "revision"), [(False, None), (False, 1), (True, 2), (True, 0)]
)
def test_loading_an_unknown_plan_or_revision_says_not_found(
    engine: Engine, known_plan: bool, revision: int | None
) -> None:
    plan_id = create_plan(engine, _named("one")).id

    with pytest.raises(PlanNotFound):
        load_plan(engine, plan_id if known_plan else "nope", revision)


def test_current_revision_of_an_unknown_plan_says_not_found(engine: Engine) -> None:
    with pytest.raises(PlanNotFound):
        current_revision(engine, "nope")


def _leave_a_revision_2_row(engine: Engine, plan_id: str, _: pytest.MonkeyPatch) -> None:
    """A revision row left behind: saving revision 2 fails after updating the plans row."""
    with engine.begin() as conn:
        conn.execute(
            schema.revisions.insert().values(
                plan_id=plan_id,
                revision=2,
                saved_at=dt.datetime(2026, 1, 1),
                summary="left over",
                document="{}",
            )
        )


def _crash_while_writing(engine: Engine, plan_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fails while the revision is written (after the plans row was updated)."""

    def fail_on_revision_insert(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("INSERT INTO plan_revisions"):
            raise OSError("disk I/O error")

    sa.event.listen(engine, "before_cursor_execute", fail_on_revision_insert)


@pytest.mark.parametrize(
    "break_the_save",
    [_leave_a_revision_2_row, _crash_while_writing],
    ids=["revision row exists", "crash while writing"],
)
def test_a_save_that_fails_half_way_leaves_the_previous_revision(
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    break_the_save: Callable[[Engine, str, pytest.MonkeyPatch], None],
) -> None:
    plan_id = create_plan(engine, _named("before")).id
    break_the_save(engine, plan_id, monkeypatch)

    with pytest.raises((sa.exc.IntegrityError, OSError)):
        save_plan(engine, plan_id, _named("after"), expected_revision=1)

    assert _plans_row(engine, plan_id) == ("before", 1)
    assert load_plan(engine, plan_id).plan == _named("before")
    assert list_plans(engine)[0].name == "before"


def test_a_plan_changed_without_validation_is_refused_before_writing(engine: Engine) -> None:
    stored = create_plan(engine, _named("valid"))
    broken = stored.plan.model_copy(
        update={"meta": stored.plan.meta.model_copy(update={"name": ""})}
    )

    with pytest.raises(InvalidInput) as refused:
        save_plan(engine, stored.id, broken, expected_revision=1)
    with pytest.raises(InvalidInput):
        create_plan(engine, broken)

    assert [p.where for p in refused.value.problems] == ["meta.name"]
    assert len(history(engine, stored.id)) == 1
    assert len(list_plans(engine)) == 1
    assert load_plan(engine, stored.id).plan == _named("valid")


def test_two_engines_on_the_same_file_see_each_other_s_saves(db_url: str) -> None:
    first, second = connect(db_url), connect(db_url)
    try:
        plan_id = create_plan(first, _named("from first")).id
        assert load_plan(second, plan_id).plan.meta.name == "from first"

        save_plan(second, plan_id, _named("from second"), expected_revision=1)

        assert load_plan(first, plan_id).plan.meta.name == "from second"
        with pytest.raises(StaleRevision):
            save_plan(first, plan_id, _named("late"), expected_revision=1)
    finally:
        first.dispose()
        second.dispose()


def test_the_database_survives_a_new_engine(db_url: str) -> None:
    engine = connect(db_url)
    plan_id = create_plan(engine, _named("persisted")).id
    engine.dispose()

    reopened = connect(db_url)
    try:
        assert load_plan(reopened, plan_id).plan == _named("persisted")
    finally:
        reopened.dispose()


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"PLANNER_DATABASE_URL": "sqlite:////srv/x.db"}, "sqlite:////srv/x.db"),
        (
            {"PLANNER_DATABASE_URL": "sqlite:////srv/x.db", "PLANNER_DATA_DIR": "/data"},
            "sqlite:////srv/x.db",
        ),
        ({"PLANNER_DATA_DIR": "/var/lib/planner"}, "sqlite:////var/lib/planner/planner.db"),
        ({"PLANNER_DATA_DIR": "data"}, "sqlite:///data/planner.db"),
        ({"PLANNER_DATABASE_URL": "", "PLANNER_DATA_DIR": "/d"}, "sqlite:////d/planner.db"),
        ({}, f"sqlite:///{storage.DEFAULT_DATA_DIR / 'planner.db'}"),
        ({"PLANNER_DATA_DIR": ""}, f"sqlite:///{storage.DEFAULT_DATA_DIR / 'planner.db'}"),
    ],
)
def test_database_url_follows_the_environment(environ: dict[str, str], expected: str) -> None:
    assert database_url(environ) == expected


def test_a_fresh_data_dir_is_created(tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh" / "data"
    engine = connect(database_url({"PLANNER_DATA_DIR": str(data_dir)}))
    try:
        plan_id = create_plan(engine, _named("first plan")).id

        assert (data_dir / "planner.db").is_file()
        assert load_plan(engine, plan_id).plan.meta.name == "first plan"
    finally:
        engine.dispose()


@pytest.mark.parametrize("folder", ["with space", "hash#1", "what?", "100%"])
def test_a_data_dir_with_url_characters_is_used_as_named(tmp_path: Path, folder: str) -> None:
    data_dir = tmp_path / folder
    engine = connect(database_url({"PLANNER_DATA_DIR": str(data_dir)}))
    try:
        create_plan(engine, _named("first plan"))
    finally:
        engine.dispose()

    assert [p.name for p in tmp_path.iterdir()] == [folder]
    assert (data_dir / "planner.db").is_file()
