"""The opposition list (GD-03): people who objected to prospection, kept as hashes of one spelling
of their e-mail or phone number, and the rows of a file that name one of them."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Set
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from planner.compliance.territories import e164

ContactKind = Literal["email", "phone", "name"]
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONEISH = re.compile(r"^[\s\d+().\-/\u00a0\u202f]{6,}$")
# A fixed namespace: the same person hashes the same in every workspace, so a list exported from
# one matches in another. A hash of a phone number can be found again by trying every number:
# it keeps the list minimal, it does not make it anonymous.
_NAMESPACE = b"prospection-plan-opposition-v1:"


@dataclass(frozen=True)
class ContactKey:
    """One spelling of a way to reach a person: a case-folded e-mail, an E.164 number, or a name."""

    kind: ContactKind
    value: str

    @property
    def digest(self) -> str:
        """The key as stored: SHA-256 of its kind and value, in hexadecimal."""
        data = _NAMESPACE + f"{self.kind}:{self.value}".encode()
        return hashlib.sha256(data).hexdigest()


def contact_key(text: str) -> ContactKey | None:
    """The key of what a file writes for a person: an e-mail (any case), a phone number (06…,
    +33…, 0033…, without its 0), else a name (case, accents and spaces ignored); None if blank."""
    cleaned = unicodedata.normalize("NFKC", text).replace("\u200b", "").strip()
    if not cleaned:
        return None
    if _EMAIL.match(cleaned):
        return ContactKey("email", cleaned.casefold())
    if _PHONEISH.match(cleaned):
        number = e164(cleaned)
        if number is not None:
            return ContactKey("phone", number)
    return ContactKey("name", _loose_name(cleaned))


def is_opposed(text: str, digests: Set[str]) -> bool:
    """True when a person's e-mail, number or name (as typed) is on the opposition list; a text
    naming several ways to reach them counts each."""
    keys = contacts_in(text) or [k for k in (contact_key(text),) if k is not None]
    return any(key.digest in digests for key in keys)


def digests_of(values: pd.Series) -> pd.Series:
    """Each cell's key digest (missing for blank cells), computed once per distinct value."""
    text = values.astype("string")
    distinct = pd.Series(text.dropna().unique(), dtype="string")
    keys = {value: contact_key(str(value)) for value in distinct}
    digests = {value: key.digest if key else pd.NA for value, key in keys.items()}
    return text.map(digests).astype("string")


def opposed(values: pd.Series, digests: set[str] | frozenset[str]) -> pd.Series:
    """True for each cell that names a person on the opposition list."""
    return digests_of(values).isin(list(digests)).fillna(False).astype(bool)


def _loose_name(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(letters.split())


@dataclass(frozen=True)
class UnreadContact:
    """A line of a list that is neither an e-mail address nor a phone number."""

    line: int
    text: str


def contacts_of(lines: list[str]) -> tuple[list[ContactKey], list[UnreadContact]]:
    """The e-mails and phone numbers of a list, one per line (blank lines skipped), and the lines
    that are neither, with their line number (1 = the first line)."""
    keys: list[ContactKey] = []
    unread: list[UnreadContact] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        key = contact_key(line)
        if key is None or key.kind == "name":
            unread.append(UnreadContact(number, line.strip()))
        else:
            keys.append(key)
    return keys, unread


_EMAIL_IN_TEXT = re.compile(r"[^@\s,;<>()\[\]]+@[^@\s,;<>()\[\]]+\.[^@\s,;<>()\[\].]+")
_PHONE_IN_TEXT = re.compile(r"(?:\+|00)?\d[\d .\-()\u00a0]{7,}\d")


def contacts_in(text: str) -> list[ContactKey]:
    """The e-mail addresses and valid phone numbers written anywhere in a text (a card's contact
    details: "jean@exemple.fr, 06 12 34 56 78")."""
    keys = [ContactKey("email", m.casefold()) for m in _EMAIL_IN_TEXT.findall(text)]
    for match in _PHONE_IN_TEXT.findall(text):
        number = e164(match)
        if number is not None:
            keys.append(ContactKey("phone", number))
    return list(dict.fromkeys(keys))
