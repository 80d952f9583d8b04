"""Target step: market, segments editor, BANT grid and the quick qualification form."""

from __future__ import annotations

import streamlit as st

from planner.core.i18n import fmt_number, plural
from planner.plan.bant import ANSWERS, CRITERIA, qualify
from planner.plan.editing import drop_none, replace_fields, replace_part, with_ids
from planner.plan.model import Market, OfferCategory, Plan
from ui.editing import commit, commit_table, owner, seed, table
from ui.shell import PageContext, plain

COMMON = ("name", "priority", "addressable_count", "pains", "value_proposition")
B2B_FIELDS = ("sector", "size_band", "location", "decision_makers")
B2C_FIELDS = ("persona", "age_band", "region", "consent_basis")
CONSENT = ("opt_in", "existing_customer", "none")
UNSET = "unset"  # the offer category not said


def market(page: PageContext, plan: Plan) -> None:
    """B2B or B2C: changes vocabulary, fields, defaults and compliance reminders."""
    seed("market", plan.meta.market.value, owner(page))
    chosen = st.radio(
        page.t("target.market"),
        [m.value for m in Market],
        key="market",
        horizontal=True,
        format_func=lambda m: page.t(f"target.market_{m}"),
        help=page.t("target.market_help"),
    )
    if chosen != plan.meta.market.value and commit(
        page, replace_fields(plan, "meta", {"market": chosen}), "edited"
    ):
        st.rerun()


def offer_category(page: PageContext, plan: Plan) -> None:
    """What the offer is about, where the law bans canvassing consumers for some sectors."""
    current = plan.offer.category.value if plan.offer.category else UNSET
    seed("offer_category", current, owner(page))
    chosen = st.selectbox(
        page.t("target.offer_category.label"),
        [UNSET, *(c.value for c in OfferCategory)],
        key="offer_category",
        format_func=lambda c: page.t(
            "target.offer_category.unset" if c == UNSET else f"offer_category.{c}"
        ),
        help=page.t("target.offer_category.help"),
    )
    if chosen is not None and chosen != current:
        value = None if chosen == UNSET else chosen
        if commit(page, replace_fields(plan, "offer", {"category": value}), "edited"):
            st.rerun()


def segments(page: PageContext, plan: Plan) -> None:
    """The ideal-customer segments, with the fields of the plan's market."""
    fields = B2B_FIELDS if plan.meta.market is Market.B2B else B2C_FIELDS
    prefix = f"target.segment_{plan.meta.market.value}"
    columns = {
        "id": None,
        "name": st.column_config.TextColumn(page.t(f"{prefix}.name"), required=True, max_chars=120),
        **{f: _column(page, prefix, f) for f in fields},
        "pains": st.column_config.TextColumn(
            page.t("target.pains"), help=page.t("target.pains_help")
        ),
        "value_proposition": st.column_config.TextColumn(
            page.t("target.value_proposition"), help=page.t("target.value_proposition_help")
        ),
        "addressable_count": st.column_config.NumberColumn(
            page.t("target.addressable_count"),
            min_value=0,
            step=1,
            format="%d",
            help=page.t("target.addressable_count_help"),
        ),
        "priority": st.column_config.NumberColumn(
            page.t("target.priority"),
            min_value=1,
            max_value=5,
            step=1,
            format="%d",
            help=page.t("target.priority_help"),
        ),
    }
    rows = [s.model_dump(include={"id", *COMMON, *fields}) for s in plan.segments]
    for row in rows:
        if "consent_basis" in row and not row["consent_basis"]:
            row["consent_basis"] = "none"
    edited = table(f"segments_{plan.meta.market.value}", rows, columns)
    if plan.segments:
        first = min(s.priority for s in plan.segments)
        st.caption(
            page.t(
                "target.segments_summary",
                segments=plural(page.lang, "count.segments", len(plan.segments)),
                addressable=fmt_number(sum(s.addressable_count for s in plan.segments), page.lang),
                first=plain(", ".join(s.name for s in plan.segments if s.priority == first)),
            )
        )
    if edited is None:
        return
    kept = {s.id: s.model_dump(mode="json") for s in plan.segments}
    merged = []
    for row in with_ids(edited):
        if row.get("consent_basis") == "none":
            row["consent_basis"] = ""
        merged.append({**kept.get(row["id"], {}), **drop_none(row)})
    commit_table(
        page, f"segments_{plan.meta.market.value}", replace_part(plan, "segments", merged), "edited"
    )


def _column(page: PageContext, prefix: str, field: str) -> object:
    if field == "consent_basis":
        return st.column_config.SelectboxColumn(
            page.t(f"{prefix}.{field}"),
            options=list(CONSENT),
            format_func=lambda c: page.t(f"target.consent.{c}"),
            help=page.t("target.consent_help"),
        )
    return st.column_config.TextColumn(page.t(f"{prefix}.{field}"))


def bant_grid(page: PageContext, plan: Plan) -> None:
    """For Budget, Authority, Need and Timing: a question, a weight and a minimum answer."""
    rows = [
        {
            "criterion": c,
            "question": getattr(plan.bant, c).question,
            "weight": getattr(plan.bant, c).weight,
            "threshold": getattr(plan.bant, c).threshold,
        }
        for c in CRITERIA
    ]
    columns = {
        "criterion": st.column_config.SelectboxColumn(
            page.t("target.bant_criterion"),
            options=list(CRITERIA),
            disabled=True,
            format_func=lambda c: page.t(f"target.bant.{c}"),
        ),
        "question": st.column_config.TextColumn(page.t("target.bant_question"), width="large"),
        "weight": st.column_config.NumberColumn(
            page.t("target.bant_weight"), min_value=0, max_value=100
        ),
        "threshold": st.column_config.SelectboxColumn(
            page.t("target.bant_threshold"),
            options=list(ANSWERS),
            help=page.t("target.bant_threshold_help"),
            format_func=lambda a: page.t(f"target.answer.{a}"),
        ),
    }
    edited = table("bant_table", rows, columns, dynamic=False)
    seed("bant_qualified_score", float(plan.bant.qualified_score), owner(page))
    bar = st.slider(
        page.t("target.bant_bar"),
        0.0,
        100.0,
        format="%.0f",
        step=5.0,
        key="bant_qualified_score",
        help=page.t("target.bant_bar_help"),
    )
    grid = plan.bant.model_dump(mode="json") | {"qualified_score": bar}
    for row in edited or []:
        grid[row["criterion"]] = drop_none({k: row[k] for k in ("question", "weight", "threshold")})
        grid[row["criterion"]].setdefault("question", "")
    if edited is not None:
        commit_table(page, "bant_table", replace_part(plan, "bant", grid), "edited")
    elif bar != plan.bant.qualified_score and commit(page, replace_part(plan, "bant", grid)):
        st.rerun()


def qualify_form(page: PageContext, plan: Plan) -> None:
    """Qualify one prospect with the grid: score, verdict and the reason."""
    columns = st.columns(len(CRITERIA))
    answers = {
        c: col.selectbox(
            page.t(f"target.bant.{c}"),
            ANSWERS,
            index=0,
            key=f"qualify_{c}",
            format_func=lambda a: page.t(f"target.answer.{a}"),
            help=getattr(plan.bant, c).question or None,
        )
        for c, col in zip(CRITERIA, columns, strict=True)
    }
    result = qualify(plan.bant, answers)
    score_col, verdict_col = st.columns([1, 3])
    score_col.metric(page.t("target.bant_score"), f"{fmt_number(result.score, page.lang)} / 100")
    reasons = " ".join(r.message(page.lang) for r in result.reasons)
    if result.qualified:
        verdict_col.success(
            f"**{page.t('target.qualified')}** — {reasons}", icon=":material/check_circle:"
        )
    else:
        verdict_col.warning(
            f"**{page.t('target.not_qualified')}** — {reasons}", icon=":material/cancel:"
        )
