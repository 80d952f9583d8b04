"""Which funnel stages a log does not record: no event of the stage, yet events of a later one.

Many tools log activities and results but not every step between them (a CRM export without
connections, a log without conversations). A stage with no event while a later stage of the
same funnel has some was passed but not written down: reading it as a 0 % rate would flag it
as failing and drag the re-forecast to zero, so it is left unjudged instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from planner.tracking.prepared_log import KINDS, Ints

ACTIVITY = "activity"
OTHER = "other"  # a stage kind with no events of its own


def unrecorded(kinds: Sequence[str], counts: Mapping[str, int]) -> list[bool]:
    """For each stage kind of a funnel, in order: whether the log does not record it."""
    found = [kind != OTHER and counts.get(kind, 0) > 0 for kind in kinds]
    later = [any(found[i + 1 :]) for i in range(len(kinds))]
    return [
        kind != OTHER and not seen and after
        for kind, seen, after in zip(kinds, found, later, strict=True)
    ]


def unrecorded_steps(paths: Sequence[Sequence[str]], totals: Ints) -> set[tuple[int, str]]:
    """(channel index, kind) of each step a log does not record: `paths` gives each channel's
    stage kinds in order (its activities come first), `totals` the (channels, KINDS) counts."""
    found: set[tuple[int, str]] = set()
    for channel, path in enumerate(paths):
        steps = [ACTIVITY, *path]
        counts = {k: int(totals[channel, KINDS.index(k)]) for k in steps if k in KINDS}
        flags = unrecorded(steps, counts)
        found |= {(channel, k) for k, flag in zip(steps, flags, strict=True) if flag}
    return found
