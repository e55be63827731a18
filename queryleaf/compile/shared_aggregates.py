"""`(SELECT MAX(c) FROM cte)` in WHERE, when the query reads that same CTE or derived table:
a window over the rows already at hand instead of computing the table a second time.

TPC-H Q15 is the classic case: `FROM revenue WHERE total_revenue = (SELECT MAX(total_revenue)
FROM revenue)`. The driving table's pipeline gains a $setWindowFields over all its rows (before
any condition filters them), and the subquery becomes that field. Only MAX, MIN and AVG, whose
value over no non-NULL input is NULL in both forms, and only a subquery that is exactly the
table: no WHERE, GROUP BY, joins or LIMIT of its own.
"""

from __future__ import annotations

from sqlglot import exp

from ..sql.bind import FieldRef, SubqueryExpr
from ..sql.bound import BoundSelect

_OPERATORS = {exp.Max: "$max", exp.Min: "$min", exp.Avg: "$avg"}


def windowed_subqueries(compiler, first, where: list) -> tuple[list, dict]:
    """(where with such subqueries replaced by fields of `first`, the window outputs to add)."""
    if not isinstance(first.query, BoundSelect):
        return where, {}
    outputs: dict = {}

    def replace(node):
        if not isinstance(node, SubqueryExpr) or node.args["kind"] != "scalar":
            return node
        window = _window(compiler.sc.ctx.subqueries[node.args["index"]], first)
        if window is None or not compiler.uncorrelated(node):
            return node
        field = f"__w{compiler.sc.ctx.next_name()}"
        outputs[field] = window
        return FieldRef(table=first.table.alias, path=(field,))

    rewritten = []
    for condition in where:  # conditions without such a subquery stay the same objects
        changed = condition.transform(replace) if condition.find(SubqueryExpr) else condition
        rewritten.append(changed if outputs else condition)
    return rewritten, outputs


def _window(query, first):
    """The $setWindowFields output computing the subquery over `first`'s rows, or None."""
    if not (isinstance(query, BoundSelect) and query.first is not None and not query.joins
            and query.where is None and query.group is None and query.having is None
            and query.limit is None and query.offset is None and len(query.items) == 1):
        return None
    source = query.first
    if not isinstance(source.query, BoundSelect) or source.query.select != first.query.select:
        return None
    aggregate = query.items[0].node
    operator = _OPERATORS.get(type(aggregate))
    argument = aggregate.this if operator else None
    if not (isinstance(argument, FieldRef) and argument.table == source.table.alias and argument.level == 0):
        return None
    fields = {c.field for c in (source.table.columns or {}).values()}
    if len(argument.path) != 1 or argument.path[0] not in fields:
        return None
    return {operator: "$" + argument.path[0], "window": {"documents": ["unbounded", "unbounded"]}}
