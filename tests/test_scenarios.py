"""Demo scenarios, blank plans and the benchmark catalogue."""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from pathlib import Path
from typing import Any

import pytest

from planner.plan.benchmarks import BENCHMARKS, DELAYS, UnknownBenchmark, benchmark_rate
from planner.plan.model import Market, Metric, ObjectiveFamily, Plan, StageKind
from planner.plan.planfile import parse_plan, plan_to_json
from planner.plan.scenarios import (
    SCENARIO_IDS,
    UnknownScenario,
    blank_plan,
    build_scenario,
    scenario_description,
    scenario_name,
)

START = dt.date(2026, 1, 5)
LANGS = ("fr", "en")
LOCALES = Path(__file__).resolve().parent.parent / "planner" / "core" / "locales"
MARKETS = {
    "saas_smb": Market.B2B,
    "consulting_enterprise": Market.B2B,
    "retail_b2c": Market.B2C,
}

every_lang = pytest.mark.parametrize("lang", LANGS)
every_scenario_id = pytest.mark.parametrize("scenario_id", SCENARIO_IDS)


@pytest.fixture(scope="module")
def plans() -> dict[tuple[str, str], Plan]:
    return {(s, lang): build_scenario(s, lang, START) for s in SCENARIO_IDS for lang in LANGS}


def _flat(table: dict[str, Any], prefix: str = "") -> set[str]:
    keys: set[str] = set()
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        keys |= _flat(value, full) if isinstance(value, dict) else {full}
    return keys


def _locale_keys(lang: str) -> set[str]:
    with (LOCALES / lang / "scenarios.toml").open("rb") as handle:
        return _flat(tomllib.load(handle))


@every_scenario_id
@every_lang
def test_scenario_round_trips_through_a_plan_file(
    plans: dict[tuple[str, str], Plan], scenario_id: str, lang: str
) -> None:
    plan = plans[scenario_id, lang]
    assert parse_plan(plan_to_json(plan)) == plan
    assert parse_plan(plan_to_json(plan).encode()) == plan


@every_scenario_id
@every_lang
def test_meta_follows_the_brief(
    plans: dict[tuple[str, str], Plan], scenario_id: str, lang: str
) -> None:
    meta = plans[scenario_id, lang].meta
    assert meta.name == scenario_name(scenario_id, lang)
    assert meta.description == scenario_description(scenario_id, lang)
    assert (meta.language, meta.currency, meta.country) == (lang, "EUR", "FR")
    assert (meta.start_date, meta.horizon_weeks) == (START, 52)
    assert meta.market is MARKETS[scenario_id]


@every_scenario_id
def test_names_and_descriptions_are_written_in_each_language(scenario_id: str) -> None:
    names = [scenario_name(scenario_id, lang) for lang in LANGS]
    descriptions = [scenario_description(scenario_id, lang) for lang in LANGS]
    for text in [*names, *descriptions]:
        assert text.strip()
        assert not text.startswith("scenario.")
    assert names[0] != names[1]
    assert descriptions[0] != descriptions[1]


@every_scenario_id
@every_lang
def test_every_rate_has_definition_source_and_ordered_range(
    plans: dict[tuple[str, str], Plan], scenario_id: str, lang: str
) -> None:
    plan = plans[scenario_id, lang]
    stages = [*plan.pipeline, *(s for c in plan.channels for s in c.stages)]
    assert stages
    for stage in stages:
        rate = stage.rate
        assert rate.definition.strip(), stage.id
        assert rate.source.strip(), stage.id
        assert not rate.definition.startswith("benchmark."), stage.id
        assert not rate.source.startswith("benchmark."), stage.id
        assert rate.low <= rate.typical <= rate.high
        assert rate.low < rate.high, f"{stage.id} has no uncertainty"
        assert stage.name.strip() and not stage.name.startswith("stage.")


@every_scenario_id
@every_lang
def test_every_funnel_ends_with_a_won_stage(
    plans: dict[tuple[str, str], Plan], scenario_id: str, lang: str
) -> None:
    plan = plans[scenario_id, lang]
    assert plan.channels
    for channel in plan.channels:
        funnel = plan.funnel(channel)
        assert funnel[-1].kind is StageKind.WON, channel.id
        assert [s.kind for s in funnel].count(StageKind.WON) == 1
        assert channel.activities_per_week > 0
        assert channel.minutes_per_activity > 0


@every_scenario_id
@every_lang
def test_objectives_cover_the_three_families_inside_the_horizon(
    plans: dict[tuple[str, str], Plan], scenario_id: str, lang: str
) -> None:
    plan = plans[scenario_id, lang]
    assert 3 <= len(plan.objectives) <= 5
    assert {o.metric.family for o in plan.objectives} == set(ObjectiveFamily)
    for objective in plan.objectives:
        assert plan.meta.start_date <= objective.deadline <= plan.meta.end_date
        assert objective.name.strip() and not objective.name.startswith("scenario.")


@every_scenario_id
@every_lang
def test_plan_parts_are_complete(
    plans: dict[tuple[str, str], Plan], scenario_id: str, lang: str
) -> None:
    plan = plans[scenario_id, lang]
    assert 2 <= len(plan.segments) <= 3
    bant = (plan.bant.budget, plan.bant.authority, plan.bant.need, plan.bant.timing)
    assert all(c.question.strip() and c.question.endswith("?") for c in bant)
    assert plan.team.reps >= 1 and plan.team.hours_per_rep_per_week > 0
    assert 4 <= len(plan.cadence) <= 6
    assert len({step.channel_id for step in plan.cadence}) >= 2
    assert [s.day_offset for s in plan.cadence] == sorted(s.day_offset for s in plan.cadence)
    assert len(plan.scripts) >= 2
    for script in plan.scripts:
        assert "[" in script.hook, f"{script.id} hook has no placeholder"
        parts = (script.hook, script.value_argument, script.proof, script.call_to_action)
        assert all(part.strip() for part in parts)
        assert len(script.objections) == 2
        assert all(o.objection.strip() and o.answer.strip() for o in script.objections)


@every_scenario_id
def test_weekly_effort_fits_the_team(plans: dict[tuple[str, str], Plan], scenario_id: str) -> None:
    plan = plans[scenario_id, "en"]
    minutes = sum(c.activities_per_week * c.minutes_per_activity for c in plan.channels)
    assert minutes / 60 <= plan.team.reps * plan.team.hours_per_rep_per_week


@pytest.mark.parametrize("lang", LANGS)
def test_segments_speak_the_market_vocabulary(
    plans: dict[tuple[str, str], Plan], lang: str
) -> None:
    for scenario_id, market in MARKETS.items():
        for segment in plans[scenario_id, lang].segments:
            if market is Market.B2B:
                assert segment.sector and segment.size_band and segment.location
                assert segment.decision_makers and not segment.persona
            else:
                assert segment.persona and segment.age_band and segment.region
                # B2C e-mail needs opt-in or the existing-customer exception (L.34-5 CPCE).
                assert segment.consent_basis in {"opt_in", "existing_customer"}


@pytest.mark.parametrize("lang", LANGS)
def test_b2b_shares_a_pipeline_and_b2c_buys_again(
    plans: dict[tuple[str, str], Plan], lang: str
) -> None:
    for scenario_id in ("saas_smb", "consulting_enterprise"):
        plan = plans[scenario_id, lang]
        kinds = [s.kind for s in plan.pipeline]
        assert kinds == [StageKind.MEETING_HELD, StageKind.OPPORTUNITY, StageKind.WON]
        assert all(c.joins_pipeline for c in plan.channels)
        assert all(s.delay.median_days > 0 for s in plan.pipeline)
    retail = plans["retail_b2c", lang]
    assert not retail.pipeline
    assert 0.2 <= retail.offer.repeat_purchase_rate <= 0.4
    assert retail.offer.repeat_delay_days > 0
    assert retail.offer.cross_sell_attach_rate > 0 and retail.offer.add_on_value > 0


def test_cycle_lengths_match_the_markets(plans: dict[tuple[str, str], Plan]) -> None:
    def cycle_days(plan: Plan) -> float:
        return sum(s.delay.median_days for s in plan.pipeline)

    # Medians from meeting booked to won: SaaS one to two months, consulting three to nine.
    assert 30 <= cycle_days(plans["saas_smb", "en"]) <= 60
    assert 90 <= cycle_days(plans["consulting_enterprise", "en"]) <= 270


def test_phone_channel_is_sized_for_its_revenue_objective(
    plans: dict[tuple[str, str], Plan],
) -> None:
    plan = plans["saas_smb", "en"]
    objective = next(o for o in plan.objectives if o.channel_id == "phone")
    assert objective.metric is Metric.REVENUE
    phone = plan.channel("phone")
    typical = math.prod(s.rate.typical for s in plan.funnel(phone))
    wins = phone.activities_per_week * typical * plan.meta.horizon_weeks
    # By hand from benchmarks.md: 300 dials × 7.6 % connect × 4.7 % meeting × 70 % show
    # × 47 % qualified × 25 % won × 52 weeks ≈ 4.6 deals.
    assert wins == pytest.approx(300 * 0.076 * 0.047 * 0.70 * 0.47 * 0.25 * 52, rel=1e-9)
    assert wins == pytest.approx(4.6, abs=0.1)
    needed = objective.target / plan.offer.expected_deal_value
    # Enough before delays and uncertainty, without making the objective trivial.
    assert 1.0 <= wins / needed <= 2.0


def test_unknown_scenario_names_it_and_lists_the_known_ones() -> None:
    for call in (
        lambda: build_scenario("pizza", "fr", START),
        lambda: scenario_name("pizza", "en"),
        lambda: scenario_description("pizza", "en"),
    ):
        with pytest.raises(UnknownScenario) as caught:
            call()
        message = str(caught.value)
        assert "pizza" in message
        assert all(known in message for known in SCENARIO_IDS)
        assert isinstance(caught.value, ValueError)


def test_unsupported_language_is_refused() -> None:
    with pytest.raises(ValueError, match="de"):
        build_scenario("saas_smb", "de", START)


@pytest.mark.parametrize("market", list(Market))
@pytest.mark.parametrize("lang", LANGS)
def test_blank_plan_is_valid_for_both_markets(market: Market, lang: str) -> None:
    plan = blank_plan("Mon plan", market, lang, START)
    assert parse_plan(plan_to_json(plan)) == plan
    assert plan.meta.market is market and plan.meta.language == lang
    assert plan.meta.start_date == START and plan.meta.name == "Mon plan"
    assert plan.channels == [] and plan.offer.deal_value > 0
    for criterion in (plan.bant.budget, plan.bant.authority, plan.bant.need, plan.bant.timing):
        assert criterion.question.strip() and not criterion.question.startswith("scenario.")


def test_locale_files_have_the_same_keys_and_allowed_tables() -> None:
    english, french = _locale_keys("en"), _locale_keys("fr")
    assert english == french
    assert {key.split(".")[0] for key in english} <= {"scenario", "benchmark", "stage"}


def test_french_texts_follow_french_typography() -> None:
    with (LOCALES / "fr" / "scenarios.toml").open("rb") as handle:
        text = " ".join(_values(tomllib.load(handle)))
    for wrong in (" :", " ;", " ?", " !", " %", " €", "'"):
        assert wrong not in text, f"French text contains {wrong!r}"


def _values(table: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for value in table.values():
        found.extend(_values(value) if isinstance(value, dict) else [str(value)])
    return found


@pytest.mark.parametrize("key", sorted(BENCHMARKS))
def test_benchmark_catalogue_entries_resolve_in_both_languages(key: str) -> None:
    texts = set()
    for lang in LANGS:
        rate = benchmark_rate(key, lang)
        assert rate.low <= rate.typical <= rate.high
        assert rate.definition.strip() and not rate.definition.startswith("benchmark.")
        assert rate.source.strip() and not rate.source.startswith("benchmark.")
        assert "÷" in rate.definition, "a definition states numerator ÷ denominator"
        texts.add((rate.definition, rate.source))
    assert len(texts) == 2, "French and English texts must differ"
    assert "open" not in key, "e-mail open rate must never be a stage"


def test_derived_and_assumed_rates_say_so() -> None:
    derived = ("email.reply_to_meeting", "referral.lead_to_meeting", "cold_call.dial_to_meeting")
    assumed = ("events.conversation_to_meeting", "referral.introduction", "b2c_email.click")
    for key in derived:
        assert "derived" in benchmark_rate(key, "en").source.lower()
        assert "dérivé" in benchmark_rate(key, "fr").source.lower()
    for key in assumed:
        assert "assumption" in benchmark_rate(key, "en").source.lower()
        assert "hypothèse" in benchmark_rate(key, "fr").source.lower()


def test_benchmarks_match_the_documented_priors() -> None:
    # P10 / P90 of the default priors in benchmarks.md.
    documented = {
        "cold_call.connect": (0.03, 0.13),
        "email.reply": (0.015, 0.10),
        "linkedin.acceptance": (0.18, 0.42),
        "meeting.show": (0.65, 0.90),
        "pipeline.meeting_to_opportunity": (0.30, 0.65),
        "pipeline.win.smb_mid_market": (0.15, 0.35),
        "ecommerce.conversion": (0.008, 0.04),
        "ecommerce.repeat_12m": (0.20, 0.40),
    }
    for key, (low, high) in documented.items():
        assert (BENCHMARKS[key].low, BENCHMARKS[key].high) == (low, high), key
    assert DELAYS["pipeline.opportunity_to_won.enterprise"].median_days == 180


def test_unknown_benchmark_is_named() -> None:
    with pytest.raises(UnknownBenchmark, match=r"email\.open_rate"):
        benchmark_rate("email.open_rate", "en")


def test_building_a_plan_does_not_change_the_catalogue() -> None:
    before = {key: rate.model_dump() for key, rate in BENCHMARKS.items()}
    plan = build_scenario("saas_smb", "en", START)
    plan.pipeline[0].rate.typical = 0.99
    plan.pipeline[0].delay.median_days = 99
    assert {key: rate.model_dump() for key, rate in BENCHMARKS.items()} == before
    assert DELAYS["meeting.booked_to_held"].median_days == 6
