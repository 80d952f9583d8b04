"""The argument parser, its help in the user's language, and how that language is chosen."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from planner.cli.actuals import run_kpis
from planner.cli.cadence import run_calendar
from planner.cli.common import FALLBACK_LANGUAGE, PROG, Handler
from planner.cli.plans import run_new, run_schema, run_templates, run_validate
from planner.cli.retention import run_retention
from planner.cli.share import (
    COMPARE_FORMATS,
    EXPORT_FORMATS,
    REPORT_FORMATS,
    run_compare,
    run_export,
    run_report,
)
from planner.cli.simulate import run_required, run_simulate
from planner.cli.workspace import run_give, run_import, run_list
from planner.compliance.notice import DATA_SOURCES
from planner.compliance.territories import METROPOLITAN, TERRITORIES
from planner.core.i18n import LANGUAGES, fmt_number, normalise_language, t
from planner.plan.model import Market
from planner.simulation.defaults import (
    DEFAULT_CONFIDENCE,
    DEFAULT_REQUIRED_TRIALS,
    DEFAULT_SEED,
    DEFAULT_TRIALS,
    MAX_EXACT_TRIALS,
)
from planner.simulation.defaults import Engine as SimulationEngine


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

    give = command("give", run_give)
    give.add_argument("plan_id", metavar="ID", help=t(lang, "cli.help.plan_id"))
    give.add_argument("email", metavar="EMAIL", help=t(lang, "cli.help.owner_email"))

    export = command("export", run_export)
    export.add_argument("plan_id", metavar="ID", help=t(lang, "cli.help.plan_id"))
    export.add_argument("--out", required=True, metavar="FILE", help=t(lang, "cli.help.out"))
    export.add_argument("--force", action="store_true", help=t(lang, "cli.help.force"))
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="json",
        help=t(lang, "report.cli.help_export_format"),
    )

    report = command("report", run_report, "report.cli.help_report")
    report.add_argument("plan_id", metavar="ID", help=t(lang, "cli.help.plan_id"))
    report.add_argument(
        "--format", choices=REPORT_FORMATS, required=True, help=t(lang, "report.cli.help_format")
    )
    report.add_argument("--out", required=True, metavar="FILE", help=t(lang, "cli.help.out"))
    report.add_argument("--force", action="store_true", help=t(lang, "cli.help.force"))

    compare = command("compare", run_compare, "compare.cli.help")
    compare.add_argument("plan_id", metavar="ID", help=t(lang, "cli.help.plan_id"))
    compare.add_argument(
        "other_id", metavar="OTHER_ID", nargs="+", help=t(lang, "compare.cli.help_other")
    )
    compare.add_argument(
        "--format", choices=COMPARE_FORMATS, required=True, help=t(lang, "compare.cli.help_format")
    )
    compare.add_argument("--out", required=True, metavar="FILE", help=t(lang, "cli.help.out"))
    compare.add_argument("--force", action="store_true", help=t(lang, "cli.help.force"))

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

    calendar = command("calendar", run_calendar, "calendar.cli.help")
    calendar.add_argument("plan_id", metavar="ID", help=t(lang, "cli.help.plan_id"))
    calendar.add_argument(
        "--start",
        type=_date_option(lang),
        metavar="YYYY-MM-DD",
        help=t(lang, "calendar.cli.help_start"),
    )
    calendar.add_argument("--prospect", metavar="NAME", help=t(lang, "calendar.cli.help_prospect"))
    calendar.add_argument(
        "--territory",
        type=str.upper,
        choices=list(TERRITORIES),
        default=METROPOLITAN.code,
        help=t(lang, "calendar.cli.help_territory"),
    )
    calendar.add_argument(
        "--out", required=True, metavar="FILE", help=t(lang, "calendar.cli.help_out")
    )

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

    retention = command("retention", run_retention, "retention.cli.help")
    retention.add_argument("file", metavar="FILE", help=t(lang, "retention.cli.help_file"))
    retention.add_argument("--json", action="store_true", help=t(lang, "retention.cli.help_json"))
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
        "--map-event",
        action="append",
        default=[],
        metavar="VALUE=EVENT",
        help=t(lang, "values.cli.help_map_event"),
    )
    parser.add_argument(
        "--map-channel",
        action="append",
        default=[],
        metavar="VALUE=CHANNEL",
        help=t(lang, "values.cli.help_map_channel"),
    )
    parser.add_argument(
        "--mapping-file", metavar="FILE", help=t(lang, "values.cli.help_mapping_file")
    )
    parser.add_argument(
        "--valid-only", action="store_true", help=t(lang, "importing.cli.help_valid_only")
    )
    parser.add_argument("--rejected", metavar="FILE", help=t(lang, "importing.cli.help_rejected"))
    parser.add_argument(
        "--data-source",
        choices=DATA_SOURCES,
        metavar="SOURCE",
        help=t(lang, "datasource.cli_help"),
    )
    parser.add_argument(
        "--date-order", choices=("dmy", "mdy"), help=t(lang, "dates.order.cli_option")
    )


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
