"""SMART check, letter by letter: verdicts for a table of objectives, reasons in both languages.

Two plans written here: a B2B plan with e-mail, phone and trade-fair channels and a shared
pipeline (26 weeks from Monday 5 January 2026), and a tiny one whose expected funnel is easy
to compute by hand (4 weeks of February 2026, no public holiday, no delay).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from typing import Any

import pytest

from planner.core.i18n import LANGUAGES, messages
from planner.plan.capacity import capacity_report
from planner.plan.funnel import expected_funnel
from planner.plan.model import Metric, Objective, Plan
from planner.plan.smart import (
    CEILINGS,
    Letter,
    LetterCheck,
    Verdict,
    check_objective,
    check_objectives,
    realism_ceiling,
    sales_cycle_days,
)

NBSP = "\u00a0"
END = "2026-07-05"  # the last day of the B2B plan
INSTANTLY = (
    "Instantly, cold e-mail benchmark report 2026, second-hand (replies ÷ delivered e-mails: "
    "median 3.43%, top quartile 5.5%, top decile 10.7%)"
)


def _rate(low: float, typical: float, high: float) -> dict[str, float]:
    return {"low": low, "typical": typical, "high": high}


def _stage(stage_id: str, kind: str, rate: dict[str, float], days: float = 0) -> dict[str, Any]:
    return {
        "id": stage_id,
        "name": stage_id.title(),
        "kind": kind,
        "rate": rate,
        "delay": {"median_days": days},
    }


def b2b_data() -> dict[str, Any]:
    return {
        "meta": {"name": "SMART", "market": "b2b", "start_date": "2026-01-05", "horizon_weeks": 26},
        "offer": {"deal_value": 5000.0},
        "segments": [{"id": "smb", "name": "Small firms"}],
        "team": {"reps": 2, "hours_per_rep_per_week": 10.0, "vacation_weeks": 0.0},
        "channels": [
            {
                "id": "email",
                "kind": "email",
                "name": "Cold e-mail",
                "activities_per_week": 200,
                "minutes_per_activity": 2,
                "stages": [
                    _stage("reply", "reply", _rate(0.015, 0.0343, 0.1)),
                    _stage("meeting", "meeting_booked", _rate(0.1, 0.2, 0.4)),
                ],
            },
            {
                "id": "phone",
                "kind": "phone",
                "name": "Cold calls",
                "activities_per_week": 100,
                "minutes_per_activity": 4,
                "stages": [
                    _stage("conversation", "conversation", _rate(0.03, 0.076, 0.13)),
                    _stage("meeting", "meeting_booked", _rate(0.03, 0.047, 0.15)),
                ],
            },
            {
                # Fairs sign at the stand: a won stage, but no opportunity stage.
                "id": "fairs",
                "kind": "events",
                "name": "Trade fairs",
                "activities_per_week": 2,
                "minutes_per_activity": 60,
                "joins_pipeline": False,
                "stages": [
                    _stage("met", "meeting_booked", _rate(0.05, 0.1, 0.2)),
                    _stage("signed", "won", _rate(0.1, 0.2, 0.3)),
                ],
            },
        ],
        "pipeline": [
            _stage("held", "meeting_held", _rate(0.65, 0.7, 0.9), 6),
            _stage("opportunity", "opportunity", _rate(0.3, 0.47, 0.65), 14),
            _stage("won", "won", _rate(0.15, 0.25, 0.35), 30),
        ],
    }


B2B = Plan.model_validate(b2b_data())


def _with(data: dict[str, Any], **changes: Any) -> Plan:
    """The plan with top-level parts replaced, or meta fields when given as meta__field."""
    result = {**data, "meta": dict(data["meta"])}
    for key, value in changes.items():
        if key.startswith("meta__"):
            result["meta"][key.removeprefix("meta__")] = value
        else:
            result[key] = value
    return Plan.model_validate(result)


def tiny(hours: float = 10.0, won: bool = True) -> Plan:
    """100 calls a week for 4 weeks; 10 % (5-20 %) book a meeting, 20 % (10-50 %) of them sign
    a 1,000 € deal, all in the same week. By the deadline of 1 March (week 4):
    typical 400 × 0.1 × 0.2 = 8 deals, €8,000; high 400 × 0.2 × 0.5 = 40 deals, €40,000."""
    stages = [_stage("meeting", "meeting_booked", _rate(0.05, 0.1, 0.2))]
    if won:
        stages.append(_stage("won", "won", _rate(0.1, 0.2, 0.5)))
    return Plan.model_validate(
        {
            "meta": {
                "name": "Tiny",
                "market": "b2b",
                "start_date": "2026-02-02",
                "horizon_weeks": 4,
            },
            "offer": {"deal_value": 1000.0},
            "team": {"reps": 1, "hours_per_rep_per_week": hours, "vacation_weeks": 0.0},
            "channels": [
                {
                    "id": "phone",
                    "kind": "phone",
                    "name": "Calls",
                    "activities_per_week": 100,
                    "minutes_per_activity": 5,
                    "joins_pipeline": False,
                    "stages": stages,
                }
            ],
        }
    )


def objective(metric: str, target: float, deadline: str = END, **scope: str) -> Objective:
    return Objective(
        id="goal",
        name="Goal",
        metric=Metric(metric),
        target=target,
        deadline=dt.date.fromisoformat(deadline),
        **scope,  # type: ignore[arg-type]
    )


def letter(checks: tuple[LetterCheck, ...], which: Letter) -> LetterCheck:
    return next(c for c in checks if c.letter is which)


def en(check: LetterCheck) -> str:
    """The English reason with its no-break spaces (20 h) read as spaces."""
    return check.message("en").replace(NBSP, " ")


S, M, A, R, T = Letter


# (plan, objective, letter, verdict, code)
CASES: list[tuple[Plan, Objective, Letter, Verdict, str]] = [
    # Specific
    (B2B, objective("reply_rate", 0.05, channel_id="email"), S, Verdict.OK, "specific.channel"),
    (
        B2B,
        objective("reply_rate", 0.05, channel_id="email", segment_id="smb"),
        S,
        Verdict.OK,
        "specific.channel_segment",
    ),
    (B2B, objective("revenue", 50_000), S, Verdict.OK, "specific.whole_plan"),
    (B2B, objective("revenue", 50_000, segment_id="smb"), S, Verdict.OK, "specific.segment"),
    # replies ÷ activities of e-mails, calls and fairs
    (B2B, objective("reply_rate", 0.05), S, Verdict.WARNING, "specific.mixes_channels"),
    (B2B, objective("meeting_rate", 0.01), S, Verdict.WARNING, "specific.mixes_channels"),
    (
        B2B,
        objective("meeting_rate", 0.01, segment_id="smb"),
        S,
        Verdict.WARNING,
        "specific.mixes_channels",
    ),
    # a rate of the shared pipeline is the same whichever channel fed it
    (B2B, objective("win_rate", 0.25), S, Verdict.OK, "specific.pipeline_rate"),
    (B2B, objective("qualified_lead_rate", 0.4), S, Verdict.OK, "specific.pipeline_rate"),
    # one channel only: nothing to mix
    (tiny(), objective("meeting_rate", 0.1, "2026-03-01"), S, Verdict.OK, "specific.whole_plan"),
    # Measurable
    (B2B, objective("reply_rate", 0.05, channel_id="email"), M, Verdict.OK, "measurable.ok"),
    (B2B, objective("reply_rate", 0.05), M, Verdict.OK, "measurable.ok"),
    (B2B, objective("win_rate", 0.25, channel_id="phone"), M, Verdict.OK, "measurable.ok"),
    (B2B, objective("revenue", 1.0, channel_id="fairs"), M, Verdict.OK, "measurable.ok"),
    (B2B, objective("prospects_contacted_per_week", 10), M, Verdict.OK, "measurable.ok"),
    # fairs sign at the stand: no opportunity stage to divide by
    (
        B2B,
        objective("win_rate", 0.25, channel_id="fairs"),
        M,
        Verdict.FAIL,
        "measurable.missing_one",
    ),
    # no reply stage on the phone
    (
        B2B,
        objective("reply_rate", 0.05, channel_id="phone"),
        M,
        Verdict.FAIL,
        "measurable.missing_one",
    ),
    (
        B2B,
        objective("qualified_lead_rate", 0.4, channel_id="fairs"),
        M,
        Verdict.FAIL,
        "measurable.missing_many",
    ),
    (B2B, objective("site_conversion", 0.02), M, Verdict.FAIL, "measurable.missing_one"),
    (
        _with(b2b_data(), channels=[], pipeline=[]),
        objective("new_customers", 3),
        M,
        Verdict.FAIL,
        "measurable.no_channel",
    ),
    # Realistic: rates against the benchmark of the scoped channel's kind
    (
        B2B,
        objective("reply_rate", 0.40, channel_id="email"),
        R,
        Verdict.FAIL,
        "realistic.rate_far_above",
    ),
    (
        B2B,
        objective("reply_rate", 0.12, channel_id="email"),
        R,
        Verdict.FAIL,
        "realistic.rate_above_top",
    ),
    (
        B2B,
        objective("reply_rate", 0.08, channel_id="email"),
        R,
        Verdict.WARNING,
        "realistic.rate_ambitious",
    ),
    (B2B, objective("reply_rate", 0.055, channel_id="email"), R, Verdict.OK, "realistic.rate_ok"),
    (
        B2B,
        objective("meeting_rate", 0.05, channel_id="phone"),
        R,
        Verdict.FAIL,
        "realistic.rate_far_above",
    ),
    (
        B2B,
        objective("meeting_rate", 0.018, channel_id="phone"),
        R,
        Verdict.WARNING,
        "realistic.rate_ambitious",
    ),
    (
        B2B,
        objective("meeting_rate", 0.03, channel_id="email"),
        R,
        Verdict.WARNING,
        "realistic.rate_ambitious",
    ),
    # SMB-like cycle (6 + 14 + 30 days after booking): 30-45 % is the high range
    (B2B, objective("win_rate", 0.35), R, Verdict.WARNING, "realistic.rate_ambitious"),
    (B2B, objective("win_rate", 0.25), R, Verdict.OK, "realistic.rate_ok"),
    (B2B, objective("win_rate", 0.5), R, Verdict.FAIL, "realistic.rate_above_top"),
    # no benchmark for a mix of channels, nor for the qualified-lead rate: the plan's own rates
    (B2B, objective("reply_rate", 0.05), R, Verdict.OK, "realistic.rate_no_benchmark"),
    (B2B, objective("qualified_lead_rate", 0.5), R, Verdict.OK, "realistic.rate_no_benchmark"),
    (B2B, objective("qualified_lead_rate", 0.9), R, Verdict.WARNING, "realistic.rate_above_own"),
    (
        B2B,
        objective("qualified_lead_rate", 0.4, channel_id="fairs"),
        R,
        Verdict.OK,
        "realistic.rate_no_benchmark_no_data",
    ),
    # volume against capacity: 2 × 10 h × 125/130 working days = 19.23 h; at 4 min a call,
    # 288.5 calls a week at most; the mix plans 100
    (
        B2B,
        objective("prospects_contacted_per_week", 300, channel_id="phone"),
        R,
        Verdict.FAIL,
        "realistic.volume_over_capacity",
    ),
    (
        B2B,
        objective("prospects_contacted_per_week", 250, channel_id="phone"),
        R,
        Verdict.WARNING,
        "realistic.volume_above_mix",
    ),
    (
        B2B,
        objective("prospects_contacted_per_week", 100, channel_id="phone"),
        R,
        Verdict.OK,
        "realistic.volume_ok",
    ),
    # the whole mix: 302 activities a week take 920 min, 3.05 min each: 378.8 a week at most
    (
        B2B,
        objective("prospects_contacted_per_week", 379),
        R,
        Verdict.FAIL,
        "realistic.volume_over_capacity",
    ),
    (
        _with(b2b_data(), channels=[], pipeline=[]),
        objective("prospects_contacted_per_week", 10),
        R,
        Verdict.FAIL,
        "realistic.volume_no_channel",
    ),
    # counts and money against the expected funnel (see tiny())
    (
        tiny(),
        objective("revenue", 50_000, "2026-03-01"),
        R,
        Verdict.FAIL,
        "realistic.count_above_high",
    ),
    (
        tiny(),
        objective("revenue", 20_000, "2026-03-01"),
        R,
        Verdict.WARNING,
        "realistic.count_ambitious",
    ),
    (tiny(), objective("revenue", 8_000, "2026-03-01"), R, Verdict.OK, "realistic.count_ok"),
    (
        tiny(),
        objective("new_customers", 41, "2026-03-01"),
        R,
        Verdict.FAIL,
        "realistic.count_above_high",
    ),
    (
        tiny(),
        objective("new_customers", 40, "2026-03-01"),
        R,
        Verdict.WARNING,
        "realistic.count_ambitious",
    ),
    # 40 meetings in 4 weeks = 43.5 a month at typical rates, 87 at high rates
    (
        tiny(),
        objective("meetings_per_month", 50, "2026-03-01"),
        R,
        Verdict.WARNING,
        "realistic.count_ambitious",
    ),
    (
        tiny(),
        objective("meetings_per_month", 40, "2026-03-01"),
        R,
        Verdict.OK,
        "realistic.count_ok",
    ),
    (
        tiny(),
        objective("average_basket", 1200, "2026-03-01"),
        R,
        Verdict.FAIL,
        "realistic.basket_above",
    ),
    (tiny(), objective("average_basket", 1000, "2026-03-01"), R, Verdict.OK, "realistic.count_ok"),
    (
        tiny(won=False),
        objective("average_basket", 50, "2026-03-01"),
        R,
        Verdict.FAIL,
        "realistic.count_no_sale",
    ),
    # 100 calls × 5 min = 8.3 h asked of 5 h: the expectation needs time the team lacks
    (
        tiny(hours=5.0),
        objective("revenue", 5_000, "2026-03-01"),
        R,
        Verdict.WARNING,
        "realistic.count_overloaded",
    ),
    # Time-bound
    (B2B, objective("revenue", 1, END), T, Verdict.OK, "time_bound.ok"),
    (B2B, objective("revenue", 1, "2026-01-11"), T, Verdict.OK, "time_bound.ok"),
    (B2B, objective("revenue", 1, "2026-01-10"), T, Verdict.FAIL, "time_bound.too_early"),
    (B2B, objective("revenue", 1, "2026-01-05"), T, Verdict.FAIL, "time_bound.too_early"),
    (B2B, objective("revenue", 1, "2026-07-06"), T, Verdict.FAIL, "time_bound.outside"),
]


@pytest.mark.parametrize(
    ("plan", "goal", "which", "verdict", "code"),
    CASES,
    ids=[f"{c[1].metric.value}-{c[1].target}-{c[2].name}-{c[4]}" for c in CASES],
)
def test_letter_verdicts(
    plan: Plan, goal: Objective, which: Letter, verdict: Verdict, code: str
) -> None:
    check = letter(check_objective(plan, goal), which)

    assert (check.verdict, check.code) == (verdict, code)


@pytest.mark.parametrize(
    ("achievable", "verdict", "message"),
    [
        (None, Verdict.NOT_ASSESSED, "Not assessed yet: the simulation answers it."),
        (0.9, Verdict.OK, "90% chance of reaching it, according to the simulation."),
        (0.8, Verdict.OK, "80% chance of reaching it, according to the simulation."),
        (
            0.6,
            Verdict.WARNING,
            "Only 60% chance of reaching it, according to the simulation: aim for 80% or more.",
        ),
        (
            0.5,
            Verdict.WARNING,
            "Only 50% chance of reaching it, according to the simulation: aim for 80% or more.",
        ),
        (
            0.3,
            Verdict.FAIL,
            "30% chance of reaching it, according to the simulation: less likely than not.",
        ),
    ],
)
def test_achievable_comes_from_the_simulation(
    achievable: float | None, verdict: Verdict, message: str
) -> None:
    check = letter(check_objective(B2B, objective("revenue", 1), achievable), A)

    assert (check.verdict, check.message("en")) == (verdict, message)


@pytest.mark.parametrize("bad", [-0.1, 1.2, math.nan, math.inf])
def test_a_probability_off_zero_to_one_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="probability"):
        check_objective(B2B, objective("revenue", 1), bad)


def test_the_five_letters_in_order() -> None:
    checks = check_objective(B2B, objective("revenue", 1))

    assert [c.letter for c in checks] == [S, M, A, R, T]
    assert [c.letter.value for c in checks] == list("SMART")


def test_every_objective_of_the_plan_is_checked_with_its_probability() -> None:
    data = b2b_data() | {
        "objectives": [
            {"id": "reply", "name": "Replies", "metric": "reply_rate", "target": 0.4,
             "deadline": END, "channel_id": "email"},
            {"id": "revenue", "name": "Revenue", "metric": "revenue", "target": 10_000,
             "deadline": END},
        ]
    }  # fmt: skip
    plan = Plan.model_validate(data)

    results = check_objectives(plan, {"revenue": 0.3, "unknown": 0.9})

    assert list(results) == ["reply", "revenue"]
    assert all([c.letter for c in checks] == [S, M, A, R, T] for checks in results.values())
    assert letter(results["reply"], A).verdict is Verdict.NOT_ASSESSED
    assert letter(results["revenue"], A).verdict is Verdict.FAIL
    assert letter(results["reply"], R).verdict is Verdict.FAIL
    assert check_objectives(plan) == {o.id: check_objective(plan, o) for o in plan.objectives}


# Reasons, in both languages -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "goal", "which", "lang", "expected"),
    [
        (
            B2B,
            objective("reply_rate", 0.40, channel_id="email"),
            R,
            "en",
            "40% is far above the 10.7% top decile for cold e-mail reply rates. "
            f"Source: {INSTANTLY}.",
        ),
        (
            B2B,
            objective("reply_rate", 0.40, channel_id="email"),
            R,
            "fr",
            f"40{NBSP}% dépasse de loin le premier décile (10,7{NBSP}%) des taux de réponse aux "
            f"e-mails à froid. Source{NBSP}: Instantly, rapport de référence sur l'e-mail à froid "
            f"2026, cité de seconde main (réponses ÷ e-mails délivrés{NBSP}: médiane 3,43{NBSP}%, "
            f"premier quartile 5,5{NBSP}%, premier décile 10,7{NBSP}%).",
        ),
        (
            B2B,
            objective("reply_rate", 0.08, channel_id="email"),
            R,
            "en",
            "Ambitious for cold e-mail reply rates: 8% is above the 5.5% top quartile, "
            f"but within the 10.7% top decile. Source: {INSTANTLY}.",
        ),
        (
            B2B,
            objective("win_rate", 0.25, channel_id="fairs"),
            M,
            "en",
            "Not computable: deals won ÷ opportunities needs a stage of kind “opportunity”, "
            "and there is none in the “Trade fairs” funnel.",
        ),
        (
            B2B,
            objective("win_rate", 0.25, channel_id="fairs"),
            M,
            "fr",
            f"Non calculable{NBSP}: affaires signées ÷ opportunités demande une étape de type "
            f"«{NBSP}opportunité{NBSP}», et il n'y en a aucune dans l'entonnoir "
            f"«{NBSP}Trade fairs{NBSP}».",
        ),
        (
            B2B,
            objective("reply_rate", 0.05),
            S,
            "en",
            "A reply rate across e-mail, phone, and events mixes channels that do not convert "
            "alike: name the channel.",
        ),
        (
            B2B,
            objective("reply_rate", 0.05),
            S,
            "fr",
            f"Un taux de réponse qui couvre e-mail, téléphone et événements mêle des canaux qui ne "
            f"convertissent pas de la même façon{NBSP}: précisez le canal.",
        ),
        (
            B2B,
            objective("reply_rate", 0.05, channel_id="email"),
            M,
            "en",
            "Computable from tracked data: replies ÷ activities, from the “Cold e-mail” funnel.",
        ),
        (
            B2B,
            objective("prospects_contacted_per_week", 300, channel_id="phone"),
            R,
            "en",
            "More than the team can do: 300 prospects a week on the “Cold calls” channel, "
            "when its 19.2 h a week allow at most 288 prospects a week, at 4 min per activity.",
        ),
        (
            B2B,
            objective("prospects_contacted_per_week", 300, channel_id="phone"),
            R,
            "fr",
            f"Plus que l'équipe ne peut faire{NBSP}: 300 prospects par semaine sur le canal "
            f"«{NBSP}Cold calls{NBSP}», alors que ses 19,2{NBSP}h par semaine permettent au plus "
            f"288 prospects par semaine, à 4 min par activité.",
        ),
        (
            tiny(),
            objective("revenue", 50_000, "2026-03-01"),
            R,
            "en",
            "A target of €50,000 is above even the €40,000 the plan expects by Mar 1, 2026 at "
            "high rates (typical: €8,000): add activity or channels, or lower the target.",
        ),
        (
            tiny(),
            objective("revenue", 50_000, "2026-03-01"),
            R,
            "fr",
            f"L'objectif de 50\u202f000{NBSP}€ dépasse même les 40\u202f000{NBSP}€ que le plan "
            f"prévoit au 1 mars 2026 avec les taux hauts (typique{NBSP}: 8\u202f000{NBSP}€)"
            f"{NBSP}: ajoutez de l'activité ou des canaux, ou baissez l'objectif.",
        ),
        (
            tiny(),
            objective("meetings_per_month", 50, "2026-03-01"),
            R,
            "en",
            "Ambitious: a target of 50 meetings a month is above the 43.5 meetings a month the "
            "plan expects by Mar 1, 2026 at typical rates, but within the 87 meetings a month "
            "it gives at high rates.",
        ),
        (
            B2B,
            objective("revenue", 10_000_000, segment_id="smb"),
            S,
            "en",
            "Metric and scope named: revenue, for the “Small firms” segment.",
        ),
        (
            B2B,
            objective("qualified_lead_rate", 0.9),
            R,
            "en",
            "No published benchmark for this qualified-lead rate, and 90% is above even the "
            "plan's own high rates (60% by Jul 5, 2026): raise the stage rates you assume, or "
            "lower the target.",
        ),
        (
            B2B,
            objective("revenue", 1, "2026-01-08"),
            T,
            "en",
            "Deadline Jan 8, 2026 falls in the plan's first week (which starts on Jan 5, 2026): "
            "no full week of prospection before it.",
        ),
        (
            B2B,
            objective("revenue", 1, END),
            T,
            "fr",
            "Échéance le 5 juil. 2026, en semaine 26 sur 26.",
        ),
        (
            B2B,
            objective("revenue", 1),
            A,
            "fr",
            f"Pas encore évalué{NBSP}: la simulation y répondra.",
        ),
    ],
)
def test_reasons(plan: Plan, goal: Objective, which: Letter, lang: str, expected: str) -> None:
    check = letter(check_objective(plan, goal), which)

    text = en(check) if lang == "en" else check.message(lang)
    assert text == expected


def test_a_segment_scope_says_what_the_funnel_compares_with() -> None:
    check = letter(check_objective(B2B, objective("revenue", 10_000_000, segment_id="smb")), R)

    assert check.verdict is Verdict.FAIL
    assert check.notes == ("note.whole_plan_for_segment",)
    assert en(check).endswith(
        "The plan's funnel is not split by segment, so this compares with the whole plan."
    )


# What R compares with ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "goal", "ceiling", "ambitious", "top"),
    [
        (B2B, objective("reply_rate", 0.1, channel_id="email"), "email_reply", 0.055, 0.107),
        (B2B, objective("meeting_rate", 0.1, channel_id="phone"), "call_meeting", 0.017, 0.02),
        (B2B, objective("meeting_rate", 0.1, channel_id="email"), "email_meeting", 0.02, 0.04),
        (B2B, objective("win_rate", 0.1), "win_smb", 0.30, 0.45),
        (
            _with(b2b_data(), channels=[{**b2b_data()["channels"][0], "kind": "linkedin"}]),
            objective("reply_rate", 0.1),
            "linkedin_reply",
            0.15,
            0.25,
        ),
        (
            _with(b2b_data(), meta__market="b2c"),
            objective("site_conversion", 0.1),
            "site_conversion",
            0.033,
            0.047,
        ),
    ],
)
def test_realism_ceiling(
    plan: Plan, goal: Objective, ceiling: str, ambitious: float, top: float
) -> None:
    found = realism_ceiling(plan, goal)

    assert found is not None
    assert (found.id, found.ambitious, found.top) == (ceiling, ambitious, top)


@pytest.mark.parametrize(
    ("plan", "goal"),
    [
        (B2B, objective("reply_rate", 0.1)),  # e-mail, phone and fairs together
        (B2B, objective("meeting_rate", 0.1, channel_id="fairs")),
        (B2B, objective("qualified_lead_rate", 0.4)),
        (B2B, objective("revenue", 1000)),
        (B2B, objective("site_conversion", 0.02)),  # a B2C benchmark
        (_with(b2b_data(), meta__market="b2c"), objective("reply_rate", 0.1, channel_id="email")),
        (_with(b2b_data(), meta__market="b2c"), objective("win_rate", 0.1)),
    ],
)
def test_no_ceiling_where_no_benchmark_applies(plan: Plan, goal: Objective) -> None:
    assert realism_ceiling(plan, goal) is None


def _enterprise() -> Plan:
    data = b2b_data()
    data["pipeline"] = [*data["pipeline"][:2], _stage("won", "won", _rate(0.1, 0.15, 0.2), 180)]
    return Plan.model_validate(data)


def test_a_long_sales_cycle_compares_win_rates_with_enterprise_deals() -> None:
    plan = _enterprise()
    goal = objective("win_rate", 0.35)

    assert sales_cycle_days(plan) == pytest.approx(200.0)  # 6 + 14 + 180 days after booking
    assert sales_cycle_days(B2B, "fairs") == 0.0
    ceiling = realism_ceiling(plan, goal)
    assert ceiling is not None and (ceiling.id, ceiling.top) == ("win_enterprise", 0.20)
    check = letter(check_objective(plan, goal), R)
    assert (check.verdict, check.code) == (Verdict.FAIL, "realistic.rate_far_above")
    assert en(check) == (
        "35% is far above the 20% top of the enterprise range for enterprise win rates "
        "(this plan's sales cycle: about 200 days, 90 or more). Source: HubSpot sales survey "
        "2023, second-hand (enterprise 15%); glossary aggregations, second-hand "
        "(enterprise 10–20%)."
    )


def test_counts_are_compared_with_the_expected_funnel_up_to_the_deadline() -> None:
    # The same figures as planner.plan.funnel, summed up to the deadline's week.
    goal = objective("revenue", 1e9, "2026-03-29")  # week 12 of 26
    high = expected_funnel(B2B, "high").money
    expected = high.loc[high["week"] <= 11, "revenue"].sum()

    check = letter(check_objective(B2B, goal), R)

    assert check.params["high"].params["value"] == pytest.approx(expected)


def test_volume_uses_the_team_capacity() -> None:
    report = capacity_report(B2B)
    check = letter(
        check_objective(B2B, objective("prospects_contacted_per_week", 300, channel_id="phone")), R
    )

    assert report.average_hours == pytest.approx(20 * 125 / 130)  # 5 holidays in 130 days
    assert check.params["max"].params["value"] == pytest.approx(
        report.load("phone").max_activities_per_week
    )
    assert report.load("phone").max_activities_per_week == pytest.approx(20 * 125 / 130 * 15)


# Every text exists in both languages --------------------------------------------------------


def _all_checks() -> list[LetterCheck]:
    found = [check for case in CASES for check in check_objective(case[0], case[1], 0.7)]
    found += [check for case in CASES[:3] for check in check_objective(case[0], case[1], 0.2)]
    found += [check for case in CASES[:3] for check in check_objective(case[0], case[1], 0.95)]
    found += list(check_objective(_enterprise(), objective("win_rate", 0.1)))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_reason_is_written_in_each_language(lang: str) -> None:
    for check in _all_checks():
        text = check.message(lang)
        assert "smart." not in text, text
        assert "{" not in text and "}" not in text, text
        assert all(f"smart.{code}" in messages(lang) for code in (check.code, *check.notes))


@pytest.mark.parametrize(
    ("lang", "part"), itertools.product(LANGUAGES, ["name", "ambitious", "top", "source"])
)
def test_every_benchmark_has_its_texts(lang: str, part: str) -> None:
    for ceiling in CEILINGS.values():
        assert f"smart.ceiling.{ceiling.id}.{part}" in messages(lang)
        assert ceiling.typical <= ceiling.ambitious < ceiling.top
    assert "Instantly" in CEILINGS["email_reply"].source(lang)
    assert CEILINGS["email_reply"].summary("en") == (
        f"cold e-mail reply rates: typical 3.43%; ambitious above 5.5%; unrealistic above "
        f"10.7%. Source: {INSTANTLY}."
    )
