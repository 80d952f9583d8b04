"""Two to four plans side by side: their assumptions (those that differ marked) and simulated
outcomes, as one PDF/HTML page and as an Excel sheet with typed cells (the workshop's plans
compared reuse it)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from babel.lists import format_list
from openpyxl import Workbook

from planner.core.i18n import babel_locale, fmt_date, fmt_money, fmt_number, fmt_percent, t
from planner.plan.metrics import metric_text
from planner.plan.model import Plan
from planner.share.report.content import Report, Section, Table, shortened
from planner.share.workbook import Column, Formats, fill_sheet
from planner.simulation.result import SimulationResult

Kind = Literal["text", "date", "count", "money", "share", "number", "times"]
Value = str | float | dt.date | None


MOST = 4  # plans compared at once: what a page or a projector can show side by side
DIFFERS = "≠ "  # marks an assumption that is not the same in every plan


@dataclass(frozen=True)
class ComparedRow:
    """One line of the comparison: its part, what it measures, and each plan's value."""

    part: str
    label: str
    kind: Kind
    values: tuple[Value, ...]

    @property
    def differs(self) -> bool:
        """True when the plans do not all have the same value here."""
        return len(set(self.values)) > 1


@dataclass(frozen=True)
class Compared:
    """Two to four plans, each with the simulation of its outcomes."""

    plans: tuple[Plan, ...]
    results: tuple[SimulationResult, ...]
    # Each plan's activity needed to meet its main objective 8 times in 10, as a multiple of its
    # planned activity (planner.simulation.required_activity); () when not worked out.
    needed: tuple[float | None, ...] = ()

    def __post_init__(self) -> None:
        if not 2 <= len(self.plans) <= MOST or len(self.results) != len(self.plans):
            raise ValueError(f"2 to {MOST} plans, each with its simulation")
        if self.needed and len(self.needed) != len(self.plans):
            raise ValueError("one activity needed per plan")

    @classmethod
    def of(
        cls, *runs: tuple[Plan, SimulationResult], needed: tuple[float | None, ...] = ()
    ) -> Compared:
        """Plans with their simulations, in the order given."""
        return cls(tuple(p for p, _ in runs), tuple(r for _, r in runs), needed)


def compared_rows(pair: Compared, lang: str) -> list[ComparedRow]:
    """Assumptions, then simulated outcomes (P10, P50, P90), then each objective's chance."""
    return [*_assumptions(pair, lang), *_outcomes(pair, lang), *_objectives(pair, lang)]


def comparison_report(pair: Compared, lang: str) -> Report:
    """The comparison laid out as a report page (report_pdf / report_html draw it); the
    assumptions that differ are marked ≠."""
    rows = compared_rows(pair, lang)
    currencies = [p.meta.currency for p in pair.plans]
    width = 40 if len(pair.plans) == 2 else 24
    headers = (t(lang, "compare.measure"), *(shortened(p.meta.name, width) for p in pair.plans))
    numeric = frozenset(range(1, len(pair.plans) + 1))
    sections = []
    for part in dict.fromkeys(r.part for r in rows):
        cells = tuple(
            (
                (DIFFERS if r.differs and r.part == _assumptions_part(lang) else "") + r.label,
                *(
                    value_text(v, r.kind, c, lang)
                    for v, c in zip(r.values, currencies, strict=True)
                ),
            )
            for r in rows
            if r.part == part
        )
        widths = (3.0, *(2.0 for _ in pair.plans))
        sections.append(Section(part, (Table(headers, cells, numeric, widths),)))
    today = fmt_date(dt.date.today(), lang)
    names = [p.meta.name for p in pair.plans]
    if len(names) == 2:
        subtitle = t(lang, "compare.subtitle", left=names[0], right=names[1])
    else:
        quoted = [t(lang, "compare.quoted", name=n) for n in names]
        listed = format_list(quoted, locale=babel_locale(lang))
        subtitle = t(lang, "compare.subtitle_many", plans=listed)
    return Report(
        lang=lang,
        title=t(lang, "compare.title" if len(names) == 2 else "compare.title_many"),
        subtitle=subtitle,
        footer=t(lang, "compare.footer", date=today),
        page_word=t(lang, "report.page"),
        sections=tuple(sections),
    )


def comparison_workbook(pair: Compared, lang: str) -> bytes:
    """The comparison as an XLSX sheet: numbers, money and dates as typed cells."""
    rows = compared_rows(pair, lang)
    formats = [Formats.of(lang, p.meta.currency) for p in pair.plans]
    book = Workbook()
    columns = [
        Column(t(lang, "compare.part")),
        Column(t(lang, "compare.measure")),
        *(Column(p.meta.name) for p in pair.plans),
        Column(t(lang, "compare.differs")),
    ]
    assumptions = _assumptions_part(lang)
    fill_sheet(
        book.worksheets[0],
        t(lang, "compare.sheet"),
        columns,
        [
            (
                r.part,
                r.label,
                *r.values,
                t(lang, "compare.yes") if r.differs and r.part == assumptions else "",
            )
            for r in rows
        ],
    )
    sheet = book.worksheets[0]
    for index, row in enumerate(rows, start=2):
        for offset, chosen in enumerate(formats):
            cell = sheet.cell(row=index, column=3 + offset)
            if cell.value is not None and row.kind != "text":
                cell.number_format = _excel_format(row.kind, chosen)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _assumptions_part(lang: str) -> str:
    return t(lang, "compare.part_assumptions")


def _assumptions(pair: Compared, lang: str) -> list[ComparedRow]:
    part = _assumptions_part(lang)

    def row(label: str, kind: Kind, pick: Callable[[Plan], Value]) -> ComparedRow:
        return ComparedRow(part, t(lang, f"compare.{label}"), kind, tuple(map(pick, pair.plans)))

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
    totals = [r.totals for r in pair.results]
    rows = []
    for series in dict.fromkeys(s for each in totals for s in each):
        kind: Kind = "money" if series == "revenue" else "count"
        name = t(lang, f"simulation.series.{series}")
        for quantile in ("p10", "p50", "p90"):
            values = tuple(
                getattr(each[series], quantile) if series in each else None for each in totals
            )
            rows.append(ComparedRow(part, f"{name} — {quantile.upper()}", kind, values))
    return rows


def _objectives(pair: Compared, lang: str) -> list[ComparedRow]:
    part = t(lang, "compare.part_objectives")
    rows: list[ComparedRow] = []
    for side, (plan, result) in enumerate(zip(pair.plans, pair.results, strict=True)):
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
            values = tuple(chance if i == side else None for i in range(len(pair.plans)))
            rows.append(ComparedRow(part, label, "share", values))
    if pair.needed:
        rows.append(ComparedRow(part, t(lang, "compare.needed"), "times", pair.needed))
    return rows


def value_text(value: Value, kind: Kind, currency: str, lang: str) -> str:
    """A compared value as the language writes it ("—" when a plan has none)."""
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
    if kind == "times":
        return f"× {fmt_number(value, lang, 2)}"
    return fmt_number(value, lang)


def _excel_format(kind: Kind, formats: Formats) -> str:
    return {
        "date": formats.date,
        "money": formats.money,
        "share": formats.share,
        "count": formats.count,
        "number": formats.number,
        "times": '"×" 0.00',
    }.get(kind, "General")
