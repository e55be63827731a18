"""queryleaf: PostgreSQL-dialect SQL compiled into MongoDB aggregation pipelines.

    >>> import queryleaf
    >>> print(queryleaf.translate("SELECT name FROM users WHERE age > 30"))
    db.getSiblingDB("test").getCollection("users").aggregate([{ $match: { age: { $gt: 30 } } }, { $project: { _id: 0, name: "$name" } }]);
"""

from __future__ import annotations

from .engine.result import Result
from .engine.session import Session, connect
from .errors import (
    ConnectionError,
    ExecutionError,
    NameResolutionError,
    ParameterError,
    QueryLeafError,
    SqlSyntaxError,
    UnknownCollectionError,
    UnsupportedSqlError,
    UsageError,
)
from .translation import Translation

__version__ = "0.1.0"


def translate(sql: str, database: str = "test", params=None, now=None) -> Translation:
    """Compile one statement without a server (no sampled types, no collection check)."""
    import datetime as dt

    from .compile import compile_statement
    from .sql.parse import parse_statement

    now = now or dt.datetime.now(dt.timezone.utc)
    return compile_statement(parse_statement(sql), sql=sql, database=database, catalog=None, params=params, now=now)


__all__ = [
    "ConnectionError",
    "ExecutionError",
    "NameResolutionError",
    "ParameterError",
    "QueryLeafError",
    "Result",
    "Session",
    "SqlSyntaxError",
    "Translation",
    "UnknownCollectionError",
    "UnsupportedSqlError",
    "UsageError",
    "connect",
    "translate",
]
