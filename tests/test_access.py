"""Plan owners and shares when sign-in is on, on SQLite and on PostgreSQL: who sees which plan,
who may edit it, and the local default where the one person of the workspace owns everything."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from planner import storage
from planner.storage import EVERYONE, Access, InvalidGrantee, Permission
from tests.factories import make_plan

ALICE, BOB, CAROL = "alice@example.com", "bob@example.com", "carol@example.com"


def _plan(workspace: Engine, name: str, owner: str = "") -> str:
    plan = make_plan()
    plan = plan.model_copy(update={"meta": plan.meta.model_copy(update={"name": name})})
    return storage.create_plan(workspace, plan, owner=owner).id


def _names(workspace: Engine, user: str | None) -> dict[str, Access]:
    return {v.summary.name: v.access for v in storage.visible_plans(workspace, user)}


def test_a_signed_in_person_sees_their_own_plans_and_not_the_others(workspace: Engine) -> None:
    _plan(workspace, "Alice's", ALICE)
    _plan(workspace, "Bob's", BOB)
    assert _names(workspace, ALICE) == {"Alice's": Access.OWNER}
    assert _names(workspace, BOB) == {"Bob's": Access.OWNER}
    assert _names(workspace, CAROL) == {}


def test_without_sign_in_the_one_person_owns_every_plan(workspace: Engine) -> None:
    alices = _plan(workspace, "Alice's", ALICE)
    _plan(workspace, "Local", "")
    assert _names(workspace, None) == {"Alice's": Access.OWNER, "Local": Access.OWNER}
    assert storage.plan_access(workspace, alices, None) is Access.OWNER


def test_a_plan_shared_with_a_person_opens_for_them_at_the_permission_given(
    workspace: Engine,
) -> None:
    plan_id = _plan(workspace, "Alice's", ALICE)
    storage.share_plan(workspace, plan_id, " Bob@Example.COM ", Permission.VIEW)
    assert storage.plan_access(workspace, plan_id, BOB) is Access.VIEW
    assert storage.plan_access(workspace, plan_id, CAROL) is Access.NONE
    assert _names(workspace, BOB) == {"Alice's": Access.VIEW}

    storage.share_plan(workspace, plan_id, BOB, Permission.EDIT)  # replaces, does not add
    assert [(s.grantee, s.permission) for s in storage.shares_of(workspace, plan_id)] == [
        (BOB, Permission.EDIT)
    ]
    assert storage.plan_access(workspace, plan_id, BOB) is Access.EDIT

    storage.unshare_plan(workspace, plan_id, BOB)
    assert storage.plan_access(workspace, plan_id, BOB) is Access.NONE
    assert _names(workspace, BOB) == {}


def test_a_plan_shared_with_everyone_opens_for_every_signed_in_person(workspace: Engine) -> None:
    plan_id = _plan(workspace, "Alice's", ALICE)
    storage.share_plan(workspace, plan_id, EVERYONE, Permission.VIEW)
    storage.share_plan(workspace, plan_id, BOB, Permission.EDIT)
    assert storage.plan_access(workspace, plan_id, CAROL) is Access.VIEW
    assert storage.plan_access(workspace, plan_id, BOB) is Access.EDIT  # the better share wins
    assert _names(workspace, BOB) == {"Alice's": Access.EDIT}
    assert _names(workspace, CAROL) == {"Alice's": Access.VIEW}
    assert [s.grantee for s in storage.shares_of(workspace, plan_id)] == [EVERYONE, BOB]


def test_plans_made_before_sign_in_open_for_everyone_until_given_to_someone(
    workspace: Engine,
) -> None:
    plan_id = _plan(workspace, "From the laptop", "")
    assert storage.plan_access(workspace, plan_id, BOB) is Access.EDIT
    storage.give_plan(workspace, plan_id, "Alice@example.com")
    assert storage.plan_owner(workspace, plan_id) == ALICE
    assert storage.plan_access(workspace, plan_id, BOB) is Access.NONE
    assert storage.plan_access(workspace, plan_id, ALICE) is Access.OWNER


def test_a_copy_belongs_to_whoever_made_it(workspace: Engine) -> None:
    plan_id = _plan(workspace, "Alice's", ALICE)
    storage.share_plan(workspace, plan_id, BOB, Permission.VIEW)
    copy = storage.duplicate_plan(workspace, plan_id, "Bob's copy", owner=BOB)
    assert storage.plan_access(workspace, copy.id, BOB) is Access.OWNER
    assert storage.plan_access(workspace, copy.id, ALICE) is Access.NONE


@pytest.mark.parametrize("grantee", ["", "bob", "bob@", "@example.com", "bob@example", "a b@c.fr"])
def test_sharing_with_something_that_is_not_an_e_mail_is_refused(
    workspace: Engine, grantee: str
) -> None:
    plan_id = _plan(workspace, "Alice's", ALICE)
    with pytest.raises(InvalidGrantee):
        storage.share_plan(workspace, plan_id, grantee, Permission.VIEW)
    assert storage.shares_of(workspace, plan_id) == []


def test_deleting_a_plan_deletes_its_shares(workspace: Engine) -> None:
    plan_id = _plan(workspace, "Alice's", ALICE)
    storage.share_plan(workspace, plan_id, BOB, Permission.VIEW)
    storage.delete_plan(workspace, plan_id)
    assert storage.shares_of(workspace, plan_id) == []
    with pytest.raises(storage.PlanNotFound):
        storage.plan_access(workspace, plan_id, BOB)
    with pytest.raises(storage.PlanNotFound):
        storage.share_plan(workspace, plan_id, BOB, Permission.VIEW)
