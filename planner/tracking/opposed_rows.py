"""An import without the people on the opposition list (GD-03): their rows are left out, counted."""

from __future__ import annotations

import dataclasses
from collections.abc import Set

from planner.compliance.opposition import opposed
from planner.tracking.importing import ImportResult


def without_opposed(result: ImportResult, digests: Set[str]) -> ImportResult:
    """The import with every row naming an opposed person left out, and how many were."""
    if not digests or result.coded.empty:
        return result
    mask = opposed(result.coded["prospect"].astype("string"), frozenset(digests)).to_numpy()
    left_out = int(mask.sum())
    if not left_out:
        return result
    creations = int(mask[len(mask) - result.creations :].sum()) if result.creations else 0
    kept = result.coded[~mask].reset_index(drop=True)
    return dataclasses.replace(
        result,
        coded=kept,
        creations=result.creations - creations,
        opposed=result.opposed + left_out - creations,
    )
