"""A whole workshop in real browsers on the team server: two replicas behind nginx on one
PostgreSQL, sign-in through a local OpenID Connect provider. The facilitator (on replica A) opens
a room; two participants join, one on each replica; the board shows them; a challenge is pushed;
an exercise is played and its key shown; the participants' plans are compared and exported."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.conftest import PostgresServer
from tests.e2e.browser import join_room, open_room, settle, sign_in
from tests.e2e.conftest import running_replicas
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
    """Two replicas with sign-in configured alike (one secrets.toml whose redirect goes
    through nginx) on PostgreSQL, behind nginx; all stopped at the end."""
    secrets_file = tmp_path_factory.mktemp("team") / "secrets.toml"

    def sign_in_through(nginx: Nginx) -> None:
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "{nginx.url}/oauth2callback"\n'
            'cookie_secret = "a-cookie-secret-for-the-team-workshop-test"\n'
            'client_id = "planner"\n'
            'client_secret = "planner-secret"\n'
            f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        )

    args = ["--secrets.files", str(secrets_file)]
    with running_replicas(postgres_server, tmp_path_factory, args, sign_in_through) as team:
        yield team


def _on(team: ReplicaSet, replica: int) -> list[dict[str, str]]:
    return [{"name": COOKIE, "value": team.key_for(replica), "url": team.url}]


def _pick(page: Page, label: str, option: str) -> None:
    """Choose an option of a select box, as a user does."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option).click()
    settle(page)


def test_a_workshop_across_two_replicas(team_replicas: ReplicaSet, chromium: Browser) -> None:
    team = team_replicas
    lea = sign_in(chromium, team.url, "lea", _on(team, 0))
    code = open_room(lea)

    alice = sign_in(chromium, team.url, "alice", _on(team, 0))
    alices_plan = join_room(alice, team.url, code)
    bob = sign_in(chromium, team.url, "bob", _on(team, 1))  # on the other replica
    join_room(bob, team.url, code)
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
