"""How long prospect data may be kept (GD-05): 3 years from collection or from the prospect's last
contact towards us (a reply, a meeting; not an e-mail opened), then deleted."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

RETENTION_YEARS = 3
# Events that come from the prospect and so restart the clock. Our own touches (activity), a call
# picked up or an invitation accepted (connection), a loss and costs do not.
INBOUND = (
    "reply",
    "conversation",
    "visit",
    "lead",
    "meeting_booked",
    "meeting_held",
    "opportunity",
)
CUSTOMER = "won"  # a customer's data follow the contract, not the prospect rule


def retention_end(day: dt.date, years: int = RETENTION_YEARS) -> dt.date:
    """The last day data from `day` may be kept: the same date `years` later (28 February for
    a 29 February that the later year lacks)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def expired_prospects(events: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Prospects (not customers) whose data are past retention on `today`: collected (first
    event), last inbound contact, the last day they could be kept; oldest first."""
    named = events[events["prospect"].notna()]
    columns = ["prospect", "collected", "last_inbound", "kept_until"]
    if named.empty:
        return pd.DataFrame(columns=columns)
    codes, people = pd.factorize(named["prospect"].astype("string"))
    days = pd.to_datetime(named["date"]).dt.normalize().to_numpy(dtype="datetime64[ns]")
    kinds = named["event"].astype("string").to_numpy(dtype=object)
    frame = pd.DataFrame({"who": codes, "day": days})
    first = frame.groupby("who")["day"].min()
    inbound = frame[np.isin(kinds, INBOUND)].groupby("who")["day"].max().reindex(first.index)
    customers = np.unique(codes[kinds == CUSTOMER])
    start = np.maximum(first.to_numpy(), inbound.fillna(first).to_numpy())
    # Three years later; a 29 February becomes the 28th (pandas' year offset does so).
    kept_until = (pd.DatetimeIndex(start) + pd.DateOffset(years=RETENTION_YEARS)).normalize()
    expired = (kept_until < pd.Timestamp(today)) & ~np.isin(first.index.to_numpy(), customers)
    who = first.index.to_numpy()[expired]
    table = pd.DataFrame(
        {
            "prospect": pd.Series(people[who], dtype="string"),
            "collected": pd.DatetimeIndex(first.to_numpy()[expired]).date,
            "last_inbound": [
                d.date() if pd.notna(d) else None
                for d in pd.DatetimeIndex(inbound.to_numpy()[expired])
            ],
            "kept_until": kept_until[expired].date,
        }
    )
    return table.sort_values(["kept_until", "prospect"]).reset_index(drop=True)
