"""Split a .sql script into statements, keeping each statement's original text.

Statements are cut at `;` tokens found by sqlglot's own tokenizer, so semicolons inside
string literals, quoted identifiers and comments never split a statement. Each statement
is run from its original text (not re-rendered by sqlglot), so error positions point into
what the user wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import TokenError
from sqlglot.tokens import TokenType

from ..errors import SqlSyntaxError
from .parse import DIALECT


@dataclass(frozen=True)
class Statement:
    """One statement of a script."""

    sql: str  # the statement's text, without its terminating semicolon
    line: int  # 1-based line of the script where the statement starts
    comments: str  # the comment lines written just before it: its title, if it has one


def split_statements(text: str, dialect: str = DIALECT) -> list[Statement]:
    """Every non-empty statement of a script, in order."""
    try:
        tokens = Dialect.get_or_raise(dialect).tokenize(text)
    except TokenError as error:
        raise SqlSyntaxError(f"cannot read the SQL script: {error}", sql=text) from error
    statements, current, gap_start = [], [], 0
    for token in tokens:
        if token.token_type != TokenType.SEMICOLON:
            current.append(token)
            continue
        if current:
            statements.append(_statement(text, current, gap_start))
        current, gap_start = [], token.end + 1
    if current:
        statements.append(_statement(text, current, gap_start))
    return statements


def _statement(text: str, tokens: list, gap_start: int) -> Statement:
    first, last = tokens[0], tokens[-1]
    return Statement(
        sql=text[first.start : last.end + 1],
        line=first.line,
        comments=_leading_comments(text[gap_start : first.start], gap_start > 0),
    )


def _leading_comments(gap: str, after_statement: bool) -> str:
    """Comments between the previous statement and this one.

    A comment on the same line as the previous statement's semicolon belongs to that
    statement, so it is not this statement's title.
    """
    if after_statement:
        gap = gap.partition("\n")[2]
    return gap.strip()
