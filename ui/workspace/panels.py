"""Workspace panels: the open plan's actions, the list of plans, new plans and imports."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from planner import storage
from planner.core.i18n import fmt_date, plural
from planner.core.problems import InvalidInput
from planner.plan.model import Market
from planner.plan.planfile import parse_plan, plan_to_json
from planner.plan.scenarios import (
    SCENARIO_IDS,
    blank_plan,
    build_scenario,
    scenario_description,
    scenario_name,
)
from planner.share import export_name
from planner.storage import Access
from ui.browser import lost_upload
from ui.editing import owner, seed
from ui.shell import PageContext, local_time, open_plan, plain, save
from ui.workspace.history import history
from ui.workspace.share import compare_buttons, report_buttons, workbook_button

BLANK = "blank"


def current_plan(page: PageContext) -> None:
    """The open plan: what it is, and rename, duplicate, export, delete, history."""
    stored = page.stored
    if stored is None:
        st.info(page.t("workspace.no_plan_open"), icon=":material/info:")
        return
    meta = stored.plan.meta
    with st.container(border=True):
        st.subheader(plain(meta.name), anchor=False)
        st.caption(
            page.t(
                "workspace.plan_facts",
                market=page.t(f"market.{meta.market.value}"),
                start=fmt_date(meta.start_date, page.lang),
                end=fmt_date(meta.end_date, page.lang),
                weeks=plural(page.lang, "count.weeks", meta.horizon_weeks),
                channels=plural(page.lang, "count.channels", len(stored.plan.channels)),
            )
        )
        _rename(page)
        with st.container(horizontal=True):
            _actions(page)
        _confirm_delete(page)
        if page.user is not None:
            share_panel(page)
        history(page)


def _rename(page: PageContext) -> None:
    if page.stored is None:
        return
    seed("rename_name", page.stored.plan.meta.name, owner(page))
    name_col, button_col = st.columns([4, 1], vertical_alignment="bottom")
    new_name = name_col.text_input(page.t("workspace.name"), key="rename_name", max_chars=120)
    if button_col.button(page.t("workspace.rename"), key="rename"):
        if not new_name.strip():
            st.error(page.t("workspace.name_required"))
            return
        plan = page.stored.plan
        if new_name.strip() == plan.meta.name:  # nothing changed: no revision
            st.info(page.t("workspace.name_unchanged"), icon=":material/info:")
            return
        renamed = plan.model_copy(
            update={"meta": plan.meta.model_copy(update={"name": new_name.strip()})}
        )
        if save(page, renamed, "renamed"):
            st.rerun()


def _actions(page: PageContext) -> None:
    if page.stored is None:
        return
    plan = page.stored.plan
    if st.button(page.t("workspace.duplicate"), key="duplicate", icon=":material/content_copy:"):
        copy_name = page.t("workspace.copy_of", name=plan.meta.name)[:120]
        copy = storage.duplicate_plan(page.engine, page.stored.id, copy_name, owner=page.user or "")
        open_plan(copy.id)
    st.download_button(
        page.t("workspace.export"),
        data=plan_to_json(plan),
        file_name=export_name(plan.meta.name, "json"),
        mime="application/json",
        key="export",
        icon=":material/download:",
        on_click="ignore",
    )
    workbook_button(page, plan, "export_xlsx")
    report_buttons(page, plan, "export_report")
    with st.expander(page.t("compare.title_ui"), icon=":material/compare:"):
        compare_buttons(page, plan)
    if st.button(page.t("workspace.delete"), key="delete", icon=":material/delete:"):
        if page.access is not Access.OWNER:
            st.error(page.t("signin.owner_only", owner=_owner_name(page, page.owner)))
            return
        st.session_state["confirm_delete"] = page.stored.id


def _confirm_delete(page: PageContext) -> None:
    if page.stored is None:
        return
    if st.session_state.get("confirm_delete") != page.stored.id:
        return
    st.warning(page.t("workspace.delete_question", name=plain(page.stored.plan.meta.name)))
    yes_col, no_col = st.columns([1, 4])
    if yes_col.button(page.t("workspace.delete_confirm"), key="delete_confirm", type="primary"):
        if page.access is not Access.OWNER:
            return
        storage.delete_plan(page.engine, page.stored.id)
        st.session_state.pop("confirm_delete", None)
        st.toast(page.t("workspace.deleted", name=plain(page.stored.plan.meta.name)))
        open_plan(None)
    if no_col.button(page.t("workspace.delete_cancel"), key="delete_cancel"):
        st.session_state.pop("confirm_delete", None)
        st.rerun()


def plan_list(page: PageContext) -> None:
    """The plans this person may open (every plan without sign-in), each with an Open button."""
    visible = storage.visible_plans(page.engine, page.user)
    st.subheader(page.t("workspace.your_plans"), anchor=False)
    if not visible:
        st.caption(page.t("workspace.empty"))
        return
    for shown in visible:
        summary = shown.summary
        name_col, market_col, saved_col, open_col = st.columns(
            [4, 1, 2, 1.5], vertical_alignment="center"
        )
        is_open = page.stored is not None and page.stored.id == summary.id
        name_col.text(("● " if is_open else "") + summary.name)
        if page.user is not None and shown.access is not Access.OWNER:
            name_col.caption(
                page.t(
                    "workspace_owner.shared_by",
                    owner=plain(_owner_name(page, summary.owner)),
                    access=page.t(f"workspace_owner.access_{shown.access.name.lower()}"),
                )
            )
        market_col.text(page.t(f"market.{summary.market}"))
        saved_col.text(local_time(page, summary.updated_at))
        if open_col.button(
            page.t("workspace.open"), key=f"open_{summary.id}", disabled=is_open, width="stretch"
        ):
            open_plan(summary.id)


def _owner_name(page: PageContext, owner: str) -> str:
    return owner or page.t("signin.no_owner")


def share_panel(page: PageContext) -> None:
    """Whom the open plan is shared with; its owner adds people or everyone, and removes them."""
    if page.stored is None:
        return
    plan_id = page.stored.id
    with st.expander(page.t("share_plan.title"), icon=":material/group_add:"):
        if page.access is not Access.OWNER:
            st.caption(page.t("signin.owner_only", owner=plain(_owner_name(page, page.owner))))
            return
        st.caption(page.t("share_plan.intro"))
        permissions = [p.value for p in storage.Permission]
        with st.form("share_form", clear_on_submit=True, border=False):
            email = st.text_input(
                page.t("share_plan.email"),
                key="share_email",
                help=page.t("share_plan.email_help"),
                placeholder="name@company.com",
            )
            permission = st.radio(
                page.t("share_plan.permission"),
                permissions,
                key="share_permission",
                horizontal=True,
                format_func=lambda p: page.t(f"share_plan.{p}"),
            )
            everyone = st.checkbox(
                page.t("share_plan.everyone"),
                key="share_everyone",
                help=page.t("share_plan.everyone_help"),
            )
            rooms = {r.id: r.name for r in storage.rooms_of(page.engine, page.user) if r.is_open}
            room = st.selectbox(
                page.t("share_plan.room"),
                [None, *rooms],
                format_func=lambda r: page.t("share_plan.no_room") if r is None else rooms[r],
                key="share_room",
                help=page.t("share_plan.room_help"),
            )
            sent = st.form_submit_button(page.t("share_plan.add"), icon=":material/share:")
        if sent:
            if everyone:
                grantee = storage.EVERYONE
            else:
                grantee = storage.room_grantee(room) if room else email
            _share(page, plan_id, grantee, storage.Permission(permission))
        _shares_list(page, plan_id)


def _share(page: PageContext, plan_id: str, grantee: str, permission: storage.Permission) -> None:
    if grantee.strip().lower() == page.user:
        st.warning(page.t("share_plan.yourself"))
        return
    try:
        shared = storage.share_plan(page.engine, plan_id, grantee, permission)
    except storage.InvalidGrantee as exc:
        st.error(page.t("share_plan.bad_email", text=plain(exc.text)), icon=":material/error:")
        return
    st.success(
        page.t(
            "share_plan.shared",
            who=_grantee_name(page, shared.grantee),
            permission=page.t(f"share_plan.{permission.value}"),
        )
    )


def _grantee_name(page: PageContext, grantee: str) -> str:
    if grantee == storage.EVERYONE:
        return page.t("share_plan.everyone")
    if grantee.startswith(storage.ROOM):
        try:
            room = storage.find_room(page.engine, grantee.removeprefix(storage.ROOM))
        except storage.RoomNotFound:
            return page.t("share_plan.gone_room")
        return page.t("share_plan.room_named", room=plain(room.name))
    return plain(grantee)


def _shares_list(page: PageContext, plan_id: str) -> None:
    shares = storage.shares_of(page.engine, plan_id)
    if not shares:
        st.caption(page.t("share_plan.none"))
        return
    st.markdown(f"**{page.t('share_plan.shared_with')}**")
    for given in shares:
        who_col, what_col, remove_col = st.columns([4, 1, 2], vertical_alignment="center")
        who_col.markdown(_grantee_name(page, given.grantee))
        what_col.text(page.t(f"share_plan.{given.permission.value}"))
        if remove_col.button(
            page.t("share_plan.remove"), key=f"unshare_{given.grantee}", width="stretch"
        ):
            storage.unshare_plan(page.engine, plan_id, given.grantee)
            st.toast(page.t("share_plan.removed", who=_grantee_name(page, given.grantee)))
            st.rerun()


def _next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


def new_plan(page: PageContext) -> None:
    """Create a plan from a demo scenario or blank."""
    options = [*SCENARIO_IDS, BLANK]
    choice = st.selectbox(
        page.t("workspace.template"),
        options,
        key="new_template",
        format_func=lambda sid: (
            page.t("workspace.blank") if sid == BLANK else scenario_name(sid, page.lang)
        ),
    )
    if choice == BLANK:
        market = st.radio(
            page.t("workspace.market"),
            [m.value for m in Market],
            key="new_market",
            horizontal=True,
            format_func=lambda m: page.t(f"market.{m}"),
        )
        default_name = page.t("workspace.blank_name")
    else:
        st.caption(scenario_description(choice, page.lang))
        market, default_name = "", scenario_name(choice, page.lang)
    seed("new_name", default_name, f"{choice}:{page.lang}")
    name = st.text_input(page.t("workspace.name"), key="new_name", max_chars=120)
    start = st.date_input(
        page.t("workspace.start_date"),
        value=_next_monday(dt.date.today()),
        key="new_start",
        format="DD/MM/YYYY" if page.lang == "fr" else "YYYY-MM-DD",
    )
    if st.button(page.t("workspace.create"), key="create", type="primary", icon=":material/add:"):
        if not name.strip():
            st.error(page.t("workspace.name_required"))
            return
        if choice == BLANK:
            plan = blank_plan(name.strip(), Market(market), page.lang, start)
        else:
            built = build_scenario(choice, page.lang, start)
            plan = built.model_copy(
                update={"meta": built.meta.model_copy(update={"name": name.strip()})}
            )
        created = storage.create_plan(page.engine, plan, owner=page.user or "")
        open_plan(created.id)


def import_plan(page: PageContext) -> None:
    """Import a plan file: validated first, every problem listed, nothing saved when invalid."""
    lost = lost_upload("import_file")  # read before the uploader takes the browser's state
    upload = st.file_uploader(page.t("workspace.import_file"), type=["json"], key="import_file")
    if upload is None and lost:
        st.warning(page.t("editing.upload_lost"), icon=":material/cloud_off:")
    if upload is None:
        return
    try:
        plan = parse_plan(upload.getvalue())
    except InvalidInput as exc:
        st.error(
            plural(
                page.lang,
                "workspace.import_invalid",
                len(exc.problems),
                name=plain(upload.name),
            )
        )
        st.dataframe(
            pd.DataFrame({page.t("workspace.problem"): exc.messages(page.lang)}),
            hide_index=True,
            width="stretch",
            key="import_problems",
        )
        return
    st.success(
        page.t(
            "workspace.import_valid",
            name=plain(plan.meta.name),
            channels=plural(page.lang, "count.channels", len(plan.channels)),
        )
    )
    if st.button(page.t("workspace.import_confirm"), key="import_confirm", type="primary"):
        created = storage.create_plan(page.engine, plan, summary="imported", owner=page.user or "")
        open_plan(created.id)
