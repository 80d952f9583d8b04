"""The calendar command: a stored plan's cadence as an iCalendar (.ics) file."""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.cli.common import EXIT_OK, CliError, Context, load_stored, open_engine
from planner.cli.files import write_atomic_bytes
from planner.cli.output import out
from planner.compliance.opposition import is_opposed
from planner.compliance.territories import territory
from planner.core.i18n import fmt_date, plural, t
from planner.share.cadence import cadence_calendar, cadence_days
from planner.storage.opposition import opposition_digests


def run_calendar(args: argparse.Namespace, ctx: Context) -> int:
    """Write the cadence of a batch (or of one prospect) starting on --start to --out."""
    with open_engine(ctx) as engine:
        stored = load_stored(engine, args.plan_id, ctx.lang)
        if args.prospect and is_opposed(args.prospect, opposition_digests(engine)):
            raise CliError(t(ctx.lang, "opposition.export_refused", who=args.prospect))
    plan = stored.plan
    first_day = args.start or plan.meta.start_date
    place = territory(args.territory)
    data = cadence_calendar(plan, first_day, ctx.lang, args.prospect or "", place=place)
    path = Path(args.out)
    write_atomic_bytes(path, data)
    days = cadence_days(plan, first_day, place)
    moved = sum(d.moved for d in days)
    out(
        t(
            ctx.lang,
            "calendar.cli.written",
            touches=plural(ctx.lang, "calendar.cli.touches", len(days)),
            first=fmt_date(days[0].day, ctx.lang),
            last=fmt_date(days[-1].day, ctx.lang),
            path=path,
        )
    )
    if moved:
        out(plural(ctx.lang, "calendar.cli.moved", moved))
    return EXIT_OK
