"""Contact limits on the event log (PH-04, art. D.223-9 C. consom.): at most 4 calls or attempts
per consumer in any 30 days, none for 60 days after a refusal during a call — who is locked, until
when, and the calls already made over the limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from planner.compliance.rules import Rule, rule
from planner.plan.model import ChannelKind, Plan
from planner.tracking.events import EventKind

Reason = Literal["attempts", "refusal"]
# Rows that show a call took place, although the export logged its outcome, not the dial.
_CALL_OUTCOMES = frozenset(
    {
        EventKind.CONNECTION,
        EventKind.CONVERSATION,
        EventKind.MEETING_BOOKED,
        EventKind.LOST,
    }
)


@dataclass(frozen=True)
class Limits:
    """The numbers of the rule: attempts allowed in a window of days, days of rest after a no."""

    attempts: int = 4
    window_days: int = 30
    cooldown_days: int = 60

    @classmethod
    def of(cls, item: Rule) -> Limits:
        """The limits a rule of the rules table gives (its params)."""
        return cls(
            int(item.params["attempts"]),
            int(item.params["window_days"]),
            int(item.params["cooldown_days"]),
        )


@dataclass(frozen=True)
class Lock:
    """A consumer who may not be called yet: why, since when, and the last locked day."""

    prospect: str
    reason: Reason
    since: dt.date
    until: dt.date
    attempts: int


@dataclass(frozen=True)
class Violation:
    """A day a consumer was called over the limits: the attempts counted in the window that day,
    or the refusal the call came too soon after."""

    prospect: str
    day: dt.date
    reason: Reason
    attempts: int
    refused_on: dt.date | None = None


@dataclass(frozen=True)
class ContactLimits:
    """Locks on a day and violations in the whole log, with the rows that could not be counted."""

    as_of: dt.date
    limits: Limits
    locks: tuple[Lock, ...]
    violations: tuple[Violation, ...]
    calls: int  # call days counted (per consumer and day)
    unnamed: int  # phone rows without a prospect: no consumer to count them against


def phone_channels(plan: Plan) -> set[str]:
    """Ids of the plan's phone channels, whose calls the limits count."""
    return {c.id for c in plan.channels if c.kind is ChannelKind.PHONE}


def contact_limits(
    events: pd.DataFrame,
    phones: Iterable[str],
    as_of: dt.date,
    refusals: Sequence[tuple[str, dt.date]] = (),
    limits: Limits | None = None,
) -> ContactLimits:
    """Who is locked on `as_of` and every call over the limits in the log.

    Calls are the phone channels' rows per prospect and day: the activity rows (each an attempt),
    or one attempt on a day that has only an outcome row. A refusal is a lost row on a phone
    channel, or one of `refusals` (prospect, day) — prospect cards closed "not interested".
    """
    limits = limits or Limits.of(rule("PH-04"))
    phone = events[events["channel"].isin(list(phones))]
    unnamed = int(phone["prospect"].isna().sum())
    phone = phone[phone["prospect"].notna()]
    calls = _calls_per_day(phone)
    refused = _refusals(phone, refusals)
    counted = _window_counts(calls, limits.window_days)
    violations = _attempt_violations(counted, limits) + _refusal_violations(calls, refused, limits)
    violations.sort(key=lambda v: (v.day, v.prospect))
    locks = _attempt_locks(calls, as_of, limits) + _refusal_locks(refused, as_of, limits)
    locks.sort(key=lambda lock: (lock.until, lock.prospect), reverse=True)
    return ContactLimits(as_of, limits, tuple(locks), tuple(violations), len(calls), unnamed)


def _calls_per_day(phone: pd.DataFrame) -> pd.DataFrame:
    """One row per prospect and day: the attempts made that day."""
    if phone.empty:
        return pd.DataFrame(
            {
                "prospect": pd.Series(dtype="string"),
                "day": pd.Series(dtype="datetime64[ns]"),
                "attempts": pd.Series(dtype="int64"),
            }
        )
    frame = pd.DataFrame(
        {
            "prospect": phone["prospect"].astype("string"),
            "day": _days(phone["date"]),
            "dial": (phone["event"] == EventKind.ACTIVITY.value).astype("int64"),
            "outcome": phone["event"].isin([k.value for k in _CALL_OUTCOMES]),
        }
    )
    days = frame.groupby(["prospect", "day"], sort=True).agg(
        dials=("dial", "sum"), outcome=("outcome", "any")
    )
    attempts = np.maximum(days["dials"].to_numpy(), days["outcome"].to_numpy().astype("int64"))
    out = days.reset_index().assign(attempts=attempts)
    return out[out["attempts"] > 0].reset_index(drop=True)[["prospect", "day", "attempts"]]


def _days(dates: pd.Series) -> pd.Series:
    """Dates as days at one resolution (files give s, us or ns: merges need one)."""
    return pd.to_datetime(dates).dt.normalize().astype("datetime64[ns]")


def _refusals(phone: pd.DataFrame, extra: Sequence[tuple[str, dt.date]]) -> pd.DataFrame:
    lost = phone[phone["event"] == EventKind.LOST.value]
    frame = pd.DataFrame(
        {
            "prospect": pd.concat(
                [
                    lost["prospect"].astype("string"),
                    pd.Series([p for p, _ in extra], dtype="string"),
                ],
                ignore_index=True,
            ),
            "day": pd.concat(
                [
                    _days(lost["date"]),
                    _days(pd.Series([pd.Timestamp(d) for _, d in extra], dtype="datetime64[ns]")),
                ],
                ignore_index=True,
            ),
        }
    )
    return frame.drop_duplicates().sort_values("day", kind="stable").reset_index(drop=True)


def _window_counts(calls: pd.DataFrame, window_days: int) -> pd.DataFrame:
    """Each call day with the attempts of the `window_days` days that end on it."""
    if calls.empty:
        return calls.assign(in_window=pd.Series(dtype="int64"))
    codes = pd.factorize(calls["prospect"])[0].astype("int64")
    days = calls["day"].to_numpy(dtype="datetime64[D]").astype("int64")
    span = days.max() - days.min() + window_days + 1
    keys = codes * span + (days - days.min())
    starts = keys - (window_days - 1)
    total = np.concatenate([[0], np.cumsum(calls["attempts"].to_numpy())])
    first = np.searchsorted(keys, starts, side="left")  # calls are sorted by prospect, day
    return calls.assign(in_window=total[np.arange(len(keys)) + 1] - total[first])


def _attempt_violations(counted: pd.DataFrame, limits: Limits) -> list[Violation]:
    over = counted[counted["in_window"] > limits.attempts]
    return [
        Violation(str(p), d.date(), "attempts", int(n))
        for p, d, n in zip(over["prospect"], over["day"], over["in_window"], strict=True)
    ]


def _refusal_violations(
    calls: pd.DataFrame, refused: pd.DataFrame, limits: Limits
) -> list[Violation]:
    if calls.empty or refused.empty:
        return []
    after = pd.merge_asof(
        calls.sort_values("day", kind="stable"),
        refused.rename(columns={"day": "refused_on"}),
        left_on="day",
        right_on="refused_on",
        by="prospect",
        allow_exact_matches=False,  # the call in which the prospect said no is not a new one
        direction="backward",
    )
    rest = (after["day"] - after["refused_on"]).dt.days
    soon = after[rest.notna() & (rest <= limits.cooldown_days)]
    return [
        Violation(str(p), d.date(), "refusal", int(n), r.date())
        for p, d, n, r in zip(
            soon["prospect"], soon["day"], soon["attempts"], soon["refused_on"], strict=True
        )
    ]


def _attempt_locks(calls: pd.DataFrame, as_of: dt.date, limits: Limits) -> list[Lock]:
    day = pd.Timestamp(as_of)
    recent = calls[
        (calls["day"] <= day) & (calls["day"] > day - pd.Timedelta(days=limits.window_days))
    ]
    totals = recent.groupby("prospect")["attempts"].sum()
    full = totals[totals >= limits.attempts]
    locked = recent[recent["prospect"].isin(full.index)].sort_values("day", ascending=False)
    locks: list[Lock] = []
    for prospect, mine in locked.groupby("prospect", sort=False):
        dates = np.repeat(mine["day"].to_numpy(), mine["attempts"].to_numpy())
        fourth = pd.Timestamp(dates[limits.attempts - 1]).date()  # the limit-th latest attempt
        until = fourth + dt.timedelta(days=limits.window_days - 1)
        locks.append(Lock(str(prospect), "attempts", fourth, until, int(totals[prospect])))
    return locks


def _refusal_locks(refused: pd.DataFrame, as_of: dt.date, limits: Limits) -> list[Lock]:
    day = pd.Timestamp(as_of)
    latest = refused[refused["day"] <= day].groupby("prospect")["day"].max()
    locks: list[Lock] = []
    for prospect, on in latest.items():
        until = on.date() + dt.timedelta(days=limits.cooldown_days)
        if until >= as_of:
            locks.append(Lock(str(prospect), "refusal", on.date(), until, 0))
    return locks
