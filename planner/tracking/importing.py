"""Importing actual prospection results from files: read, map to the event log, check every row.

The flow: `read_table` (bytes -> text cells), `map_events` (cells -> event-log frame plus the
rejected rows with their reasons), then the caller stores `result.events` (see storage). Rows
are numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from planner.core.cells import escape_text
from planner.core.i18n import plural, t
from planner.core.problems import InvalidInput
from planner.plan.model import Plan
from planner.tracking.dates import UNDECIDED, DateOrder, DateReader
from planner.tracking.events import COLUMNS, EventKind, empty_log
from planner.tracking.presets import (
    FIELDS,
    GENERIC,
    KIND_LABELS,
    PRESETS,
    ColumnMapping,
    guess_mapping,
    manual_mapping,
    normalised,
    present_columns,
    source_columns,
)
from planner.tracking.reading import (
    MAX_BYTES,
    MAX_ROWS,
    ImportProblem,
    RawTable,
    content_hash,
    read_table,
    sniff_separator,
)
from planner.tracking.values import EVENT_SYNONYMS, synonym_channels

__all__ = [
    "FIELDS",
    "GENERIC",
    "MAX_BYTES",
    "MAX_ROWS",
    "PRESETS",
    "ColumnMapping",
    "ImportProblem",
    "ImportResult",
    "RawTable",
    "RowProblem",
    "SourceChannel",
    "channel_aliases",
    "content_hash",
    "escape_cell",
    "guess_mapping",
    "manual_mapping",
    "map_events",
    "preview",
    "read_table",
    "rejected_csv",
    "sniff_separator",
    "source_columns",
]

# Records refused rows: (mask of the rows, field, problem code).
_Refuse = Callable[[pd.Series, str, str], None]
_TEXT_FIELDS = ("prospect", "segment", "rep", "variant", "deal", "source")
_LOG_TEXT = tuple(c for c in COLUMNS if c not in ("date", "amount"))  # text columns of the log
_THREADS = 2  # columns factorised two at a time (Arrow's hashing of text frees the GIL)
_PIPELINE_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")
_CURRENCY = r"([€$£]|^\s*[A-Z]{3}(?=[\s\d])|(?<=[\d\s])[A-Z]{3}\s*$)"
_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP"}
_NOT_FINITE = frozenset({"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"})


@dataclass(frozen=True)
class RowProblem:
    """Why one cell of one row was refused."""

    line: int
    column: str
    code: str
    value: str = ""

    def message(self, lang: str) -> str:
        """The reason in `lang`, naming the column and quoting the value."""
        params = {"value": self.value, "column": self.column}
        if self.code == "unknown_event":
            params["known"] = " (" + ", ".join(k.value for k in EventKind) + ")"
        return t(lang, f"importing.row.{self.code}", **params)


@dataclass(frozen=True)
class SourceChannel:
    """A lead-source value of a file, the plan channel its rows went to, and how many rows;
    `mapped` is False when the value names no channel of the plan (its rows went to the
    default channel)."""

    value: str
    channel: str
    rows: int
    mapped: bool


@dataclass(frozen=True)
class ImportResult:
    """A mapped file: its valid events, its rejected rows with reasons, and what was skipped.

    `coded` holds the valid events with their text columns as pandas Categorical: the same
    values, each column's distinct values hashed once while mapping; `storage.store_events`
    writes it without hashing them again. After the file's rows come, for a CRM's deals
    created before their row's date, one "lead" event each on its creation day (so a sales
    cycle reads from creation to close). `events` is the same rows as an event log (the
    types of `planner.tracking.events`), made on first use.
    """

    file_name: str
    sha256: str
    mapping: ColumnMapping
    sources: Mapping[str, str]
    coded: pd.DataFrame
    rejected: pd.DataFrame  # the rejected rows as in the file, indexed by row number
    problems: tuple[RowProblem, ...]
    duplicates: int  # rows equal to an earlier one naming the same prospect or deal: left out
    total_rows: int
    footer_rows: int = 0  # lines at the end of the file left out as a report's footer
    currencies: tuple[str, ...] = ()  # currencies the amounts are written in ("EUR", "USD"…)
    creations: int = 0  # events added for deals created before their row's date (see coded)
    alike: int = 0  # rows kept though equal to an earlier one: they name no prospect nor deal
    # Each lead-source value, when the channel was read from the file's source column.
    source_channels: tuple[SourceChannel, ...] = ()
    opposed: int = 0  # rows left out: they name a person on the opposition list
    open_by_creation: int = 0  # open deals dated by their creation, not their expected close

    @property
    def prospect_column(self) -> str | None:
        """The file's column taken as the prospect, None when there is none."""
        return self.sources.get("prospect")

    def prospect_note(self, lang: str) -> str:
        """Which column was taken as the prospect, in `lang` (or that none was)."""
        column = self.prospect_column
        if column is None:
            return t(lang, "values.prospect.none")
        return t(lang, "values.prospect.column", column=column)

    def unmapped_sources(self) -> tuple[SourceChannel, ...]:
        """The lead-source values that name no channel of the plan."""
        return tuple(s for s in self.source_channels if not s.mapped)

    def source_note(self, lang: str) -> str:
        """The lead sources that name no channel of the plan and where their rows went, in
        `lang`; "" when every source names one (or the file has none)."""
        unmapped = self.unmapped_sources()
        if not unmapped:
            return ""
        listed = ", ".join(
            t(
                lang,
                "values.source.item",
                value=s.value,
                rows=plural(lang, "values.count.rows", s.rows),
            )
            for s in unmapped
        )
        return t(
            lang,
            "values.source.unmapped",
            sources=listed,
            column=self.sources.get("source", ""),
            channel=unmapped[0].channel,
        )

    def opposed_note(self, lang: str) -> str:
        """How many rows were left out for naming an opposed person, in `lang`; "" when none."""
        return plural(lang, "opposition.left_out", self.opposed) if self.opposed else ""

    date_order: DateOrder = UNDECIDED  # the day/month order the dates were read in

    def alike_note(self, lang: str) -> str:
        """How many rows look like an earlier one and were kept, in `lang`; "" when none."""
        return plural(lang, "importing.read.alike", self.alike) if self.alike else ""

    def open_deals_note(self, lang: str) -> str:
        """How many open deals were dated by their creation, in `lang`; "" when none."""
        if not self.open_by_creation:
            return ""
        return plural(lang, "importing.read.open_by_creation", self.open_by_creation)

    def currency_note(self, lang: str, currency: str) -> str:
        """A warning in `lang` when amounts are written in another currency than `currency`
        (none are converted); "" otherwise."""
        others = [c for c in self.currencies if c != currency]
        if not others:
            return ""
        return t(lang, "importing.read.other_currency", found=", ".join(others), currency=currency)

    @cached_property
    def events(self) -> pd.DataFrame:
        """The valid events as an event log (see planner.tracking.events)."""
        return _as_log(self.coded)

    def footer_note(self, lang: str) -> str:
        """What was left out as a report's footer, in `lang`; "" when nothing was."""
        if not self.footer_rows:
            return ""
        return plural(lang, "importing.read.footer", self.footer_rows)

    @property
    def valid_rows(self) -> int:
        """Rows that would be imported."""
        return len(self.coded) - self.creations

    @property
    def rejected_rows(self) -> int:
        """Rows refused, each with at least one reason."""
        return len(self.rejected)

    def reasons(self, lang: str) -> dict[int, str]:
        """Row number -> every reason it was refused, joined, in `lang`."""
        found: dict[int, list[str]] = {}
        for p in self.problems:
            found.setdefault(p.line, []).append(p.message(lang))
        return {line: "; ".join(texts) for line, texts in found.items()}

    def problem_lines(self, lang: str, limit: int | None = None) -> list[str]:
        """One line per rejected row, 'row N: reason', in `lang`."""
        lines = [
            t(lang, "importing.row.where", line=line, reason=reason)
            for line, reason in sorted(self.reasons(lang).items())
        ]
        return lines if limit is None else lines[:limit]


def channel_aliases(plan: Plan) -> dict[str, str]:
    """What a file may write for each channel of a plan (id, name, or kind if unique, or a
    common word for a kind the plan has once: "Tél.", "Salon professionnel") -> its id."""
    aliases: dict[str, str] = synonym_channels(plan)
    kinds = [c.kind.value for c in plan.channels]
    for channel in plan.channels:
        if kinds.count(channel.kind.value) == 1:
            aliases[normalised(channel.kind.value)] = channel.id
    for channel in plan.channels:
        aliases[normalised(channel.name)] = channel.id
        aliases[normalised(channel.id)] = channel.id
    return aliases


def map_events(
    table: RawTable,
    mapping: ColumnMapping | None = None,
    channels: Mapping[str, str] | None = None,
    date_order: str | None = None,
) -> ImportResult:
    """The events of a file under a mapping (guessed when None), every bad row with its reasons.

    InvalidInput when the file as a whole cannot be mapped (no preset fits, a required column
    is missing, no channel at all). `channels` maps what the file may write to channel ids; when
    given, other channel values are refused. `date_order` ("dmy", "mdy") is the user's choice
    of order for d/m/y dates; by default the dates tell it (see planner.tracking.dates).
    """
    frame = table.frame
    if mapping is None:
        mapping = guess_mapping(frame.columns)
        if mapping is None:
            raise InvalidInput(
                [
                    ImportProblem(
                        table.file_name,
                        "no_mapping",
                        {"columns": _quoted(list(frame.columns)[:12])},
                    )
                ]
            )
    sources = source_columns(mapping, frame.columns)
    _check_required(table, mapping, sources)
    lines = pd.Series(frame.index.to_numpy() + 2, index=frame.index)
    if "order" in sources:  # one order, several lines (one per item): its first line counts
        first = ~frame[sources["order"]].str.strip().duplicated()
        frame, lines = frame.loc[first], lines.loc[first]

    cells = {field: frame[header] for field, header in sources.items()}
    labels = dict(sources)
    dates = present_columns(mapping, frame.columns, "date")
    if len(dates) > 1:  # each row dated by the first of its date columns that is filled
        cells["date"] = _first_filled(frame, dates)
        labels["date"] = " / ".join(dates)
    if "deal" not in cells and mapping.deals:  # a deal export without ids: one deal per row
        cells["deal"] = (table.sha256[:12] + "#" + lines.astype(str)).astype("string")
        labels["deal"] = "deal"
    if "created" in cells and cells["created"].name == cells["date"].name:
        del cells["created"]  # the rows are dated by their creation only: nothing earlier
    problems: list[pd.DataFrame] = []
    bad = np.zeros(len(frame), dtype=bool)

    def refuse(mask: pd.Series, field: str, code: str) -> None:
        nonlocal bad
        if not mask.any():
            return
        column = labels.get(field, field)
        values = cells[field][mask] if field in cells else pd.Series("", index=mask.index)
        problems.append(
            pd.DataFrame(
                {"line": lines[mask], "column": column, "code": code, "value": values.astype(str)}
            )
        )
        bad = bad | mask.to_numpy(dtype=bool)

    seen: list[SourceChannel] = []
    reader = DateReader(mapping.date_order, date_order)
    out, currencies = _fields(cells, frame.index, mapping, channels, refuse, reader, seen)
    if mapping.deals:
        _refuse_undated_closes(frame, mapping, dates, out["event"], cells, labels, refuse)
    order_read = reader.at_rows(out["date"].codes, lines.to_numpy())
    open_by_creation = 0
    if mapping.close_is_forecast_when_open and "created" in out:
        out["date"], open_by_creation = _open_deals_by_creation(
            out["date"], out["created"], out["event"]
        )
    found = (
        pd.concat(problems, ignore_index=True)
        if problems
        else pd.DataFrame({"line": [], "column": [], "code": [], "value": []})
    )
    coded, duplicates, alike, kept = _coded_events(out, ~bad)
    valid = len(coded)
    if "created" in out:
        coded = _with_creations(coded, out["created"], kept)
    rejected = frame.loc[bad].copy() if bad.any() else frame.iloc[:0].copy()
    rejected.index = pd.Index(lines.to_numpy()[bad], name="row")
    ordered = found.sort_values("line", kind="stable")
    row_problems = tuple(
        RowProblem(int(line), str(column), str(code), _short(str(value)))
        for line, column, code, value in zip(
            ordered["line"].to_numpy(dtype="int64").tolist(),
            ordered["column"].tolist(),
            ordered["code"].tolist(),
            ordered["value"].tolist(),
            strict=True,
        )
    )
    return ImportResult(
        file_name=table.file_name,
        sha256=table.sha256,
        mapping=mapping,
        sources=sources,
        coded=coded,
        rejected=rejected,
        problems=row_problems,
        duplicates=duplicates,
        alike=alike,
        total_rows=len(table.frame),
        footer_rows=table.footer,
        currencies=currencies,
        creations=len(coded) - valid,
        source_channels=tuple(seen),
        date_order=order_read,
        open_by_creation=int(open_by_creation),
    )


def preview(result: ImportResult, rows: int = 20) -> pd.DataFrame:
    """The first mapped rows, as they would be stored."""
    return _as_log(result.coded.head(rows))


def escape_cell(value: object) -> object:
    """A cell safe to open in a spreadsheet (OWASP CSV injection): see `escape_text`."""
    return escape_text(value)


def rejected_csv(result: ImportResult, lang: str, sep: str = ";") -> bytes:
    """The rejected rows as a CSV (UTF-8 with BOM, for Excel) with a `reason` column."""
    reasons = result.reasons(lang)
    frame = result.rejected.copy()
    frame.insert(0, t(lang, "importing.csv.row"), frame.index.to_numpy())
    frame[t(lang, "importing.csv.reason")] = [
        reasons.get(int(i), "") for i in result.rejected.index
    ]
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(escape_cell)
    buffer = io.StringIO()
    frame.to_csv(buffer, sep=sep, index=False, lineterminator="\r\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- Working on distinct values ---------------------------------------------------------------
# A million-row file has a few hundred distinct dates, a handful of channels and event names:
# each field is parsed on its column's distinct cells, then spread to the rows by their codes.


@dataclass(frozen=True)
class _Distinct:
    """A column as per-row codes into its distinct values (a Series indexed 0..k-1)."""

    codes: np.ndarray[Any, Any]
    values: pd.Series

    @classmethod
    def of(cls, column: pd.Series) -> _Distinct:
        """The distinct cells of a column and, for each row, which one it holds."""
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        return cls(codes, pd.Series(uniques, dtype=column.dtype))

    @classmethod
    def constant(cls, value: pd.Series, rows: int) -> _Distinct:
        """Every row holding the one value of `value`."""
        return cls(np.zeros(rows, dtype="intp"), value.reset_index(drop=True))

    def derived(self, values: pd.Series) -> _Distinct:
        """The same rows with new values, one per distinct cell."""
        return _Distinct(self.codes, values.reset_index(drop=True))

    def spread(self, mask: pd.Series, index: pd.Index) -> pd.Series:
        """A mask over the distinct values as a mask over the rows."""
        return pd.Series(mask.to_numpy(dtype=bool)[self.codes], index=index)

    def coded(self, rows: np.ndarray[Any, Any] | None) -> tuple[np.ndarray[Any, Any], pd.Index]:
        """For the rows at positions `rows` (None: all), the code of their value (-1: missing;
        equal codes exactly when the values are) and the distinct values, missing left out."""
        same, uniques = pd.factorize(self.values, use_na_sentinel=True)
        codes: np.ndarray[Any, Any] = same[self.codes if rows is None else self.codes[rows]]
        if isinstance(uniques.dtype, pd.StringDtype):
            # As Python strings: Categorical checks them unique, and storage writes them, faster.
            return codes, pd.Index(uniques.to_numpy(dtype=object), dtype=object)
        return codes, pd.Index(uniques)


def _on_rows(refuse: _Refuse, column: _Distinct, index: pd.Index) -> _Refuse:
    """A refuse that takes masks over a column's distinct values."""

    def refuse_distinct(mask: pd.Series, field: str, code: str) -> None:
        if mask.any():
            refuse(column.spread(mask, index), field, code)

    return refuse_distinct


def _coded_events(
    out: Mapping[str, _Distinct], keep: np.ndarray[Any, Any]
) -> tuple[pd.DataFrame, int, int, np.ndarray[Any, Any]]:
    """The kept rows but the duplicates, text columns as Categorical; how many rows were left
    out as duplicates, how many were kept though they look like an earlier row; and the
    positions of the rows in the result.

    A duplicate equals an earlier kept row in every event-log column and names its prospect or
    its deal: the same event written twice. Equal rows naming neither may be different people
    doing the same thing on the same day (two unnamed calls): they are all kept."""
    rows = np.flatnonzero(keep)
    chosen = None if len(rows) == len(keep) else rows
    text = {name: out[name].coded(chosen) for name in _LOG_TEXT}
    key, size = np.zeros(len(rows), dtype="int64"), 1
    for name in COLUMNS:
        codes, distinct = text[name] if name in text else out[name].coded(chosen)
        if len(distinct) == 0:  # missing in every row
            continue
        if size * (len(distinct) + 1) >= 2**62:  # renumber the keys before they overflow
            key, uniques = pd.factorize(key)
            size = len(uniques)
        key *= len(distinct) + 1
        key += codes + 1  # 0: missing
        size *= len(distinct) + 1
    again = pd.Series(key).duplicated(keep="first").to_numpy()
    named = (text["prospect"][0] >= 0) | (text["deal"][0] >= 0)
    alike = int(np.count_nonzero(again & ~named))
    first = ~(again & named)
    duplicates = len(rows) - int(first.sum())
    kept = rows if duplicates == 0 else rows[first]
    frame: dict[str, Any] = {}
    for name in COLUMNS:
        if name in text:
            codes, categories = text[name]
            codes = codes if duplicates == 0 else codes[first]
            frame[name] = pd.Categorical.from_codes(codes, categories=categories)
        else:
            frame[name] = out[name].values.array.take(out[name].codes[kept])
    return pd.DataFrame(frame, index=pd.RangeIndex(len(kept))), duplicates, alike, kept


def _as_log(coded: pd.DataFrame) -> pd.DataFrame:
    """Coded events as an event log: Categorical text columns as text."""
    return coded.astype(empty_log().dtypes.to_dict())


def _fields(
    sources: Mapping[str, pd.Series],
    index: pd.Index,
    mapping: ColumnMapping,
    channels: Mapping[str, str] | None,
    refuse: _Refuse,
    dates: DateReader,
    seen: list[SourceChannel] | None = None,
) -> tuple[dict[str, _Distinct], tuple[str, ...]]:
    """Every event-log column of the rows (`sources`: the file's cells of each field present),
    as distinct values, bad cells refused (dates read by `dates`); and the currencies the
    amounts are written in. Where the channel is read from the lead source, each source value
    is added to `seen`."""
    n = len(index)
    fields = [f for f in sources if f != "order"]
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        distinct = pool.map(_Distinct.of, [sources[f] for f in fields])
        columns = dict(zip(fields, distinct, strict=True))

    def parsed(field: str, parse: Callable[[pd.Series, _Refuse], pd.Series]) -> _Distinct:
        column = columns[field]
        return column.derived(parse(column.values, _on_rows(refuse, column, index)))

    out: dict[str, _Distinct] = {}
    out["date"] = parsed("date", dates.read)
    if "event" in sources:
        out["event"] = parsed("event", lambda v, r: _event_kinds(v, mapping, r))
    else:
        kind = mapping.default_event.value if mapping.default_event else ""
        out["event"] = _Distinct.constant(pd.Series([kind], dtype="string"), n)
    if "stage" in columns and "event" in sources and mapping.stages:
        out["event"] = _open_deals_by_stage(out["event"], columns["stage"], mapping.stages)
    default = mapping.default_channel or ""
    if channels is not None and mapping.channel_values:
        channels = {**channels, **mapping.channel_values}
    if "channel" in sources:
        out["channel"] = parsed("channel", lambda v, r: _channels(v, default, channels, r))
    elif "source" in sources and channels is not None:
        source = columns["source"]
        found = _source_channels(source, default, channels)
        out["channel"] = source.derived(pd.Series([c.channel for c in found], dtype="string"))
        if seen is not None:
            seen.extend(sorted((c for c in found if c.value), key=lambda c: -c.rows))
    else:
        out["channel"] = _Distinct.constant(pd.Series([default], dtype="string"), n)
    currencies: list[str] = []
    if "amount" in sources:
        out["amount"] = parsed(
            "amount", lambda v, r: _numbers(v, "amount", r, percent=False, currencies=currencies)
        )
    else:
        out["amount"] = _Distinct.constant(pd.Series([np.nan], dtype="float64"), n)
    if "created" in sources:  # a deal's creation: an earlier event when it parses
        out["created"] = parsed("created", lambda v, _r: dates.read(v, _ignore))
    if "probability" in sources:  # checked, not stored
        parsed("probability", lambda v, r: _numbers(v, "probability", r, percent=True))
    for name in _TEXT_FIELDS:
        if name in sources:
            out[name] = parsed(name, lambda v, _r: _text(v))
        else:
            out[name] = _Distinct.constant(pd.Series([pd.NA], dtype="string"), n)
    if "prospect" in sources and "mail" in normalised(str(sources["prospect"].name)):
        out["prospect"] = out["prospect"].derived(out["prospect"].values.str.lower())
    return out, tuple(currencies)


# --- Mapping each field ------------------------------------------------------------------------


def _currencies(cells: pd.Series) -> tuple[str, ...]:
    """The currencies written in amount cells, as codes, in order: a symbol (€ $ £) or a code
    of three capitals before or after the number."""
    found = cells.str.extract(_CURRENCY, expand=False).dropna().unique()
    codes = {_SYMBOLS.get(str(c), str(c)) for c in found}
    return tuple(sorted(codes))


def _ignore(mask: pd.Series, field: str, code: str) -> None:
    """A refuse that refuses nothing (a creation date that does not parse is left out)."""


def _with_creations(
    coded: pd.DataFrame, created: _Distinct, kept: np.ndarray[Any, Any]
) -> pd.DataFrame:
    """The coded events and, for each row whose deal was created before its date, a "lead"
    event on the creation day (same prospect, channel, segment, rep; no amount)."""
    days = created.values.array.take(created.codes[kept])
    earlier = np.asarray(days < coded["date"].array, dtype=bool)  # NaT compares False
    if not earlier.any():
        return coded
    lead = EventKind.LEAD.value
    event = coded["event"]
    if lead not in event.cat.categories:
        event = event.cat.add_categories([lead])
    coded = coded.assign(event=event)
    added = coded.loc[earlier].assign(date=days[earlier], amount=np.nan)
    added["event"] = pd.Series(lead, index=added.index, dtype=event.dtype)
    joined: pd.DataFrame = pd.concat([coded, added], ignore_index=True)
    return joined


def _open_deals_by_creation(
    date: _Distinct, created: _Distinct, events: _Distinct
) -> tuple[_Distinct, int]:
    """Each deal still open dated by its creation, and how many were: the close date a CRM
    gives an open deal (HubSpot, Salesforce) is when it is expected to close, a forecast."""
    kinds = events.values.to_numpy(dtype=object, na_value="")[events.codes]
    still_open = ~np.isin(kinds, [EventKind.WON.value, EventKind.LOST.value])
    days = pd.Series(date.values.array.take(date.codes))
    made = pd.Series(created.values.array.take(created.codes))
    moved = still_open & made.notna().to_numpy() & (made != days).to_numpy(dtype=bool)
    if not moved.any():
        return date, 0
    return _Distinct.of(days.mask(pd.Series(moved), made)), int(moved.sum())


def _refuse_undated_closes(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    dates: list[str],
    events: _Distinct,
    cells: dict[str, pd.Series],
    labels: dict[str, str],
    refuse: _Refuse,
) -> None:
    """Refuse each deal won or lost without a close date: its creation date would put it in
    the wrong period. The close columns are the date columns but the creation's."""
    created = set(present_columns(mapping, frame.columns, "created"))
    closes = [d for d in dates if d not in created]
    if closes:
        cells["close"] = _first_filled(frame, closes)
        blank = (cells["close"].str.strip() == "").to_numpy(dtype=bool)
    else:
        cells["close"] = pd.Series("", index=frame.index, dtype="string")
        blank = np.ones(len(frame), dtype=bool)
    wanted = mapping.columns.get("date", ("date",))
    labels["close"] = " / ".join(closes) if closes else wanted[0]
    kinds = events.values.to_numpy(dtype=object, na_value="")[events.codes]
    for kind, code in (
        (EventKind.WON, "won_without_close"),
        (EventKind.LOST, "lost_without_close"),
    ):
        mask = blank & (kinds == kind.value)
        refuse(pd.Series(mask, index=frame.index), "close", code)


def _first_filled(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Per row, the first of the columns whose cell is not blank (blank when none is)."""
    cells = frame[columns[0]]
    for column in columns[1:]:
        blank = cells.str.strip() == ""
        if not blank.any():
            break
        cells = cells.mask(blank, frame[column])
    return cells


def _check_required(table: RawTable, mapping: ColumnMapping, sources: Mapping[str, str]) -> None:
    missing = [f for f in mapping.required if f not in sources]
    if "channel" in missing and mapping.default_channel is not None:
        missing.remove("channel")
    if "event" in missing and mapping.default_event is not None:
        missing.remove("event")
    if not missing:
        if "channel" not in sources and mapping.default_channel is None:
            raise InvalidInput([ImportProblem(table.file_name, "no_channel")])
        return
    names = [mapping.columns.get(f, (f,))[0] for f in missing]
    raise InvalidInput(
        [
            ImportProblem(
                table.file_name,
                "missing_columns",
                {"columns": _quoted(names), "mapping": mapping.name},
            )
        ]
    )


def _quoted(names: list[str]) -> str:
    return ", ".join(f"“{n}”" for n in names)


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def _text(column: pd.Series) -> pd.Series:
    stripped = column.str.strip()
    return stripped.where(stripped != "", None).astype("string")


def _source_channels(
    source: _Distinct, default: str, channels: Mapping[str, str]
) -> list[SourceChannel]:
    """For each distinct source value: the channel it names (by the user's choice, the plan's
    names and ids, or a common word for a kind), else the default channel; and its rows."""
    rows = np.bincount(source.codes, minlength=len(source.values))
    found = []
    for value, count in zip(source.values.tolist(), rows.tolist(), strict=True):
        text = "" if value is None or value is pd.NA else str(value).strip()
        channel = channels.get(normalised(text), "") if text else ""
        found.append(SourceChannel(text, channel or default, int(count), bool(channel)))
    return found


def _event_kinds(column: pd.Series, mapping: ColumnMapping, refuse: _Refuse) -> pd.Series:
    known = {**EVENT_SYNONYMS, **KIND_LABELS} if mapping.kind_names else {}
    known.update(mapping.events)
    mapped = [_kind_of(str(u), known) for u in column.tolist()]
    result = pd.Series(
        [k.value if k is not None else "" for k in mapped], index=column.index, dtype="string"
    )
    blank = column.str.strip() == ""
    if mapping.default_event is not None:
        result = result.mask(blank, mapping.default_event.value)
    else:
        refuse(blank, "event", "missing")
    refuse((result == "") & ~blank, "event", "unknown_event")
    return result


def _open_deals_by_stage(
    events: _Distinct, stages: _Distinct, known: Mapping[str, EventKind]
) -> _Distinct:
    """The events with each deal still open (an opportunity) read as the kind its pipeline stage
    names ("Demo scheduled": a meeting booked); a stage not known leaves it an opportunity."""
    reached = [_kind_of(str(v), known) for v in stages.values.tolist()]
    is_open = (events.values == EventKind.OPPORTUNITY.value).to_numpy(dtype=bool, na_value=False)
    pairs = events.codes.astype(np.int64) * len(reached) + stages.codes
    codes, uniques = pd.factorize(pairs)
    values = []
    for pair in uniques.tolist():
        event, stage = divmod(pair, len(reached))
        kind = reached[stage]
        values.append(kind.value if is_open[event] and kind else events.values.iloc[event])
    return _Distinct(codes, pd.Series(values, dtype=events.values.dtype))


def _kind_of(value: str, known: Mapping[str, EventKind]) -> EventKind | None:
    """The kind a value names; a CRM with several pipelines may add one: "Closed Won (Sales)"."""
    key = normalised(value)
    if key in known:
        return known[key]
    bare = _PIPELINE_SUFFIX.sub("", value)
    return known.get(normalised(bare)) if bare != value else None


def _channels(
    raw: pd.Series, default: str, channels: Mapping[str, str] | None, refuse: _Refuse
) -> pd.Series:
    column = raw.str.strip()
    blank = column == ""
    if channels is None:
        result = column.astype("string")
    else:
        ids = [channels.get(normalised(str(u)), "") for u in column.tolist()]
        result = pd.Series(ids, index=column.index, dtype="string")
        refuse((result == "") & ~blank, "channel", "unknown_channel")
    if default:
        result = result.mask(blank, default)
    else:
        refuse(blank, "channel", "missing")
    return result


def _numbers(
    raw: pd.Series,
    field: str,
    refuse: _Refuse,
    *,
    percent: bool,
    currencies: list[str] | None = None,
) -> pd.Series:
    """The cells as numbers, bad ones refused; the currencies written in them are added to
    `currencies` when given."""
    cleaned = raw.copy()
    # Only cells with something besides digits, signs and marks need cleaning (pandas runs
    # this pattern row by row in Python): most files have none.
    messy = ~raw.str.fullmatch(r"[-+0-9.,]*")
    if messy.any():
        if currencies is not None:
            currencies.extend(_currencies(raw[messy]))
        cleaned[messy] = raw[messy].str.replace(
            r"[\s\u00a0\u202f'’€$£%]|^[A-Z]{3}|[A-Z]{3}$", "", regex=True
        )
    blank = cleaned == ""
    values = parse_numbers(cleaned)
    if not percent:  # "150 %" is a rate, not an amount
        refuse(raw.str.contains("%", regex=False), field, "percent_amount")
    lowered = cleaned.str.lower()
    literal = lowered.isin(_NOT_FINITE)
    refuse(values.isna() & ~blank & ~literal, field, "not_a_number")
    refuse(literal | np.isinf(values), field, "not_finite")
    refuse(values < 0, field, "negative")
    if percent:
        refuse(values > 100, field, "rate_too_high")
    return values.where(np.isfinite(values))


def parse_numbers(text: pd.Series) -> pd.Series:
    """Numbers written the French or English way (1 234,5 / 1.234,5 / 1,234.5) -> floats."""
    has_comma = text.str.contains(",", regex=False)
    has_dot = text.str.contains(".", regex=False)
    style = _number_style(text, has_comma, has_dot)
    normal = text.copy()
    both = has_comma & has_dot
    if both.any():
        last_comma = text.str.rfind(",") > text.str.rfind(".")
        fr = both & last_comma
        normal[fr] = text[fr].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        normal[both & ~last_comma] = text[both & ~last_comma].str.replace(",", "", regex=False)
    only_comma = has_comma & ~has_dot
    if only_comma.any():
        thousands = only_comma & text.str.fullmatch(r"[-+]?\d{1,3}(,\d{3})+")
        if style == "en":
            normal[thousands] = text[thousands].str.replace(",", "", regex=False)
            rest = only_comma & ~thousands
        else:
            rest = only_comma
        normal[rest] = text[rest].str.replace(",", ".", regex=False)
    if style == "fr":
        only_dot = has_dot & ~has_comma
        if only_dot.any():
            thousands = only_dot & text.str.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+")
            normal[thousands] = text[thousands].str.replace(".", "", regex=False)
    return pd.to_numeric(normal.where(normal != ""), errors="coerce").astype("float64")


def _number_style(text: pd.Series, has_comma: pd.Series, has_dot: pd.Series) -> str:
    """'fr' when a comma in the column can only be a decimal mark, 'en' when a dot can only be."""
    only_comma = has_comma & ~has_dot
    if only_comma.any() and not text[only_comma].str.fullmatch(r"[-+]?\d{1,3}(,\d{3})+").all():
        return "fr"
    only_dot = has_dot & ~has_comma
    if only_dot.any() and not text[only_dot].str.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+").all():
        return "en"
    if (has_comma & has_dot).any():
        last_comma = text.str.rfind(",") > text.str.rfind(".")
        return "fr" if bool(last_comma[has_comma & has_dot].all()) else "en"
    return "fr" if only_comma.any() else "en"
