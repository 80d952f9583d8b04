"""The command line, `planner` or `python -m planner`: one module per group of commands.

Exit status: 0 when the command worked; 1 when something that is not the user's input failed
(the database once open, or a demo scenario that does not validate); 2 for a usage error or bad
input (an invalid, missing or unreadable file, a file that cannot be written, a --database that
cannot be opened, an unknown id or template, a file that already exists);
130 when interrupted. Results go to stdout, messages about problems to stderr; bad input never
prints a traceback.

plans: templates, new, validate, schema; workspace: list, export, import; share: report and
export --format xlsx; actuals: import --plan
and kpis; simulate: simulate and required. parser builds the arguments, main runs them.
"""

from planner.cli.main import main

__all__ = ["main"]
