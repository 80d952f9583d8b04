"""SMART check of objectives, letter by letter, each verdict with its reason.

S  the metric is named and the scope explicit. A rate with no channel scope whose counts come
   from channels of different kinds (activities, or stages of the channels' own funnels) is a
   warning: a reply to a call is not a reply to an e-mail. Rates of the shared pipeline (win
   rate, qualified-lead rate) and the site conversion rate are the same for every channel.
M  every count the metric's formula needs (planner.plan.metrics) is a stage of the scoped funnel(s).
A  the probability of meeting it, from the simulation; until then "not assessed", never a guess.
R  rates against published benchmarks for the scoped channel's kind (CEILINGS, sources in
   ../shared/domain/benchmarks.md); prospects a week against the team's capacity; counts and
   money against the plan's own expected funnel at typical and high rates by the deadline.
T  the deadline, and at least one full week of the plan before it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from planner.plan.bant import Hours, Items, Money, Number, Percent, Quoted, Term, render
from planner.plan.capacity import CapacityReport, capacity_report, max_activities
from planner.plan.funnel import ExpectedFunnel, RatePoint, expected_funnel
from planner.plan.metrics import ACTIVITY, REVENUE, metric_value, needed_counts
from planner.plan.model import Channel, ChannelKind, Market, Metric, Objective, Plan, StageKind

# Realistic: a rate above FAR × the benchmark's top figure is "far above" it.
FAR = 1.5
# Achievable: probability of meeting the objective at or above which it is OK, or a warning.
ACHIEVABLE_OK = 0.8
ACHIEVABLE_WARNING = 0.5
# Win-rate benchmarks: a sales cycle of this many days or more is an enterprise one
# (benchmarks.md: SMB 14-30 days, mid-market 30-90, enterprise 90-180+).
ENTERPRISE_CYCLE_DAYS = 90.0
_EPSILON = 1e-9


class Letter(StrEnum):
    """The five letters of SMART."""

    SPECIFIC = "S"
    MEASURABLE = "M"
    ACHIEVABLE = "A"
    REALISTIC = "R"
    TIME_BOUND = "T"


class Verdict(StrEnum):
    """The outcome of one letter's check."""

    OK = "ok"
    WARNING = "warning"
    FAIL = "fail"
    NOT_ASSESSED = "not_assessed"


@dataclass(frozen=True)
class LetterCheck:
    """One letter's verdict and its reason (a message code and its parameters)."""

    letter: Letter
    verdict: Verdict
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def message(self, lang: str) -> str:
        """The reason as a sentence in `lang`, numbers formatted for the locale, notes after."""
        texts = [render(lang, f"smart.{code}", self.params) for code in (self.code, *self.notes)]
        return " ".join(texts)


@dataclass(frozen=True)
class Ceiling:
    """A published benchmark for a rate: up to `ambitious` is realistic, above `top` is not.

    `typical` is the usual result, `ambitious` where the best results start (above it the
    target is ambitious), `top` the highest figure the source gives (above it, the target is
    beyond what even the best achieve). Names, figures' labels and the source are locale texts
    under smart.ceiling.<id>.
    """

    id: str
    metric: Metric
    market: Market
    kinds: tuple[ChannelKind, ...]
    typical: float
    ambitious: float
    top: float
    cycle_days: float | None = None

    def term(self) -> Term:
        """What the benchmark measures, as a term of a message."""
        if self.cycle_days is None or self.cycle_days < 1:
            return Term(self.id, f"smart.ceiling.{self.id}.name")
        cycle = Number(self.cycle_days, 0)
        return Term(self.id, f"smart.ceiling.{self.id}.name_cycle", cycle=cycle)

    def name(self, lang: str) -> str:
        """What the benchmark measures, in `lang`."""
        return render(lang, self.term().key, self.term().params)

    def source(self, lang: str) -> str:
        """Who published the figures, when, and whether we read them second-hand."""
        return render(lang, f"smart.ceiling.{self.id}.source", {})

    def summary(self, lang: str) -> str:
        """The benchmark in one line: name, typical, ambitious and top figures, source."""
        return render(lang, "smart.ceiling_summary", self.params())

    def params(self) -> dict[str, Any]:
        """The benchmark's figures and texts as message parameters."""
        key = f"smart.ceiling.{self.id}"
        return {
            "benchmark": self.term(),
            "typical": Percent(self.typical),
            "ambitious": Term(self.id, f"{key}.ambitious", value=Percent(self.ambitious)),
            "top": Term(self.id, f"{key}.top", value=Percent(self.top)),
            "ambitious_value": Percent(self.ambitious),
            "top_value": Percent(self.top),
            "source": Term(self.id, f"{key}.source"),
        }


def _ceiling(
    ceiling_id: str, metric: Metric, market: Market, kinds: tuple[ChannelKind, ...], *figures: float
) -> Ceiling:
    typical, ambitious, top = figures
    return Ceiling(ceiling_id, metric, market, kinds, typical, ambitious, top)


B2B, B2C = Market.B2B, Market.B2C
EMAIL, LINKEDIN, PHONE = ChannelKind.EMAIL, ChannelKind.LINKEDIN, ChannelKind.PHONE
# benchmarks.md, "Rates": (typical, where the high band starts, top of the high band).
CEILINGS: dict[str, Ceiling] = {
    c.id: c
    for c in (
        # Instantly 2026: median 3.43 %, top 25 % 5.5 %, top 10 % 10.7 % (replies ÷ delivered).
        _ceiling("email_reply", Metric.REPLY_RATE, B2B, (EMAIL,), 0.0343, 0.055, 0.107),
        # Expandi/Belkins 2024: typical 8-10 %, high 15-25 % (replies ÷ messages sent).
        _ceiling("linkedin_reply", Metric.REPLY_RATE, B2B, (LINKEDIN,), 0.10, 0.15, 0.25),
        # Derived dial → meeting: typical 0.5-1.1 %, best 1.7-2 %.
        _ceiling("call_meeting", Metric.MEETING_RATE, B2B, (PHONE,), 0.011, 0.017, 0.02),
        # Snov.io 2026: meetings ÷ e-mails sent, typical 0.7 %, high 2-4 %.
        _ceiling("email_meeting", Metric.MEETING_RATE, B2B, (EMAIL,), 0.007, 0.02, 0.04),
        # HubSpot 2023: 21 % all, 29 % qualified; SMB 30-45 %.
        _ceiling("win_smb", Metric.WIN_RATE, B2B, (), 0.29, 0.30, 0.45),
        # HubSpot 2023: enterprise 15 %; glossary aggregations: enterprise 10-20 %.
        _ceiling("win_enterprise", Metric.WIN_RATE, B2B, (), 0.15, 0.15, 0.20),
        # Statista/Dynamic Yield, Salesforce: typical 1.6-3 %, top 20 % > 3.3 %, top 10 % > 4.7 %.
        _ceiling("site_conversion", Metric.SITE_CONVERSION, B2C, (), 0.03, 0.033, 0.047),
    )
}


# The plan's figures, computed once per check ------------------------------------------------


class _Figures:
    """The plan's capacity and expected funnels, computed on first use and kept."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._capacity: CapacityReport | None = None
        self._funnels: dict[str, ExpectedFunnel] = {}

    @property
    def capacity(self) -> CapacityReport:
        if self._capacity is None:
            self._capacity = capacity_report(self.plan)
        return self._capacity

    def funnel(self, point: RatePoint) -> ExpectedFunnel:
        if point not in self._funnels:
            self._funnels[point] = expected_funnel(self.plan, point)
        return self._funnels[point]

    def totals(self, point: RatePoint, channel_id: str | None, week: int) -> dict[str, float]:
        """Expected count of each stage kind, activity and revenue, from week 0 to `week`."""
        funnel = self.funnel(point)
        stages, money = funnel.stages, funnel.money
        stages = stages[stages["week"] <= week]
        money = money[money["week"] <= week]
        if channel_id is not None:
            stages = stages[stages["channel_id"] == channel_id]
            money = money[money["channel_id"] == channel_id]
        totals = {str(k): float(v) for k, v in stages.groupby("kind")["expected"].sum().items()}
        totals[REVENUE] = float(money["revenue"].sum())
        return totals

    def value(self, objective: Objective, point: RatePoint) -> float:
        """The objective's metric by its deadline in the expected funnel at one rate point."""
        week = deadline_week(self.plan, objective.deadline)
        totals = self.totals(point, objective.channel_id, week)
        return float(metric_value(objective.metric, totals, week + 1))

    def utilisation(self, week: int) -> float:
        """Hours the mix asks ÷ hours the team has, from week 0 to `week`."""
        report = self.capacity
        asked = float(report.demand_hours[: week + 1].sum())
        available = float(report.weekly_hours[: week + 1].sum())
        if available > 0:
            return asked / available
        return math.inf if asked > 0 else 0.0


def deadline_week(plan: Plan, deadline: dt.date) -> int:
    """The plan week (0-based) that holds the deadline, kept inside the horizon."""
    week = (deadline - plan.meta.start_date).days // 7
    return min(max(week, 0), plan.meta.horizon_weeks - 1)


# Public API ----------------------------------------------------------------------------------


def check_objective(
    plan: Plan, objective: Objective, achievable: float | None = None
) -> tuple[LetterCheck, ...]:
    """The five letters S, M, A, R, T for one objective, each with its verdict and reason."""
    return _check(_Figures(plan), objective, achievable)


def check_objectives(
    plan: Plan, achievable: Mapping[str, float] | None = None
) -> dict[str, tuple[LetterCheck, ...]]:
    """Every objective of the plan checked, keyed by objective id."""
    figures = _Figures(plan)
    chances = achievable or {}
    return {o.id: _check(figures, o, chances.get(o.id)) for o in plan.objectives}


def realism_ceiling(plan: Plan, objective: Objective) -> Ceiling | None:
    """The benchmark the R letter compares a rate target to, or None when none applies."""
    metric, market = objective.metric, plan.meta.market
    if metric is Metric.WIN_RATE and market is Market.B2B:
        cycle = sales_cycle_days(plan, objective.channel_id)
        enterprise = cycle is not None and cycle >= ENTERPRISE_CYCLE_DAYS
        chosen = CEILINGS["win_enterprise" if enterprise else "win_smb"]
        return dataclasses.replace(chosen, cycle_days=cycle)
    kinds = {c.kind for c in _scoped(plan, objective)}
    for ceiling in CEILINGS.values():
        if ceiling.metric is not metric or ceiling.market is not market:
            continue
        if not ceiling.kinds or (len(kinds) == 1 and kinds <= set(ceiling.kinds)):
            return ceiling
    return None


def sales_cycle_days(plan: Plan, channel_id: str | None = None) -> float | None:
    """Days from first contact to a won deal: the median delays of the funnel up to "won".

    For the whole plan, the median over the channels whose funnel reaches a won stage;
    None when no funnel does.
    """
    channels = [plan.channel(channel_id)] if channel_id else plan.channels
    cycles = [c for c in (_cycle(plan, ch) for ch in channels) if c is not None]
    return float(np.median(cycles)) if cycles else None


def _cycle(plan: Plan, channel: Channel) -> float | None:
    days = 0.0
    for stage in plan.funnel(channel):
        days += stage.delay.median_days
        if stage.kind is StageKind.WON:
            return days
    return None


# The letters ---------------------------------------------------------------------------------


def _check(
    figures: _Figures, objective: Objective, achievable: float | None
) -> tuple[LetterCheck, ...]:
    plan = figures.plan
    return (
        _specific(plan, objective),
        _measurable(plan, objective),
        _achievable(achievable),
        _realistic(figures, objective),
        _time_bound(plan, objective),
    )


def _metric(metric: Metric) -> Term:
    return Term(metric.value, f"smart.metric.{metric.value}")


def _where(plan: Plan, objective: Objective) -> Term:
    if objective.channel_id is None:
        return Term("plan", "smart.where.plan")
    name = Quoted(plan.channel(objective.channel_id).name)
    return Term(objective.channel_id, "smart.where.channel", channel=name)


def _scoped(plan: Plan, objective: Objective) -> list[Channel]:
    if objective.channel_id is not None:
        return [plan.channel(objective.channel_id)]
    return list(plan.channels)


def _specific(plan: Plan, objective: Objective) -> LetterCheck:
    metric = objective.metric
    params: dict[str, Any] = {"metric": _metric(metric)}
    segment = next((s for s in plan.segments if s.id == objective.segment_id), None)
    if segment is not None:
        params["segment"] = Quoted(segment.name)
    if objective.channel_id is not None:
        params["channel"] = _where(plan, objective)
        code = "channel_segment" if segment else "channel"
        return LetterCheck(Letter.SPECIFIC, Verdict.OK, f"specific.{code}", params)
    mixed = _mixed_kinds(plan, metric) if metric.is_rate else []
    if len(mixed) >= 2:
        params["kinds"] = Items(Term(k.value, f"smart.channel_kind.{k.value}") for k in mixed)
        return LetterCheck(Letter.SPECIFIC, Verdict.WARNING, "specific.mixes_channels", params)
    if metric.is_rate and _from_pipeline(plan, metric):
        code = "pipeline_rate"
    else:
        code = "segment" if segment else "whole_plan"
    return LetterCheck(Letter.SPECIFIC, Verdict.OK, f"specific.{code}", params)


def _mixed_kinds(plan: Plan, metric: Metric) -> list[ChannelKind]:
    """Kinds of the channels whose own counts enter a rate (site conversion is site-wide)."""
    if metric is Metric.SITE_CONVERSION:
        return []
    pipeline = {s.kind.value for s in plan.pipeline}
    kinds: list[ChannelKind] = []
    for count in needed_counts(metric):
        if count in pipeline:
            continue
        for channel in plan.channels:
            own = count == ACTIVITY or any(s.kind.value == count for s in channel.stages)
            if own and channel.kind not in kinds:
                kinds.append(channel.kind)
    return kinds


def _from_pipeline(plan: Plan, metric: Metric) -> bool:
    pipeline = {s.kind.value for s in plan.pipeline}
    return all(count in pipeline for count in needed_counts(metric))


def _measurable(plan: Plan, objective: Objective) -> LetterCheck:
    metric = objective.metric
    channels = _scoped(plan, objective)
    tracked = {ACTIVITY, REVENUE} | {s.kind.value for c in channels for s in plan.funnel(c)}
    missing = [k for k in needed_counts(metric) if k not in tracked]
    params: dict[str, Any] = {
        "formula": Term(metric.value, f"smart.formula.{metric.value}"),
        "where": _funnel_where(plan, objective),
    }
    if not missing:
        return LetterCheck(Letter.MEASURABLE, Verdict.OK, "measurable.ok", params)
    params["missing"] = Items(Term(k, f"smart.stage_kind.{k}") for k in missing)
    if not plan.channels:
        return LetterCheck(Letter.MEASURABLE, Verdict.FAIL, "measurable.no_channel", params)
    code = "measurable.missing_one" if len(missing) == 1 else "measurable.missing_many"
    return LetterCheck(Letter.MEASURABLE, Verdict.FAIL, code, params)


def _funnel_where(plan: Plan, objective: Objective) -> Term:
    if objective.channel_id is None:
        return Term("plan", "smart.where.funnels")
    name = Quoted(plan.channel(objective.channel_id).name)
    return Term(objective.channel_id, "smart.where.funnel", channel=name)


def achievable_verdict(probability: float | None) -> str:
    """The 'A' letter's verdict of a simulated probability: "ok", "warning", "fail" or "none"."""
    if probability is None:
        return "none"
    if probability >= ACHIEVABLE_OK:
        return Verdict.OK.value
    return Verdict.WARNING.value if probability >= ACHIEVABLE_WARNING else Verdict.FAIL.value


def _achievable(probability: float | None) -> LetterCheck:
    if probability is None:
        return LetterCheck(Letter.ACHIEVABLE, Verdict.NOT_ASSESSED, "achievable.not_assessed")
    if not (math.isfinite(probability) and 0.0 <= probability <= 1.0):
        raise ValueError(f"achievable must be a probability between 0 and 1 (got {probability})")
    params = {"probability": Percent(probability, 0)}
    if probability >= ACHIEVABLE_OK:
        return LetterCheck(Letter.ACHIEVABLE, Verdict.OK, "achievable.ok", params)
    if probability >= ACHIEVABLE_WARNING:
        return LetterCheck(Letter.ACHIEVABLE, Verdict.WARNING, "achievable.warning", params)
    return LetterCheck(Letter.ACHIEVABLE, Verdict.FAIL, "achievable.fail", params)


def _time_bound(plan: Plan, objective: Objective) -> LetterCheck:
    meta = plan.meta
    params: dict[str, Any] = {
        "deadline": objective.deadline,
        "start": meta.start_date,
        "end": meta.end_date,
        "week": deadline_week(plan, objective.deadline) + 1,
        "weeks": meta.horizon_weeks,
    }
    if not meta.start_date <= objective.deadline <= meta.end_date:
        return LetterCheck(Letter.TIME_BOUND, Verdict.FAIL, "time_bound.outside", params)
    if objective.deadline < meta.start_date + dt.timedelta(days=6):
        return LetterCheck(Letter.TIME_BOUND, Verdict.FAIL, "time_bound.too_early", params)
    return LetterCheck(Letter.TIME_BOUND, Verdict.OK, "time_bound.ok", params)


# Realistic -----------------------------------------------------------------------------------


def _realistic(figures: _Figures, objective: Objective) -> LetterCheck:
    metric = objective.metric
    if metric.is_rate:
        ceiling = realism_ceiling(figures.plan, objective)
        if ceiling is not None:
            return _against_benchmark(objective, ceiling)
        check = _against_own_rates(figures, objective)
    elif metric is Metric.PROSPECTS_CONTACTED_PER_WEEK:
        check = _volume(figures, objective)
    else:
        check = _against_expected(figures, objective)
    if objective.segment_id is None:
        return check
    # The plan's funnel and capacity are not split by segment: say what was compared.
    return dataclasses.replace(check, notes=(*check.notes, "note.whole_plan_for_segment"))


def _r(verdict: Verdict, code: str, params: dict[str, Any]) -> LetterCheck:
    return LetterCheck(Letter.REALISTIC, verdict, f"realistic.{code}", params)


def _against_benchmark(objective: Objective, ceiling: Ceiling) -> LetterCheck:
    target = objective.target
    params = {"target": Percent(target), **ceiling.params()}
    if target > ceiling.top * FAR:
        return _r(Verdict.FAIL, "rate_far_above", params)
    if target > ceiling.top + _EPSILON:
        return _r(Verdict.FAIL, "rate_above_top", params)
    if target > ceiling.ambitious + _EPSILON:
        return _r(Verdict.WARNING, "rate_ambitious", params)
    return _r(Verdict.OK, "rate_ok", params)


def _against_own_rates(figures: _Figures, objective: Objective) -> LetterCheck:
    """A rate with no published benchmark: compared with the plan's own rate assumptions."""
    typical, high = figures.value(objective, "typical"), figures.value(objective, "high")
    params: dict[str, Any] = {
        "metric": _metric(objective.metric),
        "target": Percent(objective.target),
        # Computed rates, shown with at most one decimal: 42.98 % -> 43 %, 59.48 % -> 59.5 %.
        "typical": Percent(round(typical, 3)) if math.isfinite(typical) else Percent(typical),
        "high": Percent(round(high, 3)) if math.isfinite(high) else Percent(high),
        "deadline": objective.deadline,
    }
    if not (math.isfinite(typical) and math.isfinite(high)):
        return _r(Verdict.OK, "rate_no_benchmark_no_data", params)
    if objective.target > high + _EPSILON:
        return _r(Verdict.WARNING, "rate_above_own", params)
    return _r(Verdict.OK, "rate_no_benchmark", params)


def _volume(figures: _Figures, objective: Objective) -> LetterCheck:
    """Prospects contacted a week against what the team can do and what the mix plans."""
    plan, report = figures.plan, figures.capacity
    channels = _scoped(plan, objective)
    params: dict[str, Any] = {
        "target": _amount(plan, objective.metric, objective.target),
        "where": _where(plan, objective),
        "hours": Hours(report.average_hours),
    }
    if not channels:
        return _r(Verdict.FAIL, "volume_no_channel", params)
    planned = sum(c.activities_per_week for c in channels)
    minutes = _mix_minutes(channels)
    most = max_activities(report.average_hours, minutes)
    params |= {
        "planned": _amount(plan, objective.metric, planned),
        "max": _amount(plan, objective.metric, most),
        "minutes": Number(minutes),
    }
    if objective.target > most + _EPSILON:
        return _r(Verdict.FAIL, "volume_over_capacity", params)
    if not math.isfinite(most):
        if objective.target <= planned + _EPSILON:
            return _r(Verdict.OK, "volume_untimed", params)
        return _r(Verdict.WARNING, "volume_above_mix_untimed", params)
    if objective.target > planned + _EPSILON:
        return _r(Verdict.WARNING, "volume_above_mix", params)
    return _r(Verdict.OK, "volume_ok", params)


def _mix_minutes(channels: list[Channel]) -> float:
    """Minutes per activity on these channels: weighted by the planned mix, else the fastest."""
    planned = sum(c.activities_per_week for c in channels)
    if planned > 0:
        return sum(c.activities_per_week * c.minutes_per_activity for c in channels) / planned
    return min(c.minutes_per_activity for c in channels)


def _against_expected(figures: _Figures, objective: Objective) -> LetterCheck:
    """Counts and money against the plan's expected funnel by the deadline."""
    plan, metric = figures.plan, objective.metric
    typical, high = figures.value(objective, "typical"), figures.value(objective, "high")
    params: dict[str, Any] = {
        "metric": _metric(metric),
        "target": _amount(plan, metric, objective.target),
        "typical": _amount(plan, metric, typical),
        "high": _amount(plan, metric, high),
        "deadline": objective.deadline,
    }
    target = objective.target
    if not math.isfinite(high):
        return _r(Verdict.FAIL, "count_no_sale", params)
    if target > high * (1 + _EPSILON) + _EPSILON:
        # A basket grows with cross-sell and repeat orders, not with more activity.
        code = "basket_above" if metric is Metric.AVERAGE_BASKET else "count_above_high"
        return _r(Verdict.FAIL, code, params)
    if target > typical * (1 + _EPSILON) + _EPSILON:
        return _r(Verdict.WARNING, "count_ambitious", params)
    used = figures.utilisation(deadline_week(plan, objective.deadline))
    if metric is not Metric.AVERAGE_BASKET and used > 1 + _EPSILON and target > 0:
        params["utilisation"] = Percent(used, 0)
        return _r(Verdict.WARNING, "count_overloaded", params)
    return _r(Verdict.OK, "count_ok", params)


def _amount(plan: Plan, metric: Metric, value: float) -> Term:
    """A value of the metric with its unit: €52,300, 9.5 meetings a month, 120 prospects a week."""
    if metric in (Metric.REVENUE, Metric.AVERAGE_BASKET):
        shown: Any = Money(value, plan.meta.currency)
    elif metric.is_rate:
        shown = Percent(value)
    else:
        shown = Number(value)
    return Term(metric.value, f"smart.amount.{metric.value}", value=shown)
