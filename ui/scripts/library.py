"""Scripts step panels for every script: objection library, discovery guide, sample prospect."""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.plan.editing import objection_items, replace_fields, replace_part
from planner.plan.model import Plan, QqoqcpAxis
from planner.plan.starters import starter_discovery, starter_objections, starter_sample
from planner.scripts.text import axis_name
from ui.editing import commit, commit_table, owner, seed, table
from ui.scripts.editor import objection_columns
from ui.shell import PageContext


def objection_library(page: PageContext, plan: Plan) -> None:
    """The plan's objection library: edit and extend it, or add the starter objections."""
    if not plan.objection_library:
        st.info(page.t("scriptpage.library.empty"), icon=":material/forum:")
    rows = [o.model_dump() for o in plan.objection_library]
    edited = table("objection_library", rows, objection_columns(page))
    if edited is not None:
        document = replace_part(plan, "objection_library", objection_items(edited))
        commit_table(page, "objection_library", document, "edited")
    if st.button(
        page.t("scriptpage.library.starter"),
        key="starter_objections",
        icon=":material/library_add:",
        help=page.t("scriptpage.library.starter_help"),
    ):
        have = {o.objection for o in plan.objection_library}
        starters = starter_objections(page.lang, plan.meta.market)
        items = rows + [o.model_dump() for o in starters if o.objection not in have]
        commit_table(
            page, "objection_library", replace_part(plan, "objection_library", items), "edited"
        )


def discovery(page: PageContext, plan: Plan) -> None:
    """QQOQCP questions, the reformulation template and apparent vs deep need notes."""
    guide = plan.discovery
    axes = [a.value for a in QqoqcpAxis]
    columns = {
        "axis": st.column_config.SelectboxColumn(
            page.t("scriptpage.discovery.axis"),
            options=axes,
            required=True,
            default=axes[0],
            format_func=lambda a: axis_name(QqoqcpAxis(str(a)), page.lang),
        ),
        "question": st.column_config.TextColumn(
            page.t("scriptpage.discovery.question"), required=True, width="large"
        ),
    }
    rows = [q.model_dump(mode="json") for q in guide.questions]
    edited = table("discovery_questions", rows, columns)
    if edited is not None:
        items = [
            {"axis": r.get("axis") or axes[0], "question": str(r.get("question") or "")}
            for r in edited
            if str(r.get("question") or "").strip()
        ]
        document = replace_fields(plan, "discovery", {"questions": items})
        commit_table(page, "discovery_questions", document, "edited")
    if st.button(
        page.t("scriptpage.discovery.starter"),
        key="starter_questions",
        icon=":material/library_add:",
        help=page.t("scriptpage.discovery.starter_help"),
    ):
        starter = starter_discovery(page.lang, plan.meta.market)
        have = {q.question for q in guide.questions}
        fields: dict[str, Any] = {
            "questions": rows
            + [q.model_dump(mode="json") for q in starter.questions if q.question not in have]
        }
        for name in ("opening", "reformulation", "apparent_need", "deep_need"):
            if not getattr(guide, name).strip():
                fields[name] = getattr(starter, name)
        commit_table(
            page, "discovery_questions", replace_fields(plan, "discovery", fields), "edited"
        )
    _notes(page, plan)


def _notes(page: PageContext, plan: Plan) -> None:
    mine, values = owner(page), {}
    for name in ("opening", "reformulation", "apparent_need", "deep_need"):
        key = f"discovery_{name}"
        seed(key, getattr(plan.discovery, name), mine)
        helper = f"scriptpage.discovery.{name}_help"
        values[name] = st.text_area(
            page.t(f"scriptpage.discovery.{name}"),
            key=key,
            height=80,
            help=page.t(helper) if name != "opening" else None,
        )
    if values != plan.discovery.model_dump(include=set(values)) and commit(
        page, replace_fields(plan, "discovery", values), "edited"
    ):
        st.rerun()


def sample_prospect(page: PageContext, plan: Plan) -> None:
    """The fictitious prospect whose values fill placeholders in previews and exports."""
    values = plan.sample_prospect.values
    if not values:
        st.info(page.t("scriptpage.discovery.sample_empty"), icon=":material/person:")
    columns = {
        "field": st.column_config.TextColumn(
            page.t("scriptpage.discovery.field"), required=True, max_chars=60
        ),
        "value": st.column_config.TextColumn(page.t("scriptpage.discovery.value"), width="large"),
    }
    rows = [{"field": k, "value": v} for k, v in values.items()]
    edited = table("sample_prospect", rows, columns)
    if edited is not None:
        filled = {
            str(r["field"]).strip(): str(r.get("value") or "")
            for r in edited
            if str(r.get("field") or "").strip()
        }
        document = replace_part(plan, "sample_prospect", {"values": filled})
        commit_table(page, "sample_prospect", document, "edited")
    if not values and st.button(
        page.t("scriptpage.discovery.sample_starter"),
        key="starter_sample",
        icon=":material/person:",
    ):
        sample = starter_sample(page.lang).model_dump()
        commit_table(
            page, "sample_prospect", replace_part(plan, "sample_prospect", sample), "edited"
        )
