"""`queryleaf shell [URI | NAME]` (also `queryleaf URI`): the interactive SQL shell.

On a terminal it is the prompt-toolkit shell; with piped input it runs what it reads, as psql
does, and exits 1 if any statement failed.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TextIO

from .. import __version__
from ..engine.backends import is_embedded_client
from ..engine.uris import redact_uri
from ..errors import UsageError
from ..shell.app import Shell
from ..shell.config import data_directory, load_config
from ..shell.history import RedactedHistory
from ..shell.schema import SessionSchema
from .commands import URI_VARIABLE, open_session, resolve_uri


def add_shell_command(commands, add_common) -> None:
    parser = commands.add_parser(
        "shell",
        help="interactive SQL shell (also: queryleaf URI)",
        description="An interactive SQL shell on a MongoDB server or the embedded engine: completion, "
        "history, meta-commands (\\? lists them). Read-only unless --allow-writes.",
    )
    parser.add_argument("target", nargs="?", metavar="URI|NAME",
                        help=f"a MongoDB URI, memory://, or a connection named in config.toml "
                        f"(default: ${URI_VARIABLE})")
    parser.add_argument("--uri", help="the same as the URI argument")
    parser.add_argument("--allow-writes", action="store_true",
                        help="let INSERT, UPDATE, DELETE and DDL run (UPDATE, DELETE, DROP ask first)")
    parser.add_argument("--config", metavar="PATH",
                        help="settings file (default: ~/.config/queryleaf/config.toml, created on first start)")
    add_common(parser)
    parser.set_defaults(handler=run_shell)


def run_shell(args, out: TextIO) -> int:
    config = load_config(Path(args.config).expanduser() if args.config else None)
    if args.target and args.uri:
        raise UsageError("give the server once: as the URI argument or as --uri")
    name = args.target or args.uri
    if name and name not in config.connections and "://" not in name:
        raise UsageError(f"{name!r} is not a command, a MongoDB URI or a connection named in config.toml",
                         hint="Commands: translate, query, check, compare, shell. URIs look like "
                         "mongodb://host:27017/db (memory:// for the embedded engine).")
    if name:
        args.uri = config.connections.get(name, name)
    uri = resolve_uri(args)
    session = open_session(uri, args)
    shell = Shell(session, config, uri=uri, out=out, allow_writes=args.allow_writes)
    try:
        if not (sys.stdin.isatty() and out.isatty()):
            shell.run_lines(sys.stdin)
            return 1 if shell.failures else 0
        _interactive(shell, config)
        return 0
    finally:
        shell.close()


def _interactive(shell: Shell, config) -> None:
    from ..shell.prompt import asker, loop, prompt_session  # prompt-toolkit only on a terminal

    shell.schema = SessionSchema(shell.session, shell.state.variables)
    shell.schema.warm()
    history = RedactedHistory(data_directory() / "history", config.history_size)
    session = prompt_session(shell, shell.schema, history)
    shell.attach_terminal(asker(session), lambda: tuple(shutil.get_terminal_size()))
    shell.message(banner(shell))
    loop(shell, session)
    shell.message("Goodbye!\n")


def banner(shell: Shell) -> str:
    client = shell.session.client
    if is_embedded_client(client):
        server = "the embedded engine"
    else:
        server = f"MongoDB {client.server_info().get('version', '?')}"
    mode = "writes allowed" if shell.allow_writes else "read-only"
    return (f"queryleaf {__version__} on {server} at {redact_uri(shell.uri)}, database "
            f"\"{shell.session.database}\" ({mode}).\nType \\? for help, \\q to quit.\n")
