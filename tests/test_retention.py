"""Retention from customer counts per period: the seed's formula, periods, files, bad rows."""

from __future__ import annotations

import io
import math

import openpyxl
import pandas as pd
import pytest

from planner.core.problems import InvalidInput
from planner.tracking.reading import read_table
from planner.tracking.retention import (
    CheckedCounts,
    Level,
    Period,
    counts_from_rows,
    counts_from_table,
    labelled,
    parse_period,
    retention_table,
)

FRENCH_CSV = (
    "Période;Clients début;Nouveaux clients;Clients fin\r\n"
    "janv. 2026;1 200;150;1 250\r\n"
    "févr. 2026;1 250;80;1 280\r\n"
    "mars 2026;1 280;60;1 300\r\n"
)
ENGLISH_CSV = (
    "Period,Customers at start,New customers,Customers at end\n"
    "2026-01,1200,150,1250\n"
    "2026-02,1250,80,1280\n"
    "2026-03,1280,60,1300\n"
)


def from_csv(text: str, encoding: str = "utf-8", name: str = "counts.csv") -> CheckedCounts:
    return counts_from_table(read_table(text.encode(encoding), name))


def rates(checked: CheckedCounts) -> dict[str, float]:
    table = retention_table(checked.rows)
    return {p.key: r for p, r in zip(table["period"], table["retention"], strict=True)}


def typed(*rows: tuple[object, object, object, object]) -> CheckedCounts:
    return counts_from_rows({"period": p, "start": s, "new": n, "end": e} for p, s, n, e in rows)


@pytest.mark.parametrize(
    ("start", "new", "end", "expected"),
    [
        (100, 20, 110, 0.90),  # (110 − 20) / 100
        (200, 0, 150, 0.75),  # no new customer: those left of the start
        (80, 10, 10, 0.0),  # every customer of the start lost
        (50, 5, 55, 1.0),  # nobody lost
    ],
)
def test_a_month_retention_is_the_seed_formula(
    start: int, new: int, end: int, expected: float
) -> None:
    checked = typed(("2026-01", start, new, end))
    assert not checked.problems
    assert rates(checked)["2026-01"] == pytest.approx(expected)


def test_months_add_up_into_the_quarter_first_start_last_end_sum_of_news() -> None:
    checked = from_csv(ENGLISH_CSV)
    found = rates(checked)
    assert found["2026-01"] == pytest.approx((1250 - 150) / 1200)
    assert found["2026-02"] == pytest.approx((1280 - 80) / 1250)
    assert found["2026-03"] == pytest.approx((1300 - 60) / 1280)
    # Quarter: start 1 200 (January's), end 1 300 (March's), new 150 + 80 + 60 = 290.
    assert found["2026-Q1"] == pytest.approx((1300 - 290) / 1200)
    table = retention_table(checked.rows)
    table.index = pd.Index([p.key for p in table["period"]])
    assert table.loc["2026-Q1", ["start", "new", "end"]].tolist() == [1200, 290, 1300]


def test_six_months_give_two_quarters_and_a_half_year() -> None:
    counts = [(f"2026-0{m}", 100 + 10 * (m - 1), 12, 100 + 10 * m) for m in range(1, 7)]
    found = rates(typed(*counts))
    assert found["2026-Q2"] == pytest.approx((160 - 36) / 130)
    assert found["2026-H1"] == pytest.approx((160 - 72) / 100)


def test_a_quarter_only_partly_entered_has_no_rate_and_says_how_many_months() -> None:
    table = retention_table(typed(("2026-04", 100, 5, 100), ("2026-05", 100, 5, 98)).rows)
    quarter = table[table["level"] == Level.QUARTER.value].iloc[0]
    assert math.isnan(quarter["retention"])
    assert (quarter["months"], bool(quarter["complete"])) == (2, False)


def test_quarters_typed_as_quarters_add_up_into_the_half_year() -> None:
    found = rates(typed(("T1 2026", 400, 60, 420), ("T2 2026", 420, 50, 430)))
    assert found["2026-Q1"] == pytest.approx((420 - 60) / 400)
    assert found["2026-H1"] == pytest.approx((430 - 110) / 400)
    assert "2026-01" not in found


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2026-01", "2026-01"),
        ("01/2026", "2026-01"),
        ("janv. 2026", "2026-01"),
        ("Janvier 2026", "2026-01"),
        ("févr. 2026", "2026-02"),
        ("August 2026", "2026-08"),
        ("Sep 2026", "2026-09"),
        ("déc. 2026", "2026-12"),
        ("2026-03-01 00:00:00", "2026-03"),  # an XLSX date cell
        ("15/03/2026", "2026-03"),
        ("T1 2026", "2026-Q1"),
        ("Q4 2026", "2026-Q4"),
        ("2026-Q2", "2026-Q2"),
        ("S2 2026", "2026-H2"),
        ("H1 2026", "2026-H1"),
    ],
)
def test_periods_are_read_as_french_and_english_tools_write_them(text: str, key: str) -> None:
    period = parse_period(text)
    assert period is not None and period.key == key


@pytest.mark.parametrize("text", ["Janvier", "2026-13", "T5 2026", "hier", "2026"])
def test_a_period_without_month_and_year_is_not_read(text: str) -> None:
    assert parse_period(text) is None


@pytest.mark.parametrize(
    ("period", "lang", "label"),
    [
        (Period.of(2026, 2, Level.MONTH), "fr", "févr. 2026"),
        (Period.of(2026, 2, Level.MONTH), "en", "Feb 2026"),
        (Period.of(2026, 4, Level.QUARTER), "fr", "T2 2026"),
        (Period.of(2026, 4, Level.QUARTER), "en", "Q2 2026"),
        (Period.of(2026, 7, Level.HALF), "fr", "S2 2026"),
        (Period.of(2026, 7, Level.HALF), "en", "H2 2026"),
    ],
)
def test_labels_read_back_as_the_same_period(period: Period, lang: str, label: str) -> None:
    assert period.label(lang) == label
    assert parse_period(label) == period


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_a_french_excel_csv_is_read(encoding: str) -> None:
    checked = from_csv(FRENCH_CSV, encoding)
    assert not checked.problems and not checked.warnings
    assert [r.period.key for r in checked.rows] == ["2026-01", "2026-02", "2026-03"]
    assert [r.start for r in checked.rows] == [1200, 1250, 1280]  # "1 200": thousands
    assert rates(checked)["2026-Q1"] == pytest.approx(1010 / 1200)


def test_french_and_english_files_give_the_same_rates() -> None:
    french = retention_table(from_csv(FRENCH_CSV, "cp1252").rows)
    pd.testing.assert_frame_equal(french, retention_table(from_csv(ENGLISH_CSV).rows))


def test_an_xlsx_written_by_a_spreadsheet_is_read() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Période", "Clients début", "Nouveaux clients", "Clients fin"])
    sheet.append(["T1 2026", 400, 60, 420])
    sheet.append(["T2 2026", 420, 50, 430.0])
    buffer = io.BytesIO()
    book.save(buffer)
    checked = counts_from_table(read_table(buffer.getvalue(), "clients.xlsx"))
    assert not checked.problems
    assert rates(checked)["2026-H1"] == pytest.approx(320 / 400)


def test_a_decimal_comma_count_is_refused_as_not_whole() -> None:
    checked = from_csv(
        "Période;Clients début;Nouveaux clients;Clients fin\njanv. 2026;100,5;10;100\n"
    )
    assert checked.rows == ()
    assert [p.message("fr") for p in checked.problems] == [
        "Ligne 2 : « Clients début » vaut 100,5 : les clients se comptent en nombres entiers."
    ]


@pytest.mark.parametrize(
    ("row", "en", "fr"),
    [
        (
            "2026-01,0,0,5",
            "Line 2: customers at start is 0: retention divides by it",
            "Ligne 2 : les clients début valent 0",
        ),
        (
            "2026-01,100,30,20",
            "Line 2: customers at end (20) are fewer than the new customers (30)",
            "Ligne 2 : les clients fin (20) sont moins nombreux que les nouveaux clients (30)",
        ),
        (
            "2026-01,-5,3,10",
            "Line 2: “Customers at start” is -5: a number of customers cannot be negative.",
            "Ligne 2 : « Clients début » vaut -5 : un nombre de clients ne peut pas être négatif.",
        ),
        (",100,3,90", "Line 2: no period", "Ligne 2 : pas de période"),
        (
            "Janvier,100,3,90",
            "Line 2: “Janvier” is not a period",
            "Ligne 2 : « Janvier » n’est pas une période",
        ),
        (
            "2026-01,cent,3,90",
            "Line 2: “Customers at start” is “cent”, not a number.",
            "Ligne 2 : « Clients début » vaut « cent », pas un nombre.",
        ),
        (
            "2026-01,100,,90",
            "Line 2: “New customers” is empty.",
            "Ligne 2 : « Nouveaux clients » est vide.",
        ),
    ],
)
def test_a_bad_row_is_refused_with_its_line_and_reason(row: str, en: str, fr: str) -> None:
    checked = from_csv(ENGLISH_CSV.splitlines()[0] + "\n" + row + "\n2026-02,100,0,95\n")
    assert [r.line for r in checked.rows] == [3]  # the good row is kept, the bad one is not
    assert len(checked.problems) == 1
    assert checked.problems[0].message("en").startswith(en)
    assert checked.problems[0].message("fr").startswith(fr)
    with pytest.raises(InvalidInput):
        checked.raise_problems()


def test_overlapping_periods_are_refused_naming_the_other_line() -> None:
    checked = from_csv(ENGLISH_CSV + "Q1 2026,1200,290,1300\n2026-02,1,0,1\n")
    assert [r.line for r in checked.rows] == [2, 3, 4]
    assert [p.message("en") for p in checked.problems] == [
        "Line 5: its period overlaps Jan 2026 of line 2: each month may be counted once.",
        "Line 6: its period overlaps Feb 2026 of line 3: each month may be counted once.",
    ]
    assert checked.problems[0].message("fr") == (
        "Ligne 5 : sa période chevauche janv. 2026 de la ligne 2 : "
        "chaque mois ne peut compter qu’une fois."
    )


def test_a_start_that_differs_from_the_previous_end_is_a_warning_not_a_refusal() -> None:
    checked = typed(("2026-01", 100, 10, 105), ("2026-02", 103, 5, 104))
    assert len(checked.rows) == 2 and not checked.problems
    assert [w.message("en") for w in checked.warnings] == [
        "Row 2: customers at start (103) differ from customers at end of the period before "
        "(105, line 1)."
    ]
    assert checked.warnings[0].message("fr").startswith("Ligne 2 : les clients début (103)")


def test_a_gap_between_periods_is_a_warning() -> None:
    checked = typed(("2026-01", 100, 10, 105), ("2026-03", 105, 5, 104))
    assert [w.message("en") for w in checked.warnings] == [
        "Row 2: no period is entered between Jan 2026 and this one: "
        "the periods do not follow each other."
    ]


def test_rows_typed_out_of_order_are_put_in_period_order() -> None:
    checked = typed(
        ("mars 2026", 120, 5, 118), ("janv. 2026", 100, 10, 110), ("févr. 2026", 110, 15, 120)
    )
    assert [r.period.key for r in checked.rows] == ["2026-01", "2026-02", "2026-03"]
    assert not checked.warnings


def test_a_file_without_the_counts_columns_names_what_is_missing() -> None:
    with pytest.raises(InvalidInput) as raised:
        from_csv("Période;Clients début;Clients fin\njanv. 2026;10;10\n", name="c.csv")
    assert raised.value.messages("fr") == [
        "c.csv: il manque au fichier les colonnes “Nouveaux clients” (colonnes trouvées : "
        "“Période”, “Clients début”, “Clients fin”). Attendues, en français ou en anglais : "
        "Période, Clients début, Nouveaux clients, Clients fin."
    ]


def test_results_are_labelled_in_the_language() -> None:
    table = labelled(retention_table(from_csv(ENGLISH_CSV).rows), "fr")
    assert table["period"].tolist() == [
        "janv. 2026",
        "févr. 2026",
        "mars 2026",
        "T1 2026",
        "S1 2026",
    ]
    assert table["level"].tolist() == ["Mois", "Mois", "Mois", "Trimestre", "Semestre"]
