"""What every compiler rule may need: the SQL text (for error positions), the pinned clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlglot import exp

from ..errors import ExecutionError, NameResolutionError, UnsupportedSqlError
from ..sql.nodes import position


@dataclass
class CompileContext:
    sql: str | None
    database: str
    now: dt.datetime
    subqueries: list = field(default_factory=list)  # bound queries of SubqueryExpr nodes
    names: list = field(default_factory=lambda: [0])
    prerequisites: list = field(default_factory=list)  # Commands run first (other databases)

    def next_name(self) -> int:
        """A number unique within the statement, for helper field names."""
        self.names[0] += 1
        return self.names[0] - 1

    def prerequisite(self, database: str, collection: str | None, stages: list) -> dict:
        """A query on another database: it runs first as its own command, and its (small)
        result is read through $documents where this placeholder stands (trap 7)."""
        from ..translation import Command, result_placeholder

        self.prerequisites.append(Command(database, collection, list(stages)))
        return result_placeholder(len(self.prerequisites) - 1)

    def unsupported(self, node: exp.Expression, construct: str, hint: str | None = None):
        """The error for valid SQL that queryleaf cannot translate exactly."""
        return UnsupportedSqlError(f"{construct} is not supported", hint=hint, **position(self.sql, node))

    def execution_error(self, node: exp.Expression, message: str):
        """PostgreSQL's error for a value it would reject when running the statement."""
        return ExecutionError(message, **position(self.sql, node))

    def unresolved(self, node: exp.Expression, message: str, hint: str | None = None):
        return NameResolutionError(message, hint=hint, **position(self.sql, node))
