"""The cadence as a calendar: each touch of a batch dated on working days, as an iCalendar file."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import icalendar
import numpy as np
from babel.dates import format_date

from planner.core.i18n import babel_locale, fmt_date, t
from planner.core.problems import InvalidInput, Problem
from planner.plan.calendar import public_holidays
from planner.plan.model import CadenceStep, Channel, Plan, Script
from planner.scripts.text import email_text

_UID_NAMESPACE = uuid.UUID("6f1c3d52-8a0b-4f8e-9a57-3c2d0e4b7a11")
PRODUCT_ID = "-//Prospection plan notebook//Cadence//EN"


@dataclass(frozen=True)
class DatedStep:
    """One touch of the cadence on its day: planned (first day + offset) and worked (moved off
    weekends and public holidays to the next working day)."""

    step: CadenceStep
    planned: dt.date
    day: dt.date
    channel: Channel | None
    script: Script | None

    @property
    def moved(self) -> bool:
        """The planned day was not worked: the touch moved to the next working day."""
        return self.day != self.planned


def cadence_days(plan: Plan, first_day: dt.date) -> list[DatedStep]:
    """The cadence of a batch whose first touch is on `first_day`, each step on a working day
    of the team (its week mask, the plan country's public holidays), in day order."""
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
    return [
        DatedStep(
            step,
            day,
            dt.date.fromisoformat(str(moved)),
            channels.get(step.channel_id),
            scripts.get(step.script_id) if step.script_id else None,
        )
        for step, day, moved in zip(steps, planned, worked, strict=True)
    ]


def cadence_calendar(
    plan: Plan,
    first_day: dt.date,
    lang: str,
    prospect: str = "",
    stamp: dt.datetime | None = None,
) -> bytes:
    """The cadence of one prospect (or a batch when `prospect` is empty) as iCalendar bytes: one
    all-day event per touch with its channel, action and script text."""
    prospect = " ".join(prospect.split())
    stamp = stamp or dt.datetime.now(dt.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    title = t(lang, "calendar.name", plan=plan.meta.name, who=_who(lang, prospect, first_day))
    calendar.add("x-wr-calname", title)
    for dated in cadence_days(plan, first_day):
        calendar.add_component(_event(plan, dated, first_day, lang, prospect, stamp))
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
                "calendar.moved",
                planned=_long_date(dated.planned, lang),
                day=_long_date(dated.day, lang),
            )
        )
    if dated.script is not None:
        variants = [dated.step.variant_id] if dated.step.variant_id else []
        text = email_text(dated.script, variant_ids=variants).text
        lines += ["", t(lang, "calendar.script", script=dated.script.name), text]
    return "\n".join(lines)


def _long_date(day: dt.date, lang: str) -> str:
    return format_date(day, format="full", locale=babel_locale(lang))
