"""Tracking step, contact limits (PH-04): consumers who may not be called yet, and the calls of
the log already over the limits, for plans aimed at consumers with a phone channel."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from planner.compliance.rules import rule
from planner.core.i18n import fmt_date, fmt_number, plural
from planner.plan.model import Market, Plan
from planner.scripts.prospect_card import Outcome
from planner.storage import list_cards
from planner.tracking.contact_limits import ContactLimits, contact_limits, phone_channels
from ui.shell import PageContext
from ui.tracking.event_log import Batches, LogRef, events

_REFUSED = (Outcome.NOT_INTERESTED, Outcome.OPPOSED)


@st.cache_data(show_spinner=False, max_entries=16)
def _limits(
    _engine: Engine,
    plan_id: str,
    batch_ids: Batches,
    phones: tuple[str, ...],
    as_of: dt.date,
    refusals: tuple[tuple[str, dt.date], ...],
) -> ContactLimits:
    """Locks on a day and violations of the log, once per log, day and card refusals."""
    return contact_limits(events(_engine, plan_id, batch_ids), phones, as_of, refusals)


def limits_panel(page: PageContext, plan: Plan, ref: LogRef) -> None:
    """Who is locked today and why, then the calls over the limits; nothing in B2B."""
    phones = tuple(sorted(phone_channels(plan)))
    if plan.meta.market is not Market.B2C or not phones:
        st.caption(page.t("limits.not_b2c"))
        return
    today = dt.date.today()
    found = _limits(
        ref.engine, ref.plan_id, ref.batch_ids, phones, today, _card_refusals(page, phones)
    )
    numbers = found.limits
    st.caption(
        page.t(
            "limits.intro",
            attempts=numbers.attempts,
            days=numbers.window_days,
            rest=numbers.cooldown_days,
            source=rule("PH-04").source,
        )
    )
    left, right = st.columns(2)
    left.metric(page.t("limits.locked"), fmt_number(len(found.locks), page.lang))
    right.metric(page.t("limits.violations"), fmt_number(len(found.violations), page.lang))
    if found.unnamed:
        st.warning(plural(page.lang, "limits.unnamed", found.unnamed), icon=":material/person_off:")
    if found.locks:
        st.dataframe(_locks_table(page, found), hide_index=True, key="trk_limits_locks")
    if found.violations:
        st.warning(page.t("limits.violations_intro"), icon=":material/phone_disabled:")
        st.dataframe(_violations_table(page, found), hide_index=True, key="trk_limits_over")
    if not found.locks and not found.violations:
        st.success(page.t("limits.none", date=fmt_date(today, page.lang)), icon=":material/call:")


def _card_refusals(page: PageContext, phones: tuple[str, ...]) -> tuple[tuple[str, dt.date], ...]:
    """Prospect cards closed "not interested" or "opposed" after a call: refusals too."""
    if page.stored is None:
        return ()
    found = []
    for stored in list_cards(page.engine, page.stored.id):
        card = stored.card
        who = card.company.strip() or card.contact_name.strip()
        if card.outcome in _REFUSED and card.channel_id in phones and card.contact_date and who:
            found.append((who, card.contact_date))
    return tuple(found)


def _locks_table(page: PageContext, found: ContactLimits) -> pd.DataFrame:
    lang = page.lang
    return pd.DataFrame(
        {
            page.t("limits.prospect"): [lock.prospect for lock in found.locks],
            page.t("limits.why"): [
                page.t("limits.why_attempts", n=lock.attempts, since=fmt_date(lock.since, lang))
                if lock.reason == "attempts"
                else page.t("limits.why_refusal", since=fmt_date(lock.since, lang))
                for lock in found.locks
            ],
            page.t("limits.until"): [fmt_date(lock.until, lang) for lock in found.locks],
            page.t("limits.next"): [
                fmt_date(lock.until + dt.timedelta(days=1), lang) for lock in found.locks
            ],
        }
    )


def _violations_table(page: PageContext, found: ContactLimits) -> pd.DataFrame:
    lang, days = page.lang, found.limits.window_days
    return pd.DataFrame(
        {
            page.t("limits.prospect"): [v.prospect for v in found.violations],
            page.t("limits.day"): [fmt_date(v.day, lang) for v in found.violations],
            page.t("limits.why"): [
                page.t("limits.over_attempts", n=v.attempts, days=days)
                if v.refused_on is None
                else page.t(
                    "limits.over_refusal",
                    since=fmt_date(v.refused_on, lang),
                    days=(v.day - v.refused_on).days,
                )
                for v in found.violations
            ],
        }
    )
