"""Plan files: read, migrate and validate JSON plans; write them back exactly."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from planner.core.problems import InvalidInput, Problem, from_validation_error
from planner.plan.model import SCHEMA_VERSION, Plan, plan_json_schema

MAX_PLAN_BYTES = 5 * 1024 * 1024

Migration = Callable[[dict[str, Any]], dict[str, Any]]

# MIGRATIONS[n] turns a version-n document into a version n+1 document.
MIGRATIONS: dict[int, Migration] = {}


def migrate(
    data: dict[str, Any],
    migrations: Mapping[int, Migration] = MIGRATIONS,
    current: int = SCHEMA_VERSION,
) -> dict[str, Any]:
    """Bring a plan document of an older schema_version up to `current`."""
    version = data.get("schema_version")
    if version is None:
        raise InvalidInput([Problem("schema_version", "version_missing")])
    if isinstance(version, bool) or not isinstance(version, int):
        raise InvalidInput([Problem("schema_version", "version_type", {"input": version})])
    if version > current:
        raise InvalidInput(
            [
                Problem(
                    "schema_version",
                    "version_newer",
                    {"input": version, "current": current},
                )
            ]
        )
    while version < current:
        step = migrations.get(version)
        if step is None:
            raise InvalidInput(
                [
                    Problem(
                        "schema_version",
                        "version_unknown",
                        {"input": version, "current": current},
                    )
                ]
            )
        data = step(dict(data))
        version += 1
        data["schema_version"] = version
    return data


def parse_plan(raw: bytes | str) -> Plan:
    """A validated Plan from the bytes of a plan file, or InvalidInput listing every problem."""
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "replace"))
    if size > MAX_PLAN_BYTES:
        raise InvalidInput([Problem("", "file_too_large", {"limit": MAX_PLAN_BYTES // 1024})])
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput([Problem("", "not_utf8")]) from None
    raw = raw.removeprefix("\ufeff")
    if not raw.strip():
        raise InvalidInput([Problem("", "empty_file")])
    try:
        # NaN and Infinity are read as floats, so that the model refuses them naming the field.
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        problem = Problem(
            "",
            "json_invalid",
            {"line": exc.lineno, "column": exc.colno, "input": exc.msg},
        )
        raise InvalidInput([problem]) from None
    except InvalidInput:
        raise
    except ValueError:
        # Python refuses to convert integers of more than 4300 digits.
        raise InvalidInput([Problem("", "json_number_too_long")]) from None
    except RecursionError:
        raise InvalidInput([Problem("", "json_too_deep")]) from None
    if not isinstance(data, dict):
        raise InvalidInput([Problem("", "not_a_plan")])
    return plan_from_data(migrate(data))


def plan_from_data(data: Mapping[str, Any]) -> Plan:
    """A validated Plan from an already migrated document."""
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(from_validation_error(exc)) from None


def plan_to_json(plan: Plan) -> str:
    """The plan file text: stable, indented JSON that parses back to an equal plan."""
    return plan.model_dump_json(indent=2) + "\n"


def schema_json() -> str:
    """The JSON Schema of plan files, as text."""
    return json.dumps(plan_json_schema(), indent=2, ensure_ascii=False) + "\n"
