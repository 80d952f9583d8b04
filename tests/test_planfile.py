"""Plan files: what a user imports and exports, and how a bad file is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from planner.core.problems import InvalidInput, Problem
from planner.plan.model import SCHEMA_VERSION
from planner.plan.planfile import MAX_PLAN_BYTES, Migration, migrate, parse_plan, plan_to_json
from tests.factories import make_plan, make_plan_data

PLANS = {
    "b2b": {},
    "b2c in dollars": {"meta__market": "b2c", "meta__currency": "USD", "meta__country": "US"},
    "no channels": {"channels": [], "objectives": [], "cadence": [], "scripts": []},
    "odd text": {"meta__name": 'Émile & Zoé "quoted" \\ 😀', "meta__description": "line 1\nline 2"},
    "awkward numbers": {"offer__deal_value": 0.1 + 0.2, "offer__add_on_value": 1e-7},
}


def _refused(raw: bytes | str) -> list[Problem]:
    with pytest.raises(InvalidInput) as refused:
        parse_plan(raw)
    return refused.value.problems


def _codes(raw: bytes | str) -> list[tuple[str, str]]:
    return [(p.where, p.code) for p in _refused(raw)]


# --- round trip --------------------------------------------------------------------------


@pytest.mark.parametrize("overrides", PLANS.values(), ids=PLANS.keys())
def test_an_exported_plan_imports_back_equal(overrides: dict[str, Any]) -> None:
    plan = make_plan(**overrides)

    assert parse_plan(plan_to_json(plan)) == plan
    assert parse_plan(plan_to_json(plan).encode("utf-8")) == plan


@pytest.mark.parametrize("overrides", PLANS.values(), ids=PLANS.keys())
def test_an_imported_file_exports_back_identical(overrides: dict[str, Any]) -> None:
    text = plan_to_json(make_plan(**overrides))

    assert plan_to_json(parse_plan(text)) == text


def test_the_exported_file_is_indented_json_ending_with_a_newline() -> None:
    text = plan_to_json(make_plan())

    assert text.endswith("}\n")
    assert text.splitlines()[1] == f'  "schema_version": {SCHEMA_VERSION},'
    assert json.loads(text)["meta"]["name"] == "Cabinet Durand – prospection 2026"


# --- migration ---------------------------------------------------------------------------


def _rename_title(data: dict[str, Any]) -> dict[str, Any]:
    """A v0 -> v1 step: 'title' became meta.name."""
    return {**{k: v for k, v in data.items() if k != "title"}, "meta": {"name": data["title"]}}


def _add_market(data: dict[str, Any]) -> dict[str, Any]:
    """A v1 -> v2 step: meta.market appeared, b2b by default."""
    return {**data, "meta": {**data["meta"], "market": "b2b"}}


def test_a_migration_turns_an_old_document_into_the_current_version() -> None:
    old = {"schema_version": 0, "title": "Plan"}

    assert migrate(old, {0: _rename_title}, current=1) == {
        "schema_version": 1,
        "meta": {"name": "Plan"},
    }


def test_migrations_are_chained_in_order() -> None:
    old = {"schema_version": 0, "title": "Plan"}

    assert migrate(old, {0: _rename_title, 1: _add_market}, current=2) == {
        "schema_version": 2,
        "meta": {"name": "Plan", "market": "b2b"},
    }


def test_a_migration_leaves_the_document_it_was_given_alone() -> None:
    old = {"schema_version": 0, "title": "Plan"}

    migrate(old, {0: _rename_title}, current=1)

    assert old == {"schema_version": 0, "title": "Plan"}


def test_a_current_document_is_not_migrated() -> None:
    def explode(data: dict[str, Any]) -> dict[str, Any]:
        raise AssertionError("no migration should run")

    document = {"schema_version": 2, "meta": {}}

    assert migrate(document, {0: explode, 1: explode}, current=2) == document


@pytest.mark.parametrize(
    ("version", "migrations"),
    [
        (1, {0: _rename_title}),  # the 1 -> 2 step is missing
        (0, {1: _add_market}),  # the 0 -> 1 step is missing
        (-1, {0: _rename_title, 1: _add_market}),
    ],
)
def test_a_missing_migration_step_is_refused(
    version: int, migrations: dict[int, Migration]
) -> None:
    with pytest.raises(InvalidInput) as refused:
        migrate({"schema_version": version, "title": "Plan"}, migrations, current=2)

    assert [(p.where, p.code) for p in refused.value.problems] == [
        ("schema_version", "version_unknown")
    ]


def test_an_old_version_this_app_cannot_read_is_refused() -> None:
    text = plan_to_json(make_plan()).replace('"schema_version": 1', '"schema_version": 0')

    assert _codes(text) == [("schema_version", "version_unknown")]


def test_a_plan_from_a_newer_app_asks_to_update_the_app() -> None:
    text = plan_to_json(make_plan()).replace('"schema_version": 1', '"schema_version": 99')

    (problem,) = _refused(text)

    assert (problem.where, problem.code) == ("schema_version", "version_newer")
    assert "99" in problem.message("en")
    assert "Update the app" in problem.message("en")
    assert "Mettez l’application à jour" in problem.message("fr")


@pytest.mark.parametrize(
    ("version", "code"),
    [
        (None, "version_missing"),
        ("1", "version_type"),
        (True, "version_type"),
        (1.0, "version_type"),
        ([1], "version_type"),
    ],
)
def test_a_schema_version_that_is_not_a_whole_number_is_refused(version: Any, code: str) -> None:
    data = make_plan_data()
    if version is None:
        del data["schema_version"]
    else:
        data["schema_version"] = version

    assert _codes(json.dumps(data)) == [("schema_version", code)]


# --- files users bring -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{\n  "schema_version": 1,\n  "meta": {', 3, 12),
        ('{\n  "schema_version": 1,\n  "meta": {"name": "Caf', 3, 20),
        ('{"schema_version": 1, "meta": {"name": "x",}}', 1, 44),
    ],
)
def test_a_truncated_file_is_refused_with_its_line_and_column(
    text: str, line: int, column: int
) -> None:
    (problem,) = _refused(text)

    assert problem.code == "json_invalid"
    assert (problem.params["line"], problem.params["column"]) == (line, column)
    assert f"line {line}, column {column}" in problem.message("en")
    assert f"ligne {line}, colonne {column}" in problem.message("fr")


def test_a_plan_cut_in_the_middle_is_refused() -> None:
    text = plan_to_json(make_plan())

    assert [p.code for p in _refused(text[: len(text) // 2])] == ["json_invalid"]


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize(
    ("written", "where", "code"),
    [
        ('"deal_value": 4800.0', "offer.deal_value", "finite_number"),
        ('"horizon_weeks": 26', "meta.horizon_weeks", "finite_number"),
        ('"name": "Cold calls"', "channels[0].name", "string_type"),
        ('"schema_version": 1', "schema_version", "version_type"),
    ],
)
def test_nan_and_infinity_literals_are_refused_naming_the_field(
    literal: str, written: str, where: str, code: str
) -> None:
    key = written.split(":")[0]
    text = plan_to_json(make_plan()).replace(written, f"{key}: {literal}")

    (problem,) = _refused(text)

    assert (problem.where, problem.code) == (where, code)
    assert problem.message("en").startswith(f"{where}: ")


def test_a_nan_number_is_explained_as_not_allowed() -> None:
    text = plan_to_json(make_plan()).replace('"deal_value": 4800.0', '"deal_value": NaN')

    (problem,) = _refused(text)

    assert "NaN" in problem.message("en")
    assert "NaN" in problem.message("fr")


def test_a_number_too_large_for_a_float_is_refused_as_not_finite() -> None:
    text = plan_to_json(make_plan()).replace('"deal_value": 4800.0', '"deal_value": 1e400')

    assert _codes(text) == [("offer.deal_value", "finite_number")]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "empty_file"),
        (b"  \r\n\t", "empty_file"),
        (b"\xef\xbb\xbf", "empty_file"),
        ("", "empty_file"),
        (b"[]", "not_a_plan"),
        (b'[{"schema_version": 1}]', "not_a_plan"),
        (b'"plan"', "not_a_plan"),
        (b"42", "not_a_plan"),
        (b"null", "not_a_plan"),
        (b"{}", "version_missing"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_utf8"),
        (b'{"a": ' + b"1" * 5000 + b"}", "json_number_too_long"),
        (b"[" * 100_000 + b"]" * 100_000, "json_too_deep"),
    ],
)
def test_a_file_that_is_not_a_plan_is_refused_clearly(raw: bytes | str, code: str) -> None:
    (problem,) = _refused(raw)

    assert problem.code == code
    assert problem.message("fr") != problem.message("en")


@pytest.mark.parametrize("as_text", [False, True], ids=["bytes", "text"])
def test_a_utf8_file_with_a_byte_order_mark_is_accepted(as_text: bool) -> None:
    plan = make_plan(meta__name="Café – plan à 5 000 €")
    raw = "\ufeff".encode() + plan_to_json(plan).encode("utf-8")

    assert parse_plan(raw.decode("utf-8") if as_text else raw) == plan


def test_a_cp1252_file_is_refused_as_not_utf8() -> None:
    raw = plan_to_json(make_plan(meta__name="Café – plan à 5 000 €")).encode("cp1252")

    (problem,) = _refused(raw)

    assert problem.code == "not_utf8"
    assert "UTF-8" in problem.message("en")
    assert "UTF-8" in problem.message("fr")


@pytest.mark.parametrize("as_text", [False, True], ids=["bytes", "text"])
def test_a_file_over_the_size_limit_is_refused_before_reading(as_text: bool) -> None:
    text = plan_to_json(make_plan())
    padded = text[:-2] + " " * (MAX_PLAN_BYTES - len(text) + 1) + text[-2:]
    assert len(padded.encode()) > MAX_PLAN_BYTES

    (problem,) = _refused(padded if as_text else padded.encode())

    assert problem.code == "file_too_large"
    assert f"{MAX_PLAN_BYTES // 1024}" in problem.message("en")


def test_a_file_just_under_the_size_limit_is_read() -> None:
    text = plan_to_json(make_plan())
    padded = text[:-2] + " " * (MAX_PLAN_BYTES - len(text.encode())) + text[-2:]
    assert len(padded.encode()) == MAX_PLAN_BYTES

    assert parse_plan(padded.encode()) == make_plan()


def test_every_problem_of_a_file_is_listed_at_once() -> None:
    data = make_plan_data(
        meta__currency="ZZZ", offer__deal_value="a lot", channels__0__stages__0__rate__high=1.5
    )

    problems = _refused(json.dumps(data))

    assert [(p.where, p.code) for p in problems] == [
        ("meta.currency", "unknown_currency"),
        ("offer.deal_value", "float_parsing"),
        ("channels[0].stages[0].rate.high", "less_than_equal"),
    ]
    with pytest.raises(InvalidInput) as refused:
        parse_plan(json.dumps(data))
    assert len(refused.value.messages("fr")) == 3
    assert all(m.split(": ")[0] in str(refused.value) for m in refused.value.messages("en"))


@pytest.mark.parametrize(
    ("path", "value", "where", "code"),
    [
        ("meta.start_date", 20260105, "meta.start_date", "date_type"),
        ("offer.deal_value", "4800", None, None),
        ("offer.deal_value", [4800], "offer.deal_value", "float_type"),
        ("team.reps", 2.0, None, None),
        ("team.reps", False, "team.reps", "int_type"),
        ("segments", {"smb": {}}, "segments", "list_type"),
        ("channels.0.stages.0.rate", 0.2, "channels[0].stages[0].rate", "model_type"),
    ],
)
def test_wrong_types_in_a_file(path: str, value: Any, where: str | None, code: str | None) -> None:
    data = make_plan_data(**{path.replace(".", "__"): value})
    text = json.dumps(data)

    if code is None:  # a number written as text, or a whole float, is read as intended
        assert parse_plan(text) == make_plan()
    else:
        assert _codes(text) == [(where, code)]
