"""The order of inner joins: which table drives the pipeline and which $lookup follows which.

With a live catalog (collection sizes, distinct counts estimated from the sampled documents)
a small cost model decides, as a planner would: for each candidate driver, the left-deep order
whose rows entering $lookup stages (plus the driver's scan) cost least, found by dynamic
programming over sets of joined tables; the cheapest plan wins. That starts TPC-H Q2 from the few
matching parts instead of fanning out from one region to every supplier's offers.
Offline (no sizes) a rule decides: a derived table or CTE first, else the smallest table with
conditions of its own, each next table linked by an equality to those before it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlglot import exp

from ..sql.bind import FieldRef, SubqueryExpr
from ..sql.nodes import is_negated
from .rewrites import tables_of

LOOKUP_WEIGHT = 20.0  # a row through a $lookup costs about as much as scanning this many documents
FETCH_WEIGHT = 5.0  # and each document it brings in (before the lookup's other conditions)
_RANGE, _BETWEEN, _PATTERN, _NULL, _OTHER = 1 / 3, 1 / 4, 1 / 4, 1 / 10, 1 / 3


def plan_inner_joins(first, joins: list, where: list[exp.Expression], uncorrelated=None, hint=None, share=None):
    """(driver, joins in order) for a FROM clause whose joins are all inner or cross.
    `share(item, conditions)` estimates the share of an item's rows that pass its own
    conditions (from sampled documents), or None."""
    items = [first, *(j.item for j in joins)]
    if all(_measurable(i) for i in items):
        model = _CostModel(items, where, uncorrelated, share or (lambda item, conditions: None))
        drivers = [i for i in items if i.table.alias == hint] or items
        plans = [model.plan(driver) for driver in drivers]
        best = min(plans, key=lambda plan: plan[0])
        driver, order = best[1], best[2]
    else:
        driver = _rule_driver(items, where, uncorrelated, hint)
        order = _rule_order(driver, [i for i in items if i is not driver], where, uncorrelated)
    by_item = {id(j.item): j for j in joins}
    moved = type(joins[0])("cross", first, None, joins[0].source)
    by_item[id(first)] = moved
    return driver, [by_item[id(item)] for item in order]


def _measurable(item) -> bool:
    table = item.table
    return item.query is None and table.estimated_rows is not None and table.field_types is not None


@dataclass
class _Link:
    """`left.left_path = right.right_path` in WHERE or ON."""

    left: str
    left_path: str
    right: str
    right_path: str


class _CostModel:
    def __init__(self, items, where, uncorrelated, share) -> None:
        self.items = items
        self.tables = {i.table.alias: i.table for i in items}
        self.links = [link for c in where if (link := _link(c)) is not None]
        self.classes = _equivalence_classes(self.links)
        self._row_cache: dict = {}
        self.as_driver, self.as_joined = {}, {}
        for item in items:
            alias = item.table.alias
            own = [c for c in where if tables_of(c, uncorrelated) == {alias}]
            plain = [c for c in own if not c.find(SubqueryExpr) and _local(c)]
            rest = [c for c in own if not any(c is p for p in plain)]
            rows = float(max(item.table.estimated_rows, 1))
            sampled = share(item, plain) if plain else 1.0
            if sampled is None:
                sampled = self._guess(alias, plain)
            # a condition with a subquery filters a joined table only after every join
            self.as_joined[alias] = rows * sampled * self._guess(alias, [c for c in rest if not c.find(SubqueryExpr)])
            self.as_driver[alias] = rows * sampled * self._guess(alias, rest)

    def _guess(self, alias: str, conditions) -> float:
        return math.prod(_selectivity(c, lambda path: self.distinct(alias, path)) for c in conditions)

    def distinct(self, alias: str, path: str) -> float:
        table = self.tables[alias]
        rows = max(table.estimated_rows, 1)
        estimate = table.field_types.distinct_estimate(path, rows)
        return max(estimate or rows, 1.0)

    def plan(self, driver):
        """(cost, driver, other items in join order): the cheapest left-deep order from
        `driver`, by dynamic programming over the sets of tables joined so far (each set's
        row estimate does not depend on the order that built it). Each step joins a table
        linked to the set by an equality when there is one."""
        aliases = {i.table.alias: i for i in self.items}
        start = frozenset([driver.table.alias])
        best = {start: (float(max(driver.table.estimated_rows, 1)), ())}
        for _ in range(len(self.items) - 1):
            grown: dict = {}
            for joined, (cost, order) in best.items():
                rest = [a for a in aliases if a not in joined]
                linked = [a for a in rest if self._linked(joined, a)]
                rows = self._rows(joined, driver.table.alias)
                for alias in linked or rest:
                    key = joined | {alias}
                    step = cost + LOOKUP_WEIGHT * rows + FETCH_WEIGHT * self._fetched(joined, alias, rows)
                    if key not in grown or step < grown[key][0]:
                        grown[key] = (step, (*order, alias))
            best = grown
        cost, order = next(iter(best.values()))
        return cost, driver, [aliases[a] for a in order]

    def _fetched(self, joined, alias: str, rows: float) -> float:
        """Documents the $lookup of `alias` reads: those matching its key (the most selective
        equality), before any other condition filters them."""
        divisor = 1.0
        for members in self.classes:
            mine = [(a, p) for a, p in members if a == alias]
            before = [(a, p) for a, p in members if a in joined]
            if mine and before:
                divisor = max(divisor, max(self.distinct(a, p) for a, p in mine + before))
        return rows * self.as_joined[alias] / divisor

    def _linked(self, joined, alias: str) -> bool:
        """Whether an equality links `alias` to the joined tables, also one implied by
        others (a = b AND b = c links a and c): implied_equalities adds it to the query."""
        return any(
            any(a == alias for a, _ in members) and any(a in joined for a, _ in members) for members in self.classes
        )

    def _rows(self, joined: frozenset, driver: str) -> float:
        """Estimated rows of the joined tables: their filtered rows, times 1 / (largest
        distinct count) for each equality that links another member of a class of columns
        known equal (so `c.nation = n.key AND s.nation = n.key` counts c = s once)."""
        key = (joined, driver)
        if key not in self._row_cache:
            rows = math.prod(self.as_driver[a] if a == driver else self.as_joined[a] for a in joined)
            for members in self.classes:
                present = [(a, p) for a, p in members if a in joined]
                tables = {a for a, _ in present}
                if len(tables) > 1:
                    rows /= max(self.distinct(a, p) for a, p in present) ** (len(tables) - 1)
            self._row_cache[key] = rows
        return self._row_cache[key]


def implied_equalities(order: list[str], where: list[exp.Expression]) -> list[exp.Expression]:
    """Equalities implied by the others that a table needs to be joined in `order`: when
    a = b and b = c are written and c joins right after a, `c = a` makes its $lookup key
    (true whenever the written ones are, so no row changes)."""
    refs = {}
    for condition in where:
        if _link(condition) is not None:
            for side in (condition.this, condition.expression):
                refs[(side.table, ".".join(side.path))] = side
    classes = _equivalence_classes([link for c in where if (link := _link(c)) is not None])
    added, seen = [], {order[0]}
    for alias in order[1:]:
        for members in classes:
            mine = sorted(m for m in members if m[0] == alias)
            before = sorted(m for m in members if m[0] in seen)
            written = any(
                (link := _link(c)) is not None and {(link.left, link.left_path), (link.right, link.right_path)} & set(mine)
                and {link.left, link.right} - {alias} <= seen and alias in (link.left, link.right)
                for c in where
            )
            if mine and before and not written:
                added.append(exp.EQ(this=refs[mine[0]].copy(), expression=refs[before[0]].copy()))
        seen.add(alias)
    return added


def equal_columns(where: list[exp.Expression], tables: set[str]) -> list[set]:
    """Classes of (table, path) columns that the equalities among `tables` make equal."""
    links = [link for c in where if (link := _link(c)) is not None and {link.left, link.right} <= tables]
    return _equivalence_classes(links)


def _equivalence_classes(links: list[_Link]) -> list[set]:
    """Columns made equal by the equalities, grouped (a = b and b = c: one class)."""
    classes: list[set] = []
    for link in links:
        pair = {(link.left, link.left_path), (link.right, link.right_path)}
        touching = [c for c in classes if c & pair]
        merged = set().union(pair, *touching)
        classes = [c for c in classes if not any(c is t for t in touching)] + [merged]
    return classes


def _local(condition) -> bool:
    """Whether a condition reads only this query level (no column of an enclosing query)."""
    return all(ref.level == 0 for ref in condition.find_all(FieldRef))


def _link(condition) -> _Link | None:
    if not isinstance(condition, exp.EQ):
        return None
    sides = [condition.this, condition.expression]
    if all(isinstance(s, FieldRef) and s.level == 0 for s in sides) and sides[0].table != sides[1].table:
        left, right = sides
        return _Link(left.table, ".".join(left.path), right.table, ".".join(right.path))
    return None


def _selectivity(node: exp.Expression, distinct) -> float:
    """The share of a table's rows a condition on that table alone keeps (textbook guesses,
    with 1 / distinct values for equality)."""
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.And):
        return _selectivity(node.this, distinct) * _selectivity(node.expression, distinct)
    if isinstance(node, exp.Or):
        return min(1.0, sum(_selectivity(part, distinct) for part in node.flatten()))
    if isinstance(node, exp.Not):
        return max(0.05, 1.0 - _selectivity(node.this, distinct))
    guess = _positive_selectivity(node, distinct)
    return max(0.05, 1.0 - guess) if is_negated(node) else guess


def _positive_selectivity(node: exp.Expression, distinct) -> float:
    fields = [f for f in node.find_all(FieldRef) if f.level == 0]
    if isinstance(node, exp.EQ) and fields:
        return 1.0 / distinct(".".join(fields[0].path))
    if isinstance(node, exp.In) and fields and node.expressions:
        return min(1.0, len(node.expressions) / distinct(".".join(fields[0].path)))
    if isinstance(node, (exp.GT, exp.GTE, exp.LT, exp.LTE)):
        return _RANGE
    if isinstance(node, exp.Between):
        return _BETWEEN
    if isinstance(node, (exp.Like, exp.ILike, exp.Escape)):
        return _PATTERN
    if isinstance(node, exp.Is):
        return _NULL
    return _OTHER


def _rule_driver(items, where, uncorrelated, hint):
    """Offline: a derived table or CTE (it then runs once, not once per row), else the
    smallest table with conditions of its own, else the first FROM item."""
    hinted = [i for i in items if i.table.alias == hint]
    derived = [i for i in items if i.query is not None]
    if hinted or derived:
        return (hinted or derived)[0]
    filtered = [i for i in items if _has_own_condition(i, where, uncorrelated)]
    sized = [i for i in filtered if i.table.estimated_rows is not None]
    return min(sized, key=lambda i: i.table.estimated_rows) if sized else (filtered or items)[0]


def _rule_order(driver, items, where, uncorrelated) -> list:
    """Each next table linked by an equality to the ones before it, preferring tables with
    conditions of their own (they shrink the rows early)."""
    remaining, ordered, seen = list(items), [], {driver.table.alias}
    while remaining:
        linked = [i for i in remaining if _linked(i.table.alias, seen, where)]
        candidates = linked or remaining
        filtered = [i for i in candidates if _has_own_condition(i, where, uncorrelated)]
        sized = [i for i in filtered if i.table.estimated_rows is not None]
        chosen = min(sized, key=lambda i: i.table.estimated_rows) if sized else (filtered or candidates)[0]
        remaining.remove(chosen)
        ordered.append(chosen)
        seen.add(chosen.table.alias)
    return ordered


def _has_own_condition(item, where, uncorrelated) -> bool:
    return any(tables_of(c, uncorrelated) == {item.table.alias} for c in where)


def _linked(alias: str, seen: set[str], where) -> bool:
    for condition in where:
        link = _link(condition)
        if link and {link.left, link.right} - {alias} <= seen and alias in (link.left, link.right):
            return True
    return False
