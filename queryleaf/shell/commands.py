"""Backslash commands that need the whole shell (they run SQL, open files or connections):
\\i, \\o, \\e, \\watch, \\explain, \\n / \\ns / \\nd, \\refresh, \\pager, and \\c to another server.
The informational and formatting ones are in `meta.py`."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
import tempfile
import time
from pathlib import Path

import queryleaf

from ..engine.uris import redact_uri
from ..errors import UsageError
from ..sql.variables import with_parameters
from .meta import run_meta

MAX_INCLUDE_DEPTH = 16
_WATCH_OPTION = re.compile(r"(?:(?P<key>i|interval|c|count)=)?(?P<value>[\d.]+)$")


def include(shell, argument: str) -> None:
    """\\i FILE: run every input of a file, as if typed."""
    if not argument:
        raise UsageError("\\i needs a file name")
    path = Path(argument).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror or error}") from error
    if shell.include_depth >= MAX_INCLUDE_DEPTH:
        raise UsageError(f"\\i nested more than {MAX_INCLUDE_DEPTH} deep (does {path} include itself?)")
    shell.include_depth += 1
    try:
        shell.run_lines(text.splitlines(), str(path))
    finally:
        shell.include_depth -= 1


def output_to(shell, argument: str) -> None:
    """\\o FILE sends results to the file; \\o alone sends them back to the terminal."""
    if shell.target is not None:
        shell.target.close()
        shell.target = None
    if argument:
        try:
            shell.target = open(Path(argument).expanduser(), "w", encoding="utf-8")  # noqa: SIM115
        except OSError as error:
            raise UsageError(f"cannot write {argument}: {error.strerror or error}") from error


def edit(shell, argument: str) -> None:
    """\\e [FILE]: the last statement (or the file) in $VISUAL / $EDITOR; the edited text comes
    back in the prompt to be reviewed and run (piped input runs it at once)."""
    original = Path(argument).expanduser().read_text(encoding="utf-8") if argument else shell.last_sql
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False, encoding="utf-8") as file:
        file.write(original)
    try:
        completed = subprocess.run([*shlex.split(editor), file.name], check=False)
        edited = Path(file.name).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise UsageError(f"cannot start the editor {editor!r}: {error}", hint="Set $EDITOR.") from error
    finally:
        os.unlink(file.name)
    if completed.returncode != 0:
        raise UsageError(f"the editor exited with status {completed.returncode}; nothing was run")
    if shell.interactive:
        shell.next_input = edited
    else:
        shell.handle(edited)


def watch(shell, argument: str) -> None:
    """\\watch [i=]SECONDS [c=]COUNT: run the last statement again every SECONDS (default 2)
    until Ctrl-C, or COUNT times, as psql 16 does."""
    if not shell.last_sql:
        raise UsageError("\\watch repeats the last statement, and there is none yet")
    interval, count = 2.0, None
    for position, word in enumerate(argument.split()):
        match = _WATCH_OPTION.match(word)
        if match is None:
            raise UsageError(f"\\watch takes SECONDS and COUNT (i=2 c=10), not {word!r}")
        key = match.group("key") or ("interval" if position == 0 else "count")
        if key.startswith("i"):
            interval = float(match.group("value"))
        else:
            count = int(float(match.group("value")))
    runs = 0
    try:
        while count is None or runs < count:
            if runs:
                time.sleep(interval)
            stamp = dt.datetime.now().astimezone().strftime("%a %d %b %Y %H:%M:%S")
            shell.message(f"{stamp} (every {interval:g}s)\n\n")
            shell.run_sql(shell.last_sql)
            runs += 1
    except KeyboardInterrupt:
        shell.message("\n")


def explain(shell, argument: str) -> None:
    """\\explain [SQL]: the MongoDB command(s) as mongosh code, without running anything."""
    sql = argument or shell.last_sql
    if not sql:
        raise UsageError("\\explain needs a statement (or runs on the last one)")
    bound, _ = with_parameters(sql.rstrip().rstrip(";"))
    shell.show(str(shell.session.translate(bound)) + "\n", result=False)


def named(shell, argument: str) -> None:
    """\\n lists the named queries; \\n NAME runs one."""
    queries = shell.config.named_queries
    if not argument:
        rows = "".join(f"{name}: {query}\n" for name, query in sorted(queries.items()))
        shell.show(rows or "No named queries. \\ns NAME QUERY saves one.\n", result=False)
        return
    if argument not in queries:
        raise UsageError(f"no named query {argument!r}", hint="\\n lists them.")
    shell.message(f"> {queries[argument]}\n")
    shell.handle(queries[argument])


def save_named(shell, argument: str) -> None:
    name, _, query = argument.partition(" ")
    if not name.isidentifier() or not query.strip():
        raise UsageError("\\ns takes NAME QUERY")
    shell.config.save_named_query(name, query.strip())
    shell.message(f"Saved {name}.\n")


def delete_named(shell, argument: str) -> None:
    shell.config.delete_named_query(argument)
    shell.message(f"Deleted {argument}.\n")


def refresh(shell, argument: str) -> None:
    """\\refresh: forget the cached collections and sampled fields, and sample again."""
    if shell.schema is not None:
        shell.schema.refresh()
    else:
        shell.session.refresh()
    shell.message("Refreshed the collection and field names.\n")


def pager(shell, argument: str) -> None:
    """\\pager [on|off|COMMAND]."""
    choice = argument or ("off" if shell.pager is not None else "on")
    if choice == "off":
        shell.pager = None
    else:
        shell.pager = shell.config.pager if choice == "on" else choice
    shell.message(f"Pager is {'off' if shell.pager is None else (shell.pager or 'on')}.\n")


def connect(shell, argument: str) -> None:
    """\\c NAME (a connection of the config file) or \\c URI opens another server; any other
    argument is a database of the current one."""
    if not argument:
        conninfo(shell, "")
        return
    uri = shell.config.connections.get(argument) or (argument if "://" in argument else None)
    if uri is None:
        shell.show(run_meta(shell.state, f"\\c {argument}"), result=False)
        return
    session = queryleaf.connect(uri, now=shell.session.now)
    session.catalog.collection_names(session.database)  # fails here if the server is unreachable
    shell.session.close()
    shell.state.session, shell.uri = session, uri
    shell.message(f'You are now connected to {redact_uri(uri)}, database "{session.database}".\n')


def conninfo(shell, argument: str) -> None:
    """\conninfo (and \c alone): where the shell is connected."""
    mode = "writes allowed" if shell.allow_writes else "read-only"
    shell.message(f'You are connected to {redact_uri(shell.uri)}, database "{shell.session.database}" ({mode}).\n')


SHELL_COMMANDS = {
    "\\i": include, "\\o": output_to, "\\e": edit, "\\watch": watch, "\\explain": explain, "\\n": named,
    "\\ns": save_named, "\\nd": delete_named, "\\refresh": refresh, "\\pager": pager, "\\c": connect,
    "\\connect": connect, "\\conninfo": conninfo,
}
