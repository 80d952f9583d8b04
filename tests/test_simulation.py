"""The simulation engines against analytic answers, each other and the expected funnel.

Monte Carlo tolerances are four standard errors, derived from the Poisson, binomial or
compound-Poisson variance of what is compared and the number of trials; seeds are fixed.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import pickle
from typing import Any

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.stats import beta as beta_distribution
from scipy.stats import poisson

from planner.core.problems import InvalidInput
from planner.plan.capacity import team_hours
from planner.plan.funnel import expected_funnel, weekly_activity
from planner.plan.model import Plan
from planner.plan.priors import beta_prior
from planner.plan.scenarios import build_scenario
from planner.simulation.bands import weekly_quantiles
from planner.simulation.entry import (
    Engine,
    ObjectiveStatus,
    RequiredStatus,
    SimulationInputError,
    SimulationResult,
    compare_scenarios,
    required_activity,
    run,
    scaled_plan,
    sensitivity,
    simulate,
)
from planner.simulation.exact import split_delays
from planner.simulation.model import WON, compile_plan
from planner.simulation.summary import running_totals
from tests.factories import make_plan_data

Z = 4.0  # standard errors allowed in every Monte Carlo comparison
START = dt.date(2026, 1, 5)
DEADLINE = "2026-06-30"  # the last week of the 26-week test plans


def _objective(objective_id: str, metric: str, target: float, **scope: str) -> dict[str, Any]:
    return {
        "id": objective_id,
        "name": objective_id,
        "metric": metric,
        "target": target,
        "deadline": DEADLINE,
        **scope,
    }


OBJECTIVES = [
    _objective("revenue", "revenue", 50_000),
    _objective("phone-revenue", "revenue", 50_000, channel_id="phone"),
    _objective("customers", "new_customers", 8),
    _objective("smb-meetings", "meetings_per_month", 8, segment_id="smb"),
    _objective("linkedin-customers", "new_customers", 1, channel_id="linkedin"),
    _objective("contacted", "prospects_contacted_per_week", 200),
]


def plan_data(*, certain: bool = False, delays: bool = True, **overrides: Any) -> dict[str, Any]:
    """The test plan (phone into a shared pipeline, LinkedIn on its own) with our objectives."""
    data = make_plan_data(**{"objectives": copy.deepcopy(OBJECTIVES), **overrides})
    stages = [s for c in data["channels"] for s in c["stages"]] + data["pipeline"]
    for stage in stages:
        if certain:
            rate = stage["rate"]
            rate["low"] = rate["high"] = rate["typical"]
        if not delays:
            stage.pop("delay", None)
    return data


def plan(**options: Any) -> Plan:
    return Plan.model_validate(plan_data(**options))


@pytest.fixture(scope="module")
def uncertain() -> SimulationResult:
    return simulate(plan(), 4000, 5)


# --- Analytic answers ------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_certain_rates_without_delays_give_activities_times_rates(engine: str) -> None:
    the_plan = plan(certain=True, delays=False)
    trials = 4000
    result = simulate(the_plan, trials, 3, engine)
    calls = weekly_activity(the_plan, the_plan.channel("phone")).sum()
    meetings = calls * 0.2 * 0.1
    deals = meetings * 0.8 * 0.25
    value = 4800 + 0.25 * 1200
    # Counts are Poisson (fast) or binomial (exact, smaller variance): Var(total) ≤ mean;
    # revenue is a compound sum: Var = E[deals] × value² × (1 + cv²).
    revenue_sd = math.sqrt(deals * value**2 * (1 + 0.4**2))

    assert result.totals["meetings"].mean == pytest.approx(
        meetings, abs=Z * math.sqrt(meetings / trials)
    )
    assert result.totals["deals"].mean == pytest.approx(deals, abs=Z * math.sqrt(deals / trials))
    assert result.totals["revenue"].mean == pytest.approx(
        deals * value, abs=Z * revenue_sd / math.sqrt(trials)
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda: plan(certain=True),
        lambda: _certain_scenario("retail_b2c"),
        lambda: _certain_scenario("saas_smb"),
    ],
    ids=["test_plan_with_delays", "retail_with_repeat_purchases", "saas_three_channels"],
)
def test_certain_rates_reproduce_the_expected_funnel(make: Any) -> None:
    the_plan = make()
    trials = 2000
    result = simulate(the_plan, trials, 4)
    funnel = expected_funnel(the_plan)
    kinds = funnel.kind_totals()
    by_stage = funnel.stage_totals().set_index(["channel_id", "stage_id"])["expected"]
    offer = the_plan.offer
    won_sd = math.sqrt(kinds.get("won", 0.0)) * offer.expected_deal_value
    repeat = funnel.revenue() - kinds.get("won", 0.0) * offer.expected_deal_value
    repeat_sd = math.sqrt(max(repeat, 0.0) * offer.deal_value)
    revenue_sd = math.hypot(won_sd, repeat_sd) * math.sqrt(1 + offer.deal_value_cv**2)

    assert result.expected["revenue"] == pytest.approx(funnel.revenue(), rel=1e-9)
    assert result.expected["deals"] == pytest.approx(kinds.get("won", 0.0), rel=1e-9)
    assert result.expected["meetings"] == pytest.approx(kinds.get("meeting_booked", 0.0), rel=1e-9)
    for stage in result.stages:
        if stage.channel_id is not None:
            assert stage.expected == pytest.approx(by_stage[(stage.channel_id, stage.stage_id)])
    assert result.totals["revenue"].mean == pytest.approx(
        funnel.revenue(), abs=Z * revenue_sd / math.sqrt(trials)
    )


def _certain_scenario(scenario_id: str) -> Plan:
    data = build_scenario(scenario_id, "en", START).model_dump(mode="json")
    for stage in [s for c in data["channels"] for s in c["stages"]] + data["pipeline"]:
        stage["rate"]["low"] = stage["rate"]["high"] = stage["rate"]["typical"]
    return Plan.model_validate(data)


def test_an_uncertain_rate_moves_the_mean_to_the_prior_mean() -> None:
    # Low/high are P10/P90 of a Beta: the expectation uses its mean, not the typical value.
    the_plan = plan(delays=False)
    result = simulate(the_plan, 1000, 1)
    calls = weekly_activity(the_plan, the_plan.channel("phone")).sum()
    means = [beta_prior(lo, hi).mean for lo, hi in ((0.15, 0.3), (0.05, 0.15))]

    assert result.expected["meetings"] == pytest.approx(calls * means[0] * means[1], rel=1e-12)


# --- Fast engine against the exact engine ----------------------------------------------------


@pytest.fixture(scope="module")
def both_engines() -> dict[str, dict[str, np.ndarray]]:
    """Annual deals and revenue per trial on the delayed test funnel, from each engine."""
    the_plan = plan()
    model = compile_plan(the_plan)
    ones = np.ones(len(model.channel_ids))
    found = {}
    for seed, engine in ((11, Engine.FAST), (12, Engine.EXACT)):
        draws = run(the_plan, model, 5000, seed, engine, ones)
        found[engine.value] = {
            "deals": draws.weekly[(WON, None)].sum(axis=0),
            "revenue": draws.weekly[("revenue", None)].sum(axis=0),
        }
    return found


@pytest.mark.parametrize("quantity", ["deals", "revenue"])
@pytest.mark.parametrize("share", [0.1, 0.5, 0.9])
def test_fast_and_exact_engines_agree_on_quantiles(
    both_engines: dict[str, dict[str, np.ndarray]], quantity: str, share: float
) -> None:
    fast, exact = both_engines["fast"][quantity], both_engines["exact"][quantity]
    # Compared in probability space, where the error of an empirical quantile is known:
    # the share of the other sample below it is p ± sqrt(p(1-p)(1/n1 + 1/n2)).
    slack = Z * math.sqrt(share * (1 - share) * (1 / len(fast) + 1 / len(exact)))
    for mine, other in ((fast, exact), (exact, fast)):
        q = np.quantile(mine, share, method="inverted_cdf")
        assert np.mean(other < q) <= share + slack
        assert np.mean(other <= q) >= share - slack


def test_fast_and_exact_engines_agree_on_the_mean(
    both_engines: dict[str, dict[str, np.ndarray]],
) -> None:
    fast, exact = both_engines["fast"]["deals"], both_engines["exact"]["deals"]
    error = math.sqrt(fast.var() / len(fast) + exact.var() / len(exact))

    assert fast.mean() == pytest.approx(exact.mean(), abs=Z * error)


def test_fast_and_exact_engines_agree_on_a_rate_objective() -> None:
    # The SaaS plan's win rate = won ÷ opportunities: the fast engine draws the opportunities
    # as the won plus those not won by then, so the rate has the exact engine's spread.
    saas = build_scenario("saas_smb", "en", START)
    trials = 3000
    fast = simulate(saas, trials, 21).objective("win_rate")
    exact = simulate(saas, trials, 22, "exact").objective("win_rate")
    assert fast.probability is not None and exact.probability is not None
    error = math.sqrt(2 * 0.25 / trials)

    assert fast.probability == pytest.approx(exact.probability, abs=Z * error)
    assert fast.value is not None and fast.value.p90 <= 1.0


def test_delays_split_cohorts_by_the_pmf() -> None:
    weeks, trials, people = 6, 2000, 50
    pmf = np.array([0.1, 0.4, 0.3, 0.1, 0.05, 0.0])  # 0.05 lands after the horizon
    counts = np.zeros((weeks, trials), dtype=np.int64)
    counts[0] = people
    landed = split_delays(counts, pmf, np.random.default_rng(2))
    n = people * trials

    assert np.all(landed.sum(axis=0) <= people)
    for lag, share in enumerate(pmf):
        assert landed[lag].sum() / n == pytest.approx(
            share, abs=Z * math.sqrt(share * (1 - share) / n) + 1e-12
        )


# --- Shared pipeline -------------------------------------------------------------------------


def _two_channels_one_uncertain_pipeline() -> Plan:
    channel = {
        "kind": "phone",
        "activities_per_week": 500.0,
        "stages": [
            {
                "id": "meeting",
                "name": "Meeting",
                "kind": "meeting_booked",
                "rate": {"low": 0.5, "typical": 0.5, "high": 0.5},
            }
        ],
    }
    data = plan_data(
        channels=[{**channel, "id": "a", "name": "A"}, {**channel, "id": "b", "name": "B"}],
        pipeline=[
            {
                "id": "won",
                "name": "Won",
                "kind": "won",
                "rate": {"low": 0.1, "typical": 0.2, "high": 0.4},
            }
        ],
        objectives=[],
        cadence=[],
        scripts=[],
    )
    return Plan.model_validate(data)


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_shared_pipeline_rates_are_drawn_once_per_trial(engine: str) -> None:
    the_plan = _two_channels_one_uncertain_pipeline()
    trials = 2000
    result = simulate(the_plan, trials, 8, engine)
    meetings = sum(weekly_activity(the_plan, c).sum() for c in the_plan.channels) * 0.5
    prior = beta_prior(0.1, 0.4)
    # Deals = meetings × the trial's win rate (+ Poisson noise of sd √deals): their P10 and P90
    # are those of ONE Beta. Drawn per channel, the sum would average two independent rates
    # and its P10 would be far higher (checked below so that this test can fail).
    slack = Z * math.sqrt(0.1 * 0.9 / trials)
    for share, found in ((0.1, result.totals["deals"].p10), (0.9, result.totals["deals"].p90)):
        low = meetings * prior.quantile(share - slack)
        high = meetings * prior.quantile(share + slack)
        noise = Z * math.sqrt(high)
        assert low - noise <= found <= high + noise
    rng = np.random.default_rng(0)
    per_channel = beta_distribution.rvs(prior.a, prior.b, size=(2, 200_000), random_state=rng)
    independent_p10 = meetings * np.quantile(per_channel.mean(axis=0), 0.1)
    highest = meetings * prior.quantile(0.1 + slack)
    assert independent_p10 > highest + Z * math.sqrt(highest)


def test_each_channel_sees_the_same_pipeline_rate() -> None:
    the_plan = _two_channels_one_uncertain_pipeline()
    model = compile_plan(the_plan)
    draws = run(the_plan, model, 2000, 1, Engine.FAST, np.ones(2))
    won_a, won_b = draws.term_totals[model.terms_of(WON)]

    assert np.corrcoef(won_a, won_b)[0, 1] > 0.99


# --- Objectives ------------------------------------------------------------------------------


def test_the_probability_of_an_objective_rises_with_activity() -> None:
    trials = 3000
    chances = [
        simulate(scaled_plan(plan(), factor), trials, 2).objective("revenue").probability
        for factor in (0.5, 1.0, 2.0)
    ]
    margin = Z * math.sqrt(2 * 0.25 / trials)

    assert chances[0] is not None and chances[1] is not None and chances[2] is not None
    assert chances[0] + margin < chances[1] < chances[2] - margin


def test_a_segment_objective_is_flagged_not_simulated(uncertain: SimulationResult) -> None:
    outcome = uncertain.objective("smb-meetings")

    assert outcome.status is ObjectiveStatus.SEGMENT_SCOPE
    assert outcome.probability is None
    assert outcome.probability_upper_bound is not None


def test_an_objective_counting_a_missing_stage_is_flagged(uncertain: SimulationResult) -> None:
    outcome = uncertain.objective("linkedin-customers")

    assert outcome.status is ObjectiveStatus.MISSING_STAGE
    assert outcome.probability == 0.0


def test_a_channel_objective_is_no_likelier_than_the_same_target_for_all(
    uncertain: SimulationResult,
) -> None:
    phone = uncertain.objective("phone-revenue").probability
    everyone = uncertain.objective("revenue").probability
    assert phone is not None and everyone is not None

    assert phone <= everyone


def test_an_activity_objective_is_decided_by_the_plan(uncertain: SimulationResult) -> None:
    # 120 calls and 40 messages a week, fewer in weeks with public holidays.
    assert uncertain.objective("contacted").probability == 0.0
    assert uncertain.objective("contacted").value is not None


@pytest.mark.parametrize("objective_id", ["revenue", "customers", "phone-revenue"])
def test_time_to_target_ends_at_the_probability_by_the_deadline(
    uncertain: SimulationResult, objective_id: str
) -> None:
    outcome = uncertain.objective(objective_id)
    assert outcome.reach_by_week is not None

    assert np.all(np.diff(outcome.reach_by_week) >= 0)
    assert outcome.reach_by_week[outcome.deadline_week] == outcome.probability
    median = outcome.time_to_target(0.5)
    assert median is None or outcome.reach_by_week[median] >= 0.5


# --- Runs ------------------------------------------------------------------------------------


def _comparable(result: SimulationResult) -> dict[str, Any]:
    data = result.to_dict()
    del data["elapsed_seconds"]
    return data


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_the_same_seed_gives_the_same_result(engine: str) -> None:
    first = simulate(plan(), 500, 9, engine)
    again = simulate(plan(), 500, 9, engine)
    other = simulate(plan(), 500, 10, engine)

    assert _comparable(first) == _comparable(again)
    assert _comparable(first) != _comparable(other)


@pytest.mark.parametrize("engine", ["fast", "exact"])
def test_no_activity_gives_no_revenue(engine: str) -> None:
    data = plan_data()
    for channel in data["channels"]:
        channel["activities_per_week"] = 0.0
    result = simulate(Plan.model_validate(data), 500, 1, engine)

    assert result.totals["revenue"] == result.totals["deals"]
    assert result.totals["revenue"].p90 == result.totals["revenue"].mean == 0.0
    assert result.expected["revenue"] == 0.0
    assert result.objective("revenue").probability == 0.0


def _broken(the_plan: Plan, where: str) -> Plan:
    """A copy of the plan with one invalid value, made without validation (as a what-if is)."""
    if where == "channels[0].activities_per_week":
        channel = the_plan.channels[0].model_copy(update={"activities_per_week": -5.0})
        return the_plan.model_copy(update={"channels": [channel, *the_plan.channels[1:]]})
    if where == "channels[0].stages[0].rate":
        stage = the_plan.channels[0].stages[0]
        rate = stage.rate.model_copy(update={"low": 0.9})
        stages = [stage.model_copy(update={"rate": rate}), *the_plan.channels[0].stages[1:]]
        channel = the_plan.channels[0].model_copy(update={"stages": stages})
        return the_plan.model_copy(update={"channels": [channel, *the_plan.channels[1:]]})
    offer = the_plan.offer.model_copy(update={"deal_value": 0.0})
    return the_plan.model_copy(update={"offer": offer})


@pytest.mark.parametrize(
    "where", ["channels[0].activities_per_week", "channels[0].stages[0].rate", "offer.deal_value"]
)
def test_an_invalid_plan_is_refused_naming_the_field(where: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        simulate(_broken(plan(), where), 100, 1)

    assert [p.where for p in caught.value.problems] == [where]


@pytest.mark.parametrize(
    ("trials", "seed", "engine", "field"),
    [
        (0, 1, "fast", "trials"),
        (10**9, 1, "fast", "trials"),
        (30_000, 1, "exact", "trials"),
        (100, -1, "fast", "seed"),
        (100, 1, "warp", "engine"),
    ],
)
def test_an_impossible_run_is_refused_naming_the_field(
    trials: int, seed: int, engine: str, field: str
) -> None:
    with pytest.raises(SimulationInputError) as caught:
        simulate(plan(), trials, seed, engine)

    assert [p.where for p in caught.value.problems] == [field]
    assert caught.value.messages("fr")[0].startswith(f"{field}: ")


def test_the_stage_table_adds_up_to_the_totals(uncertain: SimulationResult) -> None:
    pooled_won = next(s for s in uncertain.stages if s.channel_id is None and s.kind == "won")
    phone_won = next(s for s in uncertain.stages if s.channel_id == "phone" and s.kind == "won")

    assert pooled_won.band.mean == pytest.approx(uncertain.totals["deals"].mean, rel=1e-12)
    assert phone_won.band == pooled_won.band  # the only channel joining the pipeline


def test_the_result_is_small_and_json_ready(uncertain: SimulationResult) -> None:
    text = json.dumps(uncertain.to_dict(), allow_nan=False)
    weekly = uncertain.weekly_frame()

    assert len(pickle.dumps(uncertain)) < 100_000
    assert len(json.loads(text)["weekly"]) == 26
    assert len(weekly) == 3 * 26
    assert set(weekly["series"]) == {"revenue", "meetings", "deals"}
    assert np.all(weekly["p10"] <= weekly["p50"]) and np.all(weekly["p50"] <= weekly["p90"])
    assert not uncertain.reach_frame().empty
    objectives = uncertain.objectives_frame().set_index("objective_id")
    assert objectives.loc["revenue", "probability"] == uncertain.objective("revenue").probability
    assert objectives.loc["smb-meetings", "status"] == "segment_scope"
    assert list(uncertain.channels_frame()["channel_id"]) == ["phone", "linkedin"]


# --- Required activity -----------------------------------------------------------------------


def test_required_activity_meets_the_objective_at_the_confidence() -> None:
    the_plan = plan()
    found = required_activity(the_plan, "revenue", 0.8, trials=8000, seed=4)
    assert found.status is RequiredStatus.REACHED and found.multiplier is not None
    trials = 20_000
    check = simulate(scaled_plan(the_plan, found.multiplier), trials, 5).objective("revenue")
    assert check.probability is not None
    # Two independent estimates of one probability (8000 and 20000 trials), plus the
    # bisection's 0.5 % step in volume.
    error = math.sqrt(0.16 / 8000 + 0.16 / trials)

    assert check.probability == pytest.approx(0.8, abs=Z * error + 0.01)


def test_required_activity_matches_the_poisson_answer_with_certain_rates() -> None:
    the_plan = plan(certain=True, delays=False, offer={"deal_value": 1000.0, "deal_value_cv": 0.0})
    the_plan = the_plan.model_copy(
        update={"objectives": [o for o in the_plan.objectives if o.id == "customers"]}
    )
    trials, confidence, target = 10_000, 0.8, 8
    found = required_activity(the_plan, "customers", confidence, trials=trials, seed=3)
    unit = weekly_activity(the_plan, the_plan.channel("phone")).sum() * 0.2 * 0.1 * 0.8 * 0.25
    # Smallest m with P(Poisson(m × unit) ≥ 8) ≥ 0.8, and how far the MC error moves it.
    exact = brentq(lambda m: poisson.sf(target - 1, m * unit) - confidence, 1e-6, 100.0)
    slope = unit * poisson.pmf(target - 1, exact * unit)
    error = math.sqrt(confidence * (1 - confidence) / trials) / slope
    assert found.multiplier is not None

    assert found.multiplier == pytest.approx(exact, abs=Z * error + 0.005 * exact)


def test_required_activity_for_an_activity_target_is_a_ratio() -> None:
    the_plan = plan()
    found = required_activity(the_plan, "contacted", 0.8, trials=200)
    model = compile_plan(the_plan)
    week = model.deadline_week(dt.date.fromisoformat(DEADLINE))
    per_week = model.activity[:, : week + 1].sum() / (week + 1)
    assert found.multiplier is not None

    assert found.multiplier == pytest.approx(200 / per_week, rel=0.005)
    assert found.multiplier >= 200 / per_week


def test_required_activity_reports_hours_against_the_team() -> None:
    the_plan = plan()
    found = required_activity(the_plan, "revenue", 0.8, trials=2000)
    assert found.multiplier is not None and found.hours_needed is not None
    more = the_plan.model_copy(
        update={"team": the_plan.team.model_copy(update={"reps": the_plan.team.reps + 1})}
    )
    per_rep = float(team_hours(more).sum() - team_hours(the_plan).sum())
    assert found.extra_hours is not None and found.extra_reps is not None

    assert found.hours_needed == pytest.approx(found.hours_now * found.multiplier)
    assert np.array_equal(found.hours_available, team_hours(the_plan))
    assert found.hours_per_extra_rep == pytest.approx(per_rep)
    assert found.extra_reps == max(math.ceil(found.extra_hours / per_rep), 0)
    assert [c.required_per_week for c in found.channels] == pytest.approx(
        [120 * found.multiplier, 40 * found.multiplier]
    )


def test_required_activity_rises_with_the_confidence() -> None:
    low = required_activity(plan(), "customers", 0.5, trials=3000).multiplier
    high = required_activity(plan(), "customers", 0.9, trials=3000).multiplier
    assert low is not None and high is not None

    assert low < high


@pytest.mark.parametrize(
    ("objective_id", "channel_id", "status"),
    [
        ("smb-meetings", None, RequiredStatus.SEGMENT_SCOPE),
        ("revenue", "linkedin", RequiredStatus.NO_VOLUME),
        ("linkedin-customers", None, RequiredStatus.NO_VOLUME),
    ],
)
def test_required_activity_says_when_volume_cannot_help(
    objective_id: str, channel_id: str | None, status: RequiredStatus
) -> None:
    found = required_activity(plan(), objective_id, channel_id=channel_id, trials=500)

    assert found.status is status
    assert found.multiplier is None and found.hours_needed is None


def test_required_activity_refuses_a_rate_objective_without_searching() -> None:
    saas = build_scenario("saas_smb", "en", START)
    found = required_activity(saas, "win_rate", trials=500)

    assert found.status is RequiredStatus.RATE_METRIC
    assert found.multiplier is None


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"objective_id": "nope"}, "objective"),
        ({"objective_id": "revenue", "confidence": 1.0}, "confidence"),
        ({"objective_id": "revenue", "channel_id": "fax"}, "channel"),
    ],
)
def test_a_required_activity_request_is_checked(arguments: dict[str, Any], field: str) -> None:
    with pytest.raises(SimulationInputError) as caught:
        required_activity(plan(), **arguments)

    assert [p.where for p in caught.value.problems] == [field]


# --- Sensitivity and scenarios ---------------------------------------------------------------


def test_the_revenue_tornado_is_exact() -> None:
    the_plan = plan()
    tornado = sensitivity(the_plan)
    result = simulate(the_plan, 100, 1)
    won = next(bar for bar in tornado.bars if bar.slot == "pipeline/won")
    mean = beta_prior(0.2, 0.3).mean

    assert tornado.baseline == pytest.approx(result.expected["revenue"], rel=1e-12)
    # Every deal goes through the pipeline's win rate: revenue is proportional to it.
    assert won.at_low == pytest.approx(tornado.baseline * 0.2 / mean, rel=1e-12)
    assert won.at_high == pytest.approx(tornado.baseline * 0.3 / mean, rel=1e-12)
    assert [bar.swing for bar in tornado.bars] == sorted(
        (bar.swing for bar in tornado.bars), reverse=True
    )
    # LinkedIn brings no revenue: its rate moves nothing.
    assert next(bar for bar in tornado.bars if bar.channel_id == "linkedin").swing == 0.0


def test_certain_rates_have_no_tornado_bar() -> None:
    assert sensitivity(plan(certain=True)).bars == ()


def test_the_objective_tornado_uses_the_same_draws_for_both_ends() -> None:
    tornado = sensitivity(plan(), "revenue", trials=2000, seed=3)

    # Same rates and uniforms at both ends: each trial's revenue can only rise with a rate.
    assert len(tornado.bars) == 5
    assert all(bar.at_low <= bar.at_high for bar in tornado.bars)
    assert tornado.bars[0].at_low < tornado.baseline < tornado.bars[0].at_high
    assert list(tornado.frame()["slot"]) == [bar.slot for bar in tornado.bars]


def test_scenarios_are_simulated_with_the_same_seed() -> None:
    base = plan()
    comparison = compare_scenarios([("base", base), ("double", scaled_plan(base, 2.0))], 500, 6)
    frame = comparison.frame()

    assert _comparable(comparison.results[0]) == _comparable(simulate(base, 500, 6))
    revenue = frame[frame["measure"] == "revenue"].set_index("scenario")["mean"]
    assert revenue["double"] > revenue["base"]
    assert set(frame["scenario"]) == {"base", "double"}


# --- Fast summaries ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trials", "mean", "dtype"),
    [(1, 2.0, np.int64), (2, 0.5, np.int64), (1001, 3.0, np.int64), (5000, 40.0, np.int64),
     (999, 0.0, np.int64), (1000, 2.5, np.float64)],
)  # fmt: skip
def test_weekly_bands_are_numpys_quantiles(trials: int, mean: float, dtype: type) -> None:
    rng = np.random.default_rng(trials)
    weekly = rng.poisson(mean, (30, trials)).astype(dtype)
    if dtype is np.float64:
        weekly = weekly * rng.random(weekly.shape)
    cumulative = running_totals(weekly)

    assert np.array_equal(cumulative, np.cumsum(weekly, axis=0))
    assert np.allclose(weekly_quantiles(cumulative), np.quantile(cumulative, [0.1, 0.5, 0.9], 1))
