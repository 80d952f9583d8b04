"""Plans and every saved revision: create, save (refusing a stale revision), load, list, restore.

A plan is stored as its plan file text (planner.plan.planfile), checked to load back before it
is written; each save adds a revision, and the history lists them.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from planner.plan.model import Plan
from planner.plan.planfile import plan_from_data, plan_to_json
from planner.storage.schema import as_utc, plans, revisions, stored_now


class PlanNotFound(LookupError):
    """No plan (or revision) with this id in the workspace."""


class StaleRevision(RuntimeError):
    """The plan was saved elsewhere since this copy was loaded; nothing was written."""

    def __init__(self, plan_id: str, expected: int, current: int) -> None:
        super().__init__(f"plan {plan_id} is at revision {current}, not {expected}")
        self.plan_id, self.expected, self.current = plan_id, expected, current


@dataclass(frozen=True)
class PlanSummary:
    """A row of the workspace list."""

    id: str
    name: str
    market: str
    created_at: dt.datetime
    updated_at: dt.datetime
    revision: int
    owner: str = ""  # the owner's e-mail when sign-in is on


@dataclass(frozen=True)
class RevisionInfo:
    """One entry of a plan's history."""

    revision: int
    saved_at: dt.datetime
    summary: str


@dataclass(frozen=True)
class StoredPlan:
    """A plan as loaded from the workspace, with the revision it was loaded at."""

    id: str
    revision: int
    plan: Plan
    saved_at: dt.datetime


def _document(plan: Plan) -> tuple[str, Plan]:
    """The plan file text to store, checked to load back (InvalidInput otherwise).

    A Plan changed with model_copy(update=...) or by assignment is not validated; storing it
    unchecked could leave a revision that can never be opened again.
    """
    document = plan_to_json(plan)
    return document, plan_from_data(_json(document))


def create_plan(
    engine: Engine, plan: Plan, summary: str = "created", owner: str = ""
) -> StoredPlan:
    """Store a new plan as revision 1 and return it with its new id (owner: who signed in)."""
    document, plan = _document(plan)
    plan_id, now = uuid.uuid4().hex[:12], stored_now()
    with engine.begin() as conn:
        conn.execute(
            plans.insert().values(
                id=plan_id,
                name=plan.meta.name,
                market=plan.meta.market.value,
                created_at=now,
                updated_at=now,
                revision=1,
                owner=owner,
            )
        )
        conn.execute(
            revisions.insert().values(
                plan_id=plan_id,
                revision=1,
                saved_at=now,
                summary=summary,
                document=document,
            )
        )
    return StoredPlan(plan_id, 1, plan, as_utc(now))


def save_plan(
    engine: Engine,
    plan_id: str,
    plan: Plan,
    expected_revision: int,
    summary: str = "edited",
) -> StoredPlan:
    """Save a new revision in one transaction; refuse it if the plan moved on."""
    document, plan = _document(plan)
    now, revision = stored_now(), expected_revision + 1
    with engine.begin() as conn:
        moved = conn.execute(
            plans.update()
            .where(plans.c.id == plan_id, plans.c.revision == expected_revision)
            .values(
                name=plan.meta.name,
                market=plan.meta.market.value,
                updated_at=now,
                revision=revision,
            )
        )
        if moved.rowcount != 1:
            current = conn.execute(
                sa.select(plans.c.revision).where(plans.c.id == plan_id)
            ).scalar()
            if current is None:
                raise PlanNotFound(plan_id)
            raise StaleRevision(plan_id, expected_revision, current)
        conn.execute(
            revisions.insert().values(
                plan_id=plan_id,
                revision=revision,
                saved_at=now,
                summary=summary,
                document=document,
            )
        )
    return StoredPlan(plan_id, revision, plan, as_utc(now))


def load_plan(engine: Engine, plan_id: str, revision: int | None = None) -> StoredPlan:
    """The plan at its latest revision, or at the given one."""
    query = sa.select(revisions).where(revisions.c.plan_id == plan_id)
    if revision is None:
        query = query.join(plans, plans.c.id == revisions.c.plan_id).where(
            revisions.c.revision == plans.c.revision
        )
    else:
        query = query.where(revisions.c.revision == revision)
    with engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    if row is None:
        raise PlanNotFound(plan_id)
    plan = plan_from_data(_json(row["document"]))
    return StoredPlan(plan_id, row["revision"], plan, as_utc(row["saved_at"]))


def _json(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text)
    return data


def current_revision(engine: Engine, plan_id: str) -> int:
    """The latest revision number of a plan."""
    with engine.connect() as conn:
        value = conn.execute(sa.select(plans.c.revision).where(plans.c.id == plan_id)).scalar()
    if value is None:
        raise PlanNotFound(plan_id)
    return int(value)


def list_plans(engine: Engine) -> list[PlanSummary]:
    """Every plan of the workspace, most recently saved first."""
    query = sa.select(plans).order_by(plans.c.updated_at.desc(), plans.c.name)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [summary_of(r) for r in rows]


def summary_of(row: sa.RowMapping) -> PlanSummary:
    """A plans row as a workspace list entry."""
    return PlanSummary(
        row["id"],
        row["name"],
        row["market"],
        as_utc(row["created_at"]),
        as_utc(row["updated_at"]),
        row["revision"],
        row["owner"],
    )


def history(engine: Engine, plan_id: str) -> list[RevisionInfo]:
    """Every saved revision of a plan, newest first."""
    query = (
        sa.select(revisions.c.revision, revisions.c.saved_at, revisions.c.summary)
        .where(revisions.c.plan_id == plan_id)
        .order_by(revisions.c.revision.desc())
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [RevisionInfo(r.revision, as_utc(r.saved_at), r.summary) for r in rows]


def restore_revision(
    engine: Engine, plan_id: str, revision: int, expected_revision: int
) -> StoredPlan:
    """Save an earlier revision's document as the newest revision."""
    old = load_plan(engine, plan_id, revision)
    return save_plan(engine, plan_id, old.plan, expected_revision, summary=f"restored:{revision}")


def duplicate_plan(engine: Engine, plan_id: str, new_name: str, owner: str = "") -> StoredPlan:
    """A new plan holding a copy of this plan's latest revision under another name."""
    source = load_plan(engine, plan_id)
    copy = source.plan.model_copy(
        update={"meta": source.plan.meta.model_copy(update={"name": new_name})}
    )
    copied = plan_from_data(copy.model_dump(mode="json"))
    return create_plan(engine, copied, summary="duplicated", owner=owner)


def delete_plan(engine: Engine, plan_id: str) -> None:
    """Remove a plan and its whole history."""
    with engine.begin() as conn:
        conn.execute(revisions.delete().where(revisions.c.plan_id == plan_id))
        gone = conn.execute(plans.delete().where(plans.c.id == plan_id))
    if gone.rowcount != 1:
        raise PlanNotFound(plan_id)
