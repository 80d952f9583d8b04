"""A/B verdicts: the worked example of simulation.md, sample sizes, losses, verdict rule, counts."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from planner.tracking.abtest import (
    MIN_TRIALS_PER_ARM,
    Arm,
    Verdict,
    ab_counts,
    ab_test,
    arms_from_counts,
    expected_loss,
    lift_interval,
    prob_b_beats_a,
    sample_needed,
    sample_size_per_arm,
    z_test,
)

A, B = Arm("A", 34, 1000), Arm("B", 48, 1000)


def _rng(seed: int = 7) -> np.random.Generator:
    return np.random.default_rng(seed)


def test_the_worked_example_z_and_p() -> None:
    found = z_test(A, B)

    assert found is not None
    assert found.z == pytest.approx(1.58, abs=0.005)
    assert found.p_value == pytest.approx(0.114, abs=0.0005)


def test_the_worked_example_probability_b_beats_a() -> None:
    assert prob_b_beats_a(A, B) == pytest.approx(0.942, abs=0.0005)


def test_the_closed_form_agrees_with_draws() -> None:
    rng = _rng(1)
    pa = rng.beta(A.alpha, A.beta, 400_000)
    pb = rng.beta(B.alpha, B.beta, 400_000)

    assert prob_b_beats_a(A, B) == pytest.approx(float(np.mean(pb > pa)), abs=0.002)
    assert expected_loss(A, B) == pytest.approx(float(np.mean(np.maximum(pb - pa, 0))), abs=2e-4)
    assert expected_loss(B, A) == pytest.approx(float(np.mean(np.maximum(pa - pb, 0))), abs=2e-5)


def test_probability_is_symmetric() -> None:
    assert prob_b_beats_a(A, B) + prob_b_beats_a(B, A) == pytest.approx(1.0, abs=1e-12)
    assert prob_b_beats_a(A, Arm("A2", 34, 1000)) == pytest.approx(0.5, abs=1e-9)


@pytest.mark.parametrize(
    ("p1", "p2", "expected"),
    [(0.034, 0.041, 11_562), (0.034, 0.050, 2_467)],
)
def test_sample_sizes_of_simulation_md(p1: float, p2: float, expected: int) -> None:
    found = sample_size_per_arm(p1, p2)

    assert found == pytest.approx(expected, rel=0.01)
    assert found == expected  # the formula of the module doc gives them exactly


def test_sample_size_refuses_equal_or_impossible_rates() -> None:
    with pytest.raises(ValueError):
        sample_size_per_arm(0.05, 0.05)
    with pytest.raises(ValueError):
        sample_size_per_arm(0.0, 0.05)


@pytest.mark.parametrize("arm", [Arm("x", 5, 50), Arm("y", 0, 40), Arm("z", 300, 300)])
def test_expected_loss_of_identical_arms_is_equal_both_ways(arm: Arm) -> None:
    twin = Arm("twin", arm.conversions, arm.trials)

    assert expected_loss(arm, twin) == pytest.approx(expected_loss(twin, arm), abs=1e-12)
    assert expected_loss(arm, twin) > 0


def test_expected_loss_swaps_with_the_arms() -> None:
    assert expected_loss(A, B) > expected_loss(B, A)
    # Choosing A loses E[max(pB − pA, 0)]; the difference of the two losses is E[pB − pA].
    mean_diff = B.alpha / (B.alpha + B.beta) - A.alpha / (A.alpha + A.beta)
    assert expected_loss(A, B) - expected_loss(B, A) == pytest.approx(mean_diff, abs=1e-12)


def test_lift_interval_is_reproducible_with_a_seed() -> None:
    first = lift_interval(A, B, _rng(3))
    again = lift_interval(A, B, _rng(3))

    assert first == again
    low, median, high = first
    assert low < 0 < median < high
    assert median == pytest.approx(48 / 34 - 1, abs=0.05)


def test_worked_example_is_not_enough_data_yet_with_weeks() -> None:
    result = ab_test(A, B, _rng(), weekly_trials_per_arm=250)

    assert result.verdict is Verdict.NOT_ENOUGH_DATA
    assert result.reason == "sample_not_reached"
    assert result.sample is not None
    # +20 % over 3.4 % is 4.08 %: 12,221 per arm; 11,221 missing at 250 a week → 45 weeks.
    assert result.sample.per_arm == sample_size_per_arm(0.034, 0.034 * 1.2)
    assert result.sample.missing_per_arm == result.sample.per_arm - 1000
    assert result.sample.weeks_needed == 45
    assert "45" in result.message("en")
    assert "94.2%" in result.message("en")
    assert "94,2\xa0%" in result.message("fr")


@pytest.mark.parametrize(
    ("a", "b", "verdict", "reason"),
    [
        (Arm("A", 1, 3), Arm("B", 2, 4), Verdict.NOT_ENOUGH_DATA, "few_trials"),
        (Arm("A", 2, 40), Arm("B", 3, 40), Verdict.NOT_ENOUGH_DATA, "few_conversions"),
        (Arm("A", 20, 1000), Arm("B", 60, 1000), Verdict.B_BETTER, "probability"),
        (Arm("A", 60, 1000), Arm("B", 20, 1000), Verdict.A_BETTER, "probability"),
        (Arm("A", 500, 20_000), Arm("B", 505, 20_000), Verdict.NO_DIFFERENCE, "sample_reached"),
        (Arm("A", 34, 1000), Arm("B", 48, 1000), Verdict.NOT_ENOUGH_DATA, "sample_not_reached"),
    ],
)
def test_verdict_rule(a: Arm, b: Arm, verdict: Verdict, reason: str) -> None:
    result = ab_test(a, b, _rng())

    assert (result.verdict, result.reason) == (verdict, reason)
    for lang in ("en", "fr"):
        text = result.message(lang)
        assert "abtest." not in text
        assert a.variant in text and b.variant in text


def test_no_weekly_volume_says_so() -> None:
    found = sample_needed(A, B, weekly_trials_per_arm=None)

    assert found is not None and found.weeks_needed is None
    assert "no weekly volume" in found.message("en")


def test_no_baseline_means_no_sample_size() -> None:
    assert sample_needed(Arm("A", 0, 100), Arm("B", 3, 100)) is None


def test_z_test_without_variance_is_none() -> None:
    assert z_test(Arm("A", 0, 50), Arm("B", 0, 50)) is None
    assert z_test(Arm("A", 0, 0), Arm("B", 0, 50)) is None


def test_an_arm_with_more_conversions_than_trials_is_refused() -> None:
    with pytest.raises(ValueError):
        Arm("A", 5, 3)


def _events(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime([d for d, _, _ in rows]),
            "event": pd.array([e for _, e, _ in rows], dtype="string"),
            "variant": pd.array([v for _, _, v in rows], dtype="string"),
        }
    )


def test_ab_counts_groups_by_variant_and_measures_weeks() -> None:
    rows = [
        *[("2026-01-05", "activity", "a")] * 3,
        ("2026-01-18", "activity", "a"),  # 14 days from the first: 2 weeks
        ("2026-01-06", "reply", "a"),
        *[("2026-01-05", "activity", "b")] * 2,
        *[("2026-01-07", "reply", "b")] * 2,
        ("2026-01-07", "activity", None),
        ("2026-01-07", "meeting_booked", "b"),
    ]
    counts = ab_counts(_events(rows), "reply", "activity")

    assert counts.to_dict("list") == {
        "variant": ["a", "b"],
        "trials": [4, 2],
        "conversions": [1, 2],
        "weeks": [2.0, 1.0],
        "unit": ["row", "row"],  # no prospect column: each row counts
    }
    a, b, weekly = arms_from_counts(counts, "a", "b")
    assert (a, b) == (Arm("a", 1, 4), Arm("b", 2, 2))
    assert weekly == 2.0


def test_ab_counts_keep_only_the_events_of_the_period() -> None:
    rows = [
        ("2026-01-04", "activity", "a"),  # the day before the period
        ("2026-01-05", "activity", "a"),  # its first day
        ("2026-01-31", "reply", "a"),  # its last day, any time of it
        ("2026-02-01", "reply", "a"),  # the day after
        ("2026-01-10", "activity", "b"),
    ]
    log = _events(rows)
    log.loc[2, "date"] = pd.Timestamp("2026-01-31 18:30")

    counts = ab_counts(log, "reply", "activity", dt.date(2026, 1, 5), dt.date(2026, 1, 31))

    assert counts[["variant", "trials", "conversions"]].to_dict("list") == {
        "variant": ["a", "b"],
        "trials": [1, 1],
        "conversions": [1, 0],
    }


def test_ab_counts_of_an_untagged_log_is_empty() -> None:
    counts = ab_counts(_events([("2026-01-05", "activity", None)]), "reply", "activity")

    assert counts.empty
    assert list(counts.columns) == ["variant", "trials", "conversions", "weeks", "unit"]
    a, b, weekly = arms_from_counts(counts, "a", "b")
    assert (a.trials, b.trials, weekly) == (0, 0, None)
    assert ab_test(a, b, _rng()).verdict is Verdict.NOT_ENOUGH_DATA
    assert MIN_TRIALS_PER_ARM > 0


def _named(rows: list[tuple[str, str | None, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime([d for d, _, _, _ in rows]),
            "prospect": pd.array([p for _, p, _, _ in rows], dtype="string"),
            "event": pd.array([e for _, _, e, _ in rows], dtype="string"),
            "variant": pd.array([v for _, _, _, v in rows], dtype="string"),
        }
    )


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (  # p1 e-mailed three times and replying twice is one trial, one conversion
            [
                ("2026-01-05", "p1", "activity", "a"),
                ("2026-01-12", "p1", "activity", "a"),
                ("2026-01-19", "p1", "activity", "a"),
                ("2026-01-13", "p1", "reply", "a"),
                ("2026-01-20", "p1", "reply", "a"),
                ("2026-01-05", "p2", "activity", "a"),
            ],
            {"trials": [2], "conversions": [1], "weeks": [1.0], "unit": ["prospect"]},
        ),
        (  # rows without a prospect still count one each, and say so
            [
                ("2026-01-05", None, "activity", "a"),
                ("2026-01-05", None, "activity", "a"),
                ("2026-01-06", None, "reply", "a"),
            ],
            {"trials": [2], "conversions": [1], "weeks": [1.0], "unit": ["row"]},
        ),
        (  # both kinds in one variant
            [
                ("2026-01-05", "p1", "activity", "a"),
                ("2026-01-06", "p1", "activity", "a"),
                ("2026-01-19", None, "activity", "a"),
            ],
            {"trials": [2], "conversions": [0], "weeks": [15 / 7], "unit": ["mixed"]},
        ),
    ],
    ids=["one-prospect-once", "unnamed-rows", "mixed"],
)
def test_ab_counts_count_each_prospect_once_per_variant(
    rows: list[tuple[str, str | None, str, str | None]], expected: dict[str, list[object]]
) -> None:
    counts = ab_counts(_named(rows), "reply", "activity")

    found = counts.drop(columns="variant").to_dict("list")
    assert found["trials"] == expected["trials"]
    assert found["conversions"] == expected["conversions"]
    assert found["weeks"] == pytest.approx(expected["weeks"])
    assert found["unit"] == expected["unit"]


def test_a_prospect_emailed_under_both_variants_counts_once_in_each() -> None:
    rows = [
        ("2026-01-05", "p1", "activity", "a"),
        ("2026-01-06", "p1", "activity", "b"),
        ("2026-01-07", "p1", "activity", "b"),
        ("2026-01-08", "p1", "reply", "b"),
    ]
    counts = ab_counts(_named(rows), "reply", "activity")

    assert counts[["variant", "trials", "conversions"]].to_dict("list") == {
        "variant": ["a", "b"],
        "trials": [1, 1],
        "conversions": [0, 1],
    }
