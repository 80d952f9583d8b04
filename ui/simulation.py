"""Simulation step: cached runs of the plan, what-if controls, and the panels that show results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from planner.core.i18n import fmt_date, fmt_money, fmt_number, fmt_percent
from planner.core.problems import InvalidInput
from planner.plan.calendar import week_starts
from planner.plan.model import Metric, Objective, Plan, Stage
from planner.plan.smart import ACHIEVABLE_OK, ACHIEVABLE_WARNING
from planner.simulation import entry as sim
from planner.simulation.defaults import MAX_MULTIPLIER
from planner.simulation.objectives import is_volume
from ui import charts, sim_charts
from ui.editing import commit, owner, seed, show_problems
from ui.shell import PageContext, plain

TRIAL_CHOICES = (2_000, 5_000, 10_000, 20_000)
PRECISE_TRIALS = 100_000
VOLUME_RANGE = (0, 300)  # % of the plan
CONVERSION_RANGE = (50, 150)
AS_PLANNED = 100
# A fan chart's objective line: the unscoped objectives whose target is that series' total.
FAN_METRICS = {"revenue": Metric.REVENUE, "deals": Metric.NEW_CUSTOMERS}
_SCENARIOS = "sim_scenarios"
_PRECISE = "sim_precise_signature"
_HASH: dict[Any, Any] = {Plan: sim.plan_fingerprint}


# Cached computations: keyed on the plan's fingerprint and the run's settings ----------------


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


def _run_key(result: sim.SimulationResult) -> tuple[Any, ...]:
    return (result.fingerprint, result.trials, result.seed, result.engine.value)


def achievable(plan: Plan) -> dict[str, float]:
    """Each objective's simulated probability at the default settings, for the SMART 'A' letter."""
    if not plan.channels:
        return {}
    try:
        result = simulated(plan, sim.DEFAULT_TRIALS, sim.DEFAULT_SEED, sim.Engine.FAST.value)
    except InvalidInput:
        return {}
    return {o.objective_id: o.probability for o in result.objectives if o.probability is not None}


# Settings and what-if -----------------------------------------------------------------------


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


@dataclass(frozen=True)
class WhatIf:
    """Multipliers tried on the plan: activities per channel, and every conversion rate."""

    volumes: tuple[tuple[str, float], ...] = ()
    conversion: float = 1.0

    @property
    def neutral(self) -> bool:
        """True when the what-if is the plan itself."""
        return self.conversion == 1.0 and all(m == 1.0 for _, m in self.volumes)


def what_if_plan(plan: Plan, what_if: WhatIf) -> Plan:
    """A copy of the plan with the what-if multipliers applied (rates capped at 1)."""
    for channel_id, multiplier in what_if.volumes:
        if multiplier != 1.0:
            plan = sim.scaled_plan(plan, multiplier, channel_id)
    if what_if.conversion == 1.0:
        return plan
    k = what_if.conversion

    def better(stage: Stage) -> Stage:
        rate = stage.rate
        scaled = {f: min(getattr(rate, f) * k, 1.0) for f in ("low", "typical", "high")}
        return stage.model_copy(update={"rate": rate.model_copy(update=scaled)})

    channels = [
        c.model_copy(update={"stages": [better(s) for s in c.stages]}) for c in plan.channels
    ]
    return plan.model_copy(
        update={"channels": channels, "pipeline": [better(s) for s in plan.pipeline]}
    )


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
        st.session_state["sim_trials"] = choices[-1]
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
        seed(key, AS_PLANNED, mine)
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


# Panels ---------------------------------------------------------------------------------


def how_it_works(page: PageContext) -> None:
    """A folded panel that explains the method to a trainer's audience."""
    with st.expander(page.t("simpage.method.title"), icon=":material/school:"):
        st.markdown(page.t("simpage.method.body"))


def _value(page: PageContext, result: sim.SimulationResult, series: str, value: float) -> str:
    if series == "revenue":
        return fmt_money(value, result.currency, page.lang, 0)
    return fmt_number(value, page.lang)


def headline(
    page: PageContext, result: sim.SimulationResult, baseline: sim.SimulationResult | None
) -> None:
    """Revenue, meetings and deals over the plan: median, P10–P90, change against the plan."""
    for column, (series, band) in zip(st.columns(3), result.totals.items(), strict=True):
        delta = None
        if baseline is not None and baseline.totals[series].p50 > 0:
            change = band.p50 / baseline.totals[series].p50 - 1.0
            text = fmt_percent(change, page.lang, 0)
            delta = page.t("simpage.delta_vs_plan", delta=("+" if change > 0 else "") + text)
        column.metric(
            page.t("simpage.p50_of", series=page.t(f"simulation.series.{series}")),
            _value(page, result, series, band.p50),
            delta=delta,
            delta_color="normal" if delta else "off",
        )
        low, high = (_value(page, result, series, v) for v in (band.p10, band.p90))
        column.caption(page.t("simpage.band", low=low, high=high))
    engine = page.t(f"simulation.engine.{result.engine.value}")
    info = page.t(
        "simpage.run_info",
        trials=fmt_number(result.trials, page.lang),
        seed=result.seed,
        engine=engine,
        seconds=fmt_number(result.elapsed_seconds, page.lang, 2),
    )
    st.caption(info)


def fan(page: PageContext, plan: Plan, result: sim.SimulationResult) -> None:
    """The fan chart of one cumulative series, with its objectives' lines."""
    series = st.radio(
        page.t("simpage.series"),
        list(result.weekly),
        key="sim_series",
        format_func=lambda s: page.t(f"simulation.series.{s}"),
        horizontal=True,
    )
    metric = FAN_METRICS.get(series)
    goals = pd.DataFrame(
        [
            {"name": o.name, "target": o.target, "deadline": o.deadline}
            for o in plan.objectives
            if o.metric == metric and o.channel_id is None and o.segment_id is None
        ],
        columns=["name", "target", "deadline"],
    )
    title = page.t(f"simulation.series.{series}")
    if series == "revenue":
        title = f"{title} ({result.currency})"
    key = ("fan", *_run_key(result), series, title, page.lang, *map(tuple, goals.values))
    charts.show_cached(
        page.lang,
        key,
        lambda: sim_charts.fan_chart(
            _series(result.weekly_frame(), series), goals, title, page.lang
        ),
    )


def _series(weekly: pd.DataFrame, series: str) -> pd.DataFrame:
    return weekly[weekly["series"] == series]


def _target(page: PageContext, objective: Objective, currency: str) -> str:
    if objective.metric.is_rate:
        return fmt_percent(objective.target, page.lang, 1)
    if objective.metric in (Metric.REVENUE, Metric.AVERAGE_BASKET):
        return fmt_money(objective.target, currency, page.lang, 0)
    return fmt_number(objective.target, page.lang, 1 if objective.target % 1 else 0)


def _week_end(page: PageContext, result: sim.SimulationResult, week: Any) -> str:
    if week is None or pd.isna(week):
        return page.t("simpage.not_reached")
    return fmt_date(result.week_starts[int(week)] + dt.timedelta(days=6), page.lang)


def _status(page: PageContext, outcome: sim.ObjectiveOutcome) -> str:
    bound = outcome.probability_upper_bound
    text = fmt_percent(bound, page.lang, 0) if bound is not None else "—"
    return page.t(f"simulation.status.{outcome.status.value}", bound=text)


def _verdict(probability: float | None) -> str:
    if probability is None:
        return "none"
    if probability >= ACHIEVABLE_OK:
        return "ok"
    return "warning" if probability >= ACHIEVABLE_WARNING else "fail"


def objective_chances(page: PageContext, plan: Plan, result: sim.SimulationResult) -> None:
    """Each objective's probability by its deadline, its status and its time to target."""
    if not plan.objectives:
        st.caption(page.t("simpage.objectives_none"))
        return
    by_id = {o.id: o for o in plan.objectives}
    rows = []
    for outcome in result.objectives:
        objective = by_id[outcome.objective_id]
        volume = outcome.reach_by_week is not None
        rows.append(
            {
                "objective": outcome.name,
                "target": _target(page, objective, result.currency),
                "deadline": fmt_date(outcome.deadline, page.lang),
                "probability": outcome.probability,
                "status": _status(page, outcome),
                "half": _week_end(page, result, outcome.time_to_target(0.5)) if volume else "—",
                "most": _week_end(page, result, outcome.time_to_target(0.9)) if volume else "—",
                "verdict": _verdict(outcome.probability),
            }
        )
    frame = pd.DataFrame(rows)
    text = st.column_config.TextColumn
    st.dataframe(
        frame.drop(columns="verdict"),
        key="sim_objectives",
        hide_index=True,
        width="stretch",
        column_config={
            "objective": text(page.t("simpage.objective")),
            "target": text(page.t("simpage.target")),
            "deadline": text(page.t("simpage.deadline")),
            "probability": st.column_config.ProgressColumn(
                page.t("simpage.probability"), min_value=0.0, max_value=1.0, format="percent"
            ),
            "status": text(page.t("simpage.status"), width="large"),
            "half": text(page.t("simpage.reached_half")),
            "most": text(page.t("simpage.reached_most")),
        },
    )
    shown = frame.dropna(subset=["probability"]).rename(columns={"objective": "name"})
    if not shown.empty:
        charts.show_cached(
            page.lang,
            ("chances", *_run_key(result), page.lang),
            lambda: sim_charts.probability_chart(shown, page.lang, ACHIEVABLE_OK),
        )


def funnel(page: PageContext, result: sim.SimulationResult) -> None:
    """Each stage's median count and its band over the plan, one panel per channel."""
    if not result.stages:
        return
    shared = page.t("simpage.shared_stages")

    def build() -> alt.TopLevelMixin:
        stages = result.stages_frame().assign(
            group=lambda d: d["channel"].fillna(shared),
            label=lambda d: d["step"].astype(str) + ". " + d["stage"],
        )
        return sim_charts.funnel_chart(stages, page.lang)

    charts.show_cached(page.lang, ("funnel", *_run_key(result), page.lang), build, width="content")
    _channel_table(page, result)


def _channel_table(page: PageContext, result: sim.SimulationResult) -> None:
    def band(b: sim.Band, money: bool) -> str:
        show = (
            (lambda v: fmt_money(v, result.currency, page.lang, 0))
            if money
            else (lambda v: fmt_number(v, page.lang))
        )
        return f"{show(b.p50)} ({show(b.p10)} – {show(b.p90)})"

    st.dataframe(
        pd.DataFrame(
            {
                page.t("simpage.channel"): [c.channel_name for c in result.channels],
                page.t("simpage.activities"): [round(c.activities) for c in result.channels],
                page.t("simpage.deals_band"): [band(c.deals, False) for c in result.channels],
                page.t("simpage.revenue_band"): [band(c.revenue, True) for c in result.channels],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def required_panel(page: PageContext, plan: Plan, settings: RunSettings) -> None:
    """The activity per week an objective needs at a confidence, and the gap to team hours."""
    if not plan.objectives:
        st.caption(page.t("simpage.objectives_none"))
        return
    names = {o.id: o.name for o in plan.objectives}
    revenue = [o.id for o in plan.objectives if o.metric == Metric.REVENUE and not o.channel_id]
    if st.session_state.get("sim_required_objective") not in names:
        st.session_state["sim_required_objective"] = (revenue or list(names))[0]
    channels = {"": page.t("simpage.required_all")} | {c.id: c.name for c in plan.channels}
    if st.session_state.get("sim_required_channel") not in channels:
        st.session_state["sim_required_channel"] = ""
    st.session_state.setdefault("sim_confidence", round(sim.DEFAULT_CONFIDENCE * 100))
    a, b, c = st.columns(3)
    objective_id = a.selectbox(
        page.t("simpage.required_objective"),
        list(names),
        key="sim_required_objective",
        format_func=names.__getitem__,
    )
    confidence = b.slider(
        page.t("simpage.required_confidence"),
        50,
        99,
        key="sim_confidence",
        format=percent_format(page.lang),
        help=page.t("simpage.required_confidence_help"),
    )
    channel_id = c.selectbox(
        page.t("simpage.required_channel"),
        list(channels),
        key="sim_required_channel",
        format_func=channels.__getitem__,
    )
    answer = required(
        plan,
        objective_id,
        confidence / 100,
        channel_id or None,
        settings.light_trials,
        settings.seed,
    )
    key = (sim.plan_fingerprint(plan), objective_id, confidence, channel_id, settings.light_trials)
    _required_answer(page, plan, answer, names[objective_id], channels[channel_id], key)


def _required_answer(
    page: PageContext,
    plan: Plan,
    answer: sim.RequiredActivity,
    name: str,
    channel: str,
    key: tuple[Any, ...],
) -> None:
    percent = {
        key: fmt_percent(value, page.lang, 0) if value is not None else "—"
        for key, value in (
            ("confidence", answer.confidence),
            ("now", answer.probability_now),
            ("then", answer.probability_required),
        )
    }
    scope = (
        page.t("simulation.required.all_channels")
        if answer.channel_id is None
        else page.t("simulation.required.one_channel", channel=plain(channel))
    )
    multiplier = answer.multiplier if answer.multiplier is not None else MAX_MULTIPLIER
    message = page.t(
        f"simulation.required.{answer.status.value}",
        scope=scope,
        objective=plain(name),
        multiplier=fmt_number(multiplier, page.lang, 2),
        **percent,
    )
    reached = answer.status is sim.RequiredStatus.REACHED
    (st.info if reached else st.warning)(message, icon=":material/trending_up:")
    if not reached:
        return
    a, b, c = st.columns(3)
    a.metric(page.t("simpage.multiplier"), "×" + fmt_number(multiplier, page.lang, 2))
    gap = answer.extra_hours or 0.0
    hours = fmt_number(abs(gap), page.lang)
    b.metric(
        page.t("simpage.extra_hours"),
        page.t("simpage.hours_missing" if gap > 0 else "simpage.hours_spare", hours=hours),
    )
    reps = answer.extra_reps
    c.metric(page.t("simpage.extra_reps"), "—" if reps is None else fmt_number(reps, page.lang))
    st.dataframe(
        pd.DataFrame(
            {
                page.t("simpage.channel"): [ch.channel_name for ch in answer.channels],
                page.t("simpage.activity"): [ch.activity_name for ch in answer.channels],
                page.t("simpage.now_per_week"): [
                    round(ch.current_per_week, 1) for ch in answer.channels
                ],
                page.t("simpage.needed_per_week"): [
                    None if ch.required_per_week is None else round(ch.required_per_week, 1)
                    for ch in answer.channels
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    charts.show_cached(
        page.lang,
        ("hours", *key, page.lang),
        lambda: sim_charts.hours_chart(_hours(page, plan, answer), page.lang),
    )


def _hours(page: PageContext, plan: Plan, answer: sim.RequiredActivity) -> pd.DataFrame:
    starts = week_starts(plan.meta)
    series = {
        "hours_now": answer.hours_now,
        "hours_needed": answer.hours_needed,
        "hours_available": answer.hours_available,
    }
    return pd.concat(
        [
            pd.DataFrame(
                {"week_start": starts, "series": page.t(f"simpage.chart.{key}"), "hours": values}
            )
            for key, values in series.items()
            if values is not None
        ],
        ignore_index=True,
    )


def tornado_panel(page: PageContext, plan: Plan, settings: RunSettings) -> None:
    """The uncertain rates ranked by how much they move revenue or an objective's chance."""
    names = {o.id: o.name for o in plan.objectives if is_volume(o) and o.segment_id is None}
    options = ["", *names]
    if st.session_state.get("sim_tornado_measure") not in options:
        st.session_state["sim_tornado_measure"] = ""
    measure = st.selectbox(
        page.t("simpage.tornado_measure"),
        options,
        key="sim_tornado_measure",
        format_func=lambda m: (
            page.t("simpage.tornado_probability", objective=names[m])
            if m
            else page.t("simpage.tornado_revenue")
        ),
    )
    result = tornado(plan, measure or None, settings.light_trials, settings.seed)
    if not result.bars:
        st.caption(page.t("simpage.tornado_none"))
        return
    channels = {c.id: c.name for c in plan.channels}
    shared = page.t("simpage.chart.shared")
    rows = []
    for bar in result.bars:
        group = channels.get(bar.channel_id or "", shared)
        low, high = (fmt_percent(v, page.lang, 1) for v in (bar.low, bar.high))
        label = f"{group} · {bar.stage_name} ({low}–{high})"
        rows.append({"label": label, "end": page.t("simpage.chart.at_low"), "value": bar.at_low})
        rows.append({"label": label, "end": page.t("simpage.chart.at_high"), "value": bar.at_high})
    number = ".0%" if measure else ",.0f"
    key = ("tornado", sim.plan_fingerprint(plan), measure, settings.light_trials, page.lang)
    charts.show_cached(
        page.lang,
        key,
        lambda: sim_charts.tornado_chart(pd.DataFrame(rows), result.baseline, page.lang, number),
    )


def _scenarios(page: PageContext) -> list[dict[str, Any]]:
    store: dict[str, list[dict[str, Any]]] = st.session_state.setdefault(_SCENARIOS, {})
    return store.setdefault(page.stored.id if page.stored else "", [])


def scenarios_panel(page: PageContext, plan: Plan, settings: RunSettings, what_if: WhatIf) -> None:
    """Keep the current what-if under a name; compare the kept scenarios with the same seed."""
    kept = _scenarios(page)
    name_col, add_col, clear_col = st.columns([3, 2, 2], vertical_alignment="bottom")
    name = name_col.text_input(
        page.t("simpage.scenario_name"),
        key="sim_scenario_name",
        max_chars=60,
        placeholder=page.t("simpage.scenario_default", number=len(kept) + 1),
    )
    if add_col.button(
        page.t("simpage.add_scenario"), key="sim_add_scenario", icon=":material/add:"
    ):
        label = name.strip() or page.t("simpage.scenario_default", number=len(kept) + 1)
        kept.append({"name": label, "what_if": what_if})
    if kept and clear_col.button(page.t("simpage.clear_scenarios"), key="sim_clear_scenarios"):
        kept.clear()
    if not kept:
        st.caption(page.t("simpage.scenarios_none"))
        return
    named = [(page.t("simpage.saved_plan"), plan)] + [
        (s["name"], what_if_plan(plan, s["what_if"])) for s in kept
    ]
    runs = tuple(simulated(p, settings.trials, settings.seed, settings.engine) for _, p in named)
    frame = sim.ScenarioComparison(tuple(n for n, _ in named), runs).frame()
    _comparison_table(page, plan, frame, runs[0].currency)
    revenue = frame.query("measure == 'revenue'")
    title = f"{page.t('simulation.series.revenue')} ({runs[0].currency})"
    key = ("scenarios", *(_run_key(r) for r in runs), *(n for n, _ in named), page.lang)
    charts.show_cached(page.lang, key, lambda: sim_charts.scenario_chart(revenue, title, page.lang))


def _comparison_table(page: PageContext, plan: Plan, frame: pd.DataFrame, currency: str) -> None:
    medians = frame.dropna(subset=["p50"]).pivot(index="scenario", columns="measure", values="p50")
    chances = frame.dropna(subset=["probability"]).pivot(
        index="scenario", columns="measure", values="probability"
    )
    order = list(dict.fromkeys(frame["scenario"]))
    table = medians.join(chances).reindex(order).reset_index()
    config: dict[str, Any] = {"scenario": page.t("simpage.scenario")}
    for series in ("revenue", "meetings", "deals"):
        label = page.t("simpage.p50_of", series=page.t(f"simulation.series.{series}"))
        fmt = "localized" if series != "revenue" else "%.0f " + currency
        config[series] = st.column_config.NumberColumn(label, format=fmt)
    for o in plan.objectives:
        config[f"objective:{o.id}"] = st.column_config.ProgressColumn(
            o.name, min_value=0.0, max_value=1.0, format="percent"
        )
    st.dataframe(
        table, key="sim_scenarios_table", hide_index=True, width="stretch", column_config=config
    )
