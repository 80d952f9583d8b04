"""Commands that write what a user takes away: report (the one-page plan), export to xlsx."""

from __future__ import annotations

import argparse
import errno
import os
from pathlib import Path

from planner.cli.common import EXIT_OK, CliError, Context, load_stored, open_engine
from planner.cli.files import write_atomic_bytes
from planner.cli.output import out
from planner.cli.workspace import run_export as run_export_json
from planner.core.i18n import fmt_number, t
from planner.storage import StoredPlan

REPORT_FORMATS = ("pdf", "html")
EXPORT_FORMATS = ("json", "xlsx")


def run_report(args: argparse.Namespace, ctx: Context) -> int:
    """Write a stored plan's one-page report, with its simulation and stored actual results."""
    # Imported here: the simulation loads numpy and scipy, the report fpdf and vl-convert.
    from planner.share.report import (
        Actuals,
        actuals_as_of,
        build_report,
        report_html,
        report_pdf,
    )
    from planner.simulation.entry import DEFAULT_SEED, DEFAULT_TRIALS, Engine, simulate
    from planner.storage.weekly import load_log

    path = _free(Path(args.out), args.force)
    with open_engine(ctx) as engine:
        stored = load_stored(engine, args.plan_id, ctx.lang)
        events = load_log(engine, stored.id)
    plan = stored.plan
    result = simulate(plan, DEFAULT_TRIALS, DEFAULT_SEED, Engine.FAST)
    as_of = actuals_as_of(plan, events)
    actuals = Actuals(events, as_of) if as_of is not None else None
    report = build_report(plan, ctx.lang, result, revision=stored.revision, actuals=actuals)
    data = report_pdf(report) if args.format == "pdf" else report_html(report)
    write_atomic_bytes(path, data)
    _written(stored, path, ctx)
    return EXIT_OK


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    """Write a stored plan as a plan file (json) or as an Excel workbook with its simulation."""
    if args.format == "json":
        return run_export_json(args, ctx)
    from planner.share import plan_workbook
    from planner.simulation.entry import (
        DEFAULT_SEED,
        DEFAULT_TRIALS,
        Engine,
        simulate,
    )
    from planner.storage.weekly import load_log

    path = _free(Path(args.out), args.force)
    with open_engine(ctx) as engine:
        stored = load_stored(engine, args.plan_id, ctx.lang)
        events = load_log(engine, stored.id)
    result = simulate(stored.plan, DEFAULT_TRIALS, DEFAULT_SEED, Engine.FAST)
    write_atomic_bytes(path, plan_workbook(stored.plan, ctx.lang, result, events))
    _written(stored, path, ctx)
    return EXIT_OK


def _free(path: Path, force: bool) -> Path:
    """The path to write, refused (before any work) when a file is there and --force is not."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if path.exists() and not force:
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    return path


def _written(stored: StoredPlan, path: Path, ctx: Context) -> None:
    revision = fmt_number(stored.revision, ctx.lang)
    out(t(ctx.lang, "report.cli.written", path=path, name=stored.plan.meta.name, revision=revision))


COMPARE_FORMATS = ("pdf", "html", "xlsx")


def run_compare(args: argparse.Namespace, ctx: Context) -> int:
    """Write two to four stored plans side by side (assumptions and simulated outcomes)."""
    from planner.share.comparison import MOST, Compared, comparison_report, comparison_workbook
    from planner.share.report import report_html, report_pdf
    from planner.simulation.entry import (
        DEFAULT_SEED,
        DEFAULT_TRIALS,
        Engine,
        simulate,
    )
    from planner.workshop import activity_needed

    ids = [args.plan_id, *args.other_id]
    if len(ids) > MOST:
        raise CliError(t(ctx.lang, "compare.cli.too_many", most=MOST, given=len(ids)))
    path = _free(Path(args.out), args.force)
    with open_engine(ctx) as engine:
        plans = [load_stored(engine, plan_id, ctx.lang).plan for plan_id in ids]
    run = (DEFAULT_TRIALS, DEFAULT_SEED, Engine.FAST)
    needed = tuple(activity_needed(p) for p in plans)
    pair = Compared.of(*((p, simulate(p, *run)) for p in plans), needed=needed)
    if args.format == "xlsx":
        data = comparison_workbook(pair, ctx.lang)
    else:
        report = comparison_report(pair, ctx.lang)
        data = report_pdf(report) if args.format == "pdf" else report_html(report)
    write_atomic_bytes(path, data)
    names = [p.meta.name for p in plans]
    out(t(ctx.lang, "compare.cli.written", path=path, left=", ".join(names[:-1]), right=names[-1]))
    return EXIT_OK
