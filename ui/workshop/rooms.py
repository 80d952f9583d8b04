"""Workshop rooms: participants join with a code and their name; the facilitator opens a room
from a plan, shows its code, link and QR code, and follows the room on the board."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from planner import storage
from planner.core.i18n import plural
from planner.storage import Room
from ui.shell import SEAT_KEY, PageContext, local_time, open_plan, plain
from ui.signin import signed_in_name
from ui.workshop.board import board
from ui.workshop.challenge import challenge_notice
from ui.workshop.exercises import exercise_answers, exercise_control

PAGE_PATH = "workshop"  # pages/8_workshop.py as the server serves it


def page_url(page: PageContext, **query: str) -> str:
    """This server's address of the workshop page with these query parameters."""
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    base = parts.path.rsplit("/", 1)[0]
    params = urlencode(query | {"lang": page.lang})
    return f"{parts.scheme}://{parts.netloc}{base}/{PAGE_PATH}?{params}"


def join_panel(page: PageContext) -> None:
    """Join a room with its code and a name, or come back to one's seat by its link."""
    token = st.query_params.get("seat") or st.session_state.get(SEAT_KEY)
    if token:
        _seat_welcome(page, str(token))
    st.caption(page.t("workshop.join_intro"))
    with st.form("join_form", border=False):
        code = st.text_input(
            page.t("workshop.code"),
            value=str(st.query_params.get("room", "")),
            key="join_code",
            max_chars=12,
            placeholder="K7P4QM",
        )
        name = st.text_input(
            page.t("workshop.your_name"),
            value=signed_in_name() if page.user else "",
            key="join_name",
            max_chars=storage.rooms.MAX_NAME,
        )
        sent = st.form_submit_button(
            page.t("workshop.join"), type="primary", icon=":material/login:"
        )
    if sent:
        _join(page, code, name)


def _join(page: PageContext, code: str, name: str) -> None:
    if not code.strip():
        st.error(page.t("workshop.code_required"), icon=":material/error:")
        return
    try:
        seat = storage.join_room(page.engine, code, name, page.user or "")
    except storage.RoomNotFound:
        st.error(page.t("workshop.no_such_room", code=plain(code.strip())), icon=":material/error:")
        return
    except storage.RoomClosed:
        st.error(page.t("workshop.room_closed"), icon=":material/door_front:")
        return
    except storage.NameRequired:
        st.error(page.t("workshop.name_required"), icon=":material/error:")
        return
    st.session_state[SEAT_KEY] = seat.token
    st.query_params["seat"] = seat.token
    open_plan(seat.plan_id)


def _seat_welcome(page: PageContext, token: str) -> None:
    try:
        seat = storage.seat_by_token(page.engine, token)
    except storage.RoomNotFound:
        st.session_state.pop(SEAT_KEY, None)
        st.query_params.pop("seat", None)
        st.warning(page.t("workshop.seat_gone"), icon=":material/search_off:")
        return
    st.session_state[SEAT_KEY] = token
    room = storage.find_room(page.engine, seat.room_id)
    with st.container(border=True):
        st.markdown(
            page.t(
                "workshop.your_seat",
                name=plain(seat.participant_name),
                room=plain(room.name),
            )
        )
        st.caption(page.t("workshop.come_back"))
        st.code(page_url(page, seat=token), language=None)
        if page.stored is None or page.stored.id != seat.plan_id:
            if st.button(page.t("workshop.open_my_plan"), key="open_my_plan", type="primary"):
                open_plan(seat.plan_id)
        else:
            st.page_link(
                "pages/1_target.py",
                label=page.t("workshop.start_with_target"),
                icon=":material/target:",
                query_params={"lang": page.lang, "plan": seat.plan_id},
            )
    challenge_notice(page, token)
    exercise_answers(page, seat)


def facilitate_panel(page: PageContext) -> None:
    """Open a room from the open plan; pick one of one's rooms and run it."""
    _open_room(page)
    mine = storage.rooms_of(page.engine, page.user)
    if not mine:
        st.caption(page.t("workshop.no_rooms"))
        return
    names = {r.id: _room_label(page, r) for r in mine}
    chosen = st.selectbox(
        page.t("workshop.your_rooms"), list(names), format_func=names.__getitem__, key="room_pick"
    )
    room = next(r for r in mine if r.id == chosen)
    _room_header(page, room)
    board(page, room)
    exercise_control(page, room)


def _room_label(page: PageContext, room: Room) -> str:
    state = "" if room.is_open else f" · {page.t('workshop.closed')}"
    return f"{room.name} ({room.code}){state}"


def _open_room(page: PageContext) -> None:
    with st.expander(page.t("workshop.open_title"), icon=":material/meeting_room:", expanded=False):
        if page.stored is None:
            st.caption(page.t("workshop.open_needs_plan"))
            return
        plan = page.stored.plan
        st.caption(page.t("workshop.open_intro", plan=plain(plan.meta.name)))
        name = st.text_input(
            page.t("workshop.room_name"),
            value=page.t("workshop.default_room_name", plan=plan.meta.name)[:120],
            key="room_name",
            max_chars=120,
        )
        if st.button(page.t("workshop.open"), key="open_room", type="primary"):
            try:
                room = storage.open_room(page.engine, page.stored.id, name, page.user or "")
            except storage.NameRequired:
                st.error(page.t("workshop.room_name_required"), icon=":material/error:")
                return
            st.session_state["room_pick"] = room.id
            st.rerun()


def _room_header(page: PageContext, room: Room) -> None:
    link = page_url(page, room=room.code)
    code_col, qr_col = st.columns([3, 1], vertical_alignment="center")
    with code_col:
        st.markdown(page.t("workshop.code_is"))
        st.markdown(f"# `{room.code[:3]} {room.code[3:]}`")
        st.caption(page.t("workshop.link_is"))
        st.code(link, language=None)
        seats = storage.seats_of(page.engine, room.id)
        st.caption(
            page.t(
                "workshop.room_facts",
                opened=local_time(page, room.created_at),
                people=plural(page.lang, "workshop.participants", len(seats)),
            )
        )
        _open_or_close(page, room)
    with qr_col:
        st.image(segno.make(link, error="m").svg_data_uri(scale=6, border=2), width=220)
        st.caption(page.t("workshop.qr_caption"))


def _open_or_close(page: PageContext, room: Room) -> None:
    if room.is_open:
        if st.button(page.t("workshop.close"), key="close_room", icon=":material/door_front:"):
            storage.close_room(page.engine, room.id)
            st.toast(page.t("workshop.closed_toast", room=plain(room.name)))
            st.rerun()
        return
    st.info(page.t("workshop.closed_info"), icon=":material/inventory_2:")
    if st.button(page.t("workshop.reopen"), key="reopen_room", icon=":material/meeting_room:"):
        storage.reopen_room(page.engine, room.id)
        st.rerun()
