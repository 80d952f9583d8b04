"""Sign-in on a team server, for real: the app's `st.login` against a local OpenID Connect
provider (oidc-provider-mock, its own process on 127.0.0.1) in Chromium. Alice signs in, makes a
plan and shares it with Bob to view; Carol, signed in too, is refused it by its link; Bob sees it,
cannot change it, and signs out."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser import create_named_plan, settle
from tests.e2e.conftest import StreamlitServer, _require_browser

pytestmark = pytest.mark.browser

PEOPLE = {
    "alice": {"email": "alice@example.com", "name": "Alice Martin"},
    "bob": {"email": "bob@example.com", "name": "Bob Durand"},
    "carol": {"email": "carol@example.com", "name": "Carol Petit"},
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A local OpenID Connect provider that knows Alice, Bob and Carol; stopped by its process."""
    port = _free_port()
    users = [
        arg
        for sub, claims in PEOPLE.items()
        for arg in ("--user-claims", json.dumps({"sub": sub, **claims}))
    ]
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), *users],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not _answers(f"{issuer}/.well-known/openid-configuration"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the OIDC provider did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)
    yield issuer
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def team_server(tmp_path_factory: pytest.TempPathFactory, provider: str) -> Iterator[str]:
    """The app with sign-in configured in its secrets (as a team server's secrets.toml)."""
    _require_browser()
    data = tmp_path_factory.mktemp("signin")
    secrets = data / "secrets.toml"
    running = StreamlitServer(data, args=["--secrets.files", str(secrets)])
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{running.url}/oauth2callback"\n'
        'cookie_secret = "a-cookie-secret-for-the-sign-in-test-only"\n'
        'client_id = "planner"\n'
        'client_secret = "planner-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    running.start()
    yield running.url
    running.stop()


def _sign_in(browser: Browser, server: str, who: str) -> Page:
    """A new browser of `who`, signed in through the provider's form (Streamlit then opens the
    app's first page: st.login always returns there)."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1400})
    page = context.new_page()
    page.goto(f"{server}/?lang=fr")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("button", name=who, exact=True).click()  # the provider's form
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(
        PEOPLE[who]["email"], timeout=30_000
    )
    settle(page)
    return page


def test_two_people_sign_in_one_shares_a_plan_a_third_is_refused_it(
    team_server: str, chromium: Browser
) -> None:
    visitor = chromium.new_page(locale="fr-FR")
    visitor.goto(f"{team_server}/?lang=fr")
    expect(visitor.get_by_role("button", name="Se connecter")).to_be_visible(timeout=30_000)
    expect(visitor.get_by_role("button", name="Créer le plan")).to_have_count(0)
    visitor.context.close()

    alice = _sign_in(chromium, team_server, "alice")
    plan_id = create_named_plan(alice, "Plan d'Alice")
    alice.get_by_text("Partager ce plan").click()
    alice.get_by_role("textbox", name="Adresse e-mail").fill("bob@example.com")
    alice.get_by_role("button", name="Partager", exact=True).click()
    expect(alice.get_by_text("Partagé avec bob@example.com (consulter).")).to_be_visible()

    carol = _sign_in(chromium, team_server, "carol")
    expect(carol.get_by_text("Plan d'Alice")).to_have_count(0)  # not in her workspace
    carol.goto(f"{team_server}/?lang=fr&plan={plan_id}")  # the link, typed in
    refused = "Ce plan n'est pas partagé avec vous (carol@example.com)"
    expect(carol.get_by_text(refused)).to_be_visible()
    expect(carol.get_by_text(refused)).to_be_visible()
    expect(carol.get_by_text("Plan d'Alice")).to_have_count(0)
    carol.goto(f"{team_server}/tracking?lang=fr&plan={plan_id}")  # another step, same refusal
    expect(carol.get_by_text("Ce plan n'est pas partagé avec vous")).to_be_visible(timeout=30_000)
    expect(carol.get_by_role("button", name="Importer")).to_have_count(0)
    carol.context.close()

    bob = _sign_in(chromium, team_server, "bob")
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
