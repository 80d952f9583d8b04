"""Dates of import files: words in French and English, Excel date numbers, the day/month order."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from typing import Any

import pandas as pd
import pytest

from planner.tracking.importing import (
    PRESETS,
    ImportResult,
    channel_aliases,
    map_events,
    read_table,
)
from tests.apptest import ROOT
from tests.factories import make_plan

CHANNELS = channel_aliases(make_plan())
HEADER = "date;prospect;channel;event\n"


def imported(dates: list[str], **kwargs: Any) -> ImportResult:
    """A French event log whose rows are dated by `dates`, one prospect each, mapped."""
    rows = "".join(f"{d};p{i};phone;won\r\n" for i, d in enumerate(dates))
    data = (HEADER + rows).encode("utf-8-sig")
    return map_events(read_table(data, "journal.csv"), channels=CHANNELS, **kwargs)


def days(result: ImportResult) -> list[str]:
    return result.events["date"].dt.strftime("%Y-%m-%d").tolist()


# --- Dates written in words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("12 janvier 2027", "2027-01-12"),
        ("lundi 12 janvier 2027", "2027-01-12"),
        ("1er févr. 2027", "2027-02-01"),
        ("le 5 mai 2026", "2026-05-05"),
        ("mardi 3 mars 2026 14:05", "2026-03-03"),
        ("12 janvier 2027 à 10h30", "2027-01-12"),
        ("Mon, Jan 12, 2027", "2027-01-12"),
        ("12-Jan-2027", "2027-01-12"),
        ("January 12th, 2027", "2027-01-12"),
        ("Wed 1 Apr 2026", "2026-04-01"),
    ],
)
def test_a_date_written_in_words_is_read(written: str, day: str) -> None:
    result = imported(["31/12/2025", written])

    assert result.rejected_rows == 0, result.problem_lines("en")
    assert days(result) == ["2025-12-31", day]


@pytest.mark.parametrize(
    ("written", "lang", "reason"),
    [
        ("1er févr.", "fr", "ligne 3 : « 1er févr. » dans « date » n’a pas d’année"),
        ("12 January", "en", "row 3: “12 January” in “date” has no year"),
        ("hier", "fr", "ligne 3 : « hier » dans « date » n’est pas une date"),
        ("yesterday", "en", "row 3: “yesterday” in “date” is not a date"),
        ("31 février 2026", "fr", "ligne 3 : « 31 février 2026 » dans « date » n’est pas une date"),
        ("12 janvier 1850", "en", "row 3: the date “12 janvier 1850” in “date” is not between"),
    ],
)
def test_a_date_in_words_that_cannot_be_read_is_refused_with_its_reason(
    written: str, lang: str, reason: str
) -> None:
    result = imported(["31/12/2025", written])

    assert result.valid_rows == 1
    assert result.problem_lines(lang)[0].startswith(reason), result.problem_lines(lang)


def test_the_same_date_in_words_on_many_rows_is_read_once_for_all() -> None:
    result = imported(["lundi 12 janvier 2027 09:00", "lundi 12 janvier 2027 17:30"] * 50)

    assert result.rejected_rows == 0
    assert set(days(result)) == {"2027-01-12"}


# --- Excel date numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "day"),
    [("46034", "2026-01-12"), ("32874", "1990-01-01"), ("45658,75", "2025-01-01")],
)
def test_an_excel_date_number_is_read_as_its_day(written: str, day: str) -> None:
    result = imported([written])

    assert result.rejected_rows == 0, result.problem_lines("en")
    assert days(result) == [day]


@pytest.mark.parametrize("written", ["12", "2026", "32873", "99999", "-46034"])
def test_a_number_outside_excel_dates_is_refused_as_a_number(written: str) -> None:
    result = imported(["46034", written])

    assert result.valid_rows == 1
    assert result.problem_lines("en") == [
        f"row 3: “{written}” in “date” is a number, not a date (an Excel date number is between "
        "32874, 1 January 1990, and 73415, 31 December 2100)"
    ]


# --- Day first or month first -------------------------------------------------------------------


def test_month_first_dates_say_which_rows_decided_it() -> None:
    result = imported(["01/05/2026", "02/13/2026", "03/04/2026", "01/20/2026"])

    assert days(result) == ["2026-01-05", "2026-02-13", "2026-03-04", "2026-01-20"]
    order = result.date_order
    assert (order.order, order.reason, order.rows) == (
        "mdy",
        "dates",
        ((3, "02/13/2026"), (5, "01/20/2026")),
    )
    assert order.note("fr") == (
        "Dates lues mois d’abord (12/31/2025) : ces lignes ne se lisent que de cette façon : "
        "ligne 3 « 02/13/2026 », ligne 5 « 01/20/2026 »."
    )
    assert "row 3 “02/13/2026”, row 5 “01/20/2026”" in order.note("en")


def test_the_user_may_read_a_column_day_first_against_its_dates() -> None:
    result = imported(["01/05/2026", "02/13/2026", "03/04/2026"], date_order="dmy")

    assert days(result) == ["2026-05-01", "2026-04-03"]
    assert result.problem_lines("en") == [
        "row 3: “02/13/2026” in “date” can only be read month first, but the column is read "
        "day first"
    ]
    assert result.date_order.reason == "chosen"
    assert result.date_order.note("en") == (
        "Dates read day first (31/12/2025), as chosen. "
        "1 row can only be read month first (12/31/2025): refused."
    )


def test_a_column_mixing_both_orders_reads_most_and_refuses_the_others() -> None:
    result = imported(["13/01/2026", "25/01/2026", "02/13/2026", "05/01/2026"])

    assert days(result) == ["2026-01-13", "2026-01-25", "2026-01-05"]
    assert result.problem_lines("en") == [
        "row 4: “02/13/2026” in “date” can only be read month first, but the column is read "
        "day first"
    ]
    assert (result.date_order.reason, result.date_order.refused) == ("mixed", 1)


def test_a_column_no_date_of_which_tells_the_order_says_it_is_ambiguous() -> None:
    us = dataclasses.replace(PRESETS["event_log"], date_order="mdy")

    result = imported(["03/04/2026", "05/06/2026"], mapping=us)

    assert days(result) == ["2026-03-04", "2026-05-06"]
    assert (result.date_order.reason, result.date_order.ambiguous) == ("default", True)
    assert "read month first (12/31/2025), as the mapping says" in result.date_order.note("en")


def test_iso_dates_need_no_order_and_say_nothing() -> None:
    result = imported(["2026-01-05", "2026-02-13"])

    assert result.date_order.note("en") == result.date_order.note("fr") == ""


def test_a_creation_date_follows_the_order_of_the_rows_dates() -> None:
    text = (
        "Deal Name,Deal Stage,Close Date,Create Date,Amount\n"
        "A,Closed Won,02/13/2026,01/05/2026,100\n"
        "B,Closed Won,01/20/2026,01/06/2026,100\n"
    )
    result = map_events(
        read_table(text.encode(), "deals.csv"),
        PRESETS["hubspot_deals"].with_default_channel("phone"),
    )

    assert result.date_order.order == "mdy"
    created = result.events.loc[result.events["event"] == "lead", "date"]
    assert created.dt.strftime("%Y-%m-%d").tolist() == ["2026-01-05", "2026-01-06"]


def test_a_date_order_other_than_dmy_or_mdy_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="dmy"):
        imported(["2026-01-05"], date_order="ymd")


def test_no_row_is_parsed_twice_on_a_large_column() -> None:
    dates = pd.date_range("2025-01-01", periods=400).strftime("%d/%m/%Y").tolist()

    result = imported(dates * 5)

    assert result.rejected_rows == 0
    assert result.date_order.deciding == 5 * sum(int(d[:2]) > 12 for d in dates)


def test_an_ordinary_file_never_loads_the_words_parser() -> None:
    code = (
        "import sys\n"
        "from planner.tracking.importing import map_events, read_table\n"
        "data = b'date;channel;event\\n31/12/2025;phone;won\\n'\n"
        "data += b'2026-01-02;phone;won\\n46034;phone;won\\n'\n"
        "result = map_events(read_table(data, 'f.csv'))\n"
        "assert result.rejected_rows == 0, result.problem_lines('en')\n"
        "print('dateparser' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )

    assert done.stdout.strip() == "False"
