"""Team capacity: hours per week with public holidays, ramp-up and vacation, computed by hand;
the load of each channel; overloads flagged, and worded, in both languages."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pytest

from planner.plan.capacity import (
    CapacityFlag,
    Severity,
    capacity_flags,
    capacity_report,
    ramp,
    team_hours,
)
from planner.plan.model import Channel, Meta, Offer, Plan, Team

NBSP = "\u00a0"


def en(flag: CapacityFlag) -> str:
    """The English message with its no-break spaces (20 h) read as spaces."""
    return flag.message("en").replace(NBSP, " ")


CHRISTMAS_WEEK = dt.date(2026, 12, 21)  # Monday; Fri 25 Dec 2026 and Fri 1 Jan 2027 are holidays
FEBRUARY = dt.date(2026, 2, 2)  # Monday; no French public holiday until Easter Monday, 6 April


def plan(
    start: dt.date = FEBRUARY,
    weeks: int = 4,
    channels: list[dict[str, Any]] | None = None,
    country: str = "FR",
    **team: Any,
) -> Plan:
    """A small plan: a team and channels, nothing else."""
    return Plan(
        meta=Meta(
            name="Capacity", market="b2b", country=country, start_date=start, horizon_weeks=weeks
        ),
        offer=Offer(deal_value=1000.0),
        team=Team(**({"reps": 2, "hours_per_rep_per_week": 10.0, "vacation_weeks": 0.0} | team)),
        channels=[Channel.model_validate(c) for c in channels or []],
    )


def channel(
    channel_id: str, per_week: float, minutes: float, kind: str = "phone"
) -> dict[str, Any]:
    return {
        "id": channel_id,
        "kind": kind,
        "name": channel_id.title(),
        "activities_per_week": per_week,
        "minutes_per_activity": minutes,
    }


@pytest.mark.parametrize(
    ("start", "weeks", "team", "hours"),
    [
        # 2 reps × 10 h; the weeks of 25 Dec and 1 Jan have 4 working days of 5: 16 h, then 20 h
        (CHRISTMAS_WEEK, 3, {}, [16.0, 16.0, 20.0]),
        # vacation 5.2 weeks a year: × (1 − 5.2 / 52) = × 0.9
        (CHRISTMAS_WEEK, 3, {"vacation_weeks": 5.2}, [14.4, 14.4, 18.0]),
        # Tuesday to Sunday (6 days): 25 Dec and 1 Jan remove one of six
        (
            CHRISTMAS_WEEK,
            3,
            {"working_days": "0111111"},
            [20 * 5 / 6, 20 * 5 / 6, 20.0],
        ),
        # the same weeks in Germany: 25 and 26 Dec (Sat, not a working day) and 1 Jan
        (CHRISTMAS_WEEK, 3, {"country": "DE"}, [16.0, 16.0, 20.0]),
        # no holiday in February
        (FEBRUARY, 4, {}, [20.0] * 4),
        # 1 rep + 2 new reps ramping up over 4 weeks: 1 + 2 × (0, 1/4, 2/4, 3/4, 1, 1)
        (
            FEBRUARY,
            6,
            {"reps": 1, "new_reps": 2, "ramp_up_weeks": 4},
            [10.0, 15.0, 20.0, 25.0, 30.0, 30.0],
        ),
        # no ramp-up: new reps count in full from the first week
        (FEBRUARY, 2, {"reps": 1, "new_reps": 2, "ramp_up_weeks": 0}, [30.0, 30.0]),
        # ramp-up, vacation and a holiday together: Easter Monday 6 Apr 2026 is in week 1;
        # (1 + 4 × ramp) × 10 h × working days / 5 × (1 − 13 / 52)
        (
            dt.date(2026, 4, 6),
            3,
            {"reps": 1, "new_reps": 4, "ramp_up_weeks": 2, "vacation_weeks": 13.0},
            [1 * 10 * 4 / 5 * 0.75, 3 * 10 * 0.75, 5 * 10 * 0.75],
        ),
        # nobody prospects, or nobody works any day
        (FEBRUARY, 2, {"reps": 0}, [0.0, 0.0]),
        (FEBRUARY, 2, {"working_days": "0000000"}, [0.0, 0.0]),
    ],
)
def test_team_hours_computed_by_hand(
    start: dt.date, weeks: int, team: dict[str, Any], hours: list[float]
) -> None:
    country = team.pop("country", "FR")

    assert team_hours(plan(start, weeks, country=country, **team)) == pytest.approx(hours)


def test_ramp_rises_linearly_from_zero_to_one() -> None:
    assert ramp(Team(ramp_up_weeks=4), 6) == pytest.approx([0, 0.25, 0.5, 0.75, 1, 1])
    assert ramp(Team(ramp_up_weeks=0), 3) == pytest.approx([1, 1, 1])


def test_report_over_the_christmas_weeks() -> None:
    # 2 reps × 10 h × 0.9; calls 120 × 5 min = 10 h in a normal week, 8 h in a 4-day week;
    # e-mails take no time.
    report = capacity_report(
        plan(
            CHRISTMAS_WEEK,
            3,
            [channel("phone", 120, 5), channel("email", 300, 0, kind="email")],
            vacation_weeks=5.2,
        )
    )

    assert report.weekly_hours == pytest.approx([14.4, 14.4, 18.0])
    assert report.average_hours == pytest.approx(15.6)
    assert report.demand_hours == pytest.approx([8.0, 8.0, 10.0])
    assert report.utilisation == pytest.approx(26 / 46.8)
    assert report.overloaded_weeks == ()
    assert report.overloaded is False
    phone, email = report.loads
    assert (phone.channel_id, phone.activities_per_week, phone.hours_per_week) == ("phone", 120, 10)
    # all 15.6 h on calls at 5 min: 15.6 × 60 / 5
    assert phone.max_activities_per_week == pytest.approx(187.2)
    assert phone.share_of_hours == pytest.approx(1.0)
    assert (email.hours_per_week, email.share_of_hours) == (0.0, 0.0)
    assert math.isinf(email.max_activities_per_week)


@pytest.mark.parametrize(
    ("mix", "shares", "most"),
    [
        # 10 h of calls, 5 h of e-mails, 5 h of LinkedIn: 20 h for a team of 20 h
        (
            [channel("phone", 150, 4), channel("email", 100, 3), channel("li", 50, 6)],
            [0.5, 0.25, 0.25],
            [300.0, 400.0, 200.0],
        ),
        # nothing planned: no shares, the maxima stand
        ([channel("phone", 0, 4), channel("email", 0, 3)], [0.0, 0.0], [300.0, 400.0]),
    ],
)
def test_max_activities_and_share_of_each_channel(
    mix: list[dict[str, Any]], shares: list[float], most: list[float]
) -> None:
    report = capacity_report(plan(channels=mix))

    assert [load.share_of_hours for load in report.loads] == pytest.approx(shares)
    assert [load.max_activities_per_week for load in report.loads] == pytest.approx(most)


@pytest.mark.parametrize(
    ("mix", "team", "overloaded_weeks"),
    [
        # 240 calls × 5 min = 20 h: exactly the team's 20 h, not an overload
        ([channel("phone", 240, 5)], {}, ()),
        # 241 calls: 20.08 h
        ([channel("phone", 241, 5)], {}, (0, 1, 2, 3)),
        # 25 h asked of 20
        ([channel("phone", 300, 5)], {}, (0, 1, 2, 3)),
        # 15 h asked; 1 rep + 1 ramping up over 4 weeks has 10, 12.5, 15, 17.5 h
        ([channel("phone", 180, 5)], {"reps": 1, "new_reps": 1, "ramp_up_weeks": 4}, (0, 1)),
        # nothing asked of nobody
        ([], {"reps": 0}, ()),
    ],
)
def test_overloaded_weeks(
    mix: list[dict[str, Any]], team: dict[str, Any], overloaded_weeks: tuple[int, ...]
) -> None:
    report = capacity_report(plan(channels=mix, **team))

    assert report.overloaded_weeks == overloaded_weeks
    assert report.overloaded is bool(overloaded_weeks)


def _flags(report_plan: Plan) -> list[CapacityFlag]:
    return capacity_flags(capacity_report(report_plan))


def test_an_overloaded_mix_is_flagged_with_its_numbers() -> None:
    # 300 calls × 5 min = 25 h and 60 e-mails × 3 min = 3 h: 28 h asked of 20 h, 8 h (40 %) too many
    flags = _flags(plan(channels=[channel("phone", 300, 5), channel("email", 60, 3, "email")]))

    assert [(f.code, f.severity) for f in flags] == [("overloaded", Severity.ERROR)]
    assert en(flags[0]) == (
        "The channel mix asks 28 h a week, the team has 20 h: 8 h (40%) too many. "
        "The biggest load is “Phone”: 25 h a week (89% of the planned hours). "
        "Cut or shorten activities, or add people or hours."
    )
    assert flags[0].message("fr") == (
        f"Le mix de canaux demande 28{NBSP}h par semaine, l'équipe en a 20{NBSP}h{NBSP}: "
        f"8{NBSP}h (40{NBSP}%) de trop. La plus grosse charge est «{NBSP}Phone{NBSP}»{NBSP}: "
        f"25{NBSP}h par semaine (89{NBSP}% des heures prévues). "
        "Réduisez ou raccourcissez les activités, ou ajoutez du monde ou des heures."
    )


def test_a_mix_that_fits_is_not_flagged() -> None:
    assert _flags(plan(channels=[channel("phone", 240, 5)])) == []


def test_an_overload_while_new_reps_ramp_up_names_the_weeks() -> None:
    # 15 h asked; 10, 12.5, 15, 17.5, 20, 20, 20, 20 h available: 135 h in all, 120 asked
    flags = _flags(
        plan(weeks=8, channels=[channel("phone", 180, 5)], reps=1, new_reps=1, ramp_up_weeks=4)
    )

    assert [(f.code, f.severity) for f in flags] == [
        ("overloaded_weeks_ramp_up", Severity.WARNING),
        ("ramp_up", Severity.INFO),
    ]
    assert en(flags[0]) == (
        "On average the mix fits (it uses 89% of the team's hours), but not in weeks 1, 2, "
        "while the new reps ramp up: up to 5 h too many, in week 1. Phase the activity in."
    )
    assert en(flags[1]) == (
        "New reps (1) ramp up over 4 weeks: the team reaches its full 20 h a week in week 5."
    )


def test_public_holidays_are_pointed_out() -> None:
    flags = _flags(plan(CHRISTMAS_WEEK, 3, [channel("phone", 200, 5)]))

    assert [f.code for f in flags] == ["holidays"]
    assert flags[0].params["weeks"] == (1, 2)
    assert en(flags[0]) == (
        "Public holidays (France) fall on working days in weeks 1, 2 (working days lost: 2): "
        "those weeks have fewer hours, and the plan schedules fewer activities in them."
    )
    assert (
        flags[0]
        .message("fr")
        .startswith(
            f"Des jours fériés (France) tombent sur des jours ouvrés les semaines 1, 2 "
            f"(jours ouvrés perdus{NBSP}: 2)"
        )
    )


def test_a_team_with_no_hours_is_an_error() -> None:
    flags = _flags(plan(channels=[channel("phone", 100, 6)], reps=0))

    assert [(f.code, f.severity) for f in flags] == [("no_team_time", Severity.ERROR)]
    assert en(flags[0]) == (
        "The team has no prospection hours, but the channel mix asks 10 h a week: "
        "add reps or hours per rep."
    )


@pytest.mark.parametrize(
    ("mix", "code", "message"),
    [
        (
            [],
            "no_activity",
            "No activity planned yet: the team has 20 h a week for prospection.",
        ),
        (
            [channel("phone", 60, 5)],
            "spare",
            "The mix uses only 25% of the team's 20 h a week: "
            "15 h a week are left for more prospection.",
        ),
    ],
)
def test_unused_time_is_pointed_out(mix: list[dict[str, Any]], code: str, message: str) -> None:
    flags = _flags(plan(channels=mix))

    assert [(f.code, f.severity, en(f)) for f in flags] == [(code, Severity.INFO, message)]


def test_runs_of_weeks_are_joined_in_messages() -> None:
    # May 2026: 1 May (Fri), 8 May (Fri), 14 May (Ascension, Thu), 25 May (Whit Monday)
    flags = _flags(plan(dt.date(2026, 4, 27), 5, [channel("phone", 200, 5)]))

    assert en(flags[0]).startswith(
        "Public holidays (France) fall on working days in weeks 1–3, 5 (working days lost: 4)"
    )


def test_report_arrays_have_one_value_a_week() -> None:
    report = capacity_report(plan(weeks=52, channels=[channel("phone", 100, 5)]))

    assert report.weekly_hours.shape == report.demand_hours.shape == (52,)
    assert report.weekly_hours.dtype == report.demand_hours.dtype == np.float64
    assert report.average_hours == pytest.approx(report.weekly_hours.mean())
