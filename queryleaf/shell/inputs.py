"""When an input is complete: SQL ends at a `;` outside quotes and comments, a backslash
command (and SHOW DATABASES / SHOW COLLECTIONS / USE db / quit) ends at its line's end.

The prompt uses `is_complete` to decide whether Enter runs the buffer or adds a line; piped
input and `\\i` files are cut into inputs by `inputs`, the same rule line by line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import TokenError
from sqlglot.tokens import TokenType

from ..sql.parse import DIALECT

_LINE_COMMAND = re.compile(r"\s*(\\|(show\s+(databases|collections)|use\s+\S+|quit|exit)\s*;?\s*$)", re.IGNORECASE)


def is_command(text: str) -> bool:
    """A backslash command, SHOW DATABASES / COLLECTIONS, USE db, quit or exit."""
    return bool(_LINE_COMMAND.match(text))


def is_complete(text: str) -> bool:
    """Whether Enter should run the buffer rather than start a new line."""
    if not text.strip() or is_command(text):
        return True
    tokens = _tokens(text)
    return bool(tokens) and tokens[-1].token_type == TokenType.SEMICOLON


def _tokens(text: str) -> list | None:
    """The SQL tokens of the text (comments are not tokens), None inside an open string,
    quoted name or comment."""
    try:
        return Dialect.get_or_raise(DIALECT).tokenize(text)
    except TokenError:
        return None


def inputs(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(first line number, complete input) from lines (piped stdin, a `\\i` file); a last
    statement without its `;` still runs, as psql runs it at the end of a file."""
    buffer: list[str] = []
    start = 1
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        if is_command(line) and _tokens("\n".join(buffer)) == []:  # nothing but comments before it
            buffer = []
            yield number, line.strip()
            continue
        if not buffer:
            start = number
        buffer.append(line)
        if is_complete("\n".join(buffer)):
            text = "\n".join(buffer)
            buffer = []
            if text.strip():
                yield start, text
    if "".join(buffer).strip():
        yield start, "\n".join(buffer)
