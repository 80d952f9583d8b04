"""Alsace-Moselle's two extra public holidays (Good Friday, 26 December) in the call slots, for
prospects found by postcode (57, 67, 68) or territory; elsewhere these days are ordinary."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.compliance.call_slots import call_hours, call_slot_findings, next_call_slot
from planner.compliance.territories import territory, territory_of_postcode
from planner.plan.model import Market

GOOD_FRIDAY_2027 = dt.date(2027, 3, 26)
ST_STEPHEN_2025 = dt.date(2025, 12, 26)  # a Friday
ST_STEPHEN_2028 = dt.date(2028, 12, 26)  # a Tuesday


@pytest.mark.parametrize(
    ("postcode", "code"),
    [
        ("57000", "FR-57"),  # Metz
        ("57100", "FR-57"),  # Thionville
        ("67000", "FR-6AE"),  # Strasbourg
        ("68100", "FR-6AE"),  # Mulhouse
        ("54000", "FR"),  # Nancy, Meurthe-et-Moselle: no local holidays
        ("88000", "FR"),  # Épinal
        ("51100", "FR"),  # Reims, Grand Est too
    ],
)
def test_the_postcode_tells_alsace_moselle_apart(postcode: str, code: str) -> None:
    place = territory_of_postcode(postcode)
    assert place is not None and place.code == code


@pytest.mark.parametrize(
    ("day", "code", "lawful_hours"),
    [
        (GOOD_FRIDAY_2027, "FR-57", 0.0),
        (GOOD_FRIDAY_2027, "FR-6AE", 0.0),
        (GOOD_FRIDAY_2027, "FR", 9.0),
        (ST_STEPHEN_2025, "FR-57", 0.0),
        (ST_STEPHEN_2028, "FR-6AE", 0.0),
        (ST_STEPHEN_2028, "FR", 9.0),
        (dt.date(2027, 3, 29), "FR-57", 0.0),  # Easter Monday, national
        (dt.date(2027, 3, 25), "FR-57", 9.0),  # the Thursday before Good Friday
    ],
)
def test_call_hours_on_alsace_moselle_days(day: dt.date, code: str, lawful_hours: float) -> None:
    assert call_hours(day, territory(code)) == lawful_hours


@pytest.mark.parametrize("code", ["FR-57", "FR-6AE"])
def test_a_call_on_good_friday_in_alsace_moselle_is_flagged_as_a_holiday(code: str) -> None:
    moment = dt.datetime.combine(GOOD_FRIDAY_2027, dt.time(11, 0))
    found = call_slot_findings(moment, Market.B2C, place=territory(code))
    assert [f.message_key for f in found] == ["compliance.call_slot.holiday"]
    assert "Vendredi saint" in found[0].text("fr")
    assert call_slot_findings(moment, Market.B2C, place=territory("FR")) == []


def test_the_next_slot_after_christmas_in_moselle_skips_saint_stephen() -> None:
    after = dt.datetime(2028, 12, 25, 9, 0)  # Christmas, a Monday
    moselle = next_call_slot(after, territory("FR-57"))
    paris = next_call_slot(after, territory("FR"))
    assert moselle is not None and paris is not None
    assert (moselle.date(), moselle.hour) == (dt.date(2028, 12, 27), 10)
    assert (paris.date(), paris.hour) == (ST_STEPHEN_2028, 10)


def test_alsace_moselle_names_in_both_languages() -> None:
    assert territory("FR-57").name("fr") == "Moselle"
    assert territory("FR-6AE").name("en") == "Alsace (Bas-Rhin, Haut-Rhin)"
