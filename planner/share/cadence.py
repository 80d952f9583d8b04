"""The cadence as a calendar: each touch of a batch dated on working days, as an iCalendar file;
calls to consumers at the next lawful call slot, on the prospect's clock (PH-03)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace

import icalendar
import numpy as np
from babel.dates import format_date

from planner.compliance.call_slots import next_call_slot, slot_rules
from planner.compliance.rules import Rule
from planner.compliance.territories import METROPOLITAN, Territory
from planner.core.i18n import babel_locale, fmt_date, t
from planner.core.problems import InvalidInput, Problem
from planner.plan.calendar import public_holidays
from planner.plan.model import CadenceStep, Channel, Market, Plan, Script
from planner.scripts.text import email_text

_UID_NAMESPACE = uuid.UUID("6f1c3d52-8a0b-4f8e-9a57-3c2d0e4b7a11")
PRODUCT_ID = "-//Prospection plan notebook//Cadence//EN"
SLOT_SEARCH_DAYS = 62  # how far a call may move to find a slot that the team works too
SHORTEST_CALL = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class DatedStep:
    """One touch of the cadence on its day: planned (first day + offset) and worked (moved off
    weekends and public holidays to the next working day)."""

    step: CadenceStep
    planned: dt.date
    day: dt.date
    channel: Channel | None
    script: Script | None
    call_at: dt.datetime | None = None  # a call to a consumer: its lawful slot, prospect's clock
    slot_rules: tuple[Rule, ...] = ()  # the rules that placed it
    place: Territory | None = None  # the prospect's territory, whose clock the call follows

    @property
    def moved(self) -> bool:
        """The planned day was not worked: the touch moved to the next working day."""
        return self.day != self.planned


def cadence_days(
    plan: Plan, first_day: dt.date, place: Territory = METROPOLITAN
) -> list[DatedStep]:
    """The cadence of a batch whose first touch is on `first_day`, each step on a working day
    of the team (its week mask, the plan country's public holidays), in day order.

    In B2C, a call also waits for the next lawful call slot in the prospect's territory
    (`place`: its time zone and public holidays) on a day the team works.
    """
    if not plan.cadence:
        raise InvalidInput([Problem("cadence", "cadence_empty")])
    if "1" not in plan.team.working_days:
        raise InvalidInput([Problem("team.working_days", "no_working_day")])
    steps = sorted(plan.cadence, key=lambda s: s.day_offset)
    planned = [first_day + dt.timedelta(days=s.day_offset) for s in steps]
    days_off = public_holidays(plan.meta.country, first_day.year, planned[-1].year + 1)
    worked = np.busday_offset(
        np.array(planned, dtype="datetime64[D]"),
        0,
        roll="forward",
        weekmask=plan.team.working_days,
        holidays=np.array(days_off, dtype="datetime64[D]"),
    )
    channels = {c.id: c for c in plan.channels}
    scripts = {s.id: s for s in plan.scripts}
    dated = [
        DatedStep(
            step,
            day,
            dt.date.fromisoformat(str(moved)),
            channels.get(step.channel_id),
            scripts.get(step.script_id) if step.script_id else None,
        )
        for step, day, moved in zip(steps, planned, worked, strict=True)
    ]
    return [_in_call_slot(plan, d, place, days_off) for d in dated]


def _in_call_slot(
    plan: Plan, dated: DatedStep, place: Territory, days_off: tuple[dt.date, ...]
) -> DatedStep:
    """The step at the first lawful call slot on or after its day that the team works, when it
    is a call to consumers; the step as it was otherwise."""
    if dated.channel is None or plan.meta.market is not Market.B2C:
        return dated
    kind = dated.channel.kind
    rules = tuple(r for r in slot_rules(dated.day, Market.B2C) if kind in r.channels)
    if not rules:
        return dated
    off = set(days_off)
    start = dt.datetime.combine(dated.day, dt.time(0, 0), tzinfo=place.zone)
    last = dated.day + dt.timedelta(days=SLOT_SEARCH_DAYS)
    while start.date() <= last:
        slot = next_call_slot(start, place, Market.B2C, rules)
        if slot is None:
            break
        day = slot.date()
        if plan.team.working_days[day.weekday()] == "1" and day not in off:
            return replace(dated, day=day, call_at=slot, slot_rules=rules, place=place)
        start = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=place.zone)
    raise InvalidInput([Problem("team.working_days", "no_call_slot")])


def cadence_calendar(
    plan: Plan,
    first_day: dt.date,
    lang: str,
    prospect: str = "",
    stamp: dt.datetime | None = None,
    place: Territory = METROPOLITAN,
) -> bytes:
    """The cadence of one prospect (or a batch when `prospect` is empty) as iCalendar bytes: one
    all-day event per touch with its channel, action and script text; a call to a consumer is
    an event at its lawful slot in the time zone of the prospect's territory (`place`)."""
    prospect = " ".join(prospect.split())
    stamp = stamp or dt.datetime.now(dt.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    title = t(lang, "calendar.name", plan=plan.meta.name, who=_who(lang, prospect, first_day))
    calendar.add("x-wr-calname", title)
    for dated in cadence_days(plan, first_day, place):
        calendar.add_component(_event(plan, dated, first_day, lang, prospect, stamp))
    calendar.add_missing_timezones()  # a VTIMEZONE for each zone a call is in
    ics: bytes = calendar.to_ical()
    return ics


def _who(lang: str, prospect: str, first_day: dt.date) -> str:
    if prospect:
        return prospect
    return t(lang, "calendar.batch", date=fmt_date(first_day, lang))


def _event(
    plan: Plan,
    dated: DatedStep,
    first_day: dt.date,
    lang: str,
    prospect: str,
    stamp: dt.datetime,
) -> icalendar.Event:
    step = dated.step
    channel = dated.channel.name if dated.channel else step.channel_id
    what = step.action.strip() or (dated.script.name if dated.script else channel)
    summary = t(lang, "calendar.summary", day=step.day_offset, channel=channel, action=what)
    event = icalendar.Event()
    key = "|".join((plan.meta.name, step.id, first_day.isoformat(), prospect))
    event.add("uid", f"{uuid.uuid5(_UID_NAMESPACE, key)}@prospection-plan")
    event.add("dtstamp", stamp)
    if dated.call_at is not None:  # a call: at its slot, for as long as a call takes
        minutes = dt.timedelta(minutes=dated.channel.minutes_per_activity if dated.channel else 0)
        event.add("dtstart", dated.call_at)
        event.add("dtend", dated.call_at + max(minutes, SHORTEST_CALL))
    else:
        event.add("dtstart", dated.day)
        event.add("dtend", dated.day + dt.timedelta(days=1))
    event.add("summary", f"{summary} — {prospect}" if prospect else summary)
    event.add("description", _description(dated, lang, channel))
    event.add("categories", [channel])
    event.add("transp", "TRANSPARENT")  # a reminder of the day's touch: it does not block time
    return event


def _description(dated: DatedStep, lang: str, channel: str) -> str:
    lines = [t(lang, "calendar.channel", channel=channel)]
    if dated.step.action.strip():
        lines.append(t(lang, "calendar.action", action=dated.step.action.strip()))
    if dated.moved:
        lines.append(
            t(
                lang,
                "calendar.moved_to_slot" if dated.call_at else "calendar.moved",
                planned=_long_date(dated.planned, lang),
                day=_long_date(dated.day, lang),
            )
        )
    if dated.call_at is not None:
        lines.append(_slot_line(dated, dated.call_at, lang))
    if dated.script is not None:
        variants = [dated.step.variant_id] if dated.step.variant_id else []
        text = email_text(dated.script, variant_ids=variants).text
        lines += ["", t(lang, "calendar.script", script=dated.script.name), text]
    return "\n".join(lines)


def _slot_line(dated: DatedStep, at: dt.datetime, lang: str) -> str:
    """When the call is, on whose clock, and the slots that the law allows."""
    windows = [w for r in dated.slot_rules for w in r.params["windows"]]
    return t(
        lang,
        "calendar.call_slot",
        time=at.strftime("%H:%M"),
        where=dated.place.name(lang) if dated.place else str(at.tzinfo),
        windows=", ".join(f"{start}–{end}" for start, end in windows),
        source="; ".join(r.source for r in dated.slot_rules),
    )


def _long_date(day: dt.date, lang: str) -> str:
    return format_date(day, format="full", locale=babel_locale(lang))
