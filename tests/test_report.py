"""The one-page plan: its content read against the plan and its simulation, then as HTML and PDF."""

from __future__ import annotations

import datetime as dt
import io
import re

import numpy as np
import pandas as pd
import pytest
from pypdf import PdfReader

from planner.core.i18n import fmt_date, fmt_money, fmt_percent
from planner.plan.bant import qualification_rule
from planner.plan.model import Market, Plan
from planner.plan.scenarios import blank_plan, build_scenario
from planner.share.report import Actuals, actuals_as_of, build_report, report_html, report_pdf
from planner.share.report.content import Figure, Report, Table
from planner.simulation.bands import series_text
from planner.simulation.entry import simulate
from planner.simulation.result import SimulationResult
from planner.tracking.events import COLUMNS, empty_log
from planner.tracking.plan_vs_actual import actual_counts
from tests.factories import START, make_plan

TODAY = dt.date(2027, 1, 20)
HOSTILE = "<script>alert('x')</script> Durand & Fils"


@pytest.fixture(scope="module")
def saas() -> Plan:
    return build_scenario("saas_smb", "fr", dt.date(2027, 1, 4))


@pytest.fixture(scope="module")
def saas_run(saas: Plan) -> SimulationResult:
    return simulate(saas, 5_000)


def report_of(plan: Plan, lang: str, result: SimulationResult, **options: object) -> Report:
    return build_report(plan, lang, result, revision=7, today=TODAY, **options)  # type: ignore[arg-type]


def tables(report: Report, title: str) -> list[Table]:
    [section] = [s for s in report.sections if s.title == title]
    return [b for b in section.blocks if isinstance(b, Table)]


def all_text(report: Report) -> str:
    parts = [report.title, report.subtitle, report.footer]
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, Table):
                parts += [*block.headers, *(c for row in block.rows for c in row)]
            elif not isinstance(block, Figure):
                parts.append(block.text)
    return "\n".join(parts)


def flat(text: str) -> str:
    """Text with every kind of space as a plain one, lines joined: as read in a PDF."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def event_log(*rows: tuple[dt.date, str, str, int]) -> pd.DataFrame:
    """An event log of unnamed events: (date, channel, event kind, how many)."""
    records = [
        {"date": day, "channel": channel, "event": kind, "amount": np.nan}
        for day, channel, kind, n in rows
        for _ in range(n)
    ]
    frame = pd.DataFrame.from_records(records, columns=["date", "channel", "event", "amount"])
    frame["date"] = pd.to_datetime(frame["date"])
    for column in (c for c in COLUMNS if c not in frame.columns):
        frame[column] = pd.array([None] * len(frame), dtype="string")
    return frame[list(COLUMNS)].astype(empty_log().dtypes.to_dict())


# Content -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_forecast_shows_the_simulations_p10_p50_p90(
    saas: Plan, saas_run: SimulationResult, lang: str
) -> None:
    report = report_of(saas, lang, saas_run)
    title = "Prévision" if lang == "fr" else "Forecast"
    [totals] = tables(report, title)
    revenue = saas_run.totals["revenue"]
    expected = [
        series_text("revenue", v, "EUR", lang) for v in (revenue.p10, revenue.p50, revenue.p90)
    ]
    assert list(totals.rows[0][1:]) == expected
    glance = report.sections[0]  # the fan chart is on the first page
    [figure] = [b for b in glance.blocks if isinstance(b, Figure)]
    medians = [point["p50"] for point in figure.spec["layer"][1]["data"]["values"]]
    assert medians == list(saas_run.weekly["revenue"].p50)


def test_each_objective_shows_its_target_deadline_and_chance(
    saas: Plan, saas_run: SimulationResult
) -> None:
    [objectives] = tables(report_of(saas, "fr", saas_run), "Objectifs SMART")
    assert [row[0] for row in objectives.rows] == [o.name for o in saas.objectives]
    for row, objective in zip(objectives.rows, saas.objectives, strict=True):
        chance = saas_run.objective(objective.id).probability
        assert chance is not None
        assert row[3] == fmt_date(objective.deadline, "fr")
        assert row[5] == fmt_percent(chance, "fr", 0)
        assert re.fullmatch(r"S. M. A. R. T.", row[4])


def test_the_target_gives_the_bant_rule_and_every_channel_its_rates_and_sources(
    saas: Plan, saas_run: SimulationResult
) -> None:
    report = report_of(saas, "en", saas_run)
    text = all_text(report)
    assert qualification_rule(saas.bant).message("en") in text
    [channels, stages] = tables(report, "Channel mix and capacity")
    assert [row[0] for row in channels.rows] == [c.name for c in saas.channels]
    first = saas.channels[0].stages[0]
    assert fmt_percent(first.rate.typical, "en", 1) in stages.rows[0][2]
    assert stages.rows[0][4] in first.rate.source or stages.rows[0][4].endswith("…")
    assert "revision 7" in report.footer and fmt_date(TODAY, "en") in report.footer


def test_the_activity_needed_is_given_for_each_count_or_money_objective(
    saas: Plan, saas_run: SimulationResult
) -> None:
    [needed] = tables(report_of(saas, "en", saas_run), "Activity needed")
    volume = [o.name for o in saas.objectives if not o.metric.is_rate]
    assert [row[0] for row in needed.rows] == volume
    assert all(row[1].startswith("× ") for row in needed.rows)


def test_plan_vs_actual_appears_only_with_actual_results() -> None:
    plan = make_plan()
    result = simulate(plan, 2_000)
    without = report_of(plan, "en", result)
    assert "Plan vs actual" not in [s.title for s in without.sections]
    log = event_log(
        (START, "phone", "activity", 60),
        (START, "phone", "connection", 9),
        (START + dt.timedelta(days=8), "phone", "meeting_booked", 2),
    )
    as_of = actuals_as_of(plan, log)
    assert as_of == START + dt.timedelta(days=8)
    report = report_of(plan, "en", result, actuals=Actuals(log, as_of))
    [gaps, forecast] = tables(report, "Plan vs actual")
    counts = actual_counts(log, plan).sum(axis=2)  # channels × kinds
    phone = {row[1]: row[2] for row in gaps.rows if row[0] == plan.channels[0].name}
    assert phone["Decision maker reached"] == str(counts[0].tolist()[1])
    assert [row[0] for row in forecast.rows][: len(plan.objectives)] == [
        o.name for o in plan.objectives
    ]


def test_a_blank_plan_still_gives_a_report() -> None:
    plan = blank_plan("Nouveau plan", Market.B2C, "fr", START)
    report = report_of(plan, "fr", simulate(plan, 1_000))
    text = all_text(report)
    assert "Pas encore de canal" in text and "Pas encore d’objectif" in text
    assert report_pdf(report).startswith(b"%PDF")


# HTML ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile() -> Plan:
    plan = build_scenario("saas_smb", "en", dt.date(2027, 1, 4))
    segment = plan.segments[0].model_copy(update={"name": HOSTILE, "sector": "R&D <b>labs</b>"})
    return plan.model_copy(
        update={
            "meta": plan.meta.model_copy(update={"name": HOSTILE}),
            "segments": [segment, *plan.segments[1:]],
        }
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_html_escapes_user_text_and_names_no_address(hostile: Plan, lang: str) -> None:
    page = report_html(report_of(hostile, lang, simulate(hostile, 2_000))).decode("utf-8")
    assert f'<html lang="{lang}">' in page
    assert "<script>" not in page and "<b>labs" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Durand &amp; Fils" in page
    assert "R&amp;D &lt;b&gt;labs&lt;/b&gt;" in page
    assert not re.search(r"https?:", page)  # no CDN, no font, no namespace address
    assert page.count("<svg") == 1 and "</svg>" in page
    assert "@media print" in page and "size: A4" in page


# PDF -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_is_a4_with_page_numbers_and_figures_in_the_language(
    saas: Plan, saas_run: SimulationResult, lang: str
) -> None:
    reader = PdfReader(io.BytesIO(report_pdf(report_of(saas, lang, saas_run))))
    pages = len(reader.pages)
    assert 1 <= pages <= 4
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    texts = [flat(p.extract_text()) for p in reader.pages]
    assert saas.meta.name in texts[0]
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} / {pages}" in text
    whole = " ".join(texts)
    revenue = saas_run.totals["revenue"].p50
    assert flat(fmt_money(revenue, "EUR", lang, 0)) in whole
    if lang == "fr":
        assert "Échéance" in whole and "€" in whole  # accents and the euro sign are drawn
    assert sum(len(p.images) for p in reader.pages) == 1  # the fan chart


@pytest.mark.parametrize(
    ("lang", "title", "details"),
    [
        ("fr", "Le plan en une page", "Cible et qualification"),
        ("en", "The plan on one page", "Target and qualification"),
    ],
)
def test_the_first_page_is_the_whole_plan_and_the_details_follow(
    saas: Plan, saas_run: SimulationResult, lang: str, title: str, details: str
) -> None:
    log = event_log(
        (dt.date(2027, 1, 5), "phone", "activity", 40),
        (dt.date(2027, 1, 12), "phone", "won", 1),
    )
    with_actuals = Actuals(log, dt.date(2027, 1, 12))
    for report in (
        report_of(saas, lang, saas_run),
        report_of(saas, lang, saas_run, actuals=with_actuals),
    ):
        reader = PdfReader(io.BytesIO(report_pdf(report)))
        first, second = (flat(p.extract_text()) for p in reader.pages[:2])
        assert title in first and details not in first
        assert second.startswith(details) or f" {details} " in second[:200]
        assert len(reader.pages[0].images) == 1  # the fan chart, on the first page
        outcomes = {o.objective_id: o for o in saas_run.objectives}
        for objective in saas.objectives:  # each objective with its deadline and chance
            assert flat(fmt_date(objective.deadline, lang)) in first
            chance = outcomes[objective.id].probability
            assert chance is not None and flat(fmt_percent(chance, lang, 0)) in first
        revenue = saas_run.totals["revenue"]
        for value in (revenue.p10, revenue.p50, revenue.p90):
            assert flat(fmt_money(value, "EUR", lang, 0)) in first
        for channel in saas.channels:
            assert channel.name in first
        assert flat(qualification_rule(saas.bant).message(lang))[:40] in first
    assert ("À ce jour" if lang == "fr" else "So far") in first  # actual results, on page 1 too
