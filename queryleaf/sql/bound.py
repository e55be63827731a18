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
from .bind import BindContext, FieldRef, Source, bind_expression, bind_source
from .naming import column_name, output_fields
from .nodes import arg, position

AGGREGATE_TYPES = (
    exp.Count, exp.Sum, exp.Avg, exp.Min, exp.Max, exp.ArrayAgg, exp.GroupConcat,
    exp.LogicalAnd, exp.LogicalOr,
)
_UNSUPPORTED_CLAUSES = {
    "with": "WITH (common table expressions)",
    "joins": "JOIN",
    "laterals": "LATERAL",
    "windows": "WINDOW clause",
    "qualify": "QUALIFY",
    "into": "SELECT INTO",
    "locks": "FOR UPDATE",
}


def is_aggregate(node: exp.Expression) -> bool:
    return isinstance(node, AGGREGATE_TYPES) or (isinstance(node, exp.Filter) and is_aggregate(node.this))


def contains_aggregate(node: exp.Expression) -> bool:
    return any(is_aggregate(n) for n in node.walk())


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
    source: Source
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


def bind_select(select: exp.Select, ctx: BindContext) -> BoundSelect:
    """Resolve every name of a SELECT. Takes ownership of the tree (binds it in place)."""
    _reject_unsupported(select, ctx)
    source = bind_source(select, ctx)
    items = _items(select, source, ctx)
    where = select.args.get("where")
    limit = select.args.get("limit")
    offset = select.args.get("offset")
    return BoundSelect(
        select=select,
        source=source,
        items=items,
        where=_where(where.this, source, ctx) if where is not None else None,
        group=_group(select, items, source, ctx),
        having=_having(select, items, source, ctx),
        order=_order(select, items, source, ctx),
        distinct=select.args.get("distinct") is not None,
        limit=bind_expression(limit, source, ctx) if limit is not None else None,
        offset=bind_expression(offset, source, ctx) if offset is not None else None,
    )


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
    if group is not None and any(group.args.get(k) for k in ("grouping_sets", "cube", "rollup")):
        raise UnsupportedSqlError("GROUPING SETS / CUBE / ROLLUP is not supported", **position(ctx.sql, group))


def _is_star(node: exp.Expression) -> bool:
    return isinstance(node, exp.Star) or (isinstance(node, exp.Column) and isinstance(node.this, exp.Star))


def _items(select: exp.Select, source: Source, ctx: BindContext) -> list[OutputItem]:
    names, nodes = [], []
    for node in select.expressions:
        if _is_star(node):
            names.append("*")
            nodes.append(None)
            continue
        names.append(column_name(node))
        inner = node.this if isinstance(node, exp.Alias) else node
        nodes.append(bind_expression(inner, source, ctx))
    fields = output_fields([n if n != "*" else "" for n in names])
    return [OutputItem(n, f, node) for n, f, node in zip(names, fields, nodes)]


def _where(node: exp.Expression, source: Source, ctx: BindContext) -> exp.Expression:
    bound = bind_expression(node, source, ctx)
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


def _order(select: exp.Select, items, source: Source, ctx: BindContext) -> list[OrderKey]:
    order = select.args.get("order")
    keys = []
    for ordered in order.expressions if order else []:
        index = _ordinal(ordered.this, items, "ORDER BY", ctx)
        if index is None and _bare_name(ordered.this) is not None:
            index = _output_name(_bare_name(ordered.this), items, ordered, ctx)
        node = None if index is not None else bind_expression(ordered.this, source, ctx)
        desc, nulls_first = bool(ordered.args.get("desc")), bool(ordered.args.get("nulls_first"))
        keys.append(OrderKey(node, index, desc, nulls_first, ordered))
    return keys


def _output_name(name: str, items, node, ctx: BindContext) -> int | None:
    matches = [k for k, item in enumerate(items) if item.name == name and item.node is not None]
    if any(items[k].node != items[matches[0]].node for k in matches[1:]):
        raise NameResolutionError(f'ORDER BY "{name}" is ambiguous', **position(ctx.sql, node))
    return matches[0] if matches else None


def _group(select: exp.Select, items, source: Source, ctx: BindContext) -> list[exp.Expression] | None:
    group = select.args.get("group")
    if group is None:
        return None
    keys = []
    for node in group.expressions:
        index = _ordinal(node, items, "GROUP BY", ctx)
        if index is None and _bare_name(node) is not None:
            index = _group_alias(_bare_name(node), items, source)
        bound = items[index].node if index is not None else bind_expression(node, source, ctx)
        if contains_aggregate(bound):
            raise NameResolutionError("aggregate functions are not allowed in GROUP BY", **position(ctx.sql, node))
        keys.append(bound)
    return keys


def _group_alias(name: str, items, source: Source) -> int | None:
    """An output alias named in GROUP BY, unless it is the field of the same name or the
    sampled documents have such a field (PostgreSQL prefers input columns)."""
    for index, item in enumerate(items):
        if item.name != name or item.node is None:
            continue
        if isinstance(item.node, FieldRef) and item.node.path == (name,):
            return None
        if source.field_types is not None and source.field_types.of(name):
            return None
        return index
    return None


def _having(select: exp.Select, items, source: Source, ctx: BindContext) -> exp.Expression | None:
    having = select.args.get("having")
    if having is None:
        return None
    aliases = {i.name: i.node for i in items if i.node is not None and contains_aggregate(i.node)}

    def resolve(node: exp.Expression) -> exp.Expression:
        name = _bare_name(node)
        return aliases[name].copy() if name in aliases else node

    return bind_expression(having.this.transform(resolve, copy=False), source, ctx)
