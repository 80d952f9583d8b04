"""Cells handed to a spreadsheet never run as formulas; numbers stay numbers."""

from __future__ import annotations

import pytest

from planner.core.cells import escape_text


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12", "'+33 6 12"),
        ("-rien", "'-rien"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\x00x", "'\x00x"),
        ("  =1", "'  =1"),  # spaces before do not hide it
        ("＝1", "'＝1"),  # nor does the full-width form
        ("＋1", "'＋1"),
        ("Café", "Café"),
        ("", ""),
        (-5, -5),  # numbers stay numbers, negatives too
        (3.5, 3.5),
        (None, None),
    ],
)
def test_a_cell_is_quoted_only_when_a_spreadsheet_would_run_it(value: object, safe: object) -> None:
    assert escape_text(value) == safe
