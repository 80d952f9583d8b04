"""What changed between two revisions of a plan: each field with its old and new value.

Lists of parts that carry an id (segments, channels, stages, objectives…) are matched by id, so
deleting the first segment reads as one segment removed, not every later one changed. Other
lists (objections, discovery questions) are matched by position.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planner.core.i18n import fmt_number, fmt_percent, fmt_short, messages, needed_digits, t

# A step of a path into the plan document: a field name, or a list item (its name or position).
Step = str | int


@dataclass(frozen=True)
class Change:
    """One field of the plan that a revision changed; `None` on a side means absent."""

    path: tuple[Step, ...]
    old: Any
    new: Any

    @property
    def part(self) -> str:
        """The top-level part of the plan the change is in (team, segments, channels…)."""
        return str(self.path[0]) if self.path else ""


def plan_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every field that differs between two plan documents, in document order."""
    return list(_diff((), old, new))


def _diff(path: tuple[Step, ...], old: Any, new: Any) -> list[Change]:
    if old == new:
        return []
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        keys = [*old, *(k for k in new if k not in old)]
        return [c for k in keys for c in _diff((*path, str(k)), old.get(k), new.get(k))]
    if _is_list(old) and _is_list(new):
        if _has_ids(old) and _has_ids(new):
            return _diff_by_id(path, old, new)
        if len(old) == len(new) and all(isinstance(v, Mapping) for v in (*old, *new)):
            pairs = enumerate(zip(old, new, strict=True), start=1)
            return [c for i, (a, b) in pairs for c in _diff((*path, i), a, b)]
    return [Change(path, old, new)]


def _diff_by_id(
    path: tuple[Step, ...], old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]
) -> list[Change]:
    before = {item["id"]: item for item in old}
    after = {item["id"]: item for item in new}
    changes: list[Change] = []
    for item_id in [*before, *(i for i in after if i not in before)]:
        a, b = before.get(item_id), after.get(item_id)
        label = _label(b if b is not None else a)
        if a is None or b is None:
            changes.append(Change((*path, label), a, b))
        else:
            changes.extend(_diff((*path, label), a, b))
    return changes


def _label(item: Mapping[str, Any] | None) -> str:
    """How an item of a list is named in a path: its name, else its id."""
    if item is None:
        return ""
    return str(item.get("name") or item.get("id"))


def _is_list(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str)


def _has_ids(items: Sequence[Any]) -> bool:
    return all(isinstance(i, Mapping) and "id" in i for i in items)


_LONGEST = 80  # characters of a text value shown in the history


def field_label(change: Change, lang: str) -> str:
    """Where the change is, in words: "Team › reps", "Segments › PME › priority"."""
    return " › ".join(_step_label(step, lang) for step in change.path)


def value_text(value: Any, lang: str, share: bool = False) -> str:
    """A value of the plan as the history shows it: numbers for the language, long text cut.

    `share` writes a fraction as a percentage (a conversion rate of 0.076 reads 7.6 %).
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return t(lang, f"changes.{'yes' if value else 'no'}")
    if isinstance(value, int | float):
        if share:
            return fmt_percent(value, lang, needed_digits(value * 100))
        return fmt_short(value, lang)
    if isinstance(value, Mapping):
        return _label(value)
    if _is_list(value):
        return ", ".join(value_text(v, lang, share) for v in value)
    text = " ".join(str(value).split())
    return text if len(text) <= _LONGEST else text[: _LONGEST - 1] + "…"


def change_line(change: Change, lang: str) -> str:
    """One change in a line: "Team › reps: 2 → 0", "Segments › PME: added"."""
    field = field_label(change, lang)
    if change.old is None and isinstance(change.new, Mapping):
        return t(lang, "changes.line_added", field=field)
    if change.new is None and isinstance(change.old, Mapping):
        return t(lang, "changes.line_removed", field=field)
    share = is_share(change.path)
    old, new = value_text(change.old, lang, share), value_text(change.new, lang, share)
    return t(lang, "changes.line", field=field, old=old, new=new)


def changes_summary(changes: Sequence[Change], lang: str, shown: int = 3) -> str:
    """The first changes in one line, and how many more there are."""
    if not changes:
        return t(lang, "changes.none")
    text = t(lang, "changes.joiner").join(change_line(c, lang) for c in changes[:shown])
    rest = len(changes) - shown
    return (
        t(lang, "changes.summary_more", shown=text, n=fmt_number(rest, lang)) if rest > 0 else text
    )


def is_share(path: Sequence[Step]) -> bool:
    """True for a field that holds a fraction: a stage's rate bounds, a margin or repeat rate."""
    last = str(path[-1]) if path else ""
    return last.endswith("_rate") or (len(path) > 1 and path[-2] == "rate")


def _step_label(step: Step, lang: str) -> str:
    if isinstance(step, int):
        return f"#{step}"
    key = f"changes.field.{step}"
    return messages(lang).get(key, step)
