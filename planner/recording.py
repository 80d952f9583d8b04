"""Which funnel stages a log does not record: no event of the stage, yet events of a later one.

Many tools log activities and results but not every step between them (a CRM export without
connections, a log without conversations). A stage with no event while a later stage of the
same funnel has some was passed but not written down: reading it as a 0 % rate would flag it
as failing and drag the re-forecast to zero, so it is left unjudged instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

OTHER = "other"  # a stage kind with no events of its own


def unrecorded(kinds: Sequence[str], counts: Mapping[str, int]) -> list[bool]:
    """For each stage kind of a funnel, in order: whether the log does not record it."""
    found = [kind != OTHER and counts.get(kind, 0) > 0 for kind in kinds]
    later = [any(found[i + 1 :]) for i in range(len(kinds))]
    return [
        kind != OTHER and not seen and after
        for kind, seen, after in zip(kinds, found, later, strict=True)
    ]
