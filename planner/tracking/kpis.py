"""The method's KPIs for a period of the event log, each with its formula and the inputs used.

Definitions read from the log (an event log as `planner.tracking.events` describes it):
- the period is every day from `start` to `end`, both included; its weeks are its days ÷ 7;
- a prospect is *contacted* in the period when it has any event other than a cost in it; an
  activity without a prospect (a weekly count typed by hand) counts as one contacted prospect;
- a prospect's *first contact* is its first event other than a cost, in the whole log;
- a *customer* is a prospect with a won event; a *new customer* has its first won event in the
  period; a won event without a prospect counts as one new customer (an unnamed sale);
- *customers at the start* bought before the period; *customers at the end* bought in the
  period (the log records purchases, not contracts: a customer who does not buy again in the
  period is not counted as kept);
- conversion times run from the first contact to the first won event, for new customers with a
  prospect id;
- stage counts (objectives, stage rates) are prospects reaching each stage: a prospect's event
  at a stage implies the recorded stages before it in its channel's funnel (planner.tracking.reach).
A KPI whose denominator is empty has no value (None) and the reason, never a made-up number; a
conversion rate over 100 % (more sales than the people they are divided by) has none either.

A CRM deal export (a log with a `deal` column, see planner.tracking.events) is read on two
levels, each KPI saying which (`Kpi.basis`): its prospects are the deals' accounts (companies),
so conversion, new customers, retention, CAC and CLV count accounts; and its deals give the
deal-level KPIs, each deal counted once by its id:
- a deal is *won* (or *lost*) in the period when its first won (lost) event falls in it; a
  deal both won and lost counts as won; a won or lost event without a deal id is one deal;
- win rate = deals won ÷ (deals won + deals lost) × 100; average deal = revenue ÷ deals won
  with an amount;
- time to convert and sales cycle run, per deal won in the period, from the deal's first event
  (its creation) to its first won event.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.special import betaincinv

from planner.core.i18n import fmt_money, fmt_number, t
from planner.plan.metrics import metric_value
from planner.plan.model import Market, Metric, Objective, Plan, StageKind
from planner.plan.priors import HIGH_QUANTILE, LOW_QUANTILE
from planner.tracking.events import EventKind
from planner.tracking.prepared_log import (
    DIMENSIONS,
    KIND_CODE,
    KINDS,
    Bools,
    Ints,
    PreparedLog,
    prepare_log,
)
from planner.tracking.reach import with_reached_stages
from planner.tracking.recording import unrecorded

Unit = Literal["money", "percent", "count", "days"]
ACTIVITY, VISIT, OPPORTUNITY, WON, LOST, COST = (
    KIND_CODE[k.value]
    for k in (
        EventKind.ACTIVITY,
        EventKind.VISIT,
        EventKind.OPPORTUNITY,
        EventKind.WON,
        EventKind.LOST,
        EventKind.COST,
    )
)
Basis = Literal["", "deal", "account"]
CLV_WINDOW_DAYS = 365
PARETO_SHARE = 0.8

COMMON: tuple[str, ...] = (
    "revenue",
    "conversion_rate",
    "new_customers",
    "average_basket",
    "retention_rate",
    "time_to_convert",
    "objective_attainment",
)
B2B_ONLY: tuple[str, ...] = ("sales_cycle", "cac", "clv", "qualified_lead_conversion")
B2C_ONLY: tuple[str, ...] = ("sales_volume", "site_conversion")
# Shown, after the revenue, for a log of CRM deals (see the module).
DEAL_ONLY: tuple[str, ...] = ("win_rate", "deals_won", "deals_lost", "average_deal")
PER_DEAL = frozenset({*DEAL_ONLY, "time_to_convert", "sales_cycle"})
PER_ACCOUNT = frozenset(
    {
        "conversion_rate",
        "new_customers",
        "retention_rate",
        "cac",
        "clv",
    }
)  # qualified-lead conversion divides deals won by opportunities: neither, its text says so
CONVERSIONS = frozenset({"conversion_rate", "qualified_lead_conversion", "site_conversion"})
UNITS: dict[str, Unit] = {
    "revenue": "money",
    "conversion_rate": "percent",
    "new_customers": "count",
    "average_basket": "money",
    "retention_rate": "percent",
    "time_to_convert": "days",
    "objective_attainment": "percent",
    "sales_cycle": "days",
    "cac": "money",
    "clv": "money",
    "qualified_lead_conversion": "percent",
    "sales_volume": "count",
    "site_conversion": "percent",
    "win_rate": "percent",
    "deals_won": "count",
    "deals_lost": "count",
    "average_deal": "money",
}
_DEAL_WORDING = frozenset({"conversion_rate", "time_to_convert", "sales_cycle"})
MONEY_INPUTS = frozenset(
    {"revenue", "cost", "cost_events", "activity_cost", "fixed_cost", "revenue_year", "margin_year"}
)


def kpi_set(market: Market, deals: bool = False) -> tuple[str, ...]:
    """The KPI keys shown for a market, in order: the common ones, then B2B's or B2C's own; for
    a log of CRM deals, the deal-level ones after the revenue."""
    keys = COMMON + (B2B_ONLY if market is Market.B2B else B2C_ONLY)
    return keys[:1] + DEAL_ONLY + keys[1:] if deals else keys


# --- Results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    """One KPI: its value (None with a reason when it cannot be computed) and its inputs."""

    key: str
    value: float | None
    unit: Unit
    inputs: Mapping[str, float] = field(default_factory=dict)
    reason: str | None = None  # a key under kpi.reason when value is None
    basis: Basis = ""  # for a log of deals: counted per "deal" or per "account" (see the module)

    @property
    def _section(self) -> str:
        """Locale section of the name, formula and computed text: a deal log's own where the
        KPI reads differently on deals (kpi.time_to_convert.deal)."""
        return (
            f"kpi.{self.key}.deal"
            if self.basis and self.key in _DEAL_WORDING
            else f"kpi.{self.key}"
        )

    @property
    def formula_key(self) -> str:
        """Locale key of the formula in words."""
        return f"{self._section}.formula"

    def name(self, lang: str) -> str:
        """The KPI's name in `lang`."""
        return t(lang, f"{self._section}.name")

    def basis_text(self, lang: str) -> str:
        """What the KPI counts, per deal or per account, in `lang`; "" outside a deal log."""
        return t(lang, f"kpi.basis.{self.basis}") if self.basis else ""

    def formula(self, lang: str) -> str:
        """The formula in words."""
        return t(lang, self.formula_key)

    def advice(self, lang: str) -> str:
        """What the KPI tells and what to do when it is low."""
        return t(lang, f"kpi.{self.key}.advice")

    def formatted(self, lang: str, currency: str) -> str:
        """The value as it reads in `lang`, or the reason it has none."""
        if self.value is None:
            return t(lang, f"kpi.reason.{self.reason}", **self._params(lang, currency))
        return _format(self.value, self.unit, lang, currency)

    def _params(self, lang: str, currency: str) -> dict[str, str]:
        return {
            name: fmt_money(v, currency, lang, 2)
            if name in MONEY_INPUTS
            else fmt_number(v, lang, 0 if float(v).is_integer() else 2)
            for name, v in self.inputs.items()
        }

    def computed(self, lang: str, currency: str) -> str:
        """The formula with this period's inputs in it, such as 12 ÷ 340 × 100."""
        return t(lang, f"{self._section}.computed", **self._params(lang, currency))

    def to_dict(self, lang: str, currency: str) -> dict[str, Any]:
        """Plain data for JSON, its texts in `lang`: name, formula, the formula with the
        period's inputs (or why there is no value), and what it counts."""
        return {
            "key": self.key,
            "name": self.name(lang),
            "value": self.value,
            "unit": self.unit,
            "basis": self.basis or None,
            "basis_text": self.basis_text(lang) or None,
            "formula": self.formula(lang),
            "computed": self.computed(lang, currency) if self.value is not None else None,
            "inputs": dict(self.inputs),
            "reason": self.reason,
            "reason_text": self.formatted(lang, currency) if self.value is None else None,
        }


@dataclass(frozen=True)
class ObjectiveResult:
    """One plan objective measured on the period: its value, attainment % and whether it is met."""

    objective_id: str
    name: str
    metric: str
    target: float
    value: float | None  # None when its denominator is empty in the period
    attainment: float | None  # value ÷ target × 100; None without value or with a zero target
    met: bool | None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "objective": self.objective_id,
            "name": self.name,
            "metric": self.metric,
            "target": self.target,
            "value": self.value,
            "attainment": self.attainment,
            "met": self.met,
        }


@dataclass(frozen=True)
class KpiReport:
    """The KPIs of a period for a market, and each objective's attainment."""

    start: dt.date
    end: dt.date
    market: Market
    kpis: tuple[Kpi, ...]
    objectives: tuple[ObjectiveResult, ...]
    events_in_period: int

    def kpi(self, key: str) -> Kpi:
        """The KPI with this key; KeyError if the market's set has none."""
        for kpi in self.kpis:
            if kpi.key == key:
                return kpi
        raise KeyError(key)

    def to_dict(self, lang: str, currency: str) -> dict[str, Any]:
        """Plain data for JSON, the KPIs' texts in `lang` (amounts written in `currency`)."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "market": self.market.value,
            "events_in_period": self.events_in_period,
            "kpis": [k.to_dict(lang, currency) for k in self.kpis],
            "objectives": [o.to_dict() for o in self.objectives],
        }


def _format(value: float, unit: Unit, lang: str, currency: str) -> str:
    if unit == "money":
        return fmt_money(value, currency, lang, 2)
    if unit == "percent":
        return t(lang, "kpi.unit.percent", value=fmt_number(value, lang, 1))
    if unit == "days":
        return t(lang, "kpi.unit.days", value=fmt_number(value, lang, 1))
    return fmt_number(value, lang)


def _log(events: pd.DataFrame | PreparedLog) -> PreparedLog:
    return events if isinstance(events, PreparedLog) else prepare_log(events)


def _day(value: dt.date) -> int:
    return int(np.datetime64(value, "D").astype(np.int64))


def _first_day(log: PreparedLog, rows: Bools) -> Ints:
    """Per prospect code, the first day among `rows` (a huge number when it has none)."""
    first = np.full(log.prospects, np.iinfo(np.int64).max, dtype=np.int64)
    named = rows & (log.prospect >= 0)
    np.minimum.at(first, log.prospect[named], log.day[named])
    return first


def _distinct(log: PreparedLog, rows: Bools) -> int:
    """Distinct prospects among `rows` (rows without a prospect left out)."""
    seen = np.zeros(log.prospects, dtype=np.bool_)
    seen[log.prospect[rows & (log.prospect >= 0)]] = True
    return int(seen.sum())


def _contacted(log: PreparedLog, rows: Bools) -> int:
    """Distinct named prospects with a contact among `rows`, plus each unnamed activity."""
    contact = rows & (log.kind >= 0) & (log.kind != COST)
    unnamed = int(np.count_nonzero(rows & (log.kind == ACTIVITY) & (log.prospect < 0)))
    return _distinct(log, contact) + unnamed


def _new_customers(log: PreparedLog, scope: Bools, start_day: int, end_day: int) -> int:
    """Prospects of `scope` whose first won event falls in the days, plus unnamed sales."""
    won = scope & (log.kind == WON)
    first_won = _first_day(log, won)
    named = int(np.count_nonzero((first_won >= start_day) & (first_won <= end_day)))
    in_days = won & (log.day >= start_day) & (log.day <= end_day)
    return named + int(np.count_nonzero(in_days & (log.prospect < 0)))


def _ratio(
    key: str, top: float, bottom: float, reason: str, inputs: dict[str, float], scale: float = 1.0
) -> Kpi:
    if bottom <= 0:
        return Kpi(key, None, UNITS[key], inputs, reason)
    if key in CONVERSIONS and top > bottom:  # not a share of the people divided by
        return Kpi(key, None, UNITS[key], inputs, "over_100")
    return Kpi(key, top / bottom * scale, UNITS[key], inputs)


def _deal_kpis(log: PreparedLog, s: int, e: int, revenue: float, priced: int) -> list[Kpi]:
    """The deal-level KPIs of a log of deals (see the module): win rate, deals won and lost,
    average deal, and time to convert and sales cycle per deal."""
    deal = log.codes["deal"]
    size = len(log.labels["deal"])
    never = np.iinfo(np.int64).max

    def first(rows: Bools) -> Ints:
        found = np.full(size, never, dtype=np.int64)
        named = rows & log.explicit & (deal >= 0)
        np.minimum.at(found, deal[named], log.day[named])
        return found

    in_days = (log.day >= s) & (log.day <= e) & log.explicit
    won_at = first(log.kind == WON)
    lost_at = first(log.kind == LOST)
    created = first((log.kind >= 0) & (log.kind != COST))
    won_in = (won_at >= s) & (won_at <= e)
    lost_in = (lost_at >= s) & (lost_at <= e) & (won_at == never)
    won = int(won_in.sum()) + int(np.count_nonzero(in_days & (log.kind == WON) & (deal < 0)))
    lost = int(lost_in.sum()) + int(np.count_nonzero(in_days & (log.kind == LOST) & (deal < 0)))
    durations = (won_at[won_in] - created[won_in]).astype(np.float64)
    counts = {"won": won, "lost": lost}
    found = [
        _ratio(
            "win_rate", won, won + lost, "no_closed_deals", {**counts, "closed": won + lost}, 100.0
        ),
        Kpi("deals_won", float(won), "count", counts),
        Kpi("deals_lost", float(lost), "count", counts),
        _ratio("average_deal", revenue, priced, "no_sales", {"revenue": revenue, "deals": priced}),
    ]
    conversions = {"conversions": len(durations)}
    if len(durations):
        found.append(Kpi("time_to_convert", float(durations.mean()), "days", conversions))
        found.append(Kpi("sales_cycle", float(np.median(durations)), "days", conversions))
    else:
        found.append(Kpi("time_to_convert", None, "days", conversions, "no_won_deals"))
        found.append(Kpi("sales_cycle", None, "days", conversions, "no_won_deals"))
    return found


# --- KPIs ------------------------------------------------------------------------------------


def compute_kpis(
    events: pd.DataFrame | PreparedLog, plan: Plan, start: dt.date, end: dt.date
) -> KpiReport:
    """The market's KPIs for the days from `start` to `end` (both included)."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    log = with_reached_stages(_log(events), plan)
    s, e = _day(start), _day(end)
    days = e - s + 1
    weeks = days / 7.0
    in_period = (log.day >= s) & (log.day <= e)
    n_events = int((in_period & log.explicit).sum())
    counts = np.bincount(log.kind[in_period & (log.kind >= 0)], minlength=len(KINDS))
    won = log.kind == WON
    won_in = won & in_period
    sales = int(counts[WON])
    revenue = float(np.nansum(log.amount[won_in]))
    priced_sales = int(np.count_nonzero(won_in & ~np.isnan(log.amount)))
    contact = (log.kind >= 0) & (log.kind != COST)
    contacted = _contacted(log, in_period)

    first_won = _first_day(log, won)
    named_new = (first_won >= s) & (first_won <= e)
    anonymous_sales = int(np.count_nonzero(won_in & (log.prospect < 0)))
    new_customers = int(named_new.sum()) + anonymous_sales
    customers_start = int(np.count_nonzero(first_won < s))
    customers_end = _distinct(log, won_in) + anonymous_sales

    first_contact = _first_day(log, contact)
    durations = (first_won[named_new] - first_contact[named_new]).astype(np.float64)

    values: dict[str, Kpi] = {}

    def add(kpi: Kpi) -> None:
        values[kpi.key] = kpi

    add(Kpi("revenue", revenue, "money", {"revenue": revenue, "sales": sales}))
    add(
        _ratio(
            "conversion_rate",
            sales,
            contacted,
            "no_prospects",
            {"sales": sales, "prospects": contacted},
            100.0,
        )
    )
    add(
        Kpi(
            "new_customers",
            float(new_customers),
            "count",
            {"new_customers": new_customers, "unnamed_sales": anonymous_sales},
        )
    )
    add(
        _ratio(
            "average_basket",
            revenue,
            priced_sales,
            "no_sales",
            {"revenue": revenue, "sales": priced_sales},
        )
    )
    add(
        _ratio(
            "retention_rate",
            customers_end - new_customers,
            customers_start,
            "no_customers_before",
            {
                "customers_end": customers_end,
                "new_customers": new_customers,
                "customers_start": customers_start,
            },
            100.0,
        )
    )
    conversions = {"conversions": len(durations)}
    if len(durations):
        add(Kpi("time_to_convert", float(durations.mean()), "days", conversions))
        add(Kpi("sales_cycle", float(np.median(durations)), "days", conversions))
    else:
        add(Kpi("time_to_convert", None, "days", conversions, "no_conversions"))
        add(Kpi("sales_cycle", None, "days", conversions, "no_conversions"))

    objectives = tuple(_objective(log, o, (s, e), weeks) for o in plan.objectives)
    measured = [o for o in objectives if o.met is not None]
    met = sum(1 for o in measured if o.met)
    add(
        _ratio(
            "objective_attainment",
            met,
            len(measured),
            "no_objectives" if not objectives else "objectives_unmeasurable",
            {"met": met, "measured": len(measured), "objectives": len(objectives)},
            100.0,
        )
    )
    add(_cac(log, plan, in_period, counts, weeks, new_customers))
    add(_clv(log, plan, won, e))
    add(
        _ratio(
            "qualified_lead_conversion",
            sales,
            float(counts[OPPORTUNITY]),
            "no_opportunities",
            {"sales": sales, "opportunities": int(counts[OPPORTUNITY])},
            100.0,
        )
    )
    add(Kpi("sales_volume", float(sales), "count", {"sales": sales}))
    add(
        _ratio(
            "site_conversion",
            sales,
            float(counts[VISIT]),
            "no_visits",
            {"sales": sales, "visits": int(counts[VISIT])},
            100.0,
        )
    )

    deals = bool((log.codes["deal"] >= 0).any())
    if deals:
        for kpi in _deal_kpis(log, s, e, revenue, priced_sales):
            add(kpi)
        for key in PER_DEAL | PER_ACCOUNT:
            values[key] = dataclasses.replace(
                values[key], basis="deal" if key in PER_DEAL else "account"
            )
    chosen = kpi_set(plan.meta.market, deals)
    if n_events == 0:  # nothing recorded: no KPI, not zeros that would read as results
        kpis = tuple(dataclasses.replace(values[k], value=None, reason="no_events") for k in chosen)
    else:
        kpis = tuple(values[k] for k in chosen)
    return KpiReport(start, end, plan.meta.market, kpis, objectives, n_events)


def _cac(
    log: PreparedLog,
    plan: Plan,
    in_period: Bools,
    counts: Ints,
    weeks: float,
    new_customers: int,
) -> Kpi:
    """Prospection cost ÷ new customers; cost = cost events + plan's activity and fixed costs."""
    cost_events = float(np.nansum(log.amount[in_period & (log.kind == COST)]))
    channel = log.codes["channel"]
    activities = np.bincount(
        channel[in_period & (log.kind == ACTIVITY) & (channel >= 0)],
        minlength=len(log.labels["channel"]),
    )
    by_id = dict(zip(log.labels["channel"], activities.tolist(), strict=True))
    activity_cost = sum(c.cost_per_activity * by_id.get(c.id, 0) for c in plan.channels)
    fixed_cost = sum(c.fixed_cost_per_week for c in plan.channels) * weeks
    cost = cost_events + activity_cost + fixed_cost
    inputs = {
        "cost": cost,
        "cost_events": cost_events,
        "activity_cost": activity_cost,
        "fixed_cost": fixed_cost,
        "new_customers": new_customers,
    }
    if cost <= 0:
        return Kpi("cac", None, "money", inputs, "no_cost")
    return _ratio("cac", cost, new_customers, "no_new_customers", inputs)


def _clv(log: PreparedLog, plan: Plan, won: Bools, end_day: int) -> Kpi:
    """Margin per customer over the 365 days up to the period's end × expected lifetime."""
    window = won & (log.day > end_day - CLV_WINDOW_DAYS) & (log.day <= end_day)
    revenue_year = float(np.nansum(log.amount[window]))
    customers = _distinct(log, window) + int(np.count_nonzero(window & (log.prospect < 0)))
    margin_year = revenue_year * plan.offer.margin_rate
    lifetime = plan.offer.customer_lifetime_years
    inputs = {
        "revenue_year": revenue_year,
        "margin_rate": plan.offer.margin_rate,
        "margin_year": margin_year,
        "customers_year": customers,
        "lifetime_years": lifetime,
    }
    if customers == 0:
        return Kpi("clv", None, "money", inputs, "no_sales_year")
    return Kpi("clv", margin_year / customers * lifetime, "money", inputs)


def stage_totals(log: PreparedLog, rows: Bools) -> dict[str, float]:
    """Counts of each event kind among `rows`, and "revenue", as metric_value reads them."""
    counts = np.bincount(log.kind[rows & (log.kind >= 0)], minlength=len(KINDS))
    totals = {kind: float(n) for kind, n in zip(KINDS, counts.tolist(), strict=True)}
    totals["revenue"] = float(np.nansum(log.amount[rows & (log.kind == WON)]))
    return totals


def _scope(log: PreparedLog, column: str, value: str | None) -> Bools | None:
    if value is None:
        return None
    labels = log.labels[column]
    if value not in labels:
        return np.zeros(len(log), dtype=np.bool_)
    matches: Bools = log.codes[column] == labels.index(value)
    return matches


def _objective(
    log: PreparedLog, objective: Objective, days: tuple[int, int], weeks: float
) -> ObjectiveResult:
    """An objective measured on the period's events of its scope (segment, channel).

    New customers count first purchases only (repeat purchases are not new customers).
    """
    scoped = np.ones(len(log), dtype=np.bool_)
    for column, wanted in (("segment", objective.segment_id), ("channel", objective.channel_id)):
        scope = _scope(log, column, wanted)
        if scope is not None:
            scoped = scoped & scope
    rows = scoped & (log.day >= days[0]) & (log.day <= days[1])
    totals = stage_totals(log, rows)
    if objective.metric is Metric.NEW_CUSTOMERS:
        totals[StageKind.WON.value] = float(_new_customers(log, scoped, *days))
    value = float(metric_value(objective.metric, totals, weeks))
    if math.isnan(value):
        return ObjectiveResult(
            objective.id, objective.name, objective.metric.value, objective.target, None, None, None
        )
    attainment = value / objective.target * 100.0 if objective.target > 0 else None
    return ObjectiveResult(
        objective.id,
        objective.name,
        objective.metric.value,
        objective.target,
        value,
        attainment,
        value >= objective.target,
    )


# --- Breakdowns, Pareto, stage rates ---------------------------------------------------------


def _period_rows(log: PreparedLog, start: dt.date, end: dt.date) -> Bools:
    s, e = _day(start), _day(end)
    return (log.day >= s) & (log.day <= e)


def _group_distinct(log: PreparedLog, group: Ints, rows: Bools, groups: int) -> Ints:
    """Distinct prospects per group code among `rows`."""
    named = rows & (log.prospect >= 0) & (group >= 0)
    pairs = pd.unique(group[named] * np.int64(max(log.prospects, 1)) + log.prospect[named])
    return np.bincount(pairs // np.int64(max(log.prospects, 1)), minlength=groups)


def breakdowns(
    events: pd.DataFrame | PreparedLog,
    start: dt.date,
    end: dt.date,
    dimensions: Sequence[str] | None = None,
) -> pd.DataFrame:
    """A tidy frame: one row per dimension (channel, segment, rep, and the lead source when
    the log has one: by default) and value of it, with measures.

    Columns: dimension, group (missing as NA), prospects (distinct contacted), activities,
    sales, revenue, conversion_rate (sales ÷ prospects × 100), average_basket (revenue ÷ sales
    with an amount). Ratios are NaN where their denominator is zero, and a conversion rate
    where the sales outnumber the prospects.
    """
    log = _log(events)
    if dimensions is None:
        dimensions = (*DIMENSIONS, "source") if log.labels["source"] else DIMENSIONS
    rows = _period_rows(log, start, end)
    contact = rows & (log.kind >= 0) & (log.kind != COST)
    won_in = rows & (log.kind == WON)
    priced = won_in & ~np.isnan(log.amount)
    amount = np.nan_to_num(log.amount)
    frames = []
    for dimension in dimensions:
        codes = log.codes[dimension]
        size = len(log.labels[dimension]) + 1  # the last slot holds the rows without a value
        group = np.where(codes >= 0, codes, size - 1)
        unnamed = np.bincount(
            group[rows & (log.kind == ACTIVITY) & (log.prospect < 0)], minlength=size
        )
        prospects = _group_distinct(log, group, contact, size) + unnamed
        activities = np.bincount(group[rows & (log.kind == ACTIVITY)], minlength=size)
        sales = np.bincount(group[won_in], minlength=size)
        priced_sales = np.bincount(group[priced], minlength=size)
        revenue = np.bincount(group[priced], weights=amount[priced], minlength=size)
        present = np.bincount(group[rows], minlength=size) > 0
        with np.errstate(divide="ignore", invalid="ignore"):
            # over 100 % is not a conversion (a prospect with several sales): no value
            conversion = np.where(
                (prospects > 0) & (sales <= prospects), sales / prospects * 100.0, np.nan
            )
            basket = np.where(priced_sales > 0, revenue / priced_sales, np.nan)
        labels = pd.array([*log.labels[dimension], pd.NA], dtype="string")
        frames.append(
            pd.DataFrame(
                {
                    "dimension": dimension,
                    "group": labels[present],
                    "prospects": prospects[present],
                    "activities": activities[present],
                    "sales": sales[present],
                    "revenue": revenue[present],
                    "conversion_rate": conversion[present],
                    "average_basket": basket[present],
                }
            )
        )
    if not frames:
        raise ValueError("at least one dimension is needed")
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["dimension", "revenue", "sales"], ascending=[True, False, False])


def pareto(
    events: pd.DataFrame | PreparedLog,
    start: dt.date,
    end: dt.date,
    by: Literal["segment", "channel", "source"],
    measure: Literal["revenue", "sales"] = "revenue",
) -> pd.DataFrame:
    """Groups sorted by their contribution, with cumulative share and the 80/20 "vital few".

    Columns: group, value, share, cumulative_share, vital_few — True for the smallest set of
    groups that together reach 80 % of the total. Groups with nothing are left out; an empty
    frame when the total is zero.
    """
    return pareto_of(breakdowns(events, start, end, (by,)), by, measure)


def pareto_of(
    breakdown: pd.DataFrame,
    by: Literal["segment", "channel", "source"],
    measure: Literal["revenue", "sales"] = "revenue",
) -> pd.DataFrame:
    """The Pareto table of one dimension of a `breakdowns` frame (see `pareto`)."""
    table = breakdown.loc[breakdown["dimension"] == by]
    table = table.loc[table[measure] > 0, ["group", measure]].rename(columns={measure: "value"})
    table = table.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)
    total = float(table["value"].sum())
    table["value"] = table["value"].astype("float64")
    table["share"] = table["value"] / total if total > 0 else 0.0
    table["cumulative_share"] = table["share"].cumsum()
    before = table["cumulative_share"] - table["share"]
    table["vital_few"] = before < PARETO_SHARE - 1e-12
    return table


def credible_interval(k: int | None, n: int | None) -> tuple[float | None, float | None]:
    """The P10–P90 interval of a rate seen k times in n, from Beta(1 + k, 1 + n − k)."""
    if k is None or not n or k > n:
        return None, None
    a, b = 1.0 + k, 1.0 + n - k
    return float(betaincinv(a, b, LOW_QUANTILE)), float(betaincinv(a, b, HIGH_QUANTILE))


def rate_status(
    rate: float | None,
    ci_low: float | None,
    ci_high: float | None,
    planned_low: float,
    planned_high: float,
) -> str:
    """ "below" when even the interval's top is under the planned low, "likely_below" when only
    the observed rate is, "above" when the interval's bottom is over the planned high, else
    "within" ("no_data" without a rate)."""
    if rate is None:
        return "no_data"
    if ci_high is not None and ci_high < planned_low:
        return "below"
    if rate < planned_low:
        return "likely_below"
    if ci_low is not None and ci_low > planned_high:
        return "above"
    return "within"


def stage_rates(
    events: pd.DataFrame | PreparedLog, plan: Plan, start: dt.date, end: dt.date
) -> pd.DataFrame:
    """Observed rate k ÷ n of each stage of each channel's funnel, beside its planned range.

    n counts the previous step's events (activities for the first stage), k the stage's events,
    both in the channel and the period, a prospect's skipped stages filled in (see
    planner.tracking.reach). A stage of kind "other" has no events to count: NA. A stage the log
    never records in the channel while it records a later one (see planner.tracking.recording) has
    no rate and the status "not_recorded"; a rate over 100 % (people who took the previous step
    before the period) the status "over_previous".
    ci_low / ci_high: the rate's P10–P90 credible interval (the same reading as the plan's low
    and high); status: see rate_status.
    """
    log = with_reached_stages(_log(events), plan)
    rows = _period_rows(log, start, end)
    channel_labels = log.labels["channel"]
    records = []
    for channel in plan.channels:
        counts = np.zeros(len(KINDS), dtype=np.int64)
        ever = counts
        if channel.id in channel_labels:
            in_channel = (log.codes["channel"] == channel_labels.index(channel.id)) & (
                log.kind >= 0
            )
            counts = np.bincount(log.kind[rows & in_channel], minlength=len(KINDS))
            ever = np.bincount(log.kind[in_channel], minlength=len(KINDS))
        funnel = plan.funnel(channel)
        skipped = unrecorded(
            [s.kind.value for s in funnel], dict(zip(KINDS, ever.tolist(), strict=True))
        )
        previous = EventKind.ACTIVITY.value
        for stage, not_recorded in zip(funnel, skipped, strict=True):
            current = stage.kind.value
            n = None if previous == StageKind.OTHER.value else int(counts[KIND_CODE[previous]])
            k = None if current == StageKind.OTHER.value else int(counts[KIND_CODE[current]])
            rate = k / n if n and k is not None and not not_recorded else None
            low, high = credible_interval(k, n) if rate is not None else (None, None)
            status = rate_status(rate, low, high, stage.rate.low, stage.rate.high)
            if rate is not None and rate > 1.0:  # stage reached by people of an earlier period
                status = "over_previous"
            records.append(
                {
                    "channel": channel.id,
                    "stage": stage.id,
                    "stage_name": stage.name,
                    "from_kind": previous,
                    "to_kind": current,
                    "n": n,
                    "k": k,
                    "rate": rate,
                    "planned_low": stage.rate.low,
                    "planned_typical": stage.rate.typical,
                    "planned_high": stage.rate.high,
                    "ci_low": low,
                    "ci_high": high,
                    "status": "not_recorded" if not_recorded else status,
                }
            )
            previous = current
    frame = pd.DataFrame.from_records(
        records,
        columns=[
            "channel",
            "stage",
            "stage_name",
            "from_kind",
            "to_kind",
            "n",
            "k",
            "rate",
            "planned_low",
            "planned_typical",
            "planned_high",
            "ci_low",
            "ci_high",
            "status",
        ],
    )
    for column in ("n", "k"):
        frame[column] = frame[column].astype("Int64")
    for column in ("rate", "ci_low", "ci_high"):
        frame[column] = frame[column].astype("Float64")
    frame["status"] = frame["status"].astype("string")
    return frame


def default_period(plan: Plan, today: dt.date) -> tuple[dt.date, dt.date]:
    """The plan's start to today, or to the plan's end when today is outside the plan."""
    start, end = plan.meta.start_date, plan.meta.end_date
    return start, today if start <= today <= end else end
