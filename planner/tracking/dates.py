"""Reading the dates of an import file's column: the formats French and English tools write."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

MIN_YEAR, MAX_YEAR = 1990, 2100
# Records refused cells: (mask of the cells, field, problem code).
Refuse = Callable[[pd.Series, str, str], None]
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


def read_dates(column: pd.Series, order: str, refuse: Refuse) -> pd.Series:
    """The cells as days (NaT where refused): d/m/y or m/d/y in `order` unless the cells tell,
    ISO, dotted, and month names in French or English; bad cells refused through `refuse`."""
    text = column.str.strip()
    blank = text == ""
    refuse(blank, "date", "missing")
    result = pd.Series(pd.NaT, index=column.index, dtype="datetime64[ns]")
    slash = "%m/%d/%Y" if _slash_order(text, order) == "mdy" else "%d/%m/%Y"
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
    todo = ~blank
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
    refuse(todo, "date", "bad_date")
    years = result.dt.year
    refuse(result.notna() & ((years < MIN_YEAR) | (years > MAX_YEAR)), "date", "date_range")
    normal: pd.Series = result.dt.normalize().astype("datetime64[ns]")
    return normal


def _slash_order(text: pd.Series, order: str) -> str:
    """The order of day and month in the column's d/m/y dates: day first when some first number
    is over 12, month first when only some second number is, else `order` (the mapping's)."""
    parts = text.str.extract(r"^(\d{1,2})/(\d{1,2})/\d{2,4}\b")
    if parts[0].isna().all():
        return order
    first, second = (pd.to_numeric(parts[i], errors="coerce") for i in (0, 1))
    if (first > 12).any():
        return "dmy"
    if (second > 12).any():
        return "mdy"
    return order


def _english_months(text: pd.Series) -> pd.Series:
    out = text.str.lower()
    for french, english in _FRENCH_MONTHS.items():
        out = out.str.replace(rf"\b{french}\.?(?=\s)", english, regex=True)
    return out.str.title()
