"""Comparison, conditional, array and field expression operators.

Server rules: comparisons use BSON order across types and treat a missing operand as lower
than null ({$eq: ["$missing", null]} is false, {$lte: ["$missing", null]} is true); numbers of
different types compare by value; an array index past the end gives "missing".
"""

from __future__ import annotations

import functools
import operator as op

from .dispatch import (
    child_parser,
    evaluate,
    evaluate_all,
    fixed,
    named,
    operands,
    operator,
    ranged,
    unary,
)
from .values import (
    MISSING,
    compare,
    equal,
    exact,
    fail,
    is_integral,
    is_nullish,
    make_int,
    truthy,
    type_name,
)

_COMPARISONS = {
    "$eq": op.eq,
    "$ne": op.ne,
    "$gt": op.gt,
    "$gte": op.ge,
    "$lt": op.lt,
    "$lte": op.le,
}


def _comparison(name, test):
    def handler(parser, args):
        a, b = evaluate_all(parser, fixed(args, 2, name))
        return test(compare(a, b), 0)

    return handler


for _name, _test in _COMPARISONS.items():
    operator(_name)(_comparison(_name, _test))


@operator("$cmp")
def cmp(parser, args):
    a, b = evaluate_all(parser, fixed(args, 2, "$cmp"))
    return compare(a, b)


@operator("$ifNull")
def if_null(parser, args):
    """The first argument that is neither null nor missing, else the last argument's value."""
    items = operands(args)
    if len(items) < 2:
        fail("$ifNull needs at least two arguments, had: %d" % len(items), 1257300)
    for expression in items[:-1]:
        value = evaluate(parser, expression)
        if not is_nullish(value):
            return value
    return evaluate(parser, items[-1])


@operator("$cond")
def cond(parser, args):
    """`then` when `if` is truthy (false, 0, null and missing are not), else `else`."""
    if isinstance(args, dict):
        for key in args:
            if key not in ("if", "then", "else"):
                fail(f"Unrecognized parameter to $cond: {key}", 17083)
        for key, code in (("if", 17080), ("then", 17081), ("else", 17082)):
            if key not in args:
                fail(f"Missing '{key}' parameter to $cond", code)
        condition, then, otherwise = args["if"], args["then"], args["else"]
    else:
        condition, then, otherwise = fixed(args, 3, "$cond")
    return evaluate(parser, then if truthy(evaluate(parser, condition)) else otherwise)


@operator("$in")
def in_array(parser, args):
    value, array = evaluate_all(parser, fixed(args, 2, "$in"))
    if not isinstance(array, list):
        fail(f"$in requires an array as a second argument, found: {type_name(array)}", 40081)
    return any(equal(value, item) for item in array)


def _array_or_null(value, name):
    if is_nullish(value):
        return None
    if not isinstance(value, list):
        fail(f"{name}'s argument must be an array, but is {type_name(value)}", 28689)
    return value


@operator("$arrayElemAt")
def array_elem_at(parser, args):
    array, index = evaluate_all(parser, fixed(args, 2, "$arrayElemAt"))
    if is_nullish(array) or is_nullish(index):
        return None
    _array_or_null(array, "$arrayElemAt")
    if not is_integral(index):
        fail(
            f"$arrayElemAt's second argument must be a numeric value, but is {type_name(index)}",
            28690,
        )
    index = int(exact(index))
    return array[index] if -len(array) <= index < len(array) else MISSING


def _end(name, position):
    def handler(parser, args):
        array = _array_or_null(unary(parser, args, name), name)
        if array is None:
            return None
        return array[position] if array else MISSING

    return handler


operator("$first")(_end("$first", 0))
operator("$last")(_end("$last", -1))


@operator("$sortArray")
def sort_array(parser, args):
    """Sort by whole values (sortBy: 1/-1) or by fields of the elements (sortBy: {f: 1, ...})."""
    spec = named(args, "$sortArray", required=("input", "sortBy"))
    array = evaluate(parser, spec["input"])
    if is_nullish(array):
        return None
    if not isinstance(array, list):
        message = "The input argument to $sortArray must be an array, but was of type: "
        fail(message + type_name(array), 2942500)
    order = spec["sortBy"]
    if isinstance(order, dict):
        return sorted(array, key=functools.cmp_to_key(lambda a, b: _compare_fields(a, b, order)))
    return sorted(array, key=functools.cmp_to_key(compare), reverse=order < 0)


def _compare_fields(a, b, order: dict) -> int:
    for path, direction in order.items():
        result = compare(_path(a, path), _path(b, path))
        if result:
            return result if direction > 0 else -result
    return 0


def _path(value, path: str):
    for part in path.split("."):
        value = value.get(part, MISSING) if isinstance(value, dict) else MISSING
    return None if value is MISSING else value


@operator("$filter")
def filter_array(parser, args):
    spec = named(args, "$filter", required=("input", "cond"), optional=("as", "limit"))
    array = evaluate(parser, spec["input"])
    if is_nullish(array):
        return None
    if not isinstance(array, list):
        fail(f"input to $filter must be an array not {type_name(array)}", 28651)
    limit = evaluate(parser, spec["limit"]) if "limit" in spec else None
    name, kept = spec.get("as", "this"), []
    for item in array:
        if limit is not None and len(kept) >= exact(limit):
            break
        if truthy(evaluate(child_parser(parser, **{name: item}), spec["cond"])):
            kept.append(item)
    return kept


@operator("$range")
def range_array(parser, args):
    values = evaluate_all(parser, ranged(args, 2, 3, "$range"))
    for value in values:
        if not is_integral(value):
            fail(
                f"$range requires integral arguments, found a value of type: {type_name(value)}",
                34443,
            )
    start, end, step = (int(exact(v)) for v in (values if len(values) == 3 else values + [1]))
    if step == 0:
        fail("$range requires a non-zero step value", 34449)
    return [make_int(i) for i in range(start, end, step)]


@operator("$getField")
def get_field(parser, args):
    """A field by its literal name (dots and $ allowed); null input -> null, absent -> missing."""
    shorthand = not isinstance(args, dict) or any(key.startswith("$") for key in args)
    spec = {"field": args} if shorthand else named(args, "$getField", ("field",), ("input",))
    field = evaluate(parser, spec["field"])
    if not isinstance(field, str):
        fail(
            f"$getField requires 'field' to evaluate to type String, but got {type_name(field)}",
            5654602,
        )
    document = evaluate(parser, spec["input"]) if "input" in spec else parser._doc_dict
    if is_nullish(document):
        return None
    if not isinstance(document, dict):
        fail(
            f"$getField requires 'input' to evaluate to type Object, but got {type_name(document)}",
            3041705,
        )
    return document.get(field, MISSING)


@operator("$and")
def and_(parser, args):
    return all(truthy(evaluate(parser, e)) for e in operands(args))


@operator("$or")
def or_(parser, args):
    return any(truthy(evaluate(parser, e)) for e in operands(args))


@operator("$not")
def not_(parser, args):
    """`{$not: x}` and `{$not: [x]}` both negate x's truthiness."""
    return not truthy(unary(parser, args, "$not"))
