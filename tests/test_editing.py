"""Plan parts as table rows and back: ids, blanks and percentages."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from planner.plan.defaults import channel_kinds, default_pipeline, default_stages, new_channel
from planner.plan.editing import clean, from_percent, is_blank, new_id, slug, to_percent, with_ids
from planner.plan.model import ChannelKind, Market, StageKind


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Téléphone B2B", "telephone-b2b"),
        ("  E-mail froid ", "e-mail-froid"),
        ("€€€", "item"),
        ("", "item"),
    ],
)
def test_slug_makes_an_id_shaped_text(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_new_ids_never_collide() -> None:
    assert new_id("Phone", ["phone", "phone-2"]) == "phone-3"


def test_rows_keep_their_ids_and_new_rows_get_one() -> None:
    rows = with_ids(
        [{"id": "a", "name": "A"}, {"id": None, "name": "A"}, {"id": math.nan, "name": "B"}]
    )
    assert [r["id"] for r in rows] == ["a", "a-2", "b"]


@pytest.mark.parametrize("value", [None, math.nan, "", "   ", pd.NaT])
def test_blank_cells_are_recognised(value: object) -> None:
    assert is_blank(value)


def test_clean_turns_pandas_values_into_plain_python() -> None:
    row = clean(
        {"n": pd.Series([3]).iloc[0], "d": pd.Timestamp("2027-01-04"), "s": " x ", "m": math.nan}
    )
    assert row == {"n": 3, "d": pd.Timestamp("2027-01-04").date(), "s": "x", "m": None}
    assert type(row["n"]) is int


@pytest.mark.parametrize(("fraction", "percent"), [(0.034, 3.4), (0.1, 10.0), (1.0, 100.0)])
def test_percentages_round_trip(fraction: float, percent: float) -> None:
    assert to_percent(fraction) == percent
    assert from_percent(percent) == pytest.approx(fraction)


def test_text_typed_as_a_percentage_goes_on_to_validation() -> None:
    assert from_percent("abc") == "abc"


@pytest.mark.parametrize(("market", "kind"), [(m, k) for m in Market for k in channel_kinds(m)])
def test_every_channel_kind_of_a_market_gets_sourced_stages(
    market: Market, kind: ChannelKind
) -> None:
    stages = default_stages(kind, market, "fr")
    for stage in stages:
        assert stage.rate.source and stage.rate.definition
        assert stage.rate.low <= stage.rate.typical <= stage.rate.high


def test_sms_is_for_consumers_and_linkedin_for_businesses() -> None:
    assert ChannelKind.SMS not in channel_kinds(Market.B2B)
    assert ChannelKind.LINKEDIN not in channel_kinds(Market.B2C)


def test_a_new_b2b_phone_channel_books_meetings_and_joins_the_pipeline() -> None:
    channel = new_channel(ChannelKind.PHONE, Market.B2B, "en", "Cold calls", ["cold-calls"])
    assert channel.id == "cold-calls-2"
    assert channel.stages[-1].kind is StageKind.MEETING_BOOKED
    assert channel.joins_pipeline
    assert default_pipeline(Market.B2B, "en")[-1].kind is StageKind.WON


def test_a_new_b2c_email_channel_ends_with_orders_and_no_pipeline() -> None:
    channel = new_channel(ChannelKind.EMAIL, Market.B2C, "fr", "", [])
    assert channel.stages[-1].kind is StageKind.WON
    assert not channel.joins_pipeline
    assert default_pipeline(Market.B2C, "fr") == []


def test_a_fields_bounds_are_read_from_the_model() -> None:
    from planner.plan.editing import field_bounds
    from planner.plan.model import Team

    assert field_bounds(Team, "hours_per_rep_per_week") == (0.0, 80.0)
    assert field_bounds(Team, "reps") == (0.0, 10_000.0)
