"""SQL value expressions -> MongoDB aggregation expressions.

`ExpressionCompiler.compile(node)` returns a `Typed` (MQL, SQL type, nullability). Rules are
looked up in plain dicts by sqlglot class: `VISITORS` here for the core, `FUNCTIONS` in
functions.py for named functions, boolean-valued nodes through predicates.py. Anything not
found is an error naming the construct (never a guess).
"""

from __future__ import annotations

import decimal

from bson import Decimal128, Int64
from sqlglot import exp

from ..sql.bind import FieldRef, Param, Slot, SubqueryExpr
from . import casts, dates, documents, functions, predicates, timefuncs
from .context import CompileContext
from .layout import Layout
from .mql import operand
from .nulls import all_of, boolean_value, null_checks, null_if_any_null
from .types import (
    INTEGER_TYPES,
    Typed,
    arithmetic_type,
    bson_number,
    constant,
    numeric_constant_for,
    python_number,
    type_of_value,
)

_INT32 = 2**31


class ExpressionCompiler:
    """Compiles expressions bound against one document shape.

    `layout` says where each table's columns are; `in_document` is False after a $group,
    where raw document fields no longer exist. `correlate(ref)` compiles a column of an
    enclosing query (a `let` variable of the $lookup that runs this one); `host` adds the
    $lookup stages that subqueries need.
    """

    def __init__(self, ctx: CompileContext, layout=None, in_document: bool = True, correlate=None, host=None):
        self.ctx = ctx
        self.layout = layout or Layout()
        self.in_document = in_document
        self.correlate = correlate
        self.host = host
        self.slots: dict = {}  # after a $group: GROUP BY expressions -> their Slot

    def compile(self, node: exp.Expression) -> Typed:
        visitor = VISITORS.get(type(node))
        if visitor is not None:
            return visitor(self, node)
        function = functions.FUNCTIONS.get(type(node)) or timefuncs.FUNCTIONS.get(type(node))
        if function is None and isinstance(node, exp.Anonymous):
            function = timefuncs.NAMED.get(node.name.lower()) or documents.NAMED.get(node.name.lower())
        if function is not None:
            return function(self, node)
        if predicates.is_predicate(node):
            truth = predicates.Truth(self)
            true, false = truth.is_true(node), truth.is_false(node)
            if isinstance(true, bool) and isinstance(false, bool):
                return constant(True if true else False if false else None, "bool")
            return Typed(boolean_value(true, false), "bool")
        raise self.unknown(node)

    def compile_all(self, nodes) -> list[Typed]:
        return [self.compile(n) for n in nodes]

    def unknown(self, node: exp.Expression):
        if isinstance(node, exp.Anonymous):
            return self.ctx.unresolved(node, f"function {node.name}() does not exist")
        if isinstance(node, exp.AggFunc):
            return self.ctx.unsupported(node, f"aggregate function {_name(node)} here")
        return self.ctx.unsupported(node, _name(node))


def _name(node: exp.Expression) -> str:
    if isinstance(node, exp.Func):
        return node.sql_name()
    return type(node).__name__


def _literal(c: ExpressionCompiler, node: exp.Literal) -> Typed:
    if node.is_string:
        return constant(node.this, "text")
    return constant(number_value(node.this))


def number_value(text: str):
    """An SQL numeric literal: int (Int64 when wider than 32 bits), or an exact numeric
    (Decimal128) for a literal with a fraction or exponent, as in PostgreSQL."""
    try:
        value = int(text)
    except ValueError:
        return Decimal128(decimal.Decimal(text))
    return value if -_INT32 <= value < _INT32 else Int64(value)


def _field(c: ExpressionCompiler, node: FieldRef) -> Typed:
    if node.level > 0 and c.correlate is not None:
        return c.correlate(node)
    if not c.in_document:
        if node in c.slots:
            return c.compile(c.slots[node])
        raise c.ctx.unresolved(
            node,
            f'column "{".".join(node.path)}" must appear in the GROUP BY clause '
            "or be used in an aggregate function",
        )
    if not c.layout.has(node):
        if c.correlate is not None:
            return c.correlate(node)
        raise c.ctx.unresolved(node, f'column "{".".join(node.path)}" cannot be used here')
    return Typed(c.layout.mql(node), c.layout.sql_type(node), c.layout.nullable(node))


def _subquery(c: ExpressionCompiler, node) -> Typed:
    if c.host is None:
        raise c.ctx.unsupported(node, "a subquery here")
    return c.host.subquery_value(node, c)


def _slot(c: ExpressionCompiler, node: Slot) -> Typed:
    return Typed("$" + node.args["name"], node.args.get("type") or "unknown", node.args.get("nullable", True))


def _param(c: ExpressionCompiler, node: Param) -> Typed:
    value = node.args.get("value")
    if isinstance(value, decimal.Decimal):
        return constant(Decimal128(value), "numeric")
    return constant(value, type_of_value(value))


def _paren(c: ExpressionCompiler, node: exp.Paren) -> Typed:
    return c.compile(node.this)


def _null(c: ExpressionCompiler, node) -> Typed:
    return constant(None, "null")


def _boolean(c: ExpressionCompiler, node: exp.Boolean) -> Typed:
    return constant(bool(node.this), "bool")


def _neg(c: ExpressionCompiler, node: exp.Neg) -> Typed:
    inner = c.compile(node.this)
    if inner.constant and python_number(inner.mql) is not None:
        return constant(bson_number(-python_number(inner.mql)), inner.type)
    _require_numeric(c, node, inner)
    return Typed({"$multiply": [-1, inner.mql]}, inner.type, inner.nullable)


def _require_numeric(c: ExpressionCompiler, node, *operands: Typed) -> None:
    for o in operands:
        if o.type in ("date", "timestamp"):
            raise c.ctx.unsupported(node, "date/time arithmetic", hint="It arrives with INTERVAL support.")
        if o.type in ("text", "bool", "objectid", "json", "array"):
            raise c.ctx.unsupported(node, f"operator {node.key} on type {o.type}")


_FOLD = {"$add": lambda a, b: a + b, "$subtract": lambda a, b: a - b, "$multiply": lambda a, b: a * b}


def _foldable(*operands: Typed) -> bool:
    """Constant numbers of one kind (exact or float) fold at compile time."""
    numbers = [python_number(o.mql) if o.constant else None for o in operands]
    if any(n is None for n in numbers):
        return False
    return all(isinstance(n, float) for n in numbers) or not any(isinstance(n, float) for n in numbers)


def numeric_operands(c: ExpressionCompiler, node: exp.Binary, operands=None) -> tuple[Typed, Typed]:
    """Both operands of an arithmetic operator, exact literals made double next to a double."""
    left, right = operands or (c.compile(node.this), c.compile(node.expression))
    _require_numeric(c, node, left, right)
    if right.type == "double":
        left = numeric_constant_for(left, "double")
    if left.type == "double":
        right = numeric_constant_for(right, "double")
    return left, right


def _arithmetic(operator: str):
    def visit(c: ExpressionCompiler, node: exp.Binary) -> Typed:
        operands = (c.compile(node.this), c.compile(node.expression))
        temporal = dates.temporal_arithmetic(c, node, *operands)
        if temporal is not None:
            return temporal
        left, right = numeric_operands(c, node, operands)
        if _foldable(left, right):
            value = _FOLD[operator](python_number(left.mql), python_number(right.mql))
            return constant(bson_number(value), arithmetic_type(left.type, right.type))
        return Typed(
            {operator: [operand(left), operand(right)]},
            arithmetic_type(left.type, right.type),
            left.nullable or right.nullable,
        )

    return visit


def _div(c: ExpressionCompiler, node: exp.Div) -> Typed:
    """PostgreSQL truncates when both operands are integers (trap 5). Field types are only
    a sample, so unless both types are known the decision is made per row on `$type`."""
    operands = (c.compile(node.this), c.compile(node.expression))
    temporal = dates.temporal_arithmetic(c, node, *operands)
    if temporal is not None:
        return temporal
    left, right = numeric_operands(c, node, operands)
    nullable = left.nullable or right.nullable
    kind = arithmetic_type(left.type, right.type)
    if left.type in INTEGER_TYPES and right.type in INTEGER_TYPES:
        return Typed(_int_divide(operand(left), operand(right)), kind, nullable)
    if kind in ("double", "numeric"):
        return Typed({"$divide": [operand(left), operand(right)]}, kind, nullable)
    n, d = "$$n", "$$d"
    both_int = all_of([{"$in": [{"$type": v}, ["int", "long"]]} for v in (n, d)])
    body = {"$cond": [both_int, _int_divide(n, d), {"$divide": [n, d]}]}
    return Typed({"$let": {"vars": {"n": operand(left), "d": operand(right)}, "in": body}}, kind, nullable)


def _int_divide(n, d):
    return {"$toLong": {"$trunc": [{"$divide": [n, d]}]}}


def _mod(c: ExpressionCompiler, node: exp.Mod) -> Typed:
    left, right = numeric_operands(c, node)
    return Typed({"$mod": [operand(left), operand(right)]}, arithmetic_type(left.type, right.type),
                 left.nullable or right.nullable)


def _concat_operator(c: ExpressionCompiler, node: exp.DPipe) -> Typed:
    """`a || b`: NULL if either is NULL; non-text operands are converted as PostgreSQL does."""
    parts = [c.compile(node.this), c.compile(node.expression)]
    if any(p.constant and p.mql is None for p in parts):
        return constant(None, "text")
    return Typed({"$concat": [casts.as_text(p) for p in parts]}, "text", any(p.nullable for p in parts))


def _case(c: ExpressionCompiler, node: exp.Case) -> Typed:
    subject = node.this
    truth = predicates.Truth(c)
    branches, results = [], []
    for branch in node.args.get("ifs") or []:
        condition = branch.this if subject is None else exp.EQ(this=subject.copy(), expression=branch.this)
        result = c.compile(branch.args["true"])
        results.append(result)
        branches.append({"case": truth.is_true(condition), "then": operand(result)})
    default = c.compile(node.args["default"]) if node.args.get("default") else constant(None, "null")
    results.append(default)
    kind = _common_type(results)
    if not branches:
        return default
    return Typed({"$switch": {"branches": branches, "default": operand(default)}}, kind,
                 any(r.nullable for r in results))


def _common_type(results: list[Typed]) -> str:
    kinds = {r.type for r in results if r.type != "null"}
    if len(kinds) == 1:
        return kinds.pop()
    if kinds and kinds <= INTEGER_TYPES | {"double", "numeric"}:
        return "double" if "double" in kinds else "numeric" if "numeric" in kinds else "bigint"
    return "unknown"


def _coalesce(c: ExpressionCompiler, node: exp.Coalesce) -> Typed:
    args = c.compile_all([node.this, *node.expressions])
    kept: list[Typed] = []
    for a in args:
        if a.constant and a.mql is None:
            continue
        kept.append(a)
        if not a.nullable:
            break
    if not kept:
        return constant(None, "null")
    if len(kept) == 1:
        return kept[0]
    return Typed({"$ifNull": [operand(a) for a in kept]}, _common_type(kept), kept[-1].nullable)


def _nullif(c: ExpressionCompiler, node: exp.Nullif) -> Typed:
    left, right = c.compile(node.this), c.compile(node.expression)
    equal = all_of([*null_checks(left, right), {"$eq": [operand(left), operand(right)]}])
    return Typed({"$cond": [equal, None, operand(left)]}, left.type, True)


def _extremum(operator: str):
    """GREATEST / LEAST ignore NULL arguments (PostgreSQL), as $max / $min do."""

    def visit(c: ExpressionCompiler, node) -> Typed:
        args = [a for a in c.compile_all([node.this, *node.expressions]) if not (a.constant and a.mql is None)]
        if not args:
            return constant(None, "null")
        return Typed({operator: [operand(a) for a in args]}, _common_type(args), all(a.nullable for a in args))

    return visit


def _bracket(c: ExpressionCompiler, node: exp.Bracket) -> Typed:
    """Array subscripts are 1-based in SQL; sqlglot hands us 0-based offsets. An index
    outside the array is NULL (never the element counted from the end)."""
    array = c.compile(node.this)
    if len(node.expressions) != 1 or isinstance(node.expressions[0], exp.Slice):
        raise c.ctx.unsupported(node, "array slice")
    index = c.compile(node.expressions[0])
    if index.constant:
        if not isinstance(index.mql, int) or index.mql < 0:
            return constant(None, "null")
        return Typed({"$arrayElemAt": [array.mql, index.mql]}, "unknown", True)
    element = {"$arrayElemAt": [array.mql, index.mql]}
    guarded = {"$cond": [{"$gte": [index.mql, 0]}, element, None]}
    return Typed(null_if_any_null([index], guarded), "unknown", True)


def _dot(c: ExpressionCompiler, node: exp.Dot) -> Typed:
    base = c.compile(node.this)
    return Typed({"$getField": {"field": {"$literal": node.expression.name}, "input": base.mql}}, "unknown", True)


def _current_timestamp(c: ExpressionCompiler, node) -> Typed:
    return constant(c.ctx.now, "timestamp")


def _current_date(c: ExpressionCompiler, node) -> Typed:
    now = c.ctx.now
    return constant(now.replace(hour=0, minute=0, second=0, microsecond=0), "date")


def _set_returning(c, node) -> Typed:
    """Reached only where a set-returning function may not stand (the select list expands
    it before compiling)."""
    raise c.ctx.unsupported(node, "generate_series here (only in FROM or at the top of a select list)")


VISITORS = {
    exp.Literal: _literal,
    exp.Null: _null,
    exp.Boolean: _boolean,
    FieldRef: _field,
    SubqueryExpr: _subquery,
    Slot: _slot,
    Param: _param,
    exp.Paren: _paren,
    exp.Neg: _neg,
    exp.Add: _arithmetic("$add"),
    exp.Sub: _arithmetic("$subtract"),
    exp.Mul: _arithmetic("$multiply"),
    exp.Div: _div,
    exp.Mod: _mod,
    exp.DPipe: _concat_operator,
    exp.Case: _case,
    exp.Coalesce: _coalesce,
    exp.Nullif: _nullif,
    exp.Greatest: _extremum("$max"),
    exp.Least: _extremum("$min"),
    exp.Bracket: _bracket,
    exp.Dot: _dot,
    exp.Cast: casts.compile_cast,
    exp.TryCast: casts.compile_cast,
    exp.CurrentTimestamp: _current_timestamp,
    exp.CurrentDate: _current_date,
    exp.Interval: dates.compile_interval,
    exp.Extract: dates.compile_extract,
    exp.Date: lambda c, node: casts.compile_cast(c, exp.Cast(this=node.this, to=exp.DataType.build("date"))),
    exp.ExplodingGenerateSeries: _set_returning,
}
