"""Plan parts as editable table rows and back: ids kept or made, rates shown in percent."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

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
