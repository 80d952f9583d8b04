"""BANT qualification of one prospect against the plan's grid, with the reasons of the verdict.

Answers are on a 0-3 scale: 0 no, 1 unclear, 2 partly, 3 yes. The score is the weighted
average of the answers on 100; a lead is qualified when the score reaches the grid's bar
and no answer is below its criterion's threshold.

This module also holds the small toolkit that turns a message code and raw parameters into a
sentence in the user's language (numbers, percentages, money, dates and lists formatted for
the locale). planner.plan.capacity and planner.plan.smart word their reasons with it too.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any

from babel import Locale
from babel.lists import format_list

from planner.core.i18n import babel_locale, fmt_date, fmt_money, fmt_number, fmt_percent, t
from planner.plan.model import BantCriterion, BantGrid

CRITERIA: tuple[str, ...] = ("budget", "authority", "need", "timing")
ANSWERS: tuple[int, ...] = (0, 1, 2, 3)
TOP_ANSWER = ANSWERS[-1]
# A score equal to the bar qualifies; this absorbs floating-point noise in the weighted mean.
_SCORE_EPSILON = 1e-9


# Translatable messages -----------------------------------------------------------------------
# Parameters stay plain values (a Percent is a float, a Term is a str) so that code and tests
# can read them; only message() turns them into text, in the language asked for.


class Term(str):
    """A word or phrase to translate: equal to its id ("budget"), worded by the locale key."""

    key: str
    params: dict[str, Any]

    def __new__(cls, term_id: str, key: str, /, **params: Any) -> Term:
        term = super().__new__(cls, term_id)
        term.key = key
        term.params = params
        return term


class Quoted(str):
    """A name typed by the user, shown between the locale's quotation marks."""


class Country(str):
    """An ISO 3166 country code, shown as the country's name."""


class Percent(float):
    """A fraction shown as a percentage; `digits` None shows as many as the value needs (≤ 2)."""

    digits: int | None

    def __new__(cls, value: float, digits: int | None = None) -> Percent:
        number = super().__new__(cls, value)
        number.digits = digits
        return number


class Number(float):
    """A count or a score; `digits` None shows one decimal below 100 unless the value is whole."""

    digits: int | None

    def __new__(cls, value: float, digits: int | None = None) -> Number:
        number = super().__new__(cls, value)
        number.digits = digits
        return number


class Hours(float):
    """A number of hours, such as 38.5 h."""


class Money(float):
    """An amount in a currency."""

    currency: str

    def __new__(cls, value: float, currency: str) -> Money:
        amount = super().__new__(cls, value)
        amount.currency = currency
        return amount


class Items(tuple[Any, ...]):
    """Several values shown as a list in the locale's words: "A, B and C" or "A, B et C"."""


class Weeks(tuple[int, ...]):
    """Week numbers (1 = the plan's first week) shown with runs joined: 1–4, 9, 20."""


def render(lang: str, key: str, params: Mapping[str, Any]) -> str:
    """The message `key` in `lang`, its parameters formatted for the locale."""
    return t(lang, key, **{name: show(value, lang) for name, value in params.items()})


def show(value: Any, lang: str) -> str:
    """One parameter as text in `lang` (see the types above; other values as str())."""
    if isinstance(value, Term):
        return render(lang, value.key, value.params)
    if isinstance(value, Quoted):
        return _quoted(str(value), lang)
    if isinstance(value, Country):
        return str(Locale.parse(babel_locale(lang)).territories.get(str(value), str(value)))
    if isinstance(value, (Items, list)):
        return format_list([show(v, lang) for v in value], locale=babel_locale(lang))
    if isinstance(value, Weeks):
        return _runs(tuple(value))
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Percent):
        return fmt_percent(
            value, lang, _percent_digits(value) if value.digits is None else value.digits
        )
    if isinstance(value, Money):
        return fmt_money(value, value.currency, lang, 0 if abs(value) >= 100 else 2)
    if isinstance(value, Hours):
        return f"{fmt_number(value, lang, _auto_digits(value))}\u00a0h"
    if isinstance(value, Number):
        return fmt_number(
            value, lang, _auto_digits(value) if value.digits is None else value.digits
        )
    if isinstance(value, Integral):
        return fmt_number(int(value), lang, 0)
    if isinstance(value, Real):
        return fmt_number(float(value), lang, _auto_digits(float(value)))
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    return str(value)


def _quoted(text: str, lang: str) -> str:
    return f"«\u00a0{text}\u00a0»" if lang == "fr" else f"“{text}”"


def _auto_digits(value: float) -> int:
    if not math.isfinite(value) or abs(value) >= 100 or abs(value - round(value)) < 0.05:
        return 0
    return 1


def _percent_digits(value: float) -> int:
    """The fewest decimals (≤ 2) that show the percentage as precisely as two decimals do."""
    if not math.isfinite(value):
        return 0
    exact = round(value * 100, 2)
    return next(d for d in (0, 1, 2) if math.isclose(round(value * 100, d), exact, abs_tol=1e-9))


def _runs(weeks: tuple[int, ...]) -> str:
    """(1, 2, 3, 4, 9) -> '1–4, 9'; two neighbours stay apart: (19, 20) -> '19, 20'."""
    parts: list[str] = []
    ordered = sorted(set(weeks))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{ordered[i]}–{ordered[j]}")
        else:
            parts.extend(str(w) for w in ordered[i : j + 1])
        i = j + 1
    return ", ".join(parts)


def digits_apart(value: float, other: float, most: int = 2) -> int:
    """The fewest decimals (≤ most) that do not show two different values as the same number."""
    for digits in range(most + 1):
        if value == other or round(value, digits) != round(other, digits):
            return digits
    return most


# BANT ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why a lead is, or is not, qualified: a message code and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        """The reason as one sentence in `lang`."""
        prefix = "bant" if self.code.startswith("rule") else "bant.reason"
        return render(lang, f"{prefix}.{self.code}", self.params)


@dataclass(frozen=True)
class Qualification:
    """The verdict on one prospect: score on 100, qualified or not, and why."""

    score: float
    qualified: bool
    reasons: tuple[Reason, ...]


class InvalidAnswer(ValueError):
    """An answer that is not on the 0-3 scale, or for a criterion that BANT does not have."""

    def __init__(self, criterion: str, value: Any) -> None:
        self.criterion = criterion
        self.value = value
        if criterion in CRITERIA:
            text = f"BANT answer for {criterion} must be 0, 1, 2 or 3 (got {value!r})"
        else:
            text = f"{criterion!r} is not a BANT criterion; use one of {', '.join(CRITERIA)}"
        super().__init__(text)

    def message(self, lang: str) -> str:
        """The problem in `lang`, naming the criterion."""
        if self.criterion not in CRITERIA:
            return t(lang, "bant.error.unknown_criterion", criterion=self.criterion)
        return t(
            lang,
            "bant.error.answer",
            criterion=criterion_label(self.criterion, lang),
            value=str(self.value),
        )


def criterion_label(criterion: str, lang: str) -> str:
    """Budget, Authority, Need or Timing, in `lang`."""
    return t(lang, f"bant.criterion.{criterion}")


def answer_label(answer: int, lang: str) -> str:
    """no, unclear, partly or yes, in `lang`."""
    return t(lang, f"bant.answer.{answer}")


def criterion(grid: BantGrid, name: str) -> BantCriterion:
    """The grid's question, weight and threshold for one criterion."""
    if name not in CRITERIA:
        raise InvalidAnswer(name, None)
    found: BantCriterion = getattr(grid, name)
    return found


def score(grid: BantGrid, answers: Mapping[str, int | None]) -> float:
    """Weighted score on 100: sum(weight × answer / 3) / sum(weights) × 100."""
    values = _answers(answers)
    weights = {c: criterion(grid, c).weight for c in CRITERIA}
    total = sum(weights.values())
    return sum(weights[c] * values[c] for c in CRITERIA) / (TOP_ANSWER * total) * 100.0


def qualify(grid: BantGrid, answers: Mapping[str, int | None]) -> Qualification:
    """Score one prospect's answers against the grid and say why it is qualified or not.

    A missing (or None) answer counts as 0; an answer off the 0-3 scale, or for an unknown
    criterion, raises InvalidAnswer (a ValueError) naming the criterion.
    """
    values = _answers(answers)
    value = score(grid, values)
    bar = grid.qualified_score
    shown = Number(value, digits_apart(value, bar))
    below = [c for c in CRITERIA if values[c] < criterion(grid, c).threshold]
    meets_bar = value >= bar - _SCORE_EPSILON
    reasons = [_below_threshold(grid, c, values[c]) for c in below]
    if not meets_bar:
        reasons.append(Reason("below_score", {"score": shown, "bar": Number(bar)}))
    if not reasons:
        reasons.append(Reason("qualified", {"score": shown, "bar": Number(bar)}))
    return Qualification(score=value, qualified=meets_bar and not below, reasons=tuple(reasons))


def qualification_rule(grid: BantGrid) -> Reason:
    """The grid's rule for a qualified lead, as a sentence: the bar and each minimum."""
    bar = Number(grid.qualified_score)
    minimums = [
        Term(
            name,
            "bant.rule_item",
            criterion=Term(name, f"bant.criterion.{name}"),
            threshold=criterion(grid, name).threshold,
            label=Term(name, f"bant.answer.{criterion(grid, name).threshold}"),
        )
        for name in CRITERIA
        if criterion(grid, name).threshold > 0
    ]
    if not minimums:
        return Reason("rule_no_minimum", {"bar": bar})
    return Reason("rule", {"bar": bar, "minimums": Items(minimums)})


def _below_threshold(grid: BantGrid, name: str, answer: int) -> Reason:
    threshold = criterion(grid, name).threshold
    return Reason(
        "below_threshold",
        {
            "criterion": Term(name, f"bant.criterion.{name}"),
            "answer": answer,
            "answer_label": Term(str(answer), f"bant.answer.{answer}"),
            "threshold": threshold,
            "threshold_label": Term(str(threshold), f"bant.answer.{threshold}"),
        },
    )


def _answers(answers: Mapping[str, int | None]) -> dict[str, int]:
    unknown = sorted(set(answers) - set(CRITERIA))
    if unknown:
        raise InvalidAnswer(unknown[0], answers[unknown[0]])
    return {c: _answer(c, answers.get(c)) for c in CRITERIA}


def _answer(name: str, value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InvalidAnswer(name, value)
    number = float(value)
    if not number.is_integer() or int(number) not in ANSWERS:
        raise InvalidAnswer(name, value)
    return int(number)
