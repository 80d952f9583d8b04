"""Read-only tables whose numbers read the way the page's language writes them.

`st.column_config.NumberColumn(format="localized")` follows the browser's locale, not the
language chosen in the app, and printf formats know only the dot: a pandas Styler gives each
cell its text (babel) while the column keeps its numbers, so it still sorts as numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
from pandas.io.formats.style import Styler

from planner.core.i18n import fmt_number


def localized(frame: pd.DataFrame, lang: str, digits: Mapping[str, int]) -> Styler:
    """The frame with each listed column's numbers written for the language, with `digits`
    decimals ("3 024,00" in French, "3,024.00" in English); missing values show empty."""
    formats: dict[str, Callable[[object], str]] = {
        column: _writer(lang, d) for column, d in digits.items()
    }
    return frame.style.format(formats, na_rep="")  # type: ignore[arg-type]


def _writer(lang: str, digits: int) -> Callable[[object], str]:
    def write(value: object) -> str:
        return fmt_number(float(value), lang, digits)  # type: ignore[arg-type]

    return write
