"""Lawful call slots to consumers on their own clock: overseas territories, holidays, DST, the
next allowed slot, and phone numbers however a spreadsheet wrote them (compliance.md part 2 C)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from planner.compliance.call_slots import call_hours, call_slot_findings, next_call_slot
from planner.compliance.territories import (
    METROPOLITAN,
    e164,
    territory,
    territory_of_number,
    territory_of_postcode,
)
from planner.plan.model import Market

PARIS = ZoneInfo("Europe/Paris")
REUNION, MARTINIQUE = territory("RE"), territory("MQ")


def reasons(moment: dt.datetime, place: str = "FR") -> list[str]:
    found = call_slot_findings(moment, Market.B2C, place=territory(place))
    return [f.message_key.rsplit(".", 1)[1] for f in found]


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (9, 59, ["hours"]),
        (10, 0, []),
        (12, 59, []),
        (13, 0, ["hours"]),
        (13, 59, ["hours"]),
        (14, 0, []),
        (19, 59, []),
        (20, 0, ["hours"]),
    ],
)
def test_every_boundary_of_the_day_in_metropolitan_france(
    hour: int, minute: int, expected: list[str]
) -> None:
    assert reasons(dt.datetime(2027, 3, 3, hour, minute)) == expected  # a Wednesday


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (dt.date(2027, 3, 6), "weekend"),  # Saturday
        (dt.date(2027, 3, 7), "weekend"),  # Sunday
        (dt.date(2027, 5, 1), "holiday"),  # Labour Day (a Saturday too)
        (dt.date(2027, 7, 14), "holiday"),
        (dt.date(2027, 3, 29), "holiday"),  # Easter Monday
        (dt.date(2027, 5, 6), "holiday"),  # Ascension
        (dt.date(2027, 5, 17), "holiday"),  # Whit Monday
    ],
)
def test_weekends_and_public_holidays_are_never_allowed(day: dt.date, why: str) -> None:
    assert why in reasons(dt.datetime.combine(day, dt.time(11, 0)))


def test_a_time_in_paris_is_read_on_the_consumer_clock_in_reunion() -> None:
    # 08:30 in Paris in winter is 11:30 in La Réunion (UTC+4): allowed there, not in Paris.
    paris_morning = dt.datetime(2027, 1, 13, 8, 30, tzinfo=PARIS)
    assert reasons(paris_morning, "RE") == []
    assert reasons(paris_morning, "FR") == ["hours"]


def test_a_time_in_paris_is_read_on_the_consumer_clock_in_martinique() -> None:
    # 19:30 in Paris in winter is 14:30 in Martinique (UTC-4); 15:30 in Paris is 10:30 there.
    assert reasons(dt.datetime(2027, 1, 13, 19, 30, tzinfo=PARIS), "MQ") == []
    assert reasons(dt.datetime(2027, 1, 13, 14, 30, tzinfo=PARIS), "MQ") == ["hours"]


def test_local_holidays_of_overseas_departments_count() -> None:
    # The abolition of slavery: 20 December in La Réunion, 22 May in Martinique.
    assert reasons(dt.datetime(2027, 12, 20, 11, 0), "RE") == ["holiday"]
    assert reasons(dt.datetime(2027, 12, 20, 11, 0), "FR") == []
    assert reasons(dt.datetime(2028, 5, 22, 11, 0), "MQ") == ["holiday"]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # The spring change (28 March 2027): Paris moves from UTC+1 to UTC+2 (29th: Easter Monday).
        (dt.datetime(2027, 3, 30, 7, 59, tzinfo=dt.UTC), ["hours"]),  # 09:59 summer time
        (dt.datetime(2027, 3, 30, 8, 0, tzinfo=dt.UTC), []),  # 10:00 summer time
        # The autumn change (31 October 2027): back to UTC+1.
        (dt.datetime(2027, 11, 2, 8, 59, tzinfo=dt.UTC), ["hours"]),  # 09:59 winter time
        (dt.datetime(2027, 11, 2, 9, 0, tzinfo=dt.UTC), []),  # 10:00 winter time
        (dt.datetime(2027, 11, 2, 18, 59, tzinfo=dt.UTC), []),  # 19:59
        (dt.datetime(2027, 11, 2, 19, 0, tzinfo=dt.UTC), ["hours"]),  # 20:00
    ],
    ids=[
        "summer-09:59",
        "summer-10:00",
        "winter-09:59",
        "winter-10:00",
        "winter-19:59",
        "winter-20:00",
    ],
)
def test_the_clock_follows_daylight_saving_time(moment: dt.datetime, expected: list[str]) -> None:
    assert reasons(moment) == expected


def test_the_next_slot_after_the_lunch_break_opens_at_two() -> None:
    slot = next_call_slot(dt.datetime(2027, 3, 3, 13, 15))
    assert slot == dt.datetime(2027, 3, 3, 14, 0, tzinfo=PARIS)


def test_the_next_slot_inside_a_window_is_now() -> None:
    now = dt.datetime(2027, 3, 3, 10, 45, tzinfo=PARIS)
    assert next_call_slot(now) == now


def test_the_next_slot_after_friday_evening_skips_the_weekend_and_easter_monday() -> None:
    slot = next_call_slot(dt.datetime(2027, 3, 26, 20, 0))  # Friday before Easter
    assert slot == dt.datetime(2027, 3, 30, 10, 0, tzinfo=PARIS)


def test_the_next_slot_for_reunion_from_a_paris_evening_is_the_next_morning_there() -> None:
    # 18:00 in Paris on a winter Wednesday is 21:00 in La Réunion: next is Thursday 10:00 there.
    slot = next_call_slot(dt.datetime(2027, 1, 13, 18, 0, tzinfo=PARIS), REUNION)
    assert slot == dt.datetime(2027, 1, 14, 10, 0, tzinfo=REUNION.zone)
    assert slot is not None and slot.astimezone(PARIS).hour == 7


def test_in_b2b_any_time_is_a_slot() -> None:
    sunday = dt.datetime(2027, 3, 7, 22, 0, tzinfo=PARIS)
    assert next_call_slot(sunday, market=Market.B2B) == sunday


def test_hours_a_day_allows() -> None:
    assert call_hours(dt.date(2027, 3, 3)) == 9.0
    assert call_hours(dt.date(2027, 3, 6)) == 0.0  # Saturday
    assert call_hours(dt.date(2027, 7, 14)) == 0.0


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("612345678", "+33612345678"),  # Excel dropped the leading zero
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("12", None),
        ("", None),
    ],
)
def test_a_number_has_one_spelling(written: str, expected: str | None) -> None:
    assert e164(written) == expected


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("06 12 34 56 78", "FR"),
        ("01 42 68 53 00", "FR"),
        ("0692 12 34 56", "RE"),  # a Réunion mobile, written the French way
        ("+262 692 12 34 56", "RE"),
        ("+262 639 01 23 45", "YT"),  # Mayotte shares +262
        ("0696 20 12 34", "MQ"),
        ("+596 596 30 12 34", "MQ"),
        ("+590 690 00 12 34", "GP"),
        ("+594 694 20 12 34", "GF"),
        ("+508 55 12 34", "PM"),
    ],
)
def test_the_territory_comes_from_the_number(written: str, code: str) -> None:
    place = territory_of_number(written)
    assert place is not None and place.code == code


def test_a_number_outside_the_covered_territories_has_none() -> None:
    assert territory_of_number("+687 75 12 34") is None  # New Caledonia: its own consumer law
    assert territory_of_number("+44 20 7946 0958") is None


@pytest.mark.parametrize(
    ("postcode", "code"),
    [
        ("75011", "FR"),
        ("97400", "RE"),
        ("97200", "MQ"),
        ("97133", "BL"),
        ("97150", "MF"),
        ("97600", "YT"),
        ("97500", "PM"),
        ("98800", None),
        ("7501", None),
    ],
)
def test_the_territory_comes_from_the_postcode(postcode: str, code: str | None) -> None:
    place = territory_of_postcode(postcode)
    assert (place.code if place else None) == code


def test_territory_names_in_both_languages() -> None:
    assert territory("RE").name("fr") == "La Réunion"
    assert METROPOLITAN.name("en") == "Metropolitan France"
