"""The opposition list: one spelling per person whatever the file wrote, kept as digests."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from planner.compliance.opposition import (
    contact_key,
    contacts_in,
    contacts_of,
    digests_of,
    opposed,
)
from planner.storage.opposition import add_opposition, opposition_digests, opposition_summary

DAY = dt.date(2027, 2, 1)


@pytest.mark.parametrize(
    "written",
    ["06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678", "612345678", "06.12.34.56.78"],
)
def test_a_number_however_written_is_one_person(written: str) -> None:
    assert contact_key(written) == contact_key("0612345678")


def test_an_email_in_any_case_is_one_person() -> None:
    assert contact_key(" Jean.Dupont@Example.FR ") == contact_key("jean.dupont@example.fr")


def test_a_name_ignores_case_accents_and_spaces() -> None:
    assert contact_key("Boulangerie  Hélène") == contact_key("boulangerie helene")


def test_rows_naming_an_opposed_person_are_found_across_formats() -> None:
    listed = {contact_key("+33 6 12 34 56 78").digest, contact_key("a@b.fr").digest}  # type: ignore[union-attr]
    cells = pd.Series(["0612345678", "A@B.FR", "0698765432", None, "612345678"], dtype="string")
    assert opposed(cells, listed).tolist() == [True, True, False, False, True]


def test_digests_are_computed_per_distinct_value() -> None:
    cells = pd.Series(["a@b.fr"] * 3 + [""], dtype="string")
    digests = digests_of(cells)
    assert digests.iloc[0] == digests.iloc[2] and len(digests.iloc[0]) == 64
    assert pd.isna(digests.iloc[3])


def test_a_typed_list_names_the_lines_that_are_not_contacts() -> None:
    keys, unread = contacts_of(["a@b.fr", "", "06 12", "0612345678", "Dupont"])
    assert [k.kind for k in keys] == ["email", "phone"]
    assert [(u.line, u.text) for u in unread] == [(3, "06 12"), (5, "Dupont")]


def test_the_list_stores_digests_once_and_never_the_contact(workspace: Engine) -> None:
    keys, _ = contacts_of(["a@b.fr", "0612345678"])
    assert add_opposition(workspace, keys, "opt_out", "typed", DAY) == 2
    again, _ = contacts_of(["A@B.FR", "+33612345678"])
    assert add_opposition(workspace, again, "bloctel", "bloctel.csv", DAY) == 0
    assert opposition_digests(workspace) == {k.digest for k in keys}
    with workspace.connect() as conn:
        stored = " ".join(
            str(v) for row in conn.exec_driver_sql("select * from opposition") for v in row
        )
    assert "a@b.fr" not in stored and "612345678" not in stored
    summary = opposition_summary(workspace)
    assert (summary.total, summary.by_reason, summary.last_bloctel) == (2, {"opt_out": 2}, None)


def test_the_contacts_written_in_a_card_are_found() -> None:
    keys = contacts_in("Jean <Jean@Exemple.fr>, portable 06 12 34 56 78 / bureau +33 1 42 68 53 00")
    assert [(k.kind, k.value) for k in keys] == [
        ("email", "jean@exemple.fr"),
        ("phone", "+33612345678"),
        ("phone", "+33142685300"),
    ]
    assert contacts_in("rappeler jeudi 12") == []
