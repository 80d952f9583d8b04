"""Plan vs actual: each stage's weekly count against the plan's P10–P90 band.

The plan's band of a stage in a week is the spread of its weekly count over simulated trials:
each trial draws the plan's rates (Beta priors) and then a Poisson count of the stage's
intensity that week (the fast engine's model, planner.simulation.model). The actual count is the
number of events of the stage's kind on the channel in that week of the plan (weeks run from
the plan's start date). Cumulative bands are taken on each trial's running total, so they are
not the running total of the weekly bands.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.plan.model import Plan, StageKind
from planner.simulation.defaults import DEFAULT_SEED
from planner.simulation.model import REPEAT, compile_plan, draw_rates
from planner.tracking.events import EventKind
from planner.tracking.prepared_log import KINDS, PreparedLog, prepare_log
from planner.tracking.reach import with_reached_stages
from planner.tracking.recording import unrecorded_steps

BAND_TRIALS = 2000
MAX_BAND_CELLS = 8_000_000  # terms × weeks × trials of one band computation
ACTIVITY = EventKind.ACTIVITY.value
QUANTILES = (0.1, 0.5, 0.9)

BAND_COLUMNS = (
    "channel",
    "stage",
    "stage_name",
    "kind",
    "step",
    "week",
    "week_start",
    "p10",
    "p50",
    "p90",
    "cum_p10",
    "cum_p50",
    "cum_p90",
)
STATUSES = ("below", "within", "above")

Floats = npt.NDArray[np.float64]


def planned_bands(plan: Plan, trials: int = BAND_TRIALS, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The plan's P10/P50/P90 count of each channel's activity and stages, week by week.

    One row per channel, stage (activity first, step 0) and week of the horizon; activity is
    what the plan schedules, so its band is a single line.
    """
    model = compile_plan(plan)
    terms = [i for i, t in enumerate(model.terms) if t.kind not in (REPEAT, StageKind.OTHER.value)]
    weeks = model.weeks
    trials = max(1, min(trials, MAX_BAND_CELLS // max(len(terms) * weeks, 1)))
    rates = draw_rates(model, trials, seed)
    coef = model.coefficients(rates)[terms]  # (terms, trials)
    rng = np.random.default_rng([seed, 7])
    counts = rng.poisson(coef[:, None, :] * model.shapes[terms][:, :, None])  # terms×weeks×trials
    weekly = np.quantile(counts, QUANTILES, axis=2, method="inverted_cdf")  # (3, terms, weeks)
    cumulative = np.quantile(np.cumsum(counts, axis=1), QUANTILES, axis=2, method="inverted_cdf")
    week_starts = pd.to_datetime(list(model.week_starts))
    frames = []
    for c, channel_id in enumerate(model.channel_ids):
        planned = model.activity[c]
        frames.append(
            _rows(channel_id, ACTIVITY, "", ACTIVITY, 0, week_starts, [planned] * 3, _cum(planned))
        )
    for row, i in enumerate(terms):
        term = model.terms[i]
        frames.append(
            _rows(
                model.channel_ids[term.channel],
                term.stage_id,
                term.stage_name,
                term.kind,
                term.step,
                week_starts,
                [weekly[q, row] for q in range(3)],
                [cumulative[q, row] for q in range(3)],
            )
        )
    return pd.concat(frames, ignore_index=True).sort_values(["channel", "step", "week"])


def _cum(planned: Floats) -> list[Floats]:
    running = np.cumsum(planned)
    return [running, running, running]


def _rows(
    channel: str,
    stage: str,
    name: str,
    kind: str,
    step: int,
    week_starts: pd.DatetimeIndex,
    weekly: list[Floats],
    cumulative: list[Floats],
) -> pd.DataFrame:
    weeks = len(week_starts)
    return pd.DataFrame(
        {
            "channel": [channel] * weeks,
            "stage": [stage] * weeks,
            "stage_name": [name] * weeks,
            "kind": [kind] * weeks,
            "step": step,
            "week": np.arange(weeks),
            "week_start": week_starts,
            "p10": weekly[0],
            "p50": weekly[1],
            "p90": weekly[2],
            "cum_p10": cumulative[0],
            "cum_p50": cumulative[1],
            "cum_p90": cumulative[2],
        },
        columns=list(BAND_COLUMNS),
    )


def week_index(plan: Plan, day: dt.date) -> int:
    """The week of the plan a day falls in (0 = the first week; negative before the start)."""
    return (day - plan.meta.start_date).days // 7


def _placed(
    log: PreparedLog, plan: Plan
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Each event's channel (plan order) and plan week, and whether it counts at all."""
    start = int(np.datetime64(plan.meta.start_date, "D").astype(np.int64))
    week = (log.day - start) // 7
    labels = log.labels["channel"]
    channel_of = np.array(
        [next((i for i, c in enumerate(plan.channels) if c.id == label), -1) for label in labels]
        + [-1],
        dtype=np.int64,
    )
    channel = channel_of[log.codes["channel"]]  # a missing channel (−1) takes the last entry
    keep = (channel >= 0) & (log.kind >= 0) & (week >= 0) & (week < plan.meta.horizon_weeks)
    return channel, week, keep


def actual_counts(events: pd.DataFrame | PreparedLog, plan: Plan) -> npt.NDArray[np.int64]:
    """(channels, event kinds, weeks) counts of the log's events in each week of the plan.

    Channels follow the plan's order; events of other channels, unknown kinds or outside the
    horizon are left out; a prospect's skipped stages are filled in (see planner.tracking.reach).
    """
    log = events if isinstance(events, PreparedLog) else prepare_log(events)
    log = with_reached_stages(log, plan)
    out = np.zeros((len(plan.channels), len(KINDS), plan.meta.horizon_weeks), dtype=np.int64)
    channel, week, keep = _placed(log, plan)
    np.add.at(out, (channel[keep], log.kind[keep], week[keep]), 1)
    return out


def actual_revenue(events: pd.DataFrame | PreparedLog, plan: Plan) -> Floats:
    """(channels, weeks) revenue of the won events; a won event without an amount is valued
    at the plan's expected deal value."""
    log = events if isinstance(events, PreparedLog) else prepare_log(events)
    out = np.zeros((len(plan.channels), plan.meta.horizon_weeks))
    channel, week, keep = _placed(log, plan)
    won = keep & (log.kind == KINDS.index(EventKind.WON.value))
    amount = np.where(np.isnan(log.amount), plan.offer.expected_deal_value, log.amount)
    np.add.at(out, (channel[won], week[won]), amount[won])
    return out


def plan_vs_actual(
    plan: Plan, bands: pd.DataFrame, events: pd.DataFrame | PreparedLog, as_of: dt.date
) -> pd.DataFrame:
    """The bands with the actual weekly and cumulative counts up to the week of `as_of`.

    Adds columns actual, actual_cum (NA after that week) and status, cum_status: "below" under
    the P10, "above" over the P90, else "within"; a step the log does not record (see
    planner.tracking.recording) has no actual and the status "not_recorded".
    """
    counts = actual_counts(events, plan)
    last = min(week_index(plan, as_of), plan.meta.horizon_weeks - 1)
    index = {c.id: i for i, c in enumerate(plan.channels)}
    kinds = {kind: i for i, kind in enumerate(KINDS)}
    out = bands.copy()
    channel = out["channel"].map(index).to_numpy(dtype=np.int64)
    kind = out["kind"].map(kinds).to_numpy(dtype=np.int64)
    week = out["week"].to_numpy(dtype=np.int64)
    seen = week <= last
    actual = np.where(seen, counts[channel, kind, week], np.nan)
    running = np.where(seen, np.cumsum(counts, axis=2)[channel, kind, week], np.nan)
    paths = [[s.kind.value for s in plan.funnel(c)] for c in plan.channels]
    skipped = unrecorded_steps(paths, counts.sum(axis=2))
    blank = np.array(
        [(int(c), str(k)) in skipped for c, k in zip(channel, out["kind"], strict=True)],
        dtype=np.bool_,
    )
    actual[blank], running[blank] = np.nan, np.nan
    out["actual"] = pd.array(actual, dtype="Float64")
    out["actual_cum"] = pd.array(running, dtype="Float64")
    out["status"] = _status(out["actual"], out["p10"], out["p90"])
    out["cum_status"] = _status(out["actual_cum"], out["cum_p10"], out["cum_p90"])
    for column in ("status", "cum_status"):
        out.loc[blank & seen, column] = "not_recorded"
    return out


def _status(actual: pd.Series, low: pd.Series, high: pd.Series) -> pd.Series:
    values = actual.to_numpy(dtype=np.float64, na_value=np.nan)
    status = np.where(values < low, "below", np.where(values > high, "above", "within"))
    return pd.Series(status, index=actual.index, dtype="string").where(actual.notna())


def latest_gaps(table: pd.DataFrame, as_of: dt.date, plan: Plan) -> pd.DataFrame:
    """Each channel's stages at the week of `as_of`: cumulative actual against the band."""
    last = min(week_index(plan, as_of), plan.meta.horizon_weeks - 1)
    if last < 0:
        return table.iloc[0:0]
    return table.loc[table["week"] == last].reset_index(drop=True)
