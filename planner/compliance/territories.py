"""Where a consumer lives, for the call rules: metropolitan France or an overseas department, its
time zone and its public holidays, found from a phone number or a postcode."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import holidays
import phonenumbers

from planner.core.i18n import t

_HOLIDAY_LANGUAGE = {"fr": "fr", "en": "en_US"}


@dataclass(frozen=True)
class Territory:
    """A French territory where the Code de la consommation applies: its own clock and holidays."""

    code: str  # ISO 3166 code of the territory (FR for metropolitan France)
    time_zone: str  # IANA name, e.g. Indian/Reunion
    subdivision: str | None = None  # the `holidays` package's subdivision of France, if any
    postcode_prefixes: tuple[str, ...] = ()  # departments whose postcodes fall in it

    @property
    def zone(self) -> ZoneInfo:
        """The territory's time zone, daylight saving time included."""
        return ZoneInfo(self.time_zone)

    def name(self, lang: str) -> str:
        """The territory's name in `lang`."""
        return t(lang, f"territory.{self.code}")


METROPOLITAN = Territory("FR", "Europe/Paris")
TERRITORIES: dict[str, Territory] = {
    place.code: place
    for place in (
        METROPOLITAN,
        # Alsace-Moselle keep two more public holidays: Good Friday and 26 December.
        Territory("FR-57", "Europe/Paris", "57", ("57",)),
        Territory("FR-6AE", "Europe/Paris", "6AE", ("67", "68")),
        Territory("GP", "America/Guadeloupe", "GP"),
        Territory("MQ", "America/Martinique", "MQ"),
        Territory("GF", "America/Cayenne", "GY"),
        Territory("RE", "Indian/Reunion", "RE"),
        Territory("YT", "Indian/Mayotte", "YT"),
        Territory("BL", "America/St_Barthelemy", "BL"),
        Territory("MF", "America/Marigot", "MF"),
        Territory("PM", "America/Miquelon", "PM"),
    )
}
# Overseas postcodes: 971 Guadeloupe (97133 Saint-Barthélemy, 97150 Saint-Martin), 972
# Martinique, 973 Guyane, 974 La Réunion, 975 Saint-Pierre-et-Miquelon, 976 Mayotte.
_POSTCODES = {"97133": "BL", "97150": "MF"}
_POSTCODE_PREFIXES = {"971": "GP", "972": "MQ", "973": "GF", "974": "RE", "975": "PM", "976": "YT"}
_OVERSEAS_REGIONS = ("RE", "YT", "MQ", "GP", "GF", "PM")
_POSTCODE = re.compile(r"^\d{5}$")
# Older `holidays` releases (before France's ISO subdivisions) named Alsace-Moselle "GES".
_OLDER_SUBDIVISIONS = {"57": "GES", "6AE": "GES"}


def territory(code: str) -> Territory:
    """The territory of an ISO code (FR, RE, MQ…); KeyError for one the rules do not cover."""
    return TERRITORIES[code.strip().upper()]


def phone_number(text: str) -> phonenumbers.PhoneNumber | None:
    """A French-written phone number read as a number: 06…, +33 6…, 0033 6…, or 6… when a
    spreadsheet dropped its leading zero; None when it is not a valid number."""
    digits = re.sub(r"[\s.\-()/\u00a0\u202f]", "", text)
    if re.fullmatch(r"[1-9]\d{8}", digits):  # a French number without its leading 0
        digits = "0" + digits
    # Written the French way (0692…, 0596…), an overseas number is national in its own region.
    regions = ("FR", *_OVERSEAS_REGIONS) if digits.startswith("0") else ("FR",)
    for region in regions:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            return number
    return None


def e164(text: str) -> str | None:
    """The number in E.164 form (+33612345678), the one spelling of a number; None if invalid."""
    number = phone_number(text)
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def territory_of_number(text: str) -> Territory | None:
    """The territory a French number belongs to (+262 692… La Réunion, +596… Martinique); None
    for an invalid number or one outside the territories the rules cover."""
    number = phone_number(text)
    if number is None:
        return None
    return TERRITORIES.get(phonenumbers.region_code_for_number(number) or "")


def territory_of_postcode(text: str) -> Territory | None:
    """The territory of a French postcode (97400 -> La Réunion, 57000 -> Moselle, 75011 ->
    metropolitan France)."""
    code = text.strip()
    if not _POSTCODE.fullmatch(code):
        return None
    if code in _POSTCODES:
        return TERRITORIES[_POSTCODES[code]]
    if code[:3] in _POSTCODE_PREFIXES:
        return TERRITORIES[_POSTCODE_PREFIXES[code[:3]]]
    if code.startswith(("97", "98")):
        return None
    return next((p for p in TERRITORIES.values() if code[:2] in p.postcode_prefixes), METROPOLITAN)


@cache
def _calendar(subdivision: str | None, year: int, language: str | None) -> holidays.HolidayBase:
    for code in (subdivision, _OLDER_SUBDIVISIONS.get(subdivision or "")):
        try:
            return holidays.country_holidays("FR", subdiv=code, years=year, language=language)
        except NotImplementedError:  # a subdivision the installed calendar does not know
            continue
    return holidays.country_holidays("FR", years=year, language=language)


def is_public_holiday(day: dt.date, place: Territory) -> bool:
    """True on a public holiday of the territory (national days and its own, e.g. the abolition
    of slavery on 20 December in La Réunion, Good Friday and 26 December in Alsace-Moselle)."""
    return day in _calendar(place.subdivision, day.year, None)


def holiday_name(day: dt.date, code: str, lang: str) -> str:
    """The name of the holiday on `day` in a territory (or a country code), in `lang` where the
    calendar has it."""
    place = TERRITORIES.get(code, METROPOLITAN)
    try:
        calendar = _calendar(place.subdivision, day.year, _HOLIDAY_LANGUAGE.get(lang))
    except ValueError:
        calendar = _calendar(place.subdivision, day.year, None)
    return str(calendar.get(day, ""))
