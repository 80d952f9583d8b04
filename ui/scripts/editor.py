"""Scripts step: pick or create a channel's script and edit its parts, arguments and objections."""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.plan.editing import new_id, objection_items, replace_part, with_script
from planner.plan.model import ChannelKind, Plan, Script, ScriptPart, SoncasMotive
from planner.scripts.text import EMAIL_KINDS, SIGNED_KINDS, motive_name, parts_for
from ui.editing import commit, commit_table, owner, seed, table
from ui.shell import PageContext, plain

_PICK = "_script_pick"


def chooser(page: PageContext, plan: Plan) -> Script | None:
    """Pick the script to work on; create one for a channel; None while there is none."""
    names = {c.id: c.name for c in plan.channels}
    labels = {
        s.id: page.t("scriptpage.script_label", name=s.name, channel=names.get(s.channel_id, ""))
        for s in plan.scripts
    }
    if st.session_state.get(_PICK) in labels:
        st.session_state["script_choice"] = st.session_state.pop(_PICK)
    chosen = None
    if labels:
        chosen = st.selectbox(
            page.t("scriptpage.choose"),
            list(labels),
            key="script_choice",
            format_func=lambda s: labels.get(s, s),
            help=page.t("scriptpage.choose_help"),
        )
    else:
        st.info(page.t("scriptpage.no_script"), icon=":material/edit_note:")
    with st.expander(page.t("scriptpage.new_title"), icon=":material/add:", expanded=not labels):
        channel_id = st.selectbox(
            page.t("scriptpage.new_channel"),
            list(names),
            key="new_script_channel",
            format_func=lambda c: names.get(c, c),
        )
        if st.button(
            page.t("scriptpage.new_button"),
            key="new_script",
            icon=":material/add:",
            help=page.t("scriptpage.new_help"),
        ):
            fresh = new_script(page, plan, channel_id)
            document = replace_part(
                plan, "scripts", [*plan.model_dump(mode="json")["scripts"], fresh]
            )
            if commit(page, document, "edited"):
                st.session_state[_PICK] = fresh["id"]
                st.rerun()
    return next((s for s in plan.scripts if s.id == chosen), None)


def new_script(page: PageContext, plan: Plan, channel_id: str) -> dict[str, Any]:
    """A script for a channel, prefilled from the channel's template and the first segment."""
    channel = plan.channel(channel_id)
    fields = {
        key: f"{page.t(f'scripts.sample.{sample}.label')}"
        for key, sample in (
            ("name", "name"),
            ("rep", "rep"),
            ("company", "company"),
            ("prospect", "prospect_company"),
            ("problem", "problem"),
            ("reference", "reference_customer"),
            ("day", "day"),
            ("opt_out", "opt_out_link"),
        )
    }

    def text(key: str) -> str:
        return page.t(f"scriptpage.template.{key}", **fields)

    style = {ChannelKind.PHONE: "phone", ChannelKind.EMAIL: "email"}.get(channel.kind, "other")
    segment = min(plan.segments, key=lambda s: s.priority, default=None)
    script: dict[str, Any] = {
        "id": new_id(f"script-{channel.id}", [s.id for s in plan.scripts]),
        "channel_id": channel.id,
        "name": page.t("scriptpage.template.name", channel=channel.name)[:120],
        "hook": text(f"{style}_hook"),
        "value_argument": (segment.value_proposition if segment else "") or text("value"),
        "proof": text("proof"),
        "call_to_action": text(f"{'other' if style == 'other' else style}_cta"),
        "segment_id": segment.id if segment else None,
    }
    if channel.kind in EMAIL_KINDS:
        script["subject"] = text("email_subject")
    if channel.kind in SIGNED_KINDS:
        script["signature"] = text("signature")
    else:
        script["call_to_action"] += " " + text("right_to_object")
    return script


def delete_button(page: PageContext, plan: Plan, script: Script) -> None:
    """Remove the script; cadence steps that used it keep their action without a script."""
    if not st.button(
        page.t("scriptpage.delete"),
        key=f"delete_script_{script.id}",
        icon=":material/delete:",
        help=page.t("scriptpage.delete_help"),
    ):
        return
    document = replace_part(
        plan, "scripts", [s.model_dump(mode="json") for s in plan.scripts if s.id != script.id]
    )
    document["cadence"] = [
        step | ({"script_id": None, "variant_id": None} if step["script_id"] == script.id else {})
        for step in document["cadence"]
    ]
    if commit(page, document, "edited"):
        st.rerun()


def editor(page: PageContext, plan: Plan, script: Script) -> None:
    """The script's name, segment and parts, each saved as soon as it changes."""
    mine, prefix = owner(page), f"sc_{script.id}"
    kind = plan.channel(script.channel_id).kind
    segments = {"": page.t("scriptpage.editor.segment_none")} | {
        s.id: s.name for s in plan.segments
    }
    seed(f"{prefix}_name", script.name, mine)
    seed(f"{prefix}_segment", script.segment_id or "", mine)
    seed(f"{prefix}_value_motives", [m.value for m in script.value_motives], mine)
    name_col, segment_col = st.columns(2)
    values: dict[str, Any] = {
        "name": name_col.text_input(page.t("scriptpage.name"), key=f"{prefix}_name"),
        "segment_id": segment_col.selectbox(
            page.t("scriptpage.editor.segment"),
            list(segments),
            key=f"{prefix}_segment",
            format_func=lambda s: segments.get(s, s),
            help=page.t("scriptpage.editor.segment_help"),
        )
        or None,
    }
    for part in parts_for(kind):
        seed(f"{prefix}_{part.value}", script.part(part), mine)
        if part is ScriptPart.VALUE_ARGUMENT:
            text_col, side = st.columns([3, 2])
            values[part.value] = _part_area(page, text_col, prefix, part)
            values["value_motives"] = text_col.multiselect(
                page.t("scriptpage.editor.value_motives"),
                [m.value for m in SoncasMotive],
                key=f"{prefix}_value_motives",
                format_func=lambda m: motive_name(SoncasMotive(m), page.lang),
                help=page.t("scriptpage.editor.motives_help"),
                placeholder=page.t("shell.choose_options"),
                select_all=False,  # its label is English only
            )
            with side:
                _segment_beside(page, plan, values["segment_id"])
        else:
            values[part.value] = _part_area(page, st, prefix, part)
    current = script.model_dump(mode="json", include=set(values))
    if values != current and commit(page, with_script(plan, script.id, values), "edited"):
        st.rerun()


def _part_area(page: PageContext, where: Any, prefix: str, part: ScriptPart) -> str:
    help_text = page.t(f"scriptpage.editor.{part.value}_help")
    return str(
        where.text_area(
            page.t(f"scripts.part.{part.value}"),
            key=f"{prefix}_{part.value}",
            height=68 if part is ScriptPart.SUBJECT else 100,
            help=f"{help_text}\n\n{page.t('scripts.placeholder.help')}",
        )
    )


def _segment_beside(page: PageContext, plan: Plan, segment_id: str | None) -> None:
    segment = next((s for s in plan.segments if s.id == segment_id), None)
    if segment is None:
        return
    if not (segment.pains or segment.value_proposition):
        st.caption(page.t("scriptpage.editor.no_segment_text"))
        return
    with st.container(border=True):
        for label, text in (
            ("pains", segment.pains),
            ("value_proposition", segment.value_proposition),
        ):
            if text:
                st.markdown(f"**{page.t(f'scriptpage.editor.{label}')}**  \n{plain(text)}")


def arguments(page: PageContext, plan: Plan, script: Script) -> None:
    """Extra arguments of the script, each tagged with SONCAS motives."""
    st.markdown(f"**{page.t('scriptpage.editor.arguments')}**")
    st.caption(page.t("scriptpage.editor.arguments_intro"))
    key = f"arguments_{script.id}"
    columns = {
        "text": st.column_config.TextColumn(
            page.t("scriptpage.editor.argument_text"), required=True, width="large"
        ),
        "motives": st.column_config.MultiselectColumn(
            page.t("scripts.soncas.title"),
            options=[m.value for m in SoncasMotive],
            format_func=lambda m: motive_name(SoncasMotive(m), page.lang),
            help=page.t("scriptpage.editor.motives_help"),
        ),
    }
    rows = [a.model_dump(mode="json") for a in script.arguments]
    edited = table(key, rows, columns)
    if edited is None:
        return
    items = [
        {"text": str(r.get("text") or ""), "motives": list(r.get("motives") or [])}
        for r in edited
        if str(r.get("text") or "").strip()
    ]
    commit_table(page, key, with_script(plan, script.id, {"arguments": items}), "edited")


def objections(page: PageContext, plan: Plan, script: Script) -> None:
    """The script's objections and prepared answers; more can be taken from the library."""
    st.markdown(f"**{page.t('scriptpage.editor.objections')}**")
    st.caption(page.t("scriptpage.editor.objections_intro"))
    key = f"script_objections_{script.id}"
    edited = table(key, [o.model_dump() for o in script.objections], objection_columns(page))
    if edited is not None:
        items = objection_items(edited)
        commit_table(page, key, with_script(plan, script.id, {"objections": items}), "edited")
    have = {o.objection for o in script.objections}
    offered = [o for o in plan.objection_library if o.objection not in have]
    if not offered:
        return
    picked = st.multiselect(
        page.t("scriptpage.editor.from_library"),
        list(range(len(offered))),
        key=f"library_pick_{script.id}",
        format_func=lambda i: offered[i].objection,
        select_all=False,  # its label is English only
        placeholder=page.t("shell.choose_options"),
    )
    if st.button(
        page.t("scriptpage.editor.from_library_button"),
        key=f"library_add_{script.id}",
        disabled=not picked,
    ):
        items = [o.model_dump() for o in script.objections]
        items += [offered[i].model_dump() for i in picked]
        commit_table(page, key, with_script(plan, script.id, {"objections": items}), "edited")


def objection_columns(page: PageContext) -> dict[str, Any]:
    """Table columns of an objection and its answer."""
    return {
        "objection": st.column_config.TextColumn(
            page.t("scriptpage.editor.objection"), required=True, width="medium"
        ),
        "answer": st.column_config.TextColumn(page.t("scriptpage.editor.answer"), width="large"),
    }
