"""What every command shares: exit statuses, the error it reports, its context, its inputs."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine

from planner.cli.output import database_reason, hide_password
from planner.core.i18n import t
from planner.core.problems import InvalidInput
from planner.plan.model import Plan
from planner.plan.planfile import MAX_PLAN_BYTES, parse_plan
from planner.storage import (
    DatabaseUnreachable,
    PlanNotFound,
    SchemaTooNew,
    StoredPlan,
    connect,
    database_url,
    load_plan,
)

EXIT_OK = 0


EXIT_FAILED = 1


EXIT_INVALID = 2


EXIT_INTERRUPTED = 130


FALLBACK_LANGUAGE = "en"


BLANK = "blank"


PROG = "python -m planner"


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
    except SchemaTooNew as exc:  # made by a newer release: nothing was written
        raise CliError(exc.message(ctx.lang)) from None
    except (sa_exc.ArgumentError, ImportError) as exc:  # not a URL, or no driver for it
        reason = database_reason(exc)
        raise CliError(
            t(ctx.lang, "cli.error.database_url", url=hide_password(url), reason=reason)
        ) from None
    except (sa_exc.DBAPIError, OSError) as exc:  # cannot be opened: its folder or file, a server
        said = (exc.__cause__ if isinstance(exc, DatabaseUnreachable) else None) or exc
        reason = said.strerror or str(said) if isinstance(said, OSError) else database_reason(said)
        raise CliError(
            t(ctx.lang, "cli.error.database_url", url=hide_password(url), reason=reason)
        ) from None
    try:
        yield engine
    finally:
        engine.dispose()
