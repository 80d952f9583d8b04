"""Workshop rooms in the database, on SQLite and on PostgreSQL: a facilitator opens a room from a
plan, participants join with its code and each gets a plan of their own, a closed room takes no
one new and its participants keep their plans."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from planner import storage
from planner.storage import Access, NameRequired, RoomClosed, RoomNotFound
from planner.storage.rooms import CODE_ALPHABET, CODE_LENGTH, clean_code
from tests.factories import make_plan

LEA, ALICE, BOB = "lea@example.com", "alice@example.com", "bob@example.com"


def _room(workspace: Engine, facilitator: str = "") -> storage.Room:
    source = storage.create_plan(workspace, make_plan(), owner=facilitator)
    return storage.open_room(workspace, source.id, "Atelier du mardi", facilitator)


def test_a_room_has_a_short_code_that_cannot_be_misread(workspace: Engine) -> None:
    room = _room(workspace)
    assert len(room.code) == CODE_LENGTH and set(room.code) <= set(CODE_ALPHABET)
    assert not set(room.code) & set("0O1IL")
    spaced = f" {room.code[:3].lower()}-{room.code[3:]} "
    assert clean_code(spaced) == room.code
    assert storage.find_room(workspace, spaced).id == room.id
    with pytest.raises(RoomNotFound):
        storage.find_room(workspace, "ZZZZZZ" if room.code != "ZZZZZZ" else "YYYYYY")


def test_each_participant_gets_their_own_copy_of_the_plan_as_it_was(workspace: Engine) -> None:
    room = _room(workspace)
    source = storage.load_plan(workspace, str(room.source_plan_id))
    renamed = source.plan.model_copy(
        update={"meta": source.plan.meta.model_copy(update={"name": "Changed after"})}
    )
    storage.save_plan(workspace, source.id, renamed, 1)  # the room keeps the plan as it was

    ines = storage.join_room(workspace, room.code, "  Inès   Dupont ")
    hugo = storage.join_room(workspace, room.code, "Hugo")
    assert ines.plan_id != hugo.plan_id != source.id
    assert ines.participant_name == "Inès Dupont"
    copy = storage.load_plan(workspace, ines.plan_id).plan
    assert copy.meta.name == f"{source.plan.meta.name} — Inès Dupont"
    assert copy.channels == source.plan.channels
    assert [s.participant_name for s in storage.seats_of(workspace, room.id)] == [
        "Inès Dupont",
        "Hugo",
    ]
    assert storage.seat_by_token(workspace, hugo.token).plan_id == hugo.plan_id


def test_signed_in_participants_own_their_plan_and_the_facilitator_views_it(
    workspace: Engine,
) -> None:
    room = _room(workspace, LEA)
    alice = storage.join_room(workspace, room.code, "Alice", ALICE)
    assert storage.plan_access(workspace, alice.plan_id, ALICE) is Access.OWNER
    assert storage.plan_access(workspace, alice.plan_id, LEA) is Access.VIEW
    assert storage.plan_access(workspace, alice.plan_id, BOB) is Access.NONE  # another participant
    again = storage.join_room(workspace, room.code, "Alice M.", ALICE)  # back by the code
    assert again.plan_id == alice.plan_id
    assert len(storage.seats_of(workspace, room.id)) == 1


def test_a_closed_room_takes_no_one_new_and_its_participants_keep_their_plans(
    workspace: Engine,
) -> None:
    room = _room(workspace, LEA)
    alice = storage.join_room(workspace, room.code, "Alice", ALICE)
    storage.close_room(workspace, room.id)
    assert not storage.find_room(workspace, room.code).is_open
    with pytest.raises(RoomClosed):
        storage.join_room(workspace, room.code, "Bob", BOB)
    assert storage.join_room(workspace, room.code, "Alice", ALICE).plan_id == alice.plan_id
    assert storage.load_plan(workspace, alice.plan_id).plan
    assert [r.id for r in storage.rooms_of(workspace, LEA)] == [room.id]
    assert storage.rooms_of(workspace, BOB) == []
    storage.reopen_room(workspace, room.id)
    assert storage.join_room(workspace, room.code, "Bob", BOB)


@pytest.mark.parametrize("name", ["", "   "])
def test_joining_without_a_name_is_refused_and_makes_no_plan(workspace: Engine, name: str) -> None:
    room = _room(workspace)
    with pytest.raises(NameRequired):
        storage.join_room(workspace, room.code, name)
    assert len(storage.list_plans(workspace)) == 1
    assert storage.seats_of(workspace, room.id) == []


def test_deleting_a_participants_plan_frees_their_seat(workspace: Engine) -> None:
    room = _room(workspace)
    seat = storage.join_room(workspace, room.code, "Hugo")
    storage.delete_plan(workspace, seat.plan_id)
    assert storage.seats_of(workspace, room.id) == []
    with pytest.raises(RoomNotFound):
        storage.seat_by_token(workspace, seat.token)


def test_an_exercise_is_started_answered_and_its_key_shown(workspace: Engine) -> None:
    room = _room(workspace, LEA)
    alice = storage.join_room(workspace, room.code, "Alice", ALICE)
    bob = storage.join_room(workspace, room.code, "Bob", BOB)
    storage.start_exercise(workspace, room.id, "bant_qualify")
    started = storage.find_room(workspace, room.code)
    assert (started.exercise, started.key_shown) == ("bant_qualify", False)
    storage.save_answers(workspace, room.id, "bant_qualify", alice.plan_id, [0, 1, None, 1, 0])
    storage.save_answers(workspace, room.id, "bant_qualify", bob.plan_id, [1, 1, 1, 1, 1])
    storage.save_answers(workspace, room.id, "bant_qualify", bob.plan_id, [0, 1, 1, 1, 0])  # again
    assert storage.answers_of(workspace, room.id, "bant_qualify") == {
        alice.plan_id: [0, 1, None, 1, 0],
        bob.plan_id: [0, 1, 1, 1, 0],
    }
    storage.show_key(workspace, room.id)
    assert storage.find_room(workspace, room.code).key_shown
    storage.start_exercise(workspace, room.id, "smart_fix")  # the next one: its key hidden
    assert not storage.find_room(workspace, room.code).key_shown
    assert storage.answers_of(workspace, room.id, "smart_fix") == {}


def test_a_plan_shared_with_a_room_opens_for_its_participants_only(workspace: Engine) -> None:
    room = _room(workspace, LEA)
    storage.join_room(workspace, room.code, "Alice", ALICE)
    handout = storage.create_plan(workspace, make_plan(), owner=LEA).id
    storage.share_plan(workspace, handout, storage.room_grantee(room.id), storage.Permission.VIEW)
    assert storage.plan_access(workspace, handout, ALICE) is Access.VIEW
    assert storage.plan_access(workspace, handout, BOB) is Access.NONE  # not in the room
    assert handout in {v.summary.id for v in storage.visible_plans(workspace, ALICE)}
    assert handout not in {v.summary.id for v in storage.visible_plans(workspace, BOB)}
    storage.join_room(workspace, room.code, "Bob", BOB)
    assert storage.plan_access(workspace, handout, BOB) is Access.VIEW  # once seated
    assert [s.grantee for s in storage.shares_of(workspace, handout)] == [f"room:{room.id}"]
