"""`queryleaf check FILE.sql ...`: run check files, report, and exit with a code CI reads.

Exit codes (as pytest users know them): 0 every check passed (warnings allowed), 1 a check
failed or errored (or warned, with --warn-error), 2 interrupted, 3 internal or connection
error, 4 usage or SQL syntax error (nothing ran), 5 no checks found.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO
from urllib.parse import urlparse

import pymongo.errors

import queryleaf

from ..checks.parse import duration_ms, parse_check_file
from ..checks.ready import READY_MADE, build
from ..checks.report import console_line, github_annotations, json_report, junit_xml, summary
from ..checks.run import Runner, prepare
from ..engine.backends import is_embedded
from ..engine.embedded import new_client
from ..engine.uris import hide_password
from ..errors import ConnectionError as QLConnectionError
from ..errors import QueryLeafError, SqlSyntaxError, UsageError
from .commands import dump_database, load_backup, open_session, resolve_uri

PASSED, FAILED, INTERRUPTED, INTERNAL, USAGE, NO_CHECKS = 0, 1, 2, 3, 4, 5


def run_check(args, out: TextIO) -> int:
    err = sys.stderr
    try:
        if args.files[0] in READY_MADE and not Path(args.files[0]).exists():
            text = _ready_made(args)
            if args.show_sql:
                out.write(text)
                return PASSED
            files = [parse_check_file(f"<check {args.files[0]}>", text)]
        else:
            files = [parse_check_file(path, _read(path)) for path in args.files]
    except (UsageError, SqlSyntaxError) as error:
        err.write(error.render() + "\n")
        return USAGE
    return run_files(files, args, out)


def run_files(files: list, args, out: TextIO, connections: dict | None = None, judged: list | None = None) -> int:
    """Validate, connect (unless `connections` are given), run and report; the exit code.
    `judged` are outcomes decided without SQL (compare's index definitions), reported first."""
    err = sys.stderr
    try:
        variables = prepare(files, dict(_variable(v) for v in args.var or ()), args.allow_writes)
    except (UsageError, SqlSyntaxError) as error:
        err.write(error.render() + "\n")
        return USAGE
    if not any(f.checks for f in files):
        err.write("no checks found (mark a statement with -- @check <name>)\n")
        return NO_CHECKS
    try:
        connections = connections or open_connections(args)
    except UsageError as error:
        err.write(error.render() + "\n")
        return USAGE
    except (QLConnectionError, pymongo.errors.PyMongoError) as error:
        err.write(hide_password(f"ERROR: cannot connect: {error}", getattr(args, "uri", None)) + "\n")
        return INTERNAL
    select = set(args.select.split(",")) if args.select else None
    runner = Runner(connections, variables, fail_fast=args.fail_fast, select=select, max_time_ms=args.max_time)
    outcomes: list = list(judged or [])
    for outcome in outcomes:
        console_line(outcome, out)
    code = PASSED
    progress = Progress(sum(len(f.checks) for f in files), err) if err.isatty() else None
    try:
        for check_file in files:
            outcomes += runner.run(check_file, lambda outcome: console_line(outcome, out, progress),
                                   progress.start if progress else None)
            if args.fail_fast and any(o.status in ("FAIL", "ERROR") for o in outcomes):
                break
    except KeyboardInterrupt:
        code = INTERRUPTED
    except (QLConnectionError, pymongo.errors.PyMongoError) as error:
        err.write(f"ERROR: the server went away: {error}\n")
        code = INTERNAL
    except QueryLeafError as error:  # a setup statement failed: the checks after it cannot run
        err.write(error.render() + "\n")
        code = FAILED
    except Exception as error:  # noqa: BLE001 - a bug of queryleaf's: exit 3 with a message, no traceback
        err.write(f"INTERNAL ERROR: {type(error).__name__}: {error} (please report it)\n")
        code = INTERNAL
    finally:
        for session in {id(s): s for s in connections.values()}.values():
            session.close()
    _write_reports(args, outcomes)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        github_annotations(outcomes, out)
    out.write(summary(outcomes) + "\n")
    if code != PASSED:
        return code
    bad = {"FAIL", "ERROR"} | ({"WARN"} if args.warn_error else set())
    return FAILED if any(o.status in bad for o in outcomes) else PASSED


class Progress:
    """`[3/40] check_name ...` on a terminal while a check runs, erased before its result."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.done, self.stream = total, 0, stream

    def start(self, check) -> None:
        self.done += 1
        self.stream.write(f"\r\033[K[{self.done}/{self.total}] {check.name} ...")
        self.stream.flush()

    def clear(self) -> None:
        self.stream.write("\r\033[K")
        self.stream.flush()


def add_check_command(commands, add_common) -> None:
    parser = commands.add_parser(
        "check",
        aliases=["run"],
        help="run .sql check files: checks pass when their query returns no rows (or as @expect says)",
        description="Run check files and exit 0 (passed), 1 (failed), 2 (interrupted), 3 (connection "
        "or internal error), 4 (usage or syntax error, nothing ran) or 5 (no checks).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE.sql", help="check files, run in order")
    parser.add_argument("--uri", help="MongoDB URI of the default connection (memory:// for the embedded engine)")
    parser.add_argument("--conn", action="append", metavar="ALIAS=URI",
                        help="a named connection for -- @connection ALIAS (the URI's path names the database)")
    add_run_options(parser)
    ready = parser.add_argument_group("ready-made checks: queryleaf check refs|gaps|freshness URI/db ...")
    ready.add_argument("--ref", action="append", metavar="CHILD.FIELD=PARENT.FIELD",
                       help="check refs: every CHILD.FIELD value exists as PARENT.FIELD; repeatable")
    ready.add_argument("--collection", help="check gaps / freshness: the collection")
    ready.add_argument("--time-field", help="check gaps / freshness: its date field")
    ready.add_argument("--every", metavar="N[mhdw]", help="check gaps: the period that needs a document (default 1d)")
    ready.add_argument("--since", metavar="N[mhdw]", help="check gaps: how far back (default 30d)")
    ready.add_argument("--max-age", metavar="N[mhdw]", help="check freshness: the oldest newest document allowed (default 24h)")
    ready.add_argument("--by", metavar="FIELD", help="check gaps / freshness: per value of this field")
    ready.add_argument("--where", metavar="SQL", help="check gaps / freshness: only documents matching this condition")
    ready.add_argument("--show-sql", action="store_true", help="print the check file a ready-made check runs, and exit")
    add_common(parser)
    parser.set_defaults(handler=run_check)


def add_run_options(parser) -> None:
    """The options every command that runs checks takes (check, compare counts)."""
    parser.add_argument("--var", action="append", metavar="NAME=VALUE", help="a value for :NAME; repeatable")
    parser.add_argument("--allow-writes", action="store_true", help="run statements that write (refused by default)")
    parser.add_argument("--warn-error", action="store_true", help="a WARN fails the run")
    parser.add_argument("--fail-fast", action="store_true", help="stop at the first FAIL or ERROR")
    parser.add_argument("--select", metavar="NAMES_OR_TAGS", help="run only these checks (comma-separated)")
    parser.add_argument("--max-time", type=_milliseconds, metavar="DURATION",
                        help="server-side time limit (maxTimeMS) of each check's commands, e.g. 30s; "
                        "-- @timeout overrides it per check")
    parser.add_argument("--junit-xml", metavar="PATH", help="write a JUnit XML report")
    parser.add_argument("--json", metavar="PATH", help="write a JSON report")


def _ready_made(args) -> str:
    """The check-file text of `check refs|gaps|freshness URI/db`; URI/db becomes the default
    connection."""
    if len(args.files) != 2:
        raise UsageError(f"usage: queryleaf check {args.files[0]} URI/DATABASE [options]")
    text = build(args.files[0], args)
    args.uri = args.files[1]
    args.db = args.db or urlparse(args.uri).path.lstrip("/") or None
    return text


def _milliseconds(text: str) -> int:
    milliseconds = duration_ms(text)
    if milliseconds is None:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (e.g. 30s, 500ms, 2m)")
    return milliseconds


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read check file {path}: {error}") from error


def _variable(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.isidentifier():
        raise UsageError(f"--var takes NAME=VALUE, not {text!r}")
    return name, value


def dump_session(text: str, args) -> queryleaf.Session:
    """A mongodump folder or archive as a connection (`PATH` or `PATH#database`): loaded into
    a fresh embedded engine, so that a backup is compared without restoring it."""
    path, _, database = text.partition("#")
    client = new_client()
    backup = load_backup(client, path)
    return queryleaf.connect(client=client, database=dump_database(path, database, backup.databases), now=args.now)


def open_connections(args) -> dict:
    connections = {}
    if args.uri or args.load or getattr(args, "load_dump", None) or not args.conn:
        connections["default"] = open_session(resolve_uri(args), args)
    for text in args.conn or ():
        alias, sep, uri = text.partition("=")
        if not sep or not alias:
            raise UsageError(f"--conn takes ALIAS=URI, not {text!r}")
        database = urlparse(uri).path.lstrip("/") or args.db
        default = connections.get("default")
        if "://" not in uri:
            connections[alias] = dump_session(uri, args)
        elif is_embedded(uri) and default is not None and is_embedded(resolve_uri(args)):
            connections[alias] = queryleaf.connect(client=default.client, database=database, now=args.now)
        else:
            connections[alias] = queryleaf.connect(uri, database=database, now=args.now)
    connections.setdefault("default", next(iter(connections.values())))
    return connections


def _write_reports(args, outcomes: list) -> None:
    for path, render in ((args.junit_xml, junit_xml), (args.json, json_report)):
        if path:
            try:
                Path(path).write_text(render(outcomes), encoding="utf-8")
            except OSError as error:
                sys.stderr.write(f"cannot write report {path}: {error}\n")
