"""Sign-in on a team server, for real: the app's `st.login` against a local OpenID Connect
provider (oidc-provider-mock, its own process on 127.0.0.1) in Chromium. Alice signs in, makes a
plan and shares it with Bob to view; Carol, signed in too, is refused it by its link; Bob sees it,
cannot change it, and signs out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.browser import create_named_plan, settle, sign_in

pytestmark = pytest.mark.browser


def test_two_people_sign_in_one_shares_a_plan_a_third_is_refused_it(
    team_server: str, chromium: Browser
) -> None:
    visitor = chromium.new_page(locale="fr-FR")
    visitor.goto(f"{team_server}/?lang=fr")
    expect(visitor.get_by_role("button", name="Se connecter")).to_be_visible(timeout=30_000)
    expect(visitor.get_by_role("button", name="Créer le plan")).to_have_count(0)
    visitor.context.close()

    alice = sign_in(chromium, team_server, "alice")
    plan_id = create_named_plan(alice, "Plan d'Alice")
    alice.get_by_text("Partager ce plan").click()
    alice.get_by_role("textbox", name="Adresse e-mail").fill("bob@example.com")
    alice.get_by_role("button", name="Partager", exact=True).click()
    expect(alice.get_by_text("Partagé avec bob@example.com (consulter).")).to_be_visible()

    carol = sign_in(chromium, team_server, "carol")
    expect(carol.get_by_text("Plan d'Alice")).to_have_count(0)  # not in her workspace
    carol.goto(f"{team_server}/?lang=fr&plan={plan_id}")  # the link, typed in
    refused = "Ce plan n’est pas partagé avec vous (carol@example.com)"
    expect(carol.get_by_text(refused)).to_be_visible()
    expect(carol.get_by_text(refused)).to_be_visible()
    expect(carol.get_by_text("Plan d'Alice")).to_have_count(0)
    carol.goto(f"{team_server}/tracking?lang=fr&plan={plan_id}")  # another step, same refusal
    expect(carol.get_by_text("Ce plan n’est pas partagé avec vous")).to_be_visible(timeout=30_000)
    expect(carol.get_by_role("button", name="Importer")).to_have_count(0)
    carol.context.close()

    bob = sign_in(chromium, team_server, "bob")
    expect(bob.get_by_text("partagé par alice@example.com · lecture")).to_be_visible()
    bob.get_by_role("button", name="Ouvrir").click()
    expect(bob.get_by_text("Vous consultez un plan partagé par alice@example.com")).to_be_visible()
    name = bob.get_by_role("textbox", name="Nom du plan").first  # the open plan's, not a new one's
    name.fill("Plan de Bob")
    name.press("Enter")
    settle(bob)
    bob.get_by_role("button", name="Renommer").click()
    expect(bob.get_by_text("partagé avec vous en lecture, pas en modification")).to_be_visible()

    bob.get_by_role("button", name="Se déconnecter").click()
    end_session = bob.get_by_role("button", name="End session")  # the provider's own sign-out
    expect(end_session).to_be_visible(timeout=30_000)
    end_session.click()
    expect(bob.get_by_role("button", name="Se connecter")).to_be_visible(timeout=30_000)
    bob.goto(f"{team_server}/?lang=fr&plan={plan_id}")
    expect(bob.get_by_role("button", name="Se connecter")).to_be_visible(timeout=30_000)
    expect(bob.get_by_text("Plan d'Alice")).to_have_count(0)
    bob.context.close()
    alice.context.close()
