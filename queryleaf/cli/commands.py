"""The `translate` and `query` commands: read arguments, call the library, render.

Nothing here compiles or executes SQL itself; it only chooses what to open (a server, or
the embedded engine seeded with `--load` files), runs statements through a Session and
hands the rows to `formats`.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import queryleaf

from ..engine.backends import is_embedded
from ..engine.loader import load_extended_json
from ..engine.uris import redact_uri
from ..errors import ConnectionError as QLConnectionError
from ..errors import QueryLeafError, UsageError
from ..sql.parse import WRITES, parse_statement
from ..sql.script import Statement, split_statements
from .formats import write_result

URI_VARIABLE = "QUERYLEAF_URI"
EMBEDDED_URI = "memory://"


@dataclass
class StatementFailed(Exception):
    """A statement of a script failed; `location` is `file:line` of the failing line."""

    error: QueryLeafError
    location: str


def run_translate(args, out: TextIO) -> int:
    """Print the MongoDB command(s) for one statement, as Extended JSON or mongosh code.

    Offline unless --uri or --load is given: then collection names and sampled field types
    come from that database, as they do for `query`.
    """
    uri = args.uri or (EMBEDDED_URI if args.load else None)
    if uri is None:
        translation = queryleaf.translate(args.sql, database=args.db or "test", now=args.now)
    else:
        translation = open_session(uri, args).translate(args.sql)
    if args.shell:
        out.write(str(translation) + "\n")
    else:
        out.write(json.dumps(translation.to_dict(), indent=2) + "\n")
    return 0


def run_query(args, out: TextIO) -> int:
    """Run the statement(s) of the SQL argument or of --file and print each result."""
    source, text = _sql_source(args)
    statements = split_statements(text)
    if not statements:
        raise UsageError(f"no SQL statement in {source}")
    script = args.file is not None
    if not script and len(statements) == 1:
        statements = [Statement(text, 1, "")]  # error positions then match the argument
    session = open_session(resolve_uri(args), args)
    try:
        for index, statement in enumerate(statements):
            if index and args.format in ("table", "markdown"):
                out.write("\n")
            if script:
                _echo(statement, args.format, out)
            _run_statement(session, statement, source, args, out)
    finally:
        session.close()
    return 0


def resolve_uri(args) -> str:
    """--uri, else $QUERYLEAF_URI, else the embedded engine when --load gives it data."""
    uri = args.uri or os.environ.get(URI_VARIABLE)
    if uri:
        return uri
    if args.load or getattr(args, "load_dump", None):
        return EMBEDDED_URI
    raise UsageError(
        "no database to query",
        hint=f"Pass --uri mongodb://host:27017 or set {URI_VARIABLE}; for the embedded engine "
        "use --uri memory:// with --load data.json.",
    )


def open_session(uri: str, args) -> queryleaf.Session:
    """A session on the URI; --load files and --load-dump backups seed it, which only the
    embedded engine allows."""
    dumps = getattr(args, "load_dump", None) or ()
    if (args.load or dumps) and not is_embedded(uri):
        raise UsageError(
            f"--load only seeds the embedded engine, not {redact_uri(uri)}",
            hint="Use --uri memory:// with --load; queryleaf never writes into a real server.",
        )
    try:
        session = queryleaf.connect(uri, database=args.db, now=args.now)
    except ValueError as error:  # urllib rejects some malformed URIs before pymongo sees them
        raise QLConnectionError(f"invalid MongoDB URI {redact_uri(uri)}: {error}") from error
    for path in args.load or ():
        load_extended_json(session.client, path)
    for path in dumps:
        load_backup(session.client, path)
    return session


def load_backup(client, path: str):
    """--load-dump: a mongodump folder or archive into the embedded engine; damage is reported.
    Returns the backup's scan."""
    from ..catalog.load import load_dump

    backup = load_dump(client, existing_dump(path))
    for problem in backup.problems:
        sys.stderr.write(f"WARNING: {path}: {problem['file']}: {problem['error']} (loaded up to there)\n")
    return backup


def existing_dump(path: str) -> Path:
    if not Path(path).exists():
        raise UsageError(f"no such mongodump folder or archive: {path}")
    return Path(path)


def dump_database(path: str, requested: str, databases: list[str]) -> str:
    """The database of a backup named as `PATH#database`, or the only one it holds."""
    if requested:
        return requested
    if len(databases) != 1:
        raise UsageError(f"{path} holds the databases {', '.join(databases) or '(none)'}; name one as {path}#DATABASE")
    return databases[0]


def _sql_source(args) -> tuple[str, str]:
    """(name for messages, SQL text) from the positional SQL or from --file."""
    if args.file is None:
        return "the SQL argument", args.sql if args.sql is not None else args.command_sql
    if args.file == "-":
        return "<stdin>", sys.stdin.read()
    try:
        return args.file, Path(args.file).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise UsageError(f"SQL file not found: {args.file}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read SQL file {args.file}: {error}") from error


def _echo(statement: Statement, fmt: str, out: TextIO) -> None:
    """Show a script statement before its result, as `psql -a` does (table and markdown)."""
    text = "\n".join(filter(None, [statement.comments, statement.sql + ";"]))
    if fmt == "table":
        out.write(text + "\n\n")
    elif fmt == "markdown":
        out.write(f"```sql\n{text}\n```\n\n")


def _run_statement(session, statement: Statement, source: str, args, out: TextIO) -> None:
    try:
        if not args.allow_writes and isinstance(parse_statement(statement.sql), WRITES):
            raise UsageError("this statement writes; queryleaf query is read-only unless --allow-writes is given")
        result = session.execute(statement.sql)
        if result.columns:
            write_result(result.columns, result, args.format, out, null=args.null)
        if result.status is not None and args.format in ("table", "markdown"):
            out.write(result.status + "\n")
    except QueryLeafError as error:
        if args.file is None:
            raise
        line = statement.line + (error.line or 1) - 1
        raise StatementFailed(error, f"{source}:{line}") from error
    out.flush()
