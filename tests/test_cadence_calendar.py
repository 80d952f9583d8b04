"""The cadence as a calendar: dated on working days, written as iCalendar, read back."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from planner.compliance.territories import territory
from planner.core.problems import InvalidInput
from planner.plan.model import Plan
from planner.share.cadence import cadence_calendar, cadence_days
from tests.factories import make_plan_data

THURSDAY = dt.date(2027, 1, 7)


def _plan(steps: list[dict[str, object]], **meta: object) -> Plan:
    data = make_plan_data()
    data["cadence"] = steps
    data["meta"].update(meta)
    return Plan.model_validate(data)


def _events(ics: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


def test_a_touch_on_a_saturday_moves_to_monday() -> None:
    plan = _plan(
        [
            {"id": "a", "day_offset": 0, "channel_id": "phone"},
            {"id": "b", "day_offset": 2, "channel_id": "linkedin"},
        ]
    )
    first, second = cadence_days(plan, THURSDAY)
    assert (first.day, first.moved) == (THURSDAY, False)
    assert second.planned == dt.date(2027, 1, 9)  # a Saturday
    assert (second.day, second.moved) == (dt.date(2027, 1, 11), True)


def test_public_holidays_of_the_plan_country_are_skipped() -> None:
    # 14 July is a public holiday in France, not in the United Kingdom.
    steps = [{"id": "a", "day_offset": 0, "channel_id": "phone"}]
    french = cadence_days(_plan(steps, country="FR"), dt.date(2027, 7, 14))
    british = cadence_days(_plan(steps, country="GB"), dt.date(2027, 7, 14))
    assert french[0].day == dt.date(2027, 7, 15)
    assert british[0].day == dt.date(2027, 7, 14)


def test_the_team_week_decides_what_a_working_day_is() -> None:
    data = make_plan_data()
    data["team"]["working_days"] = "1111110"  # Saturdays worked
    data["cadence"] = [{"id": "a", "day_offset": 2, "channel_id": "phone"}]
    (step,) = cadence_days(Plan.model_validate(data), THURSDAY)
    assert step.day == dt.date(2027, 1, 9)


def test_steps_come_in_day_order_whatever_their_order_in_the_plan() -> None:
    plan = _plan(
        [
            {"id": "late", "day_offset": 7, "channel_id": "phone"},
            {"id": "early", "day_offset": 1, "channel_id": "phone"},
        ]
    )
    assert [d.step.id for d in cadence_days(plan, THURSDAY)] == ["early", "late"]


def test_the_calendar_reads_back_one_all_day_event_per_touch_in_french() -> None:
    plan = _plan(
        [
            {"id": "call", "day_offset": 0, "channel_id": "phone", "script_id": "call"},
            {"id": "connect", "day_offset": 2, "channel_id": "linkedin", "action": "Invitation"},
        ]
    )
    ics = cadence_calendar(plan, THURSDAY, "fr", prospect="  Boulangerie   Martin ")
    calendar = icalendar.Calendar.from_ical(ics)
    assert "Boulangerie Martin" in str(calendar["X-WR-CALNAME"])
    call, connect = _events(ics)
    assert call.decoded("DTSTART") == THURSDAY
    assert call.decoded("DTEND") == THURSDAY + dt.timedelta(days=1)
    assert str(call["SUMMARY"]).startswith("J+0 · ")
    assert str(call["SUMMARY"]).endswith("— Boulangerie Martin")
    script = next(s for s in plan.scripts if s.id == "call")
    assert script.hook.strip().splitlines()[0] in str(call["DESCRIPTION"])
    assert "Invitation" in str(connect["SUMMARY"])
    assert "décalé au lundi 11 janvier 2027" in str(connect["DESCRIPTION"])


def test_the_calendar_in_english_names_the_batch_and_the_moved_day() -> None:
    plan = _plan([{"id": "b", "day_offset": 2, "channel_id": "linkedin", "action": "Connect"}])
    ics = cadence_calendar(plan, THURSDAY, "en")
    (event,) = _events(ics)
    assert str(event["SUMMARY"]) == "Day 2 · LinkedIn messages · Connect"
    assert "moved to Monday, January 11, 2027" in str(event["DESCRIPTION"])
    assert "batch of Jan 7, 2027" in str(icalendar.Calendar.from_ical(ics)["X-WR-CALNAME"])


def test_the_same_batch_keeps_its_event_ids_and_another_prospect_gets_new_ones() -> None:
    plan = _plan([{"id": "a", "day_offset": 0, "channel_id": "phone"}])
    once = _events(cadence_calendar(plan, THURSDAY, "en", "Martin"))[0]["UID"]
    again = _events(cadence_calendar(plan, THURSDAY, "en", "Martin"))[0]["UID"]
    other = _events(cadence_calendar(plan, THURSDAY, "en", "Dupont"))[0]["UID"]
    assert once == again != other


def test_user_text_with_calendar_syntax_stays_text() -> None:
    action = "Relance; voir\nSUMMARY:piège, BEGIN:VEVENT"
    plan = _plan([{"id": "a", "day_offset": 0, "channel_id": "phone", "action": action}])
    (event,) = _events(cadence_calendar(plan, THURSDAY, "fr", "A,B;C"))
    assert len(_events(cadence_calendar(plan, THURSDAY, "fr"))) == 1
    assert action.splitlines()[0] in str(event["SUMMARY"])
    assert str(event["SUMMARY"]).endswith("— A,B;C")


def test_a_plan_without_cadence_is_refused_in_words() -> None:
    with pytest.raises(InvalidInput) as refused:
        cadence_calendar(_plan([]), THURSDAY, "fr")
    assert refused.value.messages("fr") == ["cadence: le plan n’a aucune étape de cadence"]


def test_a_team_without_working_days_is_refused_in_words() -> None:
    data = make_plan_data()
    data["team"]["working_days"] = "0000000"
    with pytest.raises(InvalidInput) as refused:
        cadence_days(Plan.model_validate(data), THURSDAY)
    assert "no working day" in refused.value.messages("en")[0]


# Calls to consumers at the lawful call slots (PH-03) -------------------------------------

SATURDAY = dt.date(2027, 1, 9)
PARIS, REUNION = ZoneInfo("Europe/Paris"), ZoneInfo("Indian/Reunion")


def _consumer_plan(steps: list[dict[str, object]], working_days: str = "1111100") -> Plan:
    data = make_plan_data()
    data["meta"]["market"] = "b2c"
    data["team"]["working_days"] = working_days
    data["cadence"] = steps
    return Plan.model_validate(data)


def _start(event: icalendar.Event) -> dt.datetime:
    start = event.decoded("DTSTART")
    assert isinstance(start, dt.datetime), "a call is a timed event"
    return start


def test_a_call_to_a_consumer_due_on_a_saturday_is_at_the_next_slot_and_an_email_all_day() -> None:
    plan = _consumer_plan(
        [
            {"id": "call", "day_offset": 0, "channel_id": "phone"},
            {"id": "note", "day_offset": 0, "channel_id": "linkedin", "action": "Message"},
        ]
    )
    ics = cadence_calendar(plan, SATURDAY, "fr", prospect="Mme Martin")
    call, note = _events(ics)
    start = _start(call)
    assert start == dt.datetime(2027, 1, 11, 10, 0, tzinfo=PARIS)  # Monday, 10:00 in Paris
    assert str(start.tzinfo) == "Europe/Paris"
    assert _start(call) + dt.timedelta(minutes=15) == call.decoded("DTEND")  # 4 min, shown 15
    assert "Appel à 10:00, heure de France métropolitaine" in str(call["DESCRIPTION"])
    assert "10:00–13:00, 14:00–20:00" in str(call["DESCRIPTION"])
    assert note.decoded("DTSTART") == dt.date(2027, 1, 11)  # all day, moved off the weekend


def test_a_call_due_on_14_july_lands_on_the_15th_at_ten() -> None:
    plan = _consumer_plan([{"id": "call", "day_offset": 0, "channel_id": "phone"}])
    (dated,) = cadence_days(plan, dt.date(2027, 7, 14))
    assert dated.call_at == dt.datetime(2027, 7, 15, 10, 0, tzinfo=PARIS)
    assert dated.moved
    (event,) = _events(cadence_calendar(plan, dt.date(2027, 7, 14), "en"))
    assert _start(event) == dt.datetime(2027, 7, 15, 10, 0, tzinfo=PARIS)
    assert "moved to Thursday, July 15, 2027, the first day with a lawful call slot" in str(
        event["DESCRIPTION"]
    )


def test_a_reunion_prospect_is_called_at_ten_on_reunions_clock() -> None:
    plan = _consumer_plan([{"id": "call", "day_offset": 0, "channel_id": "phone"}])
    ics = cadence_calendar(plan, THURSDAY, "fr", place=territory("RE"))
    (event,) = _events(ics)
    start = _start(event)
    assert str(start.tzinfo) == "Indian/Reunion"
    assert (start.date(), start.time()) == (THURSDAY, dt.time(10, 0))
    assert start.astimezone(PARIS).hour == 7  # 10:00 in Saint-Denis is 7:00 in Paris
    assert b"TZID=Indian/Reunion" in ics and b"BEGIN:VTIMEZONE" in ics
    assert "heure de La Réunion" in str(event["DESCRIPTION"])


def test_a_holiday_of_the_prospects_territory_moves_the_call() -> None:
    # 20 December (abolition of slavery) is a public holiday in La Réunion, not in Paris.
    plan = _consumer_plan([{"id": "call", "day_offset": 0, "channel_id": "phone"}])
    monday = dt.date(2027, 12, 20)
    (paris,) = cadence_days(plan, monday)
    (reunion,) = cadence_days(plan, monday, territory("RE"))
    assert paris.call_at == dt.datetime(2027, 12, 20, 10, 0, tzinfo=PARIS)
    assert reunion.call_at == dt.datetime(2027, 12, 21, 10, 0, tzinfo=REUNION)


def test_a_call_waits_for_a_day_both_lawful_and_worked_by_the_team() -> None:
    # The team works Tuesday to Saturday: Saturday is worked but not lawful, Monday lawful but
    # not worked, so the call goes to Tuesday.
    plan = _consumer_plan([{"id": "call", "day_offset": 0, "channel_id": "phone"}], "0111110")
    (dated,) = cadence_days(plan, SATURDAY)
    assert dated.call_at == dt.datetime(2027, 1, 12, 10, 0, tzinfo=PARIS)


def test_a_call_to_a_business_stays_an_all_day_touch() -> None:
    plan = _plan([{"id": "call", "day_offset": 0, "channel_id": "phone"}])  # B2B
    (event,) = _events(cadence_calendar(plan, SATURDAY, "en", place=territory("RE")))
    assert event.decoded("DTSTART") == dt.date(2027, 1, 11)
