"""Commands on the workspace database: list, export, import (a plan file; --plan: actuals), give."""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.cli.actuals import run_import_actuals
from planner.cli.common import EXIT_OK, CliError, Context, load_stored, open_engine, read_plan
from planner.cli.files import write_atomic
from planner.cli.output import out, table
from planner.core.i18n import fmt_datetime, fmt_number, t
from planner.plan.planfile import plan_to_json
from planner.storage import InvalidGrantee, PlanNotFound, create_plan, give_plan, list_plans


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    """List the plans of the workspace in aligned columns, most recently saved first."""
    with open_engine(ctx) as engine:
        summaries = list_plans(engine)
    if not summaries:
        out(t(ctx.lang, "cli.list.empty"))
        return EXIT_OK
    header = [
        t(ctx.lang, f"cli.list.{column}")
        for column in ("id", "name", "market", "saved", "revision")
    ]
    owned = any(s.owner for s in summaries)  # a team server with sign-in: who owns which
    if owned:
        header.append(t(ctx.lang, "cli.list.owner"))
    rows = [
        [
            s.id,
            s.name,
            t(ctx.lang, f"cli.market.{s.market}"),
            fmt_datetime(s.updated_at.astimezone(), ctx.lang),
            fmt_number(s.revision, ctx.lang),
            *([s.owner or "-"] if owned else []),
        ]
        for s in summaries
    ]
    out(*table([header, *rows], right={4}))
    return EXIT_OK


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    """Write the latest revision of a stored plan to a plan file."""
    with open_engine(ctx) as engine:
        stored = load_stored(engine, args.plan_id, ctx.lang)
    path = Path(args.out)
    write_atomic(path, plan_to_json(stored.plan), replace=args.force)
    out(
        t(
            ctx.lang,
            "cli.export.written",
            name=stored.plan.meta.name,
            revision=fmt_number(stored.revision, ctx.lang),
            path=path,
        )
    )
    return EXIT_OK


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    """Validate a plan file, store it as a new plan and print its id; store nothing if invalid.

    With --plan, import a file of actual results into that stored plan instead.
    """
    if args.plan is not None:
        return run_import_actuals(args, ctx)
    plan = read_plan(Path(args.file), ctx.lang)
    with open_engine(ctx) as engine:
        stored = create_plan(engine, plan, summary="imported")
    out(stored.id)
    return EXIT_OK


def run_give(args: argparse.Namespace, ctx: Context) -> int:
    """Make a person (their e-mail) the owner of a stored plan, as a team server's admin."""
    with open_engine(ctx) as engine:
        try:
            give_plan(engine, args.plan_id, args.email)
        except PlanNotFound:
            raise CliError(t(ctx.lang, "cli.error.plan_not_found", id=args.plan_id)) from None
        except InvalidGrantee as exc:
            raise CliError(t(ctx.lang, "cli.give.bad_email", text=exc.text)) from None
    out(t(ctx.lang, "cli.give.done", id=args.plan_id, email=args.email.strip().lower()))
    return EXIT_OK
