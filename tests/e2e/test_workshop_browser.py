"""A workshop in real browsers on a team server with sign-in: Léa opens a room from a demo plan,
Alice and Bob join it with the code, each gets a plan of their own; Léa's board shows them as
they save, without a reload; Bob is refused Alice's plan; Alice leaves and comes back by the
link of her seat."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser import join_room, open_room, settle, sign_in

pytestmark = pytest.mark.browser

BOARD = '[data-testid="stDataFrame"]'


def _seat_link(page: Page) -> str:
    link = page.locator('[data-testid="stCode"]').filter(has_text="seat=").inner_text()
    found = re.search(r"https?://\S+seat=\S+", link)
    assert found, link
    return found[0]


def _rename(page: Page, name: str) -> None:
    field = page.get_by_role("textbox", name="Nom du plan").first
    field.fill(name)
    field.press("Enter")
    settle(page)
    page.locator(".st-key-rename button").click()
    settle(page)


def test_a_workshop_with_a_facilitator_and_two_participants(
    team_server: str, chromium: Browser
) -> None:
    lea = sign_in(chromium, team_server, "lea")
    code = open_room(lea)
    expect(lea.get_by_text("Personne n’a encore rejoint la salle.")).to_be_visible()

    alice = sign_in(chromium, team_server, "alice")
    alices_plan = join_room(alice, team_server, code)
    bob = sign_in(chromium, team_server, "bob")
    join_room(bob, team_server, code)

    board = lea.locator(BOARD)  # refreshed on its own: no reload, no click on Léa's side
    expect(board).to_contain_text("Alice Martin", timeout=30_000)
    expect(board).to_contain_text("Bob Durand", timeout=30_000)

    bob.goto(f"{team_server}/?lang=fr&plan={alices_plan}")
    expect(bob.get_by_text("Ce plan n’est pas partagé avec vous (bob@example.com)")).to_be_visible()

    link = _seat_link(alice)
    alice.context.close()  # Alice leaves…
    alice = sign_in(chromium, team_server, "alice")  # …and comes back on another browser
    alice.goto(link)
    expect(alice.get_by_text("Vous êtes Alice Martin dans la salle")).to_be_visible()
    alice.get_by_role("button", name="Ouvrir mon plan").click()
    expect(alice).to_have_url(re.compile(f"plan={alices_plan}"), timeout=30_000)
    settle(alice)
    alice.goto(f"{team_server}/?lang=fr&plan={alices_plan}")  # her plan, on the workspace
    expect(alice.get_by_role("heading", name="Plans de prospection")).to_be_visible()
    expect(alice.locator(".st-key-rename button")).to_be_visible()
    settle(alice)
    _rename(alice, "Le plan d'Alice, revu")
    read = lea.get_by_text(re.compile(r"^Relu toutes les 5 secondes"))
    before = read.inner_text()
    expect(read).not_to_have_text(before, timeout=30_000)  # the board read the room again
    expect(board).to_contain_text("Alice Martin")
    for page in (alice, bob, lea):
        page.context.close()
