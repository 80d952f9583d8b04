"""Stages a prospect reached without a row saying so: a deal won was also an opportunity.

A CRM export holds each deal once, at its current stage, and an event log may skip steps. For
a named prospect, an event at a stage of its channel's funnel means it went through every
earlier stage of that funnel: each earlier stage without an event of its own gets one, implied,
dated the first day the prospect reached a later stage, provided the channel records that stage
at all. Stage counts then read as how many prospects reached each stage, and a stage's rate
stays a share. Activities, costs and unnamed events imply nothing; implied events carry no
amount.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from planner.plan.model import Plan, StageKind
from planner.tracking.prepared_log import KINDS, Bools, Ints, PreparedLog

_NEVER = np.iinfo(np.int64).max


def with_reached_stages(log: PreparedLog, plan: Plan) -> PreparedLog:
    """The log and, after its rows, the events its named prospects imply (`implied` marks
    them); a log that already went through this is returned as it is."""
    if log.implied is not None:
        return log
    channel_labels = log.labels["channel"]
    parts = []
    for channel in plan.channels:
        if channel.id not in channel_labels:
            continue
        kinds = [s.kind.value for s in plan.funnel(channel) if s.kind != StageKind.OTHER]
        parts.append(_implied_rows(log, channel_labels.index(channel.id), kinds))
    rows = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
    kinds_added = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.int64)
    days = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0, np.int64)
    implied = np.zeros(len(log) + len(rows), dtype=np.bool_)
    implied[len(log) :] = True
    return dataclasses.replace(
        log,
        day=np.concatenate([log.day, days]),
        kind=np.concatenate([log.kind, kinds_added]),
        prospect=np.concatenate([log.prospect, log.prospect[rows]]),
        amount=np.concatenate([log.amount, np.full(len(rows), np.nan)]),
        codes={name: np.concatenate([codes, codes[rows]]) for name, codes in log.codes.items()},
        implied=implied,
    )


def _implied_rows(log: PreparedLog, channel: int, kinds: list[str]) -> tuple[Ints, Ints, Ints]:
    """For one channel whose funnel has these stage kinds in order: for each implied event,
    the log row it copies (prospect, channel, segment, rep, variant), its kind and its day.
    Only stages the channel records (some event of their own) are filled in: a stage the data
    never record stays empty (see planner.tracking.recording)."""
    on_channel = log.codes["channel"] == channel
    recorded = np.bincount(log.kind[on_channel & (log.kind >= 0)], minlength=len(KINDS)) > 0
    kinds = [kind for kind in kinds if recorded[KINDS.index(kind)]]
    position = np.full(len(KINDS) + 1, -1, dtype=np.int64)  # kind code −1 → the last slot
    for i, kind in enumerate(kinds):
        position[KINDS.index(kind)] = i
    stage = position[log.kind]
    rows: Bools = on_channel & (log.prospect >= 0) & (stage >= 0)
    if not rows.any():
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    at = np.flatnonzero(rows)
    prospects, who = np.unique(log.prospect[at], return_inverse=True)
    first = np.full((len(prospects), len(kinds)), _NEVER, dtype=np.int64)
    np.minimum.at(first, (who, stage[at]), log.day[at])
    reached = np.minimum.accumulate(first[:, ::-1], axis=1)[:, ::-1]
    missing_p, missing_s = np.nonzero((first == _NEVER) & (reached != _NEVER))
    source = np.empty(len(prospects), dtype=np.int64)
    source[who] = at  # a row of each prospect on this channel, to copy its other codes from
    kind_codes = np.array([KINDS.index(k) for k in kinds], dtype=np.int64)
    return source[missing_p], kind_codes[missing_s], reached[missing_p, missing_s]
