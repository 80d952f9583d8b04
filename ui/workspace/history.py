"""A plan's history: each revision with what it changed, and restoring an earlier one."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from planner import storage
from planner.plan.changes import (
    Change,
    changes_summary,
    field_label,
    is_share,
    plan_changes,
    value_text,
)
from ui.editing import owner, seed
from ui.shell import PageContext, local_time, may_edit, open_plan


@st.cache_data(show_spinner=False, max_entries=2000)
def _revision_changes(
    _engine: Engine, url: str, plan_id: str, revision: int, saved_at: dt.datetime
) -> list[Change]:
    """What a revision changed from the one before it. A revision never changes once saved;
    its save time is in the key for a database restored from a backup, where a later save
    takes the number again (other replicas keep this cache)."""
    if revision <= 1:
        return []
    before = storage.load_plan(_engine, plan_id, revision - 1).plan.model_dump(mode="json")
    after = storage.load_plan(_engine, plan_id, revision).plan.model_dump(mode="json")
    return plan_changes(before, after)


def _summary(page: PageContext, code: str) -> str:
    kind, _, arg = code.partition(":")
    kind = {"restored": "restored_from"}.get(kind, kind)
    return page.t(f"history.{kind}", revision=arg) if kind else ""


def changes_table(page: PageContext, changes: list[Change]) -> pd.DataFrame:
    """Changes as rows: the field, its value before, its value after."""
    rows = [
        (
            field_label(c, page.lang),
            value_text(c.old, page.lang, is_share(c.path)),
            value_text(c.new, page.lang, is_share(c.path)),
        )
        for c in changes
    ]
    return pd.DataFrame(
        rows,
        columns=[
            page.t("changes.column_field"),
            page.t("changes.column_before"),
            page.t("changes.column_after"),
        ],
    )


def history(page: PageContext) -> None:
    """Every revision with when it was saved and what it changed; restore an earlier one."""
    if page.stored is None:
        return
    stored = page.stored
    url = page.engine.url.render_as_string(hide_password=False)
    with st.expander(page.t("workspace.history")):
        entries = storage.history(page.engine, stored.id)
        changes = {
            e.revision: _revision_changes(page.engine, url, stored.id, e.revision, e.saved_at)
            for e in entries
        }
        table = pd.DataFrame(
            {
                page.t("history.revision"): [e.revision for e in entries],
                page.t("history.saved_at"): [local_time(page, e.saved_at) for e in entries],
                page.t("history.change"): [_summary(page, e.summary) for e in entries],
                page.t("history.what_changed"): [
                    changes_summary(changes[e.revision], page.lang) if e.revision > 1 else ""
                    for e in entries
                ],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch", key="history_table")
        saved = [e.revision for e in entries if e.revision > 1]
        seed("history_details", saved[0] if saved else None, owner(page), keep_typed=False)
        shown = st.selectbox(page.t("history.details"), saved, key="history_details")
        if shown is not None:
            st.dataframe(
                changes_table(page, changes[shown]),
                hide_index=True,
                width="stretch",
                key="history_changes",
            )
        _restore(page, stored, [e.revision for e in entries if e.revision != stored.revision])


def _restore(page: PageContext, stored: storage.StoredPlan, older: list[int]) -> None:
    if not older:
        return
    choice = st.selectbox(page.t("history.pick"), older, key="restore_revision")
    if choice is not None:
        undo = plan_changes(
            stored.plan.model_dump(mode="json"),
            storage.load_plan(page.engine, stored.id, choice).plan.model_dump(mode="json"),
        )
        st.caption(page.t("history.restore_changes", revision=choice))
        st.dataframe(
            changes_table(page, undo), hide_index=True, width="stretch", key="restore_changes"
        )
    if st.button(page.t("history.restore"), key="restore", icon=":material/restore:"):
        if not may_edit(page):
            return
        try:
            restored = storage.restore_revision(page.engine, stored.id, choice, stored.revision)
        except storage.StaleRevision as exc:
            st.error(page.t("shell.stale", current=exc.current, mine=exc.expected))
            return
        st.toast(page.t("history.restored", revision=choice))
        open_plan(restored.id, restored.revision)
