"""Sign-in through OpenID Connect (st.login) when the server's secrets configure it.

Without an [auth] section in .streamlit/secrets.toml the app is a one-person workspace with no
sign-in page, as on a laptop. With one, every page asks the visitor to sign in first, and the
person is known by the e-mail address their provider vouches for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from planner.core.i18n import t
from planner.storage import InvalidGrantee, person

# The settings of one provider, written straight in [auth] (else each is a [auth.name] table).
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


def _auth_section() -> Mapping[str, Any] | None:
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets.toml at all: sign-in is off
        return None
    return section if isinstance(section, Mapping) else None


def sign_in_configured() -> bool:
    """True when the server's secrets configure sign-in."""
    return _auth_section() is not None


def providers() -> list[str | None]:
    """The providers to offer (None: the one written straight in [auth])."""
    section = _auth_section() or {}
    if all(key in section for key in _PROVIDER_KEYS):
        return [None]
    named = [name for name, value in section.items() if isinstance(value, Mapping)]
    return list(named) or [None]


def signed_in_user(lang: str) -> str | None:
    """The signed-in person's e-mail; None when sign-in is off. Otherwise shows the sign-in
    page (or why the account cannot be used) and stops the page."""
    if not sign_in_configured():
        return None
    if not st.user.get("is_logged_in"):
        _sign_in_page(lang)
        st.stop()
    email = str(st.user.get("email") or "")
    try:
        return person(email)
    except InvalidGrantee:
        st.error(t(lang, "signin.no_email"), icon=":material/no_accounts:")
        sign_out_button(lang, key="sign_out_no_email")
        st.stop()
    return None  # not reached: st.stop() ends the run


def _sign_in_page(lang: str) -> None:
    st.title(t(lang, "shell.app_name"), anchor=False)
    st.write(t(lang, "signin.why"))
    choices = providers()
    for provider in choices:
        label = (
            t(lang, "signin.sign_in")
            if provider is None
            else t(lang, "signin.sign_in_with", provider=provider.title())
        )
        if st.button(
            label,
            key=f"sign_in_{provider or 'default'}",
            type="primary",
            icon=":material/login:",
        ):
            if provider is None:
                st.login()
            else:
                st.login(provider)


def signed_in_name() -> str:
    """How the signed-in person is named: their name, else their e-mail."""
    return str(st.user.get("name") or st.user.get("email") or "")


def sign_out_button(lang: str, key: str = "sign_out") -> None:
    """A button that signs the person out (and out of the provider when it allows)."""
    if st.button(t(lang, "signin.sign_out"), key=key, icon=":material/logout:"):
        st.logout()
