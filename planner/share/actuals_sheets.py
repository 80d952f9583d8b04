"""The workbook's sheets of what really happened: the period's KPIs and the actual weeks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from planner.core.i18n import t
from planner.plan.model import Plan
from planner.share.workbook import Column, Formats, fill_sheet
from planner.tracking.kpis import compute_kpis, default_period


def kpi_sheet(
    sheet: Worksheet, plan: Plan, events: pd.DataFrame, lang: str, f: Formats, today: dt.date
) -> None:
    """Each KPI of the plan's period up to today: its value as a typed cell, its formula."""
    start, end = default_period(plan, today)
    report = compute_kpis(events, plan, start, end)
    currency = plan.meta.currency
    formats = {"money": f.money, "percent": f.share, "count": f.count, "days": f.number}
    columns = [
        Column(t(lang, "share.kpi")),
        Column(t(lang, "share.value")),
        Column(t(lang, "share.shown")),
        Column(t(lang, "share.formula")),
        Column(t(lang, "share.period")),
    ]
    rows: list[tuple[Any, ...]] = []
    for kpi in report.kpis:
        value = (
            None if kpi.value is None else kpi.value / 100 if kpi.unit == "percent" else kpi.value
        )
        period = f"{start.isoformat()} – {end.isoformat()}"
        rows.append(
            (kpi.name(lang), value, kpi.formatted(lang, currency), kpi.formula(lang), period)
        )
    fill_sheet(sheet, t(lang, "share.sheet.kpis"), columns, rows)
    for index, kpi in enumerate(report.kpis, start=2):
        cell = sheet[f"B{index}"]
        if cell.value is not None:
            cell.number_format = formats[kpi.unit]


def actuals_sheet(
    sheet: Worksheet, plan: Plan, events: pd.DataFrame, lang: str, f: Formats
) -> None:
    """The stored events week by week (the plan's weeks), by channel and event: counts, amounts."""
    columns = [
        Column(t(lang, "share.week_start"), f.date),
        Column(t(lang, "share.channel")),
        Column(t(lang, "share.event")),
        Column(t(lang, "share.count"), f.count),
        Column(t(lang, "share.amount"), f.money),
    ]
    rows: list[tuple[Any, ...]] = []
    dated = events[events["date"].notna()]
    if not dated.empty:
        start = pd.Timestamp(plan.meta.start_date)
        weeks = (pd.to_datetime(dated["date"]) - start).dt.days // 7
        names = {c.id: c.name for c in plan.channels}
        grouped = (
            pd.DataFrame(
                {
                    "week": weeks,
                    "channel": dated["channel"].astype("string"),
                    "event": dated["event"].astype("string"),
                    "amount": dated["amount"],
                }
            )
            .groupby(["week", "channel", "event"], dropna=False)
            .agg(rows=("event", "size"), amount=("amount", "sum"))
            .reset_index()
        )
        for r in grouped.to_dict("records"):
            week_start = (start + pd.Timedelta(weeks=int(r["week"]))).date()
            amount = float(r["amount"])
            rows.append(
                (
                    week_start,
                    names.get(str(r["channel"]), str(r["channel"])),
                    t(lang, f"tracking.event.{r['event']}"),
                    int(r["rows"]),
                    amount if amount else None,
                )
            )
    fill_sheet(sheet, t(lang, "share.sheet.actuals"), columns, rows)
