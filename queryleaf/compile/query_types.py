"""The compiled form of one query (SELECT or set operation), before it becomes a command."""

from __future__ import annotations

from dataclasses import dataclass

from ..translation import OutputColumn


@dataclass
class CompiledQuery:
    """Stages that produce the query's rows from `collection` (None: they start with
    $documents) in `database`; each output column is read from its field."""

    database: str
    collection: str | None
    stages: list
    columns: list[OutputColumn]
    all_fields: bool = False  # SELECT * over one collection: whole documents
