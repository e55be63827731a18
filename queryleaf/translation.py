"""What a SQL statement becomes: MongoDB command(s) plus the shape of the result.

`Translation.to_dict()` is JSON-serialisable (relaxed Extended JSON for BSON values);
`str(translation)` is mongosh code a user can paste into a shell.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from bson import json_util

from .mongosh import to_mongosh

_RELAXED = json_util.JSONOptions(json_mode=json_util.JSONMode.RELAXED, tz_aware=True)


def to_json_compatible(value):
    """BSON values (dates, ObjectId, Decimal128 ...) as relaxed Extended JSON structures."""
    return json.loads(json_util.dumps(value, json_options=_RELAXED))


RESULT_OF = "$queryleafResultOf"
IDS_OF = "$queryleafIdsOf"


def result_placeholder(index: int) -> dict:
    """Stands in a pipeline for the documents returned by command `index` of a Translation."""
    return {RESULT_OF: index}


def ids_placeholder(index: int) -> dict:
    """Stands for the `_id`s of the documents command `index` returned (or inserted)."""
    return {IDS_OF: index}


def fill_results(value, results: list[list]):
    """The pipeline with each placeholder replaced by the documents it stands for."""
    if isinstance(value, dict):
        if set(value) == {RESULT_OF}:
            return results[value[RESULT_OF]]
        if set(value) == {IDS_OF}:
            return [document["_id"] for document in results[value[IDS_OF]]]
        return {k: fill_results(v, results) for k, v in value.items()}
    if isinstance(value, list):
        return [fill_results(v, results) for v in value]
    return value


@dataclass(frozen=True)
class OutputColumn:
    """One result column: its SQL name, the document field it is read from, its SQL type."""

    name: str
    field: str
    type: str = "unknown"


@dataclass(frozen=True)
class Command:
    """One aggregate command against a collection (or the database) of one database."""

    database: str
    collection: str | None  # None: a database-level aggregate (starts with $documents)
    pipeline: list = field(default_factory=list)

    def to_dict(self) -> dict:
        target = self.collection if self.collection is not None else 1
        return to_json_compatible(
            {"aggregate": target, "pipeline": self.pipeline, "cursor": {}, "$db": self.database}
        )

    def to_shell(self) -> str:
        target = f"db.getSiblingDB({json.dumps(self.database)})"
        if self.collection is not None:
            target += f".getCollection({json.dumps(self.collection)})"
        return f"{target}.aggregate({to_mongosh(self.pipeline)})"


@dataclass(frozen=True)
class WriteCommand:
    """A write or DDL command: a mongosh method of a collection (or of the database, when
    `collection` is None) and its arguments. Placeholders in the arguments stand for the
    documents of earlier commands (the rows an INSERT computed, the ids an UPDATE matched)."""

    database: str
    collection: str | None
    method: str  # insertMany updateMany deleteMany createCollection drop createIndex dropIndex runCommand
    arguments: tuple = ()
    serial: tuple[str, ...] = ()  # insertMany: fields numbered from the table's sequence when absent

    def to_dict(self) -> dict:
        return to_json_compatible({"method": self.method, "collection": self.collection,
                                   "arguments": list(self.arguments), "$db": self.database})

    def to_shell(self) -> str:
        target = f"db.getSiblingDB({json.dumps(self.database)})"
        if self.collection is not None and self.method not in ("createCollection", "runCommand"):
            target += f".getCollection({json.dumps(self.collection)})"
        arguments = ", ".join(to_mongosh(a) for a in self.arguments)
        note = f"  // {', '.join(self.serial)}: next values of the table's sequence" if self.serial else ""
        return f"{target}.{self.method}({arguments}){note}"


@dataclass(frozen=True)
class Translation:
    """The compiled form of one statement."""

    sql: str
    database: str
    commands: tuple[Command | WriteCommand, ...]
    columns: tuple[OutputColumn, ...]
    all_fields: bool = False  # SELECT *: the result also has every field found in the documents
    rows_of: int | None = None  # a write: the command whose documents are the result (RETURNING)

    @property
    def writes(self) -> bool:
        return any(isinstance(c, WriteCommand) for c in self.commands)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def to_dict(self) -> dict:
        return {
            "database": self.database,
            "commands": [c.to_dict() for c in self.commands],
            "columns": [c.name for c in self.columns],
        }

    def __str__(self) -> str:
        if len(self.commands) == 1:
            return self.commands[0].to_shell() + ";"
        parts = [f"// command {i + 1}\n{c.to_shell()};" for i, c in enumerate(self.commands)]
        note = ("// $queryleafResultOf: N stands for the documents that command N + 1 returns"
                + ("; $queryleafIdsOf: N for their _ids" if self.writes else ""))
        return "\n".join([note, *parts])
