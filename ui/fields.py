"""Form fields that read numbers the way the user's language writes them, and say what is wrong.

Streamlit's number input is the browser's `<input type="number">`: in French, "10,5" typed in
it becomes 105 and a minus sign under the minimum is dropped without a word. These fields are
text inputs that show the number for the language and read it back with babel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

from planner.core.i18n import fmt_short, parse_number
from ui.editing import seed
from ui.shell import PageContext, plain


@dataclass(frozen=True)
class Refused:
    """What was typed in a number field and why it was not taken."""

    label: str
    text: str
    reason: str


def number_text(value: float, lang: str, whole: bool) -> str:
    """A number as a field shows it: "37,5" in French, "37.5" in English, no trailing zeros."""
    return fmt_short(value, lang, 0 if whole else 2)


def number_field(
    page: PageContext,
    label: str,
    key: str,
    value: float,
    owner: str,
    *,
    minimum: float | None = 0,
    maximum: float | None = None,
    whole: bool = False,
    help: str | None = None,
    container: Any = st,
) -> float | Refused:
    """A number typed by the user, or why it is refused (the saved value then stays)."""
    seed(key, number_text(value, page.lang, whole), owner)
    text = str(container.text_input(label, key=key, help=help))
    try:
        number = parse_number(text, page.lang)
    except ValueError:
        return Refused(
            label, text, page.t("fields.not_a_number", example=number_text(10.5, page.lang, False))
        )
    if whole and not number.is_integer():
        return Refused(label, text, page.t("fields.not_whole"))
    if minimum is not None and number < minimum:
        shown = number_text(minimum, page.lang, whole)
        return Refused(label, text, page.t("fields.below_minimum", minimum=shown))
    if maximum is not None and number > maximum:
        shown = number_text(maximum, page.lang, whole)
        return Refused(label, text, page.t("fields.above_maximum", maximum=shown))
    return int(number) if whole else number


def say_refused(page: PageContext, refused: list[Refused]) -> None:
    """Say that nothing was saved and, for each refused field, what was typed and why."""
    lines = "\n".join(
        f"- {page.t('fields.refused', field=plain(r.label), text=plain(r.text), reason=r.reason)}"
        for r in refused
    )
    st.error(f"{page.t('editing.not_saved')}\n\n{lines}", icon=":material/error:")


def date_format(lang: str) -> Literal["DD/MM/YYYY", "YYYY/MM/DD"]:
    """How a date input writes dates in the language (day first in French)."""
    return "DD/MM/YYYY" if lang == "fr" else "YYYY/MM/DD"
