"""Reading the dates of an import file's column: the formats French and English tools write.

Most cells are read by a few fixed formats, vectorised (ISO, d/m/y or m/d/y, dotted, "12 Jan
2026"). What they leave is read on its distinct cells only: an Excel date number (46034), or a
date written in words in French or English ("lundi 12 janvier 2027", "Mon, Jan 12, 2027",
"1er févr. 2027") by dateparser, offline, for those two languages and the column's order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner.core.i18n import plural, t

MIN_YEAR, MAX_YEAR = 1990, 2100
ORDERS = ("dmy", "mdy")
# Excel counts days from 30 December 1899; its numbers for 1 Jan 1990 and 31 Dec 2100.
EXCEL_EPOCH = pd.Timestamp(1899, 12, 30)
FIRST_SERIAL, LAST_SERIAL = 32874, 73415
MAX_WORD_DATES = 20_000  # distinct dates in words read per column (about 1 ms each)
SHOWN_ROWS = 5  # rows named when saying what decided the order
# Records refused cells: (mask of the cells, field, problem code).
Refuse = Callable[[pd.Series, str, str], None]
_SLASH = r"^(\d{1,2})/(\d{1,2})/\d{2,4}\b"
_SERIAL = r"\d{5}(?:[.,]\d+)?"
_NUMBER = r"[-+]?\d+(?:[.,]\d+)?"
_TIME = r"(?:,?\s+(?:à|at|a)?\s*\d{1,2}(?::\d{2}|h\d{0,2}).*)$"
_FRENCH_MONTHS = {
    "janv": "Jan",
    "févr": "Feb",
    "fevr": "Feb",
    "mars": "Mar",
    "avr": "Apr",
    "mai": "May",
    "juin": "Jun",
    "juil": "Jul",
    "août": "Aug",
    "aout": "Aug",
    "sept": "Sep",
    "oct": "Oct",
    "nov": "Nov",
    "déc": "Dec",
    "dec": "Dec",
}


@dataclass(frozen=True)
class OrderRead:
    """How a column's d/m/y dates were ordered, over its distinct cells.

    `reason`: "none" (no such date), "default" (none tells: the mapping's order), "dates" (some
    can only be read this way), "mixed" (some only one way, some only the other: the order of
    most, the others refused), "chosen" (the user's). `deciding`: the cells that can only be
    read in `order`; `refused`: those that can only be read the other way.
    """

    order: str
    reason: str
    cells: pd.Series  # the cells read, stripped
    deciding: pd.Series  # mask over the cells
    refused: pd.Series  # mask over the cells
    ambiguous: bool = False  # d/m/y dates, none telling the order, some reading differently


@dataclass(frozen=True)
class DateOrder:
    """The day/month order an import used, said with the rows that decided it."""

    order: str
    reason: str = "none"
    rows: tuple[tuple[int, str], ...] = ()  # (line, cell) of the first rows that decided it
    deciding: int = 0  # rows that can only be read in `order`
    refused: int = 0  # rows refused: they can only be read the other way
    ambiguous: bool = False

    def note(self, lang: str) -> str:
        """What order the dates were read in and why, in `lang`; "" when no date needed one."""
        if self.reason == "none":
            return ""
        order = t(lang, f"dates.order.{self.order}")
        named = ", ".join(
            t(lang, "dates.order.row", line=line, value=value) for line, value in self.rows
        )
        parts = [t(lang, f"dates.order.reason.{self.reason}", order=order, rows=named)]
        if self.deciding > len(self.rows) and self.rows:
            parts.append(plural(lang, "dates.order.more", self.deciding - len(self.rows)))
        if self.refused:
            other = t(lang, f"dates.order.{'mdy' if self.order == 'dmy' else 'dmy'}")
            parts.append(plural(lang, "dates.order.refused", self.refused, other=other))
        return " ".join(parts)


UNDECIDED = DateOrder("dmy")  # no date needed an order


class DateReader:
    """Reads a file's date columns in one day/month order: the user's choice when given, else
    the one the first column read (the row's date) tells, else the mapping's `default`."""

    def __init__(self, default: str, chosen: str | None = None) -> None:
        if default not in ORDERS or (chosen is not None and chosen not in ORDERS):
            raise ValueError("a date order is 'dmy' or 'mdy'")
        self.default, self.chosen = default, chosen
        self.decision: OrderRead | None = None

    def read(self, column: pd.Series, refuse: Refuse) -> pd.Series:
        """The cells as days; the first column read sets the order of the next ones."""
        if self.decision is None:
            decision = decide_order(column, self.default, self.chosen)
            self.decision = decision
        else:  # a creation date column follows the row's dates when they told the order
            told = self.decision.reason not in ("none", "default")
            decision = decide_order(
                column, self.decision.order, self.decision.order if told else None
            )
        return read_dates(column, decision, refuse)

    def at_rows(self, codes: np.ndarray[Any, Any], lines: np.ndarray[Any, Any]) -> DateOrder:
        """The decision of the first column read, with its rows: `codes` gives each row's cell
        among the cells read, `lines` each row's line in the file."""
        decision = self.decision
        if decision is None:
            return DateOrder(self.chosen or self.default)
        deciding = decision.deciding.to_numpy(dtype=bool)[codes]
        refused = decision.refused.to_numpy(dtype=bool)[codes]
        first = np.flatnonzero(deciding)[:SHOWN_ROWS].tolist()
        cells = decision.cells.to_numpy(dtype=object)
        return DateOrder(
            order=decision.order,
            reason=decision.reason,
            rows=tuple((int(lines[i]), str(cells[codes[i]])) for i in first),
            deciding=int(deciding.sum()),
            refused=int(refused.sum()),
            ambiguous=decision.ambiguous,
        )


def decide_order(column: pd.Series, default: str, chosen: str | None = None) -> OrderRead:
    """The order of day and month in a column's d/m/y dates: the user's when `chosen`; else day
    first when some first number is over 12, month first when some second number is; when both
    happen, the order of most distinct dates (`default` on a tie), the others refused; else
    `default`."""
    text = column.str.strip()
    parts = text.str.extract(_SLASH)
    nothing = pd.Series(False, index=column.index)
    if parts[0].isna().all():
        return OrderRead(chosen or default, "none", text, nothing, nothing)
    first, second = (pd.to_numeric(parts[i], errors="coerce") for i in (0, 1))
    day_only = ((first > 12) & (second <= 12)).fillna(False).astype(bool)
    month_only = ((second > 12) & (first <= 12)).fillna(False).astype(bool)
    if chosen:
        order, reason = chosen, "chosen"
    elif day_only.any() and month_only.any():
        days, months = int(day_only.sum()), int(month_only.sum())
        order = default if days == months else ("dmy" if days > months else "mdy")
        reason = "mixed"
    elif day_only.any():
        order, reason = "dmy", "dates"
    elif month_only.any():
        order, reason = "mdy", "dates"
    else:
        ambiguous = bool((first != second).any())
        return OrderRead(default, "default", text, nothing, nothing, ambiguous)
    deciding, refused = (day_only, month_only) if order == "dmy" else (month_only, day_only)
    return OrderRead(order, reason, text, deciding, refused)


def read_dates(column: pd.Series, order: str | OrderRead, refuse: Refuse) -> pd.Series:
    """The cells as days (NaT where refused): d/m/y in `order` (or as `decide_order` says when
    given a string), ISO, dotted, Excel date numbers, and dates in French or English words;
    each bad cell refused through `refuse` with its reason."""
    decision = decide_order(column, order) if isinstance(order, str) else order
    text = column.str.strip()
    blank = text == ""
    refuse(blank, "date", "missing")
    other = decision.refused.reindex(column.index, fill_value=False).astype(bool)
    if other.any():
        code = "day_first_only" if decision.order == "mdy" else "month_first_only"
        refuse(other, "date", code)
    result = pd.Series(pd.NaT, index=column.index, dtype="datetime64[ns]")
    slash = "%m/%d/%Y" if decision.order == "mdy" else "%d/%m/%Y"
    attempts = [
        (slash, 10),
        ("%Y-%m-%d", 10),
        ("%d-%m-%Y", 10),
        ("%d.%m.%Y", 10),
        (slash.replace("%Y", "%y"), 8),
        ("%b %d, %Y", 12),
        ("%d %b %Y", 11),
        ("%d %b. %Y", 12),
    ]
    todo = ~blank & ~other
    for fmt, width in attempts:
        if not todo.any():
            break
        if width in (10, 8):  # the date alone first (fast), then dates followed by a time
            result[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
            todo &= result.isna()
            if not todo.any():
                break
            head = text[todo].str.split(" ", n=1).str[0].str.split("T", n=1).str[0]
        else:
            head = _english_months(text[todo])
            head = head.str.replace(r"\s+\d{1,2}:\d{2}.*$", "", regex=True)
        result[todo] = pd.to_datetime(head, format=fmt, errors="coerce")
        todo &= result.isna()
    if todo.any():
        todo = _serials(text, todo, result, refuse)
    if todo.any():
        todo = _in_words(text, todo, result, decision.order, refuse)
    refuse(todo, "date", "bad_date")
    years = result.dt.year
    refuse(result.notna() & ((years < MIN_YEAR) | (years > MAX_YEAR)), "date", "date_range")
    normal: pd.Series = result.dt.normalize().astype("datetime64[ns]")
    return normal


def _serials(text: pd.Series, todo: pd.Series, result: pd.Series, refuse: Refuse) -> pd.Series:
    """Excel date numbers (46034 is 12 January 2026) read into `result`; other plain numbers
    refused as numbers, not dates. The cells still to read."""
    numbers = todo & text.str.fullmatch(_NUMBER)
    if not numbers.any():
        return todo
    serial = numbers & text.str.fullmatch(_SERIAL)
    days = pd.to_numeric(text[serial].str.replace(",", ".", regex=False), errors="coerce")
    fits = (days >= FIRST_SERIAL) & (days < LAST_SERIAL + 1)
    read = fits[fits].index
    result[read] = EXCEL_EPOCH + pd.to_timedelta(np.floor(days[read]), unit="D")
    refuse(numbers & ~result.notna(), "date", "number_not_date")
    return todo & ~numbers


def _in_words(
    text: pd.Series, todo: pd.Series, result: pd.Series, order: str, refuse: Refuse
) -> pd.Series:
    """Dates written in French or English words read into `result` (a weekday, "1er", "12th",
    a time after them are fine; a date without its year is refused). The cells still to read."""
    words = todo & text.str.contains(r"[^\W\d_]", regex=True)
    if not words.any():
        return todo
    bare = text[words].str.replace(_TIME, "", regex=True, case=False).str.strip()
    distinct = pd.unique(bare.to_numpy(dtype=object))
    over = distinct[MAX_WORD_DATES:]
    if len(over):
        refuse(_among(bare, over, todo), "date", "too_many_word_dates")
    parser, loose = _word_parsers(order)
    days: dict[str, pd.Timestamp | None] = {}
    no_year: set[str] = set()
    for value in distinct[:MAX_WORD_DATES].tolist():
        found = parser.get_date_data(value).date_obj
        days[value] = pd.Timestamp(found) if found is not None else None
        if found is None and loose.get_date_data(value).date_obj is not None:
            no_year.add(value)
    parsed = bare.map(days)
    ok = parsed.notna()
    result[ok[ok].index] = pd.to_datetime(parsed[ok].astype("datetime64[ns]"))
    yearless = _among(bare, list(no_year), todo)
    refuse(yearless, "date", "no_year")
    skipped = _among(bare, over, todo) if len(over) else yearless & False
    return todo & ~ok.reindex(todo.index, fill_value=False).astype(bool) & ~yearless & ~skipped


def _among(cells: pd.Series, values: Any, like: pd.Series) -> pd.Series:
    """A mask shaped like `like`: the cells (a part of it) holding one of `values`."""
    return cells.isin(values).reindex(like.index, fill_value=False).astype(bool)


def _word_parsers(order: str) -> tuple[Any, Any]:
    """dateparser for French and English only, absolute dates only (no "yesterday", no
    timestamps), no network: one that needs day, month and year, one that needs no year."""
    from dateparser.date import DateDataParser  # type: ignore[import-untyped]

    settings = {
        "DATE_ORDER": order.upper(),
        "PREFER_LOCALE_DATE_ORDER": False,
        "PARSERS": ["absolute-time"],
        "STRICT_PARSING": True,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    strict = DateDataParser(languages=["fr", "en"], settings=settings)
    loose = DateDataParser(
        languages=["fr", "en"],
        settings={**settings, "STRICT_PARSING": False, "REQUIRE_PARTS": ["day", "month"]},
    )
    return strict, loose


def _english_months(text: pd.Series) -> pd.Series:
    out = text.str.lower()
    for french, english in _FRENCH_MONTHS.items():
        out = out.str.replace(rf"\b{french}\.?(?=\s)", english, regex=True)
    return out.str.title()
