"""The event log as integer codes and numbers, made once and read by every computation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.tracking.events import EventKind, with_all_columns

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

KINDS: tuple[str, ...] = tuple(kind.value for kind in EventKind)
KIND_CODE = {kind: i for i, kind in enumerate(KINDS)}
DIMENSIONS: tuple[str, ...] = ("channel", "segment", "rep")


@dataclass(frozen=True)
class PreparedLog:
    """An event log as integer codes and numbers, made once and reused by every computation."""

    day: Ints  # days since 1970-01-01
    kind: Ints  # index in KINDS, −1 for an unknown event
    prospect: Ints  # −1 without a prospect
    amount: Floats  # NaN without an amount
    codes: Mapping[str, Ints]  # channel, segment, rep, variant, deal, source: −1 when missing
    labels: Mapping[str, tuple[str, ...]]
    prospects: int
    implied: Bools | None = None  # rows added by planner.tracking.reach; None before it ran

    @property
    def explicit(self) -> Bools:
        """The rows the log itself holds (not implied by planner.tracking.reach)."""
        return np.ones(len(self.day), dtype=np.bool_) if self.implied is None else ~self.implied

    def __len__(self) -> int:
        return len(self.day)


def prepare_log(events: pd.DataFrame) -> PreparedLog:
    """Codes for an event-log frame: factorise each text column once."""
    events = with_all_columns(events)
    dates = pd.to_datetime(events["date"]).to_numpy(dtype="datetime64[D]")
    day = dates.astype(np.int64)
    kind_codes, kind_labels = pd.factorize(events["event"])
    lookup = np.array([KIND_CODE.get(str(k), -1) for k in kind_labels] + [-1], dtype=np.int64)
    kind = lookup[kind_codes]  # a missing event has code −1, the lookup's last entry
    prospect, prospect_labels = pd.factorize(events["prospect"])
    codes: dict[str, Ints] = {}
    labels: dict[str, tuple[str, ...]] = {}
    for column in (*DIMENSIONS, "variant", "deal", "source"):
        found, uniques = pd.factorize(events[column])
        codes[column] = found.astype(np.int64)
        labels[column] = tuple(str(u) for u in uniques)
    return PreparedLog(
        day=day,
        kind=kind,
        prospect=prospect.astype(np.int64),
        amount=pd.to_numeric(events["amount"]).to_numpy(dtype=np.float64, na_value=np.nan),
        codes=codes,
        labels=labels,
        prospects=len(prospect_labels),
    )
