"""The entry point: parse the command line, run its command, turn failures into exit statuses."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from sqlalchemy import exc as sa_exc

from planner.cli.common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    Context,
    Handler,
)
from planner.cli.output import database_reason, err, os_error_line, silence_stdout, tolerant_streams
from planner.cli.parser import build_parser, requested_language
from planner.core.i18n import t
from planner.core.problems import InvalidInput


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line and return its exit status (see the module docstring)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    tolerant_streams()
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
        err(*exc.lines)
        return exc.code
    except InvalidInput as exc:
        err(*exc.messages(ctx.lang))
        return EXIT_INVALID
    except BrokenPipeError:  # the reader of stdout went away, as with `schema | head`
        silence_stdout()
        return EXIT_FAILED
    except OSError as exc:
        err(os_error_line(exc, ctx.lang))
        return EXIT_INVALID
    except sa_exc.SQLAlchemyError as exc:
        err(t(ctx.lang, "cli.error.database", reason=database_reason(exc)))
        return EXIT_FAILED
    except KeyboardInterrupt:
        err(t(ctx.lang, "cli.error.interrupted"))
        return EXIT_INTERRUPTED


def _status(code: object) -> int:
    if code is None:
        return EXIT_OK
    return code if isinstance(code, int) else EXIT_INVALID
