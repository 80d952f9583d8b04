"""Numbers of an editable table as text written the language's way, and read back.

The grid's number cells write `3.00 %` and `0.05` whatever language the page shows (their
"localized" format follows the browser), so the cells hold babel's text ("3,00 %" in French)
and what the user types is read back with the language's decimal mark.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planner.core.i18n import fmt_number, fmt_percent, fmt_short, parse_number
from planner.plan.editing import is_blank

SHORT = -1  # digits: only those the number needs (up to SHORT_MOST)
SHORT_MOST = 3


@dataclass(frozen=True)
class NumberCell:
    """How one column writes its numbers: decimals shown, as a percentage, whole numbers only."""

    digits: int = SHORT
    percent: bool = False  # the cells hold percentages (3.0 for 3 %), written with the sign
    whole: bool = False


@dataclass(frozen=True)
class BadCell:
    """A typed cell that is not a number (or not a whole number where one is needed)."""

    row: int  # 1-based, as the user counts the table's rows
    column: str
    text: str
    whole: bool  # True: a number, but the column wants a whole number


def write_cell(value: Any, cell: NumberCell, lang: str) -> str | None:
    """The number as the language writes it ("3,00 %", "0,05", "1 200" in French); None if blank."""
    if is_blank(value):
        return None
    number = float(value)
    if cell.percent:
        return fmt_percent(number / 100.0, lang, 2 if cell.digits == SHORT else cell.digits)
    if cell.digits == SHORT:
        return fmt_short(number, lang, SHORT_MOST)
    return fmt_number(number, lang, cell.digits)


def read_cell(value: Any, cell: NumberCell, lang: str) -> float | int | None:
    """What the user typed as a number (ValueError when it is none); None when left blank.

    A percent sign may be typed or not; whole-number columns give an int.
    """
    if is_blank(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # a numpy scalar
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        if cell.percent:
            text = text.removesuffix("%")
        number = parse_number(text, lang)
    if cell.whole:
        if not number.is_integer():
            raise ValueError(value)
        return int(number)
    return number


def read_rows(
    rows: Sequence[Mapping[str, Any]], cells: Mapping[str, NumberCell], lang: str
) -> tuple[list[dict[str, Any]], list[BadCell]]:
    """The rows with their number columns read back (text typed, or numbers left as they were),
    and the cells that are not numbers, or not whole numbers where one is needed."""
    read: list[dict[str, Any]] = []
    bad: list[BadCell] = []
    for number, row in enumerate(rows, start=1):
        out = dict(row)
        for column, cell in cells.items():
            if column not in out:
                continue
            try:
                out[column] = read_cell(out[column], cell, lang)
            except ValueError:
                text = str(out[column]).strip()
                bad.append(BadCell(number, column, text, whole=_reads(text, lang)))
        read.append(out)
    return read, bad


def _reads(text: str, lang: str) -> bool:
    """True when the text is a number, whole or not."""
    try:
        read_cell(text, NumberCell(percent=True), lang)
    except ValueError:
        return False
    return True
