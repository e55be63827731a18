"""The shell without its terminal: one complete input at a time (a backslash command or SQL),
run against the session, with results shown the way the settings say.

The prompt-toolkit loop (`shell/prompt.py`) and piped input (`run_lines`) both feed `handle`,
so everything the shell does is testable without a terminal.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from typing import TextIO

import pymongo.errors

from ..cli.formats import write_result
from ..engine.cancel import Cancelled, cancellable
from ..engine.uris import hide_password, redact_uri
from ..errors import QueryLeafError, UsageError
from ..sql.parse import DESTRUCTIVE, WRITES, parse_statement, statement_kind
from ..sql.script import split_statements
from ..sql.variables import typed, with_parameters
from .commands import SHELL_COMMANDS
from .config import Config
from .inputs import inputs, is_command
from .meta import ShellState, run_meta
from .output import STREAMED, Display, fetch, needs_pager, page, render, rows_footer


class Shell:
    """State and behaviour of one shell session. `ask(question) -> answer` is how it asks the
    user (row limit, destructive statements); without it (piped input) it never asks."""

    def __init__(self, session, config: Config, *, uri: str = "", out: TextIO | None = None,
                 err: TextIO | None = None, allow_writes: bool = False, schema=None) -> None:
        self.state = ShellState(session, format=config.format, expanded=config.expanded, timing=config.timing)
        self.config = config
        self.uri = uri
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.ask: Callable[[str], str] | None = None
        self.allow_writes = allow_writes
        self.size: Callable[[], tuple[int, int]] = lambda: (80, 24)
        self.schema = schema
        self.pager: str | None = None  # the pager command ("" for $PAGER or less); None: no pager
        self.target: TextIO | None = None  # \o FILE
        self.last_sql = ""
        self.last_ms: float | None = None
        self.next_input = ""  # \e puts the edited text here, for the next prompt
        self.failures = 0
        self.include_depth = 0

    def attach_terminal(self, ask: Callable[[str], str], size: Callable[[], tuple[int, int]]) -> None:
        """Interactive from now on: questions, the terminal's size, the pager if configured."""
        self.ask, self.size = ask, size
        self.pager = self.config.pager if self.config.enable_pager else None

    @property
    def session(self):
        return self.state.session

    @property
    def interactive(self) -> bool:
        return self.ask is not None

    @property
    def quit(self) -> bool:
        return self.state.quit

    def handle(self, text: str, source: str | None = None, line: int = 1) -> None:
        """Run one complete input; errors are shown, never raised, and the shell goes on.
        Given the `source` (a file, `<stdin>`) and `line` where the input starts, an error
        names the line it happened on, as psql does."""
        if not text.strip():
            return
        where = line
        try:
            if is_command(text):
                self.command(text.strip())
            else:
                for statement in split_statements(text):
                    where = line + statement.line - 1
                    self.run_sql(statement.sql)
        except Cancelled as cancelled:
            self.error_text(f"Cancelled: {cancelled}.")
        except KeyboardInterrupt:
            self.error_text("Cancelled.")
        except (QueryLeafError, pymongo.errors.PyMongoError) as error:
            at = f"{source}:{where + (getattr(error, 'line', None) or 1) - 1}: " if source else ""
            self.failed(error, at)

    def run_lines(self, lines: Iterable[str], source: str = "<stdin>") -> None:
        """Run piped input or an included file, input by input, until `\\q`."""
        for line, text in inputs(lines):
            self.handle(text, source, line)
            if self.quit:
                return

    def command(self, text: str) -> None:
        name, _, argument = text.strip().rstrip(";").partition(" ")
        before = (self.session, self.session.database)
        handler = SHELL_COMMANDS.get(name)
        if handler is not None:
            handler(self, argument.strip())
        else:
            self.show(run_meta(self.state, text), result=False)
        if self.schema is not None and (self.session, self.session.database) != before:
            self.schema.session = self.session
            self.schema.warm()

    def run_sql(self, sql: str) -> None:
        bound, used = with_parameters(sql)
        missing = sorted(used - set(self.state.variables))
        if missing:
            raise UsageError(f"variable :{missing[0]} is not set", hint=f"\\set {missing[0]} VALUE sets it.")
        self._check_write(bound)
        self.last_sql = sql
        self.execute(bound, {name: typed(self.state.variables[name]) for name in used} or None)

    def execute(self, sql: str, params=None) -> None:
        """Run a statement and show its rows; Ctrl-C stops it on the server as well."""
        started = time.perf_counter()
        with cancellable(self.session) as running:
            result = running.result = self.session.execute(sql, params)
            if (self.target is None and self.interactive) or self.state.format not in STREAMED:
                text = self._rendered(result)
            else:
                count = write_result(result.columns, result, self.state.format, self.target or self.out,
                                     null=self.config.null_string)
                text = rows_footer(count) if self.target is None else ""
        self.last_ms = (time.perf_counter() - started) * 1000
        if result.status is not None:  # a write: psql's command tag, after any RETURNING rows
            text = (text if result.columns else "") + result.status + "\n"
        self.show(text)
        if self.state.timing:
            self.message(f"Time: {self.last_ms:.3f} ms\n")

    def _rendered(self, result) -> str:
        limit = self.config.row_limit if self.interactive and self.target is None else 0
        rows, more = fetch(result, limit)
        note = ""
        if more is not None and self._agrees(f"The result has more than {limit} rows. Show them all? [y/N] "):
            rows += list(more)
        elif more is not None:
            result.close()
            note = f"(only the first {limit} rows were fetched)\n"
        width = self.size()[0] if self.interactive and self.target is None else sys.maxsize
        display = Display(self.state.format, self.state.expanded, self.config.null_string, width)
        return render(result.columns, rows, display) + note

    def _check_write(self, sql: str) -> None:
        tree = parse_statement(sql)
        if not isinstance(tree, WRITES):
            return
        kind = statement_kind(tree)
        if not self.allow_writes:
            raise UsageError(f"the shell is read-only: {kind} refused",
                             hint="Start the shell with --allow-writes to change data.")
        if isinstance(tree, DESTRUCTIVE) and self.interactive and not self._agrees(
                f"You are about to run a destructive statement ({kind}).\nDo you want to proceed? [y/N] "):
            raise UsageError(f"{kind} not run")

    def _agrees(self, question: str) -> bool:
        return self.ask is not None and self.ask(question).strip().lower() in ("y", "yes")

    def show(self, text: str, result: bool = True) -> None:
        """Results go to the \\o file when one is open; on a terminal, long ones to the pager."""
        if result and self.target is not None:
            self.target.write(text)
            return
        width, height = self.size()
        if self.pager is not None and needs_pager(text, width, height):
            try:
                page(text, self.pager)
                return
            except OSError as error:
                self.error_text(f"the pager failed ({error}); showing the output here")
        self.out.write(text)
        self.out.flush()

    def message(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def failed(self, error: Exception, location: str = "") -> None:
        self.failures += 1
        text = error.render() if isinstance(error, QueryLeafError) else f"ERROR: MongoDB: {error}"
        self.error_text(location + text)

    def error_text(self, text: str) -> None:
        self.err.write(hide_password(text, self.uri) + "\n")
        self.err.flush()

    def toolbar(self) -> str:
        writes = "WRITES ALLOWED" if self.allow_writes else "read-only"
        last = f"last {self.last_ms:.1f} ms" if self.last_ms is not None else "no query yet"
        return f" {redact_uri(self.uri)}  db: {self.session.database}  {writes}  {last}  \\? help"

    def close(self) -> None:
        if self.target is not None:
            self.target.close()
            self.target = None
        self.session.close()
