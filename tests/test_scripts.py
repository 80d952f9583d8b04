"""Script texts: placeholders, variants, length guidance, SONCAS coverage and starter content."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner.core.i18n import LANGUAGES, messages
from planner.plan.model import (
    ChannelKind,
    Market,
    QqoqcpAxis,
    SampleProspect,
    Script,
    ScriptPart,
    SoncasMotive,
)
from planner.plan.scenarios import SCENARIO_IDS, build_scenario
from planner.plan.starters import starter_discovery, starter_objections, starter_sample
from planner.scripts.text import (
    apply_variants,
    email_subject,
    email_text,
    length_checks,
    placeholders,
    render,
    soncas_coverage,
    speaking_seconds,
    unknown_placeholders,
    word_count,
)

SAMPLE = {"Nom": "Claire Martin", "Entreprise": "Planéo", "problème": "facturer le jour même"}


def script(**fields: Any) -> Script:
    return Script.model_validate({"id": "s", "channel_id": "c", "name": "Script", **fields})


def words(n: int) -> str:
    return " ".join(["mot"] * n)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bonjour [Nom], ici [Entreprise].", ["Nom", "Entreprise"]),
        ("[Nom] [nom] [ Nom ]", ["Nom"]),
        ("[Entreprise du prospect] et [Entreprise]", ["Entreprise du prospect", "Entreprise"]),
        ("pas de champ", []),
        ("[]", []),
        ("[a\nb]", []),
        ("[[Nom]]", ["Nom"]),
        ("[" + "x" * 61 + "]", []),
    ],
)
def test_placeholders_are_found_once_each_in_order(text: str, expected: list[str]) -> None:
    assert placeholders(text) == expected


@pytest.mark.parametrize(
    ("text", "values", "rendered", "unknown"),
    [
        (
            "Bonjour [Nom], j’ai une solution qui pourrait vous aider à [problème].",
            SAMPLE,
            "Bonjour Claire Martin, j’ai une solution qui pourrait vous aider à "
            "facturer le jour même.",
            (),
        ),
        ("[nom] de [ENTREPRISE]", SAMPLE, "Claire Martin de Planéo", ()),
        (
            "[Nom] de [Client de référence]",
            SAMPLE,
            "Claire Martin de [Client de référence]",
            ("Client de référence",),
        ),
        ("[Prénom] [Prénom]", SAMPLE, "[Prénom] [Prénom]", ("Prénom",)),
        ("[Nom]", {"Nom": "   "}, "[Nom]", ("Nom",)),
        ("[Nom][Entreprise]", SAMPLE, "Claire MartinPlanéo", ()),
        ("sans champ", {}, "sans champ", ()),
        ("[Nom]", SampleProspect(values={"Nom": "Léa"}), "Léa", ()),
        ("<b>[Nom]</b>", {"Nom": "<i>x</i>"}, "<b><i>x</i></b>", ()),
    ],
)
def test_render_fills_known_fields_and_flags_unknown_ones(
    text: str, values: Any, rendered: str, unknown: tuple[str, ...]
) -> None:
    result = render(text, values)

    assert (result.text, result.unknown) == (rendered, unknown)


def test_render_tells_filled_values_from_unknown_fields_for_highlighting() -> None:
    pieces = render("Bonjour [Nom], [X] !", SAMPLE).pieces

    assert [(p.kind, p.text) for p in pieces] == [
        ("text", "Bonjour "),
        ("value", "Claire Martin"),
        ("text", ", "),
        ("unknown", "[X]"),
        ("text", " !"),
    ]


def test_unknown_placeholders_name_the_part_and_the_variant() -> None:
    s = script(
        hook="Bonjour [Nom]",
        proof="[Client de référence] l’utilise",
        objections=[{"objection": "Trop cher", "answer": "Comparé à [Concurrent] ?"}],
        variants=[{"id": "v", "name": "Court", "part": "hook", "text": "Salut [Prénom]"}],
    )

    found = unknown_placeholders(s, SAMPLE)

    assert [(u.part, u.name, u.variant_id) for u in found] == [
        (ScriptPart.PROOF, "Client de référence", None),
        ("objections", "Concurrent", None),
        (ScriptPart.HOOK, "Prénom", "v"),
    ]
    assert found[0].message("fr") == (
        "Preuve : [Client de référence] n’a pas de valeur dans le prospect d’exemple ; "
        "ajoutez-la ou vérifiez l’orthographe du champ."
    )
    assert found[2].message("en").startswith("Hook, variant “Court”: [Prénom] has no value")


def test_an_unknown_placeholder_disappears_once_the_sample_has_it() -> None:
    s = script(hook="Bonjour [Prénom]")

    assert [u.name for u in unknown_placeholders(s, SAMPLE)] == ["Prénom"]
    assert unknown_placeholders(s, {**SAMPLE, "prénom": "Claire"}) == []


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("Bonjour Claire", 2),
        ("l’outil d'aujourd'hui", 2),
        ("Bonjour [Entreprise du prospect] !", 2),
        ("30 minutes, mardi ou jeudi ?", 5),
        ("au-delà — vraiment…", 2),
    ],
)
def test_word_count(text: str, count: int) -> None:
    assert word_count(text) == count


@pytest.mark.parametrize(("n", "seconds"), [(0, 0.0), (75, 30.0), (150, 60.0), (38, 15.2)])
def test_speaking_time_at_150_words_a_minute(n: int, seconds: float) -> None:
    assert speaking_seconds(n) == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("hook", "rest", "opener", "call"),
    [
        (words(75), "", (30, "within"), (30, "within")),
        (words(76), "", (31, "over"), (31, "within")),
        (words(1), "", (1, "within"), (1, "within")),
        (words(50), words(250), (20, "within"), (120, "within")),
        (words(50), words(260), (20, "within"), (124, "over")),
    ],
)
def test_a_call_opener_and_script_are_timed_against_their_guidelines(
    hook: str, rest: str, opener: tuple[int, str], call: tuple[int, str]
) -> None:
    checks = length_checks(script(hook=hook, value_argument=rest), ChannelKind.PHONE)

    assert [(c.metric, round(c.value), c.status) for c in checks] == [
        ("opener", *opener),
        ("call", *call),
    ]


def test_the_opener_time_counts_filled_values() -> None:
    s = script(hook="[Nom]")

    raw = length_checks(s, ChannelKind.PHONE)[0]
    filled = length_checks(s, ChannelKind.PHONE, {"Nom": words(75)})[0]

    assert (raw.words, filled.words, filled.value) == (1, 75, 30)


@pytest.mark.parametrize(
    ("body_words", "status"),
    [(49, "under"), (50, "within"), (125, "within"), (126, "over")],
)
def test_email_word_count_against_its_guideline(body_words: int, status: str) -> None:
    s = script(subject="Objet court", hook=words(body_words))

    check = length_checks(s, ChannelKind.EMAIL)[0]

    assert (check.metric, check.value, check.status) == ("email_words", body_words, status)


@pytest.mark.parametrize(
    ("fields", "subject", "metric", "status"),
    [
        ({"subject": "x" * 50}, "x" * 50, "subject", "within"),
        ({"subject": "x" * 51}, "x" * 51, "subject", "over"),
        (
            {"hook": "Objet : la facturation chez [Nom]. Bonjour [Nom], une question."},
            "la facturation chez [Nom]",
            "subject",
            "within",
        ),
        ({"hook": "Subject: quick question? Hi [Nom]."}, "quick question?", "subject", "within"),
        ({"hook": "Bonjour [Nom], une question."}, "", "subject_missing", "under"),
    ],
)
def test_the_subject_line_is_found_and_measured(
    fields: dict[str, str], subject: str, metric: str, status: str
) -> None:
    s = script(**fields)

    check = length_checks(s, ChannelKind.EMAIL)[-1]

    assert (email_subject(s), check.metric, check.status) == (subject, metric, status)


def test_the_subject_is_measured_as_the_prospect_reads_it() -> None:
    s = script(subject="Pour [Nom]")

    assert length_checks(s, ChannelKind.EMAIL, SAMPLE)[-1].value == len("Pour Claire Martin")


@pytest.mark.parametrize(
    ("kind", "metrics"),
    [
        (ChannelKind.PHONE, ["opener", "call"]),
        (ChannelKind.EMAIL, ["email_words", "subject_missing"]),
        (ChannelKind.LINKEDIN, []),
        (ChannelKind.EVENTS, []),
    ],
)
def test_length_guidance_depends_on_the_channel(kind: ChannelKind, metrics: list[str]) -> None:
    assert [c.metric for c in length_checks(script(hook="Bonjour"), kind)] == metrics


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_length_check_says_its_value_and_the_reason_for_its_limit(lang: str) -> None:
    checks = [
        *length_checks(script(hook=words(80)), ChannelKind.PHONE),
        *length_checks(script(hook=words(80)), ChannelKind.EMAIL),
        *length_checks(script(subject="Objet", hook=words(80)), ChannelKind.EMAIL),
    ]

    for check in checks:
        assert check.message(lang) not in messages(lang)
        assert "{" not in check.message(lang)
        assert len(check.reason(lang)) > 40
    assert "32" in checks[0].message(lang) and "30" in checks[0].message(lang)


def test_variants_replace_the_part_they_are_written_for() -> None:
    s = script(
        hook="Bonjour [Nom]",
        call_to_action="Un appel ?",
        value_motives=["money"],
        variants=[
            {"id": "a", "name": "A", "part": "hook", "text": "Salut [Nom]"},
            {
                "id": "b",
                "name": "B",
                "part": "value_argument",
                "text": "Sûr",
                "motives": ["security"],
            },
        ],
    )

    sent = apply_variants(s, ["a", "b"])

    assert (sent.hook, sent.value_argument, sent.call_to_action) == (
        "Salut [Nom]",
        "Sûr",
        "Un appel ?",
    )
    assert sent.value_motives == [SoncasMotive.SECURITY]
    assert apply_variants(s) is s
    with pytest.raises(KeyError):
        apply_variants(s, ["zz"])


def test_email_text_is_ready_to_copy_with_variants_and_values() -> None:
    s = script(
        hook="Objet : une question pour [Nom]. Bonjour [Nom],",
        value_argument="Nous aidons à [problème].",
        signature="Julien, [Entreprise]",
        variants=[{"id": "s", "name": "S", "part": "subject", "text": "Et si [Entreprise]…"}],
    )

    plain = email_text(s, SAMPLE)
    tested = email_text(s, SAMPLE, ["s"])

    assert plain.subject == "une question pour Claire Martin"
    assert plain.body == (
        "Bonjour Claire Martin,\n\nNous aidons à facturer le jour même.\n\nJulien, Planéo"
    )
    assert tested.subject == "Et si Planéo…"
    assert tested.body.startswith("Objet : une question pour Claire Martin. Bonjour")
    assert tested.text.startswith("Et si Planéo…\n\n")


def test_soncas_coverage_names_what_covers_each_motive() -> None:
    s = script(
        value_motives=["comfort"],
        arguments=[{"text": "Hébergé en France", "motives": ["security", "comfort"]}],
        variants=[{"id": "v", "name": "Prix", "part": "value_argument", "motives": ["money"]}],
    )

    coverage = {c.motive: c for c in soncas_coverage(s)}

    assert list(coverage) == list(SoncasMotive)
    assert [x.label("fr") for x in coverage[SoncasMotive.COMFORT].sources] == [
        "l’argument de valeur",
        "l’argument n° 1",
    ]
    assert [x.label("fr") for x in coverage[SoncasMotive.MONEY].sources] == ["la variante « Prix »"]
    assert [m for m, c in coverage.items() if not c.covered] == [
        SoncasMotive.PRIDE,
        SoncasMotive.NOVELTY,
        SoncasMotive.SYMPATHY,
    ]
    assert coverage[SoncasMotive.SECURITY].message("en") == "Security: covered by argument no. 1"
    assert coverage[SoncasMotive.PRIDE].message("fr") == (
        "Orgueil : aucun argument ne s’adresse à ce mobile"
    )


# Starter content -----------------------------------------------------------------------------

REQUIRED_OBJECTIONS = {
    "fr": [
        "Je n’ai pas le temps.",
        "Nous avons déjà un fournisseur.",
        "C’est trop cher.",
        "Envoyez-moi une documentation.",
        "Ce n’est pas une priorité en ce moment.",
        "Ce n’est pas moi qui décide.",
    ],
    "en": [
        "I don’t have time.",
        "We already have a supplier.",
        "It’s too expensive.",
        "Send me some documentation.",
        "It’s not a priority right now.",
        "I’m not the one who decides.",
    ],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_starter_objection_library_has_the_classics_each_with_an_answer(lang: str) -> None:
    library = starter_objections(lang, Market.B2B)

    assert set(REQUIRED_OBJECTIONS[lang]) <= {o.objection for o in library}
    assert len(library) >= 10
    assert all(len(o.answer) > 60 for o in library)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_starter_library_suits_the_market(lang: str) -> None:
    b2b = {o.objection for o in starter_objections(lang, Market.B2B)}
    b2c = {o.objection for o in starter_objections(lang, Market.B2C)}

    assert REQUIRED_OBJECTIONS[lang][5] in b2b - b2c
    assert len(b2c) >= 10
    assert len(b2b - b2c) == 2 and len(b2c - b2b) == 1


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("market", list(Market))
def test_starter_discovery_asks_on_every_qqoqcp_axis(lang: str, market: Market) -> None:
    guide = starter_discovery(lang, market)

    assert {q.axis for q in guide.questions} == set(QqoqcpAxis)
    assert all(q.question.endswith("?") for q in guide.questions)
    assert [q.axis for q in guide.questions] == sorted(
        (q.axis for q in guide.questions), key=list(QqoqcpAxis).index
    )
    assert guide.opening and guide.apparent_need and guide.deep_need


def test_starter_questions_differ_between_b2b_and_b2c() -> None:
    b2b = {q.question for q in starter_discovery("fr", Market.B2B).questions}
    b2c = {q.question for q in starter_discovery("fr", Market.B2C).questions}

    assert "Qui prend les décisions dans votre entreprise sur ce type de projet ?" in b2b
    assert not b2b & b2c


@pytest.mark.parametrize(
    ("lang", "reformulation"),
    [
        ("fr", "Si j’ai bien compris, votre problématique principale est"),
        ("en", "If I understand correctly"),
    ],
)
def test_the_reformulation_template(lang: str, reformulation: str) -> None:
    assert starter_discovery(lang, Market.B2B).reformulation.startswith(reformulation)


@pytest.mark.parametrize(
    ("lang", "hook"),
    [
        (
            "fr",
            "Bonjour [Nom], j’ai une solution qui pourrait vous aider à [problème]. "
            "[Commercial] de [Entreprise].",
        ),
        (
            "en",
            "Hello [Name], I have a solution that could help you [problem]. [Rep] from [Company].",
        ),
    ],
)
def test_the_starter_sample_fills_the_usual_fields(lang: str, hook: str) -> None:
    rendered = render(hook, starter_sample(lang))

    assert rendered.unknown == ()
    assert "[" not in rendered.text


@pytest.mark.parametrize(
    ("lang", "days", "same"),
    [
        ("fr", "mardi ou jeudi", "mardi ou mardi"),
        ("en", "Tuesday or Thursday", "Tuesday or Tuesday"),
    ],
)
def test_the_demo_calls_to_action_offer_two_different_days(lang: str, days: str, same: str) -> None:
    texts = [
        render(script.call_to_action, plan.sample_prospect).text
        for plan in (build_scenario(s, lang, dt.date(2027, 1, 4)) for s in SCENARIO_IDS)
        for script in plan.scripts
    ]
    assert sum(days in text for text in texts) == 2  # the SaaS and the consulting calls to action
    assert not any(same in text for text in texts)
