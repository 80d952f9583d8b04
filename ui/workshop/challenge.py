"""A participant's side of a challenge: what the facilitator pushed to the room, and how their
own plan would do under it (read again on its own, as the board is)."""

from __future__ import annotations

import streamlit as st

from planner import storage
from planner.core.i18n import fmt_money, fmt_percent
from planner.workshop import Challenge, challenged
from ui.shell import PageContext, plain
from ui.workshop.board import REFRESH, plan_at, row_of


@st.fragment(run_every=REFRESH)
def challenge_notice(page: PageContext, token: str) -> None:
    """The room's challenge, if any, with the participant's revenue P50 and chance before and
    after it; their saved plan does not change."""
    try:
        seat = storage.seat_by_token(page.engine, token)
        room = storage.find_room(page.engine, seat.room_id)
    except storage.RoomNotFound:
        return
    if room.challenge not in set(Challenge):
        return
    challenge = Challenge(room.challenge)
    plan = plan_at(page.engine, seat.plan_id, seat.revision, seat.updated_at)
    before, after = row_of(seat, plan), row_of(seat, challenged(plan, challenge))
    with st.container(border=True):
        label = page.t(f"board.challenges.{challenge.value}")
        st.markdown(page.t("challenge.pushed", challenge=plain(label)))
        if before is None or after is None:
            st.caption(page.t("challenge.cannot_run"))
            return
        money = [fmt_money(r.revenue_p50, r.currency, page.lang, 0) for r in (before, after)]
        st.markdown(page.t("challenge.revenue", before=money[0], after=money[1]))
        if before.objective is not None and before.chance is not None and after.chance is not None:
            chances = [fmt_percent(c, page.lang, 0) for c in (before.chance, after.chance)]
            st.markdown(
                page.t(
                    "challenge.chance",
                    objective=plain(before.objective),
                    before=chances[0],
                    after=chances[1],
                )
            )
        st.caption(page.t("challenge.unchanged"))
