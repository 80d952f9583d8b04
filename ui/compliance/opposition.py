"""Workspace, the opposition list (GD-03): people who objected, added by hand or from a file
(own opt-outs, a Bloctel-cleaned file), kept as digests and excluded from imports."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from planner.compliance.opposition import ContactKey, contact_key, contacts_of
from planner.compliance.rules import rule
from planner.core.i18n import fmt_date, fmt_number, plural
from planner.core.problems import InvalidInput
from planner.storage.opposition import Reason, add_opposition, opposition_summary
from planner.tracking.reading import read_table
from ui.fields import date_format
from ui.shell import PageContext, plain

BLOCTEL_DAYS = 30  # a Bloctel cleaning is valid for 30 days (ex-R.121-7-5; PH-01)
_SHOWN = 10


def opposition_panel(page: PageContext) -> None:
    """The list's size, the Bloctel reminder, and the two ways to add people to it."""
    summary = opposition_summary(page.engine)
    st.caption(page.t("opposition.intro"))
    st.metric(page.t("opposition.total"), fmt_number(summary.total, page.lang))
    today = dt.date.today()
    if summary.last_bloctel and (today - summary.last_bloctel).days > BLOCTEL_DAYS:
        st.warning(
            page.t("opposition.bloctel_old", date=fmt_date(summary.last_bloctel, page.lang)),
            icon=":material/event_busy:",
        )
    typed, upload = st.tabs([page.t("opposition.typed_tab"), page.t("opposition.file_tab")])
    with typed:
        _typed(page, today)
    with upload:
        _from_file(page, today)


def _typed(page: PageContext, today: dt.date) -> None:
    with st.form("opposition_typed", clear_on_submit=False, border=False):
        text = st.text_area(page.t("opposition.lines"), key="opposition_lines", height=120)
        sent = st.form_submit_button(page.t("opposition.add"), icon=":material/block:")
    if not sent:
        return
    keys, unread = contacts_of(text.splitlines())
    if unread:
        lines = [page.t("opposition.unread", line=u.line, text=u.text) for u in unread[:_SHOWN]]
        more = len(unread) - _SHOWN
        if more > 0:
            lines.append(plural(page.lang, "opposition.more", more))
        st.error(
            plain("\n".join([page.t("opposition.nothing_added"), *lines])), icon=":material/block:"
        )
        return
    _add(page, keys, "opt_out", page.t("opposition.typed_source"), today)


def _from_file(page: PageContext, today: dt.date) -> None:
    upload = st.file_uploader(
        page.t("opposition.file"), type=["csv", "xlsx", "txt"], key="opposition_file"
    )
    left, right = st.columns(2)
    reason = left.radio(
        page.t("opposition.reason"),
        ["opt_out", "bloctel"],
        format_func=lambda r: page.t(f"opposition.reason_{r}"),
        key="opposition_reason",
        help=page.t("opposition.reason_help", source=rule("PH-01").source),
    )
    day = right.date_input(
        page.t("opposition.file_date"), today, key="opposition_day", format=date_format(page.lang)
    )
    if upload is None or not isinstance(day, dt.date):
        return
    if not st.button(
        page.t("opposition.add_file"), key="opposition_add_file", icon=":material/block:"
    ):
        return
    try:
        table = read_table(upload.getvalue(), upload.name)
    except InvalidInput as refused:
        st.error(plain("\n".join(refused.messages(page.lang))), icon=":material/block:")
        return
    keys, skipped = _file_contacts(table.frame)
    if not keys:
        st.error(page.t("opposition.no_contact", file=upload.name), icon=":material/block:")
        return
    if skipped:
        st.caption(plural(page.lang, "opposition.skipped", skipped))
    _add(page, keys, "bloctel" if reason == "bloctel" else "opt_out", upload.name, day)


def _file_contacts(frame: pd.DataFrame) -> tuple[list[ContactKey], int]:
    """The e-mails and numbers of the columns that mostly hold them, and the cells skipped."""
    keys: list[ContactKey] = []
    skipped = 0
    for column in frame.columns:
        cells = [str(v) for v in frame[column].dropna() if str(v).strip()]
        found = [k for k in map(contact_key, cells) if k is not None and k.kind != "name"]
        if cells and len(found) * 2 >= len(cells):
            keys += found
            skipped += len(cells) - len(found)
    return keys, skipped


def _add(
    page: PageContext, keys: list[ContactKey], reason: Reason, source: str, on: dt.date
) -> None:
    added = add_opposition(page.engine, keys, reason, source, on)
    known = len({k.digest for k in keys}) - added
    st.success(
        plural(page.lang, "opposition.added", added, known=fmt_number(known, page.lang)),
        icon=":material/block:",
    )
