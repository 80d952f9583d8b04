"""What a revision changed: fields with their old and new values, in the user's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner.plan.changes import Change, change_line, changes_summary, plan_changes, value_text
from planner.plan.model import Plan
from planner.plan.scenarios import build_scenario

START = dt.date(2027, 1, 4)


def _plan() -> Plan:
    return build_scenario("saas_smb", "fr", START)


def _doc(plan: Plan) -> dict[str, Any]:
    return plan.model_dump(mode="json")


def test_the_same_plan_has_no_change() -> None:
    assert plan_changes(_doc(_plan()), _doc(_plan())) == []


def test_a_field_reads_with_its_old_and_new_value() -> None:
    before = _plan()
    after = before.model_copy(deep=True)
    after.team.reps = 0
    assert plan_changes(_doc(before), _doc(after)) == [Change(("team", "reps"), 2, 0)]


def test_removing_the_first_segment_is_one_change_not_a_shift() -> None:
    before = _plan()
    after = before.model_copy(deep=True)
    removed = after.segments.pop(0)
    [change] = plan_changes(_doc(before), _doc(after))
    assert change.path == ("segments", removed.name)
    assert change.old["id"] == removed.id and change.new is None
    assert change_line(change, "fr") == f"Segments › {removed.name} : supprimé"
    assert change_line(change, "en") == f"Segments › {removed.name}: removed"


def test_a_stage_rate_reads_as_a_percentage_in_each_language() -> None:
    before = _plan()
    after = before.model_copy(deep=True)
    channel, stage = after.channels[0], after.channels[0].stages[0]
    stage.rate.typical = 0.05
    [change] = plan_changes(_doc(before), _doc(after))
    old = before.channels[0].stages[0].rate.typical
    assert change.path == ("channels", channel.name, "stages", stage.name, "rate", "typical")
    fr = change_line(change, "fr")
    assert fr.startswith(f"Canaux › {channel.name} › étapes › {stage.name} › taux › typique : ")
    assert fr.endswith("5\u00a0%") and value_text(old, "fr", share=True) in fr
    assert change_line(change, "en").endswith("→ 5%")


def test_discovery_questions_are_matched_by_position() -> None:
    before = _plan()
    after = before.model_copy(deep=True)
    after.discovery.questions[2].question = "Quel budget ?"
    [change] = plan_changes(_doc(before), _doc(after))
    assert change.path == ("discovery", "questions", 3, "question")
    assert change_line(change, "fr").startswith("Découverte › questions › #3 › question : ")


@pytest.mark.parametrize(
    ("value", "lang", "share", "shown"),
    [
        (37.5, "fr", False, "37,5"),
        (37.5, "en", False, "37.5"),
        (12000, "fr", False, "12\u202f000"),
        (0.076, "fr", True, "7,6\u00a0%"),
        (True, "fr", False, "oui"),
        (None, "en", False, "—"),
        ("a  b\nc", "en", False, "a b c"),
        ("x" * 200, "en", False, "x" * 79 + "…"),
        (["1", "2"], "en", False, "1, 2"),
    ],
)
def test_values_read_the_way_the_language_writes_them(
    value: Any, lang: str, share: bool, shown: str
) -> None:
    assert value_text(value, lang, share) == shown


def test_a_summary_shows_three_changes_and_counts_the_rest() -> None:
    changes = [Change(("team", "reps"), n, n + 1) for n in range(5)]
    assert changes_summary(changes, "en") == (
        "Team › reps: 0 → 1; Team › reps: 1 → 2; Team › reps: 2 → 3; and 2 more"
    )
    assert changes_summary([], "fr") == "aucun changement"
