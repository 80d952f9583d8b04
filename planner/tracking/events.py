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
COLUMNS: tuple[str, ...] = (
    "date",
    "prospect",
    "channel",
    "event",
    "amount",
    "segment",
    "rep",
    "variant",
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
        }
    )
