"""The facilitator's board: one row per participant, refreshed on its own as they save."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler
from sqlalchemy.engine import Engine

from planner import storage
from planner.core.i18n import fmt_money, fmt_number, fmt_percent
from planner.core.problems import InvalidInput
from planner.plan.model import Plan
from planner.simulation import entry as sim
from planner.storage import Room, Seat
from planner.workshop import BoardRow, Challenge, activity_needed, board_row, challenged
from ui.editing import seed
from ui.shell import PageContext, local_clock, local_time
from ui.simulation.runs import PAGE_TRIALS, required, simulated

REFRESH = dt.timedelta(seconds=5)  # how often the board reads the room again


@st.cache_data(show_spinner=False, max_entries=512)
def plan_at(_engine: Engine, plan_id: str, revision: int, saved_at: dt.datetime) -> Plan:
    """A participant's plan at a revision, read once (keyed by its save time too: a database
    restored from a backup may hold another revision under the same number)."""
    return storage.load_plan(_engine, plan_id, revision).plan


@st.cache_data(show_spinner=False, max_entries=1024, hash_funcs={Plan: sim.plan_fingerprint})
def row_of(seat: Seat, plan: Plan) -> BoardRow | None:
    """A seat's board row, from the cached simulation of its plan (None if it cannot run): the
    simulations are cached by plan content, so a room of unchanged copies runs one; the row
    is cached by the seat's last save and the plan's content, so a refresh reads it back)."""
    try:
        result = simulated(plan, PAGE_TRIALS, sim.DEFAULT_SEED, sim.Engine.FAST.value)
        needed = activity_needed(plan, required)
    except InvalidInput:
        return None
    return board_row(
        seat.plan_id, seat.participant_name, plan, result, needed, seat.updated_at, seat.revision
    )


def board(page: PageContext, room: Room) -> None:
    """The room's board, with a filter; it reruns alone every few seconds."""
    st.subheader(page.t("board.title"), anchor=False)
    _challenge_picker(page, room)
    filter_col, flagged_col = st.columns([3, 2], vertical_alignment="bottom")
    typed = filter_col.text_input(page.t("board.filter"), key="board_filter")
    only_flagged = flagged_col.toggle(page.t("board.only_flagged"), key="board_flagged")
    _live_board(page, room, typed.strip().lower(), only_flagged)


@st.fragment(run_every=REFRESH)
def _live_board(page: PageContext, room: Room, typed: str, only_flagged: bool) -> None:
    seats = storage.seats_of(page.engine, room.id)
    if not seats:
        st.caption(page.t("board.empty"))
        return
    challenge = Challenge(room.challenge) if room.challenge in set(Challenge) else None
    rows, after = [], {}
    for seat in seats:
        plan = plan_at(page.engine, seat.plan_id, seat.revision, seat.updated_at)
        rows.append((seat, row_of(seat, plan)))
        if challenge is not None:
            after[seat.plan_id] = row_of(seat, challenged(plan, challenge))
    shown = [
        (seat, row)
        for seat, row in rows
        if typed in seat.participant_name.lower() and (not only_flagged or (row and row.far_rates))
    ]
    st.dataframe(
        _table(page, shown, after),
        hide_index=True,
        width="stretch",
        key=f"board_{room.id}",
    )
    for seat, row in shown:
        for far in row.far_rates if row else ():
            where = f"{far.channel} · {far.stage}" if far.channel else far.stage
            st.warning(
                page.t(
                    "board.far",
                    name=seat.participant_name,
                    where=where,
                    value=fmt_percent(far.typical, page.lang),
                    low=fmt_percent(far.low, page.lang),
                    high=fmt_percent(far.high, page.lang),
                ),
                icon=":material/flag:",
            )
    st.caption(page.t("board.refreshed", when=local_clock(page, dt.datetime.now(dt.UTC))))


def _challenge_picker(page: PageContext, room: Room) -> None:
    """The challenge pushed to the room: each plan's result before and after, none changed."""
    choices = ["", *(c.value for c in Challenge)]
    current = room.challenge if room.challenge in choices else ""
    key = f"challenge_{room.id}"
    seed(key, current, f"{room.id}:{current}", keep_typed=False)  # pushed from another tab

    def push() -> None:  # only when this person picks one: a stale tab never writes back
        storage.set_challenge(page.engine, room.id, st.session_state[key] or None)

    st.selectbox(
        page.t("board.challenge"),
        choices,
        format_func=lambda c: page.t(f"board.challenges.{c or 'none'}"),
        key=key,
        on_change=push,
        help=page.t("board.challenge_help"),
    )


def _table(
    page: PageContext,
    shown: list[tuple[Seat, BoardRow | None]],
    after: dict[str, BoardRow | None],
) -> Styler:
    """The board's rows; numbers stay numbers (they sort as such), written the language's way.
    With a challenge, each plan's revenue P50 and chance under it beside the saved plan's."""
    t, lang = page.t, page.lang
    currency = next((row.currency for _, row in shown if row), "EUR")
    channels = list(dict.fromkeys(name for _, row in shown if row for name in row.activities))

    def challenged_cells(plan_id: str) -> dict[str, object]:
        if not after:
            return {}
        row = after.get(plan_id)
        return {
            t("board.p50_after"): row.revenue_p50 if row else None,
            t("board.chance_after"): row.chance if row else None,
        }

    frame = pd.DataFrame(
        [
            {
                t("board.participant"): seat.participant_name,
                # What the room compares first (a projector shows the first columns): the
                # forecast, the challenge's beside it, the chance, the activity needed.
                t("board.p10"): row.revenue_p10 if row else None,
                t("board.p50"): row.revenue_p50 if row else None,
                t("board.p90"): row.revenue_p90 if row else None,
                t("board.chance"): row.chance if row else None,
                **challenged_cells(seat.plan_id),
                t("board.needed"): row.needed_multiplier if row else None,
                t("board.smart"): t(f"board.verdict.{row.smart.value}")
                if row
                else t("board.cannot_run"),
                t("board.flags"): len(row.far_rates) if row else None,
                # Then the assumptions behind them.
                t("board.activities"): row.activities_per_week if row else None,
                **{
                    t("board.channel_activities", channel=name): (
                        row.activities.get(name) if row else None
                    )
                    for name in channels
                },
                t("board.win_rate"): row.win_rate if row else None,
                t("board.deal_value"): row.deal_value if row else None,
                t("board.saved"): local_time(page, seat.updated_at),
                t("board.revision"): seat.revision,
            }
            for seat, row in shown
        ]
    )

    def money(value: object) -> str:
        return fmt_money(float(value), currency, lang, 0)  # type: ignore[arg-type]

    def percent(value: object) -> str:
        return fmt_percent(float(value), lang, 0)  # type: ignore[arg-type]

    def times(value: object) -> str:
        return f"× {fmt_number(float(value), lang, 2)}"  # type: ignore[arg-type]

    def whole(value: object) -> str:
        return fmt_number(float(value), lang)  # type: ignore[arg-type]

    formats = {
        t("board.activities"): whole,
        **{t("board.channel_activities", channel=name): whole for name in channels},
        t("board.win_rate"): percent,
        t("board.p50_after"): money,
        t("board.chance_after"): percent,
        t("board.deal_value"): money,
        t("board.p10"): money,
        t("board.p50"): money,
        t("board.p90"): money,
        t("board.chance"): percent,
        t("board.needed"): times,
        t("board.flags"): whole,
        t("board.revision"): whole,
    }
    return frame.style.format(formats, na_rep="")  # type: ignore[arg-type]
