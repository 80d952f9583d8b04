"""Tracking step, retention: customer counts per period typed or imported, retention computed."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from planner.core.i18n import plural
from planner.core.problems import InvalidInput
from planner.storage.retention import CountsChanged, counts_snapshot, save_counts
from planner.tracking.reading import read_table
from planner.tracking.retention import (
    FIELDS,
    CheckedCounts,
    CountProblem,
    CountRow,
    counts_from_rows,
    counts_from_table,
    labelled,
    retention_table,
)
from ui.browser import lost_upload
from ui.editing import has_edits, saved_table, show_problems, table
from ui.shell import PageContext, may_edit, plain
from ui.tables import localized

KEY = "trk_retention"
UPLOAD_KEY = "trk_retention_file"
IMPORT_KEY = "trk_retention_import"
_NOTES = "_trk_retention_notes"  # what to tell after the rerun that follows a save
_SEEN = "_trk_retention_seen"  # (plan id, version of the rows) the table last showed
_SHOWN = 12  # problems listed at most


def _note(kind: str, text: str) -> None:
    st.session_state.setdefault(_NOTES, []).append((kind, text))


def _show_notes() -> None:
    for kind, text in st.session_state.pop(_NOTES, []):
        if kind == "success":
            st.success(text, icon=":material/check_circle:")
        else:
            st.warning(text, icon=":material/sync_problem:")


def _listed(page: PageContext, problems: tuple[CountProblem, ...]) -> str:
    lines = [f"- {plain(p.message(page.lang))}" for p in problems[:_SHOWN]]
    if len(problems) > _SHOWN:
        lines.append(f"- {page.t('weekly.more', n=len(problems) - _SHOWN)}")
    return "\n".join(lines)


def columns(page: PageContext) -> dict[str, Any]:
    """The editor's columns: the period as text, then three whole numbers of customers."""
    config: dict[str, Any] = {
        "period": st.column_config.TextColumn(
            page.t("retention.column.period"),
            help=page.t("retention.help.period"),
            required=True,
        )
    }
    for name in FIELDS[1:]:
        config[name] = st.column_config.NumberColumn(
            page.t(f"retention.column.{name}"),
            help=page.t(f"retention.help.{name}"),
            min_value=0,
            step=1,
            format="localized",
        )
    return config


def editor_rows(page: PageContext, rows: list[CountRow]) -> list[dict[str, Any]]:
    """The saved rows as the editor shows them, each period written in the page's language."""
    return [
        {"period": r.period.label(page.lang), "start": r.start, "new": r.new, "end": r.end}
        for r in rows
    ]


def _save(page: PageContext, checked: CheckedCounts, version: str, done: str) -> None:
    """Save checked rows (refused if the table changed since `version`), then redraw."""
    if page.stored is None or not may_edit(page):
        return
    try:
        save_counts(page.engine, page.stored.id, checked.rows, expected=version)
    except CountsChanged:
        _note("warning", page.t("retention.changed"))
    else:
        _note("success", done)
    saved_table(KEY)
    st.rerun()


def _edited(page: PageContext, edited: list[dict[str, Any]], version: str) -> None:
    """Check the typed table; save it, or list the rows refused and save nothing."""
    typed = [r for r in edited if any(str(r.get(f) or "").strip() for f in FIELDS)]
    checked = counts_from_rows(typed)
    if checked.problems:
        st.error(
            f"{page.t('retention.refused')}\n\n{_listed(page, checked.problems)}",
            icon=":material/error:",
        )
        return
    _save(page, checked, version, page.t("retention.saved"))


def _upload(page: PageContext, version: str) -> None:
    """Read an uploaded file of counts; list its refused rows, or offer to replace the table."""
    lost = lost_upload(UPLOAD_KEY)  # read before the uploader takes the browser's state
    upload = st.file_uploader(
        page.t("retention.upload"),
        type=["csv", "xlsx", "txt"],
        key=UPLOAD_KEY,
        help=page.t("retention.upload_help"),
    )
    if upload is None and lost:
        st.warning(page.t("editing.upload_lost"), icon=":material/cloud_off:")
    if upload is None:
        return
    try:
        checked = counts_from_table(read_table(upload.getvalue(), upload.name))
    except InvalidInput as exc:
        show_problems(page, exc)
        return
    if checked.problems:
        st.error(
            f"{page.t('retention.refused')}\n\n{_listed(page, checked.problems)}",
            icon=":material/error:",
        )
        return
    count = plural(page.lang, "retention.count.rows", len(checked.rows))
    if st.button(page.t("retention.import"), key=IMPORT_KEY, icon=":material/upload_file:"):
        _save(page, checked, version, page.t("retention.imported", rows=count))


def results_frame(page: PageContext, rows: list[CountRow]) -> pd.DataFrame:
    """Retention per month, quarter and half-year with localized headers, as percentages."""
    computed = retention_table(rows)
    notes = [
        "" if complete else page.t("retention.incomplete", months=months, total=period.months)
        for complete, months, period in zip(
            computed["complete"], computed["months"], computed["period"], strict=True
        )
    ]
    found = labelled(computed, page.lang)
    shown = found.assign(retention=found["retention"] * 100, note=notes)
    names = ("level", "period", "start", "new", "end", "retention", "note")
    return shown[list(names)].rename(columns={n: page.t(f"retention.column.{n}") for n in names})


def retention_panel(page: PageContext) -> None:
    """The plan's customer counts (typed or imported), their warnings and retention per period."""
    if page.stored is None:
        return
    st.caption(page.t("retention.intro"))
    st.markdown(f"**{page.t('retention.formula')}**")
    _show_notes()
    rows, version = counts_snapshot(page.engine, page.stored.id)
    # Edits apply to the rows the table showed: a save is refused if they changed since.
    plan_seen, seen = st.session_state.get(_SEEN, (page.stored.id, version))
    seen = seen if plan_seen == page.stored.id else version
    st.session_state[_SEEN] = (page.stored.id, version)
    if seen != version and has_edits(KEY):
        st.warning(page.t("retention.changed"), icon=":material/sync_problem:")
        saved_table(KEY)  # the edits were made on rows that are gone: show the saved ones
    shown = editor_rows(page, rows)
    edited = table(KEY, shown, columns(page), checks_bounds=False)
    if edited is not None:
        _edited(page, edited, seen)
    _upload(page, seen)
    if not rows:
        st.caption(page.t("retention.empty"))
        return
    warnings = counts_from_rows(shown).warnings
    if warnings:
        st.warning(
            f"{page.t('retention.warnings')}\n\n{_listed(page, warnings)}", icon=":material/rule:"
        )
    st.markdown(f"**{page.t('retention.results')}**")
    frame = results_frame(page, rows)
    digits = {page.t(f"retention.column.{n}"): 0 for n in ("start", "new", "end")}
    digits[page.t("retention.column.retention")] = 1
    st.dataframe(localized(frame, page.lang, digits), hide_index=True, width="stretch")
