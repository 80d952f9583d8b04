"""Problems found in user input, worded in the user's language with the field named."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from planner.core.i18n import messages, t


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is, what kind, and the values to quote."""

    where: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    fallback: str = ""

    def message(self, lang: str) -> str:
        """The problem as one line in `lang`, starting with the field it concerns."""
        key = f"problem.{self.code}"
        text = t(lang, key, **self.params) if key in messages(lang) else self.fallback
        return f"{self.where}: {text}" if self.where else text


class InvalidInput(ValueError):
    """Raised with every problem found; nothing has been saved."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message("en") for p in problems))
        self.problems = problems

    def messages(self, lang: str) -> list[str]:
        """Every problem, one line each, in `lang`."""
        return [p.message(lang) for p in self.problems]


def field_path(loc: tuple[int | str, ...]) -> str:
    """('channels', 0, 'stages', 1, 'rate') -> 'channels[0].stages[1].rate'."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def from_validation_error(error: ValidationError) -> list[Problem]:
    """One Problem per pydantic error, keeping its type and context for translation."""
    problems = []
    for item in error.errors(include_url=False):
        ctx = dict(item.get("ctx") or {})
        params = {k: v if k in _SCHEMA_PARAMS else _quotable(v) for k, v in ctx.items()}
        if "expected" in params:
            params["expected"] = str(params["expected"]).replace(" or ", ", ")
        params.setdefault("input", _quotable(item.get("input")))
        loc = tuple(item["loc"])
        # A validator of a whole part may name the field it is about ("field") or,
        # at plan level, the full path ("where").
        if "field" in ctx:
            loc = (*loc, str(ctx["field"]))
        where = str(ctx["where"]) if "where" in ctx else field_path(loc)
        problems.append(Problem(where, item["type"], params, item["msg"]))
    return problems


# Context values that come from the app (choices, paths), not from the user: never shortened.
_SCHEMA_PARAMS = frozenset({"expected", "where", "field", "pattern"})


def _quotable(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return type(value).__name__
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"
