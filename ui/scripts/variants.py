"""Scripts step: named variants of script parts for A/B tests, attached to cadence steps."""

from __future__ import annotations

import streamlit as st

from planner.plan.editing import drop_none, replace_part, with_ids, with_script
from planner.plan.model import Plan, Script, ScriptPart
from planner.scripts.text import parts_for
from ui.editing import commit_table, table
from ui.shell import PageContext


def variants(page: PageContext, plan: Plan, script: Script) -> None:
    """The script's variants: a name, the part it replaces and its text."""
    key = f"variants_{script.id}"
    parts = [p.value for p in parts_for(plan.channel(script.channel_id).kind)]
    columns = {
        "id": None,
        "name": st.column_config.TextColumn(
            page.t("scriptpage.variants.name"), required=True, max_chars=120
        ),
        "part": st.column_config.SelectboxColumn(
            page.t("scriptpage.variants.part"),
            options=parts,
            required=True,
            default=ScriptPart.HOOK.value,
            format_func=lambda p: page.t(f"scripts.part.{p}"),
        ),
        "text": st.column_config.TextColumn(page.t("scriptpage.variants.text"), width="large"),
    }
    rows = [
        v.model_dump(mode="json", include={"id", "name", "part", "text"}) for v in script.variants
    ]
    edited = table(key, rows, columns)
    if edited is None:
        return
    kept = {v.id: v.model_dump(mode="json") for v in script.variants}
    items = [
        kept.get(str(r["id"]), {"part": ScriptPart.HOOK.value}) | drop_none(r)
        for r in with_ids(edited)
        if r.get("name")
    ]
    document = with_script(plan, script.id, {"variants": items})
    known = {str(i["id"]) for i in items}
    # A deleted variant is no longer sent by the cadence steps that used it.
    document["cadence"] = [
        step
        | (
            {"variant_id": None}
            if step["script_id"] == script.id and step["variant_id"] not in known
            else {}
        )
        for step in document["cadence"]
    ]
    commit_table(page, key, document, "edited")


def cadence_variants(page: PageContext, plan: Plan, script: Script) -> None:
    """Which variant each cadence step using this script sends."""
    steps = [s for s in plan.cadence if s.script_id == script.id]
    if not steps:
        st.caption(page.t("scriptpage.variants.cadence_none"))
        return
    choices = {"": page.t("scriptpage.variants.no_variant")} | {
        v.id: v.name for v in script.variants
    }
    columns = {
        "id": None,
        "day_offset": st.column_config.NumberColumn(
            page.t("scriptpage.variants.day"), disabled=True, format="%d"
        ),
        "action": st.column_config.TextColumn(page.t("scriptpage.variants.action"), disabled=True),
        "variant_id": st.column_config.SelectboxColumn(
            page.t("scriptpage.variants.variant"),
            options=list(choices),
            format_func=lambda v: choices.get(str(v), str(v)),
        ),
    }
    rows = [
        {
            "id": s.id,
            "day_offset": s.day_offset,
            "action": s.action,
            "variant_id": s.variant_id or "",
        }
        for s in sorted(steps, key=lambda s: s.day_offset)
    ]
    key = f"cadence_variants_{script.id}"
    edited = table(key, rows, columns, dynamic=False)
    if edited is None:
        return
    chosen = {str(r["id"]): (r.get("variant_id") or None) for r in edited}
    items = [
        s.model_dump(mode="json") | ({"variant_id": chosen[s.id]} if s.id in chosen else {})
        for s in plan.cadence
    ]
    commit_table(page, key, replace_part(plan, "cadence", items), "edited")
