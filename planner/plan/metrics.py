"""What each objective metric counts, and its value from totals of funnel stages."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from planner.core.i18n import fmt_money, fmt_number, fmt_percent
from planner.plan.model import Metric, StageKind

ACTIVITY = "activity"
REVENUE = "revenue"
WEEKS_PER_MONTH = 365.25 / 12 / 7
NONE = "—"  # a value that is missing, as shown

Values = npt.NDArray[np.float64]


@dataclass(frozen=True)
class MetricDefinition:
    """A metric as numerator ÷ denominator of stage totals, or a count per period."""

    numerator: str
    denominator: str | None = None
    per_weeks: float | None = None


DEFINITIONS: dict[Metric, MetricDefinition] = {
    Metric.PROSPECTS_CONTACTED_PER_WEEK: MetricDefinition(ACTIVITY, per_weeks=1.0),
    Metric.MEETINGS_PER_MONTH: MetricDefinition(
        StageKind.MEETING_BOOKED.value, per_weeks=WEEKS_PER_MONTH
    ),
    Metric.MEETING_RATE: MetricDefinition(StageKind.MEETING_BOOKED.value, ACTIVITY),
    Metric.REPLY_RATE: MetricDefinition(StageKind.REPLY.value, ACTIVITY),
    Metric.WIN_RATE: MetricDefinition(StageKind.WON.value, StageKind.OPPORTUNITY.value),
    Metric.QUALIFIED_LEAD_RATE: MetricDefinition(
        StageKind.OPPORTUNITY.value, StageKind.MEETING_HELD.value
    ),
    Metric.SITE_CONVERSION: MetricDefinition(StageKind.WON.value, StageKind.VISIT.value),
    Metric.REVENUE: MetricDefinition(REVENUE),
    Metric.NEW_CUSTOMERS: MetricDefinition(StageKind.WON.value),
    Metric.AVERAGE_BASKET: MetricDefinition(REVENUE, StageKind.WON.value),
}


def needed_counts(metric: Metric) -> tuple[str, ...]:
    """The stage kinds (or activity, revenue) a metric is computed from."""
    definition = DEFINITIONS[metric]
    return tuple(k for k in (definition.numerator, definition.denominator) if k is not None)


def metric_value(metric: Metric, totals: Mapping[str, Values | float], weeks: float) -> Values:
    """The metric's value from totals up to its deadline; NaN where a ratio has no denominator.

    `totals` maps a stage kind, "activity" or "revenue" to a total (a number or an array of
    trials); `weeks` is the length of the period the totals cover.
    """
    definition = DEFINITIONS[metric]
    top = np.asarray(totals.get(definition.numerator, 0.0), dtype=np.float64)
    if definition.per_weeks is not None:
        return np.asarray(top / max(weeks, 1e-9) * definition.per_weeks)
    if definition.denominator is None:
        return top
    bottom = np.asarray(totals.get(definition.denominator, 0.0), dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(bottom > 0, top / np.where(bottom > 0, bottom, 1.0), np.nan)


def metric_text(metric: Metric, value: float | None, currency: str, lang: str) -> str:
    """An objective's target or measured value with its unit: €52,300, 25.0 %, 9.5; "—" if none."""
    if value is None or math.isnan(value):
        return NONE
    if metric in (Metric.REVENUE, Metric.AVERAGE_BASKET):
        return fmt_money(value, currency, lang, 0)
    if metric.is_rate:
        return fmt_percent(value, lang, 1)
    return fmt_number(value, lang, 0 if float(value).is_integer() else 1)
