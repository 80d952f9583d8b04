"""Workshop rooms: a facilitator opens one from a plan, participants join it with its code.

Each participant gets their own copy of the room's starting plan (theirs: owned by them when
sign-in is on, shared with the facilitator to view) and a seat token, the link they come back
by. A closed room takes no one new; its participants keep their plans.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine

from planner.plan.planfile import plan_from_data, plan_to_json
from planner.storage.access import Permission, share_plan
from planner.storage.plans import create_plan, load_plan
from planner.storage.schema import (
    as_utc,
    exercise_answers,
    plans,
    room_seats,
    rooms,
    stored_now,
)

# Join codes: six characters that cannot be misread when said aloud or seen on a projector
# (no 0/O, 1/I/L); 31^6 ≈ 887 million codes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_NAME = 120


class RoomNotFound(LookupError):
    """No room with this code (or id)."""


class RoomClosed(RuntimeError):
    """The room was closed: it takes no new participant."""


class NameRequired(ValueError):
    """A participant joins with a name."""


@dataclass(frozen=True)
class Room:
    """A workshop room."""

    id: str
    code: str
    name: str
    facilitator: str
    source_plan_id: str | None
    created_at: dt.datetime
    closed_at: dt.datetime | None
    challenge: str | None = None  # the what-if pushed to the room (planner.workshop.Challenge)
    exercise: str | None = None  # the exercise being played (planner.workshop.exercises)
    key_shown: bool = False  # its answer key shown to the participants

    @property
    def is_open(self) -> bool:
        """True until the facilitator closes the room."""
        return self.closed_at is None


@dataclass(frozen=True)
class Seat:
    """A participant of a room and their plan."""

    room_id: str
    plan_id: str
    participant_name: str
    participant: str
    token: str
    joined_at: dt.datetime
    updated_at: dt.datetime
    revision: int


def clean_code(text: str) -> str:
    """A typed join code as stored: capitals, without spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _room(row: sa.RowMapping) -> Room:
    closed = row["closed_at"]
    return Room(
        row["id"],
        row["code"],
        row["name"],
        row["facilitator"],
        row["source_plan_id"],
        as_utc(row["created_at"]),
        as_utc(closed) if closed is not None else None,
        row["challenge"],
        row["exercise"],
        bool(row["key_shown"]),
    )


def open_room(engine: Engine, plan_id: str, name: str, facilitator: str = "") -> Room:
    """Open a room whose participants start from this plan as it is now."""
    document = plan_to_json(load_plan(engine, plan_id).plan)
    room_name = name.strip()[:200]
    if not room_name:
        raise NameRequired(name)
    room_id, now = uuid.uuid4().hex[:12], stored_now()
    for _ in range(10):  # a code already taken: draw another
        code = _new_code()
        try:
            with engine.begin() as conn:
                conn.execute(
                    rooms.insert().values(
                        id=room_id,
                        code=code,
                        name=room_name,
                        facilitator=facilitator,
                        source_plan_id=plan_id,
                        document=document,
                        created_at=now,
                    )
                )
        except sa_exc.IntegrityError:
            continue
        return Room(room_id, code, room_name, facilitator, plan_id, as_utc(now), None)
    raise RuntimeError("no free join code after 10 draws")  # pragma: no cover - 1 in 10^80


def find_room(engine: Engine, code_or_id: str) -> Room:
    """The room with this join code (as typed) or id; RoomNotFound otherwise."""
    code = clean_code(code_or_id)
    query = sa.select(rooms).where(sa.or_(rooms.c.code == code, rooms.c.id == code_or_id))
    with engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    if row is None:
        raise RoomNotFound(code_or_id)
    return _room(row)


def rooms_of(engine: Engine, facilitator: str | None) -> list[Room]:
    """The rooms a facilitator opened (all without sign-in): open ones first, newest first."""
    query = sa.select(rooms).order_by(rooms.c.closed_at.is_not(None), rooms.c.created_at.desc())
    if facilitator is not None:
        query = query.where(rooms.c.facilitator == facilitator)
    with engine.connect() as conn:
        return [_room(r) for r in conn.execute(query).mappings()]


def join_room(engine: Engine, code: str, participant_name: str, participant: str = "") -> Seat:
    """A seat for this participant: their own copy of the room's plan (the same seat again when
    a signed-in participant joins twice). RoomNotFound, RoomClosed, NameRequired."""
    room = find_room(engine, code)
    name = " ".join(participant_name.split())[:MAX_NAME]
    if participant:
        for seat in seats_of(engine, room.id):
            if seat.participant == participant:
                return seat
    if not room.is_open:
        raise RoomClosed(room.code)
    if not name:
        raise NameRequired(participant_name)
    with engine.connect() as conn:
        document = conn.execute(sa.select(rooms.c.document).where(rooms.c.id == room.id)).scalar()
    plan = plan_from_data(json.loads(str(document)))
    plan = plan.model_copy(
        update={"meta": plan.meta.model_copy(update={"name": f"{plan.meta.name} — {name}"[:120]})}
    )
    stored = create_plan(engine, plan, summary="joined", owner=participant)
    if participant and room.facilitator and room.facilitator != participant:
        share_plan(engine, stored.id, room.facilitator, Permission.VIEW)
    token, now = secrets.token_urlsafe(16)[:22], stored_now()
    with engine.begin() as conn:
        conn.execute(
            room_seats.insert().values(
                plan_id=stored.id,
                room_id=room.id,
                participant_name=name,
                participant=participant,
                token=token,
                joined_at=now,
            )
        )
    return Seat(room.id, stored.id, name, participant, token, as_utc(now), stored.saved_at, 1)


def _seats_query() -> sa.Select[tuple[object, ...]]:
    return sa.select(room_seats, plans.c.updated_at, plans.c.revision).join(
        plans, plans.c.id == room_seats.c.plan_id
    )


def _seat(row: sa.RowMapping) -> Seat:
    return Seat(
        row["room_id"],
        row["plan_id"],
        row["participant_name"],
        row["participant"],
        row["token"],
        as_utc(row["joined_at"]),
        as_utc(row["updated_at"]),
        row["revision"],
    )


def seats_of(engine: Engine, room_id: str) -> list[Seat]:
    """A room's participants in the order they joined, with their plan's last save."""
    query = _seats_query().where(room_seats.c.room_id == room_id).order_by(room_seats.c.joined_at)
    with engine.connect() as conn:
        return [_seat(r) for r in conn.execute(query).mappings()]


def seat_by_token(engine: Engine, token: str) -> Seat:
    """The seat a participant's link names; RoomNotFound when there is none."""
    query = _seats_query().where(room_seats.c.token == token)
    with engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    if row is None:
        raise RoomNotFound(token)
    return _seat(row)


def close_room(engine: Engine, room_id: str) -> None:
    """Close a room: no one new may join; the participants keep their plans."""
    with engine.begin() as conn:
        done = conn.execute(
            rooms.update()
            .where(rooms.c.id == room_id, rooms.c.closed_at.is_(None))
            .values(closed_at=stored_now())
        )
    if done.rowcount != 1:
        find_room(engine, room_id)  # RoomNotFound; else it was closed already


def reopen_room(engine: Engine, room_id: str) -> None:
    """Open a closed room again."""
    with engine.begin() as conn:
        conn.execute(rooms.update().where(rooms.c.id == room_id).values(closed_at=None))


def set_challenge(engine: Engine, room_id: str, challenge: str | None) -> None:
    """Push a challenge to the room (None: withdraw it); no participant's plan changes."""
    with engine.begin() as conn:
        done = conn.execute(rooms.update().where(rooms.c.id == room_id).values(challenge=challenge))
    if done.rowcount != 1:
        raise RoomNotFound(room_id)


def start_exercise(engine: Engine, room_id: str, exercise_id: str | None) -> None:
    """Give the room an exercise to answer (None: stop it); its key starts hidden."""
    with engine.begin() as conn:
        done = conn.execute(
            rooms.update()
            .where(rooms.c.id == room_id)
            .values(exercise=exercise_id, key_shown=False)
        )
    if done.rowcount != 1:
        raise RoomNotFound(room_id)


def show_key(engine: Engine, room_id: str, shown: bool = True) -> None:
    """Show (or hide) the running exercise's answer key to the participants."""
    with engine.begin() as conn:
        conn.execute(rooms.update().where(rooms.c.id == room_id).values(key_shown=shown))


def save_answers(
    engine: Engine, room_id: str, exercise_id: str, plan_id: str, answers: list[int | None]
) -> None:
    """Keep a participant's answers to an exercise (sent again, they replace the first)."""
    key = (
        (exercise_answers.c.room_id == room_id)
        & (exercise_answers.c.exercise_id == exercise_id)
        & (exercise_answers.c.plan_id == plan_id)
    )
    with engine.begin() as conn:
        conn.execute(exercise_answers.delete().where(key))
        conn.execute(
            exercise_answers.insert().values(
                room_id=room_id,
                exercise_id=exercise_id,
                plan_id=plan_id,
                answers=json.dumps(answers),
                answered_at=stored_now(),
            )
        )


def answers_of(engine: Engine, room_id: str, exercise_id: str) -> dict[str, list[int | None]]:
    """Every participant's answers to a room's exercise, keyed by their plan (their seat)."""
    query = sa.select(exercise_answers.c.plan_id, exercise_answers.c.answers).where(
        exercise_answers.c.room_id == room_id, exercise_answers.c.exercise_id == exercise_id
    )
    with engine.connect() as conn:
        return {row.plan_id: json.loads(row.answers) for row in conn.execute(query)}
