"""The plan as an Excel workbook: one sheet per part, real numbers and dates, formats per language.

Excel and LibreOffice write a cell's number with the reader's own separators; what the language
decides here is the sheet and column names, the date order and where the currency sign goes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from babel.numbers import get_currency_symbol
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner.compliance.call_capacity import lawful_activity
from planner.core.cells import escape_text
from planner.core.i18n import babel_locale, t
from planner.plan.funnel import expected_funnel
from planner.plan.model import Plan
from planner.simulation.result import SimulationResult

_WIDEST = 60  # characters: longer text wraps


@dataclass(frozen=True)
class Formats:
    """Excel number formats for one language and currency."""

    date: str
    money: str
    share: str = "0.0%"
    count: str = "#,##0"
    number: str = "#,##0.0#"

    @classmethod
    def of(cls, lang: str, currency: str) -> Formats:
        """Dates day first in French, ISO in English; the currency sign where each puts it."""
        symbol = get_currency_symbol(currency, locale=babel_locale(lang)).replace('"', "")
        if lang == "fr":
            return cls(date="dd/mm/yyyy", money=f'#,##0.00\\ "{symbol}"')
        return cls(date="yyyy-mm-dd", money=f'"{symbol}"#,##0.00')


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its header and the number format of its cells (None: text)."""

    header: str
    number_format: str | None = None


def plan_workbook(
    plan: Plan,
    lang: str,
    result: SimulationResult | None = None,
    actuals: pd.DataFrame | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The XLSX bytes of a plan: assumptions, channels, stages, objectives, weekly plan, bands
    and, when actual results are given (an event log), the period's KPIs and the actual weeks."""
    formats = Formats.of(lang, plan.meta.currency)
    book = Workbook()
    _assumptions(book.worksheets[0], plan, lang, formats)
    _channels(book.create_sheet(), plan, lang, formats)
    _stages(book.create_sheet(), plan, lang, formats)
    _objectives(book.create_sheet(), plan, lang, formats)
    _weekly_plan(book.create_sheet(), plan, lang, formats)
    if result is not None:
        _simulation(book.create_sheet(), result, lang, formats)
    if actuals is not None and not actuals.empty:
        from planner.share.actuals_sheets import actuals_sheet, kpi_sheet

        day = today or dt.date.today()
        kpi_sheet(book.create_sheet(), plan, actuals, lang, formats, day)
        actuals_sheet(book.create_sheet(), plan, actuals, lang, formats)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _label(lang: str, field: str) -> str:
    return t(lang, f"changes.field.{field}")


def fill_sheet(
    sheet: Worksheet, title: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]]
) -> None:
    """A sheet with a bold frozen header, typed cells and columns as wide as their content."""
    sheet.title = title[:31]
    sheet.append([escape_text(c.header) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([escape_text(v) for v in row])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cells = sheet[letter][1:]
        for cell in cells:
            if column.number_format and cell.value is not None:
                cell.number_format = column.number_format
            elif isinstance(cell.value, str) and len(cell.value) > _WIDEST:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        widest = max([len(column.header), *(_shown_width(c.value) for c in cells)])
        sheet.column_dimensions[letter].width = min(widest, _WIDEST) + 2
    sheet.freeze_panes = "A2"


def _shown_width(value: Any) -> int:
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return 12
    return len(str(value)) if value is not None else 0


def _assumptions(sheet: Worksheet, plan: Plan, lang: str, f: Formats) -> None:
    meta, offer, team = plan.meta, plan.offer, plan.team
    market = t(lang, f"market.{meta.market.value}")
    rows: list[tuple[str, str, Any, str | None]] = [
        ("meta", "name", meta.name, None),
        ("meta", "market", market, None),
        ("meta", "start_date", meta.start_date, f.date),
        ("meta", "horizon_weeks", meta.horizon_weeks, f.count),
        ("meta", "currency", meta.currency, None),
        ("offer", "deal_value", offer.deal_value, f.money),
        ("offer", "margin_rate", offer.margin_rate, f.share),
        ("offer", "add_on_value", offer.add_on_value, f.money),
        ("offer", "cross_sell_attach_rate", offer.cross_sell_attach_rate, f.share),
        ("offer", "repeat_purchase_rate", offer.repeat_purchase_rate, f.share),
        ("team", "reps", team.reps, f.count),
        ("team", "hours_per_rep_per_week", team.hours_per_rep_per_week, f.number),
        ("team", "vacation_weeks", team.vacation_weeks, f.number),
        ("team", "new_reps", team.new_reps, f.count),
        ("team", "ramp_up_weeks", team.ramp_up_weeks, f.count),
        ("bant", "qualified_score", plan.bant.qualified_score, f.count),
    ]
    columns = [Column(t(lang, f"share.{name}")) for name in ("part", "field", "value")]
    cells = [(_label(lang, part), _label(lang, field), value) for part, field, value, _ in rows]
    fill_sheet(sheet, t(lang, "share.sheet.assumptions"), columns, cells)
    for row_index, (*_, number_format) in enumerate(rows, start=2):
        if number_format:
            sheet.cell(row=row_index, column=3).number_format = number_format


def _channels(sheet: Worksheet, plan: Plan, lang: str, f: Formats) -> None:
    columns = [
        Column(_label(lang, "name")),
        Column(_label(lang, "activity_name")),
        Column(_label(lang, "activities_per_week"), f.number),
        Column(_label(lang, "minutes_per_activity"), f.number),
        Column(_label(lang, "cost_per_activity"), f.money),
        Column(_label(lang, "fixed_cost_per_week"), f.money),
    ]
    rows = [
        (
            c.name,
            c.activity_name,
            c.activities_per_week,
            c.minutes_per_activity,
            c.cost_per_activity,
            c.fixed_cost_per_week,
        )
        for c in plan.channels
    ]
    fill_sheet(sheet, t(lang, "share.sheet.channels"), columns, rows)


def _stages(sheet: Worksheet, plan: Plan, lang: str, f: Formats) -> None:
    columns = [
        Column(t(lang, "share.channel")),
        Column(t(lang, "share.stage")),
        Column(_label(lang, "low"), f.share),
        Column(_label(lang, "typical"), f.share),
        Column(_label(lang, "high"), f.share),
        Column(_label(lang, "median_days"), f.number),
        Column(_label(lang, "source")),
    ]
    rows = [
        (
            c.name,
            s.name,
            s.rate.low,
            s.rate.typical,
            s.rate.high,
            s.delay.median_days,
            s.rate.source,
        )
        for c in plan.channels
        for s in c.stages
    ]
    fill_sheet(sheet, t(lang, "share.sheet.stages"), columns, rows)


def _objectives(sheet: Worksheet, plan: Plan, lang: str, f: Formats) -> None:
    columns = [
        Column(_label(lang, "name")),
        Column(_label(lang, "metric")),
        Column(_label(lang, "target"), f.number),
        Column(_label(lang, "deadline"), f.date),
    ]
    rows = [
        (o.name, t(lang, f"metric.{o.metric.value}"), o.target, o.deadline) for o in plan.objectives
    ]
    fill_sheet(sheet, t(lang, "share.sheet.objectives"), columns, rows)


def _weekly_plan(sheet: Worksheet, plan: Plan, lang: str, f: Formats) -> None:
    funnel = expected_funnel(plan, activity=lawful_activity(plan))
    # The week's money goes on the row of the channel's first step (its activity).
    money = funnel.money[["channel_id", "week", "revenue", "cost"]].assign(step=0)
    table = funnel.stages.sort_values(["week", "channel_id", "step"]).merge(
        money, on=["channel_id", "week", "step"], how="left"
    )
    columns = [
        Column(t(lang, "share.week_start"), f.date),
        Column(t(lang, "share.channel")),
        Column(t(lang, "share.stage")),
        Column(t(lang, "share.expected"), f.number),
        Column(t(lang, "share.revenue"), f.money),
        Column(t(lang, "share.cost"), f.money),
    ]
    rows = [
        (
            r["week_start"],
            r["channel"],
            r["stage"],
            _number(r["expected"]),
            _number(r["revenue"]),
            _number(r["cost"]),
        )
        for r in table.to_dict("records")
    ]
    fill_sheet(sheet, t(lang, "share.sheet.weekly"), columns, rows)


def _number(value: Any) -> float | None:
    """A cell's number, or None (an empty cell) for a missing one."""
    number = float(value)
    return None if math.isnan(number) else number


def _simulation(sheet: Worksheet, result: SimulationResult, lang: str, f: Formats) -> None:
    columns = [
        Column(t(lang, "share.week_start"), f.date),
        Column(t(lang, "share.series")),
        Column(t(lang, "share.mean"), f.number),
        Column("P10", f.number),
        Column("P50", f.number),
        Column("P90", f.number),
    ]
    frame = result.weekly_frame()
    rows = [
        (
            r["week_start"],
            t(lang, f"share.series_name.{r['series']}"),
            *(float(r[q]) for q in ("mean", "p10", "p50", "p90")),
        )
        for r in frame.to_dict("records")
    ]
    fill_sheet(sheet, t(lang, "share.sheet.simulation"), columns, rows)
