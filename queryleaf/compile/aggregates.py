"""Aggregate functions with PostgreSQL's NULL rules (trap 4), as $group accumulators.

Each SQL aggregate becomes one or two accumulators plus a `final` expression evaluated after
the $group: SUM over no non-NULL input is NULL (not 0), COUNT(col) and COUNT(DISTINCT col)
skip NULL, STRING_AGG and ARRAY_AGG of nothing are NULL. An ORDER BY inside the call sorts
that aggregate's own values ($sortArray), so several aggregates may order differently.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from .mql import operand
from .nulls import is_null, not_null
from .predicates import Truth
from .types import INTEGER_TYPES, Typed

_EMPTY_GROUP_VALUE = {"$sum": 0, "$avg": None, "$min": None, "$max": None, "$push": [], "$addToSet": []}


@dataclass
class Aggregate:
    """Accumulators for $group, and the expression that yields the SQL value afterwards."""

    accumulators: dict
    final: object
    type: str
    nullable: bool
    null_when_empty: bool = False  # ARRAY_AGG / STRING_AGG over no rows are NULL, not []

    def empty_input_values(self) -> dict:
        """What each accumulator yields over no documents, for aggregates without GROUP BY."""
        if self.null_when_empty:
            return {name: None for name in self.accumulators}
        return {name: _EMPTY_GROUP_VALUE[next(iter(acc))] for name, acc in self.accumulators.items()}


def compile_aggregate(c, node: exp.Expression, name: str) -> Aggregate:
    condition = None
    if isinstance(node, exp.Filter):
        condition = node.expression.this
        node = node.this
    value = _Input(c, node, condition)
    if value.value is not None and value.value.type == "interval" and not isinstance(node, (exp.Count, exp.ArrayAgg)):
        raise c.ctx.unsupported(node, f"{type(node).__name__.upper()} of an interval",
                                hint="Aggregate EXTRACT(EPOCH FROM ...) seconds instead.")
    return _RULES[type(node)](c, node, name, value)


class _Input:
    """The aggregated value of a call: DISTINCT, ORDER BY, and FILTER (WHERE ...) folded in
    as NULL for filtered rows."""

    def __init__(self, c, call: exp.Expression, condition) -> None:
        self.c = c
        self.call = call
        self.condition = Truth(c).is_true(condition) if condition is not None else None
        inner = call.this
        self.order = list(inner.expressions) if isinstance(inner, exp.Order) else []
        inner = inner.this if isinstance(inner, exp.Order) else inner
        self.distinct = isinstance(inner, exp.Distinct)
        target = inner.expressions[0] if self.distinct else inner
        self.star = isinstance(target, exp.Star)
        self.value = None if self.star else c.compile(target)
        if self.distinct and any(o.this != target for o in self.order):
            raise c.ctx.unresolved(
                self.order[0], "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list"
            )

    def mql(self):
        value = operand(self.value)
        if self.condition is None:
            return value
        return {"$cond": [self.condition, value, None]}

    def presence(self):
        """1 for a row whose value is not NULL (and passes FILTER), else 0."""
        if self.star:
            return 1 if self.condition is None else {"$cond": [self.condition, 1, 0]}
        if not self.value.nullable and self.condition is None:
            return 1
        return {"$cond": [not_null(self.mql()), 1, 0]}

    def collected(self, name: str):
        """(accumulator, expression of the collected values in order) for ARRAY_AGG and
        STRING_AGG; NULL values are kept (ARRAY_AGG includes them)."""
        value = {"$ifNull": [self.mql(), None]}
        if self.distinct:
            return {"$addToSet": value}, _sorted_set("$" + name, self.order)
        if not self.order:
            return {"$push": value}, "$" + name
        entry, sort_by = {"v": value}, {}
        for index, ordered in enumerate(self.order):
            key = operand(self.c.compile(ordered.this))
            entry[f"n{index}"], entry[f"k{index}"] = is_null(key), key
            sort_by[f"n{index}"] = -1 if ordered.args.get("nulls_first") else 1
            sort_by[f"k{index}"] = -1 if ordered.args.get("desc") else 1
        values = {"$map": {"input": {"$sortArray": {"input": "$" + name, "sortBy": sort_by}}, "in": "$$this.v"}}
        return {"$push": entry}, values


def _sorted_set(values, order: list):
    """Distinct values sorted by themselves, NULL placed as PostgreSQL places it."""
    if not order:
        return values
    ordered = order[0]
    non_null = {"$filter": {"input": values, "cond": {"$ne": ["$$this", None]}}}
    sorted_values = {"$sortArray": {"input": non_null, "sortBy": -1 if ordered.args.get("desc") else 1}}
    null = {"$cond": [{"$in": [None, {"$ifNull": [values, []]}]}, [None], []]}
    parts = [null, sorted_values] if ordered.args.get("nulls_first") else [sorted_values, null]
    return {"$concatArrays": parts}


def _non_null(values) -> dict:
    return {"$filter": {"input": values, "cond": {"$ne": ["$$this", None]}}}


def _count(c, node, name, value: _Input) -> Aggregate:
    if value.distinct:
        return Aggregate({name: {"$addToSet": value.mql()}}, {"$size": _non_null("$" + name)}, "bigint", False)
    return Aggregate({name: {"$sum": value.presence()}}, "$" + name, "bigint", False)


def _sum(c, node, name, value: _Input) -> Aggregate:
    kind = "bigint" if value.value.type in INTEGER_TYPES else value.value.type
    if value.distinct:
        values = _non_null("$" + name)
        final = {"$cond": [{"$gt": [{"$size": values}, 0]}, {"$sum": values}, None]}
        return Aggregate({name: {"$addToSet": value.mql()}}, final, kind, True)
    present = name + "_n"
    if not value.value.nullable and value.condition is None:
        final = {"$cond": [{"$gt": ["$" + present, 0]}, "$" + name, None]}
        return Aggregate({name: {"$sum": value.mql()}, present: {"$sum": 1}}, final, kind, True)
    # $sum of no values is 0, SQL's is NULL; $min skips NULLs and is NULL only when all are
    final = {"$cond": [is_null("$" + present), None, "$" + name]}
    return Aggregate({name: {"$sum": value.mql()}, present: {"$min": value.mql()}}, final, kind, True)


def _simple(operator: str, type_of=lambda t: t):
    def rule(c, node, name, value: _Input) -> Aggregate:
        kind = type_of(value.value.type)
        if value.distinct and operator == "$avg":
            return Aggregate({name: {"$addToSet": value.mql()}}, {"$avg": "$" + name}, kind, True)
        return Aggregate({name: {operator: value.mql()}}, "$" + name, kind, True)

    return rule


def _array_agg(c, node, name, value: _Input) -> Aggregate:
    if value.condition is not None:
        raise c.ctx.unsupported(node, "ARRAY_AGG with FILTER")
    accumulator, values = value.collected(name)
    return Aggregate({name: accumulator}, values, "array", True, null_when_empty=True)


def _string_agg(c, node, name, value: _Input) -> Aggregate:
    from .casts import as_text

    separator = c.compile(node.args["separator"]) if node.args.get("separator") else None
    if separator is None or not separator.constant:
        raise c.ctx.unsupported(node, "STRING_AGG without a constant separator")
    value.value = Typed(as_text(value.value), "text", value.value.nullable)
    accumulator, values = value.collected(name)
    joined = {
        "$reduce": {
            "input": _non_null(values),
            "initialValue": None,
            "in": {"$cond": [{"$eq": ["$$value", None]}, "$$this", {"$concat": ["$$value", operand(separator), "$$this"]}]},
        }
    }
    return Aggregate({name: accumulator}, joined, "text", True, null_when_empty=True)


_RULES = {
    exp.Count: _count,
    exp.Sum: _sum,
    exp.Avg: _simple("$avg", lambda t: "double" if t in INTEGER_TYPES | {"double", "unknown"} else t),
    exp.Min: _simple("$min"),
    exp.Max: _simple("$max"),
    exp.LogicalAnd: _simple("$min", lambda t: "bool"),
    exp.LogicalOr: _simple("$max", lambda t: "bool"),
    exp.ArrayAgg: _array_agg,
    exp.GroupConcat: _string_agg,
}
