"""`x IN (SELECT y ...)` in WHERE as a join with the subquery's distinct values.

For a top-level conjunct whose subquery reads nothing of the outer query, the rows kept are
those whose x equals one of the subquery's values: the same rows as an inner join with
`SELECT DISTINCT y ...` on x = y (a NULL on either side matches nothing in both forms, and
DISTINCT keeps a row from being repeated). As a derived table the subquery's rows then drive
the pipeline and each reaches the outer table by an index-friendly $lookup, instead of every
outer row testing $in against the whole value list (TPC-H Q18 and Q20 start from the few
orders and parts their subqueries find).
"""

from __future__ import annotations

from dataclasses import replace

from sqlglot import exp

from ..sql.bind import FieldRef, SubqueryExpr
from ..sql.bound import BoundSelect
from ..sql.from_items import FromItem, Join
from ..sql.scope import ColumnInfo, TableScope


def semi_joins_as_joins(compiler, first, joins: list, where: list) -> tuple[list, list]:
    """(joins, where) with each convertible IN conjunct turned into an inner join."""
    aliases = {first.table.alias, *(j.item.table.alias for j in joins)}
    kept, added = [], []
    for condition in where:
        derived = _derived_values(compiler, condition, aliases)
        if derived is None:
            kept.append(condition)
            continue
        item, key = derived
        added.append(Join("cross", item, None, condition))
        kept.append(exp.EQ(this=condition.args["operand"].copy(), expression=key))
    return joins + added, kept


def _derived_values(compiler, condition, aliases: set[str]):
    if not isinstance(condition, SubqueryExpr) or condition.args["kind"] != "in":
        return None
    operand = condition.args.get("operand")
    if not isinstance(operand, FieldRef) or operand.level != 0 or operand.table not in aliases:
        return None
    query = compiler.sc.ctx.subqueries[condition.args["index"]]
    if not _plain_select(query, compiler.sc.ctx.database) or not compiler.uncorrelated(condition):
        return None
    item = query.items[0]
    alias = f"__in{compiler.sc.ctx.next_name()}"
    scope = TableScope(alias, compiler.sc.ctx.database, columns={item.name: ColumnInfo(item.field)})
    distinct = query if _already_distinct(query) else replace(query, distinct=True)
    return FromItem(scope, distinct), FieldRef(table=alias, path=(item.field,))


def _already_distinct(query) -> bool:
    """SELECT DISTINCT, or the one GROUP BY key selected alone: no value repeats."""
    group = query.group or []
    return query.distinct or (len(group) == 1 and query.items[0].node == group[0])


def _plain_select(query, database: str) -> bool:
    """One output column of a SELECT on this database, without LIMIT (DISTINCT before a
    LIMIT would change which values are kept)."""
    return (
        isinstance(query, BoundSelect)
        and len(query.items) == 1
        and not query.star
        and query.limit is None
        and query.offset is None
        and query.first is not None
        and query.first.query is None
        and query.first.table.database == database
        and all(j.item.table.database == database for j in query.joins)
    )
