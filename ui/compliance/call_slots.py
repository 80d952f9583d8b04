"""When a consumer may be called (PH-03): a moment checked on the consumer's own clock and
holidays, found from their number or territory, and the next allowed slot."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import streamlit as st
from babel.dates import format_date

from planner.compliance.call_slots import call_slot_findings, next_call_slot
from planner.compliance.rules import rule
from planner.compliance.territories import (
    METROPOLITAN,
    TERRITORIES,
    Territory,
    territory_of_number,
)
from planner.core.i18n import babel_locale, t
from planner.plan.model import ChannelKind, Market, Plan, Script
from ui.fields import date_format
from ui.shell import PageContext, plain

CALLER_ZONE = ZoneInfo("Europe/Paris")  # the team calls from metropolitan France


def call_slot_checker(page: PageContext, plan: Plan, script: Script) -> None:
    """For a phone script: is a call allowed at a moment, and when is the next slot."""
    if plan.channel(script.channel_id).kind is not ChannelKind.PHONE:
        return
    st.subheader(page.t("callslot.title"), anchor=False)
    if plan.meta.market is not Market.B2C:
        st.caption(page.t("callslot.b2b"))
        return
    st.caption(page.t("callslot.intro"))
    place = _place(page)
    if place is None:
        return
    now = dt.datetime.now(CALLER_ZONE).replace(second=0, microsecond=0)
    day_col, time_col = st.columns(2)
    day = day_col.date_input(
        page.t("callslot.day"), now.date(), key="callslot_day", format=date_format(page.lang)
    )
    clock = time_col.time_input(page.t("callslot.time"), now.time(), key="callslot_time", step=900)
    if not isinstance(day, dt.date) or not isinstance(clock, dt.time):
        return
    moment = dt.datetime.combine(day, clock, tzinfo=CALLER_ZONE)
    local = moment.astimezone(place.zone)
    findings = call_slot_findings(moment, Market.B2C, place=place)
    where = place.name(page.lang)
    if findings:
        for finding in findings:
            st.warning(plain(finding.message(page.lang)), icon=":material/phone_disabled:")
    else:
        st.success(
            page.t("callslot.allowed", when=_when(local, page.lang), where=where),
            icon=":material/call:",
        )
    upcoming = next_call_slot(moment, place)
    if findings and upcoming is not None:
        st.info(
            page.t(
                "callslot.next",
                when=_when(upcoming, page.lang),
                where=where,
                yours=_when(upcoming.astimezone(CALLER_ZONE), page.lang),
            ),
            icon=":material/schedule:",
        )
    source = rule("PH-03").source
    st.caption(page.t("callslot.source", source=source))


def _place(page: PageContext) -> Territory | None:
    number = st.text_input(
        page.t("callslot.number"), key="callslot_number", help=page.t("callslot.number_help")
    )
    if number.strip():
        found = territory_of_number(number)
        if found is None:
            st.error(
                page.t("callslot.bad_number", number=number.strip()), icon=":material/dialpad:"
            )
            return None
        st.caption(page.t("callslot.from_number", where=found.name(page.lang)))
        return found
    codes = list(TERRITORIES)
    code = st.selectbox(
        page.t("callslot.territory"),
        codes,
        index=codes.index(METROPOLITAN.code),
        format_func=lambda c: TERRITORIES[c].name(page.lang),
        key="callslot_territory",
    )
    return TERRITORIES[str(code)]


def _when(moment: dt.datetime, lang: str) -> str:
    day = format_date(moment.date(), "full", locale=babel_locale(lang))
    return t(lang, "callslot.at", date=day, time=moment.strftime("%H:%M"))
