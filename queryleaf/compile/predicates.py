"""Three-valued logic for aggregation expressions (trap 1), in one place.

A SQL condition is true, false or NULL. Instead of computing a nullable boolean and negating
it (MQL's $not turns NULL into true), every condition is compiled into two MQL expressions
that are never NULL: "is true" and "is false". NOT swaps them; AND and OR combine them by
Kleene's rules; a comparison is true or false only when both operands are not NULL.
"""

from __future__ import annotations

import datetime as dt

from sqlglot import exp

from ..sql.bind import SubqueryExpr
from ..sql.nodes import is_negated
from . import bsontime
from .mql import operand
from .nulls import FALSE, TRUE, all_of, any_of, is_null, not_null, null_checks
from .patterns import PatternError, like_to_regex
from .types import Typed, coerce_literal_to, constant, numeric_constant_for, python_number

COMPARISONS = {
    exp.EQ: ("$eq", "$ne"),
    exp.NEQ: ("$ne", "$eq"),
    exp.GT: ("$gt", "$lte"),
    exp.GTE: ("$gte", "$lt"),
    exp.LT: ("$lt", "$gte"),
    exp.LTE: ("$lte", "$gt"),
}
PREDICATE_TYPES = (
    exp.And, exp.Or, exp.Not, exp.NullSafeEQ, exp.NullSafeNEQ, exp.Is, exp.In, exp.Between,
    exp.Like, exp.ILike, exp.Escape, exp.RegexpLike, exp.RegexpILike, *COMPARISONS,
)


def is_predicate(node: exp.Expression) -> bool:
    if isinstance(node, SubqueryExpr):
        return node.args["kind"] != "scalar"
    return isinstance(node, PREDICATE_TYPES)


def comparable(c, left_node, right_node, left: Typed | None = None, right: Typed | None = None):
    """Both operands (compiled here unless given), with a literal converted to the other
    side's type (trap 9)."""
    left = c.compile(left_node) if left is None else left
    right = c.compile(right_node) if right is None else right
    if "interval" in (left.type, right.type):
        return interval_ordering(c, left_node.parent or left_node, left, right)
    left, right = numeric_constant_for(left, right.type), numeric_constant_for(right, left.type)
    if left.constant and not right.constant:
        left = constant(coerce_literal_to(left.mql, right.type), right.type if left.mql is not None else "null")
    elif right.constant and not left.constant:
        right = constant(coerce_literal_to(right.mql, left.type), left.type if right.mql is not None else "null")
    return left, right


def interval_ordering(c, node, left: Typed, right: Typed) -> tuple[Typed, Typed]:
    """Intervals compare by PostgreSQL's ordering value ('1 day' = '24 hours'); an untyped
    string next to an interval is one."""
    from .intervals import ordering_value, parse_interval

    pair = []
    for value, other in ((left, right), (right, left)):
        if value.constant and isinstance(value.mql, str) and other.type == "interval":
            parsed = parse_interval(value.mql)
            if parsed is None:
                raise c.ctx.execution_error(node, f'invalid input syntax for type interval: "{value.mql}"')
            value = constant(parsed, "interval")
        if value.type != "interval" and not (value.constant and value.mql is None):
            raise c.ctx.unsupported(node, f"comparing interval with {value.type}")
        pair.append(ordering_value(c, value))
    return pair[0], pair[1]


def like_regex(c, node) -> tuple[exp.Expression, str, str]:
    """(subject, regex, options) of LIKE / ILIKE [ESCAPE]; the pattern must be a constant."""
    escape = "\\"
    if isinstance(node, exp.Escape):
        escape_value = c.compile(node.expression)
        escape = escape_value.mql or None
        node = node.this
    pattern = c.compile(node.expression)
    if not pattern.constant or not isinstance(pattern.mql, str):
        raise c.ctx.unsupported(node, "LIKE with a pattern that is not a constant string")
    try:
        regex = like_to_regex(pattern.mql, escape)
    except PatternError as error:
        raise c.ctx.unsupported(node, str(error)) from error
    return node.this, regex, "i" if isinstance(node, exp.ILike) else ""


def regex_options(node) -> str:
    """PostgreSQL's `~`: `.` matches newlines too (option s); `~*` ignores case."""
    return "is" if isinstance(node, exp.RegexpILike) else "s"


class Truth:
    """`is_true(node)` / `is_false(node)`: never-NULL MQL conditions for a SQL condition."""

    def __init__(self, compiler) -> None:
        self.c = compiler

    def is_true(self, node: exp.Expression):
        return self._truth(node)[0]

    def is_false(self, node: exp.Expression):
        return self._truth(node)[1]

    def _truth(self, node: exp.Expression):
        rule = _RULES.get(type(node))
        if rule is None and type(node) in COMPARISONS:
            rule = Truth._comparison
        true, false = (rule or Truth._boolean_value)(self, node)
        return (false, true) if is_negated(node) else (true, false)

    def _paren(self, node):
        return self._truth(node.this)

    def _and(self, node):
        parts = [self._truth(n) for n in node.flatten()]
        return all_of([t for t, _ in parts]), any_of([f for _, f in parts])

    def _or(self, node):
        parts = [self._truth(n) for n in node.flatten()]
        return any_of([t for t, _ in parts]), all_of([f for _, f in parts])

    def _not(self, node):
        true, false = self._truth(node.this)
        return false, true

    def _comparison(self, node):
        left, right = self.c.compile(node.this), self.c.compile(node.expression)
        kind = type(node)
        bound = bsontime.bounded(kind, left, right)
        if bound is not None:
            kind, left, right = bound
        else:
            left, right = comparable(self.c, node.this, node.expression, *bsontime.comparable_times(left, right))
        if (left.constant and left.mql is None) or (right.constant and right.mql is None):
            return FALSE, FALSE
        folded = _fold_comparison(kind, left, right)
        if folded is not None:
            return (TRUE, FALSE) if folded else (FALSE, TRUE)
        yes, no = COMPARISONS[kind]
        checks = null_checks(left, right)
        pair = [operand(left), operand(right)]
        yes_checks = [] if _null_is_false(yes, left, right) else checks[:1] if yes == "$eq" else checks
        return all_of([*yes_checks, {yes: pair}]), all_of([*checks, {no: pair}])

    def _distinct(self, node):
        left, right = comparable(self.c, node.this, node.expression)
        differs = {"$ne": [{"$ifNull": [operand(left), None]}, {"$ifNull": [operand(right), None]}]}
        same = {"$not": [differs]}
        return (same, differs) if isinstance(node, exp.NullSafeEQ) else (differs, same)

    def _is(self, node):
        target = node.expression
        if isinstance(target, exp.Null):
            value = self.c.compile(node.this)
            if not value.nullable:
                return FALSE, TRUE
            return is_null(operand(value)), not_null(operand(value))
        if isinstance(target, exp.Boolean):
            true, false = self._truth(node.this)
            hit = true if target.this else false
            return hit, _negate(hit)
        raise self.c.ctx.unsupported(node, f"IS {target.sql(dialect='postgres')}")

    def _in(self, node):
        if node.args.get("query") or node.args.get("unnest") or node.args.get("field"):
            raise self.c.ctx.unsupported(node, "IN (subquery)")
        subject = self.c.compile(node.this)
        items = [comparable(self.c, node.this, e)[1] for e in node.expressions]
        known = [i for i in items if not (i.constant and i.mql is None)]
        has_null = len(known) < len(items)
        values = [operand(i) for i in known]
        inside = {"$in": [operand(subject), values]}
        # a NULL subject is in no list of non-NULL constants: $in is false for it already
        checks = [] if all(i.constant for i in known) else null_checks(subject)
        true = all_of([*checks, inside]) if values else FALSE
        if has_null:
            return true, FALSE
        false = all_of([*null_checks(subject, *known), {"$not": [inside]}])
        return true, false

    def _between(self, node):
        if node.args.get("symmetric"):
            raise self.c.ctx.unsupported(node, "BETWEEN SYMMETRIC")
        low = exp.GTE(this=node.this.copy(), expression=node.args["low"].copy())
        high = exp.LTE(this=node.this.copy(), expression=node.args["high"].copy())
        return self._and(exp.And(this=low, expression=high))

    def _like(self, node):
        subject_node, regex, options = like_regex(self.c, node)
        subject = self.c.compile(subject_node)
        return self._regex(subject, regex, options)

    def _regexp(self, node):
        subject = self.c.compile(node.this)
        pattern = self.c.compile(node.expression)
        if not pattern.constant or not isinstance(pattern.mql, str):
            raise self.c.ctx.unsupported(node, "regular expression that is not a constant string")
        return self._regex(subject, pattern.mql, regex_options(node))

    def _regex(self, subject: Typed, regex: str, options: str):
        match = {"$regexMatch": {"input": operand(subject), "regex": regex}}
        if options:
            match["$regexMatch"]["options"] = options
        checks = null_checks(subject)
        return all_of([*checks, match]), all_of([*checks, {"$not": [match]}])

    def _subquery(self, node):
        if node.args["kind"] == "scalar":
            return self._boolean_value(node)
        if self.c.host is None:
            raise self.c.ctx.unsupported(node, "a subquery here")
        return self.c.host.subquery_truth(node, self.c)

    def _boolean_value(self, node):
        value = self.c.compile(node)
        if value.constant:
            if value.mql is None:
                return FALSE, FALSE
            return (TRUE, FALSE) if value.mql else (FALSE, TRUE)
        if value.type not in ("bool", "unknown"):
            raise self.c.ctx.unsupported(node, f"a {value.type} value used as a condition")
        return {"$eq": [operand(value), True]}, {"$eq": [operand(value), False]}


_PYTHON_COMPARISONS = {
    exp.EQ: lambda a, b: a == b, exp.NEQ: lambda a, b: a != b, exp.GT: lambda a, b: a > b,
    exp.GTE: lambda a, b: a >= b, exp.LT: lambda a, b: a < b, exp.LTE: lambda a, b: a <= b,
}


def _fold_comparison(kind, left: Typed, right: Typed) -> bool | None:
    """Compare two constants now when Python orders them as MongoDB does (same kind)."""
    if not (left.constant and right.constant):
        return None
    a, b = python_number(left.mql), python_number(right.mql)
    if a is None or b is None:
        a, b = left.mql, right.mql
        if type(a) is not type(b) or not isinstance(a, (str, bool, dt.datetime)):
            return None
    return _PYTHON_COMPARISONS[kind](a, b)


def _null_is_false(operator: str, left: Typed, right: Typed) -> bool:
    """True when the MQL comparison is already false for a NULL (or missing) operand: NULL
    sorts below every value, so `x = c`, `x > c` and `c < x` need no NULL check when `c` is
    a non-NULL constant. (For `x = y` one check is enough: equal values are both NULL or
    neither.)"""
    if left.constant and not right.constant:
        operator = {"$lt": "$gt", "$lte": "$gte", "$gt": "$lt", "$gte": "$lte"}.get(operator, operator)
        left, right = right, left
    if not right.constant or right.mql is None or left.constant:
        return False
    return operator in ("$eq", "$gt", "$gte")


def _negate(condition):
    if condition is TRUE:
        return FALSE
    if condition is FALSE:
        return TRUE
    return {"$not": [condition]}


_RULES = {
    exp.Paren: Truth._paren,
    exp.And: Truth._and,
    exp.Or: Truth._or,
    exp.Not: Truth._not,
    exp.NullSafeEQ: Truth._distinct,
    exp.NullSafeNEQ: Truth._distinct,
    exp.Is: Truth._is,
    exp.In: Truth._in,
    exp.Between: Truth._between,
    exp.Like: Truth._like,
    exp.ILike: Truth._like,
    exp.Escape: Truth._like,
    exp.RegexpLike: Truth._regexp,
    exp.RegexpILike: Truth._regexp,
    SubqueryExpr: Truth._subquery,
}
