"""BSON value semantics shared by the embedded-engine shim: types, numbers, comparison order.

These helpers reproduce what a MongoDB 6.0+ server does with values inside aggregation
expressions, so that the operator patches in the other modules of this package stay short.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import math
import re
import uuid

import bson
from bson.decimal128 import Decimal128, create_decimal128_context
from mongomock_ng import OperationFailure
from sentinels import NOTHING  # the "missing" marker mongomock-ng uses everywhere

MISSING = NOTHING
INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
DECIMAL_CONTEXT = create_decimal128_context()
EPOCH = dt.datetime(1970, 1, 1)
_WIDE = decimal.Context(prec=1100)  # wide enough to hold any double exactly


def fail(message: str, code: int | None = None):
    """Raise the error a server reports for an invalid operation."""
    raise OperationFailure(message, code)


def is_nullish(value) -> bool:
    return value is None or value is MISSING


def is_number(value) -> bool:
    kind = type(value)
    if kind is float or kind is int:
        return True
    return isinstance(value, (int, float, Decimal128, decimal.Decimal)) and not isinstance(
        value, bool
    )


def truthy(value) -> bool:
    """Expression truthiness: false, null, missing and numeric zero are false; all else is true."""
    if is_nullish(value) or value is False:
        return False
    if is_number(value):
        return exact(value) != 0
    return True


def is_integral(value) -> bool:
    if isinstance(value, bool) or not is_number(value):
        return False
    if isinstance(value, int):
        return True
    number = exact(value)
    if isinstance(number, decimal.Decimal):
        return number.is_finite() and number == number.to_integral_value()
    return math.isfinite(number) and number.is_integer()


def naive_utc(value: dt.datetime) -> dt.datetime:
    """BSON dates are UTC with millisecond precision; drop tzinfo after converting."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def date_millis(value: dt.datetime) -> int:
    delta = naive_utc(value) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def millis_date(millis: int) -> dt.datetime:
    return EPOCH + dt.timedelta(milliseconds=int(millis))


# ---------------------------------------------------------------- types


def type_name(value) -> str:
    """The name `$type` reports; Python ints are "int" when they fit in 32 bits."""
    name = _EXACT_TYPE_NAMES.get(type(value))
    if name is not None:
        return name
    if value is MISSING:
        return "missing"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, bson.Int64):
        return "long"
    if isinstance(value, int):
        return "int" if INT32[0] <= value <= INT32[1] else "long"
    for kind, name in _TYPE_NAMES:
        if isinstance(value, kind):
            return name
    raise TypeError(f"no BSON type for {type(value).__name__}")


_EXACT_TYPE_NAMES = {  # the common types, looked up by exact type first
    float: "double",
    str: "string",
    dict: "object",
    list: "array",
    bool: "bool",
    type(None): "null",
    dt.datetime: "date",
    bson.ObjectId: "objectId",
    bson.Int64: "long",
}
_TYPE_NAMES = (
    (bson.Code, "javascript"),  # a str subclass: test it before str
    (float, "double"),
    (str, "string"),
    (dict, "object"),
    ((list, tuple), "array"),
    ((bytes, bson.Binary, uuid.UUID), "binData"),
    (bson.ObjectId, "objectId"),
    (dt.datetime, "date"),
    ((re.Pattern, bson.Regex), "regex"),
    (bson.Timestamp, "timestamp"),
    ((Decimal128, decimal.Decimal), "decimal"),
    (bson.MinKey, "minKey"),
    (bson.MaxKey, "maxKey"),
    (bson.DBRef, "object"),
)

# Canonical order used by comparisons: missing sorts below null in expressions.
_ORDER = {
    "minKey": -1,
    "missing": 0,
    "null": 5,
    "int": 10,
    "long": 10,
    "double": 10,
    "decimal": 10,
    "string": 15,
    "object": 20,
    "array": 25,
    "binData": 30,
    "objectId": 35,
    "bool": 40,
    "date": 45,
    "timestamp": 47,
    "regex": 50,
    "javascript": 60,
    "maxKey": 127,
}


# ---------------------------------------------------------------- numbers


def to_decimal(value) -> decimal.Decimal:
    """Exact for ints and decimals; a double becomes its 15 significant digits, as on the server."""
    if isinstance(value, (Decimal128, decimal.Decimal)):
        return exact(value)
    if isinstance(value, float):
        return double_to_decimal(value)
    return decimal.Decimal(int(value))


def double_to_decimal(value: float) -> decimal.Decimal:
    """Decimal128(double): 15 significant digits, trailing zeros kept (2.5 -> 2.50000000000000)."""
    if value == 0:
        return decimal.Decimal("-0" if math.copysign(1, value) < 0 else "0")
    if not math.isfinite(value):
        return decimal.Decimal(value)
    return decimal.Decimal(format(value, ".14e"))


def exact(value):
    """A number as something Python compares exactly (Decimal for decimals, else itself)."""
    return value.to_decimal() if isinstance(value, Decimal128) else value


def make_decimal(value) -> Decimal128:
    return Decimal128(DECIMAL_CONTEXT.create_decimal(value))


def make_int(value: int, long: bool = False):
    """An integer result: int when it fits 32 bits, Int64 when long, a double past 64 bits."""
    if not INT64[0] <= value <= INT64[1]:
        return float(value)
    if long or not INT32[0] <= value <= INT32[1]:
        return bson.Int64(value)
    return value


_PLAIN_NUMBERS = frozenset({int, float})


def numeric_kind(values) -> str:
    """The widest numeric type among values: int < long < double < decimal."""
    kinds = {type(v) for v in values}
    if kinds <= _PLAIN_NUMBERS:  # the common case: Python ints and floats
        if float in kinds:
            return "double"
        return "int" if all(INT32[0] <= v <= INT32[1] for v in values) else "long"
    kinds = {type_name(v) for v in values}
    for kind in ("decimal", "double", "long"):
        if kind in kinds:
            return kind
    return "int"


def format_double(value: float) -> str:
    """How the server prints a double when converting it to a string (C's %g)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "-Infinity" if value < 0 else "Infinity"
    if value == 0 and math.copysign(1, value) < 0:
        return "-0"
    return f"{value:g}"


# ---------------------------------------------------------------- comparison


def compare(a, b) -> int:
    """Compare two values as aggregation expressions do (-1, 0, 1); missing < null."""
    ta, tb = _ORDER[type_name(a)], _ORDER[type_name(b)]
    if ta != tb:
        return -1 if ta < tb else 1
    return _COMPARE_SAME.get(ta, _compare_plain)(a, b)


def _sign(x) -> int:
    return (x > 0) - (x < 0)


def _compare_plain(a, b) -> int:
    return 0 if a == b else (-1 if a < b else 1)


def _compare_numbers(a, b) -> int:
    a, b = exact(a), exact(b)
    a_nan, b_nan = _is_nan(a), _is_nan(b)
    if a_nan or b_nan:  # NaN sorts below every other number and equals itself
        return int(b_nan) - int(a_nan)
    if isinstance(a, decimal.Decimal) != isinstance(b, decimal.Decimal):
        a, b = decimal.Decimal(a), decimal.Decimal(b)
    return _compare_plain(a, b)


def _is_nan(x) -> bool:
    if isinstance(x, decimal.Decimal):
        return x.is_nan()
    return isinstance(x, float) and math.isnan(x)


def is_finite(number) -> bool:
    """False for NaN and the infinities (float or Decimal)."""
    if isinstance(number, decimal.Decimal):
        return number.is_finite()
    return not isinstance(number, float) or math.isfinite(number)


def _compare_objects(a, b) -> int:
    for (ka, va), (kb, vb) in zip(a.items(), b.items()):
        ta, tb = _ORDER[type_name(va)], _ORDER[type_name(vb)]
        result = _sign(ta - tb) or _compare_plain(ka, kb) or compare(va, vb)
        if result:
            return result
    return _sign(len(a) - len(b))


def _compare_arrays(a, b) -> int:
    for va, vb in zip(a, b):
        result = compare(va, vb)
        if result:
            return result
    return _sign(len(a) - len(b))


def _compare_dates(a, b) -> int:
    return _compare_plain(naive_utc(a), naive_utc(b))


def _binary(value) -> bytes:
    return value.bytes if isinstance(value, uuid.UUID) else bytes(value)


def _compare_binary(a, b) -> int:
    a, b = _binary(a), _binary(b)
    return _sign(len(a) - len(b)) or _compare_plain(a, b)


def _compare_regex(a, b) -> int:
    return _compare_plain((a.pattern, str(a.flags)), (b.pattern, str(b.flags)))


_COMPARE_SAME = {
    0: lambda a, b: 0,
    5: lambda a, b: 0,
    -1: lambda a, b: 0,
    127: lambda a, b: 0,
    10: _compare_numbers,
    20: _compare_objects,
    25: _compare_arrays,
    30: _compare_binary,
    45: _compare_dates,
    50: _compare_regex,
    60: lambda a, b: _compare_plain(str(a), str(b)),
}


def equal(a, b) -> bool:
    return compare(a, b) == 0


sort_key = functools.cmp_to_key(compare)


def order_key(value):
    """A key whose Python order is `compare`'s (BSON order), cheap for the common types."""
    kind = type(value)
    if kind is str:
        return (15, value)
    if kind is float:
        return (10, 0, 0) if math.isnan(value) else (10, 1, value)  # NaN below every number
    if kind is int or kind is bson.Int64:
        return (10, 1, value)
    if kind is dt.datetime:
        return (45, naive_utc(value))
    if value is None:
        return (5,)
    if value is MISSING:
        return (0,)
    rank = _ORDER[type_name(value)]
    if rank == 10:
        number = exact(value)
        return (10, 0, 0) if _is_nan(number) else (10, 1, number)
    if rank == 40:
        return (40, bool(value))
    return (rank, sort_key(value))


def hashable(value):
    """A hashable key under which values that compare equal collide (used for $group)."""
    if is_nullish(value):
        return ("null",)
    if is_number(value):
        number = exact(value)
        if _is_nan(number):
            return ("nan",)
        return ("number", _WIDE.normalize(decimal.Decimal(number)) if number else 0)
    if isinstance(value, dict):
        return ("object", tuple((k, hashable(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("array", tuple(hashable(v) for v in value))
    if isinstance(value, dt.datetime):
        return ("date", naive_utc(value))
    if isinstance(value, (re.Pattern, bson.Regex)):
        return ("regex", value.pattern, str(value.flags))
    try:
        hash(value)
    except TypeError:
        return (type_name(value), repr(value))
    return (type_name(value), value)
