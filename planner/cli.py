"""The command line, `python -m planner`: demo scenarios, plan files and the workspace database.

Exit status: 0 when the command worked; 1 when something that is not the user's input failed
(the database, or a demo scenario that does not validate); 2 for a usage error or bad input
(an invalid, missing or unreadable file, an unknown id or template, a file that already exists);
130 when interrupted. Results go to stdout, messages about problems to stderr; bad input never
prints a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import io
import json
import os
import re
import shutil
import sys
import time
import unicodedata
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine

from planner.core.i18n import (
    LANGUAGES,
    fmt_date,
    fmt_datetime,
    fmt_money,
    fmt_number,
    fmt_percent,
    normalise_language,
    plural,
    t,
)
from planner.core.problems import InvalidInput
from planner.plan.model import Market, Plan
from planner.plan.planfile import (
    MAX_PLAN_BYTES,
    parse_plan,
    plan_from_data,
    plan_to_json,
    schema_json,
)
from planner.simulation.defaults import (
    DEFAULT_CONFIDENCE,
    DEFAULT_REQUIRED_TRIALS,
    DEFAULT_SEED,
    DEFAULT_TRIALS,
    MAX_EXACT_TRIALS,
    MAX_MULTIPLIER,
)
from planner.simulation.defaults import Engine as SimulationEngine
from planner.storage import (
    PlanNotFound,
    StoredPlan,
    connect,
    create_plan,
    database_url,
    list_plans,
    load_plan,
)

if TYPE_CHECKING:  # the simulation loads numpy and scipy: imported where it is used
    from planner.simulation.entry import RequiredActivity, SimulationResult
    from planner.tracking.presets import ColumnMapping as ColumnMappingType

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2
EXIT_INTERRUPTED = 130

FALLBACK_LANGUAGE = "en"
BLANK = "blank"
PROG = "python -m planner"

# Characters that must not reach a terminal as they are: they could move the cursor, recolour
# the screen or reorder the text around them (bidirectional overrides).
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


class CliError(Exception):
    """A problem to report on stderr, one line each, with the exit status to return."""

    def __init__(self, *lines: str, code: int = EXIT_INVALID) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.code = code


@dataclass(frozen=True)
class Context:
    """What every subcommand needs besides its own arguments."""

    lang: str
    database: str | None


Handler = Callable[[argparse.Namespace, Context], int]


# --- Entry point -----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line and return its exit status (see the module docstring)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    _tolerant_streams()
    lang = requested_language(args_list, os.environ)
    parser = build_parser(lang)
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse already printed the usage or the help
        return _status(exc.code)
    ctx = Context(lang=args.lang, database=args.database)
    handler: Handler = args.handler
    try:
        return handler(args, ctx)
    except CliError as exc:
        _err(*exc.lines)
        return exc.code
    except InvalidInput as exc:
        _err(*exc.messages(ctx.lang))
        return EXIT_INVALID
    except BrokenPipeError:  # the reader of stdout went away, as with `schema | head`
        _silence_stdout()
        return EXIT_FAILED
    except OSError as exc:
        _err(os_error_line(exc, ctx.lang))
        return EXIT_INVALID
    except sa_exc.SQLAlchemyError as exc:
        _err(t(ctx.lang, "cli.error.database", reason=_database_reason(exc)))
        return EXIT_FAILED
    except KeyboardInterrupt:
        _err(t(ctx.lang, "cli.error.interrupted"))
        return EXIT_INTERRUPTED


def _status(code: object) -> int:
    if code is None:
        return EXIT_OK
    return code if isinstance(code, int) else EXIT_INVALID


# --- Language --------------------------------------------------------------------------------


def environment_language(environ: Mapping[str, str]) -> str:
    """The language of LC_ALL, LC_MESSAGES or LANG (the first one set), else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return _language_of(value) or FALLBACK_LANGUAGE
    return FALLBACK_LANGUAGE


def requested_language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language given with --lang (the last one wins), else the environment's."""
    found: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = _language_of(argv[i + 1]) or found
        elif arg.startswith("--lang="):
            found = _language_of(arg.partition("=")[2]) or found
    return found or environment_language(environ)


def _language_of(value: str) -> str | None:
    """'fr_FR.UTF-8@euro' -> 'fr'; None when the language is not supported."""
    return normalise_language(value.split(".")[0].split("@")[0])


def _language_option(value: str) -> str:
    return _language_of(value) or value


# --- Parser ----------------------------------------------------------------------------------


def build_parser(lang: str) -> argparse.ArgumentParser:
    """The argument parser, its help written in `lang`."""
    common = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    _add_global_options(common, lang, suppress_default=True)
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=t(lang, "cli.description"),
        epilog=t(lang, "cli.epilog"),
        allow_abbrev=False,
    )
    _add_global_options(parser, lang, suppress_default=False)
    parser.set_defaults(lang=lang, database=None)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, handler: Handler, help_key: str | None = None
    ) -> argparse.ArgumentParser:
        help_text = t(lang, help_key or f"cli.help.{name}")
        sub = commands.add_parser(
            name, parents=[common], help=help_text, description=help_text, allow_abbrev=False
        )
        sub.set_defaults(handler=handler)
        return sub

    command("templates", run_templates)

    new = command("new", run_new)
    new.add_argument("--template", required=True, metavar="NAME", help=t(lang, "cli.help.template"))
    new.add_argument("--out", required=True, metavar="FILE", help=t(lang, "cli.help.out"))
    new.add_argument(
        "--start", type=_date_option(lang), metavar="YYYY-MM-DD", help=t(lang, "cli.help.start")
    )
    new.add_argument("--market", choices=[m.value for m in Market], help=t(lang, "cli.help.market"))
    new.add_argument("--name", help=t(lang, "cli.help.name"))
    new.add_argument("--force", action="store_true", help=t(lang, "cli.help.force"))

    validate = command("validate", run_validate)
    validate.add_argument("file", metavar="FILE", help=t(lang, "cli.help.file"))

    command("schema", run_schema)
    command("list", run_list)

    export = command("export", run_export)
    export.add_argument("plan_id", metavar="ID", help=t(lang, "cli.help.plan_id"))
    export.add_argument("--out", required=True, metavar="FILE", help=t(lang, "cli.help.out"))
    export.add_argument("--force", action="store_true", help=t(lang, "cli.help.force"))

    import_ = command("import", run_import, "importing.cli.help_import")
    _add_import_options(import_, lang)

    simulate = command("simulate", run_simulate, "simulation.cli.help.simulate")
    _add_run_options(simulate, lang, DEFAULT_TRIALS)
    simulate.add_argument(
        "--engine",
        choices=[e.value for e in SimulationEngine],
        default=SimulationEngine.FAST.value,
        help=t(lang, "simulation.cli.help.engine", limit=fmt_number(MAX_EXACT_TRIALS, lang)),
    )

    required = command("required", run_required, "simulation.cli.help.required")
    _add_run_options(required, lang, DEFAULT_REQUIRED_TRIALS)
    required.add_argument(
        "--objective", required=True, metavar="ID", help=t(lang, "simulation.cli.help.objective")
    )
    required.add_argument(
        "--confidence",
        type=_number_option(lang),
        default=DEFAULT_CONFIDENCE,
        metavar="C",
        help=t(lang, "simulation.cli.help.confidence", default=DEFAULT_CONFIDENCE),
    )
    required.add_argument("--channel", metavar="ID", help=t(lang, "simulation.cli.help.channel"))

    kpis = command("kpis", run_kpis, "kpi.cli.help.kpis")
    kpis.add_argument("plan_id", metavar="ID", help=t(lang, "cli.help.plan_id"))
    kpis.add_argument(
        "--from",
        dest="start",
        type=_date_option(lang),
        metavar="YYYY-MM-DD",
        help=t(lang, "kpi.cli.help.start"),
    )
    kpis.add_argument(
        "--to",
        dest="end",
        type=_date_option(lang),
        metavar="YYYY-MM-DD",
        help=t(lang, "kpi.cli.help.end"),
    )
    kpis.add_argument("--json", action="store_true", help=t(lang, "kpi.cli.help.json"))
    return parser


def _add_import_options(parser: argparse.ArgumentParser, lang: str) -> None:
    """FILE, and the options that turn `import` into an import of actual results (--plan)."""
    from planner.tracking.presets import PRESETS

    parser.add_argument("file", metavar="FILE", help=t(lang, "importing.cli.help_file"))
    parser.add_argument("--plan", metavar="ID", help=t(lang, "importing.cli.help_plan"))
    parser.add_argument(
        "--mapping",
        choices=list(PRESETS),
        metavar="NAME",
        help=t(lang, "importing.cli.help_mapping", known=", ".join(PRESETS)),
    )
    parser.add_argument("--channel", metavar="ID", help=t(lang, "importing.cli.help_channel"))
    parser.add_argument(
        "--valid-only", action="store_true", help=t(lang, "importing.cli.help_valid_only")
    )
    parser.add_argument("--rejected", metavar="FILE", help=t(lang, "importing.cli.help_rejected"))


def _add_run_options(parser: argparse.ArgumentParser, lang: str, trials: int) -> None:
    """FILE, --trials, --seed and --json, shared by simulate and required."""
    parser.add_argument("file", metavar="FILE", help=t(lang, "cli.help.file"))
    parser.add_argument(
        "--trials",
        type=_whole_option(lang),
        default=trials,
        metavar="N",
        help=t(lang, "simulation.cli.help.trials", default=fmt_number(trials, lang)),
    )
    parser.add_argument(
        "--seed",
        type=_whole_option(lang),
        default=DEFAULT_SEED,
        metavar="S",
        help=t(lang, "simulation.cli.help.seed", default=DEFAULT_SEED),
    )
    parser.add_argument("--json", action="store_true", help=t(lang, "simulation.cli.help.json"))


def _add_global_options(
    parser: argparse.ArgumentParser, lang: str, *, suppress_default: bool
) -> None:
    """--lang and --database, accepted before or after the subcommand."""
    default = argparse.SUPPRESS if suppress_default else None
    parser.add_argument(
        "--lang",
        type=_language_option,
        choices=LANGUAGES,
        default=default,
        help=t(lang, "cli.help.lang"),
    )
    parser.add_argument(
        "--database", metavar="URL", default=default, help=t(lang, "cli.help.database")
    )


def _date_option(lang: str) -> Callable[[str], dt.date]:
    def parse(value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise argparse.ArgumentTypeError(t(lang, "cli.error.bad_date", value=value)) from None

    return parse


def _whole_option(lang: str) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            return int(value.replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(
                t(lang, "simulation.error.whole_number", value=value)
            ) from None

    return parse


def _number_option(lang: str) -> Callable[[str], float]:
    def parse(value: str) -> float:
        try:
            return float(value.replace(",", "."))
        except ValueError:
            raise argparse.ArgumentTypeError(
                t(lang, "simulation.error.number", value=value)
            ) from None

    return parse


# --- Subcommands -----------------------------------------------------------------------------


def run_templates(args: argparse.Namespace, ctx: Context) -> int:
    """List the demo scenarios (and the blank plan): id, name, one-line description."""
    from planner.plan import scenarios  # only here and in new: it loads the benchmark catalogue

    rows = [
        [
            scenario_id,
            scenarios.scenario_name(scenario_id, ctx.lang),
            _one_line(scenarios.scenario_description(scenario_id, ctx.lang)),
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
    _out(*table(rows))
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
    _out(t(ctx.lang, "cli.new.written", name=plan.meta.name, template=args.template, path=path))
    return EXIT_OK


def run_validate(args: argparse.Namespace, ctx: Context) -> int:
    """Check a plan file: a one-line summary when valid, one line per problem otherwise."""
    path = Path(args.file)
    plan = read_plan(path, ctx.lang)
    _out(
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


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    """List the plans of the workspace in aligned columns, most recently saved first."""
    with open_engine(ctx) as engine:
        summaries = list_plans(engine)
    if not summaries:
        _out(t(ctx.lang, "cli.list.empty"))
        return EXIT_OK
    header = [
        t(ctx.lang, f"cli.list.{column}")
        for column in ("id", "name", "market", "saved", "revision")
    ]
    rows = [
        [
            s.id,
            s.name,
            t(ctx.lang, f"cli.market.{s.market}"),
            fmt_datetime(s.updated_at.astimezone(), ctx.lang),
            fmt_number(s.revision, ctx.lang),
        ]
        for s in summaries
    ]
    _out(*table([header, *rows], right={4}))
    return EXIT_OK


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    """Write the latest revision of a stored plan to a plan file."""
    with open_engine(ctx) as engine:
        stored = load_stored(engine, args.plan_id, ctx.lang)
    path = Path(args.out)
    write_atomic(path, plan_to_json(stored.plan), replace=args.force)
    _out(
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
    _out(stored.id)
    return EXIT_OK


def run_import_actuals(args: argparse.Namespace, ctx: Context) -> int:
    """Import actual results (CSV or XLSX) into a stored plan: all rows, or with --valid-only
    the valid ones; print rows imported and rejected. Nothing is stored from an invalid file."""
    from planner.storage import find_batch, store_events
    from planner.tracking import importing

    lang, path = ctx.lang, Path(args.file)
    with path.open("rb") as handle:
        data = handle.read(importing.MAX_BYTES + 1)  # read_table refuses anything larger
    with open_engine(ctx) as engine:
        stored = load_stored(engine, args.plan, lang)
        table = importing.read_table(data, str(path))
        mapping = importing.PRESETS[args.mapping] if args.mapping else None
        mapping = mapping or importing.guess_mapping(table.frame.columns)
        channel_note = ""
        if mapping is not None and "channel" not in importing.source_columns(
            mapping, table.frame.columns
        ):
            channel = _default_channel(stored.plan, args.channel, mapping, lang)
            mapping = mapping.with_default_channel(channel)
            channel_note = t(lang, "importing.cli.default_channel", channel=channel)
        result = importing.map_events(table, mapping, importing.channel_aliases(stored.plan))
        earlier = find_batch(engine, stored.id, result.sha256)
        if earlier is not None:
            when = fmt_datetime(earlier.imported_at.astimezone(), lang)
            raise CliError(f"{path}: " + t(lang, "importing.problem.already_imported", date=when))
        if args.rejected and result.rejected_rows:
            rejected_path = Path(args.rejected)
            write_atomic_bytes(rejected_path, importing.rejected_csv(result, lang))
            _err(t(lang, "importing.cli.rejected_written", path=rejected_path))
        if result.rejected_rows and not args.valid_only:
            shown = result.problem_lines(lang, limit=20)
            lines = [f"{path}: {line}" for line in shown]
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
        )
    if channel_note:
        _out(channel_note)
    if result.footer_rows:
        _out(result.footer_note(lang))
    currency_note = result.currency_note(lang, stored.plan.meta.currency)
    if currency_note:
        _out(currency_note)
    _out(
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


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """Write bytes through a temporary file in the same folder, replacing any file there."""
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        with temp.open("wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    finally:
        with suppress(OSError):
            temp.unlink()


def run_simulate(args: argparse.Namespace, ctx: Context) -> int:
    """Simulate a plan file: totals, objective probabilities, weekly bands and elapsed time."""
    # Imported only here and in required: the simulation loads numpy and scipy.
    from planner.simulation import entry as simulation

    plan = read_plan(Path(args.file), ctx.lang)
    result = simulation.simulate(plan, args.trials, args.seed, args.engine)
    if args.json:
        _out_json(result.to_dict())
        return EXIT_OK
    _out(*simulation_report(result, plan.meta.name, ctx.lang))
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
        _out_json({**found.to_dict(), "elapsed_seconds": time.perf_counter() - started})
        return EXIT_OK
    _out(*required_report(found, plan, ctx.lang))
    return EXIT_OK


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
    if args.json:
        _out_json(report.to_dict())
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
    _out(*lines, *table(rows, right={1}))
    return EXIT_OK


# --- Helpers of the subcommands --------------------------------------------------------------


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


def read_plan(path: Path, lang: str) -> Plan:
    """The plan in a file; CliError with one line per problem, each starting with the path."""
    with path.open("rb") as handle:
        raw = handle.read(MAX_PLAN_BYTES + 1)  # parse_plan refuses anything larger
    try:
        return parse_plan(raw)
    except InvalidInput as exc:
        lines = [t(lang, "cli.validate.problem", path=path, problem=m) for m in exc.messages(lang)]
        raise CliError(*lines) from None


def load_stored(engine: Engine, plan_id: str, lang: str) -> StoredPlan:
    """The latest revision of a stored plan, or CliError naming the id."""
    try:
        return load_plan(engine, plan_id)
    except PlanNotFound:
        raise CliError(t(lang, "cli.error.plan_not_found", id=plan_id)) from None
    except InvalidInput as exc:
        header = t(lang, "cli.error.plan_damaged", id=plan_id)
        raise CliError(header, *exc.messages(lang), code=EXIT_FAILED) from None
    except ValueError as exc:  # a document that is not even JSON
        header = t(lang, "cli.error.plan_damaged", id=plan_id)
        raise CliError(header, str(exc), code=EXIT_FAILED) from None


@contextmanager
def open_engine(ctx: Context) -> Iterator[Engine]:
    """The workspace database of --database (else storage's default), disposed of afterwards."""
    url = ctx.database or database_url()
    try:
        engine = connect(url)
    except (sa_exc.ArgumentError, ImportError) as exc:  # not a URL, or no driver for it
        reason = _database_reason(exc)
        raise CliError(
            t(ctx.lang, "cli.error.database_url", url=_hide_password(url), reason=reason)
        ) from None
    try:
        yield engine
    finally:
        engine.dispose()


def write_atomic(path: Path, text: str, *, replace: bool) -> None:
    """Write a file through a temporary file in its folder: never half written, never half replaced.

    Without `replace`, an existing file is left alone and FileExistsError is raised.
    """
    if not replace and path.exists():
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            with suppress(OSError):
                shutil.copymode(path, temp)
            os.replace(temp, path)
        else:
            _link_new(temp, path)
    except OSError as exc:
        if exc.filename is None or exc.filename in (temp, str(temp)):
            exc.filename = str(path)  # name the file the user asked for, not our temporary one
        raise
    finally:
        with suppress(OSError):
            temp.unlink()


def _link_new(temp: Path, path: Path) -> None:
    """Give the finished temporary file its final name, failing if that name is taken meanwhile."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
            raise
        if path.exists():  # a file system without hard links: check, then rename
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.replace(temp, path)


# --- Formatting ------------------------------------------------------------------------------


def _out_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
    sys.stdout.flush()


def simulation_report(result: SimulationResult, name: str, lang: str) -> list[str]:
    """A simulation result as readable tables in `lang`: totals, objectives, weekly bands."""

    def col(key: str) -> str:
        return t(lang, f"simulation.cli.column.{key}")

    def value(series: str, amount: float) -> str:
        if series == "revenue":
            return fmt_money(amount, result.currency, lang, 0)
        return fmt_number(amount, lang)

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
    return [*lines, "", *table(rows, right={2, 3}), "", summary]


def count(lang: str, noun: str, n: int) -> str:
    """'1 channel', '3 channels', '0 canal': the plural form the language uses for n."""
    return plural(lang, f"cli.count.{noun}", n)


def table(rows: Sequence[Sequence[str]], right: Collection[int] = ()) -> list[str]:
    """Rows as lines of aligned columns (two spaces apart), `right` columns right-aligned."""
    cells = [[clean(cell) for cell in row] for row in rows]
    if not cells:
        return []
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(cells[0]))]
    lines = []
    for row in cells:
        parts = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - display_width(cell))
            parts.append(pad + cell if i in right else cell + pad)
        lines.append("  ".join(parts).rstrip())
    return lines


def display_width(text: str) -> int:
    """Columns the text takes on a terminal: wide characters count 2, combining marks 0."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def clean(text: str) -> str:
    """Text safe for a terminal: control, bidirectional and undecodable characters escaped."""
    return "".join(_escaped(ch) if _unsafe(ch) else ch for ch in text)


def _unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in _BIDI_CONTROLS


def _escaped(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that was not valid UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def os_error_line(exc: OSError, lang: str) -> str:
    """A file-system error as one translated line naming the file."""
    path = exc.filename if exc.filename is not None else ""
    if isinstance(exc, FileExistsError):
        return t(lang, "cli.error.exists", path=path)
    if isinstance(exc, FileNotFoundError):
        return t(lang, "cli.error.not_found", path=path)
    if isinstance(exc, IsADirectoryError):
        return t(lang, "cli.error.is_directory", path=path)
    if isinstance(exc, PermissionError):
        return t(lang, "cli.error.permission", path=path)
    return t(lang, "cli.error.os", path=path, reason=exc.strerror or str(exc))


def _database_reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def _hide_password(url: str) -> str:
    return re.sub(r"(//[^/:@]*):[^/@]*@", r"\1:***@", url)


# --- Streams ---------------------------------------------------------------------------------


def _out(*lines: str) -> None:
    for line in lines:
        print(clean(line), file=sys.stdout)


def _err(*lines: str) -> None:
    for line in lines:
        print(clean(line), file=sys.stderr)


def _tolerant_streams() -> None:
    """Never crash on a character the terminal's encoding lacks: escape it instead."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with suppress(ValueError, OSError):
                stream.reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the final flush does not fail too."""
    with suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
