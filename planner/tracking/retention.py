"""Customer retention from a table of customer counts per period (methods.md, the seed's formula).

retention = (customers at end − new customers) ÷ customers at start, for a period. A table has
one row per month, quarter or half-year with the customers at its start, the new customers won
during it and the customers at its end. Months add up into quarters and half-years: the start
is the first month's start, the end the last month's end, the new customers the sum of news.
Rows that cannot give a rate are refused with their line and reason; rows that do not chain
(a period's start differing from the previous end, a gap) are kept with a warning.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from planner.core.i18n import t
from planner.core.problems import InvalidInput, Problem
from planner.tracking.importing import parse_numbers
from planner.tracking.reading import RawTable

FIELDS = ("period", "start", "new", "end")
RESULT_COLUMNS = ("level", "period", "start", "new", "end", "retention", "months", "complete")


class Level(StrEnum):
    """How long a period is."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"


_MONTHS_IN = {Level.MONTH: 1, Level.QUARTER: 3, Level.HALF: 6}

# Month names and their usual short forms, French and English, without accents or dots.
_MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("janvier", "janv", "jan", "january"),
        ("fevrier", "fevr", "fev", "feb", "february"),
        ("mars", "mar", "march"),
        ("avril", "avr", "apr", "april"),
        ("mai", "may"),
        ("juin", "jun", "june"),
        ("juillet", "juil", "jul", "july"),
        ("aout", "aug", "august"),
        ("septembre", "sept", "sep", "september"),
        ("octobre", "oct", "october"),
        ("novembre", "nov", "november"),
        ("decembre", "dec", "december"),
    ),
    start=1,
):
    for _name in _names:
        _MONTH_NAMES[_name] = _number

# Header names, normalised (lower case, no accents, no punctuation), French and English.
_HEADERS: dict[str, tuple[str, ...]] = {
    "period": ("periode", "period", "mois", "month", "trimestre", "quarter", "semestre", "date"),
    "start": (
        "clients debut",
        "clients au debut",
        "clients en debut de periode",
        "clients debut de periode",
        "clients initiaux",
        "customers at start",
        "customers at the start",
        "start customers",
        "customers start",
        "opening customers",
    ),
    "new": ("nouveaux clients", "nouveaux", "new customers", "new"),
    "end": (
        "clients fin",
        "clients a la fin",
        "clients en fin de periode",
        "clients fin de periode",
        "clients finaux",
        "customers at end",
        "customers at the end",
        "end customers",
        "customers end",
        "closing customers",
    ),
}

_YEAR = r"((?:19|20)\d\d)"
_ISO_MONTH = re.compile(rf"{_YEAR}[-/.](\d{{1,2}})(?:[-/.]\d{{1,2}}(?:[ t]\d\d:\d\d(?::\d\d)?)?)?")
_MONTH_YEAR = re.compile(rf"(\d{{1,2}})[-/.]{_YEAR}")
_DAY_MONTH_YEAR = re.compile(rf"\d{{1,2}}/(\d{{1,2}})/{_YEAR}")
_NAMED_MONTH = re.compile(rf"([a-z]+) {_YEAR}")
_QUARTER = re.compile(rf"(?:[tq]([1-4]) {_YEAR}|{_YEAR} ?[-/]? ?[tq]([1-4]))")
_HALF = re.compile(rf"(?:[sh]([12]) {_YEAR}|{_YEAR} ?[-/]? ?[sh]([12]))")


def _plain(text: str) -> str:
    """Lower case, accents and dots taken off, spaces collapsed: 'Janv. 2026' -> 'janv 2026'."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = re.sub(r"[’'._]", " ", bare)
    return re.sub(r"\s+", " ", bare).strip()


@dataclass(frozen=True, order=True)
class Period:
    """A month, quarter or half-year: its first day and how many months it lasts."""

    first: dt.date
    level: Level

    @classmethod
    def of(cls, year: int, month: int, level: Level) -> Period:
        """The period of `level` that starts in `month` of `year`."""
        return cls(dt.date(year, month, 1), level)

    @property
    def months(self) -> int:
        """How many months the period lasts."""
        return _MONTHS_IN[self.level]

    @property
    def month_index(self) -> int:
        """Months since year 0 of the first month: consecutive months differ by one."""
        return self.first.year * 12 + self.first.month - 1

    @property
    def after_index(self) -> int:
        """The month index just after the period."""
        return self.month_index + self.months

    @property
    def key(self) -> str:
        """'2026-01', '2026-Q1' or '2026-H1': how the period is stored."""
        year, month = self.first.year, self.first.month
        if self.level is Level.MONTH:
            return f"{year}-{month:02d}"
        if self.level is Level.QUARTER:
            return f"{year}-Q{(month - 1) // 3 + 1}"
        return f"{year}-H{(month - 1) // 6 + 1}"

    def label(self, lang: str) -> str:
        """The period as the language writes it: 'janv. 2026', 'T1 2026', 'S1 2026'."""
        year, month = self.first.year, self.first.month
        if self.level is Level.MONTH:
            return t(lang, f"retention.month.{month}", year=year)
        if self.level is Level.QUARTER:
            return t(lang, "retention.quarter", n=(month - 1) // 3 + 1, year=year)
        return t(lang, "retention.half", n=(month - 1) // 6 + 1, year=year)

    def contains(self, other: Period) -> bool:
        """Whether `other` lies within this period."""
        return self.month_index <= other.month_index and other.after_index <= self.after_index

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share a month."""
        return self.month_index < other.after_index and other.month_index < self.after_index


def parse_period(text: str) -> Period | None:
    """A period written '2026-01', '01/2026', 'janv. 2026', 'January 2026', 'T1 2026',
    'Q1 2026', '2026-Q1', 'S1 2026', 'H1 2026' or as a date (its month); None otherwise."""
    plain = _plain(text)
    if found := _QUARTER.fullmatch(plain):
        n, year = (found[1], found[2]) if found[1] else (found[4], found[3])
        return Period.of(int(year), (int(n) - 1) * 3 + 1, Level.QUARTER)
    if found := _HALF.fullmatch(plain):
        n, year = (found[1], found[2]) if found[1] else (found[4], found[3])
        return Period.of(int(year), (int(n) - 1) * 6 + 1, Level.HALF)
    year_month: tuple[str, str] | None = None
    if found := _ISO_MONTH.fullmatch(plain):
        year_month = (found[1], found[2])
    elif (found := _MONTH_YEAR.fullmatch(plain)) or (found := _DAY_MONTH_YEAR.fullmatch(plain)):
        year_month = (found[2], found[1])
    elif (found := _NAMED_MONTH.fullmatch(plain)) and found[1] in _MONTH_NAMES:
        return Period.of(int(found[2]), _MONTH_NAMES[found[1]], Level.MONTH)
    if year_month is None or not 1 <= int(year_month[1]) <= 12:
        return None
    return Period.of(int(year_month[0]), int(year_month[1]), Level.MONTH)


@dataclass(frozen=True)
class CountRow:
    """One period's customer counts, with the line (or row) it came from."""

    line: int
    period: Period
    start: int
    new: int
    end: int

    @property
    def retention(self) -> float:
        """(customers at end − new customers) ÷ customers at start."""
        return retention_rate(self.start, self.new, self.end)


@dataclass(frozen=True)
class CountProblem(Problem):
    """Why a row of customer counts is refused or worth a look, worded from `retention` strings."""

    line: int = 0
    typed: bool = False  # a row of the page's table (row n) rather than a line of a file

    def message(self, lang: str) -> str:
        """'Line 3: …' (a file) or 'Row 3: …' (the typed table), then the reason."""
        params = {name: _worded(str(value), lang) for name, value in self.params.items()}
        text = t(lang, f"retention.problem.{self.code}", **params)
        if not self.line:
            return f"{self.where}: {text}" if self.where else text
        place = "row" if self.typed else "line"
        return t(lang, f"retention.where.{place}", n=self.line, reason=text)


@dataclass(frozen=True)
class CheckedCounts:
    """The valid rows in period order, the rows refused and the warnings on kept rows."""

    rows: tuple[CountRow, ...]
    problems: tuple[CountProblem, ...] = ()
    warnings: tuple[CountProblem, ...] = field(default=())

    def raise_problems(self) -> None:
        """InvalidInput listing every refused row, when there is any."""
        if self.problems:
            raise InvalidInput(list(self.problems))


def retention_rate(start: float, new: float, end: float) -> float:
    """(customers at end − new customers) ÷ customers at start, as a fraction."""
    return (end - new) / start


def column_of(headers: Sequence[str]) -> dict[str, str]:
    """The file's column for each field it has (period, start, new, end), from its header."""
    found: dict[str, str] = {}
    for header in headers:
        name = _plain(header).replace("-", " ")
        name = re.sub(r"[():;]", " ", name)
        name = re.sub(r"\s+", " ", name).strip()
        for field_name, aliases in _HEADERS.items():
            if field_name not in found and name in aliases:
                found[field_name] = header
    return found


def counts_from_table(table: RawTable) -> CheckedCounts:
    """The customer counts of an import file; InvalidInput naming the columns it lacks."""
    columns = column_of(table.headers)
    missing = [f for f in FIELDS if f not in columns]
    if missing:
        raise InvalidInput(
            [
                CountProblem(
                    table.file_name,
                    "missing_columns",
                    {
                        "fields": ", ".join(f"“{{{f}}}”" for f in missing),
                        "found": ", ".join(f"“{h}”" for h in table.headers),
                    },
                )
            ]
        )
    frame = pd.DataFrame({f: table.frame[columns[f]].astype(str) for f in FIELDS})
    lines = [int(i) + 2 for i in table.frame.index]  # line 1 is the header
    return check_counts(frame, lines)


def counts_from_rows(rows: Iterable[Mapping[str, Any]]) -> CheckedCounts:
    """The customer counts typed in the page's table (row numbers from 1)."""
    listed = list(rows)
    frame = pd.DataFrame(
        {f: ["" if _blank(r.get(f)) else _as_text(r.get(f)) for r in listed] for f in FIELDS}
    )
    return check_counts(frame, list(range(1, len(listed) + 1)), typed=True)


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_counts(
    frame: pd.DataFrame, lines: Sequence[int], *, typed: bool = False
) -> CheckedCounts:
    """Rows of text cells (period, start, new, end) checked: valid rows by period, refused rows
    with their line and reason, warnings where periods do not chain."""
    problems: list[CountProblem] = []

    def refuse(line: int, code: str, **params: Any) -> None:
        problems.append(CountProblem("", code, params, line=line, typed=typed))

    numbers = {f: _counts(frame[f]) for f in ("start", "new", "end")}
    candidates: list[CountRow] = []
    for i, line in enumerate(lines):
        text = str(frame["period"].iloc[i]).strip()
        period = parse_period(text) if text else None
        bad = len(problems)
        if not text:
            refuse(line, "missing_period")
        elif period is None:
            refuse(line, "bad_period", value=text[:40])
        values: dict[str, int] = {}
        for name, (parsed, raw) in numbers.items():
            cell, value = raw.iloc[i], parsed.iloc[i]
            if not cell:
                refuse(line, "missing_number", field=f"{{{name}}}")
            elif np.isnan(value) or not np.isfinite(value):
                refuse(line, "not_a_number", field=f"{{{name}}}", value=cell[:40])
            elif value < 0:
                refuse(line, "negative", field=f"{{{name}}}", value=cell[:40])
            elif not float(value).is_integer():
                refuse(line, "not_whole", field=f"{{{name}}}", value=cell[:40])
            else:
                values[name] = int(value)
        if len(values) == 3:
            if values["start"] == 0:
                refuse(line, "start_zero")
            if values["end"] < values["new"]:
                refuse(line, "end_below_new", end=values["end"], new=values["new"])
        if len(problems) == bad and period is not None:
            candidates.append(CountRow(line, period, values["start"], values["new"], values["end"]))
    rows = _without_overlaps(candidates, refuse)
    warnings = _chain_warnings(rows, typed)
    return CheckedCounts(tuple(rows), tuple(_by_line(problems)), tuple(warnings))


def _by_line(problems: list[CountProblem]) -> list[CountProblem]:
    return sorted(problems, key=lambda p: p.line)


def _counts(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The cells as numbers (through the one number reader) and as the text written."""
    raw = cells.astype(str).str.strip()
    cleaned = raw.str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    return parse_numbers(cleaned), raw


def _without_overlaps(rows: list[CountRow], refuse: Any) -> list[CountRow]:
    """The rows in period order, a row sharing a month with an earlier-read one refused."""
    kept: list[CountRow] = []
    for row in rows:
        other = next((k for k in kept if k.period.overlaps(row.period)), None)
        if other is None:
            kept.append(row)
        else:
            refuse(row.line, "overlaps", other=other.line, period=f"{{period:{other.period.key}}}")
    return sorted(kept, key=lambda r: (r.period.month_index, r.period.months))


def _chain_warnings(rows: Sequence[CountRow], typed: bool) -> list[CountProblem]:
    """Where a period's start differs from the previous end, where periods leave a gap, and
    where more customers stay than were there (retention above 100 %)."""
    found: list[CountProblem] = []
    for before, row in itertools.pairwise(rows):
        if row.period.month_index > before.period.after_index:
            found.append(
                CountProblem(
                    "",
                    "gap",
                    {"previous": f"{{period:{before.period.key}}}"},
                    line=row.line,
                    typed=typed,
                )
            )
        elif row.start != before.end:
            found.append(
                CountProblem(
                    "",
                    "not_chained",
                    {"start": row.start, "previous": before.end, "line_before": before.line},
                    line=row.line,
                    typed=typed,
                )
            )
    for row in rows:
        if row.end - row.new > row.start:
            found.append(CountProblem("", "above_full", {}, line=row.line, typed=typed))
    return sorted(found, key=lambda p: p.line)


def _aggregate(period: Period, rows: Sequence[CountRow]) -> dict[str, Any]:
    """One result row: the period's own row, or the rows within it added up when they cover it."""
    inside = [r for r in rows if period.contains(r.period)]
    covered = sum(r.period.months for r in inside)
    complete = covered == period.months
    start = inside[0].start if inside else 0
    end = inside[-1].end if inside else 0
    new = sum(r.new for r in inside)
    return {
        "level": period.level.value,
        "period": period,
        "start": start,
        "new": new,
        "end": end,
        "retention": retention_rate(start, new, end) if complete and start else np.nan,
        "months": covered,
        "complete": complete,
    }


def _enclosing(period: Period, level: Level) -> Period:
    size = _MONTHS_IN[level]
    month = (period.first.month - 1) // size * size + 1
    return Period.of(period.first.year, month, level)


def retention_table(rows: Sequence[CountRow]) -> pd.DataFrame:
    """Retention per month, quarter and half-year of the rows (months add up, see the module);
    a quarter or half-year only partly covered shows its months and no rate."""
    ordered = sorted(rows, key=lambda r: (r.period.month_index, r.period.months))
    records: list[dict[str, Any]] = []
    for level in Level:
        periods = sorted(
            {_enclosing(r.period, level) for r in ordered if r.period.months <= _MONTHS_IN[level]}
        )
        records += [_aggregate(p, ordered) for p in periods]
    return pd.DataFrame(records, columns=list(RESULT_COLUMNS))


def labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The results with each period written for the language and its level named."""
    return table.assign(
        level=[t(lang, f"retention.level.{v}") for v in table["level"]],
        period=[p.label(lang) for p in table["period"]],
    )


def _worded(text: str, lang: str) -> str:
    """A problem's value with its fields and periods written in `lang` ({start}, {period:…})."""
    for f in FIELDS:
        text = text.replace(f"{{{f}}}", t(lang, f"retention.column.{f}"))
    for key in re.findall(r"\{period:([^}]+)\}", text):
        period = _from_key(key)
        text = text.replace(f"{{period:{key}}}", period.label(lang) if period else key)
    return text


def _from_key(key: str) -> Period | None:
    """'2026-01' / '2026-Q1' / '2026-H1' back to its period."""
    return parse_period(key.replace("-Q", " Q").replace("-H", " H"))


def period_order(key: str) -> tuple[int, int]:
    """A sort key for a stored period key: by first month, shorter periods first."""
    period = _from_key(key)
    return (period.month_index, period.months) if period else (0, 0)


def rows_from_keys(stored: Iterable[tuple[str, int, int, int]]) -> list[CountRow]:
    """Stored rows (period key, start, new, end) as count rows numbered from 1."""
    rows = []
    for i, (key, start, new, end) in enumerate(stored, start=1):
        period = _from_key(key)
        if period is not None:
            rows.append(CountRow(i, period, int(start), int(new), int(end)))
    return rows
