"""Binding of FROM: collections, derived tables, CTE references and joins.

Each FROM item becomes a `TableScope` (what its columns are and where they live) plus, for
derived tables and CTEs, the bound query that produces its rows. Joins keep their kind and
their bound ON condition (USING becomes equalities).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sqlglot import exp

from ..errors import NameResolutionError, UnknownCollectionError, UnsupportedSqlError
from .bind import BindContext, FieldRef, bind_expression
from .nodes import arg, from_clause, position
from .scope import ColumnInfo, Scope, TableScope


@dataclass
class FromItem:
    table: TableScope
    query: object | None = None  # bound query of a derived table or CTE; None for a collection


@dataclass
class Join:
    kind: str  # inner, left, right, full, cross
    item: FromItem
    condition: exp.Expression | None  # bound ON condition
    source: exp.Expression  # the JOIN as written, for error positions


def bind_from(select: exp.Select, ctx: BindContext, parent: Scope | None):
    """(first item or None for a FROM-less SELECT, joins, scope of the SELECT)."""
    scope = Scope(parent=parent)
    clause = from_clause(select)
    if clause is None:
        return None, [], scope
    first = _item(clause.this, ctx)
    scope.tables.append(first.table)
    joins = []
    for node in _flatten_nested_joins(arg(select, "joins") or [], ctx):
        item = _item(node.this, ctx)
        if scope.table(item.table.alias) is not None:
            raise NameResolutionError(
                f'table name "{item.table.alias}" specified more than once', **position(ctx.sql, node)
            )
        scope.tables.append(item.table)
        joins.append(_join(node, item, scope, ctx))
    return first, joins, scope


def _flatten_nested_joins(nodes: list, ctx: BindContext) -> list:
    """`a JOIN (b JOIN c ON x) ON y` is `a JOIN b ON y JOIN c ON x` when every join involved
    is an inner join (ON conditions of inner joins can move); other nestings are refused."""
    flat = []
    for node in nodes:
        inner = node.this
        if not (isinstance(inner, exp.Subquery) and isinstance(inner.this, exp.Table) and inner.this.args.get("joins")):
            flat.append(node)
            continue
        table = inner.this.copy()
        nested = table.args.pop("joins")
        sides = [node.args.get("side"), *(j.args.get("side") for j in nested)]
        if any(sides) or inner.alias:
            raise UnsupportedSqlError("a parenthesized join other than inner joins", **position(ctx.sql, node))
        flat.append(exp.Join(this=table, on=node.args.get("on")))
        flat.extend(_flatten_nested_joins(nested, ctx))
    return flat


def _join(node: exp.Join, item: FromItem, scope: Scope, ctx: BindContext) -> Join:
    side = (node.args.get("side") or "").upper()
    kind = (node.args.get("kind") or "").upper()
    if node.args.get("method") or kind in ("NATURAL", "SEMI", "ANTI", "ASOF"):
        raise UnsupportedSqlError(f"{kind or 'NATURAL'} JOIN is not supported", **position(ctx.sql, node))
    condition = node.args.get("on")
    if node.args.get("using"):
        condition = _using(node, item, scope, ctx, side)
    elif condition is not None:
        condition = bind_expression(condition, scope, ctx)
    if side in ("LEFT", "RIGHT", "FULL"):
        if condition is None:
            raise UnsupportedSqlError(f"{side} JOIN without ON", **position(ctx.sql, node))
        if side in ("LEFT", "FULL"):
            item.table.outer = True
        if side in ("RIGHT", "FULL"):
            for table in scope.tables:
                table.outer = table.outer or table is not item.table
        return Join(side.lower(), item, condition, node)
    return Join("inner" if condition is not None else "cross", item, condition, node)


def _using(node: exp.Join, item: FromItem, scope: Scope, ctx: BindContext, side: str) -> exp.Expression:
    """USING (a, b): equalities between the right table and the nearest left table having
    the column (the first one when none is known to). The unqualified name then means the
    joined column: the left one, the right one for RIGHT JOIN, either for FULL JOIN."""
    left_tables = [t for t in scope.tables if t is not item.table]
    parts = []
    for identifier in node.args["using"]:
        name = identifier.name
        left = next((t for t in reversed(left_tables) if t.knows(name)), left_tables[-1])
        left_ref = FieldRef(table=left.alias, path=left.column_path((name,)), level=0)
        right_ref = FieldRef(table=item.table.alias, path=item.table.column_path((name,)), level=0)
        parts.append(exp.EQ(this=left_ref, expression=right_ref))
        merged = {"RIGHT": right_ref, "FULL": exp.Coalesce(this=left_ref, expressions=[right_ref])}
        scope.merged[name] = merged.get(side, left_ref).copy()
    condition = parts[0]
    for part in parts[1:]:
        condition = exp.And(this=condition, expression=part)
    return condition


def _item(node: exp.Expression, ctx: BindContext) -> FromItem:
    if isinstance(node, exp.Table) and isinstance(node.this, exp.Identifier):
        if not node.db and node.name in ctx.ctes:
            return _cte_item(node, ctx)
        return _collection_item(node, ctx)
    if isinstance(node, exp.Subquery):
        return _derived_item(node, ctx)
    if isinstance(node, exp.Table) and isinstance(node.this, (exp.ExplodingGenerateSeries, exp.GenerateSeries)):
        try:
            return _derived_item(_series_query(node), ctx)
        except NameResolutionError as error:
            raise UnsupportedSqlError(
                f"{error.message}: generate_series in FROM reads no columns (LATERAL)",
                hint="Call it in the select list instead: SELECT ..., generate_series(a, b) FROM t.",
                **position(ctx.sql, node),
            ) from error
    raise UnsupportedSqlError(f"{_kind(node)} in FROM is not supported yet", **position(ctx.sql, node))


def _kind(node: exp.Expression) -> str:
    return {exp.Values: "VALUES list", exp.Lateral: "LATERAL"}.get(type(node), type(node).__name__)


def _collection_item(table: exp.Table, ctx: BindContext) -> FromItem:
    if table.args.get("catalog"):
        raise UnsupportedSqlError("three-part table names are not supported", **position(ctx.sql, table))
    database = table.db or ctx.database
    _check_collection_exists(database, table, ctx)
    types = ctx.catalog.field_types(database, table.name) if ctx.catalog is not None else None
    rows = ctx.catalog.estimated_count(database, table.name) if ctx.catalog is not None else None
    scope = TableScope(table.alias or table.name, database, table.name, types, estimated_rows=rows)
    return FromItem(scope)


def _check_collection_exists(database: str, table: exp.Table, ctx: BindContext) -> None:
    if ctx.catalog is None:
        return
    names = ctx.catalog.collection_names(database)
    if names is None or table.name in names:
        return
    close = difflib.get_close_matches(table.name, names, n=1)
    raise UnknownCollectionError(
        f'collection "{table.name}" does not exist in database "{database}"',
        hint=f'Perhaps you meant "{close[0]}".' if close else None,
        **position(ctx.sql, table),
    )


def _cte_item(table: exp.Table, ctx: BindContext) -> FromItem:
    from .bound import bind_query
    from .recursive import bind_recursive

    cte = ctx.ctes[table.name]
    visible = ctx.ctes
    ctx.ctes = cte.meta["visible_ctes"]  # a CTE sees the CTEs defined before it
    try:
        if cte.meta.get("recursive"):
            query = bind_recursive(cte, ctx)
        else:
            query = bind_query(cte.this.copy(), ctx, parent=None)
    finally:
        ctx.ctes = visible
    alias = table.alias or table.name
    return FromItem(_derived_scope(alias, query, cte.args.get("alias"), table, ctx), query)


def _derived_item(node: exp.Subquery, ctx: BindContext) -> FromItem:
    from .bound import bind_query

    query = bind_query(node.this, ctx, parent=None)
    alias = node.alias or f"subquery_{len(ctx.subqueries)}"
    return FromItem(_derived_scope(alias, query, node.args.get("alias"), node, ctx), query)


def _series_query(table: exp.Table) -> exp.Subquery:
    """`generate_series(...) AS g(d)` in FROM is `(SELECT generate_series(...) AS d) AS g`;
    the column is named by the column alias, else the table alias, else the function."""
    alias = table.args.get("alias")
    columns = alias.args.get("columns") if isinstance(alias, exp.TableAlias) else None
    column = columns[0].name if columns else (table.alias or "generate_series")
    select = exp.Select(expressions=[exp.alias_(table.this.copy(), column, quoted=True)])
    table_alias = exp.TableAlias(this=exp.to_identifier(table.alias or "generate_series"))
    return exp.Subquery(this=select, alias=table_alias)


def _derived_scope(alias: str, query, table_alias, node, ctx: BindContext) -> TableScope:
    """A derived table's scope: its named output columns; `SELECT *` of one collection
    (with no column renames) keeps whole documents, so any field of them can be named."""
    from .bound import BoundSelect, output_columns

    renamed = isinstance(table_alias, exp.TableAlias) and table_alias.args.get("columns")
    if isinstance(query, BoundSelect) and query.star and not renamed:
        source = query.first.table
        return TableScope(alias, source.database, field_types=source.field_types)
    columns = _named_columns(output_columns(query), table_alias, node, ctx)
    return TableScope(alias, ctx.database, columns=columns)


def _named_columns(columns: list[tuple[str, str]], alias, node, ctx: BindContext) -> dict[str, ColumnInfo]:
    """Column names of a derived table: its output names, renamed by `AS t(a, b)`."""
    renames = [c.name for c in alias.args.get("columns") or []] if isinstance(alias, exp.TableAlias) else []
    if len(renames) > len(columns):
        raise NameResolutionError(
            f"table has {len(columns)} columns available but {len(renames)} columns specified",
            **position(ctx.sql, node),
        )
    named = {}
    for index, (name, field) in enumerate(columns):
        named.setdefault(renames[index] if index < len(renames) else name, ColumnInfo(field))
    return named
