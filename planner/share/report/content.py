"""The one-page plan's content, built once from the plan, its simulation and its actuals.

Every text is already written for the language (numbers, money, dates); html.py and pdf.py only
lay it out. User texts stay raw here: each renderer escapes them its own way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from planner.compliance.call_capacity import lawful_activity
from planner.core.i18n import fmt_date, fmt_money, fmt_number, fmt_percent, fmt_short, plural, t
from planner.plan.bant import CRITERIA, criterion, criterion_label, qualification_rule
from planner.plan.capacity import CapacityReport, capacity_report
from planner.plan.funnel import expected_funnel
from planner.plan.metrics import metric_text
from planner.plan.model import Metric, Plan, Stage
from planner.plan.smart import LetterCheck, Verdict, check_objectives
from planner.share.report.chart import fan_spec
from planner.simulation.bands import band_text, series_text
from planner.simulation.entry import SimulationInputError, required_activity
from planner.simulation.required import RequiredActivity, RequiredStatus
from planner.simulation.result import ObjectiveOutcome, SimulationResult
from planner.tracking.plan_vs_actual import latest_gaps, plan_vs_actual, planned_bands
from planner.tracking.reforecast import Reforecast, reforecast

REFORECAST_TRIALS = 5_000  # the re-forecast of the report: a fast run, as on the Tracking page
REQUIRED_TRIALS = 2_000  # the activity needed: a light search per objective
SHORT, LONG = 90, 420  # characters of a user text shown in a table cell, in a paragraph
MARKS = {Verdict.OK: "✓", Verdict.WARNING: "!", Verdict.FAIL: "✗", Verdict.NOT_ASSESSED: "–"}


@dataclass(frozen=True)
class Paragraph:
    """A sentence or a few."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table of texts; `numeric` columns are aligned right, `widths` are relative; without
    headers, the first row is a row like the others."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()
    widths: tuple[float, ...] = ()


@dataclass(frozen=True, eq=False)
class Figure:
    """A chart as a Vega-Lite spec (drawn by each renderer) and the sentence that describes it."""

    spec: dict[str, Any]
    caption: str
    width: float = 0.92  # the share of the text width the chart takes


Block = Paragraph | Table | Figure


@dataclass(frozen=True)
class Section:
    """A titled part of the report."""

    title: str
    blocks: tuple[Block, ...]
    own_page: bool = False  # the section fills its page: the next one starts on a new page


@dataclass(frozen=True)
class Actuals:
    """What really happened: the plan's event log (storage's load_log) up to a day."""

    events: pd.DataFrame
    as_of: dt.date


@dataclass(frozen=True)
class Report:
    """The whole report, ready to lay out."""

    lang: str
    title: str
    subtitle: str
    footer: str
    page_word: str  # "Page": the page numbers read "Page 1 / 2"
    sections: tuple[Section, ...] = field(default=())


def shortened(text: str, most: int) -> str:
    """The text cut at a word before `most` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= most:
        return text
    return text[:most].rsplit(" ", 1)[0].rstrip(" ,;:·") + "…"


def actuals_as_of(plan: Plan, events: pd.DataFrame) -> dt.date | None:
    """The day of the log's last event kept inside the plan, None for an empty log."""
    days = pd.to_datetime(events["date"], errors="coerce").dropna() if len(events) else None
    if days is None or days.empty:
        return None
    last = days.max().date()
    return min(max(last, plan.meta.start_date), plan.meta.end_date)


def build_report(
    plan: Plan,
    lang: str,
    result: SimulationResult,
    *,
    revision: int | None = None,
    actuals: Actuals | None = None,
    today: dt.date | None = None,
) -> Report:
    """The report of a plan in `lang`: its target, objectives, mix, forecast and actuals."""
    day = today or dt.date.today()
    w = _Writer(plan, lang)
    needed = _needed(plan)
    sections = [
        _target(w),
        _objectives(w, result),
        _channels(w, result),
        _cadence(w),
        _forecast(w, result),
        _required(w, needed),
    ]
    updated = None
    if actuals is not None and len(actuals.events) and plan.channels:
        updated = reforecast(plan, actuals.events, actuals.as_of, REFORECAST_TRIALS)
        sections.append(_actuals(w, actuals, updated))
    sections.insert(0, _glance(w, result, needed, updated))
    meta = plan.meta
    subtitle = w.t(
        "subtitle",
        market=t(lang, f"market.{meta.market.value}"),
        start=fmt_date(meta.start_date, lang),
        end=fmt_date(meta.end_date, lang),
        weeks=plural(lang, "report.weeks", meta.horizon_weeks),
    )
    revision_text = w.t("revision", revision=fmt_number(revision, lang)) if revision else ""
    footer = " · ".join(
        part
        for part in (meta.name, revision_text, w.t("made_on", date=fmt_date(day, lang)))
        if part
    )
    return Report(
        lang=lang,
        title=meta.name,
        subtitle=subtitle,
        footer=footer,
        page_word=w.t("page"),
        sections=tuple(s for s in sections if s.blocks),
    )


class _Writer:
    """Texts of one plan in one language."""

    def __init__(self, plan: Plan, lang: str) -> None:
        self.plan = plan
        self.lang = lang
        self.currency = plan.meta.currency

    def t(self, key: str, **params: Any) -> str:
        return t(self.lang, f"report.{key}", **params)

    def money(self, value: float) -> str:
        return fmt_money(value, self.currency, self.lang, 0)

    def number(self, value: float, digits: int = 0) -> str:
        return fmt_number(value, self.lang, digits)

    def percent(self, value: float | None, digits: int = 0) -> str:
        return "—" if value is None else fmt_percent(value, self.lang, digits)

    def rate(self, low: float, typical: float, high: float) -> str:
        shown = (fmt_percent(v, self.lang, 1) for v in (typical, low, high))
        return self.t("rate", typical=next(shown), low=next(shown), high=next(shown))


def _glance(
    w: _Writer,
    result: SimulationResult,
    needed: list[tuple[str, RequiredActivity]],
    updated: Reforecast | None,
) -> Section:
    """The plan on one page: a line for each part, the fan chart; the details follow."""
    plan, lang = w.plan, w.lang
    rows: list[tuple[str, str]] = []
    segments = ", ".join(s.name for s in sorted(plan.segments, key=lambda s: s.priority))
    target = t(lang, f"market.{plan.meta.market.value}") + (f" · {segments}" if segments else "")
    rows.append((w.t("glance.target"), shortened(target, SHORT + 60)))
    rows.append((w.t("glance.qualification"), qualification_rule(plan.bant).message(lang)))
    outcomes = {o.objective_id: o for o in result.objectives}
    chances = {k: o.probability for k, o in outcomes.items() if o.probability is not None}
    checks = check_objectives(plan, chances)
    for number, o in enumerate(plan.objectives):
        line = w.t(
            "glance.objective",
            name=shortened(o.name, 70),
            target=metric_text(o.metric, o.target, w.currency, lang),
            deadline=fmt_date(o.deadline, lang),
            smart=_smart_marks(checks[o.id]),
            chance=_chance(w, outcomes.get(o.id)),
        )
        rows.append((w.t("section.objectives") if number == 0 else "", line))
    if plan.channels:
        rows.append((w.t("glance.team"), _capacity(w, capacity_report(plan))))
        mix = " · ".join(
            w.t(
                "per_week_item",
                channel=c.name,
                n=fmt_short(c.activities_per_week, lang, 1),
                activity=c.activity_name,
            )
            for c in plan.channels
        )
        rows.append((w.t("glance.mix"), shortened(mix, LONG)))
    if plan.cadence:
        last = max(step.day_offset for step in plan.cadence) + 1
        rows.append(
            (
                w.t("section.cadence"),
                w.t(
                    "glance.cadence",
                    touches=plural(lang, "report.glance.touches", len(plan.cadence)),
                    days=plural(lang, "report.glance.days", last),
                ),
            )
        )
    for series in ("revenue", "deals"):
        if series in result.totals:
            currency = w.currency if series == "revenue" else None
            rows.append(
                (
                    t(lang, f"simulation.series.{series}"),
                    band_text(result.totals[series], lang, currency),
                )
            )
    for number, (name, found) in enumerate(needed):
        multiplier, per_week, _ = _required_cells(w, found)
        text = w.t("glance.needed", objective=shortened(name, 50), multiplier=multiplier)
        if per_week:
            text = f"{text} · {per_week}"
        rows.append((w.t("section.required") if number == 0 else "", shortened(text, SHORT + 40)))
    if updated is not None:
        rows.append(
            (
                w.t("section.actuals"),
                w.t(
                    "actual_so_far",
                    revenue=w.money(updated.actual_revenue),
                    deals=w.number(updated.actual_deals),
                ),
            )
        )
    blocks: list[Block] = [Table((), tuple(rows), frozenset(), (2.2, 7.8))]
    blocks.append(_fan(w, result))
    blocks.append(Paragraph(w.t("glance.details")))
    return Section(w.t("section.glance"), tuple(blocks), own_page=True)


def _target(w: _Writer) -> Section:
    plan = w.plan
    blocks: list[Block] = []
    if plan.meta.description:
        blocks.append(Paragraph(shortened(plan.meta.description, LONG)))
    if plan.segments:
        rows = [
            (
                s.name,
                w.number(s.priority),
                w.number(s.addressable_count),
                shortened(
                    " · ".join(
                        text
                        for text in (s.sector, s.size_band, s.persona, s.location, s.region)
                        if text
                    ),
                    SHORT + 40,
                ),
            )
            for s in sorted(plan.segments, key=lambda s: s.priority)
        ]
        headers = tuple(w.t(f"col.{k}") for k in ("segment", "priority", "addressable", "profile"))
        blocks.append(Table(headers, tuple(rows), frozenset({1, 2}), (3, 1.2, 1.6, 6)))
    blocks.append(Paragraph(qualification_rule(plan.bant).message(w.lang)))
    rows = [
        (
            criterion_label(name, w.lang),
            criterion(plan.bant, name).question,
            w.number(criterion(plan.bant, name).weight, 1),
            t(w.lang, f"bant.answer.{criterion(plan.bant, name).threshold}"),
        )
        for name in CRITERIA
    ]
    headers = tuple(w.t(f"col.{k}") for k in ("criterion", "question", "weight", "minimum"))
    blocks.append(Table(headers, tuple(rows), frozenset({2}), (2, 6, 1.2, 1.8)))
    return Section(w.t("section.target"), tuple(blocks))


def _smart_marks(checks: tuple[LetterCheck, ...]) -> str:
    return " ".join(f"{c.letter.value}{MARKS[c.verdict]}" for c in checks)


def _chance(w: _Writer, outcome: ObjectiveOutcome | None) -> str:
    if outcome is None:
        return "—"
    if outcome.probability is not None:
        return w.percent(outcome.probability)
    if outcome.probability_upper_bound is not None:
        return w.t("at_most", bound=w.percent(outcome.probability_upper_bound))
    return w.t("not_simulated")


def _objectives(w: _Writer, result: SimulationResult) -> Section:
    plan = w.plan
    if not plan.objectives:
        return Section(w.t("section.objectives"), (Paragraph(w.t("no_objectives")),))
    outcomes = {o.objective_id: o for o in result.objectives}
    chances = {k: o.probability for k, o in outcomes.items() if o.probability is not None}
    checks = check_objectives(plan, chances)
    rows = [
        (
            o.name,
            t(w.lang, f"metric.{o.metric.value}"),
            metric_text(o.metric, o.target, w.currency, w.lang),
            fmt_date(o.deadline, w.lang),
            _smart_marks(checks[o.id]),
            _chance(w, outcomes.get(o.id)),
        )
        for o in plan.objectives
    ]
    headers = tuple(
        w.t(f"col.{k}") for k in ("objective", "metric", "target", "deadline", "smart", "chance")
    )
    table = Table(headers, tuple(rows), frozenset({2, 5}), (3, 3, 1.6, 1.8, 2.4, 1.4))
    return Section(w.t("section.objectives"), (table, Paragraph(w.t("smart_legend"))))


def _capacity(w: _Writer, capacity: CapacityReport) -> str:
    """The team's hours a week and the share the channel mix asks of them."""
    team = w.plan.team
    return w.t(
        "capacity",
        reps=w.number(team.reps + team.new_reps),
        available=w.number(capacity.average_hours, 1),
        asked=w.number(capacity.average_demand, 1),
        use=w.percent(capacity.utilisation),
    )


def _channels(w: _Writer, result: SimulationResult) -> Section:
    plan = w.plan
    if not plan.channels:
        return Section(w.t("section.channels"), (Paragraph(w.t("no_channels")),))
    capacity = capacity_report(plan)
    blocks: list[Block] = [Paragraph(_capacity(w, capacity))]
    outcomes = {c.channel_id: c for c in result.channels}
    rows = []
    for c in plan.channels:
        outcome = outcomes.get(c.id)
        rows.append(
            (
                c.name,
                f"{fmt_short(c.activities_per_week, w.lang, 1)} {c.activity_name}",
                w.number(capacity.load(c.id).hours_per_week, 1),
                w.money(c.cost_per_activity * c.activities_per_week + c.fixed_cost_per_week),
                band_text(outcome.deals, w.lang) if outcome else "—",
                band_text(outcome.revenue, w.lang, w.currency) if outcome else "—",
            )
        )
    headers = tuple(
        w.t(f"col.{k}")
        for k in ("channel", "per_week", "hours_week", "cost_week", "deals", "revenue")
    )
    blocks.append(
        Table(headers, tuple(rows), frozenset({1, 2, 3, 4, 5}), (2.4, 2.6, 1.4, 1.6, 2, 3))
    )
    totals = expected_funnel(plan, activity=lawful_activity(plan)).stage_totals()
    expected = {(r["channel_id"], r["stage_id"]): r["expected"] for r in totals.to_dict("records")}
    owners: list[tuple[str, str | None, list[Stage]]] = [
        (c.name, c.id, c.stages) for c in plan.channels
    ]
    if plan.pipeline:
        owners.append((w.t("pipeline"), None, plan.pipeline))
    stage_rows = [
        (
            name,
            s.name,
            w.rate(s.rate.low, s.rate.typical, s.rate.high),
            w.number(_expected(expected, channel_id, s.id)),
            shortened(s.rate.source, SHORT),
        )
        for name, channel_id, stages in owners
        for s in stages
    ]
    headers = tuple(w.t(f"col.{k}") for k in ("channel", "stage", "rate", "expected", "source"))
    blocks.append(Paragraph(w.t("funnel_intro")))
    blocks.append(Table(headers, tuple(stage_rows), frozenset({2, 3}), (2.2, 2.6, 2.6, 1.4, 4)))
    return Section(w.t("section.channels"), tuple(blocks))


def _expected(expected: dict[tuple[str, str], float], channel_id: str | None, stage: str) -> float:
    """A stage's expected count; a shared stage's summed over the channels that feed it."""
    if channel_id is not None:
        return expected.get((channel_id, stage), 0.0)
    return sum(v for (_, s), v in expected.items() if s == stage)


def _cadence(w: _Writer) -> Section:
    plan = w.plan
    if not plan.cadence:
        return Section(w.t("section.cadence"), ())
    names = {c.id: c.name for c in plan.channels}
    scripts = {s.id: s.name for s in plan.scripts}
    rows = [
        (
            w.t("day", day=w.number(step.day_offset + 1)),
            names.get(step.channel_id, step.channel_id),
            shortened(step.action, SHORT),
            scripts.get(step.script_id or "", ""),
        )
        for step in sorted(plan.cadence, key=lambda s: s.day_offset)
    ]
    headers = tuple(w.t(f"col.{k}") for k in ("day", "channel", "action", "script"))
    return Section(
        w.t("section.cadence"), (Table(headers, tuple(rows), frozenset(), (1, 2, 5, 3)),)
    )


def _forecast(w: _Writer, result: SimulationResult) -> Section:
    lang = w.lang
    intro = w.t(
        "forecast_intro",
        trials=w.number(result.trials),
        seed=result.seed,
        engine=t(lang, f"simulation.engine.{result.engine.value}"),
    )
    rows = [
        (
            t(lang, f"simulation.series.{series}"),
            *(series_text(series, v, result.currency, lang) for v in (b.p10, b.p50, b.p90)),
        )
        for series, b in result.totals.items()
    ]
    table = Table((w.t("col.measure"), "P10", "P50", "P90"), tuple(rows), frozenset({1, 2, 3}))
    return Section(w.t("section.forecast"), (Paragraph(intro), table))


def _fan(w: _Writer, result: SimulationResult) -> Figure:
    """The fan chart of cumulative revenue with the revenue objectives (on the first page)."""
    lang = w.lang
    goals = [
        {"name": o.name, "target": o.target, "deadline": o.deadline.isoformat()}
        for o in w.plan.objectives
        if o.metric is Metric.REVENUE and o.channel_id is None and o.segment_id is None
    ]
    weekly = result.weekly["revenue"]
    points = [
        {"week_start": start.isoformat(), "p10": lo, "p50": mid, "p90": hi}
        for start, lo, mid, hi in zip(
            result.week_starts, weekly.p10, weekly.p50, weekly.p90, strict=True
        )
    ]
    title = f"{t(lang, 'simulation.series.revenue')} ({result.currency})"
    return Figure(fan_spec(points, goals, title, lang), w.t("fan_caption"), width=0.72)


def _needed(plan: Plan) -> list[tuple[str, RequiredActivity]]:
    """Each count objective's activity needed (a light search), by objective name."""
    found = []
    for objective in plan.objectives:
        if objective.metric.is_rate:
            continue
        try:
            activity = required_activity(
                plan, objective.id, channel_id=objective.channel_id, trials=REQUIRED_TRIALS
            )
        except SimulationInputError:
            continue
        found.append((objective.name, activity))
    return found


def _required(w: _Writer, needed: list[tuple[str, RequiredActivity]]) -> Section:
    rows = [(name, *_required_cells(w, found)) for name, found in needed]
    if not rows:
        return Section(w.t("section.required"), ())
    headers = tuple(w.t(f"col.{k}") for k in ("objective", "multiplier", "activity", "hours"))
    table = Table(headers, tuple(rows), frozenset({1, 3}), (3.4, 1.6, 4.6, 2.4))
    return Section(w.t("section.required"), (Paragraph(w.t("required_intro")), table))


def _required_cells(w: _Writer, found: RequiredActivity) -> tuple[str, str, str]:
    """The multiplier (or why there is none), the activity per week, hours needed / available."""
    if found.status is not RequiredStatus.REACHED or found.hours_needed is None:
        return w.t(f"required_status.{found.status.value}"), "", ""
    per_week = " · ".join(
        w.t(
            "per_week_item",
            channel=c.channel_name,
            n=w.number(c.required_per_week or 0.0),
            activity=c.activity_name,
        )
        for c in found.channels
    )
    needed = w.number(float(found.hours_needed.sum()))
    available = w.number(float(found.hours_available.sum()))
    return f"× {w.number(found.multiplier or 0.0, 2)}", per_week, f"{needed} / {available}"


def _actuals(w: _Writer, actuals: Actuals, updated: Reforecast) -> Section:
    plan, lang = w.plan, w.lang
    table = plan_vs_actual(plan, planned_bands(plan), actuals.events, actuals.as_of)
    gaps = latest_gaps(table, actuals.as_of, plan)
    names = {c.id: c.name for c in plan.channels}
    rows = []
    for r in gaps.to_dict("records"):
        if pd.isna(r["actual_cum"]):
            continue
        stage = r["stage_name"] or plan.channel(r["channel"]).activity_name
        rows.append(
            (
                names.get(r["channel"], r["channel"]),
                stage,
                w.number(float(r["actual_cum"])),
                f"{w.number(r['cum_p10'])} – {w.number(r['cum_p90'])}",
                w.t(f"status.{r['cum_status']}"),
            )
        )
    blocks: list[Block] = [Paragraph(w.t("actuals_intro", date=fmt_date(actuals.as_of, lang)))]
    headers = tuple(w.t(f"col.{k}") for k in ("channel", "stage", "actual", "band", "status"))
    if rows:
        blocks.append(Table(headers, tuple(rows), frozenset({2, 3}), (2.4, 3, 1.4, 2, 1.6)))
    blocks.extend(_reforecast(w, updated))
    return Section(w.t("section.actuals"), tuple(blocks))


def _reforecast(w: _Writer, found: Reforecast) -> list[Block]:
    lang = w.lang
    done = w.t(
        "actual_so_far",
        revenue=w.money(found.actual_revenue),
        deals=w.number(found.actual_deals),
    )
    rows: list[tuple[str, ...]] = []
    for before, after in zip(found.planned.objectives, found.updated.objectives, strict=True):
        rows.append((before.name, _chance(w, before), _chance(w, after)))
    for series in ("revenue", "deals"):
        planned, updated = found.planned.totals[series], found.updated.totals[series]
        currency = w.currency if series == "revenue" else None
        rows.append(
            (
                t(lang, f"simulation.series.{series}"),
                band_text(planned, lang, currency),
                band_text(updated, lang, currency),
            )
        )
    headers = (w.t("col.item"), w.t("col.planned"), w.t("col.updated"))
    return [
        Paragraph(done),
        Paragraph(w.t("reforecast_intro")),
        Table(headers, tuple(rows), frozenset({1, 2}), (4, 3, 3)),
    ]
