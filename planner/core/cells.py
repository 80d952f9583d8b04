"""Cells safe to hand to a spreadsheet: text that a spreadsheet would run as a formula is quoted."""

from __future__ import annotations

# What starts a formula (OWASP CSV injection), with the full-width forms Excel also reads.
FORMULA_STARTS = "=+-@\t\r\x00＝＋－＠"


def escape_text(value: object) -> object:
    """Text starting with = + - @, tab, CR or NUL (after any spaces) quoted; numbers untouched."""
    if isinstance(value, str) and value.lstrip(" ")[:1] in tuple(FORMULA_STARTS):
        return "'" + value
    return value
