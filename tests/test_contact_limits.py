"""Contact limits on tracked calls (PH-04): 4 attempts per consumer in 30 days, 60 days of rest
after a refusal — boundaries from compliance.md part 2 C, on event logs as imports store them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from planner.tracking.contact_limits import contact_limits, phone_channels
from planner.tracking.events import empty_log
from tests.factories import make_plan

DAY = dt.date(2027, 3, 1)


def log(*rows: tuple[dt.date, str | None, str, str]) -> pd.DataFrame:
    """An event log of (day, prospect, channel, event) rows."""
    frame = pd.DataFrame(rows, columns=["date", "prospect", "channel", "event"])
    frame["date"] = pd.to_datetime(frame["date"])
    base = empty_log()
    return pd.concat([base, frame], ignore_index=True)[base.columns]


def calls(
    prospect: str, *days: int, event: str = "activity"
) -> list[tuple[dt.date, str, str, str]]:
    return [(DAY + dt.timedelta(days=d), prospect, "phone", event) for d in days]


def test_four_attempts_in_thirty_days_are_allowed_and_the_fifth_is_not() -> None:
    four = contact_limits(log(*calls("Martin", 0, 7, 14, 21)), {"phone"}, DAY)
    assert four.violations == ()
    five = contact_limits(log(*calls("Martin", 0, 7, 14, 21, 29)), {"phone"}, DAY)
    (violation,) = five.violations
    assert (violation.prospect, violation.day, violation.attempts) == (
        "Martin",
        DAY + dt.timedelta(days=29),
        5,
    )


def test_a_fifth_attempt_on_day_thirty_is_in_a_new_window() -> None:
    result = contact_limits(log(*calls("Martin", 0, 7, 14, 21, 30)), {"phone"}, DAY)
    assert result.violations == ()


def test_after_four_attempts_the_consumer_is_locked_until_the_window_frees() -> None:
    as_of = DAY + dt.timedelta(days=21)
    result = contact_limits(log(*calls("Martin", 0, 7, 14, 21)), {"phone"}, as_of)
    (lock,) = result.locks
    assert lock.reason == "attempts" and lock.attempts == 4
    assert lock.until == DAY + dt.timedelta(days=29)  # a call is allowed again on day 30


def test_two_dials_on_one_day_are_two_attempts_and_an_outcome_alone_is_one() -> None:
    rows = calls("Martin", 0, 0, 3) + calls("Martin", 5, event="conversation")
    result = contact_limits(log(*rows), {"phone"}, DAY + dt.timedelta(days=5))
    assert result.locks[0].attempts == 4


def test_a_dial_and_its_outcome_on_one_day_are_one_attempt() -> None:
    rows = calls("Martin", 0, 1, 2) + calls("Martin", 2, event="conversation")
    result = contact_limits(log(*rows), {"phone"}, DAY + dt.timedelta(days=2))
    assert result.locks == ()


def test_a_call_on_day_fifty_nine_after_a_refusal_is_a_violation_and_day_sixty_one_is_not() -> None:
    refused = calls("Dupont", 0, event="lost")
    early = contact_limits(log(*refused, *calls("Dupont", 59)), {"phone"}, DAY)
    (violation,) = early.violations
    assert (violation.reason, violation.refused_on) == ("refusal", DAY)
    late = contact_limits(log(*refused, *calls("Dupont", 61)), {"phone"}, DAY)
    assert late.violations == ()


def test_a_refusal_locks_the_consumer_for_sixty_days() -> None:
    refused = log(*calls("Dupont", 0, event="lost"))
    (lock,) = contact_limits(refused, {"phone"}, DAY + dt.timedelta(days=60)).locks
    assert (lock.reason, lock.until) == ("refusal", DAY + dt.timedelta(days=60))
    assert contact_limits(refused, {"phone"}, DAY + dt.timedelta(days=61)).locks == ()


def test_a_refusal_written_on_a_prospect_card_counts_too() -> None:
    events = log(*calls("Durand", 10))
    result = contact_limits(events, {"phone"}, DAY, refusals=[("Durand", DAY)])
    assert [v.reason for v in result.violations] == ["refusal"]


def test_other_channels_and_other_prospects_are_not_counted() -> None:
    rows = [
        *calls("Martin", 0, 1, 2, 3),
        (DAY, "Martin", "email", "activity"),
        (DAY, "Leroy", "phone", "activity"),
    ]
    result = contact_limits(log(*rows), {"phone"}, DAY + dt.timedelta(days=3))
    assert [lock.prospect for lock in result.locks] == ["Martin"]
    assert result.calls == 5


def test_phone_rows_without_a_prospect_are_counted_apart() -> None:
    rows = [(DAY, None, "phone", "activity"), (DAY, None, "phone", "activity")]
    result = contact_limits(log(*rows), {"phone"}, DAY)
    assert (result.unnamed, result.calls, result.locks) == (2, 0, ())


def test_the_plan_says_which_channels_are_phone() -> None:
    assert phone_channels(make_plan()) == {"phone"}
