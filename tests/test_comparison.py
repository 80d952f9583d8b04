"""Two plans compared: the same figures as each plan's own simulation, in PDF and in typed cells."""

from __future__ import annotations

import datetime as dt
import io
from functools import cache

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from planner.plan.scenarios import build_scenario
from planner.share.comparison import (
    Compared,
    compared_rows,
    comparison_report,
    comparison_workbook,
)
from planner.share.report import report_pdf
from planner.share.report.content import Table
from planner.simulation.entry import Engine, simulate

START = dt.date(2027, 1, 4)


@cache
def pair(lang: str = "fr") -> Compared:
    saas = build_scenario("saas_smb", lang, START)
    shop = build_scenario("retail_b2c", lang, START)
    return Compared.of(
        (saas, simulate(saas, 4_000, 1, Engine.FAST)), (shop, simulate(shop, 4_000, 1, Engine.FAST))
    )


def test_each_side_shows_its_own_plan_and_simulation() -> None:
    compared = pair()
    rows = {r.label: r for r in compared_rows(compared, "fr")}
    assert rows["Valeur d’une vente"].values[0] == compared.plans[0].offer.deal_value
    assert rows["Valeur d’une vente"].values[1] == compared.plans[1].offer.deal_value
    revenue = rows["Chiffre d’affaires — P50"]
    assert revenue.values[0] == compared.results[0].totals["revenue"].p50
    assert revenue.values[1] == compared.results[1].totals["revenue"].p50
    assert rows["Marché"].values[0] == "B2B" and rows["Marché"].values[1] == "B2C"


def test_each_objective_has_its_chance_on_its_own_side() -> None:
    compared = pair()
    objectives = [r for r in compared_rows(compared, "fr") if r.part.startswith("Chance")]
    assert len(objectives) == len(compared.plans[0].objectives) + len(compared.plans[1].objectives)
    first = objectives[0]
    assert (
        first.values[0] == compared.results[0].objectives[0].probability and first.values[1] is None
    )


def test_the_pdf_reads_both_names_and_french_money() -> None:
    compared = pair()
    pdf = PdfReader(io.BytesIO(report_pdf(comparison_report(compared, "fr"))))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert compared.plans[0].meta.name in text and compared.plans[1].meta.name in text
    assert "Deux plans comparés" in text
    assert " €" in text and "Page 1 / " in text


def test_the_sheet_holds_numbers_money_and_dates_as_typed_cells() -> None:
    compared = pair("en")
    sheet = load_workbook(io.BytesIO(comparison_workbook(compared, "en"))).active
    assert sheet is not None
    values = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    deal = values["Deal value"]
    assert deal[2].value == compared.plans[0].offer.deal_value and "€" in deal[2].number_format
    start = values["Start"]
    assert isinstance(start[2].value, dt.datetime) and start[2].number_format == "yyyy-mm-dd"
    assert sheet["C1"].value == compared.plans[0].meta.name
    assert sheet.freeze_panes == "A2"


def test_a_plan_name_like_a_formula_stays_text_in_the_sheet() -> None:
    compared = pair("en")
    meta = compared.plans[0].meta.model_copy(update={"name": '=HYPERLINK("x")'})
    odd = Compared.of(
        (compared.plans[0].model_copy(update={"meta": meta}), compared.results[0]),
        (compared.plans[1], compared.results[1]),
    )
    sheet = load_workbook(io.BytesIO(comparison_workbook(odd, "en"))).active
    assert sheet is not None and str(sheet["C1"].value).startswith("'=")


def test_three_plans_mark_the_assumptions_that_differ() -> None:
    saas = build_scenario("saas_smb", "en", START)
    shop = build_scenario("retail_b2c", "en", START)
    advice = build_scenario("consulting_enterprise", "en", START)
    three = Compared.of(*((p, simulate(p, 2_000, 1, Engine.FAST)) for p in (saas, shop, advice)))
    rows = {r.label: r for r in compared_rows(three, "en")}
    assert rows["Market"].values == ("B2B", "B2C", "B2B") and rows["Market"].differs
    assert rows["Horizon (weeks)"].values == (52.0, 52.0, 52.0)
    assert not rows["Horizon (weeks)"].differs
    report = comparison_report(three, "en")
    assert report.title == "Plans compared"
    table = report.sections[0].blocks[0]
    assert isinstance(table, Table) and len(table.headers) == 1 + 3
    assert any(cells[0] == "≠ Market" for cells in table.rows)
    assert not any(cells[0] == "≠ Horizon (weeks)" for cells in table.rows)


def test_fewer_than_two_or_more_than_four_plans_cannot_be_compared() -> None:
    plan = build_scenario("saas_smb", "en", START)
    run = simulate(plan, 1_000, 1, Engine.FAST)
    with pytest.raises(ValueError, match="2 to 4 plans"):
        Compared.of((plan, run))
    with pytest.raises(ValueError, match="2 to 4 plans"):
        Compared.of(*[(plan, run)] * 5)


def test_the_activity_each_plan_needs_is_compared_when_worked_out() -> None:
    saas = build_scenario("saas_smb", "fr", START)
    shop = build_scenario("retail_b2c", "fr", START)
    runs = [(p, simulate(p, 2_000, 1, Engine.FAST)) for p in (saas, shop)]
    compared = Compared.of(*runs, needed=(1.85, None))
    [row] = [r for r in compared_rows(compared, "fr") if r.kind == "times"]
    assert row.values == (1.85, None)
    report = comparison_report(compared, "fr")
    cells = [c for s in report.sections for b in s.blocks if isinstance(b, Table) for c in b.rows]
    assert any(c[0].startswith("Activité nécessaire") and c[1:] == ("× 1,85", "—") for c in cells)
    assert not [r for r in compared_rows(Compared.of(*runs), "fr") if r.kind == "times"]
