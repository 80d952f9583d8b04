"""Workshops and training: what the facilitator's board shows of each participant's plan.

Builds on planner.plan and planner.simulation. `board_row` sums up one participant's plan — its
main assumptions, the simulated revenue, the chance of its main objective, the activity it needs
(`activity_needed`), its SMART status — and `far_from_benchmarks` flags the rates far from the
sourced benchmarks; `challenged` applies a facilitator's `Challenge` (a what-if) to a copy of a
plan; `exercises` gives the trainers' exercises with their answer keys, `score` and `tally` mark
the answers.
"""

from planner.workshop.board import (
    NEEDED_CONFIDENCE,
    NEEDED_TRIALS,
    BoardRow,
    FarRate,
    activity_needed,
    board_row,
    far_from_benchmarks,
    main_objective,
)
from planner.workshop.challenges import Challenge, challenged
from planner.workshop.exercises import Exercise, ItemTally, exercise, exercises, score, tally

__all__ = [
    "NEEDED_CONFIDENCE",
    "NEEDED_TRIALS",
    "BoardRow",
    "Challenge",
    "Exercise",
    "FarRate",
    "ItemTally",
    "activity_needed",
    "board_row",
    "challenged",
    "exercise",
    "exercises",
    "far_from_benchmarks",
    "main_objective",
    "score",
    "tally",
]
