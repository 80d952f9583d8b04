"""Commands on plan files: templates, new, validate, schema."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from planner.cli.common import BLANK, EXIT_FAILED, EXIT_OK, CliError, Context, read_plan
from planner.cli.files import write_atomic
from planner.cli.output import count, one_line, out, table
from planner.core.i18n import fmt_date, t
from planner.core.problems import InvalidInput
from planner.plan.model import Market, Plan
from planner.plan.planfile import plan_from_data, plan_to_json, schema_json


def run_templates(args: argparse.Namespace, ctx: Context) -> int:
    """List the demo scenarios (and the blank plan): id, name, one-line description."""
    from planner.plan import scenarios  # only here and in new: it loads the benchmark catalogue

    rows = [
        [
            scenario_id,
            scenarios.scenario_name(scenario_id, ctx.lang),
            one_line(scenarios.scenario_description(scenario_id, ctx.lang)),
        ]
        for scenario_id in scenarios.SCENARIO_IDS
    ]
    rows.append(
        [
            BLANK,
            t(ctx.lang, "cli.templates.blank_name"),
            t(ctx.lang, "cli.templates.blank_description"),
        ]
    )
    out(*table(rows))
    return EXIT_OK


def run_new(args: argparse.Namespace, ctx: Context) -> int:
    """Write a new plan file from a demo scenario or a blank plan."""
    start: dt.date = args.start or dt.date.today()
    plan = template_plan(args.template, args.market, start, ctx.lang)
    if args.name is not None:
        data = plan.model_dump(mode="json")
        data["meta"]["name"] = args.name
        plan = plan_from_data(data)  # InvalidInput naming meta.name if the name is not valid
    path = Path(args.out)
    write_atomic(path, plan_to_json(plan), replace=args.force)
    out(t(ctx.lang, "cli.new.written", name=plan.meta.name, template=args.template, path=path))
    return EXIT_OK


def run_validate(args: argparse.Namespace, ctx: Context) -> int:
    """Check a plan file: a one-line summary when valid, one line per problem otherwise."""
    path = Path(args.file)
    plan = read_plan(path, ctx.lang)
    out(
        t(
            ctx.lang,
            "cli.validate.valid",
            path=path,
            name=plan.meta.name,
            market=t(ctx.lang, f"cli.market.{plan.meta.market.value}"),
            channels=count(ctx.lang, "channels", len(plan.channels)),
            segments=count(ctx.lang, "segments", len(plan.segments)),
            objectives=count(ctx.lang, "objectives", len(plan.objectives)),
            weeks=count(ctx.lang, "weeks", plan.meta.horizon_weeks),
            start=fmt_date(plan.meta.start_date, ctx.lang),
        )
    )
    return EXIT_OK


def run_schema(args: argparse.Namespace, ctx: Context) -> int:
    """Print the JSON Schema of plan files."""
    sys.stdout.write(schema_json())
    sys.stdout.flush()
    return EXIT_OK


def template_plan(template: str, market: str | None, start: dt.date, lang: str) -> Plan:
    """The plan a template makes: a demo scenario, or a blank plan for a market."""
    from planner.plan import scenarios

    if template == BLANK:
        if market is None:
            raise CliError(t(lang, "cli.error.blank_needs_market"))
        name = t(lang, "cli.templates.default_blank_name")
        plan = scenarios.blank_plan(name, Market(market), lang, start)
    else:
        if market is not None:
            raise CliError(t(lang, "cli.error.market_only_blank"))
        try:
            plan = scenarios.build_scenario(template, lang, start)
        except scenarios.UnknownScenario:
            known = ", ".join([*scenarios.SCENARIO_IDS, BLANK])
            raise CliError(
                t(lang, "cli.error.unknown_template", name=template, known=known)
            ) from None
    try:  # what is written must read back: check it as if it came from a file
        return plan_from_data(plan.model_dump(mode="json"))
    except InvalidInput as exc:
        header = t(lang, "cli.error.template_broken", name=template)
        raise CliError(header, *exc.messages(lang), code=EXIT_FAILED) from None
