"""The cadence to take away: a batch's or a prospect's touches as an .ics calendar download."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from planner.compliance.opposition import is_opposed
from planner.compliance.territories import METROPOLITAN, TERRITORIES
from planner.core.problems import InvalidInput
from planner.plan.model import ChannelKind, Market, Plan
from planner.share import export_name
from planner.share.cadence import cadence_calendar
from planner.storage.opposition import opposition_digests
from ui.fields import date_format
from ui.shell import PageContext, plain

ICS = "text/calendar"


def calendar_download(page: PageContext, plan: Plan) -> None:
    """First day and prospect, then the .ics download of the cadence (built when clicked)."""
    if not plan.cadence:
        st.caption(page.t("calendar.none"))
        return
    calls = _calls_consumers(plan)
    widths = [1, 2, 2, 2] if calls else [1, 2, 2]
    left, right, *where, button = st.columns(widths, vertical_alignment="bottom")
    first_day = left.date_input(
        page.t("calendar.first_day"),
        max(plan.meta.start_date, dt.date.today()),
        key="cadence_first_day",
        format=date_format(page.lang),
    )
    prospect = right.text_input(
        page.t("calendar.prospect"), key="cadence_prospect", help=page.t("calendar.prospect_help")
    )
    place = METROPOLITAN
    if where:
        codes = list(TERRITORIES)
        code = where[0].selectbox(
            page.t("calendar.territory"),
            codes,
            index=codes.index(METROPOLITAN.code),
            format_func=lambda c: TERRITORIES[c].name(page.lang),
            key="cadence_territory",
            help=page.t("calendar.territory_help"),
        )
        place = TERRITORIES[str(code)]
    if not isinstance(first_day, dt.date):
        return
    if is_opposed(prospect, opposition_digests(page.engine)):
        st.error(page.t("opposition.export_refused", who=plain(prospect)), icon=":material/block:")
        return
    try:  # built now: a small file, and a refusal is shown here rather than on click
        data = cadence_calendar(plan, first_day, page.lang, prospect, place=place)
    except InvalidInput as refused:
        st.error("\n\n".join(refused.messages(page.lang)), icon=":material/event_busy:")
        return
    name = plan.meta.name if not prospect.strip() else f"{plan.meta.name} {prospect}"
    button.download_button(
        page.t("calendar.download"),
        data=data,
        file_name=export_name(name, "ics"),
        mime=ICS,
        key="cadence_ics",
        icon=":material/calendar_month:",
        help=page.t("calendar.download_help"),
        on_click="ignore",
    )


def _calls_consumers(plan: Plan) -> bool:
    """True when the cadence calls consumers: then the prospect's territory sets the slots."""
    phones = {c.id for c in plan.channels if c.kind is ChannelKind.PHONE}
    return plan.meta.market is Market.B2C and any(s.channel_id in phones for s in plan.cadence)
