"""Cross-cutting basics every package uses: interface strings and formatting, input problems.

`i18n` holds the French and English strings (locales/) and babel formatting; `problems` the
`InvalidInput` error and `Problem` details raised on bad input; `exports` the lazy public names of
the domain packages.
"""

from planner.core.i18n import LANGUAGES, fmt_date, fmt_money, fmt_number, fmt_percent, t
from planner.core.problems import InvalidInput, Problem

__all__ = [
    "LANGUAGES",
    "InvalidInput",
    "Problem",
    "fmt_date",
    "fmt_money",
    "fmt_number",
    "fmt_percent",
    "t",
]
