"""Two plans side by side: their assumptions and simulated outcomes, as one PDF/HTML page and as
an Excel sheet with typed cells (the workshop's plans compared reuse it)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from openpyxl import Workbook

from planner.core.i18n import fmt_date, fmt_money, fmt_number, fmt_percent, t
from planner.plan.metrics import metric_text
from planner.plan.model import Plan
from planner.share.report.content import Report, Section, Table, shortened
from planner.share.workbook import Column, Formats, fill_sheet
from planner.simulation.result import SimulationResult

Kind = Literal["text", "date", "count", "money", "share", "number"]
Value = str | float | dt.date | None


@dataclass(frozen=True)
class ComparedRow:
    """One line of the comparison: its part, what it measures, and each plan's value."""

    part: str
    label: str
    kind: Kind
    left: Value
    right: Value


@dataclass(frozen=True)
class Compared:
    """Two plans, each with the simulation of its outcomes."""

    left: Plan
    left_result: SimulationResult
    right: Plan
    right_result: SimulationResult


def compared_rows(pair: Compared, lang: str) -> list[ComparedRow]:
    """Assumptions, then simulated outcomes (P10, P50, P90), then each objective's chance."""
    return [*_assumptions(pair, lang), *_outcomes(pair, lang), *_objectives(pair, lang)]


def comparison_report(pair: Compared, lang: str) -> Report:
    """The comparison laid out as a report page (report_pdf / report_html draw it)."""
    rows = compared_rows(pair, lang)
    currencies = (pair.left.meta.currency, pair.right.meta.currency)
    headers = (
        t(lang, "compare.measure"),
        shortened(pair.left.meta.name, 40),
        shortened(pair.right.meta.name, 40),
    )
    sections = []
    for part in dict.fromkeys(r.part for r in rows):
        cells = tuple(
            (
                r.label,
                _text(r.left, r.kind, currencies[0], lang),
                _text(r.right, r.kind, currencies[1], lang),
            )
            for r in rows
            if r.part == part
        )
        sections.append(Section(part, (Table(headers, cells, frozenset({1, 2}), (3, 2, 2)),)))
    today = fmt_date(dt.date.today(), lang)
    return Report(
        lang=lang,
        title=t(lang, "compare.title"),
        subtitle=t(lang, "compare.subtitle", left=pair.left.meta.name, right=pair.right.meta.name),
        footer=t(lang, "compare.footer", date=today),
        page_word=t(lang, "report.page"),
        sections=tuple(sections),
    )


def comparison_workbook(pair: Compared, lang: str) -> bytes:
    """The comparison as an XLSX sheet: numbers, money and dates as typed cells."""
    rows = compared_rows(pair, lang)
    formats = Formats.of(lang, pair.left.meta.currency)
    right_formats = Formats.of(lang, pair.right.meta.currency)
    book = Workbook()
    columns = [
        Column(t(lang, "compare.part")),
        Column(t(lang, "compare.measure")),
        Column(pair.left.meta.name),
        Column(pair.right.meta.name),
    ]
    fill_sheet(
        book.worksheets[0],
        t(lang, "compare.sheet"),
        columns,
        [(r.part, r.label, r.left, r.right) for r in rows],
    )
    sheet = book.worksheets[0]
    for index, row in enumerate(rows, start=2):
        for column, chosen in (("C", formats), ("D", right_formats)):
            cell = sheet[f"{column}{index}"]
            if cell.value is not None and row.kind != "text":
                cell.number_format = _excel_format(row.kind, chosen)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _assumptions(pair: Compared, lang: str) -> list[ComparedRow]:
    part = t(lang, "compare.part_assumptions")

    def row(label: str, kind: Kind, pick: Callable[[Plan], Value]) -> ComparedRow:
        return ComparedRow(
            part, t(lang, f"compare.{label}"), kind, pick(pair.left), pick(pair.right)
        )

    return [
        row("market", "text", lambda p: t(lang, f"market.{p.meta.market.value}")),
        row("start", "date", lambda p: p.meta.start_date),
        row("horizon", "count", lambda p: float(p.meta.horizon_weeks)),
        row("reps", "count", lambda p: float(p.team.reps + p.team.new_reps)),
        row("hours", "number", lambda p: p.team.hours_per_rep_per_week),
        row("addressable", "count", lambda p: float(sum(s.addressable_count for s in p.segments))),
        row("deal_value", "money", lambda p: p.offer.deal_value),
        row("margin", "share", lambda p: p.offer.margin_rate),
        row("channels", "text", lambda p: ", ".join(c.name for c in p.channels) or "—"),
        row("activities", "count", lambda p: sum(c.activities_per_week for c in p.channels)),
        row(
            "weekly_cost",
            "money",
            lambda p: sum(
                c.activities_per_week * c.cost_per_activity + c.fixed_cost_per_week
                for c in p.channels
            ),
        ),
    ]


def _outcomes(pair: Compared, lang: str) -> list[ComparedRow]:
    part = t(lang, "compare.part_outcomes")
    left, right = pair.left_result.totals, pair.right_result.totals
    rows = []
    for series in dict.fromkeys([*left, *right]):
        kind: Kind = "money" if series == "revenue" else "count"
        name = t(lang, f"simulation.series.{series}")
        for quantile in ("p10", "p50", "p90"):
            rows.append(
                ComparedRow(
                    part,
                    f"{name} — {quantile.upper()}",
                    kind,
                    getattr(left[series], quantile) if series in left else None,
                    getattr(right[series], quantile) if series in right else None,
                )
            )
    return rows


def _objectives(pair: Compared, lang: str) -> list[ComparedRow]:
    part = t(lang, "compare.part_objectives")
    rows: list[ComparedRow] = []
    for side, (plan, result) in enumerate(
        ((pair.left, pair.left_result), (pair.right, pair.right_result))
    ):
        chances = {o.objective_id: o.probability for o in result.objectives}
        for objective in plan.objectives:
            target = metric_text(objective.metric, objective.target, plan.meta.currency, lang)
            label = t(
                lang,
                "compare.objective",
                name=objective.name,
                target=target,
                deadline=fmt_date(objective.deadline, lang),
            )
            chance = chances.get(objective.id)
            rows.append(
                ComparedRow(
                    part, label, "share", chance if side == 0 else None, chance if side else None
                )
            )
    return rows


def _text(value: Value, kind: Kind, currency: str, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    if kind == "money":
        return fmt_money(value, currency, lang, 0)
    if kind == "share":
        return fmt_percent(value, lang, 0)
    if kind == "number":
        return fmt_number(value, lang, 1)
    return fmt_number(value, lang)


def _excel_format(kind: Kind, formats: Formats) -> str:
    return {
        "date": formats.date,
        "money": formats.money,
        "share": formats.share,
        "count": formats.count,
        "number": formats.number,
    }.get(kind, "General")
