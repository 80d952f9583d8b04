"""The trainers' exercises: the same questions and keys in French and in English, one exercise at
least for each method taught, keys that agree with what the app itself computes."""

from __future__ import annotations

import numpy as np
import pytest

from planner.tracking.abtest import Arm, Verdict, ab_test
from planner.workshop import exercise, exercises, score, tally

METHODS = {"bant", "smart", "soncas", "qqoqcp", "funnel", "ab"}
AB_KEY = {Verdict.A_BETTER: 0, Verdict.B_BETTER: 1, Verdict.NOT_ENOUGH_DATA: 2}


def test_every_method_taught_has_an_exercise_in_both_languages() -> None:
    for lang in ("fr", "en"):
        assert {e.method for e in exercises(lang)} >= METHODS


def test_french_and_english_have_the_same_items_and_keys() -> None:
    french, english = exercises("fr"), exercises("en")
    assert [e.id for e in french] == [e.id for e in english]
    for fr, en in zip(french, english, strict=True):
        assert fr.method == en.method
        assert [(len(i.choices), i.answer, i.arms) for i in fr.items] == [
            (len(i.choices), i.answer, i.arms) for i in en.items
        ], fr.id
        assert all(i.why for i in fr.items) and all(i.why for i in en.items)


def test_the_ab_keys_are_what_the_apps_own_ab_test_says() -> None:
    for item in exercise("ab_read", "en").items:
        if not item.arms:
            continue
        (ca, na), (cb, nb) = item.arms
        result = ab_test(Arm("A", ca, na), Arm("B", cb, nb), np.random.default_rng(1))
        assert AB_KEY[result.verdict] == item.answer, item.prompt


def test_the_funnel_keys_are_the_funnels_arithmetic() -> None:
    calls, emails = exercise("funnel_maths", "fr").items[:2]
    assert round(300 * 0.076 * 0.047) == 1 and calls.choices[calls.answer] == "Environ 1"
    assert round(1000 * 0.034 * 0.20) == 7 and emails.choices[emails.answer] == "Environ 7"


def test_answers_are_scored_and_a_room_is_tallied_item_by_item() -> None:
    bant = exercise("bant_qualify", "fr")
    key = [i.answer for i in bant.items]
    assert score(bant, key) == 5
    assert score(bant, [1 - a for a in key]) == 0
    assert score(bant, [key[0], None]) == 1  # unanswered items are wrong
    room = {"ines": key, "hugo": [1 - key[0], *key[1:]], "lea": [None] * 5}
    first, *_ = tally(bant, room)
    assert first.answered == 2 and first.right == 1 and first.right_share == 0.5
    assert sum(first.counts) == 2


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_unknown_exercise_is_a_key_error(lang: str) -> None:
    with pytest.raises(KeyError):
        exercise("nope", lang)
