"""The plan to take away: the Excel workbook's download button, built only when clicked."""

from __future__ import annotations

import streamlit as st

from planner.plan.model import Plan
from planner.share import export_name, plan_workbook
from planner.simulation.result import SimulationResult
from ui.shell import PageContext

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_button(
    page: PageContext, plan: Plan, key: str, result: SimulationResult | None = None
) -> None:
    """Download the plan as an XLSX workbook (with the simulation's bands when given)."""
    st.download_button(
        page.t("share.download"),
        data=lambda: plan_workbook(plan, page.lang, result),
        file_name=export_name(plan.meta.name, "xlsx"),
        mime=XLSX,
        key=key,
        icon=":material/table_view:",
        help=page.t("share.download_help"),
        on_click="ignore",
    )
