"""The plan to take away: the Excel workbook and the one-page report, built only when clicked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import pandas as pd
import streamlit as st

from planner import storage
from planner.core.problems import InvalidInput
from planner.plan.model import Plan
from planner.share import export_name, plan_workbook
from planner.share.comparison import (
    MOST,
    Compared,
    compared_rows,
    comparison_report,
    comparison_workbook,
    value_text,
)
from planner.share.report import Actuals, actuals_as_of, build_report, report_html, report_pdf
from planner.simulation import entry as sim
from planner.simulation.result import SimulationResult
from planner.storage.weekly import load_log
from planner.workshop import activity_needed
from ui.charts import show
from ui.shell import PageContext
from ui.simulation.result_charts import overlaid_fans
from ui.simulation.runs import required, simulated

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ReportKind = Literal["pdf", "html"]
MIME = {"pdf": "application/pdf", "html": "text/html"}
ICON = {"pdf": ":material/picture_as_pdf:", "html": ":material/description:"}
HIGHLIGHT = "background-color: #fff4ce"  # an assumption that differs between the plans


def workbook_button(
    page: PageContext, plan: Plan, key: str, result: SimulationResult | None = None
) -> None:
    """Download the plan as an XLSX workbook (with the simulation's bands when given)."""
    st.download_button(
        page.t("share.download"),
        data=lambda: plan_workbook(plan, page.lang, result, _actuals(page)),
        file_name=export_name(plan.meta.name, "xlsx"),
        mime=XLSX,
        key=key,
        icon=":material/table_view:",
        help=page.t("share.download_help"),
        on_click="ignore",
    )


def _actuals(page: PageContext) -> pd.DataFrame | None:
    """The open plan's event log, for the workbook's KPI and actual-week sheets."""
    return load_log(page.engine, page.stored.id) if page.stored is not None else None


def report_bytes(
    page: PageContext, plan: Plan, kind: ReportKind, result: SimulationResult | None = None
) -> bytes:
    """The one-page report of the page's plan: its simulation (the Simulation page's default
    run when none is given) and the actual results stored for it."""
    if result is None:
        result = simulated(plan, sim.DEFAULT_TRIALS, sim.DEFAULT_SEED, sim.Engine.FAST.value)
    actuals = None
    if page.stored is not None:
        events = load_log(page.engine, page.stored.id)
        as_of = actuals_as_of(plan, events)
        actuals = Actuals(events, as_of) if as_of is not None else None
    revision = page.stored.revision if page.stored is not None else None
    report = build_report(plan, page.lang, result, revision=revision, actuals=actuals)
    return report_pdf(report) if kind == "pdf" else report_html(report)


def report_buttons(
    page: PageContext, plan: Plan, key: str, result: SimulationResult | None = None
) -> None:
    """Download the one-page plan as PDF and as HTML; each is built when its button is clicked."""
    for kind in ("pdf", "html"):

        def build(kind: ReportKind = kind) -> Callable[[], bytes]:
            return lambda: report_bytes(page, plan, kind, result)

        st.download_button(
            page.t(f"report.download_{kind}"),
            data=build(),
            file_name=export_name(plan.meta.name, kind),
            mime=MIME[kind],
            key=f"{key}_{kind}",
            icon=ICON[kind],
            help=page.t("report.download_help"),
            on_click="ignore",
        )


def compare_buttons(page: PageContext, plan: Plan) -> None:
    """Pick one to three other plans; all side by side on the page (the assumptions that differ
    marked, the fan charts overlaid, each objective's chance), as a PDF page or an Excel sheet."""
    if page.stored is None:
        return
    visible = storage.visible_plans(page.engine, page.user)
    others = [v.summary for v in visible if v.summary.id != page.stored.id]
    if not others:
        st.caption(page.t("compare.need_two"))
        return
    names = {p.id: p.name for p in others}
    chosen = st.multiselect(
        page.t("compare.pick_many"),
        list(names),
        format_func=names.__getitem__,
        key="compare_with",
        max_selections=MOST - 1,
        placeholder=page.t("compare.placeholder"),
        select_all=False,  # its label is English only
    )
    if not chosen:
        return
    compared = _compared(page, plan, [str(c) for c in chosen])
    if compared is None:
        return
    side_by_side(page, compared)
    name = " ".join([plan.meta.name, *(names[str(c)] for c in chosen)])
    left, right = st.columns(2)
    left.download_button(
        page.t("compare.download_pdf"),
        data=lambda: report_pdf(comparison_report(compared, page.lang)),
        file_name=export_name(name, "pdf"),
        mime=MIME["pdf"],
        key="compare_pdf",
        icon=ICON["pdf"],
        help=page.t("compare.help"),
        on_click="ignore",
    )
    right.download_button(
        page.t("compare.download_xlsx"),
        data=lambda: comparison_workbook(compared, page.lang),
        file_name=export_name(name, "xlsx"),
        mime=XLSX,
        key="compare_xlsx",
        icon=":material/table_view:",
        help=page.t("compare.help"),
        on_click="ignore",
    )


def _compared(page: PageContext, plan: Plan, other_ids: list[str]) -> Compared | None:
    """The open plan and the others chosen, each simulated (cached); None if one cannot run."""
    run = (sim.DEFAULT_TRIALS, sim.DEFAULT_SEED, sim.Engine.FAST.value)
    plans = [plan, *(storage.load_plan(page.engine, i).plan for i in other_ids)]
    try:
        needed = tuple(activity_needed(p, required) for p in plans)
        return Compared.of(*((p, simulated(p, *run)) for p in plans), needed=needed)
    except InvalidInput as exc:
        st.error(page.t("compare.cannot_run"), icon=":material/error:")
        for line in exc.messages(page.lang):
            st.text(line)
        return None


def _distinct(names: list[str]) -> list[str]:
    """The names, a repeated one numbered ("Plan", "Plan (2)"): each is a column."""
    seen: dict[str, int] = {}
    distinct = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        distinct.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return distinct


def side_by_side(page: PageContext, compared: Compared) -> None:
    """The plans compared on the page: a table with the differing assumptions highlighted, the
    fan charts of their revenue overlaid."""
    rows = compared_rows(compared, page.lang)
    headers = _distinct([p.meta.name for p in compared.plans])
    frame = pd.DataFrame(
        [
            {
                page.t("compare.part"): r.part,
                page.t("compare.measure"): r.label,
                **{
                    h: value_text(v, r.kind, p.meta.currency, page.lang)
                    for h, v, p in zip(headers, r.values, compared.plans, strict=True)
                },
            }
            for r in rows
        ]
    )
    assumptions = rows[0].part  # they come first; outcomes differ by nature
    differs = [r.differs and r.part == assumptions for r in rows]
    styled = frame.style.apply(
        lambda row: [HIGHLIGHT if differs[row.name] else "" for _ in row], axis=1
    )
    st.dataframe(styled, hide_index=True, width="stretch", key="compare_table")
    st.caption(page.t("compare.highlight_legend"))
    weekly = pd.concat(
        [
            r.weekly_frame().query("series == 'revenue'").assign(plan=h)
            for r, h in zip(compared.results, headers, strict=True)
        ],
        ignore_index=True,
    )
    show(overlaid_fans(weekly, page.t("simulation.series.revenue"), page.lang), page.lang)
