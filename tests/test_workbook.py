"""The plan as an Excel workbook, read back with openpyxl as a spreadsheet user would see it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from planner.plan.funnel import expected_funnel
from planner.plan.model import Plan
from planner.plan.scenarios import build_scenario
from planner.share import export_name, plan_workbook
from planner.simulation.entry import simulate
from planner.simulation.result import SimulationResult

START = dt.date(2027, 1, 4)


def opened(plan: Plan, lang: str, result: SimulationResult | None = None) -> Workbook:
    return load_workbook(io.BytesIO(plan_workbook(plan, lang, result)))


@pytest.fixture(scope="module")
def saas() -> Plan:
    return build_scenario("saas_smb", "fr", START)


@pytest.mark.parametrize(
    ("lang", "sheets"),
    [
        ("fr", ["Hypothèses", "Canaux", "Étapes", "Objectifs", "Plan hebdomadaire"]),
        ("en", ["Assumptions", "Channels", "Stages", "Objectives", "Weekly plan"]),
    ],
)
def test_each_part_of_the_plan_has_its_sheet_in_the_language(
    saas: Plan, lang: str, sheets: list[str]
) -> None:
    book = opened(saas, lang)
    assert book.sheetnames == sheets
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"  # the header stays in view
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.column_dimensions["A"].width > 8


def test_rates_are_numbers_shown_as_percentages_with_their_sources(saas: Plan) -> None:
    stages = opened(saas, "fr")["Étapes"]
    first = saas.channels[0].stages[0]
    row = [cell for cell in stages[2]]
    assert [c.value for c in row[:2]] == [saas.channels[0].name, first.name]
    assert row[3].value == pytest.approx(first.rate.typical)  # a number, not "7,6 %"
    assert row[3].number_format == "0.0%"
    assert row[6].value == first.rate.source
    assert stages.max_row == 1 + sum(len(c.stages) for c in saas.channels)


@pytest.mark.parametrize(
    ("lang", "date_format", "money_format"),
    [("fr", "dd/mm/yyyy", '#,##0.00\\ "€"'), ("en", "yyyy-mm-dd", '"€"#,##0.00')],
)
def test_dates_and_money_are_typed_cells_formatted_for_the_language(
    saas: Plan, lang: str, date_format: str, money_format: str
) -> None:
    book = opened(saas, lang)
    weekly = book.worksheets[4]
    week, _, _, expected, revenue, cost = (cell for cell in weekly[2])
    assert isinstance(week.value, dt.datetime) and week.value.date() == START
    assert week.number_format == date_format
    assert isinstance(expected.value, float | int)
    assert revenue.number_format == money_format and isinstance(cost.value, float | int)
    channels = book.worksheets[1]
    assert channels.cell(row=2, column=5).number_format == money_format


def test_the_weekly_plan_adds_up_to_the_expected_funnel(saas: Plan) -> None:
    funnel = expected_funnel(saas)
    weekly = opened(saas, "en")["Weekly plan"]
    rows = list(weekly.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(funnel.stages)
    assert sum(r[3] for r in rows) == pytest.approx(funnel.stages["expected"].sum())
    assert sum(r[4] or 0 for r in rows) == pytest.approx(funnel.revenue())
    assert sum(r[5] or 0 for r in rows) == pytest.approx(funnel.cost())


def test_a_simulation_adds_its_bands(saas: Plan) -> None:
    result = simulate(saas, trials=500, seed=1)
    sheet = opened(saas, "fr", result=result)["Simulation"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(result.week_starts) * len(result.weekly)
    for _, series, _, p10, p50, p90 in rows:
        assert series and p10 <= p50 <= p90


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", " =1", "＝1"])
def test_text_that_a_spreadsheet_would_run_is_quoted(saas: Plan, name: str) -> None:
    plan = saas.model_copy(update={"meta": saas.meta.model_copy(update={"name": name})})
    cell = opened(plan, "en")["Assumptions"]["C2"]
    assert cell.value == "'" + name and cell.data_type == "s"


def test_numbers_stay_numbers_even_negative_ones(saas: Plan) -> None:
    sheet = opened(saas, "en")["Channels"]
    assert all(isinstance(c.value, float | int) for c in sheet["C"][1:])


def test_the_file_name_comes_from_the_plan_name() -> None:
    assert export_name("Plan SaaS — T1", "xlsx") == "plan-saas-t1.xlsx"
    assert export_name("???", "json") == "plan.json"


def test_a_plan_with_actual_results_gets_its_kpis_and_actual_weeks_as_typed_cells() -> None:
    import pandas as pd

    from planner.tracking.events import empty_log

    plan = build_scenario("saas_smb", "fr", dt.date(2027, 1, 4))
    rows = pd.DataFrame(
        {
            "date": pd.to_datetime(["2027-01-05", "2027-01-06", "2027-01-20"]),
            "prospect": pd.Series(["acme", "acme", "bolt"], dtype="string"),
            "channel": pd.Series(["phone", "phone", "email"], dtype="string"),
            "event": pd.Series(["activity", "won", "won"], dtype="string"),
            "amount": [float("nan"), 1200.5, 800.0],
        }
    )
    events = pd.concat([empty_log(), rows], ignore_index=True)[empty_log().columns]
    book = load_workbook(
        io.BytesIO(plan_workbook(plan, "fr", actuals=events, today=dt.date(2027, 2, 1)))
    )
    assert book.sheetnames[-2:] == ["Indicateurs", "Réel par semaine"]
    kpis = {r[0].value: r for r in book["Indicateurs"].iter_rows(min_row=2)}
    revenue = next(r for name, r in kpis.items() if "affaires" in str(name).lower())
    assert revenue[1].value == 2000.5 and "€" in revenue[1].number_format
    weeks = list(book["Réel par semaine"].iter_rows(min_row=2, values_only=True))
    assert (
        dt.datetime(2027, 1, 4),
        "Prospection téléphonique",
        "affaires gagnées",
        1,
        1200.5,
    ) in weeks
    assert all(isinstance(w[3], int) for w in weeks)


def test_a_plan_without_actual_results_has_no_kpi_sheet() -> None:
    plan = build_scenario("saas_smb", "en", dt.date(2027, 1, 4))
    book = load_workbook(io.BytesIO(plan_workbook(plan, "en")))
    assert "KPIs" not in book.sheetnames
