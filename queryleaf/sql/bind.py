"""Binding of expressions: column references, parameters and subqueries.

Column references become `FieldRef` nodes (a table of the scope and a path inside its rows,
plus how many query levels out that table lives, for correlated subqueries); parameters
become `Param` nodes holding typed values; subqueries become `SubqueryExpr` nodes pointing
at their bound query. Nothing here looks at MongoDB; the compiler does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

from ..errors import NameResolutionError, ParameterError, UnsupportedSqlError
from .nodes import first_offset, position
from .scope import Ambiguous, Scope, resolve


class FieldRef(exp.Expression):
    """A column: `path` inside the rows of table `table`, `level` queries out (0: this one)."""

    arg_types = {"table": True, "path": True, "level": False}

    @property
    def path(self) -> tuple[str, ...]:
        return self.args["path"]

    @property
    def table(self) -> str:
        return self.args["table"]

    @property
    def level(self) -> int:
        return self.args.get("level") or 0


class Slot(exp.Expression):
    """A value already computed into a field of the pipeline document (group keys,
    aggregate results, window results)."""

    arg_types = {"name": True, "type": False, "nullable": False}


class Param(exp.Expression):
    """A bound query parameter; `value` is a Python/BSON value."""

    arg_types = {"value": False, "label": True}


class SubqueryExpr(exp.Expression):
    """A subquery used as a value: kind is scalar, exists, in (`operand IN (query)`), any or
    all (`operand <op> ANY (query)`, with `op` the comparison class name). `index` points
    into BindContext.subqueries, which holds the bound query."""

    arg_types = {"kind": True, "index": True, "operand": False, "op": False}


_QUANTIFIED = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE)


@dataclass
class BindContext:
    sql: str | None
    database: str
    catalog: object | None
    params: object | None
    positional_cursor: list = field(default_factory=lambda: [0])
    ctes: dict = field(default_factory=dict)  # name -> CTE node, visible to the query being bound
    subqueries: list = field(default_factory=list)  # bound queries of SubqueryExpr nodes


def bind_expression(node: exp.Expression, scope: Scope, ctx: BindContext) -> exp.Expression:
    """`node` with columns, parameters and subqueries resolved, rewritten in place (the
    statement tree belongs to the compiler, which parsed it)."""
    return node.transform(lambda n: _bind_node(n, scope, ctx), copy=False)


def _bind_node(node: exp.Expression, scope: Scope, ctx: BindContext) -> exp.Expression:
    if isinstance(node, exp.Dot) and _column_chain(node) is not None:
        return _field_ref(_column_chain(node), scope, ctx, node)
    if isinstance(node, exp.Column) and not isinstance(node.this, exp.Star):
        return _field_ref(_column_parts(node), scope, ctx, node)
    if isinstance(node, (exp.Parameter, exp.Placeholder)):
        return Param(value=_param_value(node, ctx), label=node.sql(dialect="postgres"))
    if isinstance(node, _QUANTIFIED) and isinstance(node.expression, (exp.Any, exp.All)):
        return _quantified(node, scope, ctx)
    if isinstance(node, (exp.Subquery, exp.Exists, exp.In, exp.Select)):
        return _subquery(node, scope, ctx)
    return node


def _subquery(node: exp.Expression, scope: Scope, ctx: BindContext) -> exp.Expression:
    from .bound import bind_query

    if isinstance(node, exp.In):
        query = node.args.get("query")
        if query is None:
            return node
        operand = bind_expression(node.this, scope, ctx)
        kind, inner = "in", query.this if isinstance(query, exp.Subquery) else query
    else:
        operand = None
        kind = "exists" if isinstance(node, exp.Exists) else "scalar"
        inner = node.this if isinstance(node, (exp.Subquery, exp.Exists)) else node
    bound = bind_query(inner, ctx, parent=scope)
    ctx.subqueries.append(bound)
    result = SubqueryExpr(kind=kind, index=len(ctx.subqueries) - 1, operand=operand)
    result.meta["start"] = first_offset(node) if not isinstance(node, exp.In) else first_offset(node.this)
    return result


def _quantified(node: exp.Expression, scope: Scope, ctx: BindContext) -> exp.Expression:
    """`x op ANY (query)` / `x op ALL (query)`; `= ANY` is IN."""
    from .bound import bind_query

    quantifier = node.expression
    inner = quantifier.this
    if not isinstance(inner, (exp.Subquery, exp.Select)):
        raise UnsupportedSqlError("ANY / ALL over an array", **position(ctx.sql, node))
    operand = bind_expression(node.this, scope, ctx)
    bound = bind_query(inner.this if isinstance(inner, exp.Subquery) else inner, ctx, parent=scope)
    ctx.subqueries.append(bound)
    kind = "any" if isinstance(quantifier, exp.Any) else "all"
    if kind == "any" and isinstance(node, exp.EQ):
        kind = "in"
    result = SubqueryExpr(kind=kind, index=len(ctx.subqueries) - 1, operand=operand, op=type(node).__name__)
    result.meta["start"] = first_offset(node.this)
    return result


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


def _field_ref(parts: list[str], scope: Scope, ctx: BindContext, node) -> exp.Expression:
    if not parts or any(not p for p in parts):
        raise NameResolutionError(f"invalid column reference {node.sql()}", **position(ctx.sql, node))
    if parts[0] in scope.merged and not scope.table(parts[0]):
        merged = scope.merged[parts[0]].copy()
        return merged if len(parts) == 1 else exp.Dot(this=merged, expression=exp.to_identifier(parts[1]))
    try:
        found = resolve(scope, parts)
    except Ambiguous:
        raise NameResolutionError(
            f'column reference "{parts[0]}" is ambiguous', hint="Qualify it with a table name or alias.",
            **position(ctx.sql, node),
        ) from None
    if found is None:
        raise NameResolutionError(f'column "{".".join(parts)}" does not exist', **position(ctx.sql, node))
    level, table, path = found
    ref = FieldRef(table=table.alias, path=path, level=level)
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
