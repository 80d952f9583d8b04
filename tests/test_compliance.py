"""Compliance reminders: mandatory mentions by market, channel and date, rules kept as data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner.compliance.call_slots import call_slot_findings
from planner.compliance.rules import RuleError, default_rules, parse_rules, rule
from planner.core.i18n import LANGUAGES, messages
from planner.plan.model import ChannelKind, Market, Script
from planner.scripts.compliance import (
    check_script,
    check_text,
    first_contact_scripts,
    plan_script_findings,
)
from tests.factories import make_plan

PHONE, EMAIL, SMS = ChannelKind.PHONE, ChannelKind.EMAIL, ChannelKind.SMS
B2B, B2C = Market.B2B, Market.B2C
DAY = dt.date(2026, 3, 2)
GOOD_CALL = (
    "Bonjour [Nom], je m’appelle [Commercial], de [Entreprise]. Je vous appelle pour vous "
    "présenter une offre sur vos chaussures de course. Vous pouvez vous opposer à tout moment "
    "à nos appels."
)
GOOD_EMAIL = (
    "Bonjour [Nom], une question sur vos factures. Vous pouvez vous opposer à recevoir nos "
    "messages : [Lien de désinscription]. [Commercial], [Entreprise]"
)


def mentions(text: str, kind: ChannelKind, market: Market, **options: Any) -> set[str]:
    """Ids of the mention rules a text misses (the opener is the text itself)."""
    found = check_text(text, text, kind, market, options.pop("on", DAY), **options)
    return {f.rule_id for f in found if f.kind == "mention"}


def reminders(
    kind: ChannelKind, market: Market, start: dt.date, end: dt.date | None = None
) -> set[str]:
    found = check_text(GOOD_CALL, GOOD_CALL, kind, market, start, end)
    return {f.rule_id for f in found if f.kind == "reminder"}


@pytest.mark.parametrize(
    ("text", "kind", "market", "missing"),
    [
        (GOOD_CALL, PHONE, B2C, set()),
        (GOOD_CALL.replace("je m’appelle [Commercial], ", ""), PHONE, B2C, {"PH-06.identity"}),
        (GOOD_CALL.replace(", de [Entreprise]", ""), PHONE, B2C, {"PH-06.behalf"}),
        (
            GOOD_CALL.replace("pour vous présenter une offre sur", "au sujet de"),
            PHONE,
            B2C,
            {"PH-06.commercial"},
        ),
        (
            "Bonjour [Nom].",
            PHONE,
            B2C,
            {"PH-06.identity", "PH-06.behalf", "PH-06.commercial", "GD-03.first_contact"},
        ),
        # the opening mentions protect consumers only
        ("Bonjour [Nom].", PHONE, B2B, {"GD-03.first_contact"}),
        (
            "Hello [Name], my name is [Rep] from [Company]; this is a sales call. "
            "You have the right to object to our calls.",
            PHONE,
            B2C,
            set(),
        ),
        (
            "Hi, this is Paul from Acme, calling about our new service. You may object to calls.",
            PHONE,
            B2C,
            set(),
        ),
        (GOOD_EMAIL, EMAIL, B2B, set()),
        (GOOD_EMAIL, EMAIL, B2C, set()),
        (GOOD_EMAIL.replace(" [Commercial], [Entreprise]", ""), EMAIL, B2B, {"EM-05.sender"}),
        (GOOD_EMAIL.replace(": [Lien de désinscription]", ""), EMAIL, B2C, {"EM-05.opt_out"}),
        (
            "Offre -20 % chez [Boutique]. Vous pouvez vous opposer à nos SMS : STOP au 36111",
            SMS,
            B2C,
            set(),
        ),
        (
            "Offre -20 % chez [Boutique]. Vous pouvez vous opposer à nos SMS.",
            SMS,
            B2C,
            {"EM-05.opt_out"},
        ),
        (
            "Bonjour [Nom], ravi d’échanger.",
            ChannelKind.LINKEDIN,
            B2B,
            {"LI-02.opt_out", "GD-03.first_contact"},
        ),
        (
            "Bonjour [Nom]. Dites-moi si vous préférez ne plus recevoir de message de ma part.",
            ChannelKind.LINKEDIN,
            B2B,
            {"GD-03.first_contact"},
        ),
        ("Bonjour, bienvenue sur notre stand !", ChannelKind.EVENTS, B2C, {"GD-03.first_contact"}),
    ],
)
def test_missing_mentions_by_market_and_channel(
    text: str, kind: ChannelKind, market: Market, missing: set[str]
) -> None:
    assert mentions(text, kind, market) == missing


def test_the_right_to_object_is_asked_of_first_contacts_only() -> None:
    text = "Bonjour [Nom], [Commercial] de [Entreprise]. [Lien de désinscription]"

    assert mentions(text, EMAIL, B2B, first_contact=True) == {"GD-03.first_contact"}
    assert mentions(text, EMAIL, B2B, first_contact=False) == set()


def test_the_call_opening_mentions_are_looked_for_in_the_opener_only() -> None:
    opener = "Bonjour [Nom], vous avez deux minutes ?"
    rest = "[Commercial] de [Entreprise], je vous appelle pour vous présenter une offre."

    found = check_text(opener, f"{opener} {rest}", PHONE, B2C, DAY, first_contact=False)

    assert {f.rule_id for f in found if f.kind == "mention"} == {
        "PH-06.identity",
        "PH-06.behalf",
        "PH-06.commercial",
    }


def test_a_filled_signature_identifies_the_sender() -> None:
    text = "Bonjour, une question. [Lien de désinscription]"
    found = check_text(text, text, EMAIL, B2B, DAY, first_contact=False, filled=["signature"])

    assert {f.rule_id for f in found if f.kind == "mention"} == set()


# Each warning appears, then disappears when the text is fixed -----------------------------------

FIXES = [
    ("PH-06.identity", PHONE, B2C, "Bonjour, ", "Bonjour, je m’appelle Julien. "),
    ("PH-06.behalf", PHONE, B2C, "Bonjour, ", "Bonjour, Julien de la boutique Courir. "),
    ("PH-06.commercial", PHONE, B2C, "Bonjour, ", "Bonjour, c’est un appel commercial. "),
    ("EM-05.sender", EMAIL, B2C, "Bonjour.", "Bonjour. [Commercial]"),
    (
        "EM-05.opt_out",
        EMAIL,
        B2B,
        "Bonjour.",
        "Bonjour. Pour vous désinscrire : [Lien de désinscription]",
    ),
    ("EM-05.opt_out", SMS, B2C, "Promo.", "Promo. STOP au 36111"),
    (
        "GD-03.first_contact",
        EMAIL,
        B2B,
        "Bonjour.",
        "Bonjour. Vous pouvez vous opposer à nos messages.",
    ),
    (
        "GD-03.first_contact",
        PHONE,
        B2B,
        "Hello.",
        "Hello. You have the right to object to these calls.",
    ),
    (
        "LI-02.opt_out",
        ChannelKind.SOCIAL,
        B2C,
        "Salut !",
        "Salut ! Tu préfères ne plus recevoir nos messages ? Dis-le.",
    ),
]


@pytest.mark.parametrize(("rule_id", "kind", "market", "broken", "fixed"), FIXES)
def test_a_warning_appears_then_disappears_when_the_text_is_fixed(
    rule_id: str, kind: ChannelKind, market: Market, broken: str, fixed: str
) -> None:
    assert rule_id in mentions(broken, kind, market)
    assert rule_id not in mentions(fixed, kind, market)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_finding_names_its_rule_text_and_its_source(lang: str) -> None:
    found = check_text("Bonjour.", "Bonjour.", PHONE, B2C, DAY)

    assert found
    for finding in found:
        line = finding.message(lang)
        assert finding.source in line
        assert finding.message_key in messages(lang)
        assert finding.text(lang) in line
        assert finding.severity_label(lang) in {"Avertissement", "Rappel", "Warning", "Reminder"}


def test_mentions_come_before_reminders_and_each_rule_once() -> None:
    found = check_text("Bonjour.", "Bonjour.", PHONE, B2C, DAY)
    kinds = [f.kind for f in found]

    assert kinds == sorted(kinds, key=["mention", "reminder"].index)
    assert len({f.rule_id for f in found}) == len(found)


# Dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "market", "start", "end", "expected"),
    [
        (
            PHONE,
            B2C,
            dt.date(2026, 8, 10),
            None,
            {"PH-01", "PH-03", "PH-04", "PH-05", "PH-06.confirmation", "GD-01"},
        ),
        (
            PHONE,
            B2C,
            dt.date(2026, 8, 11),
            None,
            {"PH-02", "PH-03", "PH-04", "PH-05", "PH-06.confirmation", "GD-01"},
        ),
        (
            PHONE,
            B2C,
            dt.date(2026, 6, 1),
            dt.date(2026, 12, 31),
            {"PH-01", "PH-02", "PH-03", "PH-04", "PH-05", "PH-06.confirmation", "GD-01"},
        ),
        (PHONE, B2C, dt.date(2023, 2, 28), None, {"PH-01", "PH-06.confirmation", "GD-01"}),
        (PHONE, B2B, dt.date(2026, 8, 11), None, {"PH-09", "GD-01"}),
        (EMAIL, B2C, DAY, None, {"EM-01", "PH-05", "GD-01"}),
        (EMAIL, B2B, DAY, None, {"EM-03", "GD-01"}),
        (ChannelKind.LINKEDIN, B2B, DAY, None, {"LI-01", "GD-01"}),
        (ChannelKind.EVENTS, B2C, DAY, None, {"EV-01", "GD-01"}),
        (ChannelKind.REFERRAL, B2B, DAY, None, {"GD-01"}),
    ],
)
def test_reminders_by_channel_market_and_date(
    kind: ChannelKind, market: Market, start: dt.date, end: dt.date | None, expected: set[str]
) -> None:
    assert reminders(kind, market, start, end) == expected


@pytest.mark.parametrize(
    ("rule_id", "lang", "period"),
    [
        ("PH-01", "fr", "jusqu’au 10 août 2026"),
        ("PH-02", "fr", "à partir du 11 août 2026"),
        ("PH-01", "en", "until Aug 10, 2026"),
        ("PH-02", "en", "from Aug 11, 2026"),
        ("PH-03", "en", ""),
    ],
)
def test_a_plan_crossing_a_change_of_law_shows_when_each_rule_applies(
    rule_id: str, lang: str, period: str
) -> None:
    start, end = dt.date(2026, 6, 1), dt.date(2026, 12, 31)
    found = {f.rule_id: f for f in check_text("", "", PHONE, B2C, start, end)}

    assert found[rule_id].period(lang, start, end) == period
    assert period in found[rule_id].message(lang, start, end)


def test_the_phone_opt_in_date_is_data() -> None:
    text = default_rules_text().replace(
        "effective_from = 2026-08-11", "effective_from = 2026-09-01"
    )
    rules = parse_rules(text.replace("effective_to = 2026-08-10", "effective_to = 2026-08-31"))

    on_aug_20 = {
        f.rule_id for f in check_text("", "", PHONE, B2C, dt.date(2026, 8, 20), rules=rules)
    }

    assert "PH-01" in on_aug_20 and "PH-02" not in on_aug_20
    assert rule("PH-02", rules).effective_from == dt.date(2026, 9, 1)


def default_rules_text() -> str:
    from planner.compliance.rules import RULES_FILE

    return RULES_FILE.read_text(encoding="utf-8")


# Rules file --------------------------------------------------------------------------------------

VALID = """
[[rule]]
id = "X-01"
check = "reminder"
channels = ["phone"]
targets = ["b2c"]
severity = "reminder"
source = "somewhere"
message = "compliance.rule.call_hours"
"""


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (('id = "X-01"', ""), "id is missing"),
        (('channels = ["phone"]', 'channels = ["fax"]'), "'fax' is not a valid ChannelKind"),
        (('targets = ["b2c"]', "targets = []"), "channels and targets must not be empty"),
        (('severity = "reminder"', 'severity = "compliant"'), "severity must be one of"),
        (('check = "reminder"', 'check = "mention"'), "a mention rule needs patterns"),
        (
            ('source = "somewhere"', 'source = "somewhere"\neffective_from = "soon"'),
            "must be a date",
        ),
        (
            (
                'source = "somewhere"',
                "source = 'x'\neffective_from = 2026-02-01\neffective_to = 2026-01-01",
            ),
            "effective_to is before effective_from",
        ),
        (('source = "somewhere"', "source = 'x'\npatterns = ['(']"), "rule X-01"),
        (('id = "X-01"', 'id = "X-01"\nscope = "everywhere"'), "scope must be one of"),
        (("[[rule]]", "[[rule]"), "rules file"),
    ],
)
def test_a_broken_rules_file_is_refused_naming_the_rule(
    change: tuple[str, str], error: str
) -> None:
    with pytest.raises(RuleError, match=error.replace("(", r"\(")):
        parse_rules(VALID.replace(*change, 1))


def test_rule_ids_are_unique() -> None:
    with pytest.raises(RuleError, match="X-01"):
        parse_rules(VALID + VALID)


def test_the_shipped_rules_load_and_their_messages_exist_in_every_language() -> None:
    rules = default_rules()

    assert len(rules) >= 15
    for lang in LANGUAGES:
        assert {r.message_key for r in rules} <= set(messages(lang))
    assert all(r.source for r in rules)
    assert all(r.severity in {"warning", "reminder"} for r in rules)


def test_an_unverified_reference_says_so() -> None:
    found = {f.rule_id: f for f in check_text("", "", ChannelKind.EVENTS, B2C, DAY)}

    assert "référence non vérifiée" in found["EV-01"].message("fr")
    assert "not verified" not in found["GD-01"].message("en")


# Scripts in a plan ------------------------------------------------------------------------------


def call_script(**fields: Any) -> Script:
    return Script.model_validate({"id": "call", "channel_id": "phone", "name": "Appel", **fields})


def test_a_variant_reports_only_what_it_breaks() -> None:
    script = call_script(
        hook=GOOD_CALL,
        variants=[
            {
                "id": "short",
                "name": "Court",
                "part": "hook",
                "text": "Bonjour [Nom], deux minutes ?",
            },
            {"id": "cta", "name": "Démo", "part": "call_to_action", "text": "Une démo ?"},
        ],
    )

    found = check_script(script, PHONE, B2C, DAY)
    by_variant = {(f.rule_id, f.variant_id) for f in found if f.kind == "mention"}

    assert by_variant == {
        ("PH-06.identity", "short"),
        ("PH-06.behalf", "short"),
        ("PH-06.commercial", "short"),
        ("GD-03.first_contact", "short"),
    }
    variant_finding = next(f for f in found if f.variant_id == "short")
    assert variant_finding.message("fr").startswith("Variante « Court » : ")
    assert all(f.script_id == "call" for f in found)


def test_an_email_subject_and_signature_count_in_the_message() -> None:
    script = call_script(
        subject="Vous pouvez vous opposer à nos messages",
        hook="Bonjour [Nom].",
        signature="Julien Morel — [Lien de désinscription]",
    )

    found = check_script(script, EMAIL, B2B, DAY)

    assert {f.rule_id for f in found if f.kind == "mention"} == set()


def test_first_contacts_come_from_the_cadence() -> None:
    plan = make_plan(
        cadence=[
            {"id": "d0", "day_offset": 0, "channel_id": "linkedin", "script_id": "intro"},
            {"id": "d3", "day_offset": 3, "channel_id": "phone", "script_id": "call"},
        ],
        scripts=[
            {"id": "call", "channel_id": "phone", "name": "Call"},
            {"id": "intro", "channel_id": "linkedin", "name": "Intro"},
            {"id": "spare", "channel_id": "phone", "name": "Not in the cadence"},
        ],
    )

    assert first_contact_scripts(plan) == {"intro", "spare"}


def test_plan_findings_use_the_plan_market_channel_and_period() -> None:
    plan = make_plan(meta__market="b2c", meta__start_date="2026-06-01", scripts__0__hook="Bonjour.")
    script = plan.scripts[0]

    over_plan = {f.rule_id for f in plan_script_findings(plan, script)}
    on_day = {f.rule_id for f in plan_script_findings(plan, script, on=dt.date(2026, 9, 1))}

    assert {"PH-06.identity", "PH-01", "PH-02"} <= over_plan
    assert "PH-01" not in on_day and "PH-02" in on_day
    assert "GD-03.first_contact" in over_plan


# Call slots ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "market", "expected"),
    [
        (dt.datetime(2026, 3, 2, 10, 0), B2C, []),
        (dt.datetime(2026, 3, 2, 9, 59), B2C, ["hours"]),
        (dt.datetime(2026, 3, 2, 12, 59), B2C, []),
        (dt.datetime(2026, 3, 2, 13, 0), B2C, ["hours"]),
        (dt.datetime(2026, 3, 2, 14, 0), B2C, []),
        (dt.datetime(2026, 3, 6, 19, 59), B2C, []),
        (dt.datetime(2026, 3, 6, 20, 0), B2C, ["hours"]),
        (dt.datetime(2026, 3, 7, 11, 0), B2C, ["weekend"]),
        (dt.datetime(2026, 3, 8, 21, 0), B2C, ["weekend", "hours"]),
        (dt.datetime(2026, 5, 14, 11, 0), B2C, ["holiday"]),  # Ascension
        (dt.datetime(2026, 5, 25, 11, 0), B2C, ["holiday"]),  # Whit Monday
        (dt.datetime(2026, 4, 6, 11, 0), B2C, ["holiday"]),  # Easter Monday
        (dt.datetime(2026, 7, 14, 8, 0), B2C, ["holiday", "hours"]),
        (dt.datetime(2026, 3, 7, 22, 0), B2B, []),
        (dt.datetime(2023, 2, 25, 11, 0), B2C, []),  # before D.223-9 applied
    ],
)
def test_call_slots_to_consumers(moment: dt.datetime, market: Market, expected: list[str]) -> None:
    found = call_slot_findings(moment, market)

    assert [f.message_key.rsplit(".", 1)[1] for f in found] == expected
    assert all(f.rule_id == "PH-03" for f in found)


@pytest.mark.parametrize(
    ("moment", "lang", "text"),
    [
        (dt.datetime(2026, 3, 7, 11, 0), "fr", "Le 7 mars 2026 est un samedi"),
        (dt.datetime(2026, 3, 7, 11, 0), "en", "Mar 7, 2026 is a Saturday"),
        (dt.datetime(2026, 5, 14, 11, 0), "fr", "jour férié (Ascension)"),
        (dt.datetime(2026, 5, 14, 11, 0), "en", "public holiday (Ascension Day)"),
        (dt.datetime(2026, 3, 2, 9, 30), "fr", "09:30 est hors des plages autorisées"),
    ],
)
def test_call_slot_messages(moment: dt.datetime, lang: str, text: str) -> None:
    line = call_slot_findings(moment, B2C)[0].message(lang)

    assert text in line
    assert "D.223-9" in line
