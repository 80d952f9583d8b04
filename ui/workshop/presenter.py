"""The presenter view: one step of the plan per screen in large type, the method beside it with
the room's plan as the example; the keyboard's arrows move between the slides."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.core.i18n import fmt_money, fmt_number, fmt_percent
from planner.core.problems import InvalidInput
from planner.plan.funnel import weekly_chain
from planner.plan.model import Plan, QqoqcpAxis
from planner.plan.smart import Verdict, check_objectives
from planner.scripts.text import axis_name, motive_description, motive_name, soncas_coverage
from planner.simulation import entry as sim
from planner.tracking.kpis import pareto_of
from planner.workshop import main_objective
from ui.shell import PageContext, plain
from ui.simulation.runs import PAGE_TRIALS, simulated

# The slides, in the order of the journey: (slide, the method explained beside it).
SLIDES: tuple[tuple[str, str], ...] = (
    ("target", "bant"),
    ("objectives", "smart"),
    ("channels", "funnel"),
    ("discovery", "qqoqcp"),
    ("motives", "soncas"),
    ("simulation", "simulation"),
    ("focus", "pareto"),
    ("ab", "ab"),
)
_SLIDE_PARAM = "slide"
_MARK = {Verdict.OK: "✓", Verdict.WARNING: "!", Verdict.FAIL: "✗", Verdict.NOT_ASSESSED: "–"}
# Large type for a projector, readable from the back of a room at 1024×768.
LARGE_TYPE = """<style>
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li {
  font-size: 1.45rem; line-height: 1.45;
}
[data-testid="stMain"] h1 { font-size: 2.6rem; }
[data-testid="stMain"] [data-testid="stMetricValue"] { font-size: 2.6rem; }
[data-testid="stMain"] [data-testid="stDataFrame"] { font-size: 1.2rem; }
</style>"""


def current_slide() -> int:
    """The slide shown, from the address (so that a reload keeps it)."""
    try:
        number = int(st.query_params.get(_SLIDE_PARAM, "1"))
    except ValueError:
        number = 1
    return min(max(number, 1), len(SLIDES))


def _go(number: int) -> None:
    st.query_params[_SLIDE_PARAM] = str(number)


def presenter(page: PageContext, plan: Plan) -> None:
    """The slide of the address, the method beside it, and the previous / next buttons."""
    st.html(LARGE_TYPE)
    number = current_slide()
    slide, method = SLIDES[number - 1]
    st.title(page.t(f"present.slide.{slide}"), anchor=False)
    example, explained = st.columns([3, 2], gap="large")
    with example:
        _EXAMPLES[slide](page, plan)
    with explained, st.container(border=True):
        st.markdown(f"**{page.t(f'present.method.{method}.title')}**")
        st.markdown(page.t(f"present.method.{method}.body"))
    _navigation(page, number)


def _navigation(page: PageContext, number: int) -> None:
    back, where, forward = st.columns([1, 2, 1], vertical_alignment="center")
    back.button(
        page.t("present.previous"),
        key="slide_previous",
        icon=":material/arrow_back:",
        shortcut="Left",
        disabled=number == 1,
        on_click=_go,
        args=(number - 1,),
        width="stretch",
    )
    where.caption(page.t("present.where", number=number, total=len(SLIDES)))
    forward.button(
        page.t("present.next"),
        key="slide_next",
        icon=":material/arrow_forward:",
        shortcut="Right",
        disabled=number == len(SLIDES),
        on_click=_go,
        args=(number + 1,),
        type="primary",
        width="stretch",
    )


def _target(page: PageContext, plan: Plan) -> None:
    rows = [
        {
            page.t("present.segment"): s.name,
            page.t("present.priority"): s.priority,
            page.t("present.addressable"): fmt_number(s.addressable_count, page.lang),
        }
        for s in plan.segments
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    grid = plan.bant
    criteria = [("budget", grid.budget), ("authority", grid.authority)]
    criteria += [("need", grid.need), ("timing", grid.timing)]
    st.markdown(
        page.t("present.bant_rule", score=fmt_number(grid.qualified_score, page.lang))
        + "\n\n"
        + "\n".join(
            f"- {page.t(f'bant.criterion.{name}')} · "
            + page.t(
                "present.bant_weight", weight=fmt_number(c.weight, page.lang), minimum=c.threshold
            )
            for name, c in criteria
        )
    )


def _objectives(page: PageContext, plan: Plan) -> None:
    checks = check_objectives(plan)
    rows = [
        {
            page.t("present.objective"): o.name,
            **{c.letter.value: _MARK[c.verdict] for c in checks[o.id]},
        }
        for o in plan.objectives
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(page.t("present.smart_legend"))


def _channels(page: PageContext, plan: Plan) -> None:
    for channel in plan.channels:
        activities = fmt_number(channel.activities_per_week, page.lang)
        steps = [f"**{activities}** {plain(channel.activity_name)}"]
        for stage, count in weekly_chain(plan, channel):
            rate = fmt_percent(stage.rate.typical, page.lang)
            steps.append(f"× {rate} → **{fmt_number(count, page.lang, 1)}** {plain(stage.name)}")
        st.markdown(f"**{plain(channel.name)}** · {page.t('present.per_week')}")
        st.markdown("  \n".join(steps))


def _discovery(page: PageContext, plan: Plan) -> None:
    st.markdown(
        "\n".join(
            f"- **{axis_name(axis, page.lang)}** — {page.t(f'scripts.axis.{axis}.hint')}"
            for axis in QqoqcpAxis
        )
    )


def _motives(page: PageContext, plan: Plan) -> None:
    script = plan.scripts[0] if plan.scripts else None
    rows = []
    for coverage in soncas_coverage(script) if script else []:
        rows.append(
            {
                page.t("present.motive"): motive_name(coverage.motive, page.lang),
                page.t("present.meaning"): motive_description(coverage.motive, page.lang),
                page.t("present.covered"): "✓" if coverage.covered else "✗",
            }
        )
    if not rows:
        st.info(page.t("present.no_script"))
        return
    st.caption(page.t("present.soncas_of", script=plain(script.name if script else "")))
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _run(plan: Plan) -> sim.SimulationResult | None:
    try:
        return simulated(plan, PAGE_TRIALS, sim.DEFAULT_SEED, sim.Engine.FAST.value)
    except InvalidInput:
        return None


def _simulation(page: PageContext, plan: Plan) -> None:
    result = _run(plan)
    if result is None:
        st.info(page.t("present.cannot_simulate"))
        return
    revenue = result.totals["revenue"]
    cur = plan.meta.currency
    low, mid, high = st.columns(3)
    low.metric(page.t("present.p10"), fmt_money(revenue.p10, cur, page.lang, 0))
    mid.metric(page.t("present.p50"), fmt_money(revenue.p50, cur, page.lang, 0))
    high.metric(page.t("present.p90"), fmt_money(revenue.p90, cur, page.lang, 0))
    objective = main_objective(plan)
    chance = result.objective(objective.id).probability if objective else None
    if objective is not None and chance is not None:
        st.markdown(
            page.t(
                "present.chance",
                objective=plain(objective.name),
                chance=fmt_percent(chance, page.lang, 0),
            )
        )


def _focus(page: PageContext, plan: Plan) -> None:
    result = _run(plan)
    if result is None or not result.channels:
        st.info(page.t("present.cannot_simulate"))
        return
    breakdown = pd.DataFrame(
        {
            "dimension": "channel",
            "group": [c.channel_name for c in result.channels],
            "revenue": [c.expected_revenue for c in result.channels],
            "sales": [c.expected_deals for c in result.channels],
        }
    )
    ranked = pareto_of(breakdown, "channel")  # the Tracking step's Pareto, on the forecast
    rows = [
        {
            page.t("present.channel"): ("● " if vital else "") + str(group),
            page.t("present.revenue"): fmt_money(float(value), plan.meta.currency, page.lang, 0),
            page.t("present.share"): fmt_percent(float(share), page.lang, 0),
            page.t("present.cumulated"): fmt_percent(float(cumulated), page.lang, 0),
        }
        for group, value, share, cumulated, vital in ranked[
            ["group", "value", "share", "cumulative_share", "vital_few"]
        ].itertuples(index=False)
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(page.t("present.vital_few"))


def _ab(page: PageContext, plan: Plan) -> None:
    variants = [(s, v) for s in plan.scripts for v in s.variants]
    if not variants:
        st.info(page.t("present.no_variant"))
        return
    st.markdown(
        "\n".join(
            f"- **{plain(v.name)}** — {plain(s.name)}, " + page.t(f"present.part.{v.part.value}")
            for s, v in variants
        )
    )


_EXAMPLES = {
    "target": _target,
    "objectives": _objectives,
    "channels": _channels,
    "discovery": _discovery,
    "motives": _motives,
    "simulation": _simulation,
    "focus": _focus,
    "ab": _ab,
}
