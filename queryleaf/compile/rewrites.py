"""Rewrites of WHERE and join order, each a plain function over bound conditions.

Applied by FromCompiler in this order: factor_common_conjuncts (so a join key repeated in
every branch of an OR becomes a join key), infer_table_disjunctions (so each table's share of
an OR filters it before the joins that follow), order_inner_joins (so every joined table is
linked to the ones before it, avoiding cross products).
"""

from __future__ import annotations

from sqlglot import exp

from ..sql.bind import FieldRef, SubqueryExpr


def conjuncts(node: exp.Expression | None) -> list[exp.Expression]:
    if node is None:
        return []
    while isinstance(node, exp.Paren):
        node = node.this
    return list(node.flatten()) if isinstance(node, exp.And) else [node]


def factor_common_conjuncts(node: exp.Expression) -> list[exp.Expression]:
    """`(A AND B) OR (A AND C)` -> `A`, `B OR C` (distributivity holds in three-valued logic),
    so that a join key repeated in every branch of an OR can still drive the $lookup."""
    while isinstance(node, exp.Paren):
        node = node.this
    if not isinstance(node, exp.Or):
        return [node]
    branches = [conjuncts(b) for b in node.flatten()]
    common = [c for c in branches[0] if all(any(c == x for x in b) for b in branches[1:])]
    if not common:
        return [node]
    rests = [[x for x in b if not any(x == c for c in common)] for b in branches]
    if any(not r for r in rests):
        return common  # A OR (A AND B) is A
    alternatives = [and_all(r) for r in rests]
    either = alternatives[0]
    for alternative in alternatives[1:]:
        either = exp.Or(this=either, expression=alternative)
    return [*common, exp.Paren(this=either)]


def and_all(parts: list[exp.Expression]) -> exp.Expression:
    result = parts[0]
    for part in parts[1:]:
        result = exp.And(this=result, expression=part)
    return result



def tables_of(node: exp.Expression, uncorrelated=None) -> set[str] | None:
    """The tables of this query level a condition reads; None when it holds a subquery
    (unless `uncorrelated(subquery)` says it reads nothing of this query)."""
    tables = set()
    for inner in node.walk():
        if isinstance(inner, SubqueryExpr) and not (uncorrelated and uncorrelated(inner)):
            return None
        if isinstance(inner, FieldRef) and inner.level == 0:
            tables.add(inner.table)
    return tables


def infer_table_disjunctions(where: list[exp.Expression], inner_tables: set[str]) -> list[exp.Expression]:
    """For `(a.x = 1 AND b.y = 2) OR (a.x = 3 AND b.y = 4)`, add the implied `a.x = 1 OR
    a.x = 3` (and the same for b): whenever the OR is true one branch is, so the implied
    condition is too, and it can filter `a` alone early. Only for tables that no outer join
    NULL-extends."""
    implied = []
    for condition in where:
        node = condition
        while isinstance(node, exp.Paren):
            node = node.this
        if not isinstance(node, exp.Or):
            continue
        branches = [conjuncts(b) for b in node.flatten()]
        for table in sorted(inner_tables):
            shares = [[c for c in b if tables_of(c) == {table}] for b in branches]
            if all(shares) and len(tables_of(node) or ()) > 1:
                either = and_all(shares[0])
                for share in shares[1:]:
                    either = exp.Or(this=either, expression=and_all(share))
                implied.append(exp.Paren(this=either))
    return where + implied


def choose_driver(first, joins: list, where: list[exp.Expression], uncorrelated=None, hint=None):
    """The table an inner-join query starts from: a derived table or CTE if there is one (it
    then runs once, not once per row), else the smallest table with conditions of its own
    (it shrinks the rows before any $lookup), else the first FROM item."""
    items = [first, *(j.item for j in joins)]
    derived = [i for i in items if i.query is not None]
    hinted = [i for i in items if i.table.alias == hint]
    if hinted:
        chosen = hinted[0]
    elif derived:
        chosen = derived[0]
    else:
        filtered = [i for i in items if any(tables_of(c, uncorrelated) == {i.table.alias} for c in where)]
        sized = [i for i in filtered if i.table.estimated_rows is not None]
        chosen = min(sized, key=lambda i: i.table.estimated_rows) if sized else (filtered or items)[0]
    if chosen is first:
        return first, joins
    rest = [j for j in joins if j.item is not chosen]
    moved = type(joins[0])("cross", first, None, joins[0].source)
    return chosen, [moved, *rest]


def order_inner_joins(first_alias: str, joins: list, where: list[exp.Expression], uncorrelated=None) -> list:
    """Inner and cross joins in an order where each table is linked by an equality to the
    tables before it, preferring tables with conditions of their own (they shrink the rows
    early); the result does not depend on the order of inner joins."""
    remaining, ordered, seen = list(joins), [], {first_alias}
    while remaining:
        linked = [j for j in remaining if _linked(j, seen, where)]
        candidates = linked or remaining
        filtered = [j for j in candidates if any(tables_of(c, uncorrelated) == {j.item.table.alias} for c in where)]
        sized = [j for j in filtered if j.item.table.estimated_rows is not None]
        chosen = min(sized, key=lambda j: j.item.table.estimated_rows) if sized else (filtered or candidates)[0]
        remaining.remove(chosen)
        ordered.append(chosen)
        seen.add(chosen.item.table.alias)
    return ordered


def _linked(join, seen: set[str], where) -> bool:
    alias = join.item.table.alias
    for condition in conjuncts(join.condition) + where:
        if isinstance(condition, exp.EQ):
            sides = [condition.this, condition.expression]
            refs = [s for s in sides if isinstance(s, FieldRef) and s.level == 0]
            tables = {r.table for r in refs}
            if len(refs) == 2 and alias in tables and (tables - {alias}) <= seen and len(tables) == 2:
                return True
    return False
