"""Workshop rooms as a facilitator and participants drive the page (AppTest): open a room from a
plan, join it with its code, follow the room on the board, come back by the seat's link."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner import storage
from planner.plan.scenarios import build_scenario
from planner.storage import Access
from tests.apptest import open_session, shown_cells, signed_in, texts

WORKSHOP = "pages/8_workshop.py"
START = dt.date(2027, 1, 4)
LEA, ALICE, BOB = "lea@example.com", "alice@example.com", "bob@example.com"


def _demo(workspace: Engine, owner: str = "") -> str:
    return storage.create_plan(workspace, build_scenario("saas_smb", "fr", START), owner=owner).id


def _open_room(at: AppTest, workspace: Engine) -> storage.Room:
    at.text_input(key="room_name").input("Atelier du mardi").run()
    at.button(key="open_room").click().run()
    assert not at.exception
    [room] = storage.rooms_of(workspace, None)
    return room


def _board(at: AppTest) -> pd.DataFrame:
    """What the board's table shows (the page's only table)."""
    [table] = at.dataframe
    return shown_cells(table)


def _join(code: str, name: str, **session: str) -> AppTest:
    at = open_session(WORKSHOP, lang="fr", **session)
    at.text_input(key="join_code").input(code)
    at.text_input(key="join_name").input(name)
    at.button(key="FormSubmitter:join_form-Rejoindre").click().run()
    return at


def _errors(at: AppTest) -> str:
    return " ".join(texts(at.error))


def test_a_facilitator_opens_a_room_and_sees_its_code_link_and_qr(workspace: Engine) -> None:
    plan_id = _demo(workspace)
    at = open_session(WORKSHOP, lang="fr", plan=plan_id)
    room = _open_room(at, workspace)
    assert room.source_plan_id == plan_id and room.name == "Atelier du mardi"
    assert any(f"{room.code[:3]} {room.code[3:]}" in m.value for m in at.markdown)
    assert any(f"workshop?room={room.code}" in c.value for c in at.code)
    assert at.get("image"), "the QR code is shown"
    assert any(c.startswith("Personne n’a encore rejoint la salle.") for c in texts(at.caption))


def test_participants_join_with_the_code_and_each_gets_their_own_plan(workspace: Engine) -> None:
    room = storage.open_room(workspace, _demo(workspace), "Atelier")
    ines = _join(room.code.lower(), "Inès")
    assert not ines.exception
    [seat] = storage.seats_of(workspace, room.id)
    assert ines.query_params["plan"] == seat.plan_id
    assert seat.participant_name == "Inès"
    hugo = _join(room.code, "Hugo")
    assert hugo.query_params["plan"] != seat.plan_id
    assert len(storage.seats_of(workspace, room.id)) == 2


def test_the_board_shows_a_row_per_participant_with_their_forecast(workspace: Engine) -> None:
    source = _demo(workspace)
    room = storage.open_room(workspace, source, "Atelier")
    storage.join_room(workspace, room.code, "Inès")
    storage.join_room(workspace, room.code, "Hugo")
    at = open_session(WORKSHOP, lang="fr", plan=source)
    assert not at.exception
    cells = _board(at)
    assert list(cells["Participant"]) == ["Inès", "Hugo"]
    p50 = cells["CA P50"][0]
    assert re.fullmatch(r"\d{1,3}([\u202f\xa0]\d{3})+\xa0€", p50), p50  # "109 268 €" in French
    assert cells["Chance d’atteindre l’objectif"][0].endswith("%")
    assert cells["Activité nécessaire (80 %)"][0].startswith("× ")


def test_the_board_filters_participants_by_name(workspace: Engine) -> None:
    source = _demo(workspace)
    room = storage.open_room(workspace, source, "Atelier")
    for name in ("Inès", "Hugo", "Inga"):
        storage.join_room(workspace, room.code, name)
    at = open_session(WORKSHOP, lang="fr", plan=source)
    at.text_input(key="board_filter").input("in").run()
    cells = _board(at)
    assert list(cells["Participant"]) == ["Inès", "Inga"]


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [
        ("", "Inès", "Saisissez le code de la salle"),
        ("ZZZZZ9", "Inès", "Aucune salle n’a le code « ZZZZZ9 »"),
        ("ROOM", "   ", "Saisissez votre nom"),
    ],
)
def test_a_wrong_code_or_no_name_is_refused_and_makes_no_plan(
    workspace: Engine, code: str, name: str, message: str
) -> None:
    room = storage.open_room(workspace, _demo(workspace), "Atelier")
    at = _join(room.code if code == "ROOM" else code, name)
    assert not at.exception
    assert message in _errors(at)
    assert storage.seats_of(workspace, room.id) == []
    assert len(storage.list_plans(workspace)) == 1


def test_a_closed_room_says_so_to_who_tries_to_join(workspace: Engine) -> None:
    room = storage.open_room(workspace, _demo(workspace), "Atelier")
    storage.close_room(workspace, room.id)
    at = _join(room.code, "Inès")
    assert "Cette salle est fermée" in _errors(at)


def test_a_participant_comes_back_by_the_link_of_their_seat(workspace: Engine) -> None:
    room = storage.open_room(workspace, _demo(workspace), "Atelier")
    seat = storage.join_room(workspace, room.code, "Inès")
    at = open_session(WORKSHOP, lang="fr", seat=seat.token)
    assert not at.exception
    assert any("Vous êtes **Inès** dans la salle **Atelier**" in m.value for m in at.markdown)
    at.button(key="open_my_plan").click().run()
    assert at.query_params["plan"] == seat.plan_id


def test_the_facilitator_closes_the_room_and_the_plans_stay(workspace: Engine) -> None:
    source = _demo(workspace)
    room = storage.open_room(workspace, source, "Atelier")
    seat = storage.join_room(workspace, room.code, "Inès")
    at = open_session(WORKSHOP, lang="fr", plan=source)
    at.button(key="close_room").click().run()
    assert not storage.find_room(workspace, room.code).is_open
    assert storage.load_plan(workspace, seat.plan_id)
    assert at.button(key="reopen_room")


def test_signed_in_a_participant_cannot_open_another_participants_plan(
    workspace: Engine,
) -> None:
    room = storage.open_room(workspace, _demo(workspace, LEA), "Atelier", LEA)
    alices = storage.join_room(workspace, room.code, "Alice", ALICE)
    bob = signed_in(BOB, WORKSHOP, lang="fr")
    bob.text_input(key="join_code").input(room.code)
    bob.button(key="FormSubmitter:join_form-Rejoindre").click().run()
    bobs = bob.query_params["plan"]
    assert storage.plan_access(workspace, bobs, BOB) is Access.OWNER
    assert storage.plan_access(workspace, bobs, LEA) is Access.VIEW

    peek = signed_in(BOB, "app.py", lang="fr", plan=alices.plan_id)
    assert "n’est pas partagé avec vous (bob@example.com)" in _errors(peek)
    lea = signed_in(LEA, WORKSHOP, lang="fr")
    cells = _board(lea)
    assert list(cells["Participant"]) == ["Alice", "Bob"]  # the signed-in name, prefilled


def _money(text: str) -> float:
    return float(re.sub(r"[^\d,]", "", text).replace(",", "."))


def test_a_challenge_shows_each_plan_before_and_after_and_changes_none(
    workspace: Engine,
) -> None:
    source = _demo(workspace)
    room = storage.open_room(workspace, source, "Atelier")
    seat = storage.join_room(workspace, room.code, "Inès")
    at = open_session(WORKSHOP, lang="fr", plan=source)
    at.selectbox(key=f"challenge_{room.id}").select("activity_halves").run()
    assert not at.exception
    assert storage.find_room(workspace, room.code).challenge == "activity_halves"
    cells = _board(at)
    assert _money(cells["CA P50 — défi"][0]) < _money(cells["CA P50"][0])
    assert "Chance — défi" in cells.columns
    assert storage.load_plan(workspace, seat.plan_id).revision == 1  # no plan was changed

    at.selectbox(key=f"challenge_{room.id}").select("").run()
    assert storage.find_room(workspace, room.code).challenge is None
    assert "CA P50 — défi" not in _board(at).columns


def test_a_participant_sees_the_challenge_and_their_own_plan_under_it(workspace: Engine) -> None:
    source = _demo(workspace)
    room = storage.open_room(workspace, source, "Atelier")
    seat = storage.join_room(workspace, room.code, "Inès")
    ines = open_session(WORKSHOP, lang="fr", seat=seat.token)
    assert not any("Défi de l’animateur" in m for m in texts(ines.markdown))

    storage.set_challenge(workspace, room.id, "deals_smaller")
    ines.run()

    assert not ines.exception
    shown = "\n".join(texts(ines.markdown))
    assert "**Défi de l’animateur :** Des affaires 20 % plus petites." in shown
    revenue = re.search(r"Votre chiffre d’affaires P50 : (.+?) → \*\*(.+?)\*\* avec le défi", shown)
    assert revenue, shown
    before, after = (_money(v) for v in revenue.groups())
    assert after == pytest.approx(0.8 * before, rel=0.02)  # deals 20 % smaller, same volumes
    assert "Votre chance d’atteindre « " in shown
    assert storage.load_plan(workspace, seat.plan_id).revision == 1  # nothing saved

    storage.set_challenge(workspace, room.id, None)
    ines.run()
    assert not any("Défi de l’animateur" in m for m in texts(ines.markdown))


def test_a_participant_is_told_of_the_challenge_on_every_page_of_their_plan(
    workspace: Engine,
) -> None:
    source = _demo(workspace)
    room = storage.open_room(workspace, source, "Atelier")
    seat = storage.join_room(workspace, room.code, "Inès")
    ines = open_session(WORKSHOP, lang="fr", seat=seat.token, plan=seat.plan_id)
    storage.set_challenge(workspace, room.id, "one_rep_less")

    ines.switch_page("pages/1_target.py").run()

    assert not ines.exception
    told = [i.value for i in ines.sidebar.info]
    assert told == [
        "Défi de l’animateur : Un commercial de moins. Voyez comment votre plan tient sur la page"
        " Atelier."
    ]
    facilitator = open_session("pages/1_target.py", lang="fr", plan=source)
    assert not facilitator.sidebar.info  # not a participant of the room


def test_a_challenge_pushed_from_another_tab_is_not_undone_by_this_one(workspace: Engine) -> None:
    source = _demo(workspace)
    room = storage.open_room(workspace, source, "Atelier")
    storage.join_room(workspace, room.code, "Inès")
    first = open_session(WORKSHOP, lang="fr", plan=source)
    other = open_session(WORKSHOP, lang="fr", plan=source)
    other.selectbox(key=f"challenge_{room.id}").select("rates_down").run()
    first.run()  # the first tab reruns (any click): it shows the challenge, and keeps it
    assert first.selectbox(key=f"challenge_{room.id}").value == "rates_down"
    assert storage.find_room(workspace, room.code).challenge == "rates_down"


def _answer(token: str, picks: list[int]) -> AppTest:
    at = open_session(WORKSHOP, lang="fr", seat=token)
    for number, pick in enumerate(picks, 1):
        at.radio(key=f"answer_bant_qualify_{number}").set_value(pick)
    at.button(key="FormSubmitter:answers_bant_qualify-Envoyer mes réponses").click().run()
    assert not at.exception
    return at


def test_an_exercise_is_played_answers_add_up_and_the_key_gives_each_score(
    workspace: Engine,
) -> None:
    source = _demo(workspace)
    room = storage.open_room(workspace, source, "Atelier")
    ines = storage.join_room(workspace, room.code, "Inès")
    hugo = storage.join_room(workspace, room.code, "Hugo")
    lea = open_session(WORKSHOP, lang="fr", plan=source)
    lea.selectbox(key="exercise_pick").select("bant_qualify").run()
    lea.button(key="exercise_start").click().run()
    assert storage.find_room(workspace, room.code).exercise == "bant_qualify"

    sent = _answer(ines.token, [0, 1, 1, 1, 0])  # all right
    assert any("Vos réponses sont envoyées" in s for s in texts(sent.success))
    _answer(hugo.token, [1, 1, 1, 1, 0])  # the first one wrong

    lea.run()
    assert "2 participants sur 2 ont répondu." in texts(lea.caption)
    lea.button(key="exercise_key").click().run()
    assert any(re.match(r"Justes : 50\s%\. ", c) for c in texts(lea.caption))

    ines_back = open_session(WORKSHOP, lang="fr", seat=ines.token)
    assert any("Votre score : **5 sur 5**." in m.value for m in ines_back.markdown)
    hugo_back = open_session(WORKSHOP, lang="fr", seat=hugo.token)
    assert any("Votre score : **4 sur 5**." in m.value for m in hugo_back.markdown)


def test_the_facilitator_shares_a_plan_with_the_room_and_only_its_participants_see_it(
    workspace: Engine,
) -> None:
    handout = _demo(workspace, LEA)
    room = storage.open_room(workspace, handout, "Atelier", LEA)
    storage.join_room(workspace, room.code, "Alice", ALICE)
    lea = signed_in(LEA, "app.py", lang="fr", plan=handout)
    lea.selectbox(key="share_room").select(room.id)
    lea.button(key="FormSubmitter:share_form-Partager").click().run()
    assert not lea.exception
    assert "Partagé avec la salle « Atelier » (consulter)." in texts(lea.success)
    alice = signed_in(ALICE, "app.py", lang="fr")
    assert alice.button(key=f"open_{handout}")
    bob = signed_in(BOB, "app.py", lang="fr")
    assert not [b for b in bob.button if b.key == f"open_{handout}"]


def test_answers_with_a_question_left_blank_are_not_sent_and_it_is_named(
    workspace: Engine,
) -> None:
    source = _demo(workspace)
    room = storage.open_room(workspace, source, "Atelier")
    ines = storage.join_room(workspace, room.code, "Inès")
    storage.start_exercise(workspace, room.id, "bant_qualify")
    at = open_session(WORKSHOP, lang="fr", seat=ines.token)
    for number, pick in ((1, 0), (3, 1), (5, 0)):
        at.radio(key=f"answer_bant_qualify_{number}").set_value(pick)
    at.button(key="FormSubmitter:answers_bant_qualify-Envoyer mes réponses").click().run()
    assert not at.exception
    assert "Les questions 2, 4 n’ont pas encore de réponse : rien n’a été envoyé." in " ".join(
        texts(at.error)
    )
    assert storage.answers_of(workspace, room.id, "bant_qualify") == {}
