"""Commands that simulate a plan file: simulate and required, and their reports."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cli.common import EXIT_OK, Context, read_plan
from planner.cli.output import out, out_json, table
from planner.core.i18n import fmt_date, fmt_number, fmt_percent, t
from planner.plan.model import Plan
from planner.simulation.defaults import MAX_MULTIPLIER

if TYPE_CHECKING:  # the simulation loads numpy and scipy: imported where it is used
    from planner.simulation.entry import RequiredActivity, SimulationResult


def run_simulate(args: argparse.Namespace, ctx: Context) -> int:
    """Simulate a plan file: totals, objective probabilities, weekly bands and elapsed time."""
    # Imported only here and in required: the simulation loads numpy and scipy.
    from planner.simulation import entry as simulation

    plan = read_plan(Path(args.file), ctx.lang)
    result = simulation.simulate(plan, args.trials, args.seed, args.engine)
    if args.json:
        out_json(result.to_dict())
        return EXIT_OK
    out(*simulation_report(result, plan.meta.name, ctx.lang))
    from planner.compliance.call_capacity import call_cap_note  # numpy, as the simulation

    capped = call_cap_note(plan, ctx.lang)
    if capped:
        out("", capped)
    return EXIT_OK


def run_required(args: argparse.Namespace, ctx: Context) -> int:
    """The activity that meets an objective at a confidence, and the team hours it takes."""
    from planner.simulation import entry as simulation

    plan = read_plan(Path(args.file), ctx.lang)
    started = time.perf_counter()
    found = simulation.required_activity(
        plan, args.objective, args.confidence, args.channel, args.trials, args.seed
    )
    if args.json:
        out_json({**found.to_dict(), "elapsed_seconds": time.perf_counter() - started})
        return EXIT_OK
    out(*required_report(found, plan, ctx.lang))
    return EXIT_OK


def simulation_report(result: SimulationResult, name: str, lang: str) -> list[str]:
    """A simulation result as readable tables in `lang`: totals, objectives, weekly bands."""

    def col(key: str) -> str:
        return t(lang, f"simulation.cli.column.{key}")

    from planner.simulation.bands import series_text  # the simulation already ran: numpy is in

    def value(series: str, amount: float) -> str:
        return series_text(series, amount, result.currency, lang)

    lines = [
        t(
            lang,
            "simulation.cli.header",
            name=name,
            trials=fmt_number(result.trials, lang),
            seed=result.seed,
            engine=t(lang, f"simulation.engine.{result.engine.value}"),
            seconds=fmt_number(result.elapsed_seconds, lang, 2),
        ),
        "",
        t(lang, "simulation.cli.totals"),
    ]
    stats = ("mean", "p10", "p50", "p90")
    rows = [[col("measure"), *(col(s) for s in stats)]]
    for series, band in result.totals.items():
        amounts = band.to_dict()
        label = t(lang, f"simulation.series.{series}")
        rows.append([label, *(value(series, amounts[s]) for s in stats)])
    lines += [*table(rows, right={1, 2, 3, 4}), "", t(lang, "simulation.cli.objectives")]
    rows = [[col("objective"), col("target"), col("deadline"), col("probability")]]
    for o in result.objectives:
        if o.probability is not None:
            chance = fmt_percent(o.probability, lang, 1)
        elif o.probability_upper_bound is not None:
            bound = fmt_percent(o.probability_upper_bound, lang, 1)
            chance = t(lang, "simulation.cli.at_most", bound=bound)
        else:
            chance = t(lang, "simulation.cli.not_simulated")
        target = fmt_number(o.target, lang, 2 if o.target < 1 else 0)
        rows.append([f"{o.objective_id} ({o.name})", target, fmt_date(o.deadline, lang), chance])
    lines += [*table(rows, right={1, 3}), "", t(lang, "simulation.cli.weekly")]
    header = [col("week"), col("week_start")]
    for series in result.weekly:
        label = t(lang, f"simulation.series.{series}")
        header += [f"{label} {col('p10')}", col("p50"), col("p90")]
    rows = [header]
    for week, start in enumerate(result.week_starts):
        row = [fmt_number(week + 1, lang), fmt_date(start, lang)]
        for series, weekly in result.weekly.items():
            band = weekly.at(week)
            row += [value(series, band.p10), value(series, band.p50), value(series, band.p90)]
        rows.append(row)
    return lines + table(rows, right=set(range(2, len(header))) | {0})


def required_report(found: RequiredActivity, plan: Plan, lang: str) -> list[str]:
    """A required-activity answer as sentences and a table in `lang`."""
    objective = next(o for o in plan.objectives if o.id == found.objective_id)
    if found.channel_id is None:
        scope = t(lang, "simulation.required.all_channels")
    else:
        scope = t(
            lang, "simulation.required.one_channel", channel=plan.channel(found.channel_id).name
        )
    params = {
        "scope": scope,
        "objective": objective.name,
        "confidence": fmt_percent(found.confidence, lang, 0),
        "multiplier": fmt_number(
            MAX_MULTIPLIER if found.multiplier is None else found.multiplier, lang, 2
        ),
        "now": fmt_percent(found.probability_now or 0.0, lang, 1),
        "then": fmt_percent(found.probability_required or 0.0, lang, 1),
    }
    lines = [t(lang, f"simulation.required.{found.status.value}", **params)]
    if found.hours_needed is None:
        return lines

    def col(key: str) -> str:
        return t(lang, f"simulation.cli.column.{key}")

    rows = [[col("channel"), col("activity"), col("current"), col("required")]]
    for c in found.channels:
        needed = fmt_number(c.required_per_week or 0.0, lang)
        rows.append([c.channel_name, c.activity_name, fmt_number(c.current_per_week, lang), needed])
    hours = {
        "needed": fmt_number(float(found.hours_needed.sum()), lang),
        "available": fmt_number(float(found.hours_available.sum()), lang),
    }
    gap, reps = found.extra_hours or 0.0, found.extra_reps
    if gap <= 0:
        summary = t(lang, "simulation.required.hours_enough", spare=fmt_number(-gap, lang), **hours)
    elif reps is None:
        summary = t(lang, "simulation.required.hours_unknown", **hours)
    else:
        gaps = {"gap": fmt_number(gap, lang), "reps": fmt_number(reps, lang)}
        summary = t(lang, "simulation.required.hours_short", **gaps, **hours)
    from planner.simulation.required import unlawful_note  # numpy, as the simulation

    unlawful = unlawful_note(found, lang)
    return [*lines, "", *table(rows, right={2, 3}), "", summary, *([unlawful] if unlawful else [])]
