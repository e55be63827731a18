"""One spec case: SQL, expected column names and rows (compared in order only if `ordered`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    sql: str
    columns: list[str]
    rows: list[tuple]
    ordered: bool = False
    params: object = None
    id: str = field(default="")


@dataclass(frozen=True)
class ErrorCase:
    """SQL that must fail with the given error class and a message containing `match`."""

    sql: str
    error: str
    match: str
    id: str = field(default="")
