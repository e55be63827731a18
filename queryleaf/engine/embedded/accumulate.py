"""Accumulators ($sum, $avg, $min, $max, ...) shared by $group and their expression forms.

Server rules: $sum/$avg/$stdDev* ignore non-numeric values (null, missing, strings, bools);
$sum of nothing is 0, $avg of nothing is null; $min/$max ignore null and missing and compare
everything else in BSON order; $push/$addToSet skip missing values but keep nulls.
"""

from __future__ import annotations

import decimal
import math
import statistics

from .dispatch import operands, operator
from .values import (
    DECIMAL_CONTEXT,
    MISSING,
    exact,
    hashable,
    is_nullish,
    is_number,
    make_decimal,
    make_int,
    numeric_kind,
    sort_key,
    to_decimal,
)


def sum_values(values):
    numbers = [v for v in values if is_number(v)]
    kind = numeric_kind(numbers)
    if kind == "decimal":
        total = decimal.Decimal(0)
        for value in numbers:
            total = DECIMAL_CONTEXT.add(total, to_decimal(value))
        return make_decimal(total)
    if kind == "double":
        return math.fsum(float(exact(v)) for v in numbers)
    return make_int(sum(numbers), long=kind == "long")


def avg_values(values):
    numbers = [v for v in values if is_number(v)]
    if not numbers:
        return None
    if numeric_kind(numbers) == "decimal":
        return make_decimal(DECIMAL_CONTEXT.divide(sum_values(numbers).to_decimal(), len(numbers)))
    return math.fsum(float(exact(v)) for v in numbers) / len(numbers)


def min_value(values):
    present = [v for v in values if not is_nullish(v)]
    return min(present, key=sort_key) if present else None


def max_value(values):
    present = [v for v in values if not is_nullish(v)]
    return max(present, key=sort_key) if present else None


def std_dev(values, sample: bool):
    numbers = [float(exact(v)) for v in values if is_number(v)]
    if len(numbers) < (2 if sample else 1):
        return None
    return statistics.stdev(numbers) if sample else statistics.pstdev(numbers)


def push_values(values):
    return [v for v in values if v is not MISSING]


def add_to_set(values):
    """The distinct values (the first of equal ones), by hash key: linear, not quadratic."""
    distinct, seen = [], set()
    for value in values:
        if value is not MISSING:
            key = hashable(value)
            if key not in seen:
                seen.add(key)
                distinct.append(value)
    return distinct


def merge_objects(values):
    merged = {}
    for value in values:
        if isinstance(value, dict):
            merged.update(value)
    return merged


def first_value(values):
    return None if not values or values[0] is MISSING else values[0]


def last_value(values):
    return None if not values or values[-1] is MISSING else values[-1]


GROUP_ACCUMULATORS = {
    "$sum": sum_values,
    "$avg": avg_values,
    "$min": min_value,
    "$max": max_value,
    "$stdDevPop": lambda values: std_dev(values, sample=False),
    "$stdDevSamp": lambda values: std_dev(values, sample=True),
    "$push": push_values,
    "$addToSet": add_to_set,
    "$mergeObjects": merge_objects,
    "$first": first_value,
    "$last": last_value,
}


def _expression_inputs(parser, args):
    """One operand resolving to an array is traversed; several operands are taken as they are."""
    items = operands(args)
    if len(items) == 1:
        value = parser.parse(items[0])
        return list(value) if isinstance(value, list) else [value]
    return [parser.parse(item) for item in items]


def _expression_form(function):
    return lambda parser, args: function(_expression_inputs(parser, args))


for _name in ("$sum", "$avg", "$min", "$max", "$stdDevPop", "$stdDevSamp"):
    operator(_name)(_expression_form(GROUP_ACCUMULATORS[_name]))
