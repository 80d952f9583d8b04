"""The event log of actual prospection: one row per thing that happened to a prospect."""

from __future__ import annotations

from enum import StrEnum

import pandas as pd


class EventKind(StrEnum):
    """What happened: an activity, a step of the funnel, a loss, or a cost."""

    ACTIVITY = "activity"
    CONNECTION = "connection"
    CONVERSATION = "conversation"
    REPLY = "reply"
    VISIT = "visit"
    LEAD = "lead"
    MEETING_BOOKED = "meeting_booked"
    MEETING_HELD = "meeting_held"
    OPPORTUNITY = "opportunity"
    WON = "won"
    LOST = "lost"
    COST = "cost"


# Columns of an event log, in order. `amount` is revenue for WON, money spent for COST.
# `deal` names the CRM deal a row belongs to (its id in the export, or its file and row when the
# export has none); missing for other logs. A prospect of a deal export is the deal's account.
# `source` is the lead source or acquisition channel as the file wrote it ("Organic Search"),
# kept beside the plan channel it was mapped to; missing when the file has none.
COLUMNS: tuple[str, ...] = (
    "date",
    "prospect",
    "channel",
    "event",
    "amount",
    "segment",
    "rep",
    "variant",
    "deal",
    "source",
)
REQUIRED: tuple[str, ...] = ("date", "channel", "event")


def empty_log() -> pd.DataFrame:
    """An event log with no rows and the right column types."""
    return pd.DataFrame(
        {
            "date": pd.Series(dtype="datetime64[ns]"),
            "prospect": pd.Series(dtype="string"),
            "channel": pd.Series(dtype="string"),
            "event": pd.Series(dtype="string"),
            "amount": pd.Series(dtype="float64"),
            "segment": pd.Series(dtype="string"),
            "rep": pd.Series(dtype="string"),
            "variant": pd.Series(dtype="string"),
            "deal": pd.Series(dtype="string"),
            "source": pd.Series(dtype="string"),
        }
    )


def with_all_columns(events: pd.DataFrame) -> pd.DataFrame:
    """An event-log frame with every column: one made before `deal` or
    `source` existed gets them, missing."""
    missing = [c for c in COLUMNS if c not in events.columns]
    if not missing:
        return events
    blank = {c: pd.Series(pd.NA, index=events.index, dtype="string") for c in missing}
    return events.assign(**blank)
