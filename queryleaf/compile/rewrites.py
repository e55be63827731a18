"""Rewrites of WHERE and join order, each a plain function over bound conditions.

Applied by FromCompiler in this order: factor_common_conjuncts (so a join key repeated in
every branch of an OR becomes a join key), infer_table_disjunctions (so each table's share of
an OR filters it before the joins that follow); join_order then picks the order of inner joins.
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
