"""Scripts in the plan model: variants, SONCAS tags, discovery, objections, sample prospect."""

from __future__ import annotations

import json
from typing import Any

import pytest

from planner.core.problems import InvalidInput
from planner.plan.model import Plan, QqoqcpAxis, ScriptPart, SoncasMotive
from planner.plan.planfile import parse_plan, plan_from_data, plan_to_json
from tests.factories import make_plan_data, plan_data


def scripted_data(**overrides: Any) -> dict[str, Any]:
    """The factory plan with a second script, variants, discovery, a library and a sample."""
    data = make_plan_data(**overrides)
    data["scripts"][0] |= {
        "segment_id": "smb",
        "value_argument": "Vous gagnez deux heures par semaine.",
        "value_motives": ["comfort", "money"],
        "arguments": [{"text": "Données hébergées en France.", "motives": ["security"]}],
        "variants": [
            {
                "id": "hook-b",
                "name": "Question directe",
                "part": "hook",
                "text": "[Nom], une question :",
            },
            {"id": "cta-b", "name": "Démo", "part": "call_to_action", "text": "Une démo mardi ?"},
        ],
    }
    data["scripts"].append(
        {
            "id": "follow-up",
            "channel_id": "linkedin",
            "name": "Relance LinkedIn",
            "subject": "Suite à notre échange",
            "signature": "[Commercial], [Entreprise]",
            "variants": [{"id": "hook-b", "name": "Autre", "part": "hook", "text": "Bonjour"}],
        }
    )
    data["cadence"][0] |= {"variant_id": "hook-b"}
    data["cadence"][1] |= {"script_id": "follow-up", "variant_id": "hook-b"}
    data["objection_library"] = [{"objection": "Trop cher", "answer": "Par rapport à quoi ?"}]
    data["discovery"] = {
        "opening": "Avant de vous présenter nos solutions…",
        "questions": [{"axis": "who", "question": "Qui décide ?"}],
        "reformulation": "Si j’ai bien compris…",
        "apparent_need": "Un logiciel de stocks",
        "deep_need": "Voir ses niveaux de stock",
    }
    data["sample_prospect"] = {"values": {"Nom": "Claire Martin", "problème": "facturer vite"}}
    return data


def problems(data: dict[str, Any]) -> set[tuple[str, str]]:
    with pytest.raises(InvalidInput) as caught:
        plan_from_data(data)
    return {(p.where, p.code) for p in caught.value.problems}


def test_a_plan_with_scripts_variants_and_discovery_survives_a_plan_file_round_trip() -> None:
    plan = plan_from_data(scripted_data())

    again = parse_plan(plan_to_json(plan).encode("utf-8"))

    assert again == plan
    assert again.scripts[0].variants[1].part is ScriptPart.CALL_TO_ACTION
    assert again.scripts[0].arguments[0].motives == [SoncasMotive.SECURITY]
    assert again.discovery.questions[0].axis is QqoqcpAxis.WHO
    assert again.cadence[1].variant_id == "hook-b"


def test_a_plan_file_written_before_scripts_grew_still_loads_with_empty_defaults() -> None:
    plan = parse_plan(json.dumps(plan_data()))

    assert plan.objection_library == []
    assert plan.discovery.questions == []
    assert plan.sample_prospect.values == {}
    assert plan.scripts[0].variants == []
    assert plan.cadence[0].variant_id is None


def test_a_script_part_is_read_by_its_name() -> None:
    script = plan_from_data(scripted_data()).scripts[1]

    assert script.part(ScriptPart.SUBJECT) == "Suite à notre échange"
    assert script.part(ScriptPart.SIGNATURE) == "[Commercial], [Entreprise]"


BAD: list[tuple[dict[str, Any], set[tuple[str, str]]]] = [
    (
        {"scripts__0__variants__1__id": "hook-b"},
        {("scripts[0].variants[1].id", "duplicate_id")},
    ),
    ({"cadence__0__variant_id": "nowhere"}, {("cadence[0].variant_id", "unknown_reference")}),
    # a variant of another script
    ({"cadence__0__variant_id": "cta-x"}, {("cadence[0].variant_id", "unknown_reference")}),
    # a variant without a script
    ({"cadence__1__script_id": None}, {("cadence[1].variant_id", "unknown_reference")}),
    ({"scripts__0__segment_id": "gone"}, {("scripts[0].segment_id", "unknown_reference")}),
    ({"scripts__0__value_motives": ["greed"]}, {("scripts[0].value_motives[0]", "enum")}),
    ({"scripts__0__variants__0__part": "ending"}, {("scripts[0].variants[0].part", "enum")}),
    (
        {"scripts__0__variants__0__id": "Hook B"},
        {("scripts[0].variants[0].id", "string_pattern_mismatch")},
    ),
    ({"scripts__0__variants__0__name": " "}, {("scripts[0].variants[0].name", "string_too_short")}),
    ({"discovery__questions__0__axis": "whom"}, {("discovery.questions[0].axis", "enum")}),
    ({"discovery__colour": "red"}, {("discovery.colour", "extra_forbidden")}),
    (
        {"sample_prospect__values": {"": "x"}},
        {("sample_prospect.values..[key]", "string_too_short")},
    ),
    ({"objection_library__0__answer": 3}, {("objection_library[0].answer", "string_type")}),
    (
        {"scripts__0__arguments__0__motives": ["security"] * 7},
        {("scripts[0].arguments[0].motives", "too_long")},
    ),
]


@pytest.mark.parametrize(("overrides", "expected"), BAD, ids=lambda v: str(v)[:60])
def test_a_wrong_script_value_is_reported_at_its_field(
    overrides: dict[str, Any], expected: set[tuple[str, str]]
) -> None:
    data = scripted_data()
    for path, value in overrides.items():
        node: Any = data
        *parents, last = path.split("__")
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[int(last) if isinstance(node, list) else last] = value

    found = problems(data)

    assert found == expected


def test_every_script_problem_is_reported_at_once() -> None:
    data = scripted_data()
    data["scripts"][0]["segment_id"] = "gone"
    data["cadence"][0]["variant_id"] = "nowhere"

    assert {w for w, _ in problems(data)} == {"scripts[0].segment_id", "cadence[0].variant_id"}


def test_the_json_schema_describes_variants_discovery_and_the_sample() -> None:
    schema = Plan.model_json_schema()

    assert {"ScriptVariant", "Discovery", "SampleProspect", "Argument"} <= set(schema["$defs"])
    assert schema["$defs"]["CadenceStep"]["properties"]["variant_id"]["default"] is None
