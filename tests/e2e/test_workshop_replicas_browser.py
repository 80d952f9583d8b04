"""A whole workshop in real browsers on the team server: two replicas behind nginx on one
PostgreSQL, sign-in through a local OpenID Connect provider. The facilitator (on replica A) opens
a room; two participants join, one on each replica; the board shows them; a challenge is pushed;
an exercise is played and its key shown; the participants' plans are compared and exported."""

from __future__ import annotations

import re
import secrets
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.conftest import PostgresServer
from tests.e2e.browser import create_named_plan, go_to_step, plan_id, settle, sign_in
from tests.e2e.conftest import StreamlitServer, _require_browser
from tests.e2e.replicas import COOKIE, Nginx, ReplicaSet

pytestmark = pytest.mark.browser

BOARD = '[data-testid="stDataFrame"]'


@pytest.fixture(scope="module")
def team_replicas(
    postgres_server: PostgresServer,
    nginx_program: str,
    provider: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ReplicaSet]:
    """PostgreSQL, two replicas with sign-in configured alike (one cookie secret, one
    secrets.toml whose redirect goes through nginx), nginx; all stopped at the end."""
    _require_browser()
    url = postgres_server.fresh_database()
    folder = tmp_path_factory.mktemp("team")
    secrets_file = folder / "secrets.toml"
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    args = ["--secrets.files", str(secrets_file)]
    replicas = tuple(
        StreamlitServer(tmp_path_factory.mktemp(f"team-{name}"), url, env, args) for name in "ab"
    )
    nginx = Nginx([r.url.removeprefix("http://") for r in replicas])
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "{nginx.url}/oauth2callback"\n'
        'cookie_secret = "a-cookie-secret-for-the-team-workshop-test"\n'
        'client_id = "planner"\n'
        'client_secret = "planner-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    try:
        for replica in replicas:
            replica.start()
        nginx.start()
        yield ReplicaSet(nginx.url, url, (replicas[0], replicas[1]), nginx)
    finally:
        nginx.stop()
        shutil.rmtree(nginx.prefix, ignore_errors=True)
        for replica in replicas:
            replica.stop()
        postgres_server.drop(url)


def _on(team: ReplicaSet, replica: int) -> list[dict[str, str]]:
    return [{"name": COOKIE, "value": team.key_for(replica), "url": team.url}]


def _join(page: Page, server: str, code: str) -> str:
    page.goto(f"{server}/workshop?room={code}&lang=fr")
    expect(page.get_by_role("textbox", name="Code de la salle")).to_have_value(code)
    page.get_by_role("button", name="Rejoindre", exact=True).click()
    expect(page.get_by_text("Votre lien pour revenir à votre plan")).to_be_visible()
    settle(page)
    return plan_id(page)


def _pick(page: Page, label: str, option: str) -> None:
    """Choose an option of a select box, as a user does."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option).click()
    settle(page)


def test_a_workshop_across_two_replicas(team_replicas: ReplicaSet, chromium: Browser) -> None:
    team = team_replicas
    lea = sign_in(chromium, team.url, "lea", _on(team, 0))
    create_named_plan(lea, "Plan de départ")
    go_to_step(lea, "Atelier")
    lea.get_by_role("tab", name="Animer un atelier").click()
    lea.get_by_text("Ouvrir une salle à partir du plan ouvert").click()
    settle(lea)
    lea.get_by_role("button", name="Ouvrir la salle").click()
    settle(lea)
    room_code = lea.locator('[data-testid="stCode"]').filter(has_text="room=")
    expect(room_code).to_be_visible()
    code = re.search(r"room=([A-Z0-9]{6})", room_code.inner_text())
    assert code, room_code.inner_text()

    alice = sign_in(chromium, team.url, "alice", _on(team, 0))
    alices_plan = _join(alice, team.url, code[1])
    bob = sign_in(chromium, team.url, "bob", _on(team, 1))  # on the other replica
    _join(bob, team.url, code[1])
    board = lea.locator(BOARD).first
    expect(board).to_contain_text("Alice Martin", timeout=30_000)
    expect(board).to_contain_text("Bob Durand", timeout=30_000)

    _pick(lea, "Lancer un défi à la salle", "Deux fois moins d’activités")
    expect(board).to_contain_text("CA P50 — défi", timeout=30_000)

    exercise_pick = lea.get_by_role("combobox", name="Exercice", exact=True)
    expect(exercise_pick).to_have_value("Qualifier cinq prospects avec la grille BANT (BANT)")
    lea.get_by_role("button", name="Lancer", exact=True).click()
    settle(lea)
    exercise = bob.get_by_text("Qualifier cinq prospects avec la grille BANT")
    expect(exercise).to_be_visible(timeout=30_000)  # reached Bob's replica on its own
    for number, choice in enumerate(["Qualifié", *["Pas encore qualifié"] * 3, "Qualifié"], 1):
        bob.locator(f".st-key-answer_bant_qualify_{number}").get_by_text(choice, exact=True).click()
    bob.get_by_role("button", name="Envoyer mes réponses").click()
    expect(bob.get_by_text("Vos réponses sont envoyées.")).to_be_visible()
    expect(lea.get_by_text("1 participant sur 2 a répondu.")).to_be_visible(timeout=30_000)
    lea.get_by_role("button", name="Montrer le corrigé").click()
    expect(bob.get_by_text("Votre score : 5 sur 5.")).to_be_visible(timeout=30_000)

    bob.goto(f"{team.url}/?lang=fr&plan={alices_plan}")  # another participant's plan
    expect(bob.get_by_text("Ce plan n’est pas partagé avec vous (bob@example.com)")).to_be_visible()

    lea.goto(f"{team.url}/?lang=fr")  # the facilitator compares the participants' plans
    settle(lea)
    lea.get_by_role("button", name="Ouvrir").first.click()
    settle(lea)
    lea.get_by_text("Comparer des plans côte à côte").click()
    settle(lea)
    lea.locator(".st-key-compare_with").get_by_role("combobox").click()
    lea.get_by_role("option", name="Plan de départ — Alice Martin").click()
    lea.keyboard.press("Escape")
    expect(lea.get_by_role("button", name="Comparer (PDF)")).to_be_visible(timeout=60_000)
    with lea.expect_download() as download:
        lea.get_by_role("button", name="Comparer (PDF)").click()
    text = "\n".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "Deux plans comparés" in text
    for page in (alice, bob, lea):
        page.context.close()
