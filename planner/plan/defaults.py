"""Default funnels for a new channel, by market and channel kind, from the benchmark catalogue."""

from __future__ import annotations

from collections.abc import Iterable

from planner.core.i18n import t
from planner.plan.benchmarks import benchmark_rate, delay
from planner.plan.editing import new_id
from planner.plan.model import Channel, ChannelKind, Delay, Market, Stage, StageKind

# (stage id, kind, benchmark key, median delay in days) per channel kind and market.
_B2B: dict[ChannelKind, list[tuple[str, StageKind, str, float]]] = {
    ChannelKind.PHONE: [
        ("conversation", StageKind.CONVERSATION, "cold_call.connect", 0.0),
        ("meeting_booked", StageKind.MEETING_BOOKED, "cold_call.meeting", 0.0),
    ],
    ChannelKind.EMAIL: [
        ("reply", StageKind.REPLY, "email.reply", 2.0),
        ("meeting_booked", StageKind.MEETING_BOOKED, "email.reply_to_meeting", 3.0),
    ],
    ChannelKind.LINKEDIN: [
        ("accepted", StageKind.CONNECTION, "linkedin.acceptance", 3.0),
        ("reply", StageKind.REPLY, "linkedin.reply", 4.0),
        ("meeting_booked", StageKind.MEETING_BOOKED, "linkedin.reply_to_meeting", 3.0),
    ],
    ChannelKind.EVENTS: [
        ("meeting_booked", StageKind.MEETING_BOOKED, "events.conversation_to_meeting", 7.0),
    ],
    ChannelKind.REFERRAL: [
        ("introduction", StageKind.LEAD, "referral.introduction", 7.0),
        ("meeting_booked", StageKind.MEETING_BOOKED, "referral.lead_to_meeting", 5.0),
    ],
}
_B2B[ChannelKind.SOCIAL] = _B2B[ChannelKind.LINKEDIN]

_B2C: dict[ChannelKind, list[tuple[str, StageKind, str, float]]] = {
    ChannelKind.EMAIL: [
        ("visit", StageKind.VISIT, "b2c_email.click", 1.0),
        ("order", StageKind.WON, "ecommerce.conversion", 0.0),
    ],
    ChannelKind.SOCIAL: [
        ("visit", StageKind.VISIT, "social.click", 1.0),
        ("order", StageKind.WON, "ecommerce.conversion", 0.0),
    ],
    ChannelKind.SMS: [
        ("visit", StageKind.VISIT, "b2c_email.click", 0.0),
        ("order", StageKind.WON, "ecommerce.conversion", 0.0),
    ],
    ChannelKind.WEB: [("order", StageKind.WON, "ecommerce.conversion", 0.0)],
    ChannelKind.EVENTS: [("stand_purchase", StageKind.WON, "events.stand_purchase", 0.0)],
}

# Minutes per activity a new channel starts with (a dial, an e-mail, a message, an event contact).
MINUTES: dict[ChannelKind, float] = {
    ChannelKind.PHONE: 3.0,
    ChannelKind.EMAIL: 3.0,
    ChannelKind.LINKEDIN: 4.0,
    ChannelKind.SOCIAL: 4.0,
    ChannelKind.EVENTS: 30.0,
    ChannelKind.REFERRAL: 15.0,
    ChannelKind.SMS: 0.5,
    ChannelKind.WEB: 0.0,
    ChannelKind.OTHER: 5.0,
}


def channel_kinds(market: Market) -> tuple[ChannelKind, ...]:
    """Channel kinds that fit a market (SMS to consumers only, LinkedIn to businesses only)."""
    if market is Market.B2B:
        return tuple(k for k in ChannelKind if k not in (ChannelKind.SMS, ChannelKind.WEB))
    return tuple(k for k in ChannelKind if k is not ChannelKind.LINKEDIN)


def default_stages(kind: ChannelKind, market: Market, lang: str) -> list[Stage]:
    """The channel's own funnel stages prefilled from benchmarks, with definitions and sources."""
    table = _B2B if market is Market.B2B else _B2C
    return [
        Stage(
            id=stage_id,
            name=t(lang, f"stage.{stage_id}"),
            kind=stage_kind,
            rate=benchmark_rate(key, lang),
            delay=Delay(median_days=days, log_sd=0.6),
        )
        for stage_id, stage_kind, key, days in table.get(kind, [])
    ]


def default_pipeline(
    market: Market,
    lang: str,
    win: str = "pipeline.win.smb_mid_market",
    won_delay: str = "pipeline.opportunity_to_won.smb",
) -> list[Stage]:
    """The shared B2B pipeline after a meeting is booked: held → opportunity → won (none in B2C)."""
    if market is Market.B2C:
        return []
    steps = [
        ("meeting_held", StageKind.MEETING_HELD, "meeting.show", "meeting.booked_to_held"),
        (
            "opportunity",
            StageKind.OPPORTUNITY,
            "pipeline.meeting_to_opportunity",
            "pipeline.held_to_opportunity",
        ),
        ("won", StageKind.WON, win, won_delay),
    ]
    return [
        Stage(
            id=stage_id,
            name=t(lang, f"stage.{stage_id}"),
            kind=kind,
            rate=benchmark_rate(benchmark, lang),
            delay=delay(wait),
        )
        for stage_id, kind, benchmark, wait in steps
    ]


def new_channel(
    kind: ChannelKind, market: Market, lang: str, name: str, taken: Iterable[str]
) -> Channel:
    """A channel of this kind with benchmark stages, ready to receive a weekly volume."""
    stages = default_stages(kind, market, lang)
    return Channel(
        id=new_id(name or kind.value, taken),
        kind=kind,
        name=name or t(lang, f"channel_kind.{kind.value}"),
        activity_name=t(lang, f"channel_activity.{kind.value}"),
        activities_per_week=0.0,
        minutes_per_activity=MINUTES[kind],
        stages=stages,
        joins_pipeline=market is Market.B2B
        and any(s.kind is StageKind.MEETING_BOOKED for s in stages),
    )
