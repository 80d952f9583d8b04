"""Call sheets: the same content in printable HTML (escaped) and PDF (with a Unicode font)."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from planner.plan.model import Market, Plan
from planner.plan.starters import starter_discovery
from planner.scripts.callsheet import call_sheet, to_html, to_pdf
from planner.scripts.prospect_card import ProspectCard
from tests.factories import make_plan

ATTACK = "<img src=x onerror=alert(1)>"
HOOK = "Bonjour [Nom], je m’appelle Léa, de Planéo : une offre à 400 € par mois, déjà adoptée."


def plan(**overrides: Any) -> Plan:
    base = make_plan(
        scripts=[
            {
                "id": "call",
                "channel_id": "phone",
                "name": "Premier appel",
                "hook": HOOK,
                "value_argument": "Vos factures partent le jour même.",
                "value_motives": ["comfort", "money"],
                "proof": "Thermo Services facture désormais en un jour.",
                "call_to_action": "Trente minutes mardi ?",
                "arguments": [{"text": "Hébergé en France", "motives": ["security"]}],
                "objections": [{"objection": "C’est trop cher.", "answer": "Par rapport à quoi ?"}],
                "variants": [
                    {"id": "short", "name": "Court", "part": "hook", "text": "Bonjour [Nom] !"},
                    {"id": "demo", "name": "Démo", "part": "call_to_action", "text": "Une démo ?"},
                ],
            },
            {
                "id": "mail",
                "channel_id": "linkedin",
                "name": "Message",
                "hook": "Objet : une question. Bonjour [Nom],",
            },
        ],
        **overrides,
    )
    return base.model_copy(update={"discovery": starter_discovery("fr", Market.B2B)})


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_pdf_holds_the_script_with_accents_and_the_euro_sign(lang: str) -> None:
    data = to_pdf(call_sheet(plan(), "phone", lang))

    text = pdf_text(data)
    assert data.startswith(b"%PDF-")
    assert b"/FontFile2" in data and b"DejaVu" in data
    for expected in (
        HOOK,
        "Vos factures partent le jour même.",
        "C’est trop cher.",
        "Par rapport à quoi ?",
        "Trente minutes mardi ?",
        "Qui prend les décisions dans votre entreprise sur ce type de projet ?",
    ):
        assert flat(expected) in text


def test_the_pdf_and_html_have_the_same_sections() -> None:
    sheet = call_sheet(plan(), "phone", "fr", blank_card=True)

    text, page = pdf_text(to_pdf(sheet)), to_html(sheet)

    for section in sheet.sections:
        assert flat(section.title) in text
        assert html.escape(section.title) in page
    assert [s.title for s in sheet.sections] == [
        "Script : Premier appel",
        "Découverte des besoins (QQOQCP)",
        "Fiche de prospection (à remplir)",
    ]


def test_user_text_is_escaped_in_the_html() -> None:
    hostile = plan(meta__name=ATTACK, channels__0__name=ATTACK)
    hostile.scripts[0].objections[0].objection = ATTACK
    hostile.scripts[0].hook = f"[Nom] {ATTACK}"
    hostile.discovery.questions[0].question = ATTACK
    card = ProspectCard(contact_name=ATTACK, company="Dupont & fils", notes='"quoted"')

    page = to_html(call_sheet(hostile, "phone", "en", card=card, values={"Nom": ATTACK}))

    assert ATTACK not in page
    assert "<img" not in page
    assert page.count(html.escape(ATTACK)) >= 7
    assert "Dupont &amp; fils" in page and "&quot;quoted&quot;" in page


def test_the_html_is_a_printable_page_in_the_sheets_language() -> None:
    page = to_html(call_sheet(plan(), "phone", "en"))

    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in page and '<meta charset="utf-8">' in page
    assert "@media print" in page
    assert "<th>Objection</th><th>Answer</th>" in page
    assert not re.search(r"<script|https?://", page)


def test_chosen_variants_are_printed_in_place_and_the_others_listed() -> None:
    sheet = call_sheet(plan(), "phone", "fr", variant_ids={"call": ["short"]})

    page = to_html(sheet)
    assert "Bonjour [Nom] !" in page
    assert html.escape(HOOK) not in page
    assert "Démo (Appel à l’action) : Une démo ?" in page
    assert "Court (Accroche)" not in page


def test_placeholders_are_filled_when_values_are_given() -> None:
    page = to_html(call_sheet(plan(), "phone", "fr", values={"Nom": "Claire Martin"}))

    assert "Bonjour Claire Martin, je m’appelle Léa" in page
    assert "[Nom]" not in page


def test_the_script_section_shows_motives_length_and_compliance() -> None:
    page = to_html(call_sheet(plan(meta__market="b2c"), "phone", "fr"))

    assert "Mobiles SONCAS : Confort, Argent" in page
    assert "Hébergé en France (Sécurité)" in page
    assert "Accroche : environ" in page
    assert (
        "Code de la consommation, art. L.221-16" in page
    )  # the opener is not announced as commercial


def test_an_email_sheet_has_copy_ready_text() -> None:
    email = plan(channels__1__kind="email")

    page = to_html(call_sheet(email, "linkedin", "en"))

    assert "E-mail text, ready to copy" in page
    assert "<h3>Subject</h3><p>une question</p>" in page
    assert "<pre>une question\n\nBonjour [Nom],</pre>" in page


def test_a_filled_card_prints_with_its_bant_verdict() -> None:
    card = ProspectCard.model_validate(
        {
            "company": "Dupont Maintenance",
            "contact_name": "Claire Martin",
            "channel_id": "phone",
            "script_id": "call",
            "variant_id": "short",
            "bant": {"budget": 3, "authority": 3, "need": 3, "timing": 3},
            "qqoqcp": {"why": "Retards de facturation"},
            "motive": "money",
            "objections_met": ["C’est trop cher."],
            "next_step": "Démonstration",
            "outcome": "meeting_booked",
        }
    )

    sheet = call_sheet(plan(), "phone", "fr", card=card)
    text = pdf_text(to_pdf(sheet))

    for expected in (
        "Fiche de prospection",
        "Dupont Maintenance",
        "Premier appel",
        "Court",
        "Qualifié : score 100",
        "Retards de facturation",
        "Argent",
        "Démonstration",
        "Rendez-vous pris",
    ):
        assert expected in text


def test_a_blank_card_has_lines_and_the_plans_bant_questions() -> None:
    sheet = call_sheet(
        plan(bant__budget__question="Budget prévu ?"), "phone", "fr", blank_card=True
    )

    page = to_html(sheet)

    assert page.count('class="line"') >= 15
    assert "Budget — Budget prévu ?" in page
    assert "☐\xa00" in page
    assert "Qualifié" not in page


@pytest.mark.parametrize(
    ("options", "titles"),
    [
        ({}, ["Script : Premier appel", "Découverte des besoins (QQOQCP)"]),
        ({"discovery": False}, ["Script : Premier appel"]),
        ({"script_ids": []}, ["Aucun script pour ce canal.", "Découverte des besoins (QQOQCP)"]),
    ],
)
def test_what_the_sheet_includes(options: dict[str, Any], titles: list[str]) -> None:
    assert [s.title for s in call_sheet(plan(), "phone", "fr", **options).sections] == titles


def test_a_sheet_without_discovery_questions_has_no_empty_section() -> None:
    bare = plan().model_copy(update={"discovery": make_plan().discovery})

    assert [s.title for s in call_sheet(bare, "phone", "fr").sections] == ["Script : Premier appel"]


def test_an_unknown_channel_is_refused() -> None:
    with pytest.raises(KeyError):
        call_sheet(plan(), "fax", "fr")


def test_long_words_and_many_objections_still_make_a_pdf() -> None:
    long = plan()
    long.scripts[0].proof = "https://exemple.fr/" + "a" * 400
    long.scripts[0].objections = long.scripts[0].objections * 80

    reader = PdfReader(io.BytesIO(to_pdf(call_sheet(long, "phone", "fr"))))

    assert len(reader.pages) > 2
