"""Plan parts as editable table rows and back: ids kept or made, rates shown in percent."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from planner.plan.model import Plan

Row = dict[str, Any]

PERCENT_FIELDS = ("low", "typical", "high")


def is_blank(value: Any) -> bool:
    """True for None, NaN, NaT and empty or whitespace-only text."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaT and other missing markers
    except (TypeError, ValueError):
        return False


def clean(row: Mapping[str, Any]) -> Row:
    """A row with missing values as None, numpy scalars as Python values and text stripped."""
    out: Row = {}
    for key, value in row.items():
        if is_blank(value):
            out[key] = None
        elif hasattr(value, "item") and not isinstance(value, str):
            out[key] = value.item()
        elif (
            hasattr(value, "date") and callable(value.date) and type(value).__name__ == "Timestamp"
        ):
            out[key] = value.date()
        elif isinstance(value, str):
            out[key] = value.strip()
        else:
            out[key] = value
    return out


def slug(text: str) -> str:
    """An id-shaped version of a name: 'Téléphone B2B' -> 'telephone-b2b'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:32] or "item"


def new_id(name: str | None, taken: Iterable[str]) -> str:
    """A fresh id from a name, unique among `taken`."""
    used = set(taken)
    base = slug(name or "")
    candidate, n = base, 2
    while candidate in used:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def with_ids(rows: Sequence[Mapping[str, Any]], name_field: str = "name") -> list[Row]:
    """Rows cleaned, each with an id: kept when present, made from its name when new."""
    cleaned = [clean(r) for r in rows]
    taken = [str(r["id"]) for r in cleaned if r.get("id")]
    for row in cleaned:
        if not row.get("id"):
            row["id"] = new_id(row.get(name_field), taken)
            taken.append(row["id"])
    return cleaned


def drop_none(row: Mapping[str, Any]) -> Row:
    """The row without its missing cells, so the model's defaults apply to them."""
    return {k: v for k, v in row.items() if v is not None}


def to_percent(value: float) -> float:
    """A fraction shown as a percentage, rounded to hide float noise."""
    return round(value * 100.0, 6)


def from_percent(value: Any) -> Any:
    """A percentage typed by the user as a fraction (other values go on to validation)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value / 100.0
    return value


def replace_part(plan: Plan, part: str, value: Any) -> dict[str, Any]:
    """The plan as a JSON-ready document with one top-level part replaced."""
    document = plan.model_dump(mode="json")
    document[part] = value
    return document


def replace_fields(plan: Plan, part: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The plan as a JSON-ready document with some fields of one part replaced."""
    document = plan.model_dump(mode="json")
    document[part] = {**document[part], **fields}
    return document


def with_script(plan: Plan, script_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The plan document with some fields of one script replaced."""
    scripts = [
        s.model_dump(mode="json") | (fields if s.id == script_id else {}) for s in plan.scripts
    ]
    return replace_part(plan, "scripts", scripts)


def objection_items(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Objection rows as plan items; rows without an objection are left out."""
    return [
        {"objection": str(r.get("objection") or "").strip(), "answer": str(r.get("answer") or "")}
        for r in rows
        if str(r.get("objection") or "").strip()
    ]


@dataclass(frozen=True)
class OutOfBounds:
    """A cell of an edited table below its column's minimum or above its maximum."""

    row: int  # 1-based, as the user counts the table's rows
    column: str
    value: Any
    limit: Any
    above: bool  # True: above the maximum; False: below the minimum


def out_of_bounds(
    rows: Sequence[Mapping[str, Any]], bounds: Mapping[str, tuple[Any, Any]]
) -> list[OutOfBounds]:
    """The cells of edited rows outside their column's (minimum, maximum); blanks are left alone."""
    found: list[OutOfBounds] = []
    for number, row in enumerate(rows, start=1):
        for column, (low, high) in bounds.items():
            value = _comparable(row.get(column), low if low is not None else high)
            if value is None:
                continue  # blank, or not a value of the column's kind: validation says why
            if low is not None and value < low:
                found.append(OutOfBounds(number, column, value, low, above=False))
            elif high is not None and value > high:
                found.append(OutOfBounds(number, column, value, high, above=True))
    return found


def _comparable(value: Any, limit: Any) -> Any:
    """The cell as the limit's kind (a date for a date limit, cells may hold timestamps or ISO
    text), or None when it is blank or of another kind."""
    if is_blank(value):
        return None
    if isinstance(limit, dt.date):
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                return None
        if hasattr(value, "date") and callable(value.date):
            return value.date()
        return value if isinstance(value, dt.date) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return None


def field_bounds(model: type[BaseModel], field: str) -> tuple[float | None, float | None]:
    """The (minimum, maximum) a model's numeric field accepts, read from its constraints."""
    low = high = None
    for rule in model.model_fields[field].metadata:  # annotated-types' Ge(ge=0), Le(le=80)…
        if getattr(rule, "ge", None) is not None:
            low = float(rule.ge)
        if getattr(rule, "le", None) is not None:
            high = float(rule.le)
    return low, high
