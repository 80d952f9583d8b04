"""The shared shell every page starts with: page config, language, current plan, sidebar.

Each page runs inside it (`with shell("step") as page:`), so that a database that cannot be
reached is said in the user's language, naming where it is, never with a traceback: at start,
when a save fails (what was typed stays on the page), or when a read fails in the middle of a
page. While it is away, the plan this session last loaded stays on screen, its edits kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
import streamlit as st
from sqlalchemy.engine import Engine
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from planner import storage
from planner.core.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    fmt_datetime,
    fmt_time,
    normalise_language,
    t,
)
from planner.core.problems import InvalidInput
from planner.plan.model import Plan
from planner.storage import Access, StoredPlan
from planner.workshop import Challenge
from ui.browser import note_run
from ui.signin import sign_out_button, signed_in_name, signed_in_user

ROOT = Path(__file__).resolve().parent.parent

# The journey, in order: (step key, page file, icon). Only steps whose file exists are linked.
JOURNEY: tuple[tuple[str, str, str], ...] = (
    ("workspace", "app.py", ":material/folder_open:"),
    ("target", "pages/1_target.py", ":material/target:"),
    ("objectives", "pages/2_objectives.py", ":material/flag:"),
    ("channels", "pages/3_channels.py", ":material/alt_route:"),
    ("scripts", "pages/4_scripts.py", ":material/record_voice_over:"),
    ("compliance", "pages/7_compliance.py", ":material/gavel:"),
    ("simulation", "pages/5_simulation.py", ":material/query_stats:"),
    ("tracking", "pages/6_tracking.py", ":material/monitoring:"),
)
# Beside the journey: the workshop rooms (join one, or run one), whether a plan is open or not.
ROOM = ("room", "pages/8_workshop.py", ":material/groups:")
PRESENT = ("present", "pages/9_present.py", ":material/slideshow:")

_LANG_KEY = "lang"
_BASE_KEY = "base_revisions"
_LAST_KEY = "_last_loaded"  # the plan this session last read, shown while the database is away
_LOADED_LATEST = "_loaded_latest_of"  # the plan whose latest version was asked for
SEAT_KEY = "workshop_seat"  # the workshop seat this session joined (ui.workshop.rooms)


@dataclass
class PageContext:
    """What a page needs: the language, the database and the plan it works on."""

    lang: str
    engine: Engine
    stored: StoredPlan | None
    latest_revision: int | None = None
    user: str | None = None  # the signed-in person's e-mail; None without sign-in
    access: Access = Access.OWNER
    owner: str = ""  # the open plan's owner ("" without sign-in or for a plan made before it)
    notices: DeltaGenerator | None = None  # the top of the page, for what concerns all of it

    def t(self, key: str, **params: Any) -> str:
        """The interface string `key` in the page's language."""
        return t(self.lang, key, **params)

    @property
    def plan(self) -> Plan | None:
        """The open plan, if any."""
        return self.stored.plan if self.stored else None

    @property
    def can_edit(self) -> bool:
        """True when this person may change the open plan (owner, or shared to edit)."""
        return self.access >= Access.EDIT

    @property
    def is_stale(self) -> bool:
        """True when another tab or person saved this plan after this session loaded it."""
        return bool(
            self.stored and self.latest_revision and self.latest_revision > self.stored.revision
        )


# A chart's toolbar offers "Download as PNG" in English and no setting removes it (the CSV
# download of tables is off in .streamlit/config.toml): each chart has our PNG and SVG downloads
# in the page's language instead (ui/charts.py).
_NO_ENGLISH_TOOLBAR_DOWNLOADS = (
    '<style>[data-testid="stElementToolbar"] button[aria-label="Download as PNG"]'
    "{display: none}</style>"
)


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return storage.connect(url)


@contextmanager
def shell(step: str) -> Iterator[PageContext]:
    """Run a page: configure it, pick the language and the open plan, draw the sidebar."""
    note_run()
    lang = _language()
    st.set_page_config(
        page_title=f"{t(lang, f'shell.step.{step}')} · {t(lang, 'shell.app_name')}",
        page_icon="🎯",  # an emoji is drawn locally; a :material: icon is fetched from Google
        layout="wide",
    )
    st.html(_NO_ENGLISH_TOOLBAR_DOWNLOADS)
    notices = st.container()
    try:
        engine = _engine(storage.database_url())
    except storage.SchemaTooNew as newer:  # made by a newer release: nothing was written
        st.error(newer.message(lang), icon=":material/database:")
        st.stop()
    except storage.DatabaseUnreachable as away:  # not cached: the next run tries again
        _stop_unreachable(notices, lang, away.message(lang))
    page = PageContext(lang, engine, None, user=signed_in_user(lang), notices=notices)
    try:
        _open_plan(page)
        _said_loaded_latest(page)
        _sidebar(page, step)
        try:
            yield page
        except StopException:  # st.stop(): the page ends early but whole
            _remember_shown()
            raise
        _remember_shown()
    except sa.exc.DBAPIError as exc:  # a read or a write of this run did not reach it
        down = _unreachable(engine, exc)
        _stop_unreachable(notices, lang, down.message(lang, "postgres.unreachable_page"))


def _remember_shown() -> None:
    """What the fields hold as the page ends (not after a rerun cut it short): see
    ui.editing.discard_unsaved."""
    from ui.editing import remember_shown  # ui.editing builds on this module

    remember_shown()


def _unreachable(engine: Engine, error: sa.exc.DBAPIError) -> storage.DatabaseUnreachable:
    """The error as DatabaseUnreachable; any other database error is raised again."""
    down = storage.unreachable(error, engine.url)
    if down is None:
        raise error
    return down


def _stop_unreachable(notices: DeltaGenerator, lang: str, message: str) -> NoReturn:
    """Say the database cannot be reached and end the run early: the widgets it did not draw
    keep what was typed in them (Streamlit forgets them only after a complete run)."""
    with notices:
        st.error(message, icon=":material/cloud_off:")
        st.button(t(lang, "postgres.try_again"), key="database_try_again")
    st.stop()


def _language() -> str:
    chosen = (
        normalise_language(st.query_params.get("lang"))
        or normalise_language(st.session_state.get(_LANG_KEY))
        or normalise_language(st.context.locale)
        or DEFAULT_LANGUAGE
    )
    st.session_state[_LANG_KEY] = chosen
    if st.query_params.get("lang") != chosen:
        st.query_params["lang"] = chosen
    return chosen


def session_language() -> str:
    """The language this session's pages are shown in (chosen by the shell each run)."""
    return normalise_language(st.session_state.get(_LANG_KEY)) or DEFAULT_LANGUAGE


def _switch_language() -> None:
    chosen = st.session_state["lang_switch"]
    if chosen is None:  # clicking the chosen language again deselects it: keep it
        return
    st.session_state[_LANG_KEY] = chosen
    st.query_params["lang"] = chosen


def _bases() -> dict[str, int]:
    bases: dict[str, int] = st.session_state.setdefault(_BASE_KEY, {})
    return bases


def _open_plan(page: PageContext) -> None:
    plan_id = st.query_params.get("plan")
    if not plan_id:
        return
    base = _bases().get(plan_id)
    try:
        grant = storage.plan_grant(page.engine, plan_id, page.user)
        if grant.access is Access.NONE:  # by its id in the address bar: not theirs, not shared
            _bases().pop(plan_id, None)
            del st.query_params["plan"]
            st.error(
                page.t("signin.not_shared", email=plain(page.user or "")), icon=":material/lock:"
            )
            return
        page.access, page.owner = grant.access, grant.owner
        page.latest_revision = storage.current_revision(page.engine, plan_id)
        page.stored = storage.load_plan(page.engine, plan_id, base)
    except sa.exc.DBAPIError as exc:
        _last_loaded(page, plan_id, exc)
        return
    except storage.PlanNotFound:
        _bases().pop(plan_id, None)
        del st.query_params["plan"]
        st.warning(page.t("shell.plan_not_found"), icon=":material/search_off:")
        return
    except InvalidInput as exc:
        st.error(page.t("shell.plan_unreadable"))
        for line in exc.messages(page.lang):
            st.text(line)
        return
    _bases()[plan_id] = page.stored.revision
    st.session_state[_LAST_KEY] = (page.stored, page.access, page.owner)


def _last_loaded(page: PageContext, plan_id: str, error: sa.exc.DBAPIError) -> None:
    """The database is away: show the plan as this session last loaded it, with its edits, or
    (a new session, another plan) let the shell say it cannot be reached."""
    down = _unreachable(page.engine, error)
    last = st.session_state.get(_LAST_KEY)
    if last is None or last[0].id != plan_id:
        raise error
    page.stored, page.access, page.owner = last
    page.latest_revision = page.stored.revision if page.stored else None
    assert page.notices is not None  # noqa: S101 - the shell gives every page its notices
    page.notices.warning(
        down.message(page.lang, "postgres.unreachable_now"), icon=":material/cloud_off:"
    )


def open_plan(plan_id: str | None, revision: int | None = None) -> None:
    """Make a plan the open one (None closes it) and rerun the page."""
    if plan_id is None:
        st.query_params.pop("plan", None)
    else:
        st.query_params["plan"] = plan_id
        if revision is not None:
            _bases()[plan_id] = revision
        else:
            _bases().pop(plan_id, None)
    st.rerun()


def may_edit(page: PageContext) -> bool:
    """True when the open plan may be changed by this person; otherwise say why."""
    if page.stored is not None and not page.can_edit:
        st.error(page.t("signin.read_only"), icon=":material/lock:")
        return False
    return page.stored is not None


def save(page: PageContext, plan: Plan, summary: str = "edited") -> bool:
    """Save an edited plan as a new revision; show why when it is refused."""
    if page.stored is None or not may_edit(page):
        return False
    try:
        saved = storage.save_plan(page.engine, page.stored.id, plan, page.stored.revision, summary)
    except storage.StaleRevision as exc:
        st.error(
            page.t("shell.stale", current=exc.current, mine=exc.expected),
            icon=":material/sync_problem:",
        )
        return False
    except storage.PlanNotFound:
        st.error(page.t("shell.plan_not_found"))
        return False
    except sa.exc.DBAPIError as exc:  # nothing written: one transaction that did not commit
        down = _unreachable(page.engine, exc)
        st.error(
            down.message(page.lang, "postgres.not_saved_unreachable"), icon=":material/cloud_off:"
        )
        return False
    page.stored, page.latest_revision = saved, saved.revision
    _bases()[saved.id] = saved.revision
    st.session_state[_LAST_KEY] = (saved, page.access, page.owner)
    return True


def require_plan(page: PageContext) -> Plan:
    """The open plan; without one, say how to open one and stop the page."""
    if page.stored is None:
        st.info(page.t("shell.open_a_plan_first"), icon=":material/folder_open:")
        st.page_link(
            "app.py",
            label=page.t("shell.step.workspace"),
            icon=":material/folder_open:",
            query_params={"lang": page.lang},
        )
        st.stop()
    return page.stored.plan


def _browser_zone() -> ZoneInfo:
    try:
        return ZoneInfo(st.context.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(page: PageContext, moment: dt.datetime) -> str:
    """A UTC moment shown in the browser's time zone and the page's language."""
    return fmt_datetime(moment.astimezone(_browser_zone()), page.lang)


def local_clock(page: PageContext, moment: dt.datetime) -> str:
    """A UTC moment's time of day, with seconds, in the browser's time zone and the language."""
    return fmt_time(moment.astimezone(_browser_zone()), page.lang)


def _sidebar(page: PageContext, step: str) -> None:
    with st.sidebar:
        st.markdown(f"### {page.t('shell.app_name')}")
        st.session_state["lang_switch"] = page.lang
        st.segmented_control(
            page.t("shell.language"),
            LANGUAGES,
            format_func=lambda code: t(code, "shell.language_name"),
            key="lang_switch",
            on_change=_switch_language,
            label_visibility="collapsed",
        )
        _plan_status(page)
        for link in JOURNEY:
            if (ROOT / link[1]).exists():
                _step_link(page, *link, needs_plan=link[0] != "workspace")
        st.divider()
        _room_challenge(page)
        _step_link(page, *ROOM, needs_plan=False)
        _step_link(page, *PRESENT, needs_plan=True)
        _share(page)
        if page.user is not None:
            st.divider()
            st.caption(
                page.t("signin.signed_in_as", name=plain(signed_in_name()), email=plain(page.user))
            )
            sign_out_button(page.lang)
    if page.stored is not None and not page.can_edit:
        st.info(
            page.t("signin.read_only_banner", owner=plain(page.owner)), icon=":material/visibility:"
        )
    if page.is_stale:
        _stale_banner(page)


def _room_challenge(page: PageContext) -> None:
    """For a participant working on their room plan: the challenge the facilitator pushed, on
    every page (the Workshop page shows how their plan does under it)."""
    token = st.session_state.get(SEAT_KEY)
    if not token or page.stored is None:
        return
    try:
        seat = storage.seat_by_token(page.engine, str(token))
        if seat.plan_id != page.stored.id:
            return
        challenge = storage.find_room(page.engine, seat.room_id).challenge
    except storage.RoomNotFound:
        return
    if challenge in set(Challenge):
        label = page.t(f"board.challenges.{challenge}")
        st.info(page.t("challenge.sidebar", challenge=plain(label)), icon="🎯")


def _step_link(page: PageContext, key: str, path: str, icon: str, *, needs_plan: bool) -> None:
    """A sidebar link to a page, keeping the language and the open plan; greyed out, with why,
    when the page needs a plan and none is open."""
    params = {"lang": page.lang} | ({"plan": page.stored.id} if page.stored else {})
    missing = needs_plan and page.stored is None
    st.page_link(
        path,
        label=page.t(f"shell.step.{key}"),
        icon=icon,
        query_params=params,
        disabled=missing,
        help=page.t("shell.open_a_plan_first") if missing else None,
    )


def _share(page: PageContext) -> None:
    """The plan to take away from any step: the workbook and the one-page plan, built on click."""
    if page.stored is None:
        return
    from ui.workspace.share import report_buttons, workbook_button  # it builds on this module

    with st.popover(page.t("shell.share"), icon=":material/ios_share:", width="stretch"):
        workbook_button(page, page.stored.plan, "sidebar_xlsx")
        report_buttons(page, page.stored.plan, "sidebar_report")


def _plan_status(page: PageContext) -> None:
    if page.stored is None:
        st.caption(page.t("shell.no_plan"))
        return
    st.markdown(f"**{plain(page.stored.plan.meta.name)}**")
    st.caption(
        page.t(
            "shell.saved",
            revision=page.stored.revision,
            when=local_time(page, page.stored.saved_at),
        )
    )


def _stale_banner(page: PageContext) -> None:
    if page.stored is None:
        return
    st.warning(
        page.t("shell.changed_elsewhere", current=page.latest_revision, mine=page.stored.revision),
        icon=":material/sync_problem:",
    )
    st.button(
        page.t("shell.load_latest"),
        key="load_latest",
        on_click=_load_latest,
        args=(page.stored.id,),
    )


def _said_loaded_latest(page: PageContext) -> None:
    """After "Load the latest version", say so once: the fields were given its values."""
    loaded = st.session_state.pop(_LOADED_LATEST, None)
    if page.stored is not None and loaded == page.stored.id:
        st.toast(page.t("shell.loaded_latest", revision=page.stored.revision), icon="🔄")


def _load_latest(plan_id: str) -> None:
    """Show the plan's latest revision over the refused or unsaved edits. A callback, so it runs
    as the click's run starts: a rerun the user sets off at once (typing, Enter) interrupts the
    run, and a click read in the page's body would then be lost (seen in Chromium)."""
    from ui.editing import discard_unsaved  # ui.editing builds on this module

    discard_unsaved()
    _bases().pop(plan_id, None)
    st.session_state[_LOADED_LATEST] = plan_id


def plain(text: str) -> str:
    """User text made inert for st.markdown (no links, images or formatting)."""
    specials = "\\`*_[]<>!|~$:#"
    return "".join("\\" + ch if ch in specials else ch for ch in text)
