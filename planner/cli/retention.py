"""The retention command: retention per month, quarter and half-year from a file of counts."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from planner.cli.common import EXIT_OK, Context
from planner.cli.output import err, out, out_json, table
from planner.core.i18n import fmt_number, fmt_percent, t


def run_retention(args: argparse.Namespace, ctx: Context) -> int:
    """Print retention per period of a CSV or XLSX file of customer counts (refused rows: 2)."""
    from planner.tracking import retention
    from planner.tracking.reading import MAX_BYTES, read_table

    lang, path = ctx.lang, Path(args.file)
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)  # read_table refuses anything larger
    checked = retention.counts_from_table(read_table(data, str(path)))
    checked.raise_problems()  # each refused row with its line, exit status 2
    err(*(t(lang, "retention.cli.warning", message=w.message(lang)) for w in checked.warnings))
    results = retention.retention_table(checked.rows)
    if args.json:
        out_json(_as_json(results, lang))
        return EXIT_OK
    columns = ("level", "period", "start", "new", "end", "retention")
    rows = [[t(lang, f"retention.column.{c}") for c in columns]]
    for record in results.to_dict("records"):
        rate = record["retention"]
        shown = (
            fmt_percent(rate, lang)
            if not math.isnan(rate)
            else t(
                lang, "retention.incomplete", months=record["months"], total=record["period"].months
            )
        )
        rows.append(
            [
                t(lang, f"retention.level.{record['level']}"),
                record["period"].label(lang),
                fmt_number(record["start"], lang),
                fmt_number(record["new"], lang),
                fmt_number(record["end"], lang),
                shown,
            ]
        )
    out(t(lang, "retention.cli.header"), "", *table(rows, right={2, 3, 4, 5}))
    return EXIT_OK


def _as_json(results: Any, lang: str) -> dict[str, Any]:
    periods = []
    for record in results.to_dict("records"):
        rate = record["retention"]
        periods.append(
            {
                "level": record["level"],
                "period": record["period"].key,
                "label": record["period"].label(lang),
                "customers_start": int(record["start"]),
                "new_customers": int(record["new"]),
                "customers_end": int(record["end"]),
                "retention": None if math.isnan(rate) else round(float(rate), 6),
                "months": int(record["months"]),
                "complete": bool(record["complete"]),
            }
        )
    return {"formula": t(lang, "retention.cli.header"), "periods": periods}
