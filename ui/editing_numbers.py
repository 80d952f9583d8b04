"""The number columns of an editable table as text cells written in the page's language.

`st.column_config.NumberColumn` writes `3.00 %` and `0.05` in the French UI: its printf formats
know only the dot and "localized" follows the browser's locale, not the language chosen in the
app. Each number column is shown as a right-aligned text column holding babel's text; the cells
the user typed in are read back the language's way (planner.plan.number_cells), the others keep
their exact numbers (a rate shown "3,13 %" stays 3.125 % unless it is retyped).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from planner.core.i18n import fmt_number, needed_digits, t
from planner.plan.editing import Row
from planner.plan.number_cells import SHORT, BadCell, NumberCell, read_rows, write_cell
from ui.shell import plain, session_language

_DIGITS = re.compile(r"%[,+ 0-9]*\.(\d+)f")


def as_text(columns: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, NumberCell]]:
    """The columns with each number column turned into a text column, and how each writes."""
    shown: dict[str, Any] = {}
    cells: dict[str, NumberCell] = {}
    for name, config in columns.items():
        kind = config.get("type_config") if isinstance(config, Mapping) else None
        if not kind or kind.get("type") != "number":
            shown[name] = config
            continue
        cells[name] = cell = _cell(kind)
        shown[name] = st.column_config.TextColumn(
            config.get("label"),
            width=config.get("width"),
            help=config.get("help"),
            disabled=config.get("disabled"),
            required=config.get("required"),
            pinned=config.get("pinned"),
            alignment=config.get("alignment") or "right",
        )
        if config.get("default") is not None:
            shown[name]["default"] = write_cell(config["default"], cell, _lang())
    return shown, cells


def _cell(kind: Mapping[str, Any]) -> NumberCell:
    """How a NumberColumn's format and step write its numbers: "%.2f %%", "%d", step 0.01…"""
    fmt = str(kind.get("format") or "")
    step = kind.get("step")
    whole = step is not None and float(step).is_integer()
    found = _DIGITS.search(fmt)
    if found:
        digits = int(found.group(1))
    elif re.search(r"%[,+ 0-9]*[di]", fmt) or whole:
        digits = 0
    elif step is not None:
        digits = needed_digits(float(step), 6)
    else:
        digits = SHORT
    return NumberCell(digits=digits, percent="%%" in fmt, whole=whole)


def written(frame: pd.DataFrame, cells: Mapping[str, NumberCell]) -> pd.DataFrame:
    """The frame with its number columns as the page's language writes them."""
    lang = _lang()
    text = {c: [write_cell(v, cells[c], lang) for v in frame[c]] for c in cells if c in frame}
    return frame.assign(
        **{c: pd.Series(v, index=frame.index, dtype=object) for c, v in text.items()}
    )


def read_back(
    edited: pd.DataFrame, numbers: pd.DataFrame, changes: Any, cells: Mapping[str, NumberCell]
) -> tuple[list[Row], list[BadCell]]:
    """The edited rows with numbers again: typed cells read in the page's language, the others
    taken from `numbers` (the rows as they were shown), and the cells that are not numbers."""
    typed = changes.get("edited_rows", {}) if isinstance(changes, Mapping) else {}
    rows: list[Row] = []
    for label, record in zip(edited.index, edited.to_dict("records"), strict=True):
        row = {str(k): v for k, v in record.items()}
        position = int(label) if pd.api.types.is_integer(label) else -1
        if 0 <= position < len(numbers):  # a row that was shown, not one the user added
            touched = typed.get(position) or typed.get(str(position)) or {}
            for column in cells:
                if column not in touched and column in numbers:
                    row[column] = numbers[column].iloc[position]
        rows.append(row)
    return read_rows(rows, cells, _lang())


def bad_cell_lines(bad: Sequence[BadCell], labels: Mapping[str, str]) -> list[str]:
    """Each bad cell said in the page's language, with its row, column and an example."""
    lang = _lang()
    return [
        t(
            lang,
            "editing.not_whole" if cell.whole else "editing.not_a_number",
            row=cell.row,
            column=plain(labels.get(cell.column) or cell.column),
            text=plain(cell.text),
            example=fmt_number(1234.5, lang, 1),
        )
        for cell in bad
    ]


def _lang() -> str:
    return session_language()
