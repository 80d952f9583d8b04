"""Every default rate agrees with its parts and its source: combined rates are the product of
the stage rates they stand for, demo and new channels carry catalogue rates, priors' means match
the documented table (domain/benchmarks.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from planner.plan.benchmarks import BENCHMARKS, benchmark_rate
from planner.plan.defaults import channel_kinds, default_pipeline, default_stages
from planner.plan.model import Channel, ChannelKind, Market, Rate, Stage, StageKind
from planner.plan.priors import rate_prior
from planner.plan.scenarios import SCENARIO_IDS, build_scenario

LANGS = ("fr", "en")
START = dt.date(2027, 1, 4)

# A combined rate of the catalogue and the stage rates it stands for, in funnel order.
COMBINED = {
    "cold_call.dial_to_meeting": ("cold_call.connect", "cold_call.meeting"),
    "email.meeting_per_sent": ("email.reply", "email.reply_to_meeting"),
}
# The combined rate from first activity to meeting booked, per B2B channel kind.
CHANNEL_COMBINED = {
    ChannelKind.PHONE: "cold_call.dial_to_meeting",
    ChannelKind.EMAIL: "email.meeting_per_sent",
}
# The default priors table of benchmarks.md: benchmark, P10, P90, mean quoted there and half a
# unit of its last digit.
DOCUMENTED_PRIORS = [
    ("cold_call.connect", 0.03, 0.13, 0.076, 0.0005),
    ("cold_call.meeting", 0.03, 0.15, 0.084, 0.0005),
    ("email.reply", 0.015, 0.10, 0.053, 0.0005),
    ("email.positive_reply", 0.003, 0.02, 0.0105, 0.00005),
    ("linkedin.acceptance", 0.18, 0.42, 0.296, 0.0005),
    ("linkedin.reply", 0.10, 0.40, 0.24, 0.005),
    ("meeting.show", 0.65, 0.90, 0.78, 0.005),
    ("pipeline.meeting_to_opportunity", 0.30, 0.65, 0.47, 0.005),
    ("pipeline.win.smb_mid_market", 0.15, 0.35, 0.25, 0.005),
    ("ecommerce.conversion", 0.008, 0.04, 0.022, 0.0005),
    ("ecommerce.repeat_12m", 0.20, 0.40, 0.30, 0.005),
]


def significant(value: float) -> int:
    """How many significant digits a catalogue value is written with (0.0036 -> 2)."""
    return len(f"{value:.10g}".lstrip("0.").replace(".", "").rstrip("0")) or 1


def same_when_rounded(product: float, combined: float) -> bool:
    """Whether the product, rounded as the combined value is written, is that value."""
    return float(f"{product:.{significant(combined)}g}") == combined


def default_channels() -> Iterator[tuple[str, Market, Channel | list[Stage]]]:
    """Every channel of every demo plan, and the stages of every new channel, in both languages."""
    for lang in LANGS:
        for scenario in SCENARIO_IDS:
            plan = build_scenario(scenario, lang, START)
            for channel in plan.channels:
                yield f"{scenario}/{channel.id}/{lang}", plan.meta.market, channel
        for market in Market:
            for kind in channel_kinds(market):
                yield (
                    f"new/{market.value}/{kind.value}/{lang}",
                    market,
                    _kinded(kind, default_stages(kind, market, lang)),
                )


def _kinded(kind: ChannelKind, stages: list[Stage]) -> Channel:
    return Channel(id="c", kind=kind, name="c", activity_name="a", stages=stages)


def to_meeting(channel: Channel) -> list[Stage] | None:
    """The channel's stages up to its meeting booked; None when it books none."""
    for i, stage in enumerate(channel.stages):
        if stage.kind is StageKind.MEETING_BOOKED:
            return channel.stages[: i + 1]
    return None


def catalogue_key(rate: Rate) -> str | None:
    """The catalogue entry a rate was copied from, by its numbers."""
    for key, entry in BENCHMARKS.items():
        if (entry.low, entry.typical, entry.high) == (rate.low, rate.typical, rate.high):
            return key
    return None


@pytest.mark.parametrize("combined", sorted(COMBINED))
def test_a_combined_catalogue_rate_is_the_product_of_its_stages(combined: str) -> None:
    product = 1.0
    for part in COMBINED[combined]:
        product *= BENCHMARKS[part].typical
    assert same_when_rounded(product, BENCHMARKS[combined].typical), (
        f"{combined}: {BENCHMARKS[combined].typical} but its stages give {product:.5f}"
    )


CHANNELS = list(default_channels())
# The B2B channels whose kind has a combined rate to meeting booked (phone, e-mail).
WITH_COMBINED = [
    c
    for c in CHANNELS
    if c[1] is Market.B2B and c[2].kind in CHANNEL_COMBINED and to_meeting(c[2]) is not None
]


@pytest.mark.parametrize(
    "channel", [c[2] for c in WITH_COMBINED], ids=[c[0] for c in WITH_COMBINED]
)
def test_a_default_channel_books_meetings_at_its_combined_rate(channel: Channel) -> None:
    stages = to_meeting(channel) or []
    combined = CHANNEL_COMBINED[channel.kind]
    product = 1.0
    for stage in stages:
        product *= stage.rate.typical
    assert same_when_rounded(product, BENCHMARKS[combined].typical), (
        f"stages give {product:.5f} a meeting per activity, {combined} says "
        f"{BENCHMARKS[combined].typical}"
    )


@pytest.mark.parametrize(
    ("market", "channel"), [c[1:] for c in CHANNELS], ids=[c[0] for c in CHANNELS]
)
def test_every_default_stage_carries_a_catalogue_rate_with_its_source(
    market: Market, channel: Channel
) -> None:
    for stage in channel.stages:
        key = catalogue_key(stage.rate)
        assert key is not None, f"{stage.id}: {stage.rate} is not in the catalogue"
        assert stage.rate.source.strip() and not stage.rate.source.startswith("benchmark.")


@pytest.mark.parametrize("lang", LANGS)
def test_the_shared_pipeline_carries_catalogue_rates_with_their_texts(lang: str) -> None:
    for stage in default_pipeline(Market.B2B, lang):
        key = catalogue_key(stage.rate)
        assert key is not None, stage.id
        assert stage.rate == benchmark_rate(key, lang)


@pytest.mark.parametrize(
    ("key", "low", "high", "mean", "shown"),
    DOCUMENTED_PRIORS,
    ids=[r[0] for r in DOCUMENTED_PRIORS],
)
def test_a_default_prior_has_the_documented_range_and_mean(
    key: str, low: float, high: float, mean: float, shown: float
) -> None:
    rate = BENCHMARKS[key]
    assert (rate.low, rate.high) == (low, high)
    assert rate_prior(rate).mean == pytest.approx(mean, abs=shown)


# Entries whose source says their typical value is the default prior's mean.
FROM_PRIOR = [
    key
    for key in sorted(BENCHMARKS)
    if any(
        words in benchmark_rate(key, "en").source.lower()
        for words in ("mean of the default prior", "typical and range from the default prior")
    )
]


def test_the_catalogue_says_which_typical_values_are_prior_means() -> None:
    assert FROM_PRIOR == ["cold_call.connect", "ecommerce.conversion"]


@pytest.mark.parametrize("key", FROM_PRIOR)
def test_a_typical_said_to_be_the_prior_mean_is_it(key: str) -> None:
    rate = BENCHMARKS[key]
    assert same_when_rounded(rate_prior(rate).mean, rate.typical)


def test_the_rounding_check_can_fail() -> None:
    assert same_when_rounded(0.0343 * 0.20, 0.007)
    assert not same_when_rounded(0.076 * 0.047, 0.008)  # the demo phone channel before the fix
