"""SQL conditions -> query-language filters for $match (trap 2), so that indexes are used.

A condition becomes a plain filter only where the query language means exactly the same:
a document field (not crossing an array in the sample, since `{a.b: 1}` matches any array
element) against a constant. Anything else, in any branch, falls back to `$expr` with the
three-valued rules of predicates.py. NULL handling mirrors trap 1: `x <> 5` must not match
NULL or missing, so it becomes `{x: {$nin: [5, null]}}`.
"""

from __future__ import annotations

import datetime as dt

from bson import Decimal128, Int64, ObjectId, Timestamp
from sqlglot import exp

from ..sql.bind import FieldRef, SubqueryExpr
from ..sql.nodes import is_negated
from . import bsontime
from .predicates import COMPARISONS, Truth, comparable, like_regex, regex_options
from .types import Typed, constant

MATCH_NOTHING = {"$expr": False}
_QUERY_VALUE_TYPES = (bool, int, float, str, dt.datetime, ObjectId, Decimal128, Int64)
_FLIPPED = {exp.GT: exp.LT, exp.GTE: exp.LTE, exp.LT: exp.GT, exp.LTE: exp.GTE, exp.EQ: exp.EQ, exp.NEQ: exp.NEQ}
_QUERY_OPERATORS = {exp.EQ: "$eq", exp.NEQ: "$ne", exp.GT: "$gt", exp.GTE: "$gte", exp.LT: "$lt", exp.LTE: "$lte"}
_NEGATED = {exp.EQ: exp.NEQ, exp.NEQ: exp.EQ, exp.GT: exp.LTE, exp.GTE: exp.LT, exp.LT: exp.GTE, exp.LTE: exp.GT}


class FilterBuilder:
    """Builds the $match document for a WHERE condition."""

    def __init__(self, compiler) -> None:
        self.c = compiler
        self.truth = Truth(compiler)

    def match(self, node: exp.Expression) -> dict:
        parts = [self.filter(n) for n in node.flatten()] if isinstance(node, exp.And) else [self.filter(node)]
        return _conjunction(parts)

    def filter(self, node: exp.Expression, negated: bool = False) -> dict:
        rule = _RULES.get(type(node))
        if rule is None and type(node) in COMPARISONS:
            rule = FilterBuilder._comparison
        result = rule(self, node, negated != is_negated(node)) if rule else None
        return result if result is not None else self._expr(node, negated)

    def _expr(self, node, negated: bool) -> dict:
        """The $expr fallback; Truth applies the node's own NOT (is_negated) itself."""
        condition = self.truth.is_false(node) if negated else self.truth.is_true(node)
        if condition is True:
            return {}
        return MATCH_NOTHING if condition is False else {"$expr": condition}

    def _paren(self, node, negated):
        return self.filter(node.this, negated)

    def _not(self, node, negated):
        return self.filter(node.this, not negated)

    def _and(self, node, negated):
        parts = [self.filter(n, negated) for n in node.flatten()]
        return _disjunction(parts) if negated else _conjunction(parts)

    def _or(self, node, negated):
        parts = [self.filter(n, negated) for n in node.flatten()]
        return _conjunction(parts) if negated else _disjunction(parts)

    def _field_and_value(self, left_node, right_node) -> tuple[str, object] | None:
        """(dotted path, constant) when the condition is a plain field against a constant."""
        if not isinstance(left_node, FieldRef) or self._path(left_node) is None:
            return None
        left, right = comparable(self.c, left_node, right_node)
        if not right.constant or not _query_value(right):
            return None
        return self._path(left_node), right.mql

    def _comparison(self, node, negated):
        kind, left, right = type(node), node.this, node.expression
        if not isinstance(left, FieldRef) and isinstance(right, FieldRef):
            kind, left, right = _FLIPPED[kind], right, left
        pair = self._field_and_value(left, right)
        if pair is None:
            return None
        path, value = pair
        kind = _NEGATED[kind] if negated else kind
        subject = self.c.compile(left)
        if subject.type == bsontime.TYPE and not isinstance(value, Timestamp):  # a BSON Timestamp vs a time
            bound = bsontime.bounded(kind, subject, constant(value))
            if bound is None:
                return None  # = and <>: compared by its time, as an expression
            kind, value = bound[0], bound[2].mql
        if kind is exp.EQ:
            return {path: value}
        if kind is exp.NEQ:
            return {path: {"$nin": [value, None]}}
        return {path: {_QUERY_OPERATORS[kind]: value}}

    def _is(self, node, negated):
        if not isinstance(node.expression, exp.Null) or not isinstance(node.this, FieldRef):
            return None
        path = self._path(node.this)
        if path is None:
            return None
        return {path: {"$ne": None}} if negated else {path: None}

    def _distinct(self, node, negated):
        """IS [NOT] DISTINCT FROM a constant: NULL-safe, so missing fields are handled by
        the query language's own null rule."""
        pair = self._field_and_value(node.this, node.expression)
        if pair is None:
            return None
        path, value = pair
        same = isinstance(node, exp.NullSafeEQ) != negated
        return {path: value} if same else {path: {"$ne": value}}

    def _in(self, node, negated):
        if not isinstance(node.this, FieldRef) or self._path(node.this) is None:
            return None
        values = []
        for item in node.expressions:
            pair = self._field_and_value(node.this, item)
            value_is_null = pair is None and _is_null_literal(self.c, node.this, item)
            if pair is None and not value_is_null:
                return None
            values.append(None if value_is_null else pair[1])
        path = self._path(node.this)
        known = [v for v in values if v is not None]
        if negated:
            return MATCH_NOTHING if len(known) < len(values) else {path: {"$nin": known + [None]}}
        return {path: {"$in": known}} if known else MATCH_NOTHING

    def _between(self, node, negated):
        if node.args.get("symmetric"):
            return None
        low = exp.GTE(this=node.this.copy(), expression=node.args["low"].copy())
        high = exp.LTE(this=node.this.copy(), expression=node.args["high"].copy())
        return self.filter(exp.And(this=low, expression=high), negated)

    def _like(self, node, negated):
        subject, regex, options = like_regex(self.c, node)
        return self._regex_filter(subject, regex, options, negated)

    def _regexp(self, node, negated):
        pattern = self.c.compile(node.expression)
        if not pattern.constant or not isinstance(pattern.mql, str):
            return None
        return self._regex_filter(node.this, pattern.mql, regex_options(node), negated)

    def _regex_filter(self, subject, regex: str, options: str, negated: bool):
        path = self._path(subject) if isinstance(subject, FieldRef) else None
        if path is None:
            return None
        condition = {"$regex": regex, "$options": options} if options else {"$regex": regex}
        return {path: {"$not": condition, "$ne": None}} if negated else {path: condition}

    def _boolean_field(self, node, negated):
        path = self._path(node)
        if path is None or self.c.layout.sql_type(node) not in ("bool", "unknown"):
            return None
        return {path: not negated}

    def _exists(self, node, negated):
        """EXISTS reads the $lookup result: a non-empty array."""
        if node.args["kind"] != "exists" or self.c.host is None:
            return None
        facts = self.c.host.subquery_facts(node, self.c)
        return {facts.field: {"$size": 0}} if negated else {facts.field: {"$ne": []}}

    def _path(self, ref: FieldRef) -> str | None:
        """The dotted path of a column of this pipeline's documents that the query
        language reads exactly, else None."""
        if not self.c.in_document or not self.c.layout.has(ref):
            return None
        return self.c.layout.dotted_path(ref)


def _query_value(value: Typed) -> bool:
    return value.mql is not None and isinstance(value.mql, _QUERY_VALUE_TYPES)


def _is_null_literal(c, subject, item) -> bool:
    value = c.compile(item)
    return value.constant and value.mql is None


def _conjunction(parts: list[dict]) -> dict:
    """AND of filters: one document where keys do not clash (`{a: {$gte: 1, $lte: 5}}`)."""
    parts = [p for p in parts if p != {}]
    if any(p == MATCH_NOTHING for p in parts):
        return MATCH_NOTHING
    merged: dict = {}
    for part in parts:
        for key, value in part.items():
            if key == "$expr" and key in merged:
                merged[key] = {"$and": _and_parts(merged[key]) + _and_parts(value)}
            elif key not in merged and (not key.startswith("$") or key == "$expr"):
                merged[key] = value
            elif _operators_merge(merged.get(key), value):
                merged[key] = {**merged[key], **value}
            else:
                return {"$and": parts} if len(parts) > 1 else parts[0]
    return merged


def _and_parts(condition) -> list:
    return condition["$and"] if isinstance(condition, dict) and list(condition) == ["$and"] else [condition]


def _operators_merge(left, right) -> bool:
    """Two operator documents on one field combine when they share no operator."""
    return (
        isinstance(left, dict)
        and isinstance(right, dict)
        and all(k.startswith("$") for k in (*left, *right))
        and not set(left) & set(right)
    )


def _disjunction(parts: list[dict]) -> dict:
    parts = [p for p in parts if p != MATCH_NOTHING]
    if not parts:
        return MATCH_NOTHING
    if any(p == {} for p in parts):
        return {}
    return parts[0] if len(parts) == 1 else {"$or": parts}


_RULES = {
    exp.Paren: FilterBuilder._paren,
    exp.Not: FilterBuilder._not,
    exp.And: FilterBuilder._and,
    exp.Or: FilterBuilder._or,
    exp.Is: FilterBuilder._is,
    exp.NullSafeEQ: FilterBuilder._distinct,
    exp.NullSafeNEQ: FilterBuilder._distinct,
    exp.In: FilterBuilder._in,
    exp.Between: FilterBuilder._between,
    exp.Like: FilterBuilder._like,
    exp.ILike: FilterBuilder._like,
    exp.Escape: FilterBuilder._like,
    exp.RegexpLike: FilterBuilder._regexp,
    exp.RegexpILike: FilterBuilder._regexp,
    FieldRef: FilterBuilder._boolean_field,
    SubqueryExpr: FilterBuilder._exists,
}
