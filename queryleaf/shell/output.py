"""How the shell shows a result: sized to the terminal, vertical when a table is too wide,
through a pager when it is too long, and never more rows than the user agreed to fetch."""

from __future__ import annotations

import itertools
import os
import shlex
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

from ..cli.formats import format_result

STREAMED = ("csv", "tsv", "json", "jsonl")  # written row by row; every other format sizes columns first
DEFAULT_LESS = "-SRXF"


@dataclass(frozen=True)
class Display:
    format: str
    expanded: str  # on, off or auto
    null: str
    width: int


def render(columns: list[str], rows: list[tuple], display: Display) -> str:
    """One result as text. A table wider than the terminal becomes psql's expanded display
    when `\\x auto` (the default) is on, as pgcli and psql do."""
    fmt = display.format
    if fmt == "table" and display.expanded == "on":
        fmt = "vertical"
    text = format_result(columns, rows, fmt, display.null)
    if fmt == "table" and display.expanded == "auto" and widest_line(text) > display.width:
        text = format_result(columns, rows, "vertical", display.null)
        fmt = "vertical"
    if fmt != "table":
        text += rows_footer(len(rows))
    return text


def rows_footer(count: int) -> str:
    return f"({count} {'row' if count == 1 else 'rows'})\n"


def widest_line(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def fetch(rows, limit: int) -> tuple[list[tuple], Iterator[tuple] | None]:
    """Up to `limit` rows (0: all), and the rest of the rows if there are more."""
    iterator = iter(rows)
    if not limit:
        return list(iterator), None
    first = list(itertools.islice(iterator, limit + 1))
    if len(first) <= limit:
        return first, None
    return first[:limit], itertools.chain(first[limit:], iterator)


def needs_pager(text: str, width: int, height: int) -> bool:
    """Longer than the screen (leaving the prompt visible) or wider than it."""
    return text.count("\n") > height - 2 or widest_line(text) > width


def page(text: str, command: str = "") -> None:
    """Show text through the pager: `command`, else $PAGER, else less (with LESS=-SRXF so
    that short output prints as it is, colours pass and long lines are not wrapped)."""
    command = command or os.environ.get("PAGER") or "less"
    environment = {**os.environ}
    environment.setdefault("LESS", DEFAULT_LESS)
    try:
        subprocess.run(shlex.split(command), input=text, text=True, env=environment, check=False)
    except KeyboardInterrupt:
        pass  # the pager handles Ctrl-C itself; the shell just returns to its prompt
