"""WITH RECURSIVE of the graph-walk shape, bound for $graphLookup.

The one shape translated exactly:

    WITH RECURSIVE r AS (
        SELECT a, b, ... FROM coll WHERE <anchor condition>
        UNION
        SELECT u.a, u.b, ... FROM coll u JOIN r ON u.<to> = r.<from> [WHERE <condition on u>]
    )

Each step follows links from a row's `<from>` column to documents whose `<to>` field equals
it, which is what $graphLookup does. UNION (not UNION ALL) is required: PostgreSQL's UNION ALL
returns one row per path through the graph, while $graphLookup visits each document once, and
a counter or computed column (`depth + 1`) distinguishes rows that $graphLookup merges.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from ..errors import UnsupportedSqlError
from .bind import BindContext, FieldRef
from .nodes import arg, from_clause, position


@dataclass
class BoundRecursive:
    anchor: object  # BoundSelect of the anchor (one collection, plain columns)
    connect_from: tuple[str, ...]  # path, in the collection, of the column the walk follows
    connect_to: tuple[str, ...]  # path matched against it
    restrict: exp.Expression | None  # the step's WHERE, on the walked documents

    @property
    def items(self):
        return self.anchor.items


def is_recursive(cte: exp.CTE) -> bool:
    return any(t.name == cte.alias and not t.db for t in cte.this.find_all(exp.Table))


def bind_recursive(cte: exp.CTE, ctx: BindContext) -> BoundRecursive:
    from .bound import bind_select

    body = cte.this.copy()
    name = cte.alias
    if not isinstance(body, exp.Union) or not isinstance(body.this, exp.Select):
        raise _unsupported(cte, ctx, "its body must be SELECT ... UNION SELECT ...")
    if body.args.get("distinct") is False:
        raise _unsupported(
            cte, ctx, "UNION ALL returns one row per path and $graphLookup visits each document once; use UNION"
        )
    anchor = bind_select(body.this, ctx)
    _check_anchor(anchor, cte, ctx)
    step = body.expression
    table, join = _step_source(step, name, anchor, cte, ctx)
    alias = table.alias_or_name
    columns = {item.name: item.node.path for item in anchor.items}
    connect_to, connect_from = _link(join, alias, columns, cte, ctx)
    _check_step_items(step, alias, anchor, cte, ctx)
    where = step.args.get("where")
    restrict = _restriction(where.this, alias, anchor, ctx) if where is not None else None
    return BoundRecursive(anchor, connect_from, connect_to, restrict)


def _unsupported(node, ctx: BindContext, why: str) -> UnsupportedSqlError:
    return UnsupportedSqlError(
        f"WITH RECURSIVE of this shape is not supported: {why}",
        hint="Supported: a graph walk, SELECT cols FROM c WHERE ... UNION SELECT u.cols FROM c u "
        "JOIN r ON u.x = r.y.",
        **position(ctx.sql, node),
    )


def _check_anchor(anchor, cte, ctx: BindContext) -> None:
    if anchor.first is None or anchor.first.query is not None or anchor.joins or anchor.grouped:
        raise _unsupported(cte, ctx, "the first SELECT must read one collection without grouping")
    if anchor.star or not all(isinstance(i.node, FieldRef) for i in anchor.items):
        raise _unsupported(cte, ctx, "the first SELECT must list plain columns")


def _step_source(step, name: str, anchor, cte, ctx: BindContext):
    clause = from_clause(step) if isinstance(step, exp.Select) else None
    joins = arg(step, "joins") if clause is not None else None
    table = clause.this if clause is not None else None
    source = anchor.first.table
    if (
        not isinstance(table, exp.Table) or table.name != source.collection
        or (table.db or ctx.database) != source.database or not joins or len(joins) != 1
        or not isinstance(joins[0].this, exp.Table) or joins[0].this.name != name
        or joins[0].args.get("side") or step.args.get("group") or step.args.get("distinct")
    ):
        raise _unsupported(cte, ctx, "the second SELECT must join the same collection to the CTE")
    return table, joins[0]


def _link(join: exp.Join, alias: str, columns: dict, cte, ctx: BindContext):
    condition = join.args.get("on")
    recursive_alias = join.this.alias_or_name
    if not isinstance(condition, exp.EQ):
        raise _unsupported(cte, ctx, "the join must be one equality")
    sides = {}
    for side in (condition.this, condition.expression):
        if isinstance(side, exp.Column) and side.table in (alias, recursive_alias):
            sides[side.table] = side
    if set(sides) != {alias, recursive_alias} or sides[recursive_alias].name not in columns:
        raise _unsupported(cte, ctx, "the join must compare a column of the collection with a CTE column")
    return (sides[alias].name,), columns[sides[recursive_alias].name]


def _check_step_items(step, alias: str, anchor, cte, ctx: BindContext) -> None:
    paths = [item.node.path for item in anchor.items]
    items = step.expressions
    plain = [i.this if isinstance(i, exp.Alias) else i for i in items]
    if len(plain) != len(paths) or any(
        not isinstance(p, exp.Column) or p.table not in ("", alias) or (p.name,) != path
        for p, path in zip(plain, paths)
    ):
        raise _unsupported(cte, ctx, "the second SELECT must list the same columns of the collection")


def _restriction(where: exp.Expression, alias: str, anchor, ctx: BindContext) -> exp.Expression:
    from .bind import bind_expression
    from .scope import Scope, TableScope

    source = anchor.first.table
    scope = Scope(tables=[TableScope(alias, source.database, source.collection, source.field_types)])
    return bind_expression(where.copy(), scope, ctx)
