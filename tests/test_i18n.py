"""Interface strings in French and English, and numbers, money and dates as each reads them."""

from __future__ import annotations

import datetime as dt
import string
import tomllib
from pathlib import Path
from typing import Any

import pytest

from planner.core.i18n import (
    LANGUAGES,
    LOCALES_DIR,
    fmt_date,
    fmt_datetime,
    fmt_money,
    fmt_number,
    fmt_percent,
    fmt_short,
    messages,
    normalise_language,
    plural,
    t,
)

NNBSP, NBSP = "\u202f", "\xa0"


def _flat(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        found.update(_flat(value, full) if isinstance(value, dict) else {full: value})
    return found


def _on_disk(lang: str) -> dict[str, Any]:
    """Every string of a language, read from every .toml file under its folder."""
    found: dict[str, Any] = {}
    for path in sorted((LOCALES_DIR / lang).rglob("*.toml")):
        with path.open("rb") as handle:
            found.update(_flat(tomllib.load(handle)))
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _locale_files() -> list[Path]:
    return sorted(p for p in LOCALES_DIR.rglob("*.toml"))


def test_there_is_one_locale_folder_per_language() -> None:
    folders = {p.name for p in LOCALES_DIR.iterdir() if p.is_dir() and not p.name.startswith("_")}

    assert folders == set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_of_another_language_exists_in_this_one(lang: str) -> None:
    others = {key for other in LANGUAGES if other != lang for key in _on_disk(other)}

    assert sorted(others - set(_on_disk(lang))) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_on_disk_is_loaded(lang: str) -> None:
    assert sorted(set(_on_disk(lang)) - set(messages(lang))) == []


@pytest.mark.parametrize("path", _locale_files(), ids=lambda p: str(p.relative_to(LOCALES_DIR)))
def test_no_string_is_empty(path: Path) -> None:
    with path.open("rb") as handle:
        strings = _flat(tomllib.load(handle))

    assert sorted(k for k, v in strings.items() if not (isinstance(v, str) and v.strip())) == []


def test_placeholders_are_the_same_in_every_language() -> None:
    french, english = _on_disk("fr"), _on_disk("en")
    different = {
        key: (_placeholders(french[key]), _placeholders(english[key]))
        for key in french.keys() & english.keys()
        if _placeholders(french[key]) != _placeholders(english[key])
    }

    assert different == {}


@pytest.mark.parametrize(
    ("lang", "key", "params", "expected"),
    [
        ("fr", "problem.empty_file", {}, "le fichier est vide"),
        ("en", "problem.empty_file", {}, "the file is empty"),
        ("en", "problem.file_too_large", {"limit": 5120}, "the file is larger than 5120 KB"),
        ("fr", "problem.file_too_large", {"limit": 5120}, "le fichier dépasse 5120 Ko"),
        ("en", "no.such.key", {}, "no.such.key"),
        ("de", "problem.empty_file", {}, "le fichier est vide"),
    ],
)
def test_t_fills_placeholders_and_falls_back(
    lang: str, key: str, params: dict[str, Any], expected: str
) -> None:
    assert t(lang, key, **params) == expected


@pytest.mark.parametrize(
    ("value", "currency", "lang", "digits", "expected"),
    [
        (1234.56, "EUR", "fr", 2, f"1{NNBSP}234,56{NBSP}€"),
        (1234.56, "EUR", "en", 2, "€1,234.56"),
        (-1234.56, "EUR", "fr", 2, f"-1{NNBSP}234,56{NBSP}€"),
        (-1234.56, "EUR", "en", 2, "-€1,234.56"),
        (1234.5, "EUR", "fr", 0, f"1{NNBSP}235{NBSP}€"),
        (1234.5, "USD", "en", 0, "$1,235"),
        (1234567.0, "EUR", "en", 0, "€1,234,567"),
        (0.125, "EUR", "en", 2, "€0.13"),
        (-0.001, "EUR", "fr", 2, f"0,00{NBSP}€"),
        (1500.0, "JPY", "en", 0, "¥1,500"),
    ],
)
def test_fmt_money(value: float, currency: str, lang: str, digits: int, expected: str) -> None:
    assert fmt_money(value, currency, lang, digits) == expected


@pytest.mark.parametrize(
    ("value", "lang", "digits", "expected"),
    [
        (0.125, "fr", 1, f"12,5{NBSP}%"),
        (0.125, "en", 1, "12.5%"),
        (0.125, "fr", 0, f"13{NBSP}%"),
        (0.125, "en", 0, "13%"),
        (0.135, "en", 0, "14%"),
        (1.0, "en", 0, "100%"),
        (0.0, "fr", 2, f"0,00{NBSP}%"),
        (-0.05, "en", 1, "-5.0%"),
        (-0.0001, "en", 1, "0.0%"),
        (12.5, "en", 0, "1,250%"),
    ],
)
def test_fmt_percent(value: float, lang: str, digits: int, expected: str) -> None:
    assert fmt_percent(value, lang, digits) == expected


@pytest.mark.parametrize(
    ("value", "lang", "digits", "expected"),
    [
        (1234567.891, "fr", 0, f"1{NNBSP}234{NNBSP}568"),
        (1234567.891, "en", 0, "1,234,568"),
        (1234.5, "fr", 2, f"1{NNBSP}234,50"),
        (1234.5, "en", 2, "1,234.50"),
        (2.5, "en", 0, "3"),
        (3.5, "fr", 0, "4"),
        (-2.5, "en", 0, "-3"),
        (-0.4, "fr", 0, "0"),
        (0.0, "en", 1, "0.0"),
        (999.999, "en", 2, "1,000.00"),
    ],
)
def test_fmt_number(value: float, lang: str, digits: int, expected: str) -> None:
    assert fmt_number(value, lang, digits) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (dt.date(2026, 3, 1), "fr", "1 mars 2026"),
        (dt.date(2026, 3, 1), "en", "Mar 1, 2026"),
        (dt.date(2026, 12, 31), "fr", "31 déc. 2026"),
        (dt.date(2026, 12, 31), "en", "Dec 31, 2026"),
    ],
)
def test_fmt_date(value: dt.date, lang: str, expected: str) -> None:
    assert fmt_date(value, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"), [("fr", "01/03/2026 14:05"), ("en", f"3/1/26, 2:05{NNBSP}PM")]
)
def test_fmt_datetime(lang: str, expected: str) -> None:
    assert fmt_datetime(dt.datetime(2026, 3, 1, 14, 5), lang) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("fr-FR", "fr"),
        ("fr", "fr"),
        ("FR_be", "fr"),
        ("en_GB", "en"),
        ("en-US", "en"),
        ("EN", "en"),
        ("de", None),
        ("de-FR", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_language(tag: str | None, expected: str | None) -> None:
    assert normalise_language(tag) == expected


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("en", 0, "0 rows imported"),
        ("en", 1, "1 row imported"),
        ("en", 1234, "1,234 rows imported"),
        ("fr", 0, "0 ligne importée"),  # French reads 0 as singular
        ("fr", 1, "1 ligne importée"),
        ("fr", 2, "2 lignes importées"),
        ("fr", 1234, "1\u202f234 lignes importées"),
    ],
)
def test_a_count_takes_the_plural_form_of_its_language(lang: str, n: int, expected: str) -> None:
    assert plural(lang, "importing.count.rows_imported", n) == expected


@pytest.mark.parametrize(
    ("value", "lang", "most", "shown"),
    [
        (3.0, "fr", 2, "3"),
        (37.5, "fr", 2, "37,5"),
        (0.25, "en", 2, "0.25"),
        (2.5, "fr", 0, "3"),
        (1234.5, "fr", 2, "1\u202f234,5"),
        (0.123, "en", 2, "0.12"),
    ],
)
def test_short_numbers_keep_only_the_decimals_they_need(
    value: float, lang: str, most: int, shown: str
) -> None:
    assert fmt_short(value, lang, most) == shown
