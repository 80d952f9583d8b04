"""Sign-in and plan ownership on a team server, as two people drive the pages (AppTest plays the
identity the OpenID Connect provider vouched for; tests/e2e/test_signin_browser.py signs in for
real). Without sign-in configured the workspace stays one person's, with no sign-in page."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner import storage
from planner.plan.scenarios import build_scenario
from planner.storage import Access, Permission
from tests.apptest import open_session, signed_in, texts

ALICE, BOB = "alice@example.com", "bob@example.com"
TRACKING = "pages/6_tracking.py"
CSV = b"date;prospect;channel;event\n05/01/2027;acme;phone;activity\n"


def _alices_plan(workspace: Engine) -> str:
    plan = build_scenario("saas_smb", "fr", dt.date(2027, 1, 4))
    return storage.create_plan(workspace, plan, owner=ALICE).id


def _errors(at: AppTest) -> str:
    return " ".join(texts(at.error))


def test_without_sign_in_configured_there_is_no_sign_in_page(workspace: Engine) -> None:
    at = open_session(lang="fr")
    assert not at.exception
    assert at.selectbox(key="new_template")  # the workspace, straight away
    assert not [b for b in at.button if b.key == "sign_out"]


def test_a_visitor_who_has_not_signed_in_sees_only_the_sign_in_button(workspace: Engine) -> None:
    plan_id = _alices_plan(workspace)
    at = open_session(user={"is_logged_in": False}, lang="fr", plan=plan_id)
    assert not at.exception
    assert at.button(key="sign_in_default").label == "Se connecter"
    with pytest.raises(KeyError):
        at.selectbox(key="new_template")
    assert not at.subheader, "nothing of the plan is shown"


def test_a_plan_made_by_a_signed_in_person_is_theirs(workspace: Engine) -> None:
    at = signed_in(ALICE, lang="fr")
    at.selectbox(key="new_template").select("saas_smb").run()
    at.button(key="create").click().run()
    plan_id = at.query_params["plan"]
    assert storage.plan_owner(workspace, plan_id) == ALICE
    assert any(ALICE in c for c in texts(at.sidebar.caption))
    assert at.sidebar.button(key="sign_out").label == "Se déconnecter"


def test_another_person_neither_sees_nor_opens_it_by_its_id(workspace: Engine) -> None:
    plan_id = _alices_plan(workspace)
    at = signed_in(BOB, lang="fr")
    assert not [b for b in at.button if b.key == f"open_{plan_id}"]

    for page in ("app.py", TRACKING):
        at = signed_in(BOB, page, lang="fr", plan=plan_id)
        assert not at.exception
        assert "n’est pas partagé avec vous (bob@example.com)" in _errors(at), page
        assert "plan" not in at.query_params
        assert not [p for p in at.sidebar.get("popover")], "no export of a plan not shared"
    with pytest.raises(KeyError):
        at.file_uploader(key="trk_file")  # no import into it either


def test_the_owner_shares_with_a_colleague_to_view_and_they_cannot_change_it(
    workspace: Engine,
) -> None:
    plan_id = _alices_plan(workspace)
    at = signed_in(ALICE, lang="fr", plan=plan_id)
    at.text_input(key="share_email").input("Bob@Example.com")
    at.radio(key="share_permission").set_value("view")
    at.button(key="FormSubmitter:share_form-Partager").click().run()
    assert not at.exception
    assert "Partagé avec bob@example.com (consulter)." in texts(at.success)

    bob = signed_in(BOB, lang="fr")
    assert bob.button(key=f"open_{plan_id}")
    assert any("partagé par alice@example.com · lecture" in c for c in texts(bob.caption))
    bob = signed_in(BOB, lang="fr", plan=plan_id)
    assert any("Vous consultez un plan partagé par alice@example.com" in i for i in texts(bob.info))
    bob.text_input(key="rename_name").input("Le plan de Bob").run()
    bob.button(key="rename").click().run()
    assert "partagé avec vous en lecture" in _errors(bob)
    assert storage.load_plan(workspace, plan_id).revision == 1

    bob.button(key="delete").click().run()
    assert "Seul le propriétaire du plan (alice@example.com)" in _errors(bob)
    with pytest.raises(KeyError):
        bob.button(key="delete_confirm")

    bob.button(key="duplicate").click().run()
    copy_id = bob.query_params["plan"]
    assert storage.plan_access(workspace, copy_id, BOB) is Access.OWNER


def test_a_viewer_cannot_import_results_into_the_plan(workspace: Engine) -> None:
    plan_id = _alices_plan(workspace)
    storage.share_plan(workspace, plan_id, BOB, Permission.VIEW)
    at = signed_in(BOB, TRACKING, lang="fr", plan=plan_id)
    at.file_uploader(key="trk_file").set_value(("log.csv", CSV, "text/csv")).run()
    at.button(key="trk_import").click().run()
    assert not at.exception
    assert "partagé avec vous en lecture" in _errors(at)
    assert storage.list_batches(workspace, plan_id) == []


def test_shared_to_edit_a_colleague_saves_and_the_owner_can_stop_sharing(
    workspace: Engine,
) -> None:
    plan_id = _alices_plan(workspace)
    storage.share_plan(workspace, plan_id, BOB, Permission.EDIT)
    bob = signed_in(BOB, lang="fr", plan=plan_id)
    bob.text_input(key="rename_name").input("Plan revu par Bob").run()
    bob.button(key="rename").click().run()
    assert storage.load_plan(workspace, plan_id).plan.meta.name == "Plan revu par Bob"

    alice = signed_in(ALICE, lang="fr", plan=plan_id)
    alice.button(key=f"unshare_{BOB}").click().run()
    assert storage.plan_access(workspace, plan_id, BOB) is Access.NONE


def test_shared_with_everyone_every_signed_in_person_sees_it(workspace: Engine) -> None:
    plan_id = _alices_plan(workspace)
    at = signed_in(ALICE, lang="en", plan=plan_id)
    at.checkbox(key="share_everyone").check()
    at.button(key="FormSubmitter:share_form-Share").click().run()
    assert "Shared with Everyone signed in on this server (view)." in texts(at.success)
    carol = signed_in("carol@example.com", lang="en")
    assert carol.button(key=f"open_{plan_id}")


@pytest.mark.parametrize("typed", ["bob", "bob@example", "bob @example.com"])
def test_sharing_with_what_is_not_an_e_mail_says_so_and_shares_nothing(
    workspace: Engine, typed: str
) -> None:
    plan_id = _alices_plan(workspace)
    at = signed_in(ALICE, lang="fr", plan=plan_id)
    at.text_input(key="share_email").input(typed)
    at.button(key="FormSubmitter:share_form-Partager").click().run()
    assert f"« {typed} » n’est pas une adresse e-mail : rien n’a été partagé." in _errors(at)
    assert storage.shares_of(workspace, plan_id) == []


def test_an_account_without_an_e_mail_is_told_why_it_cannot_be_used(workspace: Engine) -> None:
    at = open_session(user={"is_logged_in": True, "name": "Sans Mail"}, lang="fr")
    assert not at.exception
    assert "n’a pas donné d’adresse e-mail" in _errors(at)
    assert at.button(key="sign_out_no_email")
