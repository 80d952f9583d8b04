"""The workspace's opposition list in the database: digests added once, read as a set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from planner.compliance.opposition import ContactKey
from planner.storage.schema import opposition

Reason = Literal["opt_out", "opposed", "bloctel"]


@dataclass(frozen=True)
class OppositionSummary:
    """How many people the list holds, by reason, and the day the last Bloctel file came in."""

    by_reason: dict[str, int]
    last_bloctel: dt.date | None

    @property
    def total(self) -> int:
        """People on the list."""
        return sum(self.by_reason.values())


def add_opposition(
    engine: Engine,
    keys: Iterable[ContactKey],
    reason: Reason,
    source: str,
    on: dt.date,
) -> int:
    """Put people on the list (one transaction); those already there keep their first entry.
    Returns how many were new."""
    wanted = {key.digest: key for key in keys}
    if not wanted:
        return 0
    with engine.begin() as conn:
        known = set(
            conn.scalars(
                sa.select(opposition.c.digest).where(opposition.c.digest.in_(list(wanted)))
            )
        )
        rows = [
            {
                "digest": digest,
                "kind": key.kind,
                "reason": reason,
                "recorded_on": on,
                "source": source[:200],
            }
            for digest, key in wanted.items()
            if digest not in known
        ]
        if rows:
            conn.execute(sa.insert(opposition), rows)
    return len(rows)


def opposition_digests(engine: Engine) -> frozenset[str]:
    """Every digest on the list."""
    with engine.connect() as conn:
        return frozenset(conn.scalars(sa.select(opposition.c.digest)))


def opposition_summary(engine: Engine) -> OppositionSummary:
    """Counts by reason and the day of the last Bloctel-cleaned file."""
    with engine.connect() as conn:
        counts = conn.execute(
            sa.select(opposition.c.reason, sa.func.count()).group_by(opposition.c.reason)
        ).all()
        last = conn.scalar(
            sa.select(sa.func.max(opposition.c.recorded_on)).where(opposition.c.reason == "bloctel")
        )
    return OppositionSummary({str(r): int(n) for r, n in counts}, last)
