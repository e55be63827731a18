"""The error tree. Every failure a user can cause is one of these, with a stable code.

Errors that point into the SQL text carry line and column (1-based) so that `render()`
can show the statement with the failing span underlined, as psql and sqlglot do.
"""

from __future__ import annotations


class QueryLeafError(Exception):
    """Base class of all queryleaf errors."""

    code = "QL000"

    def __init__(
        self,
        message: str,
        *,
        sql: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.sql = sql
        self.line = line
        self.column = column
        self.hint = hint

    def __str__(self) -> str:
        where = f" (line {self.line}, column {self.column})" if self.line else ""
        hint = f" {self.hint}" if self.hint else ""
        return f"{self.message}{where}{hint}"

    def render(self) -> str:
        """The message, then the offending SQL line with a caret under the position."""
        lines = [f"ERROR {self.code}: {self.message}"]
        if self.sql and self.line:
            source = self.sql.splitlines() or [""]
            text = source[min(self.line, len(source)) - 1]
            lines.append(f"LINE {self.line}: {text}")
            lines.append(" " * (len(f"LINE {self.line}: ") + max((self.column or 1) - 1, 0)) + "^")
        if self.hint:
            lines.append(f"HINT: {self.hint}")
        return "\n".join(lines)


class SqlSyntaxError(QueryLeafError):
    """The text is not valid SQL in the PostgreSQL dialect."""

    code = "QL001"


class UnsupportedSqlError(QueryLeafError):
    """Valid SQL that queryleaf cannot translate exactly; names the construct."""

    code = "QL002"


class NameResolutionError(QueryLeafError):
    """A column, alias or function name that does not resolve."""

    code = "QL003"


class UnknownCollectionError(NameResolutionError):
    """A FROM item that names no collection of the database."""

    code = "QL004"


class ParameterError(QueryLeafError):
    """A missing, unused or ill-typed query parameter."""

    code = "QL005"


class ExecutionError(QueryLeafError):
    """The server (or embedded engine) rejected the generated command."""

    code = "QL006"


class ConnectionError(QueryLeafError):  # noqa: A001 - the public name users expect
    """The server cannot be reached or the URI is invalid."""

    code = "QL007"


class UsageError(QueryLeafError):
    """A bad argument to the library or the command line."""

    code = "QL008"
