"""Two plans compared: the same figures as each plan's own simulation, in PDF and in typed cells."""

from __future__ import annotations

import datetime as dt
import io
from functools import cache

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
from planner.simulation.entry import Engine, simulate

START = dt.date(2027, 1, 4)


@cache
def pair(lang: str = "fr") -> Compared:
    saas = build_scenario("saas_smb", lang, START)
    shop = build_scenario("retail_b2c", lang, START)
    return Compared(
        saas, simulate(saas, 4_000, 1, Engine.FAST), shop, simulate(shop, 4_000, 1, Engine.FAST)
    )


def test_each_side_shows_its_own_plan_and_simulation() -> None:
    compared = pair()
    rows = {r.label: r for r in compared_rows(compared, "fr")}
    assert rows["Valeur d’une vente"].left == compared.left.offer.deal_value
    assert rows["Valeur d’une vente"].right == compared.right.offer.deal_value
    revenue = rows["Chiffre d’affaires — P50"]
    assert revenue.left == compared.left_result.totals["revenue"].p50
    assert revenue.right == compared.right_result.totals["revenue"].p50
    assert rows["Marché"].left == "B2B" and rows["Marché"].right == "B2C"


def test_each_objective_has_its_chance_on_its_own_side() -> None:
    compared = pair()
    objectives = [r for r in compared_rows(compared, "fr") if r.part.startswith("Chance")]
    assert len(objectives) == len(compared.left.objectives) + len(compared.right.objectives)
    first = objectives[0]
    assert first.left == compared.left_result.objectives[0].probability and first.right is None


def test_the_pdf_reads_both_names_and_french_money() -> None:
    compared = pair()
    pdf = PdfReader(io.BytesIO(report_pdf(comparison_report(compared, "fr"))))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert compared.left.meta.name in text and compared.right.meta.name in text
    assert "Deux plans comparés" in text
    assert " €" in text and "Page 1 / " in text


def test_the_sheet_holds_numbers_money_and_dates_as_typed_cells() -> None:
    compared = pair("en")
    sheet = load_workbook(io.BytesIO(comparison_workbook(compared, "en"))).active
    assert sheet is not None
    values = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    deal = values["Deal value"]
    assert deal[2].value == compared.left.offer.deal_value and "€" in deal[2].number_format
    start = values["Start"]
    assert isinstance(start[2].value, dt.datetime) and start[2].number_format == "yyyy-mm-dd"
    assert sheet["C1"].value == compared.left.meta.name
    assert sheet.freeze_panes == "A2"


def test_a_plan_name_like_a_formula_stays_text_in_the_sheet() -> None:
    compared = pair("en")
    meta = compared.left.meta.model_copy(update={"name": '=HYPERLINK("x")'})
    odd = Compared(
        compared.left.model_copy(update={"meta": meta}),
        compared.left_result,
        compared.right,
        compared.right_result,
    )
    sheet = load_workbook(io.BytesIO(comparison_workbook(odd, "en"))).active
    assert sheet is not None and str(sheet["C1"].value).startswith("'=")
