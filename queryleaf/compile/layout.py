"""Where each table's columns live in the documents flowing through a pipeline.

A single collection keeps its documents at the root. Once a query joins, every table lives
under a field of its own (the driving table is moved there by a $project, joined tables
arrive there through $lookup ... as). Derived tables and CTEs expose their output fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..sql.bind import FieldRef
from ..sql.scope import TableScope
from .mql import field_path_mql, plain_segment
from .types import sql_type_of_bson


@dataclass
class Layout:
    tables: dict[str, TableScope] = field(default_factory=dict)
    prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def place(self, table: TableScope, prefix: tuple[str, ...] = ()) -> None:
        self.tables[table.alias] = table
        self.prefixes[table.alias] = prefix

    def has(self, ref: FieldRef) -> bool:
        return ref.level == 0 and ref.table in self.prefixes

    def document_path(self, ref: FieldRef) -> tuple[str, ...]:
        return self.prefixes[ref.table] + ref.path

    def mql(self, ref: FieldRef):
        return field_path_mql(self.document_path(ref))

    def dotted_path(self, ref: FieldRef) -> str | None:
        """The query-language path of a column, when the query language reads it exactly:
        plain segments and no array on the way in the sampled documents."""
        path = self.document_path(ref)
        if not all(plain_segment(s) for s in path) or self._crosses_array(ref):
            return None
        return ".".join(path)

    def sql_type(self, ref: FieldRef) -> str:
        table = self.tables[ref.table]
        if table.columns is not None:
            info = next((c for c in table.columns.values() if c.field == ref.path[0]), None)
            return info.type if info is not None and len(ref.path) == 1 else "unknown"
        types = table.field_types
        if types is None or (len(ref.path) > 1 and self._crosses_array(ref)):
            return "unknown"
        return sql_type_of_bson(types.of(".".join(ref.path)))

    def nullable(self, ref: FieldRef) -> bool:
        table = self.tables[ref.table]
        return table.outer or ref.path != ("_id",) or table.collection is None

    def _crosses_array(self, ref: FieldRef) -> bool:
        types = self.tables[ref.table].field_types
        return types is not None and types.crosses_array(".".join(ref.path))
