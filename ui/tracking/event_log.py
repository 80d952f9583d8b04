"""Tracking step's data: the stored event log and what is computed from it, cached per plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from planner.plan.model import Plan
from planner.simulation.entry import plan_fingerprint
from planner.storage import weekly as storage_weekly
from planner.tracking import abtest, kpis
from planner.tracking.kpis import KpiReport
from planner.tracking.prepared_log import PreparedLog, prepare_log
from planner.tracking.reach import with_reached_stages

_HASH: dict[Any, Any] = {Plan: plan_fingerprint}


Batches = tuple[str, ...]


@dataclass(frozen=True)
class LogRef:
    """Where a plan's event log lives: its import batches and the version of its weekly rows."""

    engine: Engine
    plan_id: str
    imports: Batches
    weekly: str = ""  # planner.storage.weekly.weekly_version: "" without weekly rows

    @property
    def batch_ids(self) -> Batches:
        """The cache key of the log: the import batch ids, then the weekly rows' version."""
        return (*self.imports, f"weekly:{self.weekly}") if self.weekly else self.imports


@st.cache_data(show_spinner=False, max_entries=4)
def events(_engine: Engine, plan_id: str, batch_ids: Batches) -> pd.DataFrame:
    """The plan's event log (imported events and weekly rows), loaded once per cache key."""
    return storage_weekly.load_log(_engine, plan_id)


@st.cache_data(show_spinner=False, max_entries=4)
def prepared(_engine: Engine, plan_id: str, batch_ids: Batches) -> PreparedLog:
    """The event log as codes, prepared once per set of import batches."""
    return prepare_log(events(_engine, plan_id, batch_ids))


@st.cache_data(show_spinner=False, max_entries=4, hash_funcs=_HASH)
def reached(_engine: Engine, plan_id: str, batch_ids: Batches, plan: Plan) -> PreparedLog:
    """The prepared log with each prospect's skipped stages filled in, once per plan content."""
    return with_reached_stages(prepared(_engine, plan_id, batch_ids), plan)


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=_HASH)
def report(
    _engine: Engine, plan_id: str, batch_ids: Batches, plan: Plan, start: dt.date, end: dt.date
) -> KpiReport:
    """The KPIs of a period, computed once per plan content, batches and period."""
    return kpis.compute_kpis(reached(_engine, plan_id, batch_ids, plan), plan, start, end)


@st.cache_data(show_spinner=False, max_entries=64)
def breakdowns(
    _engine: Engine, plan_id: str, batch_ids: Batches, start: dt.date, end: dt.date
) -> pd.DataFrame:
    """Measures by channel, segment, rep (and lead source) for a period, cached."""
    return kpis.breakdowns(prepared(_engine, plan_id, batch_ids), start, end)


@st.cache_data(show_spinner=False, max_entries=64)
def pareto(
    _engine: Engine,
    plan_id: str,
    batch_ids: Batches,
    start: dt.date,
    end: dt.date,
    by: Literal["segment", "channel", "source"],
) -> pd.DataFrame:
    """The 80/20 table of segments, channels or lead sources by revenue for a period, cached."""
    return kpis.pareto_of(breakdowns(_engine, plan_id, batch_ids, start, end), by)


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=_HASH)
def stage_rates(
    _engine: Engine, plan_id: str, batch_ids: Batches, plan: Plan, start: dt.date, end: dt.date
) -> pd.DataFrame:
    """Observed stage rates beside the planned ranges for a period, cached."""
    return kpis.stage_rates(reached(_engine, plan_id, batch_ids, plan), plan, start, end)


@st.cache_data(show_spinner=False, max_entries=64)
def ab_counts(
    _engine: Engine,
    plan_id: str,
    batch_ids: Batches,
    pair: tuple[str, str],
    start: dt.date,
    end: dt.date,
) -> pd.DataFrame:
    """Trials and conversions per script variant for a pair of steps over a period, cached."""
    log = events(_engine, plan_id, batch_ids)
    return abtest.ab_counts(log, pair[0], pair[1], start, end)
