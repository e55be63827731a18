"""Scopes: which tables a query can see, and where a column name resolves (trap 8).

A collection has no declared columns, so resolution uses what is known: the output columns
of derived tables and CTEs, and the field types sampled from collections. `a.b.c` is a
nested path unless `a` names a table in scope. An unqualified name resolves to the one
table known to have it, or to the only table of the innermost query; anything else is an
error that asks for a qualified name rather than a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ColumnInfo:
    """A known column of a derived table: the field that holds it and its SQL type."""

    field: str
    type: str = "unknown"
    nullable: bool = True


@dataclass
class TableScope:
    alias: str
    database: str
    collection: str | None = None  # the collection read, for a collection item
    field_types: object | None = None  # sampled FieldTypes of that collection (None offline)
    columns: dict[str, ColumnInfo] | None = None  # derived tables and CTEs
    outer: bool = False  # NULL-extended by an outer join: every column may be NULL
    estimated_rows: int | None = None  # from collection metadata, to order joins

    def knows(self, name: str) -> bool | None:
        """Whether the table has a column or top-level field `name` (None: cannot tell)."""
        if self.columns is not None:
            return name in self.columns
        if self.field_types is None or not getattr(self.field_types, "documents", 0):
            return None
        return bool(self.field_types.of(name))

    def column_path(self, parts: tuple[str, ...]) -> tuple[str, ...]:
        """The document path of a column reference inside this table's rows."""
        if self.columns is not None and parts[0] in self.columns:
            return (self.columns[parts[0]].field, *parts[1:])
        return parts


@dataclass
class Scope:
    tables: list[TableScope] = field(default_factory=list)
    parent: Scope | None = None
    merged: dict = field(default_factory=dict)  # JOIN ... USING (c): unqualified c

    def table(self, name: str) -> TableScope | None:
        for table in self.tables:
            if table.alias == name:
                return table
        return None

    def levels(self):
        """(level, scope) from this query outwards: 0 is this query, 1 its parent ..."""
        scope, level = self, 0
        while scope is not None:
            yield level, scope
            scope, level = scope.parent, level + 1


class Ambiguous(Exception):
    pass


def resolve(scope: Scope, parts: list[str]) -> tuple[int, TableScope, tuple[str, ...]] | None:
    """(level, table, column path) for a column reference, or None if nothing matches."""
    for level, current in scope.levels():
        found = _qualified(current, parts)
        if found is not None:
            return level, found[0], found[1]
    for level, current in scope.levels():
        known = [t for t in current.tables if t.knows(parts[0])]
        if len(known) > 1:
            raise Ambiguous(parts[0])
        if known:
            return level, known[0], known[0].column_path(tuple(parts))
    tables = scope.tables
    unknown = [t for t in tables if t.knows(parts[0]) is None]
    if len(unknown) == 1:
        return 0, unknown[0], unknown[0].column_path(tuple(parts))
    if len(tables) == 1 and tables[0].columns is None:
        return 0, tables[0], tuple(parts)
    return None


def _qualified(scope: Scope, parts: list[str]):
    if len(parts) >= 3:
        for table in scope.tables:
            if table.collection and (parts[0], parts[1]) == (table.database, table.collection) and table.alias == parts[1]:
                return table, table.column_path(tuple(parts[2:]))
    if len(parts) >= 2:
        table = scope.table(parts[0])
        if table is not None:
            return table, table.column_path(tuple(parts[1:]))
    return None
