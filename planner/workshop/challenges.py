"""Challenges a facilitator pushes to a room: a what-if tried on every participant's plan.

A challenge never changes a saved plan: `challenged` returns a copy, which the board simulates
beside the plan as saved ("before" and "after").
"""

from __future__ import annotations

from enum import StrEnum

from planner.plan.model import Channel, ChannelKind, Plan, Stage, StageKind
from planner.simulation.what_if import WhatIf, what_if_plan

# The first stage of a phone channel that says someone answered: the connection rate.
_ANSWERED = (StageKind.CONNECTION, StageKind.CONVERSATION)


class Challenge(StrEnum):
    """The what-ifs a room can be challenged with."""

    CONNECTION_HALVES = "connection_halves"  # the phone connection rate halves
    ONE_REP_LESS = "one_rep_less"  # a rep less: the activities of the others only
    RATES_DOWN = "rates_down"  # every conversion rate 20 % lower
    DEALS_SMALLER = "deals_smaller"  # the average deal 20 % smaller
    ACTIVITY_HALVES = "activity_halves"  # half the activities on every channel


def challenged(plan: Plan, challenge: Challenge) -> Plan:
    """A copy of the plan with the challenge applied (the saved plan is left as it is)."""
    match challenge:
        case Challenge.CONNECTION_HALVES:
            channels = [_connection_halved(c) for c in plan.channels]
            return plan.model_copy(update={"channels": channels})
        case Challenge.ONE_REP_LESS:
            reps = plan.team.reps
            share = (reps - 1) / reps if reps > 0 else 1.0
            volumes = tuple((c.id, share) for c in plan.channels)
            return what_if_plan(plan, WhatIf(volumes=volumes))
        case Challenge.RATES_DOWN:
            return what_if_plan(plan, WhatIf(conversion=0.8))
        case Challenge.DEALS_SMALLER:
            offer = plan.offer.model_copy(update={"deal_value": plan.offer.deal_value * 0.8})
            return plan.model_copy(update={"offer": offer})
        case Challenge.ACTIVITY_HALVES:
            volumes = tuple((c.id, 0.5) for c in plan.channels)
            return what_if_plan(plan, WhatIf(volumes=volumes))


def _connection_halved(channel: Channel) -> Channel:
    if channel.kind is not ChannelKind.PHONE:
        return channel
    stages = list(channel.stages)
    for i, stage in enumerate(stages):
        if stage.kind in _ANSWERED:
            stages[i] = _halved(stage)
            break
    return channel.model_copy(update={"stages": stages})


def _halved(stage: Stage) -> Stage:
    rate = stage.rate
    half = {f: getattr(rate, f) * 0.5 for f in ("low", "typical", "high")}
    return stage.model_copy(update={"rate": rate.model_copy(update=half)})
