"""`queryleaf` command line: argument parsing and the one place errors become exit codes.

Exit codes: 0 success; 1 the SQL, the server or the connection failed; 2 bad usage
(arguments, unreadable files); 130 interrupted. Errors go to stderr as
`QueryLeafError.render()` shows them, never as tracebacks, and never with a password.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from typing import TextIO

import pymongo.errors

from .. import __version__
from ..engine.uris import hide_password
from ..errors import QueryLeafError, UsageError
from .catalog import add_catalog_command
from .check import add_check_command
from .commands import URI_VARIABLE, StatementFailed, run_query, run_translate
from .compare import add_compare_command
from .formats import FORMATS
from .shell import add_shell_command

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
COMMANDS = ("translate", "query", "check", "run", "compare", "shell", "catalog")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code instead of exiting."""
    parser = build_parser()
    argv = _shell_by_default(sys.argv[1:] if argv is None else list(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse already printed usage or help
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    try:
        return args.handler(args, sys.stdout)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()  # the reader (`| head`) is gone: stop quietly, as cat does
        return EXIT_OK
    except (QueryLeafError, StatementFailed, pymongo.errors.PyMongoError) as error:
        return _report(error, _uri_of(args), sys.stderr)


def _shell_by_default(argv: list[str]) -> list[str]:
    """`queryleaf URI` and `queryleaf NAME` open the shell, as `psql URI` does."""
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        return ["shell", *argv]
    return argv


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="queryleaf",
        description="PostgreSQL-dialect SQL compiled into MongoDB aggregation pipelines.",
    )
    parser.add_argument("--version", action="version", version=f"queryleaf {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_translate(commands)
    _add_query(commands)
    add_check_command(commands, _add_common)
    add_compare_command(commands, _add_common)
    add_shell_command(commands, _add_common)
    add_catalog_command(commands, _add_common)
    return parser


def _add_translate(commands) -> None:
    parser = commands.add_parser(
        "translate",
        help="print the MongoDB command(s) a SQL statement compiles into",
        description="Print the MongoDB command(s) for one SQL statement as Extended JSON "
        "(or mongosh code with --shell). Works offline unless --uri or --load is given.",
    )
    parser.add_argument("sql", metavar="SQL", help="one SQL statement (PostgreSQL dialect)")
    parser.add_argument("--shell", action="store_true", help="print mongosh code instead of JSON")
    parser.add_argument(
        "--uri",
        help="sample collection names and field types from this server (memory:// for the "
        f"embedded engine); ${URI_VARIABLE} is not read by translate",
    )
    _add_common(parser)
    parser.set_defaults(handler=run_translate)


def _add_query(commands) -> None:
    parser = commands.add_parser(
        "query",
        help="run SQL against MongoDB (or the embedded engine) and print the rows",
        description="Run a SQL statement, or every statement of a .sql file in order, and "
        "print each result.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("sql", nargs="?", metavar="SQL", help="the SQL statement(s) to run")
    source.add_argument("-c", "--command", dest="command_sql", metavar="SQL",
                        help="the SQL statement(s) to run, as psql -c takes them")
    source.add_argument(
        "-f",
        "--file",
        metavar="FILE",
        help="run every statement of a .sql file ('-' for stdin), echoing each one before its "
        "result in table and markdown formats; stops at the first error",
    )
    parser.add_argument(
        "--uri",
        help=f"MongoDB URI, or memory:// for the embedded engine (default: ${URI_VARIABLE}; "
        "memory:// when only --load is given)",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="table", help="output format (default: table)"
    )
    parser.add_argument(
        "--null", default="", metavar="TEXT", help="NULL in text formats (default: empty)"
    )
    parser.add_argument("--allow-writes", action="store_true",
                        help="let INSERT, UPDATE, DELETE and DDL run (refused otherwise)")
    _add_common(parser)
    parser.set_defaults(handler=run_query)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", help="database of unqualified collection names (default: the URI's, else 'test')"
    )
    parser.add_argument(
        "--now",
        type=parse_now,
        metavar="ISO8601",
        help="pin NOW(), CURRENT_TIMESTAMP and CURRENT_DATE, e.g. 2025-08-23T12:00:00Z "
        "(a time without an offset is UTC)",
    )
    parser.add_argument(
        "--load",
        action="append",
        metavar="FILE.json",
        help="seed the embedded engine from relaxed Extended JSON shaped "
        '{"<database>": {"<collection>": [documents]}}; repeatable',
    )
    parser.add_argument(
        "--load-dump",
        action="append",
        metavar="DIR",
        help="load a mongodump folder or archive into the embedded engine (small backups: it is read into "
        "memory); repeatable",
    )


def parse_now(text: str) -> dt.datetime:
    """An ISO 8601 date or timestamp as an aware UTC datetime (argparse type)."""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date or timestamp: {text!r}") from None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _report(error: Exception, uri: str | None, err: TextIO) -> int:
    if isinstance(error, StatementFailed):
        text, code = f"{error.location}: {error.error.render()}", _exit_code(error.error)
    elif isinstance(error, QueryLeafError):
        text, code = error.render(), _exit_code(error)
    else:
        text, code = f"ERROR: MongoDB: {error}", EXIT_FAILED
    err.write(hide_password(text, uri) + "\n")
    return code


def _exit_code(error: QueryLeafError) -> int:
    return EXIT_USAGE if isinstance(error, UsageError) else EXIT_FAILED


def _uri_of(args) -> str | None:
    return getattr(args, "uri", None) or os.environ.get(URI_VARIABLE)


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
