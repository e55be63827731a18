"""The shell's backslash commands (and SHOW ...), free of prompt-toolkit: each takes the shell
state and its argument and returns the text to print."""

from __future__ import annotations

import fnmatch
import io
from dataclasses import dataclass, field

from ..cli.formats import FORMATS, write_result
from ..errors import UsageError

HELP = """\
General
  \\q                 quit (also Ctrl-D, quit, exit)
  \\?                 this help
  Ctrl-C             cancel the running statement (on the server too), or clear the line
Query
  \\e [FILE]          edit the last statement (or FILE) in $EDITOR
  \\i FILE            run the statements and commands of FILE
  \\o [FILE]          send results to FILE (\\o alone: back to the terminal)
  \\watch [i=]SEC [[c=]N]  run the last statement again every SEC seconds (N times)
  \\explain [SQL]     the MongoDB command(s) as mongosh code (also EXPLAIN SQL)
  \\n [NAME]          list the named queries, or run one
  \\ns NAME QUERY     save a named query
  \\nd NAME           delete a named query
Informational
  \\l                 databases (also SHOW DATABASES)
  \\dt [PATTERN]      collections with estimated document counts and sizes (also SHOW COLLECTIONS)
  \\d COLLECTION      sampled fields: types and how often each is present; indexes; validator
  \\di [PATTERN]      indexes
Connection
  \\c DATABASE        use another database (also USE DATABASE)
  \\c NAME | URI      connect to a named connection of config.toml, or to a URI
  \\conninfo          where the shell is connected (also \\c alone)
  \\refresh           sample the collections and fields again (completion)
Formatting
  \\x [on|off|auto]   expanded (vertical) output
  \\T FORMAT          table, csv, tsv, json, jsonl, markdown or vertical
  \\timing [on|off]   show the time each statement takes
  \\pager [on|off|COMMAND]  page long results ($PAGER, else less -SRXF)
Variables
  \\set [NAME VALUE]  set a variable for :NAME (without arguments: list them)
"""


@dataclass
class ShellState:
    session: object
    format: str = "table"
    expanded: str = "auto"
    timing: bool = False
    variables: dict = field(default_factory=dict)
    quit: bool = False


def run_meta(state: ShellState, line: str) -> str:
    """Run one backslash command (or SHOW DATABASES / SHOW COLLECTIONS / USE db)."""
    command, _, argument = line.strip().rstrip(";").partition(" ")
    command = command.lower() if command.lower() in ("quit", "exit") else command
    argument = argument.strip()
    lowered = line.strip().rstrip(";").lower()
    if lowered in ("show databases", "show collections"):
        command, argument = ("\\l" if lowered == "show databases" else "\\dt"), ""
    elif command.lower() == "use":
        command = "\\c"
    handler = _COMMANDS.get(command)
    if handler is None:
        raise UsageError(f"unknown command {command}", hint="\\? lists the commands.")
    return handler(state, argument)


def _quit(state: ShellState, argument: str) -> str:
    state.quit = True
    return ""


def _databases(state: ShellState, argument: str) -> str:
    client = state.session.client
    try:
        rows = [(d["name"], pretty_size(d.get("sizeOnDisk"))) for d in client.list_databases()]
    except (AttributeError, NotImplementedError, TypeError):  # the embedded engine has names only
        rows = [(name, None) for name in client.list_database_names()]
    return _table(["database", "size_on_disk"], sorted(rows))


def _collections(state: ShellState, argument: str) -> str:
    session = state.session
    names = session.catalog.collection_names(session.database) or []
    rows = []
    for name in (n for n in names if fnmatch.fnmatch(n, argument or "*")):
        stats = session.catalog.storage_stats(session.database, name) or {}
        rows.append((name, session.catalog.estimated_count(session.database, name),
                     pretty_size(stats.get("size")), pretty_size(stats.get("storageSize")),
                     pretty_size(stats.get("totalIndexSize"))))
    return _table(["collection", "estimated_documents", "data_size", "storage_size", "index_size"], rows)


def pretty_size(size: int | None) -> str | None:
    """Bytes as PostgreSQL's pg_size_pretty writes them: `8192 bytes`, `24 kB`, `3 MB`."""
    if size is None:
        return None
    for unit in ("bytes", "kB", "MB", "GB", "TB"):
        if abs(size) < 10 * 1024 or unit == "TB":
            return f"{size} {unit}"
        size = (size + 512) // 1024


def _describe(state: ShellState, argument: str) -> str:
    if not argument:
        return _collections(state, "")
    session = state.session
    if argument not in (session.catalog.collection_names(session.database) or []):
        raise UsageError(f'collection "{argument}" does not exist in database "{session.database}"')
    types = session.catalog.field_types(session.database, argument)
    columns = session.catalog.table_columns(session.database, argument)
    text = _table_definition(session.database, argument, columns) if columns is not None else ""
    documents = max(types.documents, 1)
    rows = [(path, ", ".join(sorted(kinds)), f"{100 * types.present.get(path, 0) / documents:.0f}%")
            for path, kinds in sorted(types.types.items())]
    sampled = f"{types.documents} document{'' if types.documents == 1 else 's'} sampled"
    text += f'Collection "{session.database}.{argument}" ({sampled})\n'
    text += _table(["field", "types", "present"], rows)
    text += _indexes_of(session, argument)
    options = session.client[session.database][argument].options()
    if options.get("validator") and columns is None:
        text += f"Validator: {options['validator']}\n"
    return text


def _table_definition(database: str, name: str, columns) -> str:
    """psql's \\d of a table made with CREATE TABLE (its validator holds the definition)."""
    rows = [(c.name, c.type_name, "not null" if c.not_null else "", c.default.sql(dialect="postgres")
             if c.default is not None else "nextval" if c.serial else "") for c in columns]
    return f'Table "{database}.{name}"\n' + _table(["column", "type", "nullable", "default"], rows)


def _indexes(state: ShellState, argument: str) -> str:
    session = state.session
    names = [n for n in session.catalog.collection_names(session.database) or []
             if fnmatch.fnmatch(n, argument or "*")]
    return "".join(_indexes_of(session, n, heading=n) for n in names)


def _indexes_of(session, collection: str, heading: str = "Indexes") -> str:
    indexes = list(session.client[session.database][collection].list_indexes())
    rows = [(i["name"], ", ".join(f"{k} {v}" for k, v in i["key"].items()), "yes" if i.get("unique") else "no")
            for i in indexes]
    return f"{heading}:\n" + _table(["index", "keys", "unique"], rows)


def _connect(state: ShellState, argument: str) -> str:
    if not argument:
        raise UsageError("\\c needs a database name")
    state.session.use(argument)
    return f'You are now using database "{argument}".\n'


def _expanded(state: ShellState, argument: str) -> str:
    choice = argument.lower() or ("off" if state.expanded == "on" else "on")
    if choice not in ("on", "off", "auto"):
        raise UsageError("\\x takes on, off or auto")
    state.expanded = choice
    return f"Expanded display is {choice}.\n"


def _format(state: ShellState, argument: str) -> str:
    if argument not in FORMATS:
        raise UsageError(f"\\T takes one of {', '.join(FORMATS)}")
    state.format = argument
    return f"Output format is {argument}.\n"


def _timing(state: ShellState, argument: str) -> str:
    state.timing = not state.timing if not argument else argument.lower() == "on"
    return f"Timing is {'on' if state.timing else 'off'}.\n"


def _set(state: ShellState, argument: str) -> str:
    if not argument:
        return "".join(f"{k} = {v!r}\n" for k, v in sorted(state.variables.items()))
    name, _, value = argument.partition(" ")
    if not name.isidentifier():
        raise UsageError(f"\\set takes NAME VALUE, not {argument!r}")
    state.variables[name] = value.strip()
    return ""


def _help(state: ShellState, argument: str) -> str:
    return HELP


def _table(columns: list[str], rows: list) -> str:
    buffer = io.StringIO()
    write_result(columns, rows, "table", buffer, null="")
    return buffer.getvalue()


_COMMANDS = {
    "\\q": _quit, "\\quit": _quit, "quit": _quit, "exit": _quit, "\\?": _help, "\\l": _databases, "\\dt": _collections, "\\d": _describe,
    "\\di": _indexes, "\\c": _connect, "\\connect": _connect, "\\x": _expanded, "\\T": _format,
    "\\timing": _timing, "\\set": _set,
}
