"""Default conversion rates and delays, with their definitions and sources (benchmarks.md).

Each entry of BENCHMARKS is a Rate whose low and high are the P10 and P90 of the default
prior and whose `definition` and `source` hold locale keys; `benchmark_rate` returns the
same Rate with both texts resolved in a language. Rates marked "assumption" or "derived"
in their source are not published figures. E-mail open rate is deliberately absent: it is
inflated by Apple Mail Privacy Protection and must never be a funnel stage.
"""

from __future__ import annotations

from planner.core.i18n import t
from planner.plan.model import Delay, Rate


def _entry(key: str, low: float, typical: float, high: float) -> tuple[str, Rate]:
    stem = f"benchmark.{key.replace('.', '_')}"
    rate = Rate(
        low=low,
        typical=typical,
        high=high,
        definition=f"{stem}.definition",
        source=f"{stem}.source",
    )
    return key, rate


BENCHMARKS: dict[str, Rate] = dict(
    [
        # Cold calling (B2B).
        _entry("cold_call.connect", 0.03, 0.076, 0.13),
        _entry("cold_call.meeting", 0.03, 0.047, 0.15),
        # Typical = connect × conversation → meeting (7.6 % × 4.7 %): the channel's own stages.
        _entry("cold_call.dial_to_meeting", 0.0027, 0.0036, 0.02),
        # Cold e-mail (B2B); rates per delivered e-mail, never per opened one.
        _entry("email.reply", 0.015, 0.0343, 0.10),
        _entry("email.positive_reply", 0.003, 0.0075, 0.02),
        _entry("email.meeting_per_sent", 0.0015, 0.007, 0.03),
        _entry("email.reply_to_meeting", 0.10, 0.20, 0.40),
        # LinkedIn (B2B).
        _entry("linkedin.acceptance", 0.18, 0.28, 0.42),
        _entry("linkedin.reply", 0.10, 0.24, 0.40),
        _entry("linkedin.reply_to_meeting", 0.10, 0.20, 0.40),
        # Networking, events and referrals (B2B).
        _entry("events.conversation_to_meeting", 0.05, 0.10, 0.20),
        _entry("referral.introduction", 0.15, 0.30, 0.50),
        _entry("referral.lead_to_meeting", 0.40, 0.70, 0.90),
        # Shared B2B pipeline.
        _entry("meeting.show", 0.65, 0.70, 0.90),
        _entry("pipeline.meeting_to_opportunity", 0.30, 0.47, 0.65),
        _entry("pipeline.win.smb_mid_market", 0.15, 0.25, 0.35),
        _entry("pipeline.win.enterprise", 0.10, 0.15, 0.20),
        # Consumers (B2C).
        _entry("ecommerce.conversion", 0.008, 0.022, 0.04),
        _entry("ecommerce.repeat_12m", 0.20, 0.28, 0.40),
        _entry("b2c_email.click", 0.01, 0.02, 0.04),
        _entry("social.click", 0.005, 0.01, 0.02),
        _entry("events.stand_purchase", 0.05, 0.12, 0.20),
    ]
)

# Lognormal delays to reach a stage (median days, log-sd), from benchmarks.md.
DELAYS: dict[str, Delay] = {
    "meeting.booked_to_held": Delay(median_days=6.0, log_sd=0.6),
    "pipeline.held_to_opportunity": Delay(median_days=14.0, log_sd=0.7),
    "pipeline.opportunity_to_won.smb": Delay(median_days=30.0, log_sd=0.7),
    "pipeline.opportunity_to_won.mid_market": Delay(median_days=75.0, log_sd=0.7),
    "pipeline.opportunity_to_won.enterprise": Delay(median_days=180.0, log_sd=0.8),
}


class UnknownBenchmark(KeyError):
    """Raised for a benchmark key that is not in the catalogue."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def benchmark_rate(key: str, lang: str) -> Rate:
    """The catalogue rate `key` with its definition and source written in `lang`."""
    try:
        rate = BENCHMARKS[key]
    except KeyError:
        known = ", ".join(sorted(BENCHMARKS))
        raise UnknownBenchmark(f"unknown benchmark {key!r}; known: {known}") from None
    return rate.model_copy(
        update={"definition": t(lang, rate.definition), "source": t(lang, rate.source)}
    )


def delay(key: str) -> Delay:
    """The default delay `key` (a copy, safe to change)."""
    return DELAYS[key].model_copy()
