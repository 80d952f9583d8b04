"""Numbers of editable tables written as text for a language and read back."""

from __future__ import annotations

import pytest

from planner.plan.number_cells import BadCell, NumberCell, read_cell, read_rows, write_cell

RATE = NumberCell(digits=2, percent=True)
COUNT = NumberCell(digits=0, whole=True)
SHORT = NumberCell()
NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("value", "cell", "lang", "text"),
    [
        (3.0, RATE, "fr", f"3,00{NBSP}%"),
        (3.0, RATE, "en", "3.00%"),
        (0.05, SHORT, "fr", "0,05"),
        (373.8, SHORT, "fr", "373,8"),
        (373.8, SHORT, "en", "373.8"),
        (12500, COUNT, "fr", f"12{NNBSP}500"),
        (12500, COUNT, "en", "12,500"),
        (None, SHORT, "fr", None),
        (float("nan"), RATE, "fr", None),
    ],
)
def test_numbers_are_written_the_languages_way(
    value: float | None, cell: NumberCell, lang: str, text: str | None
) -> None:
    assert write_cell(value, cell, lang) == text


@pytest.mark.parametrize(
    ("typed", "cell", "lang", "number"),
    [
        ("3,5 %", RATE, "fr", 3.5),
        ("3,5%", RATE, "fr", 3.5),
        ("3,5", RATE, "fr", 3.5),
        ("3.5", RATE, "fr", 3.5),  # a dot is also read as the decimal mark in French
        ("3.5%", RATE, "en", 3.5),
        (f"12{NNBSP}500", COUNT, "fr", 12500),
        ("1 200", COUNT, "fr", 1200),
        ("1,200", COUNT, "en", 1200),
        ("0,05", SHORT, "fr", 0.05),
        ("  ", SHORT, "fr", None),
        (7, COUNT, "fr", 7),  # a number left as it was
    ],
)
def test_what_is_typed_is_read_the_languages_way(
    typed: object, cell: NumberCell, lang: str, number: float | None
) -> None:
    read = read_cell(typed, cell, lang)
    assert read == (pytest.approx(number) if number is not None else None)
    if cell.whole and number is not None:
        assert isinstance(read, int)


@pytest.mark.parametrize("typed", ["beaucoup", "3,5,2 %", "12 €", "2,5"])
def test_text_that_is_no_number_for_its_column_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        read_cell(typed, COUNT, "fr")


def test_each_bad_cell_is_named_by_row_and_column_and_the_rest_read() -> None:
    rows = [{"name": "A", "low": "3,5 %", "count": "12"}, {"name": "B", "low": "x", "count": "2,5"}]
    read, bad = read_rows(rows, {"low": RATE, "count": COUNT}, "fr")
    assert read[0] == {"name": "A", "low": 3.5, "count": 12}
    assert bad == [BadCell(2, "low", "x", whole=False), BadCell(2, "count", "2,5", whole=True)]
