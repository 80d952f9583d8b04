"""Erasing people: one person across the workspace on request (GDPR art. 17), and a plan's
prospects past the 3-year retention (GD-05), each previewed, then done on confirmation."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from planner.compliance.data_retention import RETENTION_YEARS, expired_prospects
from planner.compliance.opposition import contact_key
from planner.core.i18n import fmt_date, plural
from planner.storage.erasure import erase_person, erasure_log, find_person, remove_prospects
from planner.storage.opposition import add_opposition
from ui.shell import PageContext, local_time
from ui.tracking.event_log import LogRef, events

_SHOWN = 20
_PURGED = "_retention_purged"


def erasure_panel(page: PageContext) -> None:
    """Find a person by e-mail, number or name; erase every trace on confirmation."""
    st.caption(page.t("erasure.intro"))
    written = st.text_input(page.t("erasure.who"), key="erase_who", help=page.t("erasure.who_help"))
    key = contact_key(written)
    if key is None:
        return
    found = find_person(page.engine, key)
    if not found.total_events and not found.cards:
        st.info(page.t("erasure.nothing", who=written.strip()), icon=":material/search_off:")
        return
    st.warning(
        page.t(
            "erasure.found",
            events=plural(page.lang, "erasure.events", found.total_events),
            plans=plural(page.lang, "erasure.plans", len(found.events)),
            cards=plural(page.lang, "erasure.cards", len(found.cards)),
        ),
        icon=":material/person_remove:",
    )
    keep_out = st.checkbox(page.t("erasure.opposition"), value=True, key="erase_opposition")
    if st.button(
        page.t("erasure.confirm"),
        key="erase_confirm",
        type="primary",
        icon=":material/delete_forever:",
    ):
        erased = erase_person(page.engine, key)
        if keep_out and key.kind != "name":
            add_opposition(page.engine, [key], "opposed", page.t("erasure.source"), dt.date.today())
        st.success(
            page.t(
                "erasure.done",
                events=plural(page.lang, "erasure.events", erased.events),
                cards=plural(page.lang, "erasure.cards", erased.cards),
            ),
            icon=":material/check_circle:",
        )
    log = erasure_log(page.engine)
    if log:
        with st.expander(page.t("erasure.log_title"), icon=":material/history:"):
            st.dataframe(_log_table(page, log), hide_index=True, key="erasure_log")


def retention_panel(page: PageContext, ref: LogRef) -> None:
    """The plan's prospects past retention today, previewed; purged on confirmation."""
    if done := st.session_state.pop(_PURGED, None):
        st.success(done, icon=":material/check_circle:")
    today = dt.date.today()
    expired = expired_prospects(events(ref.engine, ref.plan_id, ref.batch_ids), today)
    st.caption(page.t("dataretention.intro", years=RETENTION_YEARS))
    if expired.empty:
        st.caption(page.t("dataretention.none", date=fmt_date(today, page.lang)))
        return
    st.warning(
        plural(page.lang, "dataretention.found", len(expired)), icon=":material/auto_delete:"
    )
    st.dataframe(_expired_table(page, expired.head(_SHOWN)), hide_index=True, key="trk_expired")
    if len(expired) > _SHOWN:
        st.caption(plural(page.lang, "dataretention.more", len(expired) - _SHOWN))
    label = plural(page.lang, "dataretention.confirm", len(expired))
    if st.button(label, key="trk_purge", icon=":material/delete_sweep:"):
        erased = remove_prospects(page.engine, ref.plan_id, list(expired["prospect"]))
        st.session_state[_PURGED] = page.t(
            "dataretention.done",
            events=plural(page.lang, "erasure.events", erased.events),
            people=plural(page.lang, "dataretention.people", len(expired)),
        )
        st.rerun()  # the log changed: every panel reads it again


def _expired_table(page: PageContext, expired: pd.DataFrame) -> pd.DataFrame:
    lang = page.lang
    return pd.DataFrame(
        {
            page.t("dataretention.prospect"): expired["prospect"],
            page.t("dataretention.collected"): [fmt_date(d, lang) for d in expired["collected"]],
            page.t("dataretention.last_inbound"): [
                fmt_date(d, lang) if d is not None else "—" for d in expired["last_inbound"]
            ],
            page.t("dataretention.kept_until"): [fmt_date(d, lang) for d in expired["kept_until"]],
        }
    )


def _log_table(page: PageContext, log: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            page.t("erasure.when"): [
                local_time(page, when) if isinstance(when := row["erased_at"], dt.datetime) else ""
                for row in log
            ],
            page.t("erasure.why"): [page.t(f"erasure.reason_{row['reason']}") for row in log],
            page.t("erasure.people"): [row["people"] for row in log],
            page.t("erasure.events_col"): [row["events_removed"] for row in log],
            page.t("erasure.cards_col"): [row["cards_removed"] for row in log],
        }
    )
