"""Who may open, edit and share a plan when sign-in is on: owners, shares, and the local default.

Without sign-in (no user) the workspace is one person's: every plan is theirs. With sign-in, a
plan belongs to the person who made it (their e-mail); they may share it with named people,
with everyone signed in on the server ("*") or with a workshop room's participants, to view or to
edit. Plans made before sign-in was switched on have no owner: every signed-in person may open
and edit them, none may delete them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import IntEnum, StrEnum

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from planner.storage.plans import PlanNotFound, PlanSummary, summary_of
from planner.storage.schema import as_utc, plan_shares, plans, room_seats, stored_now

EVERYONE = "*"
ROOM = "room:"  # a grantee "room:ID": everyone who has a seat in that workshop room
_EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+")


class Access(IntEnum):
    """What a person may do with a plan, each level including the ones below."""

    NONE = 0
    VIEW = 1
    EDIT = 2
    OWNER = 3


class Permission(StrEnum):
    """What a share gives."""

    VIEW = "view"
    EDIT = "edit"


class InvalidGrantee(ValueError):
    """Not an e-mail address (nor everyone): nothing was shared."""

    def __init__(self, text: str) -> None:
        super().__init__(f"not an e-mail address: {text!r}")
        self.text = text


@dataclass(frozen=True)
class Share:
    """One person (or everyone) a plan is shared with."""

    grantee: str
    permission: Permission
    shared_at: dt.datetime


@dataclass(frozen=True)
class VisiblePlan:
    """A plan a person may open, with what they may do with it."""

    summary: PlanSummary
    access: Access


def person(email: str) -> str:
    """An e-mail address as stored: trimmed, lower case; InvalidGrantee when it is not one."""
    cleaned = email.strip().lower()
    if not _EMAIL.fullmatch(cleaned):
        raise InvalidGrantee(email)
    return cleaned


def room_grantee(room_id: str) -> str:
    """The grantee that shares a plan with everyone seated in a workshop room."""
    return f"{ROOM}{room_id}"


def _best_shares(user: str) -> sa.Subquery:
    """Per plan, the best share that reaches `user` (1 view, 2 edit): theirs, everyone's, or
    that of a room they have a seat in."""
    rooms = sa.select(sa.literal(ROOM) + room_seats.c.room_id).where(
        room_seats.c.participant == user
    )
    level = sa.case((plan_shares.c.permission == Permission.EDIT.value, 2), else_=1)
    return (
        sa.select(plan_shares.c.plan_id, sa.func.max(level).label("best"))
        .where(
            sa.or_(
                plan_shares.c.grantee.in_((user, EVERYONE)),
                plan_shares.c.grantee.in_(rooms.scalar_subquery()),
            )
        )
        .group_by(plan_shares.c.plan_id)
        .subquery()
    )


def _level(owner: str, user: str | None, best: int | None) -> Access:
    """The one rule: no sign-in or their own plan, owner; a plan made before sign-in, edit;
    otherwise the best share that reaches them, or none."""
    if user is None or owner == user:
        return Access.OWNER
    if owner == "":
        return Access.EDIT
    return {None: Access.NONE, 1: Access.VIEW, 2: Access.EDIT}[best]


@dataclass(frozen=True)
class Grant:
    """What a person may do with a plan, and whose plan it is."""

    access: Access
    owner: str  # "" for a plan made without sign-in


def plan_owner(engine: Engine, plan_id: str) -> str:
    """The owner's e-mail ("" for a plan made without sign-in); PlanNotFound if none."""
    return plan_grant(engine, plan_id, None).owner


def plan_grant(engine: Engine, plan_id: str, user: str | None) -> Grant:
    """What `user` may do with the plan (None: no sign-in, the owner) and its owner, in one
    query; PlanNotFound if there is no such plan."""
    query = sa.select(plans.c.owner).where(plans.c.id == plan_id)
    if user is not None:
        shared = _best_shares(user)
        query = (
            sa.select(plans.c.owner, shared.c.best)
            .outerjoin(shared, shared.c.plan_id == plans.c.id)
            .where(plans.c.id == plan_id)
        )
    with engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    if row is None:
        raise PlanNotFound(plan_id)
    return Grant(_level(row["owner"], user, row.get("best")), row["owner"])


def plan_access(engine: Engine, plan_id: str, user: str | None) -> Access:
    """What `user` may do with the plan (None: no sign-in, the owner); PlanNotFound if none."""
    return plan_grant(engine, plan_id, user).access


def visible_plans(engine: Engine, user: str | None) -> list[VisiblePlan]:
    """The plans `user` may open, most recently saved first, with what they may do."""
    order = (plans.c.updated_at.desc(), plans.c.name)
    if user is None:
        query = sa.select(plans, sa.null().label("best")).order_by(*order)
    else:
        shared = _best_shares(user)
        query = (
            sa.select(plans, shared.c.best)
            .outerjoin(shared, shared.c.plan_id == plans.c.id)
            .where(sa.or_(plans.c.owner.in_((user, "")), shared.c.best.is_not(None)))
            .order_by(*order)
        )
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [VisiblePlan(summary_of(r), _level(r["owner"], user, r["best"])) for r in rows]


def share_plan(engine: Engine, plan_id: str, grantee: str, permission: Permission) -> Share:
    """Share a plan with a person (their e-mail), everyone ("*") or a room's participants
    (room_grantee); a second share with the same grantee replaces the first."""
    grantee = grantee if grantee == EVERYONE or grantee.startswith(ROOM) else person(grantee)
    plan_owner(engine, plan_id)  # PlanNotFound
    now = stored_now()
    with engine.begin() as conn:
        conn.execute(
            plan_shares.delete().where(
                plan_shares.c.plan_id == plan_id, plan_shares.c.grantee == grantee
            )
        )
        conn.execute(
            plan_shares.insert().values(
                plan_id=plan_id, grantee=grantee, permission=permission.value, shared_at=now
            )
        )
    return Share(grantee, permission, as_utc(now))


def unshare_plan(engine: Engine, plan_id: str, grantee: str) -> None:
    """Stop sharing a plan with a person or with everyone."""
    with engine.begin() as conn:
        conn.execute(
            plan_shares.delete().where(
                plan_shares.c.plan_id == plan_id, plan_shares.c.grantee == grantee
            )
        )


def shares_of(engine: Engine, plan_id: str) -> list[Share]:
    """Whom a plan is shared with: everyone first, then rooms, then people alphabetically."""
    query = sa.select(plan_shares).where(plan_shares.c.plan_id == plan_id)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    shares = [
        Share(r["grantee"], Permission(r["permission"]), as_utc(r["shared_at"])) for r in rows
    ]
    return sorted(
        shares, key=lambda s: (s.grantee != EVERYONE, not s.grantee.startswith(ROOM), s.grantee)
    )


def give_plan(engine: Engine, plan_id: str, new_owner: str) -> None:
    """Make a person the plan's owner (a plan made before sign-in, or handed over)."""
    owner = person(new_owner)
    with engine.begin() as conn:
        moved = conn.execute(plans.update().where(plans.c.id == plan_id).values(owner=owner))
        conn.execute(
            plan_shares.delete().where(
                plan_shares.c.plan_id == plan_id, plan_shares.c.grantee == owner
            )
        )
    if moved.rowcount != 1:
        raise PlanNotFound(plan_id)
