"""The bound form of a SELECT: every clause with its names resolved, once.

PostgreSQL's name rules live here: result column names come from the unbound select list;
ORDER BY takes ordinals and output names before input columns; GROUP BY takes ordinals and
(when no such field exists) output aliases; HAVING may name an aggregate's alias, an
extension the mission's SQL relies on (`HAVING failure_count > 0`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from ..errors import NameResolutionError, UnsupportedSqlError
from .bind import BindContext, FieldRef, Slot, bind_expression
from .from_items import FromItem, Join, bind_from
from .naming import column_name, output_fields
from .nodes import arg, position
from .recursive import is_recursive
from .scope import Scope, TableScope

AGGREGATE_TYPES = (
    exp.Count, exp.Sum, exp.Avg, exp.Min, exp.Max, exp.ArrayAgg, exp.GroupConcat,
    exp.LogicalAnd, exp.LogicalOr,
)
_UNSUPPORTED_CLAUSES = {
    "laterals": "LATERAL",
    "qualify": "QUALIFY",
    "into": "SELECT INTO",
    "locks": "FOR UPDATE",
}


def is_aggregate(node: exp.Expression) -> bool:
    return isinstance(node, AGGREGATE_TYPES) or (isinstance(node, exp.Filter) and is_aggregate(node.this))


def contains_aggregate(node: exp.Expression) -> bool:
    """Whether an expression aggregates rows (a window function's own call does not)."""
    if is_aggregate(node):
        return True
    if isinstance(node, exp.Window):
        function = node.this.this if isinstance(node.this, exp.Filter) else node.this
        parts = [*function.iter_expressions(), *(node.args.get("partition_by") or [])]
        order = node.args.get("order")
        parts += [o.this for o in order.expressions] if order else []
        return any(contains_aggregate(p) for p in parts)
    return any(contains_aggregate(child) for child in node.iter_expressions())


@dataclass
class OutputItem:
    name: str
    field: str  # the document field the column is projected into
    node: exp.Expression | None  # bound expression; None for `*`


@dataclass
class OrderKey:
    node: exp.Expression | None  # bound expression, or None when `position` names an item
    position: int | None
    desc: bool
    nulls_first: bool
    source: exp.Expression  # the ORDER BY entry as written, for error positions


@dataclass
class BoundSelect:
    select: exp.Select
    first: FromItem | None  # None: SELECT without FROM
    joins: list[Join]
    scope: Scope
    items: list[OutputItem]
    where: exp.Expression | None
    group: list[exp.Expression] | None  # None when there is no GROUP BY clause
    having: exp.Expression | None
    order: list[OrderKey]
    distinct: bool
    limit: exp.Expression | None
    offset: exp.Expression | None

    @property
    def star(self) -> bool:
        return any(i.node is None for i in self.items)

    @property
    def grouped(self) -> bool:
        return (
            self.group is not None
            or self.having is not None
            or any(i.node is not None and contains_aggregate(i.node) for i in self.items)
            or any(k.node is not None and contains_aggregate(k.node) for k in self.order)
        )


def bind_select(select: exp.Select, ctx: BindContext, parent: Scope | None = None) -> BoundSelect:
    """Resolve every name of a SELECT. Takes ownership of the tree (binds it in place)."""
    _reject_unsupported(select, ctx)
    _resolve_named_windows(select, ctx)
    first, joins, scope = bind_from(select, ctx, parent)
    items = _items(select, scope, ctx)
    where = select.args.get("where")
    limit = select.args.get("limit")
    offset = select.args.get("offset")
    return BoundSelect(
        select=select,
        first=first,
        joins=joins,
        scope=scope,
        items=items,
        where=_where(where.this, scope, ctx) if where is not None else None,
        group=_group(select, items, scope, ctx),
        having=_having(select, items, scope, ctx),
        order=_order(select.args.get("order"), items, scope, ctx),
        distinct=select.args.get("distinct") is not None,
        limit=bind_expression(limit, scope, ctx) if limit is not None else None,
        offset=bind_expression(offset, scope, ctx) if offset is not None else None,
    )


def _resolve_named_windows(select: exp.Select, ctx: BindContext) -> None:
    """`OVER w` with `WINDOW w AS (...)`: copy the definition into each use."""
    definitions = {w.name: w for w in arg(select, "windows") or []}
    if not definitions:
        return  # a window named without a WINDOW clause is reported by the compiler
    for window in select.find_all(exp.Window):
        alias = window.args.get("alias")
        if alias is None or window.parent is select and window.arg_key == "windows":
            continue
        definition = definitions.get(alias.name)
        if definition is None:
            raise NameResolutionError(f'window "{alias.name}" does not exist', **position(ctx.sql, window))
        for key in ("partition_by", "order", "spec"):
            if definition.args.get(key) is not None and window.args.get(key) is None:
                window.set(key, definition.args[key].copy() if not isinstance(definition.args[key], list)
                           else [p.copy() for p in definition.args[key]])
        window.set("alias", None)
    select.set("windows", None)


def _reject_window(node: exp.Expression | None, clause: str, ctx: BindContext) -> None:
    window = node.find(exp.Window) if node is not None else None
    if window is not None:
        raise NameResolutionError(f"window functions are not allowed in {clause}", **position(ctx.sql, window))


def _reject_unsupported(select: exp.Select, ctx: BindContext) -> None:
    for key, construct in _UNSUPPORTED_CLAUSES.items():
        value = arg(select, key)
        if value:
            node = value[0] if isinstance(value, list) else value
            raise UnsupportedSqlError(f"{construct} is not supported yet", **position(ctx.sql, node))
    distinct = select.args.get("distinct")
    if distinct is not None and distinct.args.get("on"):
        raise UnsupportedSqlError("DISTINCT ON is not supported", **position(ctx.sql, distinct))
    group = select.args.get("group")
    grouping_sets = (exp.Rollup, exp.Cube, exp.GroupingSets)
    if group is not None and (
        any(group.args.get(k) for k in ("grouping_sets", "cube", "rollup"))
        or any(isinstance(e, grouping_sets) for e in group.expressions)
    ):
        raise UnsupportedSqlError("GROUPING SETS / CUBE / ROLLUP is not supported", **position(ctx.sql, group))


def _is_star(node: exp.Expression) -> bool:
    return isinstance(node, exp.Star) or (isinstance(node, exp.Column) and isinstance(node.this, exp.Star))


def _items(select: exp.Select, scope: Scope, ctx: BindContext) -> list[OutputItem]:
    names, nodes = [], []
    for node in select.expressions:
        if _is_star(node):
            for name, ref in _star(node, scope, ctx):
                names.append(name)
                nodes.append(ref)
            continue
        names.append(column_name(node))
        inner = node.this if isinstance(node, exp.Alias) else node
        nodes.append(bind_expression(inner, scope, ctx))
    fields = output_fields([n if n != "*" else "" for n in names])
    return [OutputItem(n, f, node) for n, f, node in zip(names, fields, nodes)]


def _star(node: exp.Expression, scope: Scope, ctx: BindContext) -> list[tuple[str, exp.Expression | None]]:
    """`*` / `t.*`: a single collection keeps whole documents (name "*", node None); known
    columns of derived tables and the sampled fields of joined collections are listed."""
    qualifier = node.table if isinstance(node, exp.Column) else None
    tables = [scope.table(qualifier)] if qualifier else scope.tables
    if qualifier and tables[0] is None:
        raise NameResolutionError(f'missing FROM-clause entry for table "{qualifier}"', **position(ctx.sql, node))
    if len(scope.tables) == 1 and tables[0].columns is None:
        return [("*", None)]
    return [pair for table in tables for pair in _table_columns(table, node, ctx)]


def _table_columns(table: TableScope, node, ctx: BindContext) -> list[tuple[str, exp.Expression]]:
    if table.columns is not None:
        return [(name, FieldRef(table=table.alias, path=(info.field,), level=0)) for name, info in table.columns.items()]
    types = table.field_types
    if types is None or not types.order:
        raise UnsupportedSqlError(
            f'"*" over a join needs the fields of "{table.alias}", which has no sampled documents',
            hint="Name the columns.", **position(ctx.sql, node),
        )
    fields = sorted(types.order, key=lambda f: f != "_id")
    return [(f, FieldRef(table=table.alias, path=(f,), level=0)) for f in fields]


def _where(node: exp.Expression, scope: Scope, ctx: BindContext) -> exp.Expression:
    _reject_window(node, "WHERE", ctx)
    bound = bind_expression(node, scope, ctx)
    for inner in bound.walk():
        if is_aggregate(inner):
            raise NameResolutionError("aggregate functions are not allowed in WHERE", **position(ctx.sql, inner))
    return bound


def _ordinal(node: exp.Expression, items: list[OutputItem], clause: str, ctx: BindContext) -> int | None:
    if not (isinstance(node, exp.Literal) and not node.is_string):
        return None
    index = int(node.this) - 1
    if not 0 <= index < len(items) or items[index].node is None:
        raise NameResolutionError(f"{clause} position {node.this} is not in select list", **position(ctx.sql, node))
    return index


def _bare_name(node: exp.Expression) -> str | None:
    return node.name if isinstance(node, exp.Column) and not node.table else None


def _order(order, items, scope: Scope | None, ctx: BindContext) -> list[OrderKey]:
    """ORDER BY entries; with scope None (set operations) only output columns are visible."""
    keys = []
    for ordered in order.expressions if order else []:
        index = _ordinal(ordered.this, items, "ORDER BY", ctx)
        if index is None and _bare_name(ordered.this) is not None:
            index = _output_name(_bare_name(ordered.this), items, ordered, ctx)
        if index is None and scope is None:
            raise NameResolutionError(
                f'column "{ordered.this.sql(dialect="postgres")}" does not exist',
                hint="ORDER BY of UNION / INTERSECT / EXCEPT can use only output column names.",
                **position(ctx.sql, ordered),
            )
        node = None if index is not None else bind_expression(ordered.this, scope, ctx)
        desc, nulls_first = bool(ordered.args.get("desc")), bool(ordered.args.get("nulls_first"))
        keys.append(OrderKey(node, index, desc, nulls_first, ordered))
    return keys


def _output_name(name: str, items, node, ctx: BindContext) -> int | None:
    matches = [k for k, item in enumerate(items) if item.name == name and item.node is not None]
    if any(items[k].node != items[matches[0]].node for k in matches[1:]):
        raise NameResolutionError(f'ORDER BY "{name}" is ambiguous', **position(ctx.sql, node))
    return matches[0] if matches else None


def _group(select: exp.Select, items, scope: Scope, ctx: BindContext) -> list[exp.Expression] | None:
    group = select.args.get("group")
    if group is None:
        return None
    _reject_window(group, "GROUP BY", ctx)
    keys = []
    for node in group.expressions:
        index = _ordinal(node, items, "GROUP BY", ctx)
        if index is None and _bare_name(node) is not None:
            index = _group_alias(_bare_name(node), items, scope)
        bound = items[index].node if index is not None else bind_expression(node, scope, ctx)
        if contains_aggregate(bound):
            raise NameResolutionError("aggregate functions are not allowed in GROUP BY", **position(ctx.sql, node))
        keys.append(bound)
    return keys


def _group_alias(name: str, items, scope: Scope) -> int | None:
    """An output alias named in GROUP BY, unless it is the field of the same name or the
    sampled documents have such a field (PostgreSQL prefers input columns)."""
    for index, item in enumerate(items):
        if item.name != name or item.node is None:
            continue
        if isinstance(item.node, FieldRef) and item.node.path == (name,):
            return None
        if any(t.knows(name) for t in scope.tables):
            return None
        return index
    return None


def _having(select: exp.Select, items, scope: Scope, ctx: BindContext) -> exp.Expression | None:
    having = select.args.get("having")
    if having is None:
        return None
    _reject_window(having.this, "HAVING", ctx)
    aliases = {i.name: i.node for i in items if i.node is not None and contains_aggregate(i.node)}

    def resolve(node: exp.Expression) -> exp.Expression:
        name = _bare_name(node)
        return aliases[name].copy() if name in aliases else node

    return bind_expression(having.this.transform(resolve, copy=False), scope, ctx)


@dataclass
class BoundSetOp:
    """UNION / INTERSECT / EXCEPT [ALL] of two queries, with ORDER BY / LIMIT on the whole."""

    kind: str  # union, intersect, except
    distinct: bool
    left: object
    right: object
    items: list[OutputItem]  # the output columns (named by the left query)
    order: list[OrderKey]
    limit: exp.Expression | None
    offset: exp.Expression | None
    source: exp.Expression


_SET_OPERATIONS = {exp.Union: "union", exp.Intersect: "intersect", exp.Except: "except"}


def bind_query(node: exp.Expression, ctx: BindContext, parent: Scope | None = None):
    """A SELECT or a set operation, with its WITH clause."""
    while isinstance(node, exp.Subquery):
        node = node.this
    visible = ctx.ctes
    ctx.ctes = _with_ctes(node, ctx)
    try:
        if isinstance(node, exp.Select):
            return bind_select(node, ctx, parent)
        if type(node) in _SET_OPERATIONS:
            return _bind_set_operation(node, ctx, parent)
    finally:
        ctx.ctes = visible
    raise UnsupportedSqlError(f"{type(node).__name__.upper()} as a query is not supported", **position(ctx.sql, node))


def _with_ctes(node: exp.Expression, ctx: BindContext) -> dict:
    with_ = arg(node, "with")
    if with_ is None:
        return ctx.ctes
    recursive = bool(with_.args.get("recursive"))
    ctes = dict(ctx.ctes)
    defined = set()
    for cte in with_.expressions:
        if cte.alias in defined:
            raise NameResolutionError(
                f'WITH query name "{cte.alias}" specified more than once', **position(ctx.sql, cte)
            )
        defined.add(cte.alias)
        cte.meta["recursive"] = recursive and is_recursive(cte)
        cte.meta["visible_ctes"] = dict(ctes)
        ctes[cte.alias] = cte
    node.set("with_" if "with_" in node.args else "with", None)
    return ctes


def _bind_set_operation(node: exp.Expression, ctx: BindContext, parent: Scope | None) -> BoundSetOp:
    left = bind_query(node.this, ctx, parent)
    right = bind_query(node.expression, ctx, parent)
    if len(left.items) != len(right.items) or left_star(left) or left_star(right):
        raise NameResolutionError(
            "each UNION / INTERSECT / EXCEPT query must have the same number of columns",
            **position(ctx.sql, node),
        )
    items = [OutputItem(i.name, i.field, Slot(name=i.field)) for i in left.items]
    limit, offset = node.args.get("limit"), node.args.get("offset")
    return BoundSetOp(
        kind=_SET_OPERATIONS[type(node)],
        distinct=node.args.get("distinct") is not False,
        left=left,
        right=right,
        items=items,
        order=_order(node.args.get("order"), items, None, ctx),
        limit=limit,
        offset=offset,
        source=node,
    )


def left_star(query) -> bool:
    return any(i.node is None for i in query.items) if isinstance(query, BoundSelect) else False


def output_columns(query) -> list[tuple[str, str]]:
    """(name, field) of a bound query's output columns."""
    if isinstance(query, BoundSelect) and query.star:
        table = query.first.table
        fields = sorted(table.field_types.order, key=lambda f: f != "_id") if table.field_types else []
        return [(f, f) for f in fields]
    return [(i.name, i.field) for i in query.items]
