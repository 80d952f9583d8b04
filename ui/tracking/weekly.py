"""Tracking step, weekly entry: a table of weeks and channels typed by hand, saved at each edit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from planner.core.i18n import fmt_money, fmt_number, plural
from planner.core.problems import InvalidInput
from planner.plan.model import Plan
from planner.storage.weekly import WeeklyChanged, save_weekly, weekly_snapshot
from planner.tracking.weekly import (
    CHANNEL,
    MONEY,
    WEEK,
    Measure,
    column_label,
    plan_measures,
    table_rows,
    totals,
    weeks_to_fill,
)
from planner.tracking.weekly_check import check_weeks, weekly_warnings
from ui.editing import has_edits, saved_table, show_problems, table
from ui.shell import PageContext, may_edit, plain

KEY = "trk_weekly"
_NOTES = "_trk_weekly_notes"  # what to tell after the rerun that follows a save
_SEEN = "_trk_weekly_seen"  # (plan id, version of the rows) the table last showed
_WARNINGS_SHOWN = 8


def _note(kind: str, text: str) -> None:
    st.session_state.setdefault(_NOTES, []).append((kind, text))


def _show_notes() -> None:
    for kind, text in st.session_state.pop(_NOTES, []):
        if kind == "success":
            st.success(text, icon=":material/check_circle:")
        elif kind == "warning":
            st.warning(text, icon=":material/sync_problem:")
        else:
            st.info(text, icon=":material/info:")


def _rows_list(page: PageContext, rows: tuple[int, ...]) -> str:
    return ", ".join(fmt_number(r, page.lang) for r in rows)


def measures_shown(plan: Plan, entries: pd.DataFrame) -> list[Measure]:
    """The plan's measures, and any other measure the saved rows hold, in the table's order."""
    held = set(entries["measure"].astype(str)) if not entries.empty else set()
    wanted = set(plan_measures(plan)) | {m for m in Measure if m.value in held}
    return [m for m in Measure if m in wanted]


def columns(page: PageContext, plan: Plan, measures: list[Measure], channels: list[str]) -> Any:
    """The editor's columns: the week, the channel and one number per measure."""
    names = {c.id: c.name for c in plan.channels}
    config: dict[str, Any] = {
        WEEK: st.column_config.DateColumn(
            column_label(page.lang, WEEK),
            help=page.t("weekly.help.week"),
            format=page.t("weekly.week_format"),
            required=True,
        ),
        CHANNEL: st.column_config.SelectboxColumn(
            column_label(page.lang, CHANNEL),
            help=page.t("weekly.help.channel"),
            options=channels,
            format_func=lambda c: names.get(str(c), str(c)),
            required=True,
        ),
    }
    for measure in measures:
        label = column_label(page.lang, measure.value)
        money = measure in MONEY
        if money:
            label = page.t("weekly.money_header", label=label, currency=plan.meta.currency)
        config[measure.value] = st.column_config.NumberColumn(
            label,
            help=page.t(f"weekly.help.{measure.value}"),
            min_value=0,
            step=0.01 if money else 1,
            format="localized",
        )
    return config


def _save(
    page: PageContext, plan: Plan, edited: list[dict[str, Any]], names: list[str], version: str
) -> None:
    """Check the edited table; save it and redraw, or list its problems and save nothing."""
    if page.stored is None or not may_edit(page):
        return
    frame = pd.DataFrame(edited, columns=[WEEK, CHANNEL, *names])
    try:
        checked = check_weeks(frame, plan)
    except InvalidInput as exc:
        show_problems(page, exc)
        return
    if checked.pending:
        st.info(page.t("weekly.pending", rows=_rows_list(page, checked.pending)))
        return
    try:
        save_weekly(page.engine, page.stored.id, checked.entries, expected=version)
    except WeeklyChanged:
        _note("warning", page.t("weekly.changed"))
    else:
        _note("success", page.t("weekly.saved"))
        if checked.moved:
            _note("info", page.t("weekly.moved", rows=_rows_list(page, checked.moved)))
    saved_table(KEY)
    st.rerun()


def _fill(page: PageContext, plan: Plan, entries: pd.DataFrame, version: str) -> None:
    """Add a row of 0 activities for each week of the plan up to today and each channel."""
    if page.stored is None or not may_edit(page):
        return
    added = weeks_to_fill(plan, entries, dt.date.today())
    if added.empty:
        _note("info", page.t("weekly.nothing_to_fill"))
    else:
        both = pd.concat([entries, added], ignore_index=True) if not entries.empty else added
        try:
            save_weekly(page.engine, page.stored.id, both, expected=version)
        except WeeklyChanged:
            _note("warning", page.t("weekly.changed"))
        else:
            _note("success", page.t("weekly.filled", rows=fmt_number(len(added), page.lang)))
    saved_table(KEY)
    st.rerun()


def _summary(page: PageContext, plan: Plan, entries: pd.DataFrame) -> None:
    """The totals entered, as numbers and money read in the page's language."""
    sums = totals(entries)
    currency = plan.meta.currency
    st.caption(
        page.t(
            "weekly.totals",
            activities=plural(page.lang, "importing.count.activities", int(sums["activity"])),
            won=plural(page.lang, "importing.count.deals_won", int(sums["won"])),
            revenue=fmt_money(sums["revenue"], currency, page.lang),
            cost=fmt_money(sums["cost"], currency, page.lang),
        )
    )
    found = weekly_warnings(entries, plan)
    if not found:
        return
    lines = [f"- {plain(w.message(page.lang))}" for w in found[:_WARNINGS_SHOWN]]
    if len(found) > _WARNINGS_SHOWN:
        lines.append(f"- {page.t('weekly.more', n=len(found) - _WARNINGS_SHOWN)}")
    st.warning(page.t("weekly.warnings") + "\n\n" + "\n".join(lines), icon=":material/rule:")


def weekly_panel(page: PageContext, plan: Plan) -> str:
    """The plan's weekly table, saved at each valid edit; the version of its saved rows."""
    if page.stored is None:
        return ""
    st.caption(page.t("weekly.intro"))
    _show_notes()
    entries, version = weekly_snapshot(page.engine, page.stored.id)
    # Edits apply to the rows the table showed: a save is refused if they changed since.
    plan_seen, seen = st.session_state.get(_SEEN, (page.stored.id, version))
    seen = seen if plan_seen == page.stored.id else version
    st.session_state[_SEEN] = (page.stored.id, version)
    if not plan.channels:
        st.info(page.t("weekly.no_channel"), icon=":material/info:")
        return version
    measures = measures_shown(plan, entries)
    channel_ids = [c.id for c in plan.channels]
    if not entries.empty:
        channel_ids += sorted(set(entries[CHANNEL].astype(str)) - set(channel_ids))
    names = [m.value for m in measures]
    if seen != version and has_edits(KEY):
        st.warning(page.t("weekly.changed"), icon=":material/sync_problem:")
        saved_table(KEY)  # the edits were made on rows that are gone: show the saved ones
    edited = table(
        KEY,
        table_rows(entries, measures),
        columns(page, plan, measures, channel_ids),
        checks_bounds=False,  # the weekly checks say each bad cell in their own words
    )
    if edited is not None:
        _save(page, plan, edited, names, seen)
    if entries.empty:
        st.caption(page.t("weekly.empty"))
    else:
        _summary(page, plan, entries)
    if st.button(
        page.t("weekly.fill"),
        key="trk_weekly_fill",
        help=page.t("weekly.fill_help"),
        icon=":material/date_range:",
    ):
        _fill(page, plan, entries, seen)
    return version
