"""The plan model: what a user may write in a plan, and how a wrong value is explained."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from pydantic import ValidationError

from planner.core.i18n import messages, t
from planner.core.problems import InvalidInput, Problem
from planner.plan.model import Metric, ObjectiveFamily, Plan
from planner.plan.planfile import plan_from_data, schema_json
from tests.factories import make_plan, make_plan_data

# (what the user wrote, the field the problem must name, the kind of problem)
BAD_VALUES: list[tuple[dict[str, Any], str, str]] = [
    # rates
    (
        {"channels__0__stages__1__rate__low": 0.2},
        "channels[0].stages[1].rate",
        "rate_order",
    ),
    (
        {"channels__0__stages__1__rate__high": 1.2},
        "channels[0].stages[1].rate.high",
        "less_than_equal",
    ),
    ({"pipeline__0__rate__low": -0.1}, "pipeline[0].rate.low", "greater_than_equal"),
    (
        {"channels__0__stages__0__rate__low": math.nan},
        "channels[0].stages[0].rate.low",
        "finite_number",
    ),
    ({"pipeline__1__rate__high": math.inf}, "pipeline[1].rate.high", "finite_number"),
    ({"pipeline__1__rate__typical": "high"}, "pipeline[1].rate.typical", "float_parsing"),
    # money and offer
    ({"offer__deal_value": -5000}, "offer.deal_value", "greater_than"),
    ({"offer__deal_value": 0}, "offer.deal_value", "greater_than"),
    ({"offer__deal_value": True}, "offer.deal_value", "float_type"),
    ({"offer__margin_rate": 70}, "offer.margin_rate", "less_than_equal"),
    # meta
    ({"meta__name": ""}, "meta.name", "string_too_short"),
    ({"meta__name": "   "}, "meta.name", "string_too_short"),
    ({"meta__name": "x" * 121}, "meta.name", "string_too_long"),
    ({"meta__name": None}, "meta.name", "string_type"),
    ({"meta__market": "b2g"}, "meta.market", "enum"),
    ({"meta__currency": "ZZZ"}, "meta.currency", "unknown_currency"),
    ({"meta__currency": "XXX"}, "meta.currency", "unknown_currency"),
    ({"meta__currency": "EURO"}, "meta.currency", "unknown_currency"),
    ({"meta__country": "XX"}, "meta.country", "unknown_country"),
    ({"meta__horizon_weeks": 0}, "meta.horizon_weeks", "greater_than_equal"),
    ({"meta__horizon_weeks": 200}, "meta.horizon_weeks", "less_than_equal"),
    ({"meta__horizon_weeks": 12.5}, "meta.horizon_weeks", "int_from_float"),
    ({"meta__horizon_weeks": True}, "meta.horizon_weeks", "int_type"),
    ({"meta__start_date": "31/12/2026"}, "meta.start_date", "date_from_datetime_parsing"),
    ({"meta__start_date": 0}, "meta.start_date", "date_type"),
    ({"meta__colour": "red"}, "meta.colour", "extra_forbidden"),
    ({"colour": "red"}, "colour", "extra_forbidden"),
    # ids
    ({"segments__0__id": "Bad Id"}, "segments[0].id", "string_pattern_mismatch"),
    ({"segments__1__id": "smb"}, "segments[1].id", "duplicate_id"),
    (
        {"channels__1__id": "phone", "cadence__1__channel_id": "phone"},
        "channels[1].id",
        "duplicate_id",
    ),
    ({"channels__0__stages__1__id": "connect"}, "channels[0].stages[1].id", "duplicate_id"),
    ({"pipeline__1__id": "held"}, "pipeline[1].id", "duplicate_id"),
    # objectives
    ({"objectives__0__deadline": "2025-12-31"}, "objectives[0].deadline", "deadline_outside"),
    ({"objectives__1__deadline": "2026-12-31"}, "objectives[1].deadline", "deadline_outside"),
    ({"objectives__0__segment_id": "nowhere"}, "objectives[0].segment_id", "unknown_reference"),
    ({"objectives__1__channel_id": "fax"}, "objectives[1].channel_id", "unknown_reference"),
    ({"objectives__1__target": 1.5}, "objectives[1].target", "rate_target"),
    ({"objectives__0__target": -1}, "objectives[0].target", "greater_than_equal"),
    ({"objectives__0__metric": "happiness"}, "objectives[0].metric", "enum"),
    # cadence and scripts
    ({"cadence__1__channel_id": "fax"}, "cadence[1].channel_id", "unknown_reference"),
    ({"cadence__0__script_id": "nothing"}, "cadence[0].script_id", "unknown_reference"),
    ({"cadence__0__day_offset": -1}, "cadence[0].day_offset", "greater_than_equal"),
    ({"scripts__0__channel_id": "fax"}, "scripts[0].channel_id", "unknown_reference"),
    (
        {"scripts__0__objections__0__objection": None},
        "scripts[0].objections[0].objection",
        "string_type",
    ),
    # team, channels, BANT
    ({"team__reps": True}, "team.reps", "int_type"),
    ({"team__reps": -1}, "team.reps", "greater_than_equal"),
    ({"team__working_days": "1111"}, "team.working_days", "working_days"),
    ({"team__working_days": "mon-fri"}, "team.working_days", "working_days"),
    ({"channels__0__kind": "fax"}, "channels[0].kind", "enum"),
    ({"channels__0__joins_pipeline": "maybe"}, "channels[0].joins_pipeline", "bool_parsing"),
    ({"channels__0__stages": {}}, "channels[0].stages", "list_type"),
    ({"meta": "my plan"}, "meta", "model_type"),
    (
        {
            "bant__budget__weight": 0,
            "bant__authority__weight": 0,
            "bant__need__weight": 0,
            "bant__timing__weight": 0,
        },
        "bant",
        "bant_no_weight",
    ),
]


def _refusal(overrides: dict[str, Any]) -> list[Problem]:
    with pytest.raises(InvalidInput) as refused:
        plan_from_data(make_plan_data(**overrides))
    return refused.value.problems


@pytest.mark.parametrize(("overrides", "where", "code"), BAD_VALUES)
def test_a_bad_value_is_refused_naming_its_field(
    overrides: dict[str, Any], where: str, code: str
) -> None:
    problems = _refusal(overrides)

    assert [(p.where, p.code) for p in problems] == [(where, code)]


@pytest.mark.parametrize(("overrides", "where", "code"), BAD_VALUES)
def test_the_refusal_is_explained_in_french_and_in_english(
    overrides: dict[str, Any], where: str, code: str
) -> None:
    (problem,) = _refusal(overrides)

    assert f"problem.{code}" in messages("fr")
    assert f"problem.{code}" in messages("en")
    french, english = problem.message("fr"), problem.message("en")
    assert french.startswith(f"{where}: ")
    assert english.startswith(f"{where}: ")
    assert french != english
    assert english == f"{where}: {t('en', f'problem.{code}', **problem.params)}"
    assert "should" not in english  # pydantic's own wording ("Input should be…")
    assert "{" not in french + english


@pytest.mark.parametrize(
    ("overrides", "choices"),
    [
        ({"channels__0__kind": "fax"}, ["'phone'", "'referral'", "'web'", "'other'"]),
        ({"objectives__0__metric": "happiness"}, ["'win_rate'", "'average_basket'"]),
        ({"meta__language": "de"}, ["'fr'", "'en'"]),
    ],
)
def test_a_wrong_choice_lists_every_allowed_value(
    overrides: dict[str, Any], choices: list[str]
) -> None:
    (problem,) = _refusal(overrides)

    for lang in ("fr", "en"):
        assert all(choice in problem.message(lang) for choice in choices)


def test_the_plan_model_refuses_directly_as_pydantic_does() -> None:
    with pytest.raises(ValidationError):
        Plan.model_validate(make_plan_data(offer__deal_value=-1))


def test_several_bad_fields_are_all_reported() -> None:
    problems = _refusal(
        {"meta__name": "", "offer__deal_value": -1, "channels__1__stages__0__rate__high": 2}
    )

    assert {p.where for p in problems} == {
        "meta.name",
        "offer.deal_value",
        "channels[1].stages[0].rate.high",
    }


def test_every_inconsistency_of_a_plan_is_reported_at_once() -> None:
    problems = _refusal(
        {
            "segments__1__id": "smb",
            "objectives__0__segment_id": "nowhere",
            "objectives__1__deadline": "2027-01-01",
            "cadence__1__channel_id": "fax",
            "scripts__0__channel_id": "fax",
        }
    )

    assert [(p.where, p.code) for p in problems] == [
        ("segments[1].id", "duplicate_id"),
        ("objectives[0].segment_id", "unknown_reference"),
        ("objectives[1].deadline", "deadline_outside"),
        ("cadence[1].channel_id", "unknown_reference"),
        ("scripts[0].channel_id", "unknown_reference"),
    ]


def test_pydantic_places_each_inconsistency_at_its_field() -> None:
    with pytest.raises(ValidationError) as refused:
        Plan.model_validate(make_plan_data(pipeline__1__id="held", cadence__0__script_id="x"))

    assert [(e["loc"], e["type"]) for e in refused.value.errors()] == [
        (("pipeline", 1, "id"), "duplicate_id"),
        (("cadence", 0, "script_id"), "unknown_reference"),
    ]


def test_a_valid_plan_is_accepted_as_written() -> None:
    plan = plan_from_data(make_plan_data())

    assert plan.meta.name == "Cabinet Durand – prospection 2026"
    assert [c.id for c in plan.channels] == ["phone", "linkedin"]
    assert plan.meta.end_date.isoformat() == "2026-07-05"


@pytest.mark.parametrize(
    ("overrides", "field", "expected"),
    [
        ({"meta__currency": "usd"}, "currency", "USD"),
        ({"meta__country": "be"}, "country", "BE"),
        ({"meta__name": "  Plan 2026  "}, "name", "Plan 2026"),
    ],
)
def test_meta_values_are_normalised(overrides: dict[str, Any], field: str, expected: str) -> None:
    assert getattr(make_plan(**overrides).meta, field) == expected


@pytest.mark.parametrize(
    ("low", "typical", "high", "certain"),
    [(0.2, 0.2, 0.2, True), (0.0, 0.0, 0.0, True), (0.1, 0.2, 0.3, False), (0.2, 0.2, 0.3, False)],
)
def test_a_rate_range_without_width_is_certain(
    low: float, typical: float, high: float, certain: bool
) -> None:
    plan = make_plan(pipeline__0__rate={"low": low, "typical": typical, "high": high})

    assert plan.pipeline[0].rate.is_certain is certain


@pytest.mark.parametrize(
    ("metric", "family", "is_rate"),
    [
        (Metric.PROSPECTS_CONTACTED_PER_WEEK, ObjectiveFamily.VOLUME, False),
        (Metric.MEETINGS_PER_MONTH, ObjectiveFamily.VOLUME, False),
        (Metric.MEETING_RATE, ObjectiveFamily.CONVERSION, True),
        (Metric.WIN_RATE, ObjectiveFamily.CONVERSION, True),
        (Metric.QUALIFIED_LEAD_RATE, ObjectiveFamily.CONVERSION, True),
        (Metric.REVENUE, ObjectiveFamily.FINANCIAL, False),
        (Metric.NEW_CUSTOMERS, ObjectiveFamily.FINANCIAL, False),
        (Metric.AVERAGE_BASKET, ObjectiveFamily.FINANCIAL, False),
    ],
)
def test_each_metric_belongs_to_one_smart_family(
    metric: Metric, family: ObjectiveFamily, is_rate: bool
) -> None:
    assert (metric.family, metric.is_rate) == (family, is_rate)


def test_every_metric_has_a_family() -> None:
    assert {m.family for m in Metric} == set(ObjectiveFamily)


def test_a_volume_target_above_one_is_fine() -> None:
    plan = make_plan(objectives__1__metric="new_customers", objectives__1__target=12)

    assert plan.objectives[1].target == 12


@pytest.mark.parametrize(
    ("attach_rate", "add_on", "expected"),
    [(0.0, 1200.0, 4800.0), (0.25, 1200.0, 5100.0), (1.0, 1200.0, 6000.0), (0.5, 0.0, 4800.0)],
)
def test_expected_deal_value_includes_cross_sell(
    attach_rate: float, add_on: float, expected: float
) -> None:
    plan = make_plan(offer__cross_sell_attach_rate=attach_rate, offer__add_on_value=add_on)

    assert plan.offer.expected_deal_value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("channel_id", "joins_pipeline", "stages"),
    [
        ("phone", True, ["connect", "meeting", "held", "won"]),
        ("phone", False, ["connect", "meeting"]),
        ("linkedin", False, ["reply"]),
        ("linkedin", True, ["reply", "held", "won"]),
    ],
)
def test_a_channel_funnel_includes_the_pipeline_when_it_joins_it(
    channel_id: str, joins_pipeline: bool, stages: list[str]
) -> None:
    index = ["phone", "linkedin"].index(channel_id)
    plan = make_plan(**{f"channels__{index}__joins_pipeline": joins_pipeline})

    assert [s.id for s in plan.funnel(plan.channel(channel_id))] == stages


def test_asking_for_an_unknown_channel_is_a_key_error() -> None:
    plan = make_plan()

    with pytest.raises(KeyError, match="fax"):
        plan.channel("fax")
    assert [c.id for c in plan.channels if plan.channel(c.id) is c] == ["phone", "linkedin"]


def test_the_json_schema_is_json_and_lists_the_parts_of_a_plan() -> None:
    schema = json.loads(schema_json())

    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["properties"]) == {
        "schema_version",
        "meta",
        "offer",
        "segments",
        "bant",
        "objectives",
        "team",
        "channels",
        "pipeline",
        "cadence",
        "scripts",
        "objection_library",
        "discovery",
        "sample_prospect",
    }
    assert set(schema["required"]) == {"meta", "offer"}


def test_the_json_schema_states_the_limits_in_json_schema_words() -> None:
    definitions = json.loads(schema_json())["$defs"]

    assert (
        definitions["Rate"]["properties"]["low"].items() >= {"minimum": 0.0, "maximum": 1.0}.items()
    )
    assert definitions["Offer"]["properties"]["deal_value"]["exclusiveMinimum"] == 0.0
    assert definitions["Meta"]["properties"]["horizon_weeks"]["maximum"] == 156
    assert '"ge"' not in schema_json()


def test_a_valid_plan_document_satisfies_the_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_json())
    jsonschema.Draft202012Validator.check_schema(schema)

    jsonschema.validate(make_plan().model_dump(mode="json"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(make_plan_data(offer__deal_value=-1), schema)
