"""A/B verdicts for script variants: Bayesian chances and losses, the z-test, the sample needed.

Each variant's rate has the posterior Beta(1 + k, 1 + n − k) (uniform prior) from k conversions
out of n trials. P(B > A) and the expected losses are exact (Evan Miller, "Formulas for Bayesian
A/B testing"); the credible interval of the relative lift is drawn with a passed-in generator.
The sample size per arm for a chosen lift is the classic two-proportion formula (α 0.05 two-sided,
power 0.8):

    n = (z(1 − α/2) · √(2 p̄ (1 − p̄)) + z(power) · √(p1 (1 − p1) + p2 (1 − p2)))² / (p2 − p1)²

with p̄ = (p1 + p2) / 2, rounded up; it gives 11,562 for 3.4 % → 4.1 % and 2,467 for 3.4 % → 5.0 %.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd
from scipy import special, stats

from planner.core.i18n import fmt_number, fmt_percent, t

# The pairs of steps an A/B test compares (conversions, trials), and the seed of its draws.
AB_PAIRS: tuple[tuple[str, str], ...] = (
    ("reply", "activity"),
    ("connection", "activity"),
    ("conversation", "connection"),
    ("meeting_booked", "reply"),
    ("meeting_booked", "activity"),
    ("meeting_held", "meeting_booked"),
    ("opportunity", "meeting_held"),
    ("won", "opportunity"),
    ("won", "activity"),
    ("won", "visit"),
)
AB_SEED = 20_260_101

ALPHA = 0.05
POWER = 0.8
DEFAULT_LIFT = 0.20  # the relative lift the sample size is computed for: +20 %
DECISION_PROBABILITY = 0.95  # P(B > A) at or above this (or at or below 1 − this) decides
MIN_CONVERSIONS = 10  # conversions of both variants together before any verdict
MIN_TRIALS_PER_ARM = 30
DRAWS = 200_000
CREDIBLE_MASS = 0.95
CLOSED_FORM_LIMIT = 5_000_000  # terms of Evan Miller's sum beyond which draws are used


class Verdict(StrEnum):
    """What the test says."""

    B_BETTER = "b_better"
    A_BETTER = "a_better"
    NO_DIFFERENCE = "no_difference"
    NOT_ENOUGH_DATA = "not_enough_data"


@dataclass(frozen=True)
class Arm:
    """One variant: its name, conversions k and trials n."""

    variant: str
    conversions: int
    trials: int

    def __post_init__(self) -> None:
        if self.trials < 0 or not 0 <= self.conversions <= self.trials:
            raise ValueError(
                f"variant {self.variant}: 0 ≤ conversions ≤ trials is required "
                f"(got {self.conversions} of {self.trials})"
            )

    @property
    def rate(self) -> float | None:
        """Observed rate k ÷ n, None without trials."""
        return self.conversions / self.trials if self.trials else None

    @property
    def alpha(self) -> int:
        """First parameter of the Beta posterior: 1 + k."""
        return 1 + self.conversions

    @property
    def beta(self) -> int:
        """Second parameter of the Beta posterior: 1 + n − k."""
        return 1 + self.trials - self.conversions


@dataclass(frozen=True)
class ZTest:
    """The pooled two-proportion z-test of B against A."""

    z: float
    p_value: float

    def message(self, lang: str) -> str:
        """One line: z and the two-sided p-value."""
        return t(
            lang, "abtest.ztest", z=fmt_number(self.z, lang, 2), p=fmt_number(self.p_value, lang, 3)
        )


@dataclass(frozen=True)
class SampleSize:
    """Trials per arm needed to detect a lift, and the weeks still needed at the current volume."""

    baseline: float
    target: float
    per_arm: int
    missing_per_arm: int
    weeks_needed: int | None  # None when the weekly volume is unknown or zero

    def message(self, lang: str) -> str:
        """One line: the sample per arm, what is missing, in weeks."""
        params = {
            "baseline": fmt_percent(self.baseline, lang, 1),
            "target": fmt_percent(self.target, lang, 1),
            "n": fmt_number(self.per_arm, lang),
            "missing": fmt_number(self.missing_per_arm, lang),
        }
        if self.missing_per_arm == 0:
            return t(lang, "abtest.sample.reached", **params)
        if self.weeks_needed is None:
            return t(lang, "abtest.sample.no_volume", **params)
        return t(lang, "abtest.sample.weeks", weeks=fmt_number(self.weeks_needed, lang), **params)


@dataclass(frozen=True)
class AbResult:
    """Everything the A/B verdict rests on."""

    a: Arm
    b: Arm
    prob_b_better: float
    loss_choosing_a: float  # expected rate given up by choosing A if B is better
    loss_choosing_b: float
    lift_low: float | None  # credible interval of (pB − pA) ÷ pA
    lift_median: float | None
    lift_high: float | None
    ztest: ZTest | None  # None when both variants convert always or never
    sample: SampleSize | None  # None when A's rate is 0 or the lift makes it reach 1
    verdict: Verdict
    reason: str  # locale key under abtest.reason

    def message(self, lang: str) -> str:
        """The verdict and its reason in one sentence."""
        params = {
            "a": self.a.variant,
            "b": self.b.variant,
            "p": fmt_percent(self.prob_b_better, lang, 1),
            "conversions": fmt_number(self.a.conversions + self.b.conversions, lang),
            "min_conversions": fmt_number(MIN_CONVERSIONS, lang),
            "min_trials": fmt_number(MIN_TRIALS_PER_ARM, lang),
            "decision": fmt_percent(DECISION_PROBABILITY, lang, 0),
        }
        verdict = t(lang, f"abtest.verdict.{self.verdict.value}", **params)
        reason = t(lang, f"abtest.reason.{self.reason}", **params)
        if self.reason == "sample_not_reached" and self.sample is not None:
            reason = f"{reason} {self.sample.message(lang)}"
        return f"{verdict} — {reason}"


def _log_beta(a: float | np.ndarray, b: float | np.ndarray) -> np.ndarray:
    return np.asarray(special.betaln(a, b), dtype=np.float64)


def _prob_y_beats_x(ax: int, bx: int, ay: int, by: int) -> float:
    """P(Y > X) for X ~ Beta(ax, bx), Y ~ Beta(ay, by), ay a whole number (Evan Miller)."""
    i = np.arange(ay, dtype=np.float64)
    terms = (
        _log_beta(ax + i, bx + by)
        - np.log(by + i)
        - _log_beta(1 + i, by)
        - _log_beta(float(ax), float(bx))
    )
    return float(np.clip(np.exp(terms).sum(), 0.0, 1.0))


def _prob_greater(ax: int, bx: int, ay: int, by: int) -> float:
    """P(Y > X), summing over the shorter of the two possible sums."""
    if ay <= ax:
        return _prob_y_beats_x(ax, bx, ay, by)
    return 1.0 - _prob_y_beats_x(ay, by, ax, bx)


def prob_b_beats_a(a: Arm, b: Arm, rng: np.random.Generator | None = None) -> float:
    """P(pB > pA) under the Beta posteriors: exact, or 200k draws for huge counts."""
    if min(a.alpha, b.alpha) <= CLOSED_FORM_LIMIT:
        return _prob_greater(a.alpha, a.beta, b.alpha, b.beta)
    if rng is None:
        raise ValueError("counts this large need a random generator for the draws")
    pa = rng.beta(a.alpha, a.beta, DRAWS)
    pb = rng.beta(b.alpha, b.beta, DRAWS)
    return float(np.mean(pb > pa))


def expected_loss(chosen: Arm, other: Arm) -> float:
    """E[max(p_other − p_chosen, 0)]: the rate given up, on average, by choosing `chosen`.

    E[p_o · 1(p_o > p_c)] − E[p_c · 1(p_o > p_c)], each a mean times P(Y > X) with one Beta
    parameter raised by one (the size-biased distribution).
    """
    ac, bc, ao, bo = chosen.alpha, chosen.beta, other.alpha, other.beta
    mean_o = ao / (ao + bo)
    mean_c = ac / (ac + bc)
    loss = mean_o * _prob_greater(ac, bc, ao + 1, bo) - mean_c * _prob_greater(ac + 1, bc, ao, bo)
    return max(loss, 0.0)


def lift_interval(
    a: Arm, b: Arm, rng: np.random.Generator, mass: float = CREDIBLE_MASS, draws: int = DRAWS
) -> tuple[float, float, float]:
    """Credible interval (low, median, high) of the relative lift (pB − pA) ÷ pA, by drawing."""
    pa = rng.beta(a.alpha, a.beta, draws)
    pb = rng.beta(b.alpha, b.beta, draws)
    lift = pb / pa - 1.0
    tail = (1.0 - mass) / 2.0
    low, median, high = np.quantile(lift, [tail, 0.5, 1.0 - tail])
    return float(low), float(median), float(high)


def z_test(a: Arm, b: Arm) -> ZTest | None:
    """Pooled two-proportion z-test, two-sided; None without trials or without variance."""
    if a.trials == 0 or b.trials == 0:
        return None
    pooled = (a.conversions + b.conversions) / (a.trials + b.trials)
    se = math.sqrt(pooled * (1.0 - pooled) * (1.0 / a.trials + 1.0 / b.trials))
    if se == 0.0:
        return None
    z = (b.conversions / b.trials - a.conversions / a.trials) / se
    return ZTest(z=z, p_value=float(2.0 * stats.norm.sf(abs(z))))


def sample_size_per_arm(p1: float, p2: float, alpha: float = ALPHA, power: float = POWER) -> int:
    """Trials per arm to tell p1 from p2 (two-sided α, power): the formula of the module doc."""
    if not (0.0 < p1 < 1.0 and 0.0 < p2 < 1.0) or p1 == p2:
        raise ValueError(f"two different rates strictly between 0 and 1 are needed ({p1}, {p2})")
    z_alpha = float(stats.norm.ppf(1.0 - alpha / 2.0))
    z_power = float(stats.norm.ppf(power))
    mean = (p1 + p2) / 2.0
    spread = z_alpha * math.sqrt(2.0 * mean * (1.0 - mean)) + z_power * math.sqrt(
        p1 * (1.0 - p1) + p2 * (1.0 - p2)
    )
    # Rounded to 9 digits first, so that a float error never adds a whole trial.
    return math.ceil(round(spread**2 / (p2 - p1) ** 2, 9))


def sample_needed(
    a: Arm, b: Arm, lift: float = DEFAULT_LIFT, weekly_trials_per_arm: float | None = None
) -> SampleSize | None:
    """The sample per arm for a relative lift over A's rate, and the weeks left at the volume."""
    baseline = a.rate
    if baseline is None or baseline <= 0.0:
        return None
    target = baseline * (1.0 + lift)
    if not 0.0 < target < 1.0 or target == baseline:
        return None
    per_arm = sample_size_per_arm(baseline, target)
    missing = max(per_arm - min(a.trials, b.trials), 0)
    weeks: int | None
    if missing == 0:
        weeks = 0
    elif weekly_trials_per_arm is None or weekly_trials_per_arm <= 0:
        weeks = None
    else:
        weeks = math.ceil(missing / weekly_trials_per_arm)
    return SampleSize(baseline, target, per_arm, missing, weeks)


def ab_test(
    a: Arm,
    b: Arm,
    rng: np.random.Generator,
    lift: float = DEFAULT_LIFT,
    weekly_trials_per_arm: float | None = None,
) -> AbResult:
    """The full A/B comparison of B against A, with a verdict and its reason.

    Rule: fewer than MIN_TRIALS_PER_ARM trials in a variant or fewer than MIN_CONVERSIONS
    conversions in both together → not enough data yet. Otherwise P(B > A) ≥ 0.95 → B is better,
    ≤ 0.05 → A is better. In between: no clear difference once each variant has the sample that
    detects the chosen lift, else not enough data yet (with the weeks still needed).
    """
    prob = prob_b_beats_a(a, b, rng)
    loss_a, loss_b = expected_loss(a, b), expected_loss(b, a)
    low = median = high = None
    if a.trials and b.trials:
        low, median, high = lift_interval(a, b, rng)
    sample = sample_needed(a, b, lift, weekly_trials_per_arm)
    verdict, reason = _verdict(a, b, prob, sample)
    return AbResult(
        a=a,
        b=b,
        prob_b_better=prob,
        loss_choosing_a=loss_a,
        loss_choosing_b=loss_b,
        lift_low=low,
        lift_median=median,
        lift_high=high,
        ztest=z_test(a, b),
        sample=sample,
        verdict=verdict,
        reason=reason,
    )


def _verdict(a: Arm, b: Arm, prob: float, sample: SampleSize | None) -> tuple[Verdict, str]:
    if min(a.trials, b.trials) < MIN_TRIALS_PER_ARM:
        return Verdict.NOT_ENOUGH_DATA, "few_trials"
    if a.conversions + b.conversions < MIN_CONVERSIONS:
        return Verdict.NOT_ENOUGH_DATA, "few_conversions"
    if prob >= DECISION_PROBABILITY:
        return Verdict.B_BETTER, "probability"
    if prob <= 1.0 - DECISION_PROBABILITY:
        return Verdict.A_BETTER, "probability"
    if sample is None or sample.missing_per_arm == 0:
        return Verdict.NO_DIFFERENCE, "sample_reached"
    return Verdict.NOT_ENOUGH_DATA, "sample_not_reached"


def ab_counts(
    events: pd.DataFrame,
    numerator_kind: str,
    denominator_kind: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.DataFrame:
    """Per variant: trials (denominator), conversions (numerator), weeks observed, and what
    was counted.

    A prospect counts once per variant: one trial (its first exposure: its first denominator
    event under the variant) and at most one conversion (its first numerator event under it),
    however many times it was e-mailed or called. Rows without a prospect count one each.
    `unit` says which: "prospect", "row", or "mixed" when a variant has both. Rows without a
    variant, or dated outside `start`..`end` (both included, when given), are left out. `weeks`
    spans the first to the last trial of the variant (at least one week), so trials ÷ weeks is
    its weekly volume.
    """
    columns = ["variant", "trials", "conversions", "weeks", "unit"]
    kinds = events["event"].astype("string")
    tagged = events["variant"].notna() & kinds.isin([numerator_kind, denominator_kind])
    if start is not None:
        tagged &= events["date"] >= pd.Timestamp(start)
    if end is not None:
        tagged &= events["date"] < pd.Timestamp(end) + pd.Timedelta(days=1)
    prospect = (
        events["prospect"].astype("string")
        if "prospect" in events
        else pd.Series(pd.NA, index=events.index, dtype="string")
    )
    rows = events.loc[tagged, ["variant", "event", "date"]].assign(prospect=prospect[tagged])
    if rows.empty:
        return pd.DataFrame(
            {
                "variant": pd.Series(dtype="string"),
                "trials": pd.Series(dtype="int64"),
                "conversions": pd.Series(dtype="int64"),
                "weeks": pd.Series(dtype="float64"),
                "unit": pd.Series(dtype="string"),
            }
        )
    named = rows["prospect"].notna()
    firsts: pd.DataFrame = (
        rows.loc[named]
        .astype({"variant": "string", "event": "string"})
        .groupby(["variant", "prospect", "event"], sort=False)["date"]
        .min()
        .reset_index()
    )
    rows = pd.concat([firsts, rows.loc[~named]], ignore_index=True)
    named = rows["prospect"].notna()
    variant = rows["variant"].astype("string")
    is_trial = rows["event"].astype("string") == denominator_kind
    is_conversion = rows["event"].astype("string") == numerator_kind
    frame = pd.DataFrame(
        {
            "variant": variant,
            "trial": is_trial.astype("int64"),
            "conversion": is_conversion.astype("int64"),
            "trial_date": rows["date"].where(is_trial),
            "named": (is_trial & named).astype("int64"),
            "unnamed": (is_trial & ~named).astype("int64"),
        }
    )
    grouped = frame.groupby("variant", sort=True)
    with_names, without = grouped["named"].sum(), grouped["unnamed"].sum()
    unit = np.where(without == 0, "prospect", np.where(with_names == 0, "row", "mixed"))
    span = grouped["trial_date"].max() - grouped["trial_date"].min()
    days = span.dt.days.fillna(0).astype("float64") + 1.0
    out = pd.DataFrame(
        {
            "trials": grouped["trial"].sum(),
            "conversions": grouped["conversion"].sum(),
            "weeks": np.maximum(days / 7.0, 1.0),
            "unit": pd.array(unit, dtype="string"),
        },
        index=with_names.index,
    ).reset_index()
    out["variant"] = out["variant"].astype("string")
    return out[columns]


def arms_from_counts(counts: pd.DataFrame, a: str, b: str) -> tuple[Arm, Arm, float | None]:
    """The two arms of an ab_counts frame and their weekly trials per arm (the smaller one).

    ValueError when a variant has more conversions than trials: the stage pair does not nest.
    """
    found = {
        str(variant): (int(trials), int(conversions), float(weeks))
        for variant, trials, conversions, weeks in zip(
            counts["variant"], counts["trials"], counts["conversions"], counts["weeks"], strict=True
        )
    }
    arms: list[Arm] = []
    weekly: list[float] = []
    for name in (a, b):
        if name in found:
            trials, conversions, weeks = found[name]
            arms.append(Arm(name, conversions, trials))  # ValueError if k > n
            weekly.append(trials / weeks)
        else:
            arms.append(Arm(name, 0, 0))
            weekly.append(0.0)
    volume = min(weekly)
    return arms[0], arms[1], volume if volume > 0 else None
