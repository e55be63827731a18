"""Arithmetic expression operators with the server's numeric typing.

On a real server int op int stays int (long on overflow), any double makes a double, any
Decimal128 makes a Decimal128, and a null or missing operand makes the result null.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import math
import operator as op

from .dispatch import evaluate_all, fixed, operands, operator, ranged, unary
from .values import (
    DECIMAL_CONTEXT,
    date_millis,
    exact,
    fail,
    format_double,
    is_integral,
    is_nullish,
    is_number,
    make_decimal,
    make_int,
    millis_date,
    numeric_kind,
    to_decimal,
    type_name,
)

_WIDE = decimal.Context(prec=1100)
_DECIMAL_OPS = {
    op.add: DECIMAL_CONTEXT.add,
    op.sub: DECIMAL_CONTEXT.subtract,
    op.mul: DECIMAL_CONTEXT.multiply,
}


def _require_numbers(values, name):
    for value in values:
        if not is_number(value):
            fail(f"{name} only supports numeric types, not {type_name(value)}", 16554)


def combine(values, function, start):
    """Fold numbers with one of + - *, typing the result as the server does."""
    kind = numeric_kind(values)
    if kind == "decimal":
        return make_decimal(
            functools.reduce(
                _DECIMAL_OPS[function], map(to_decimal, values), decimal.Decimal(start)
            )
        )
    if kind == "double":
        return float(functools.reduce(function, (float(exact(v)) for v in values), float(start)))
    return make_int(functools.reduce(function, values, start), long=kind == "long")


def _round_half_away(number: float) -> int:
    return int(math.floor(abs(number) + 0.5)) * (1 if number >= 0 else -1)


@operator("$add")
def add(parser, args):
    """Sum of numbers; with one date, the numbers are milliseconds added to it."""
    values = evaluate_all(parser, operands(args))
    if any(is_nullish(v) for v in values):
        return None
    dates = [v for v in values if isinstance(v, dt.datetime)]
    numbers = [v for v in values if not isinstance(v, dt.datetime)]
    if len(dates) > 1:
        fail("only one date allowed in an $add expression", 16612)
    _require_numbers(numbers, "$add")
    if dates:
        millis = _round_half_away(sum(float(exact(v)) for v in numbers))
        return millis_date(date_millis(dates[0]) + millis)
    return combine(numbers, op.add, 0)


@operator("$subtract")
def subtract(parser, args):
    """a - b; date - date gives milliseconds (long), date - number gives a date."""
    a, b = evaluate_all(parser, fixed(args, 2, "$subtract"))
    if is_nullish(a) or is_nullish(b):
        return None
    if isinstance(a, dt.datetime):
        if isinstance(b, dt.datetime):
            return make_int(date_millis(a) - date_millis(b), long=True)
        _require_numbers([b], "$subtract")
        return millis_date(date_millis(a) - _round_half_away(float(exact(b))))
    _require_numbers([a, b], "$subtract")
    return _minus(a, b)


def _minus(a, b):
    kind = numeric_kind([a, b])
    if kind == "decimal":
        return make_decimal(DECIMAL_CONTEXT.subtract(to_decimal(a), to_decimal(b)))
    if kind == "double":
        return float(exact(a)) - float(exact(b))
    return make_int(a - b, long=kind == "long")


@operator("$multiply")
def multiply(parser, args):
    values = evaluate_all(parser, operands(args))
    if any(is_nullish(v) for v in values):
        return None
    _require_numbers(values, "$multiply")
    return combine(values, op.mul, 1)


@operator("$divide")
def divide(parser, args):
    """Always a double (a decimal if either side is one); zero divisor is an error."""
    a, b = evaluate_all(parser, fixed(args, 2, "$divide"))
    if is_nullish(a) or is_nullish(b):
        return None
    _require_numbers([a, b], "$divide")
    if numeric_kind([a, b]) == "decimal":
        if to_decimal(b) == 0:
            fail("can't $divide by zero", 2)
        return make_decimal(DECIMAL_CONTEXT.divide(to_decimal(a), to_decimal(b)))
    if float(exact(b)) == 0:
        fail("can't $divide by zero", 2)
    return float(exact(a)) / float(exact(b))


@operator("$mod")
def mod(parser, args):
    """Remainder with the sign of the dividend; integers stay integers."""
    a, b = evaluate_all(parser, fixed(args, 2, "$mod"))
    if is_nullish(a) or is_nullish(b):
        return None
    _require_numbers([a, b], "$mod")
    kind = numeric_kind([a, b])
    if exact(b) == 0:
        fail("can't $mod by zero", 16610)
    if kind == "decimal":
        return make_decimal(DECIMAL_CONTEXT.remainder(to_decimal(a), to_decimal(b)))
    if kind == "double":
        return math.fmod(float(exact(a)), float(exact(b)))
    remainder = abs(a) % abs(b)
    return make_int(-remainder if a < 0 else remainder, long=kind == "long")


@operator("$abs")
def absolute(parser, args):
    value = unary(parser, args, "$abs")
    if is_nullish(value):
        return None
    _require_numbers([value], "$abs")
    if isinstance(value, float):
        return abs(value)
    if type_name(value) == "decimal":
        return make_decimal(abs(to_decimal(value)))
    return make_int(abs(value), long=type_name(value) == "long")


def _integer_rounding(name, rounding, float_function):
    """$ceil/$floor: doubles stay doubles, decimals stay decimals, integers are unchanged."""

    def handler(parser, args):
        value = unary(parser, args, name)
        if is_nullish(value):
            return None
        _require_numbers([value], name)
        if isinstance(value, float):
            return float(float_function(value)) if math.isfinite(value) else value
        if type_name(value) == "decimal":
            return make_decimal(
                to_decimal(value).quantize(decimal.Decimal(1), rounding=rounding, context=_WIDE)
            )
        return value

    return handler


operator("$ceil")(_integer_rounding("$ceil", decimal.ROUND_CEILING, math.ceil))
operator("$floor")(_integer_rounding("$floor", decimal.ROUND_FLOOR, math.floor))


def _round_or_trunc(name, rounding):
    """$round (half to even) / $trunc (toward zero) to `place` digits, -20 <= place <= 100."""

    def handler(parser, args):
        values = evaluate_all(parser, ranged(args, 1, 2, name))
        value, place = values[0], values[1] if len(values) > 1 else 0
        if is_nullish(value) or is_nullish(place):
            return None
        _require_numbers([value], name)
        if not is_integral(place) or not -20 <= int(exact(place)) <= 100:
            fail(
                f"cannot apply {name} with precision value {place} value must be in [-20, 100]",
                51083,
            )
        quantum = decimal.Decimal(1).scaleb(-int(exact(place)))
        return _quantize(value, quantum, rounding)

    return handler


def _quantize(value, quantum, rounding):
    kind = type_name(value)
    if kind == "double":
        if not math.isfinite(value):
            return value
        # The server first widens the double to a 34-digit decimal, then quantizes it.
        widened = decimal.Context(prec=34).create_decimal(value)
        return float(widened.quantize(quantum, rounding=rounding, context=_WIDE))
    if kind == "decimal":
        number = to_decimal(value)
        return (
            value
            if number.is_infinite()
            else make_decimal(number.quantize(quantum, rounding=rounding, context=_WIDE))
        )
    if quantum.as_tuple().exponent <= 0:
        return value
    rounded = int(decimal.Decimal(value).quantize(quantum, rounding=rounding, context=_WIDE))
    return make_int(rounded, long=kind == "long")


operator("$round")(_round_or_trunc("$round", decimal.ROUND_HALF_EVEN))
operator("$trunc")(_round_or_trunc("$trunc", decimal.ROUND_DOWN))


@operator("$pow")
def power(parser, args):
    """Integer powers stay integers when they fit; negative or huge exponents give doubles."""
    base, exponent = evaluate_all(parser, fixed(args, 2, "$pow"))
    if is_nullish(base) or is_nullish(exponent):
        return None
    _require_numbers([base, exponent], "$pow")
    if exact(base) == 0 and exact(exponent) < 0:
        fail("$pow cannot take a base of 0 and a negative exponent", 28764)
    kind = numeric_kind([base, exponent])
    if kind == "decimal":
        return make_decimal(DECIMAL_CONTEXT.power(to_decimal(base), to_decimal(exponent)))
    if kind == "double" or exponent < 0:
        return _float_power(float(exact(base)), float(exact(exponent)))
    result = base**exponent
    return (
        make_int(result, long=kind == "long")
        if abs(result) < 2**63
        else _float_power(base, exponent)
    )


def _float_power(base: float, exponent: float) -> float:
    try:
        return math.pow(base, exponent)
    except OverflowError:
        return math.inf if base > 0 or exponent % 2 == 0 else -math.inf
    except ValueError:
        return math.nan


def _transcendental(name, float_function, decimal_method, bad_domain, message, code):
    """$sqrt/$exp/$ln/$log10: a double result (a decimal one for a decimal input)."""

    def handler(parser, args):
        value = unary(parser, args, name)
        if is_nullish(value):
            return None
        _require_numbers([value], name)
        number = exact(value)
        if bad_domain(number):
            fail(message.format(format_double(float(number))), code)
        if type_name(value) == "decimal":
            return make_decimal(getattr(number, decimal_method)(DECIMAL_CONTEXT))
        return float_function(float(number))

    return handler


_NEVER = lambda number: False  # noqa: E731
_POSITIVE = "{name}'s argument must be a positive number, but is {{}}"
operator("$sqrt")(
    _transcendental(
        "$sqrt",
        math.sqrt,
        "sqrt",
        lambda n: n < 0,
        "$sqrt's argument must be greater than or equal to 0",
        28714,
    )
)
operator("$exp")(_transcendental("$exp", math.exp, "exp", _NEVER, "", 0))
operator("$ln")(
    _transcendental("$ln", math.log, "ln", lambda n: n <= 0, _POSITIVE.format(name="$ln"), 28766)
)
operator("$log10")(
    _transcendental(
        "$log10", math.log10, "log10", lambda n: n <= 0, _POSITIVE.format(name="$log10"), 28761
    )
)


@operator("$log")
def logarithm(parser, args):
    value, base = evaluate_all(parser, fixed(args, 2, "$log"))
    if is_nullish(value) or is_nullish(base):
        return None
    _require_numbers([value, base], "$log")
    if exact(value) <= 0:
        fail(f"$log's argument must be a positive number, but is {value}", 28758)
    if exact(base) <= 0 or exact(base) == 1:
        fail(f"$log's base must be a positive number not equal to 1, but is {base}", 28759)
    if numeric_kind([value, base]) == "decimal":
        return make_decimal(
            DECIMAL_CONTEXT.divide(
                to_decimal(value).ln(DECIMAL_CONTEXT), to_decimal(base).ln(DECIMAL_CONTEXT)
            )
        )
    return math.log(float(exact(value))) / math.log(float(exact(base)))
