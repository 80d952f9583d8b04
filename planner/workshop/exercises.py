"""The trainers' exercises: questions with an answer key, in French and in English.

Each language's exercises are a TOML file in exercise_data/ (the same exercises, items and keys in
both). `exercises(lang)` reads them; `score` marks one participant's answers; `tally` sums up a
room's answers item by item, for the board.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

DATA = Path(__file__).resolve().parent / "exercise_data"


class Item(BaseModel):
    """One question: its prompt, its choices, the right one and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prompt: str = Field(min_length=1)
    choices: tuple[str, ...] = Field(min_length=2)
    answer: int = Field(ge=0)
    why: str = ""
    arms: tuple[tuple[int, int], ...] = ()  # an A/B test's (conversions, prospects) per variant

    @model_validator(mode="after")
    def _answer_is_a_choice(self) -> Item:
        if self.answer >= len(self.choices):
            raise ValueError(f"answer {self.answer} is not one of {len(self.choices)} choices")
        return self


class Exercise(BaseModel):
    """An exercise on one method, with its items."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    method: str
    title: str
    intro: str
    item: tuple[Item, ...] = Field(min_length=1)

    @property
    def items(self) -> tuple[Item, ...]:
        """The questions, in order."""
        return self.item


@cache
def exercises(lang: str) -> tuple[Exercise, ...]:
    """The exercises written in `lang`, in the order of the file."""
    with (DATA / f"{lang}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(Exercise.model_validate(e) for e in data["exercise"])


def exercise(exercise_id: str, lang: str) -> Exercise:
    """One exercise by its id; KeyError if there is none."""
    for found in exercises(lang):
        if found.id == exercise_id:
            return found
    raise KeyError(exercise_id)


def score(chosen: Exercise, answers: Sequence[int | None]) -> int:
    """How many of the items were answered right (an unanswered item is wrong)."""
    return sum(1 for item, a in zip(chosen.items, answers, strict=False) if a == item.answer)


@dataclass(frozen=True)
class ItemTally:
    """A room's answers to one item: how many chose each choice, and how many were right."""

    counts: tuple[int, ...]
    right: int
    answered: int

    @property
    def right_share(self) -> float | None:
        """The share of those who answered that were right (None before anyone answered)."""
        return self.right / self.answered if self.answered else None


def tally(chosen: Exercise, answers: Mapping[str, Sequence[int | None]]) -> list[ItemTally]:
    """Each item's counts over every participant's answers (keyed by participant)."""
    found = []
    for index, item in enumerate(chosen.items):
        picks = [a[index] for a in answers.values() if index < len(a) and a[index] is not None]
        counts = tuple(sum(1 for p in picks if p == choice) for choice in range(len(item.choices)))
        found.append(ItemTally(counts, counts[item.answer], len(picks)))
    return found
