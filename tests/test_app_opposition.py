"""The Workspace page's opposition list as a user fills it, by hand and from files."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner.compliance.opposition import contact_key
from planner.storage.opposition import add_opposition, opposition_digests
from tests.apptest import new_session


def metric(at: AppTest) -> str:
    return next(
        str(m.value)
        for m in at.metric
        if m.label in ("Personnes sur la liste", "People on the list")
    )


def type_lines(at: AppTest, text: str) -> AppTest:
    at.text_area(key="opposition_lines").input(text)
    return next(b for b in at.button if b.label == "Ajouter à la liste").click().run()


def test_typed_numbers_and_emails_join_the_list_once(workspace: Engine) -> None:
    at = new_session("fr")
    type_lines(at, "jean@exemple.fr\n06 12 34 56 78\n")
    assert any("2 personnes ajoutées à la liste (0 déjà dessus)" in s.value for s in at.success)
    type_lines(at, "JEAN@exemple.fr\n+33 6 12 34 56 78\n")
    assert any("0 personne ajoutée à la liste (2 déjà dessus)" in s.value for s in at.success)
    assert metric(at) == "2"


def test_a_line_that_is_not_a_contact_is_named_and_nothing_is_added(workspace: Engine) -> None:
    at = new_session("fr")
    type_lines(at, "jean@exemple.fr\nDupont\n")
    (error,) = at.error
    assert "Rien n’a été ajouté" in error.value and "ligne 2" in error.value
    assert opposition_digests(workspace) == frozenset()


def test_a_french_excel_file_of_numbers_is_added(workspace: Engine) -> None:
    at = new_session("en")
    data = "Nom;Téléphone\r\nMartin;612345678\r\nDurand;07 98 76 54 32\r\nLeroy;n/a\r\n"
    at.file_uploader(key="opposition_file").set_value(
        ("bloctel.csv", data.encode("cp1252"), "text/csv")
    )
    at.radio(key="opposition_reason").set_value("bloctel").run()
    next(b for b in at.button if b.label == "Add the file's contacts").click().run()
    assert not at.exception
    assert any("2 people added" in s.value for s in at.success)
    assert contact_key("0612345678").digest in opposition_digests(workspace)  # type: ignore[union-attr]


def test_an_old_bloctel_file_is_a_reminder_to_clean_again(workspace: Engine) -> None:
    old = dt.date.today() - dt.timedelta(days=31)
    add_opposition(workspace, [contact_key("0612345678")], "bloctel", "bloctel.csv", old)  # type: ignore[list-item]
    at = new_session("en")
    assert any("a cleaning is valid 30 days" in w.value for w in at.warning)


def test_a_card_closed_opposed_puts_the_prospect_on_the_list(workspace: Engine) -> None:
    from planner import storage
    from planner.plan.scenarios import build_scenario
    from tests.apptest import open_session

    plan = build_scenario("saas_smb", "en", dt.date(2027, 1, 4))
    plan_id = storage.create_plan(workspace, plan).id
    at = open_session("pages/4_scripts.py", plan=plan_id, lang="en")
    at.text_input(key="card_company").input("Garage Lemaire")
    at.text_input(key="card_contact_name").input("Claire Martin")
    at.text_input(key="card_contact_details").input("claire@lemaire.fr, 06 12 34 56 78")
    at.selectbox(key="card_outcome").select("opposed")
    at.run()
    at.button(key="card_save").click().run()
    assert not at.exception
    assert any("3 contacts of this prospect join" in i.value for i in at.info)
    listed = opposition_digests(workspace)
    for written in ("Claire.Martin", "CLAIRE@lemaire.fr", "+33612345678"):
        key = contact_key(
            written.replace(".", " ") if "@" not in written and "+" not in written else written
        )
        assert key is not None and key.digest in listed


def test_no_call_sheet_is_made_for_a_card_whose_contact_objected(workspace: Engine) -> None:
    from planner import storage
    from planner.plan.scenarios import build_scenario
    from planner.scripts.prospect_card import ProspectCard
    from tests.apptest import open_session

    plan = build_scenario("saas_smb", "en", dt.date(2027, 1, 4))
    plan_id = storage.create_plan(workspace, plan).id
    card = ProspectCard(company="Garage Lemaire", contact_name="Claire Martin")
    storage.save_card(workspace, plan_id, card)
    key = contact_key("claire MARTIN")
    assert key is not None
    add_opposition(workspace, [key], "opposed", "card", dt.date(2027, 1, 4))
    at = open_session("pages/4_scripts.py", plan=plan_id, lang="en")
    sheets = [b for b in at.get("download_button") if "call sheet" in b.proto.label.lower()]
    assert sheets  # a blank card: the sheet is offered

    (chosen,) = [c for c in storage.list_cards(workspace, plan_id)]
    at.selectbox(key="export_card").select(chosen.id).run()

    assert not [b for b in at.get("download_button") if "call sheet" in b.proto.label.lower()]
    assert any("is on the workspace's opposition list" in e.value for e in at.error)
