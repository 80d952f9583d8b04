"""The prospect card: BANT verdict, references, outcome, follow-ups, and its storage."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy.engine import Engine

from planner import storage
from planner.plan.model import Plan, QqoqcpAxis, SoncasMotive, StageKind
from planner.scripts.prospect_card import (
    OUTCOME_STAGE,
    FollowUp,
    Outcome,
    ProspectCard,
    follow_ups,
    new_card,
    outcome_label,
    reached_stage,
    stale_references,
    verdict,
)
from tests.factories import make_plan

GRID = {
    "budget": {"weight": 25, "threshold": 1},
    "authority": {"weight": 25, "threshold": 2},
    "need": {"weight": 25, "threshold": 1},
    "timing": {"weight": 25, "threshold": 0},
    "qualified_score": 60,
}


def plan(**overrides: Any) -> Plan:
    return make_plan(
        bant=GRID,
        scripts__0__variants=[{"id": "short", "name": "Court", "part": "hook", "text": "Bonjour"}],
        **overrides,
    )


def card(**fields: Any) -> ProspectCard:
    return ProspectCard.model_validate(fields)


@pytest.mark.parametrize(
    ("answers", "qualified", "score", "missing"),
    [
        ({"budget": 3, "authority": 3, "need": 3, "timing": 3}, True, 100.0, ()),
        ({"budget": 2, "authority": 2, "need": 2, "timing": 2}, True, 66.7, ()),
        ({"budget": 3, "authority": 1, "need": 3, "timing": 3}, False, 83.3, ()),
        ({"budget": 1, "authority": 2, "need": 2, "timing": 2}, False, 58.3, ()),
        ({"budget": 3, "authority": 3, "need": 3}, True, 75.0, ("timing",)),
    ],
)
def test_the_bant_answers_give_the_verdict_of_the_plans_grid(
    answers: dict[str, int], qualified: bool, score: float, missing: tuple[str, ...]
) -> None:
    found = verdict(card(bant=answers), plan())

    assert found is not None
    assert (found.qualification.qualified, round(found.qualification.score, 1)) == (
        qualified,
        score,
    )
    assert found.missing == missing
    assert found.reasons("fr")


@pytest.mark.parametrize(
    ("answers", "lang", "text"),
    [
        (
            {"budget": 3, "authority": 3, "need": 3, "timing": 3},
            "fr",
            "Qualifié : score 100 pour un seuil de 60",
        ),
        (
            {"budget": 1, "authority": 2, "need": 2, "timing": 2},
            "en",
            "Not qualified: score 58 for a threshold of 60",
        ),
        ({"budget": 3}, "en", "Qualification incomplete: answer the four BANT questions."),
    ],
)
def test_the_verdict_reads_in_each_language(answers: dict[str, int], lang: str, text: str) -> None:
    found = verdict(card(bant=answers), plan())

    assert found is not None and found.message(lang) == text


def test_no_verdict_before_any_bant_answer() -> None:
    assert verdict(card(company="Dupont"), plan()) is None


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"bant": {"budget": 4}}, "bant.budget"),
        ({"bant": {"budget": -1}}, "bant.budget"),
        ({"bant": {"budget": "3"}}, "bant.budget"),
        ({"bant": {"budget": 2.5}}, "bant.budget"),
        ({"bant": {"money": 2}}, "bant.money"),
        ({"motive": "greed"}, "motive"),
        ({"outcome": "won"}, "outcome"),
        ({"qqoqcp": {"whom": "x"}}, "qqoqcp.whom.[key]"),
        ({"contact_date": "31/12/2026"}, "contact_date"),
        ({"script_id": "Not An Id"}, "script_id"),
        ({"phone": "0600000000"}, "phone"),
        ({"notes": "x" * 4001}, "notes"),
    ],
)
def test_a_wrong_card_value_is_refused_at_its_field(fields: dict[str, Any], where: str) -> None:
    with pytest.raises(ValidationError) as caught:
        card(**fields)

    assert [".".join(str(p) for p in e["loc"]) for e in caught.value.errors()] == [where]


def test_a_card_keeps_discovery_notes_motive_objections_and_next_step() -> None:
    filled = card(
        company="Dupont Maintenance",
        contact_name="Claire Martin",
        qqoqcp={"who": "La gérante décide", "why": "Retards de facturation"},
        apparent_need="Un logiciel de planning",
        deep_need="Être payé plus vite",
        motive="money",
        objections_met=["C’est trop cher."],
        next_step="Démonstration",
        next_step_date="2026-03-10",
        outcome="meeting_booked",
    )

    assert filled.qqoqcp[QqoqcpAxis.WHY] == "Retards de facturation"
    assert filled.motive is SoncasMotive.MONEY
    assert filled.next_step_date == dt.date(2026, 3, 10)
    assert filled.title() == "Dupont Maintenance — Claire Martin"
    assert ProspectCard.model_validate_json(filled.model_dump_json()) == filled


@pytest.mark.parametrize(
    ("fields", "stale"),
    [
        ({"channel_id": "phone", "script_id": "call", "variant_id": "short"}, []),
        ({"channel_id": "fax"}, [("channel", "fax")]),
        ({"script_id": "gone"}, [("script", "gone")]),
        ({"script_id": "call", "variant_id": "gone"}, [("variant", "gone")]),
        ({"variant_id": "short"}, [("variant", "short")]),
    ],
)
def test_references_the_plan_no_longer_has_are_reported(
    fields: dict[str, str], stale: list[tuple[str, str]]
) -> None:
    found = stale_references(card(**fields), plan())

    assert [(s.field, s.ref) for s in found] == stale
    assert all("«" in s.message("fr") for s in found)


def test_a_new_card_starts_from_a_script_and_its_channel() -> None:
    assert new_card(plan(), "call", "short") == card(
        channel_id="phone", script_id="call", variant_id="short"
    )


@pytest.mark.parametrize(
    ("outcome", "stage"),
    [
        (None, None),
        ("no_answer", None),
        ("wrong_contact", StageKind.CONNECTION),
        ("conversation", StageKind.CONVERSATION),
        ("meeting_booked", StageKind.MEETING_BOOKED),
        ("qualified", StageKind.LEAD),
    ],
)
def test_the_outcome_gives_the_stage_reached_for_tracking(
    outcome: str | None, stage: StageKind | None
) -> None:
    assert reached_stage(card(outcome=outcome)) is stage


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_outcome_has_a_label(lang: str) -> None:
    assert set(OUTCOME_STAGE) == set(Outcome)
    assert len({outcome_label(o, lang) for o in Outcome}) == len(Outcome)


@pytest.mark.parametrize(
    ("market", "channel", "outcome", "codes"),
    [
        ("b2c", "phone", "not_interested", ["refused_b2c_phone"]),
        ("b2c", "phone", "opposed", ["opposed", "refused_b2c_phone"]),
        ("b2c", "phone", "meeting_booked", ["confirm_b2c_phone"]),
        ("b2b", "phone", "not_interested", []),
        ("b2b", "linkedin", "opposed", ["opposed"]),
        ("b2c", "linkedin", "meeting_booked", []),
        ("b2c", "phone", None, []),
    ],
)
def test_the_outcome_triggers_its_legal_follow_ups(
    market: str, channel: str, outcome: str | None, codes: list[str]
) -> None:
    found = follow_ups(card(channel_id=channel, outcome=outcome), plan(meta__market=market))

    assert [f.code for f in found] == codes


@pytest.mark.parametrize(("code", "source"), [("opposed", "21"), ("refused_b2c_phone", "D.223-9")])
def test_a_follow_up_names_its_source(code: str, source: str) -> None:
    assert source in FollowUp(code).message("fr") and source in FollowUp(code).message("en")


# Storage: cards live in the database, not in the plan file ----------------------------------


def test_a_card_is_saved_listed_loaded_updated_and_deleted(workspace: Engine) -> None:
    stored = storage.create_plan(workspace, plan())
    first = storage.save_card(workspace, stored.id, card(company="Dupont", bant={"budget": 2}))
    second = storage.save_card(workspace, stored.id, card(company="Martin & fils <SA>"))

    assert storage.load_card(workspace, first.id).card.bant.budget == 2
    assert [c.id for c in storage.list_cards(workspace, stored.id)] == [second.id, first.id]

    updated = storage.save_card(workspace, stored.id, card(company="Dupont SA"), first.id)
    assert (updated.created_at, updated.card.company) == (first.created_at, "Dupont SA")
    assert updated.updated_at >= first.updated_at
    assert storage.list_cards(workspace, stored.id)[0].id == first.id

    storage.delete_card(workspace, first.id)
    assert [c.id for c in storage.list_cards(workspace, stored.id)] == [second.id]
    with pytest.raises(storage.CardNotFound):
        storage.load_card(workspace, first.id)


def test_cards_are_not_in_the_plan_file_and_go_with_their_plan(workspace: Engine) -> None:
    stored = storage.create_plan(workspace, plan())
    other = storage.create_plan(workspace, plan())
    storage.save_card(workspace, stored.id, card(contact_name="Claire Martin"))
    kept = storage.save_card(workspace, other.id, card(contact_name="Paul"))

    assert "Claire Martin" not in storage.load_plan(workspace, stored.id).plan.model_dump_json()

    storage.delete_plan(workspace, stored.id)

    assert storage.list_cards(workspace, stored.id) == []
    assert [c.id for c in storage.list_cards(workspace, other.id)] == [kept.id]


@pytest.mark.parametrize(
    ("action", "error"),
    [
        (lambda e, p: storage.save_card(e, "nope", card()), storage.PlanNotFound),
        (lambda e, p: storage.save_card(e, p, card(), "nope"), storage.CardNotFound),
        (lambda e, p: storage.delete_card(e, "nope"), storage.CardNotFound),
        (lambda e, p: storage.load_card(e, "nope"), storage.CardNotFound),
    ],
)
def test_unknown_plans_and_cards_are_refused(workspace: Engine, action: Any, error: type) -> None:
    stored = storage.create_plan(workspace, plan())

    with pytest.raises(error):
        action(workspace, stored.id)


def test_a_card_of_another_plan_is_not_overwritten(workspace: Engine) -> None:
    one = storage.create_plan(workspace, plan())
    two = storage.create_plan(workspace, plan())
    saved = storage.save_card(workspace, one.id, card(company="A"))

    with pytest.raises(storage.CardNotFound):
        storage.save_card(workspace, two.id, card(company="B"), saved.id)
    assert storage.load_card(workspace, saved.id).card.company == "A"


def test_an_invalid_card_is_not_stored(workspace: Engine) -> None:
    stored = storage.create_plan(workspace, plan())
    bad = card().model_copy(update={"bant": {"budget": 9}})

    with pytest.raises(ValidationError):
        storage.save_card(workspace, stored.id, bad)  # type: ignore[arg-type]
    assert storage.list_cards(workspace, stored.id) == []
