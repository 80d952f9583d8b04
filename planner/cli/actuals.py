"""Commands on actual results: import-actuals (import FILE --plan ID) and kpis."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.cli.common import EXIT_OK, CliError, Context, load_stored, open_engine
from planner.cli.files import write_atomic_bytes
from planner.cli.output import err, out, out_json, table
from planner.core.i18n import fmt_date, fmt_datetime, fmt_money, fmt_number, fmt_percent, plural, t
from planner.plan.model import Plan

if TYPE_CHECKING:  # the simulation loads numpy and scipy: imported where it is used
    from planner.tracking.presets import ColumnMapping as ColumnMappingType


def run_import_actuals(args: argparse.Namespace, ctx: Context) -> int:
    """Import actual results (CSV or XLSX) into a stored plan: all rows, or with --valid-only
    the valid ones; print rows imported and rejected. Nothing is stored from an invalid file."""
    from planner.compliance.notice import INDIRECT, DataSource
    from planner.storage import find_batch, store_events
    from planner.storage.opposition import opposition_digests
    from planner.tracking import importing
    from planner.tracking.opposed_rows import without_opposed

    lang, path = ctx.lang, Path(args.file)
    with path.open("rb") as handle:
        data = handle.read(importing.MAX_BYTES + 1)  # read_table refuses anything larger
    with open_engine(ctx) as engine:
        stored = load_stored(engine, args.plan, lang)
        table = importing.read_table(data, str(path))
        mapping = _mapping(args, stored.plan, list(table.frame.columns), lang)
        channel_note = ""
        if mapping is not None and "channel" not in importing.source_columns(
            mapping, table.frame.columns
        ):
            channel = _default_channel(stored.plan, args.channel, mapping, lang)
            mapping = mapping.with_default_channel(channel)
            channel_note = t(lang, "importing.cli.default_channel", channel=channel)
        result = importing.map_events(
            table, mapping, importing.channel_aliases(stored.plan), date_order=args.date_order
        )
        result = without_opposed(result, opposition_digests(engine))
        order_note = result.date_order.note(lang)
        earlier = find_batch(engine, stored.id, result.sha256)
        if earlier is not None:
            when = fmt_datetime(earlier.imported_at.astimezone(), lang)
            raise CliError(f"{path}: " + t(lang, "importing.problem.already_imported", date=when))
        if args.rejected and result.rejected_rows:
            rejected_path = Path(args.rejected)
            write_atomic_bytes(rejected_path, importing.rejected_csv(result, lang))
            err(t(lang, "importing.cli.rejected_written", path=rejected_path))
        if result.rejected_rows and not args.valid_only:
            shown = result.problem_lines(lang, limit=20)
            lines = [f"{path}: {line}" for line in shown]
            if order_note:
                lines.insert(0, f"{path}: {order_note}")
            if result.rejected_rows > len(shown):
                n = fmt_number(result.rejected_rows - len(shown), lang)
                lines.append(t(lang, "importing.cli.more", n=n))
            numbers = {
                "rejected": plural(lang, "importing.count.rows_rejected", result.rejected_rows),
                "total": fmt_number(result.total_rows, lang),
                "valid": fmt_number(result.valid_rows, lang),
            }
            lines.append(t(lang, "importing.cli.nothing", file=path, **numbers))
            raise CliError(*lines)
        batch = store_events(
            engine,
            stored.id,
            result.coded,
            file_name=path.name,
            sha256=result.sha256,
            rows_rejected=result.rejected_rows,
            mapping=result.mapping.name,
            rows_imported=result.valid_rows,
            data_source=args.data_source or "",
        )
    out(result.prospect_note(lang))
    if channel_note:
        out(channel_note)
    source_note = result.source_note(lang)
    if source_note:
        out(source_note)
    if order_note:
        out(order_note)
    if result.footer_rows:
        out(result.footer_note(lang))
    if result.alike:
        out(result.alike_note(lang))
    if result.open_by_creation:
        out(result.open_deals_note(lang))
    if result.opposed:
        out(result.opposed_note(lang))
    if args.data_source and DataSource(args.data_source) in INDIRECT:
        out(t(lang, "datasource.cli_art14"))
    currency_note = result.currency_note(lang, stored.plan.meta.currency)
    if currency_note:
        out(currency_note)
    out(
        t(
            lang,
            "importing.cli.summary",
            file=path,
            imported=plural(lang, "importing.count.rows_imported", batch.rows_imported),
            rejected=plural(lang, "importing.count.rejected", batch.rows_rejected),
            duplicates=plural(lang, "importing.count.duplicates", result.duplicates),
            mapping=result.mapping.name,
            batch=batch.id,
        )
    )
    return EXIT_OK


def _mapping(
    args: argparse.Namespace, plan: Plan, headers: list[str], lang: str
) -> ColumnMappingType | None:
    """The column mapping the options name (--mapping, --mapping-file, --map-event and
    --map-channel on top), None to guess it; CliError naming a bad option or file."""
    from planner.tracking import values

    chosen = values.ValueMapping(preset=args.mapping)
    where = "--mapping-file"
    try:
        if args.mapping_file:
            where = args.mapping_file
            with Path(args.mapping_file).open("rb") as handle:
                data = handle.read(1_000_000)
            chosen = values.read_mapping_file(args.mapping_file, data)
            if args.mapping:
                chosen = chosen.merged(values.ValueMapping(preset=args.mapping))
        where = "--map-event"
        events = dict(values.event_pair(p) for p in args.map_event)
        where = "--map-channel"
        channels = dict(values.channel_pair(p) for p in args.map_channel)
        values.channel_ids(plan, channels)
        chosen = chosen.merged(values.ValueMapping(events=events, channels=channels))
        where = args.mapping_file or "--map-channel"
        return values.column_mapping(chosen, headers, plan)
    except values.MappingError as exc:
        raise CliError(f"{where}: " + t(lang, f"values.error.{exc.code}", **exc.params)) from None


def _default_channel(plan: Plan, wanted: str | None, mapping: ColumnMappingType, lang: str) -> str:
    """--channel if it names a channel of the plan, else the first channel of a suitable kind."""
    ids = [c.id for c in plan.channels]
    if wanted is not None:
        if wanted not in ids:
            raise CliError(
                t(lang, "importing.row.unknown_channel", value=wanted, column="--channel")
            )
        return wanted
    if not ids:
        raise CliError(t(lang, "importing.problem.no_channel"))
    preferred = [c.id for c in plan.channels if c.kind.value == mapping.preferred_channel_kind]
    return (preferred or ids)[0]


def run_kpis(args: argparse.Namespace, ctx: Context) -> int:
    """The KPIs of a stored plan's recorded events for a period (the plan's dates by default)."""
    from planner.storage.weekly import load_log
    from planner.tracking.kpis import compute_kpis  # loads pandas and numpy

    with open_engine(ctx) as engine:
        plan = load_stored(engine, args.plan_id, ctx.lang).plan
        events = load_log(engine, args.plan_id)
    start: dt.date = args.start or plan.meta.start_date
    end: dt.date = args.end or plan.meta.end_date
    if end < start:
        raise CliError(t(ctx.lang, "kpi.cli.error.period", start=start, end=end))
    report = compute_kpis(events, plan, start, end)
    sources = _by_source(events, start, end)
    if args.json:
        found = report.to_dict(ctx.lang, plan.meta.currency)
        if sources:
            found["by_source"] = sources
        out_json(found)
        return EXIT_OK
    lang, currency = ctx.lang, plan.meta.currency
    lines = [
        t(
            lang,
            "kpi.cli.header",
            name=plan.meta.name,
            start=fmt_date(start, lang),
            end=fmt_date(end, lang),
            events=plural(lang, "importing.count.events", report.events_in_period),
        ),
        "",
    ]
    rows = [[t(lang, f"kpi.cli.column.{c}") for c in ("kpi", "value", "computed")]]
    for kpi in report.kpis:
        computed = kpi.computed(lang, currency) if kpi.value is not None else ""
        rows.append([kpi.name(lang), kpi.formatted(lang, currency), computed])
    out(*lines, *table(rows, right={1}))
    if sources:
        out("", t(lang, "kpi.cli.source.title"), "")
        out(*table(_source_rows(sources, lang, currency), right={1, 2, 3, 4}))
    return EXIT_OK


def _by_source(events: Any, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Sales and revenue per lead source in the period, most revenue first, with each one's
    share of the revenue, the cumulative share and the 80/20 "vital few"; [] without sources."""
    import pandas as pd

    from planner.tracking.kpis import breakdowns, pareto_of

    frame = breakdowns(events, start, end)
    rows = frame.loc[frame["dimension"] == "source"]
    if rows.empty:
        return []
    table = pareto_of(frame, "source")
    shares = {
        str(g): (float(share), float(cumulative), bool(vital))
        for g, share, cumulative, vital in zip(
            table["group"],
            table["share"],
            table["cumulative_share"],
            table["vital_few"],
            strict=True,
        )
        if not pd.isna(g)
    }
    found = []
    for group, sales, revenue in zip(rows["group"], rows["sales"], rows["revenue"], strict=True):
        named = None if pd.isna(group) else str(group)
        share = shares.get(named) if named is not None else None
        found.append(
            {
                "source": named,
                "sales": int(sales),
                "revenue": float(revenue),
                "share": None if share is None else share[0],
                "cumulative_share": None if share is None else share[1],
                "vital_few": False if share is None else share[2],
            }
        )
    return found


def _source_rows(sources: list[dict[str, Any]], lang: str, currency: str) -> list[list[str]]:
    """The by-source table's lines (header first), numbers as the language writes them."""
    keys = ("source", "sales", "revenue", "share", "cumulative", "vital")
    rows = [[t(lang, f"kpi.cli.source.{k}") for k in keys]]
    for s in sources:
        rows.append(
            [
                s["source"] or "—",
                fmt_number(s["sales"], lang),
                fmt_money(s["revenue"], currency, lang),
                "—" if s["share"] is None else fmt_percent(s["share"], lang, 1),
                "—"
                if s["cumulative_share"] is None
                else fmt_percent(s["cumulative_share"], lang, 1),
                "✓" if s["vital_few"] else "",
            ]
        )
    return rows
