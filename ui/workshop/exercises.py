"""Exercises in a room: the facilitator starts one and shows its key; participants answer on
their screen; the board sums the answers up item by item."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner import storage
from planner.core.i18n import fmt_percent, plural
from planner.storage import Room, Seat
from planner.workshop import Exercise, exercise, exercises, score, tally
from ui.shell import PageContext, plain
from ui.workshop.board import REFRESH


def exercise_control(page: PageContext, room: Room) -> None:
    """Start, stop and show the key of an exercise; the room's answers, read again on their own."""
    st.subheader(page.t("exercise.title"), anchor=False)
    titles = {
        e.id: f"{e.title} ({page.t(f'exercise.method.{e.method}')})" for e in exercises(page.lang)
    }
    pick, start = st.columns([4, 1], vertical_alignment="bottom")
    chosen = pick.selectbox(
        page.t("exercise.pick"), list(titles), format_func=titles.__getitem__, key="exercise_pick"
    )
    if start.button(page.t("exercise.start"), key="exercise_start", icon=":material/play_arrow:"):
        storage.start_exercise(page.engine, room.id, chosen)
        st.rerun()
    if room.exercise is None:
        st.caption(page.t("exercise.none_running"))
        return
    running = exercise(room.exercise, page.lang)
    st.markdown(page.t("exercise.running", title=plain(running.title)))
    key_col, stop_col = st.columns(2)
    if key_col.button(
        page.t("exercise.hide_key" if room.key_shown else "exercise.show_key"),
        key="exercise_key",
        icon=":material/key:",
    ):
        storage.show_key(page.engine, room.id, not room.key_shown)
        st.rerun()
    if stop_col.button(page.t("exercise.stop"), key="exercise_stop", icon=":material/stop:"):
        storage.start_exercise(page.engine, room.id, None)
        st.rerun()
    _room_answers(page, room.id)


@st.fragment(run_every=REFRESH)
def _room_answers(page: PageContext, room_id: str) -> None:
    room = storage.find_room(page.engine, room_id)
    if room.exercise is None:
        return
    running = exercise(room.exercise, page.lang)
    answers = storage.answers_of(page.engine, room.id, running.id)
    seats = storage.seats_of(page.engine, room.id)
    st.caption(plural(page.lang, "exercise.answered", len(answers), people=len(seats)))
    for number, (item, counts) in enumerate(
        zip(running.items, tally(running, answers), strict=True), 1
    ):
        st.markdown(f"**{number}.** {plain(item.prompt)}")
        rows = [
            {
                page.t("exercise.choice"): ("✓ " if room.key_shown and c == item.answer else "")
                + choice,
                page.t("exercise.count"): counts.counts[c],
            }
            for c, choice in enumerate(item.choices)
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        if room.key_shown:
            right = (
                "—" if counts.right_share is None else fmt_percent(counts.right_share, page.lang, 0)
            )
            st.caption(page.t("exercise.right_share", share=right, why=plain(item.why)))


@st.fragment(run_every=REFRESH)
def exercise_answers(page: PageContext, seat: Seat) -> None:
    """A participant's side: the exercise the room plays now, answered on their screen."""
    room = storage.find_room(page.engine, seat.room_id)
    if room.exercise is None:
        return
    running = exercise(room.exercise, page.lang)
    sent = storage.answers_of(page.engine, room.id, running.id).get(seat.plan_id)
    with st.container(border=True):
        st.markdown(f"**{plain(running.title)}**")
        st.caption(running.intro)
        if room.key_shown and sent is not None:
            _marked(page, running, sent)
            return
        with st.form(f"answers_{running.id}", border=False):
            picks = [
                st.radio(
                    f"{number}. {item.prompt}",
                    range(len(item.choices)),
                    format_func=lambda c, item=item: item.choices[c],
                    index=None if sent is None else sent[number - 1],
                    key=f"answer_{running.id}_{number}",
                )
                for number, item in enumerate(running.items, 1)
            ]
            done = st.form_submit_button(page.t("exercise.send"), type="primary")
        missing = [str(n) for n, pick in enumerate(picks, 1) if pick is None]
        if done and missing:  # nothing sent: a blank counts as wrong, so say which first
            st.error(
                plural(page.lang, "exercise.unanswered", len(missing), which=", ".join(missing)),
                icon=":material/error:",
            )
        elif done:
            storage.save_answers(page.engine, room.id, running.id, seat.plan_id, list(picks))
            st.success(page.t("exercise.sent"), icon=":material/check:")
        elif sent is not None:
            st.caption(page.t("exercise.already_sent"))


def _marked(page: PageContext, running: Exercise, sent: list[int | None]) -> None:
    """The participant's answers marked against the key, with why."""
    st.markdown(page.t("exercise.your_score", right=score(running, sent), total=len(running.items)))
    for number, (item, answer) in enumerate(zip(running.items, sent, strict=False), 1):
        mark = "✓" if answer == item.answer else "✗"
        st.markdown(f"{mark} **{number}.** {plain(item.choices[item.answer])} — {plain(item.why)}")
