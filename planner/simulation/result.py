"""The result of a simulation run: small summaries, cheap to pickle and to cache, ready to draw."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.simulation.bands import QUANTILES, Band, WeeklyBand
from planner.simulation.defaults import Engine

Floats = npt.NDArray[np.float64]
SERIES = ("revenue", "meetings", "deals")


class ObjectiveStatus(StrEnum):
    """Whether an objective could be simulated as stated."""

    SIMULATED = "simulated"
    MISSING_STAGE = "missing_stage"  # a stage kind it counts is absent: its value stays at 0
    SEGMENT_SCOPE = "segment_scope"  # activities are not split by segment: not simulated


@dataclass(frozen=True)
class StageOutcome:
    """A stage of a channel (channel_id None: a shared stage, all channels together)."""

    channel_id: str | None
    channel_name: str | None
    step: int
    stage_id: str
    stage_name: str
    kind: str
    expected: float
    band: Band


@dataclass(frozen=True)
class ChannelOutcome:
    """What one channel brings over the horizon."""

    channel_id: str
    channel_name: str
    activities: float
    expected_deals: float
    expected_revenue: float
    deals: Band
    revenue: Band


@dataclass(frozen=True, eq=False)
class ObjectiveOutcome:
    """How likely an objective is to be met by its deadline, and when its target is reached."""

    objective_id: str
    name: str
    metric: str
    target: float
    deadline: dt.date
    deadline_week: int
    channel_id: str | None
    segment_id: str | None
    status: ObjectiveStatus
    probability: float | None
    probability_upper_bound: float | None
    value: Band | None
    reach_by_week: Floats | None  # P(target reached by the end of week w), counts and revenue

    def time_to_target(self, share: float) -> int | None:
        """The first week by whose end a share of trials has reached the target, if any."""
        if self.reach_by_week is None:
            return None
        weeks = np.flatnonzero(self.reach_by_week >= share)
        return int(weeks[0]) if weeks.size else None


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """Everything a page draws from one run; `to_dict()` is its JSON form."""

    fingerprint: str
    trials: int
    seed: int
    engine: Engine
    currency: str
    week_starts: tuple[dt.date, ...]
    weekly: dict[str, WeeklyBand]  # SERIES -> cumulative bands
    expected: dict[str, float]  # SERIES -> expected total over the horizon
    stages: tuple[StageOutcome, ...]
    channels: tuple[ChannelOutcome, ...]
    objectives: tuple[ObjectiveOutcome, ...]
    elapsed_seconds: float = field(default=0.0, compare=False)

    @property
    def totals(self) -> dict[str, Band]:
        """Mean and P10 / P50 / P90 of each series over the whole horizon."""
        last = len(self.week_starts) - 1
        return {name: band.at(last) for name, band in self.weekly.items()}

    def objective(self, objective_id: str) -> ObjectiveOutcome:
        """The outcome of one objective; KeyError if the plan has no such objective."""
        for outcome in self.objectives:
            if outcome.objective_id == objective_id:
                return outcome
        raise KeyError(objective_id)

    def weekly_frame(self) -> pd.DataFrame:
        """Tidy weekly bands: week, week_start, series, mean, p10, p50, p90."""
        frames = [
            pd.DataFrame(
                {
                    "week": np.arange(len(self.week_starts)),
                    "week_start": self.week_starts,
                    "series": name,
                    "mean": band.mean,
                    "p10": band.p10,
                    "p50": band.p50,
                    "p90": band.p90,
                }
            )
            for name, band in self.weekly.items()
        ]
        return pd.concat(frames, ignore_index=True)

    def stages_frame(self) -> pd.DataFrame:
        """One row per channel stage (and per shared stage for all channels) with its band."""
        rows = [
            {
                "channel_id": s.channel_id,
                "channel": s.channel_name,
                "step": s.step,
                "stage_id": s.stage_id,
                "stage": s.stage_name,
                "kind": s.kind,
                "expected": s.expected,
                **s.band.to_dict(),
            }
            for s in self.stages
        ]
        return pd.DataFrame(rows, columns=_STAGE_COLUMNS)

    def objectives_frame(self) -> pd.DataFrame:
        """One row per objective: status, probability (or its upper bound), value band and
        the weeks by which 10 %, 50 % and 90 % of trials reach the target."""
        rows = []
        for o in self.objectives:
            value = o.value.to_dict() if o.value is not None else dict.fromkeys(_BAND, None)
            rows.append(
                {
                    "objective_id": o.objective_id,
                    "name": o.name,
                    "metric": o.metric,
                    "target": o.target,
                    "deadline": o.deadline,
                    "channel_id": o.channel_id,
                    "segment_id": o.segment_id,
                    "status": o.status.value,
                    "probability": o.probability,
                    "probability_upper_bound": o.probability_upper_bound,
                    **{f"value_{k}": v for k, v in value.items()},
                    **{f"reached_p{round(q * 100)}": o.time_to_target(q) for q in QUANTILES},
                }
            )
        return pd.DataFrame(rows)

    def channels_frame(self) -> pd.DataFrame:
        """One row per channel: activities, expected and banded deals and revenue."""
        rows = [
            {
                "channel_id": c.channel_id,
                "channel": c.channel_name,
                "activities": c.activities,
                "expected_deals": c.expected_deals,
                "expected_revenue": c.expected_revenue,
                **{f"deals_{k}": v for k, v in c.deals.to_dict().items()},
                **{f"revenue_{k}": v for k, v in c.revenue.to_dict().items()},
            }
            for c in self.channels
        ]
        return pd.DataFrame(rows)

    def reach_frame(self) -> pd.DataFrame:
        """Tidy time-to-target curves: objective_id, week, week_start, probability."""
        frames = [
            pd.DataFrame(
                {
                    "objective_id": o.objective_id,
                    "week": np.arange(len(self.week_starts)),
                    "week_start": self.week_starts,
                    "probability": o.reach_by_week,
                }
            )
            for o in self.objectives
            if o.reach_by_week is not None
        ]
        if not frames:
            return pd.DataFrame(columns=["objective_id", "week", "week_start", "probability"])
        return pd.concat(frames, ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data (NaN written as None)."""
        data: dict[str, Any] = _clean(
            {
                "fingerprint": self.fingerprint,
                "trials": self.trials,
                "seed": self.seed,
                "engine": self.engine.value,
                "currency": self.currency,
                "weeks": len(self.week_starts),
                "elapsed_seconds": self.elapsed_seconds,
                "totals": {name: band.to_dict() for name, band in self.totals.items()},
                "expected": dict(self.expected),
                "objectives": [_objective_dict(o) for o in self.objectives],
                "weekly": [
                    {
                        "week": w,
                        "week_start": start.isoformat(),
                        **{name: band.at(w).to_dict() for name, band in self.weekly.items()},
                    }
                    for w, start in enumerate(self.week_starts)
                ],
                "stages": self.stages_frame().to_dict(orient="records"),
                "channels": [
                    {
                        "channel_id": c.channel_id,
                        "channel": c.channel_name,
                        "activities": c.activities,
                        "expected_deals": c.expected_deals,
                        "expected_revenue": c.expected_revenue,
                        "deals": c.deals.to_dict(),
                        "revenue": c.revenue.to_dict(),
                    }
                    for c in self.channels
                ],
            }
        )
        return data


_BAND = ("mean", "p10", "p50", "p90")
_STAGE_COLUMNS = [
    "channel_id",
    "channel",
    "step",
    "stage_id",
    "stage",
    "kind",
    "expected",
    "mean",
    "p10",
    "p50",
    "p90",
]


def _objective_dict(o: ObjectiveOutcome) -> dict[str, Any]:
    return {
        "id": o.objective_id,
        "name": o.name,
        "metric": o.metric,
        "target": o.target,
        "deadline": o.deadline.isoformat(),
        "deadline_week": o.deadline_week,
        "channel_id": o.channel_id,
        "segment_id": o.segment_id,
        "status": o.status.value,
        "probability": o.probability,
        "probability_upper_bound": o.probability_upper_bound,
        "value": o.value.to_dict() if o.value is not None else None,
        "time_to_target": None
        if o.reach_by_week is None
        else {f"p{round(q * 100)}": o.time_to_target(q) for q in QUANTILES},
    }


def _clean(data: Any) -> Any:
    """Plain Python numbers, NaN and infinity as None, all the way down."""
    if isinstance(data, dict):
        return {key: _clean(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_clean(value) for value in data]
    if isinstance(data, (float, np.floating)):
        return float(data) if math.isfinite(data) else None
    if isinstance(data, np.integer):
        return int(data)
    return data
