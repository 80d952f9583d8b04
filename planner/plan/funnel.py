"""The expected funnel: the deterministic expectation of activities → stages → deals → revenue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.plan.calendar import calendar_factor, week_starts
from planner.plan.delays import has_delay, landing_matrix
from planner.plan.model import Channel, Delay, Plan, Stage, StageKind

RatePoint = Literal["low", "typical", "high"]
ACTIVITY = "activity"
REPEAT_LOG_SD = 0.6


@dataclass(frozen=True)
class ExpectedFunnel:
    """Expected counts per channel, stage and week, and the money they bring and cost."""

    stages: pd.DataFrame
    money: pd.DataFrame

    def stage_totals(self) -> pd.DataFrame:
        """Expected count of each channel's stages over the whole horizon."""
        keys = ["channel_id", "channel", "step", "stage_id", "stage", "kind"]
        return self.stages.groupby(keys, sort=False)["expected"].sum().reset_index()

    def kind_totals(self) -> pd.Series:
        """Expected count over the horizon for each kind of stage, all channels together."""
        return self.stages.groupby("kind", sort=False)["expected"].sum()

    def revenue(self) -> float:
        """Expected revenue over the horizon."""
        return float(self.money["revenue"].sum())

    def cost(self) -> float:
        """Expected prospection cost over the horizon."""
        return float(self.money["cost"].sum())


def weekly_chain(plan: Plan, channel: Channel) -> list[tuple[Stage, float]]:
    """Each stage of a channel's funnel with its expected count out of one planned week of
    activities at the typical rates: the funnel's arithmetic, without delays or calendar."""
    count, chain = channel.activities_per_week, []
    for stage in plan.funnel(channel):
        count *= stage.rate.typical
        chain.append((stage, count))
    return chain


def weekly_activity(plan: Plan, channel: Channel) -> npt.NDArray[np.float64]:
    """Activities each week: the channel's weekly volume scaled by the week's working days."""
    return channel.activities_per_week * calendar_factor(plan.meta, plan.team)


def _apply_delay(flow: npt.NDArray[np.float64], delay: Delay) -> npt.NDArray[np.float64]:
    if not has_delay(delay):
        return flow
    return flow @ landing_matrix(delay, flow.shape[-1])


def expected_funnel(
    plan: Plan, point: RatePoint = "typical", activity: npt.NDArray[np.float64] | None = None
) -> ExpectedFunnel:
    """Expected counts of every stage of every channel, week by week, at one point of the ranges.

    `activity` (channels × weeks) replaces the plan's weekly activities: the activities the
    simulation uses, consumer calls capped at the lawful hours (planner.compliance)."""
    weeks = plan.meta.horizon_weeks
    starts = week_starts(plan.meta)
    rows: list[pd.DataFrame] = []
    money: list[pd.DataFrame] = []
    value = plan.offer.expected_deal_value
    for index, channel in enumerate(plan.channels):
        flow = weekly_activity(plan, channel) if activity is None else activity[index]
        cost = flow * channel.cost_per_activity + channel.fixed_cost_per_week
        steps = [(ACTIVITY, channel.activity_name, ACTIVITY, flow)]
        won = np.zeros(weeks)
        for stage in plan.funnel(channel):
            flow = _apply_delay(flow * getattr(stage.rate, point), stage.delay)
            steps.append((stage.id, stage.name, stage.kind.value, flow))
            if stage.kind is StageKind.WON:
                won = won + flow
        for step, (stage_id, name, kind, counts) in enumerate(steps):
            rows.append(
                pd.DataFrame(
                    {
                        "channel_id": channel.id,
                        "channel": channel.name,
                        "step": step,
                        "stage_id": stage_id,
                        "stage": name,
                        "kind": kind,
                        "week": np.arange(weeks),
                        "week_start": starts,
                        "expected": counts,
                    }
                )
            )
        money.append(
            pd.DataFrame(
                {
                    "channel_id": channel.id,
                    "channel": channel.name,
                    "week": np.arange(weeks),
                    "week_start": starts,
                    "deals": won,
                    "revenue": won * value + _repeat_orders(plan, won) * plan.offer.deal_value,
                    "cost": cost,
                }
            )
        )
    return ExpectedFunnel(_concat(rows, _STAGE_COLUMNS), _concat(money, _MONEY_COLUMNS))


def _repeat_orders(plan: Plan, won: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Expected repeat purchases: each new customer buys again with the plan's repeat rate."""
    if plan.offer.repeat_purchase_rate <= 0:
        return np.zeros_like(won)
    delay = Delay(median_days=plan.offer.repeat_delay_days, log_sd=REPEAT_LOG_SD)
    return _apply_delay(won * plan.offer.repeat_purchase_rate, delay)


_STAGE_COLUMNS = [
    "channel_id",
    "channel",
    "step",
    "stage_id",
    "stage",
    "kind",
    "week",
    "week_start",
    "expected",
]
_MONEY_COLUMNS = ["channel_id", "channel", "week", "week_start", "deals", "revenue", "cost"]


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)
