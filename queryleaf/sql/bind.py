"""Binding: resolve names in a parsed SELECT against its FROM item.

Column references become `FieldRef` nodes holding a document path (trap 8: `a.b.c` is a
nested path unless `a` names the table in scope), and query parameters become `Param`
nodes holding typed values. Nothing here looks at MongoDB; the compiler does.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from sqlglot import exp

from ..errors import NameResolutionError, ParameterError, UnknownCollectionError, UnsupportedSqlError
from .nodes import arg, first_offset, from_clause, position


class FieldRef(exp.Expression):
    """A field of the scanned document: `path` is a tuple of key segments."""

    arg_types = {"path": True}

    @property
    def path(self) -> tuple[str, ...]:
        return self.args["path"]

    @property
    def output_name(self) -> str:
        return self.path[-1]


class Slot(exp.Expression):
    """A value already computed into a field of the pipeline document (group keys,
    aggregate results, output columns)."""

    arg_types = {"name": True, "type": False, "nullable": False}


class Param(exp.Expression):
    """A bound query parameter; `value` is a Python/BSON value."""

    arg_types = {"value": False, "label": True}


@dataclass
class Source:
    """The collection a SELECT reads, with its sampled field types (None when offline)."""

    database: str
    collection: str | None  # None: SELECT without FROM (one empty row)
    alias: str | None
    field_types: object | None = None

    @property
    def names(self) -> set[str]:
        if self.alias:
            return {self.alias}
        return {self.collection} if self.collection else set()


@dataclass
class BindContext:
    sql: str | None
    database: str
    catalog: object | None
    params: object | None
    positional_cursor: list = field(default_factory=lambda: [0])


def bind_source(select: exp.Select, ctx: BindContext) -> Source:
    """The single FROM collection of a SELECT."""
    clause = from_clause(select)
    if clause is None:
        return Source(ctx.database, None, None)
    if arg(select, "joins"):
        joins = arg(select, "joins")
        raise UnsupportedSqlError("JOIN is not supported yet", **position(ctx.sql, joins[0]))
    table = clause.this
    if not isinstance(table, exp.Table) or not isinstance(table.this, exp.Identifier):
        raise UnsupportedSqlError(f"{_kind(table)} in FROM is not supported yet", **position(ctx.sql, table))
    if table.args.get("catalog"):
        raise UnsupportedSqlError("three-part table names are not supported", **position(ctx.sql, table))
    database = table.db or ctx.database
    source = Source(database, table.name, table.alias or None)
    _check_collection_exists(source, table, ctx)
    if ctx.catalog is not None:
        source.field_types = ctx.catalog.field_types(database, source.collection)
    return source


def _kind(node: exp.Expression) -> str:
    return {exp.Subquery: "subquery", exp.Values: "VALUES list"}.get(type(node), type(node).__name__)


def _check_collection_exists(source: Source, table: exp.Table, ctx: BindContext) -> None:
    if ctx.catalog is None:
        return
    names = ctx.catalog.collection_names(source.database)
    if names is None or source.collection in names:
        return
    close = difflib.get_close_matches(source.collection, names, n=1)
    hint = f'Perhaps you meant "{close[0]}".' if close else None
    raise UnknownCollectionError(
        f'collection "{source.collection}" does not exist in database "{source.database}"',
        hint=hint,
        **position(ctx.sql, table),
    )


def bind_expression(node: exp.Expression, source: Source, ctx: BindContext) -> exp.Expression:
    """`node` with columns and parameters resolved, rewritten in place (the statement tree
    belongs to the compiler, which parsed it)."""
    return node.transform(lambda n: _bind_node(n, source, ctx), copy=False)


def _bind_node(node: exp.Expression, source: Source, ctx: BindContext) -> exp.Expression:
    if isinstance(node, exp.Dot) and _column_chain(node) is not None:
        return _field_ref(_column_chain(node), source, ctx, node)
    if isinstance(node, exp.Column) and not isinstance(node.this, exp.Star):
        return _field_ref(_column_parts(node), source, ctx, node)
    if isinstance(node, (exp.Parameter, exp.Placeholder)):
        return Param(value=_param_value(node, ctx), label=node.sql(dialect="postgres"))
    if isinstance(node, (exp.Subquery, exp.Exists, exp.Select)):
        raise UnsupportedSqlError("subqueries are not supported yet", **position(ctx.sql, node))
    if isinstance(node, exp.Window):
        raise UnsupportedSqlError("window function (OVER) is not supported yet", **position(ctx.sql, node))
    return node


def _column_parts(column: exp.Column) -> list[str]:
    keys = ("catalog", "db", "table", "this")
    return [column.args[k].name for k in keys if column.args.get(k) is not None]


def _column_chain(dot: exp.Dot) -> list[str] | None:
    """`a.b.c.d.e` arrives as nested Dot nodes over a Column; flatten it to names."""
    if not isinstance(dot.expression, exp.Identifier):
        return None
    base = dot.this
    if isinstance(base, exp.Column):
        head = _column_parts(base)
    elif isinstance(base, exp.Dot):
        head = _column_chain(base)
    else:
        return None
    return None if head is None else head + [dot.expression.name]


def _field_ref(parts: list[str], source: Source, ctx: BindContext, node) -> FieldRef:
    if len(parts) >= 3 and parts[0] == source.database and parts[1] == source.collection:
        parts = parts[2:]
    elif len(parts) >= 2 and parts[0] in source.names:
        parts = parts[1:]
    if source.collection is None:
        raise NameResolutionError(f'column "{".".join(parts)}" does not exist', **position(ctx.sql, node))
    if not parts or any(not p for p in parts):
        raise NameResolutionError(f"invalid column reference {node.sql()}", **position(ctx.sql, node))
    ref = FieldRef(path=tuple(parts))
    start = first_offset(node)
    if start is not None:
        ref.meta["start"] = start
    return ref


def _param_value(node: exp.Expression, ctx: BindContext):
    params = ctx.params
    if isinstance(node, exp.Parameter):
        index = int(node.name) - 1
        return _positional(params, index, node, ctx)
    name = node.name if node.this is not None else None
    if name is None:
        index = ctx.positional_cursor[0]
        ctx.positional_cursor[0] += 1
        return _positional(params, index, node, ctx)
    if not isinstance(params, dict) or name not in params:
        raise ParameterError(f"no value given for parameter %({name})s", **position(ctx.sql, node))
    return params[name]


def _positional(params, index: int, node, ctx: BindContext):
    if isinstance(params, dict) or params is None or not 0 <= index < len(params):
        raise ParameterError(
            f"no value given for parameter {node.sql(dialect='postgres')}", **position(ctx.sql, node)
        )
    return params[index]
