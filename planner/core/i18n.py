"""Interface strings from locale files, and locale-aware numbers, money and dates (babel)."""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import (
    NumberFormatError,
    NumberPattern,
    format_currency,
    format_decimal,
    format_percent,
    parse_decimal,
)

LANGUAGES: tuple[str, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
LOCALES_DIR = Path(__file__).parent / "locales"
_BABEL_LOCALE = {"fr": "fr_FR", "en": "en_US"}


def _flatten(prefix: str, table: dict[str, Any], into: dict[str, str], origin: Path) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(full, value, into, origin)
        elif full in into:
            raise ValueError(f"{origin}: key {full} is defined twice")
        else:
            into[full] = str(value)


@cache
def messages(lang: str) -> dict[str, str]:
    """Every string of one language, keyed by dotted name, merged from its locale files."""
    found: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        with path.open("rb") as handle:
            _flatten("", tomllib.load(handle), found, path)
    return found


def normalise_language(value: str | None) -> str | None:
    """The supported language for a tag such as 'fr-FR' or 'en_GB', or None."""
    if not value:
        return None
    head = value.replace("_", "-").split("-")[0].lower()
    return head if head in LANGUAGES else None


def t(lang: str, key: str, **params: Any) -> str:
    """The string `key` in `lang`, with `{name}` placeholders filled from params."""
    text = messages(lang).get(key) or messages(DEFAULT_LANGUAGE).get(key)
    if text is None:
        return key
    return text.format(**params) if params else text


def plural(lang: str, key: str, n: int, **params: Any) -> str:
    """The string `key_one` or `key_other`, as the language's plural rule wants for n (French
    says "0 ligne", English "0 rows"), with `{n}` the number written for the language."""
    form = "one" if Locale.parse(babel_locale(lang)).plural_form(abs(n)) == "one" else "other"
    return t(lang, f"{key}_{form}", n=fmt_number(n, lang), **params)


def babel_locale(lang: str) -> str:
    """The babel locale used to format numbers and dates for a language."""
    return _BABEL_LOCALE.get(lang, _BABEL_LOCALE[DEFAULT_LANGUAGE])


def _rounded(value: float, digits: int) -> Decimal | float:
    """The value rounded half up (12.5 -> 13, as people round), never a negative zero.

    babel rounds half to even (12.5 -> 12) and writes -0 for small negative values.
    """
    if not math.isfinite(value):
        return value
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def fmt_number(value: float, lang: str, digits: int = 0) -> str:
    """A number with the locale's grouping and decimal mark."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(_rounded(value, digits), format=pattern, locale=babel_locale(lang))


def needed_digits(value: float, most: int = 2) -> int:
    """The decimals a number needs to be written, up to `most`: 0 for 3, 1 for 37.5."""
    return next((d for d in range(most) if round(value, d) == round(value, 6)), most)


def fmt_short(value: float, lang: str, most: int = 2) -> str:
    """A number with only the decimals it needs, up to `most`: "3", "37,5", "0,25" in French."""
    return fmt_number(value, lang, needed_digits(value, most))


def parse_number(text: str, lang: str) -> float:
    """A number typed the way the language writes it: "10,5" and "1 000" in French, "1,000.5"
    in English (a dot is also read as the decimal mark in French); ValueError otherwise."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)  # spaces can only group thousands
    if not cleaned or not re.fullmatch(r"[-+]?[\d.,]+", cleaned):
        raise ValueError(text)
    try:
        return float(parse_decimal(cleaned, locale=babel_locale(lang), strict=True))
    except NumberFormatError:
        raise ValueError(text) from None


def fmt_money(value: float, currency: str, lang: str, digits: int = 2) -> str:
    """An amount of money, such as 1 234,56 € (fr) or €1,234.56 (en)."""
    pattern = _with_digits(Locale.parse(babel_locale(lang)).currency_formats["standard"], digits)
    return format_currency(
        _rounded(value, digits),
        currency,
        format=pattern,
        locale=babel_locale(lang),
        currency_digits=False,
    )


def _with_digits(pattern: NumberPattern, digits: int) -> str:
    """The locale's own pattern with a chosen number of decimals."""
    decimals = "." + "0" * digits if digits else ""
    return re.sub(r"[#,0]+(\.[0#]+)?", lambda _: "#,##0" + decimals, pattern.pattern, count=1)


def fmt_percent(value: float, lang: str, digits: int = 1) -> str:
    """A fraction as a percentage, such as 12,5 % (fr) or 12.5% (en)."""
    pattern = _with_digits(Locale.parse(babel_locale(lang)).percent_formats[None], digits)
    return format_percent(_rounded(value, digits + 2), format=pattern, locale=babel_locale(lang))


def fmt_date(value: dt.date, lang: str) -> str:
    """A date in the locale's medium form."""
    return format_date(value, format="medium", locale=babel_locale(lang))


def fmt_time(value: dt.datetime, lang: str) -> str:
    """A time of day with its seconds, the locale's way ("14:05:09", "2:05:09 PM")."""
    return format_time(value, format="medium", locale=babel_locale(lang))


def fmt_datetime(value: dt.datetime, lang: str) -> str:
    """A date and time in the locale's short form."""
    return format_datetime(value, format="short", locale=babel_locale(lang))
