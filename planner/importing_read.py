"""Reading an import file (CSV as French and English tools write it, or XLSX) as text cells."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import warnings
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from planner.i18n import t
from planner.problems import InvalidInput, Problem

MAX_BYTES = 128 * 1024 * 1024
MAX_ROWS = 1_000_000
SEPARATORS = (";", ",", "\t")
_SAMPLE = 64 * 1024
_UTF8_BLOCK = 1024 * 1024
# Whitespace, perhaps around a byte-order mark: an empty file (matched without copying the data).
_BLANK = re.compile(rb"\s*(?:\xef\xbb\xbf|\xff\xfe)?\s*")
# The bytes cp1252 leaves undefined: a file without them decodes (checked without decoding it).
_NOT_CP1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


@dataclass(frozen=True)
class ImportProblem(Problem):
    """A problem with an import file, worded from the `importing` strings."""

    def message(self, lang: str) -> str:
        """The problem as one line in `lang`, starting with the file or row it concerns."""
        text = t(lang, f"importing.problem.{self.code}", **self.params)
        return f"{self.where}: {text}" if self.where else text


@dataclass(frozen=True)
class RawTable:
    """The cells of an import file as text (blank cells are empty strings), with its fingerprint."""

    frame: pd.DataFrame
    file_name: str
    sha256: str
    kind: str  # "csv" or "xlsx"
    separator: str = ""
    encoding: str = ""
    headers: tuple[str, ...] = field(default=())


def _refuse(file_name: str, code: str, **params: Any) -> InvalidInput:
    return InvalidInput([ImportProblem(file_name, code, params)])


def content_hash(data: bytes) -> str:
    """The sha256 of a file's bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


def read_table(
    data: bytes, file_name: str, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS
) -> RawTable:
    """The cells of a CSV or XLSX file; InvalidInput naming the file when it cannot be read."""
    if len(data) > max_bytes:
        raise _refuse(
            file_name,
            "too_large",
            size=f"{len(data) / 1_048_576:.1f}",
            limit=f"{max_bytes / 1_048_576:.0f}",
        )
    if _BLANK.fullmatch(data):
        raise _refuse(file_name, "empty_file")
    with ThreadPoolExecutor(max_workers=1) as pool:  # hashlib releases the GIL: hash meanwhile
        digest = pool.submit(content_hash, data)
        if data[:4] == b"PK\x03\x04":
            frame = _read_xlsx(data, file_name, max_rows)
            kind, separator, encoding = "xlsx", "", ""
        else:
            text_bytes, encoding = _as_text_bytes(data, file_name)
            separator = sniff_separator(text_bytes[:_SAMPLE].decode(encoding, errors="replace"))
            frame = _read_csv(text_bytes, file_name, separator, encoding, max_rows)
            kind = "csv"
    headers = tuple(str(c) for c in frame.columns)
    if frame.empty:
        raise _refuse(file_name, "header_only")
    return RawTable(frame, file_name, digest.result(), kind, separator, encoding, headers)


def _as_text_bytes(data: bytes, file_name: str) -> tuple[bytes, str]:
    """The bytes to parse and their encoding: UTF-8 (BOM or not), UTF-16 with a BOM, or cp1252."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):  # Excel's "Unicode text"
        try:
            return data.decode("utf-16").encode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            raise _refuse(file_name, "not_text") from None
    sample = data[:_SAMPLE]
    controls = sum(sample.count(bytes([c])) for c in range(32) if c not in (9, 10, 13))
    if b"\x00" in sample or controls > len(sample) // 100:
        raise _refuse(file_name, "not_text")
    if not _is_utf8(data):
        if any(byte in data for byte in _NOT_CP1252):
            raise _refuse(file_name, "not_text") from None
        return data, "cp1252"
    return data, "utf-8-sig"


def _is_utf8(data: bytes) -> bool:
    """Whether the bytes decode as UTF-8. Checked a block at a time: a UnicodeDecodeError
    copies the bytes it was given, so a cp1252 file fails fast on its first block."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _UTF8_BLOCK):
            decoder.decode(view[start : start + _UTF8_BLOCK], final=False)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sniff_separator(sample: str) -> str:
    """The separator of a CSV sample: the one of ; , and tab found most often in its header."""
    header = _first_record(sample)
    counts = {sep: _count_outside_quotes(header, sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _first_record(sample: str) -> str:
    inside, end = False, len(sample)
    for i, ch in enumerate(sample.lstrip("\ufeff")):
        if ch == '"':
            inside = not inside
        elif ch in "\r\n" and not inside:
            end = i
            break
    return sample.lstrip("\ufeff")[:end]


def _count_outside_quotes(line: str, sep: str) -> int:
    count, inside = 0, False
    for ch in line:
        if ch == '"':
            inside = not inside
        elif ch == sep and not inside:
            count += 1
    return count


def _read_csv(data: bytes, file_name: str, sep: str, encoding: str, max_rows: int) -> pd.DataFrame:
    options: dict[str, Any] = {
        "sep": sep,
        "encoding": encoding,
        "dtype": str,
        "keep_default_na": False,
        "na_filter": False,
        "engine": "c",
        "skip_blank_lines": True,
        "quoting": csv.QUOTE_MINIMAL,
    }
    try:
        header = pd.read_csv(io.BytesIO(data), header=None, nrows=1, **options)
        names = [str(v).strip() for v in header.iloc[0].tolist()] if len(header) else []
        _check_headers(names, file_name)
        frame = _read_cells(data, options, max_rows + 1)
    except pd.errors.EmptyDataError:
        raise _refuse(file_name, "empty_file") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise _refuse(file_name, "unreadable", reason=reason[:200]) from None
    frame.columns = pd.Index(names[: len(frame.columns)])
    return _checked_rows(frame, file_name, max_rows)


def _read_cells(data: bytes, options: dict[str, Any], nrows: int) -> pd.DataFrame:
    """Every cell as its text. pandas reads text columns several times faster when it infers
    the types than when told `dtype=str`, so: infer, then read again as text only the columns
    it took for numbers or booleans (their cells exactly as written: 007, 1e3, TRUE)."""
    inferred = {**options, "dtype": None}
    with warnings.catch_warnings():  # a column mixing numbers and text: read again below
        warnings.simplefilter("ignore", pd.errors.DtypeWarning)
        frame: pd.DataFrame = pd.read_csv(io.BytesIO(data), nrows=nrows, **inferred)
    others = [i for i, dtype in enumerate(frame.dtypes) if not isinstance(dtype, pd.StringDtype)]
    if others:
        text = pd.read_csv(io.BytesIO(data), nrows=nrows, usecols=others, **options)
        for i, column in zip(others, text.columns, strict=True):
            frame.isetitem(i, text[column])
    return frame


def _read_xlsx(data: bytes, file_name: str, max_rows: int) -> pd.DataFrame:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise _refuse(file_name, "not_xlsx")
        frame = pd.read_excel(
            io.BytesIO(data),
            engine="openpyxl",
            dtype=str,
            header=None,
            nrows=max_rows + 2,
            keep_default_na=False,
            na_filter=False,
        )
    except InvalidInput:
        raise
    except Exception:  # a damaged workbook can fail in many ways inside openpyxl
        raise _refuse(file_name, "not_xlsx") from None
    if frame.empty:
        raise _refuse(file_name, "empty_file")
    names = [str(v).strip() for v in frame.iloc[0].tolist()]
    while names and not names[-1]:
        names.pop()
    _check_headers(names, file_name)
    frame = frame.iloc[1:, : len(names)].reset_index(drop=True)
    frame.columns = pd.Index(names)
    frame = frame.astype(str).replace({"nan": "", "None": "", "NaT": ""})
    return _checked_rows(frame, file_name, max_rows)


def _check_headers(names: list[str], file_name: str) -> None:
    if not any(names):
        raise _refuse(file_name, "empty_file")
    seen: dict[str, str] = {}
    duplicates: list[str] = []
    for name in names:
        key = name.casefold()
        if key in seen and name not in duplicates:
            duplicates.append(name)
        seen[key] = name
    if duplicates:
        raise _refuse(
            file_name, "duplicate_columns", columns=", ".join(f"“{d}”" for d in duplicates)
        )


def _checked_rows(frame: pd.DataFrame, file_name: str, max_rows: int) -> pd.DataFrame:
    if len(frame) > max_rows:
        raise _refuse(file_name, "too_many_rows", limit=f"{max_rows:,}".replace(",", " "))
    blank = np.ones(len(frame), dtype=bool)
    for i in range(frame.shape[1]):  # narrowed column by column: most rows stop at the first
        candidates = np.flatnonzero(blank)
        if candidates.size == 0:
            break
        cells = frame.iloc[:, i]
        if candidates.size < len(frame):
            cells = cells.iloc[candidates]
        blank[candidates] = (cells.str.strip() == "").to_numpy(dtype=bool)
    if blank.any():  # lines of empty cells (;;;;) that spreadsheets leave behind
        frame = frame.loc[~blank]
    return frame
