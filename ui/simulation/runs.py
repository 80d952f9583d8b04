"""Simulation step: cached runs of the plan, the run settings and the what-if controls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from planner.core.i18n import fmt_number
from planner.core.problems import InvalidInput
from planner.plan.model import Metric, Plan
from planner.simulation import entry as sim
from planner.simulation.what_if import WhatIf, what_if_plan
from ui.editing import commit, owner, seed, show_problems
from ui.shell import PageContext, plain

TRIAL_CHOICES = (2_000, 5_000, 10_000, 20_000)


# The page's first run: half the engine's default trials, so that a fresh page costs about
# half; the Monte Carlo error stays about ±0.7 % on a median and ±0.5 point on a probability.
PAGE_TRIALS = 10_000


PRECISE_TRIALS = 100_000


VOLUME_RANGE = (0, 300)  # % of the plan


CONVERSION_RANGE = (50, 150)


AS_PLANNED = 100


# A fan chart's objective line: the unscoped objectives whose target is that series' total.
FAN_METRICS = {"revenue": Metric.REVENUE, "deals": Metric.NEW_CUSTOMERS}


SCENARIOS_KEY = "sim_scenarios"


_PRECISE = "sim_precise_signature"


_HASH: dict[Any, Any] = {Plan: sim.plan_fingerprint}


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=_HASH)
def simulated(plan: Plan, trials: int, seed: int, engine: str) -> sim.SimulationResult:
    """One simulation run, computed once per plan content, trials, seed and engine."""
    return sim.simulate(plan, trials, seed, engine)


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=_HASH)
def required(
    plan: Plan, objective_id: str, confidence: float, channel_id: str | None, trials: int, seed: int
) -> sim.RequiredActivity:
    """The activity that meets an objective with a confidence, cached on its inputs."""
    return sim.required_activity(plan, objective_id, confidence, channel_id, trials, seed)


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=_HASH)
def tornado(plan: Plan, objective_id: str | None, trials: int, seed: int) -> sim.Sensitivity:
    """The tornado of the plan's uncertain rates, cached on its inputs."""
    return sim.sensitivity(plan, objective_id, trials, seed)


def run_key(result: sim.SimulationResult) -> tuple[Any, ...]:
    return (result.fingerprint, result.trials, result.seed, result.engine.value)


def achievable(plan: Plan) -> dict[str, float]:
    """Each objective's simulated probability at the page's first settings (the Simulation
    page's run, shared through the cache), for the SMART 'A' letter."""
    if not plan.channels:
        return {}
    try:
        result = simulated(plan, PAGE_TRIALS, sim.DEFAULT_SEED, sim.Engine.FAST.value)
    except InvalidInput:
        return {}
    return {o.objective_id: o.probability for o in result.objectives if o.probability is not None}


@dataclass(frozen=True)
class RunSettings:
    """How the page runs the simulation."""

    engine: str
    trials: int
    seed: int = sim.DEFAULT_SEED
    precise: bool = False

    @property
    def light_trials(self) -> int:
        """Trials for the searches built on many runs (required activity, tornado)."""
        return min(self.trials, sim.DEFAULT_REQUIRED_TRIALS)


def run_settings(page: PageContext, plan: Plan) -> tuple[RunSettings, bool]:
    """Engine and trials chosen by the user, and whether a precise run was asked for."""
    weeks = plan.meta.horizon_weeks
    left, middle, right = st.columns([2, 3, 2], vertical_alignment="bottom")
    engine = left.radio(
        page.t("simpage.engine"),
        [e.value for e in sim.Engine],
        key="sim_engine",
        format_func=lambda e: page.t(f"simpage.engine_{e}"),
        horizontal=True,
        help=page.t("simpage.engine_help", limit=fmt_number(sim.MAX_EXACT_TRIALS, page.lang)),
    )
    choices = [n for n in TRIAL_CHOICES if n <= sim.max_trials(weeks, engine)]
    if st.session_state.get("sim_trials") not in choices:
        st.session_state["sim_trials"] = PAGE_TRIALS if PAGE_TRIALS in choices else choices[-1]
    trials = middle.select_slider(
        page.t("simpage.trials"),
        choices,
        key="sim_trials",
        format_func=lambda n: fmt_number(n, page.lang),
        help=page.t("simpage.trials_help"),
    )
    precise = _precise_trials(plan, engine)
    clicked = right.button(
        page.t("simpage.precise", trials=fmt_number(precise, page.lang)),
        key="sim_precise",
        icon=":material/speed:",
        help=page.t("simpage.precise_help"),
    )
    return RunSettings(engine, int(trials)), clicked


def _precise_trials(plan: Plan, engine: str) -> int:
    return min(PRECISE_TRIALS, sim.max_trials(plan.meta.horizon_weeks, engine))


def precise_settings(
    page: PageContext, plan: Plan, settings: RunSettings, what_if: WhatIf, clicked: bool
) -> RunSettings:
    """The settings with many more trials while the precise run asked for is still current."""
    signature = (owner(page), what_if, settings.engine, settings.trials)
    if clicked:
        st.session_state[_PRECISE] = signature
    if st.session_state.get(_PRECISE) != signature:
        return settings
    trials = _precise_trials(plan, settings.engine)
    return RunSettings(settings.engine, trials, settings.seed, precise=True)


def what_if_controls(page: PageContext, plan: Plan) -> WhatIf:
    """A volume slider per channel and a conversion slider; apply to the plan or go back."""
    mine = owner(page)
    keys = [f"sim_volume_{c.id}" for c in plan.channels] + ["sim_conversion"]
    for key in keys:
        seed(key, AS_PLANNED, mine, keep_typed=False)
    percent = percent_format(page.lang)
    columns = st.columns(min(len(plan.channels) + 1, 4))
    volumes = []
    for i, channel in enumerate(plan.channels):
        value = columns[i % len(columns)].slider(
            page.t("simpage.volume", channel=plain(channel.name)),
            *VOLUME_RANGE,
            step=5,
            key=f"sim_volume_{channel.id}",
            format=percent,
            help=page.t("simpage.volume_help"),
        )
        volumes.append((channel.id, value / AS_PLANNED))
    conversion = columns[len(plan.channels) % len(columns)].slider(
        page.t("simpage.conversion"),
        *CONVERSION_RANGE,
        step=5,
        key="sim_conversion",
        format=percent,
        help=page.t("simpage.conversion_help"),
    )
    what_if = WhatIf(tuple(volumes), conversion / AS_PLANNED)
    apply_col, reset_col, note_col = st.columns([1, 1, 3], vertical_alignment="center")
    if apply_col.button(
        page.t("simpage.apply"),
        key="sim_apply",
        type="primary",
        disabled=what_if.neutral,
        icon=":material/save:",
        help=page.t("simpage.apply_help"),
    ) and commit(page, what_if_plan(plan, what_if).model_dump(mode="json"), "what-if applied"):
        st.rerun()
    reset_col.button(
        page.t("simpage.reset"),
        key="sim_reset",
        disabled=what_if.neutral,
        on_click=_reset,
        args=(keys,),
    )
    if not what_if.neutral:
        note_col.caption(page.t("simpage.what_if_active"))
    return what_if


def percent_format(lang: str) -> str:
    """A slider's format for a whole percentage, written as the language writes it."""
    return "%d\u00a0%%" if lang == "fr" else "%d%%"


def _reset(keys: list[str]) -> None:
    for key in keys:
        st.session_state[key] = AS_PLANNED


def results(
    page: PageContext, plan: Plan, settings: RunSettings, what_if: WhatIf
) -> tuple[sim.SimulationResult, sim.SimulationResult | None]:
    """The what-if run and, when the what-if differs from the plan, the saved plan's run."""
    try:
        with st.spinner(page.t("simpage.precise_running")):
            baseline = simulated(plan, settings.trials, settings.seed, settings.engine)
            if what_if.neutral:
                return baseline, None
            tried = what_if_plan(plan, what_if)
            return simulated(tried, settings.trials, settings.seed, settings.engine), baseline
    except InvalidInput as exc:
        st.error(page.t("simpage.failed"), icon=":material/error:")
        show_problems(page, exc)
        st.stop()
        raise  # unreachable: st.stop() ends the run
