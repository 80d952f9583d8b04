"""BANT qualification: weighted score on 100, thresholds per criterion, and the reasons shown.

Scores are computed by hand: sum(weight × answer / 3) / sum(weights) × 100.
"""

from __future__ import annotations

from typing import Any

import pytest

from planner.plan.bant import (
    ANSWERS,
    CRITERIA,
    InvalidAnswer,
    Qualification,
    digits_apart,
    qualification_rule,
    qualify,
)
from planner.plan.model import BantCriterion, BantGrid

NBSP = "\u00a0"


def grid(
    weights: tuple[float, float, float, float],
    thresholds: tuple[int, int, int, int],
    bar: float,
) -> BantGrid:
    """A grid in BANT order: budget, authority, need, timing."""
    criteria = {
        name: BantCriterion(question=f"{name}?", weight=weight, threshold=threshold)
        for name, weight, threshold in zip(CRITERIA, weights, thresholds, strict=True)
    }
    return BantGrid(**criteria, qualified_score=bar)


# The demo SaaS grid: need weighs most, authority and need must be at least "partly".
SAAS = grid((20, 25, 35, 20), (1, 2, 2, 1), 60)
EQUAL = grid((25, 25, 25, 25), (0, 0, 0, 0), 50)
# Budget and timing weigh nothing; budget still has a minimum.
ZERO_WEIGHTS = grid((0, 1, 1, 0), (2, 0, 0, 0), 100)


def answers(b: int | None, a: int | None, n: int | None, t: int | None) -> dict[str, int | None]:
    return {"budget": b, "authority": a, "need": n, "timing": t}


@pytest.mark.parametrize(
    ("bant", "given", "score", "qualified", "codes"),
    [
        # all yes: 100
        (SAAS, answers(3, 3, 3, 3), 100.0, True, ["qualified"]),
        # all no: 0, every threshold above 0 missed, and the bar
        (
            SAAS,
            answers(0, 0, 0, 0),
            0.0,
            False,
            ["below_threshold"] * 4 + ["below_score"],
        ),
        # all partly: 2/3 of 100
        (SAAS, answers(2, 2, 2, 2), 200 / 3, True, ["qualified"]),
        # thresholds met exactly, score (20 + 50 + 70 + 20) / 3 = 53.3 below 60
        (SAAS, answers(1, 2, 2, 1), 160 / 3, False, ["below_score"]),
        # (60 + 50 + 105 + 20) / 3 = 78.3
        (SAAS, answers(3, 2, 3, 1), 235 / 3, True, ["qualified"]),
        # a high score (83.3) does not make up for authority below its minimum
        (SAAS, answers(3, 1, 3, 3), 250 / 3, False, ["below_threshold"]),
        # missing budget and timing count as 0: (0 + 75 + 105 + 0) / 3 = 60, on the bar,
        # but both are below their minimum of 1
        (
            SAAS,
            {"authority": 3, "need": 3},
            60.0,
            False,
            ["below_threshold", "below_threshold"],
        ),
        # None is a missing answer too
        (SAAS, answers(None, 3, 3, None), 60.0, False, ["below_threshold", "below_threshold"]),
        # equal weights: a score exactly on the bar qualifies (3 + 3) / 12 = 50
        (EQUAL, answers(3, 3, 0, 0), 50.0, True, ["qualified"]),
        (EQUAL, answers(2, 1, 1, 2), 50.0, True, ["qualified"]),
        (EQUAL, answers(2, 1, 1, 1), 125 / 3, False, ["below_score"]),
        (EQUAL, {}, 0.0, False, ["below_score"]),
        # zero weights: only authority and need count, (3 + 3) / 6 = 100
        (ZERO_WEIGHTS, answers(2, 3, 3, 0), 100.0, True, ["qualified"]),
        # a criterion with no weight still has its minimum
        (ZERO_WEIGHTS, answers(1, 3, 3, 3), 100.0, False, ["below_threshold"]),
        # (1 + 2) / 6 = 50 below 100
        (ZERO_WEIGHTS, answers(3, 1, 2, 3), 50.0, False, ["below_score"]),
    ],
)
def test_score_verdict_and_reasons(
    bant: BantGrid,
    given: dict[str, int | None],
    score: float,
    qualified: bool,
    codes: list[str],
) -> None:
    result = qualify(bant, given)

    assert isinstance(result, Qualification)
    assert result.score == pytest.approx(score)
    assert result.qualified is qualified
    assert [r.code for r in result.reasons] == codes


def test_reasons_name_each_criterion_below_its_threshold_in_bant_order() -> None:
    result = qualify(SAAS, answers(0, 1, 3, 0))

    below = [r.params for r in result.reasons if r.code == "below_threshold"]
    assert [(p["criterion"], p["answer"], p["threshold"]) for p in below] == [
        ("budget", 0, 1),
        ("authority", 1, 2),
        ("timing", 0, 1),
    ]


@pytest.mark.parametrize(
    ("given", "lang", "expected"),
    [
        (
            answers(3, 1, 3, 3),
            "en",
            ["Authority is answered 1 (unclear); it needs at least 2 (partly)."],
        ),
        (
            answers(3, 1, 3, 3),
            "fr",
            [f"Autorité{NBSP}: réponse 1 (incertain){NBSP}; il faut au moins 2 (en partie)."],
        ),
        (answers(1, 2, 2, 1), "en", ["Score 53/100, below the 60 needed."]),
        (answers(1, 2, 2, 1), "fr", ["Score de 53/100, sous les 60 requis."]),
        (
            answers(3, 2, 3, 1),
            "en",
            ["Score 78/100 reaches the 60 needed, and every criterion meets its minimum."],
        ),
        (
            answers(3, 2, 3, 1),
            "fr",
            ["Le score de 78/100 atteint les 60 requis, et chaque critère atteint son minimum."],
        ),
        (
            answers(0, 2, 2, 1),
            "en",
            [
                "Budget is answered 0 (no); it needs at least 1 (unclear).",
                "Score 47/100, below the 60 needed.",
            ],
        ),
    ],
)
def test_reason_messages_in_both_languages(
    given: dict[str, int | None], lang: str, expected: list[str]
) -> None:
    assert [r.message(lang) for r in qualify(SAAS, given).reasons] == expected


def test_a_score_just_below_the_bar_is_not_shown_as_the_bar() -> None:
    # (25 × 3 + 25 × 3 + 24 × 3 + 26 × 1) / 300 × 100 = 82.67 against a bar of 83
    bar = grid((25, 25, 24, 26), (0, 0, 0, 0), 83)

    result = qualify(bar, answers(3, 3, 3, 1))

    assert result.qualified is False
    assert result.reasons[0].message("en") == "Score 82.7/100, below the 83 needed."


@pytest.mark.parametrize(
    ("value", "other", "digits"),
    [(58.3, 60.0, 0), (59.6, 60.0, 1), (60.0, 60.0, 0), (82.666, 83.0, 1), (59.96, 60.0, 2)],
)
def test_digits_apart(value: float, other: float, digits: int) -> None:
    assert digits_apart(value, other) == digits


@pytest.mark.parametrize("bad", [4, -1, 2.5, 7.0, True, "3", [3]])
@pytest.mark.parametrize("name", CRITERIA)
def test_an_answer_off_the_scale_is_refused_naming_the_criterion(name: str, bad: Any) -> None:
    with pytest.raises(ValueError, match=name) as caught:
        qualify(SAAS, {name: bad})

    assert isinstance(caught.value, InvalidAnswer)
    assert caught.value.criterion == name


@pytest.mark.parametrize("good", [0, 1, 2, 3, 2.0])
def test_whole_answers_on_the_scale_are_accepted(good: float) -> None:
    assert qualify(SAAS, {"need": good}).score == pytest.approx(35 * good / 3)


def test_an_unknown_criterion_is_refused() -> None:
    with pytest.raises(ValueError, match="bugdet"):
        qualify(SAAS, {"bugdet": 3})


@pytest.mark.parametrize(
    ("criterion", "value", "lang", "expected"),
    [
        ("authority", 5, "en", "Authority: the answer must be 0, 1, 2 or 3 (got 5)."),
        (
            "authority",
            5,
            "fr",
            f"Autorité{NBSP}: la réponse doit être 0, 1, 2 ou 3 (reçu{NBSP}: 5).",
        ),
        (
            "bugdet",
            3,
            "en",
            "bugdet is not a BANT criterion: use budget, authority, need or timing.",
        ),
    ],
)
def test_invalid_answer_messages(criterion: str, value: int, lang: str, expected: str) -> None:
    with pytest.raises(InvalidAnswer) as caught:
        qualify(SAAS, {criterion: value})

    assert caught.value.message(lang) == expected


@pytest.mark.parametrize(
    ("bant", "lang", "expected"),
    [
        (
            SAAS,
            "en",
            "Qualified lead: a score of at least 60/100, with Budget at least 1 (unclear), "
            "Authority at least 2 (partly), Need at least 2 (partly), "
            "and Timing at least 1 (unclear).",
        ),
        (
            SAAS,
            "fr",
            f"Lead qualifié{NBSP}: un score d'au moins 60/100, avec Budget au moins 1 (incertain), "
            "Autorité au moins 2 (en partie), Besoin au moins 2 (en partie) "
            "et Échéance au moins 1 (incertain).",
        ),
        (
            EQUAL,
            "en",
            "Qualified lead: a score of at least 50/100; no criterion has a minimum.",
        ),
    ],
)
def test_the_grid_reads_as_a_rule(bant: BantGrid, lang: str, expected: str) -> None:
    assert qualification_rule(bant).message(lang) == expected


def test_the_scale_and_criteria() -> None:
    assert CRITERIA == ("budget", "authority", "need", "timing")
    assert ANSWERS == (0, 1, 2, 3)
