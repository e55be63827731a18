"""$convert, its $toX shorthands, $type and $isNumber, with the server's conversion table.

Server rules: null or missing input converts to null (or `onNull`); a failed conversion is an
error unless `onError` is given; doubles truncate toward zero into int/long, and a double
becomes a Decimal128 of its 15 significant digits.
"""

from __future__ import annotations

import datetime as dt
import re

import bson
from bson.decimal128 import Decimal128
from mongomock_ng import OperationFailure

from .dates import parse_date_string
from .dispatch import evaluate, named, operator, unary
from .values import (
    INT32,
    INT64,
    date_millis,
    double_to_decimal,
    exact,
    fail,
    format_double,
    is_finite,
    is_nullish,
    is_number,
    make_decimal,
    millis_date,
    naive_utc,
    type_name,
)

_INTEGER = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(
    r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\Z|[-+]?(Infinity|inf|NaN)\Z", re.I
)


_NO_ON_ERROR = "in $convert with no onError value"


def _unsupported(value, target):
    fail(f"Unsupported conversion from {type_name(value)} to {target} {_NO_ON_ERROR}", 241)


def _parse_failure(value, target):
    fail(
        f"Failed to parse number '{value}' {_NO_ON_ERROR}: Failed to parse string to {target}", 241
    )


def _require_finite(number, target):
    if not is_finite(number):
        fail(f"Attempt to convert NaN or infinity value to {target} {_NO_ON_ERROR}", 241)


def to_string(value):
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_double(value)
    if is_number(value):
        return str(value)
    if isinstance(value, dt.datetime):
        return naive_utc(value).strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    if isinstance(value, bson.ObjectId):
        return str(value)
    _unsupported(value, "string")


def _integer(value, target, bounds):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        if not _INTEGER.match(value):
            _parse_failure(value, target)
        number = int(value)
    elif is_number(value):
        number = exact(value)
        _require_finite(number, "integer type")
        number = int(number)
    else:
        _unsupported(value, target)
    if not bounds[0] <= number <= bounds[1]:
        fail(
            f"Conversion would overflow target type in $convert with no onError value: {value}", 241
        )
    return number


def to_int(value):
    return _integer(value, "int", INT32)


def to_long(value):
    if isinstance(value, dt.datetime):
        return bson.Int64(date_millis(value))
    return bson.Int64(_integer(value, "long", INT64))


def to_double(value):
    if isinstance(value, bool) or is_number(value):
        return float(exact(value))
    if isinstance(value, str):
        if not _FLOAT.match(value):
            _parse_failure(value, "double")
        return float(value)
    if isinstance(value, dt.datetime):
        return float(date_millis(value))
    _unsupported(value, "double")


def to_decimal(value):
    if isinstance(value, bool):
        return Decimal128("1" if value else "0")
    if isinstance(value, float):
        return make_decimal(double_to_decimal(value))
    if isinstance(value, Decimal128):
        return value
    if isinstance(value, int):
        return Decimal128(str(value))
    if isinstance(value, str):
        if not _FLOAT.match(value):
            _parse_failure(value, "decimal")
        return Decimal128(value)
    if isinstance(value, dt.datetime):
        return Decimal128(str(date_millis(value)))
    _unsupported(value, "decimal")


def to_bool(value):
    """Numbers are true unless zero; every other non-null value (even "") is true."""
    if is_number(value):
        return exact(value) != 0
    return bool(value) if isinstance(value, bool) else True


def to_date(value):
    if isinstance(value, dt.datetime):
        return naive_utc(value)
    if type_name(value) in ("long", "double", "decimal"):
        number = exact(value)
        _require_finite(number, "date")
        return millis_date(int(number))
    if isinstance(value, str):
        return parse_date_string(value)
    if isinstance(value, bson.ObjectId):
        return naive_utc(value.generation_time)
    if isinstance(value, bson.Timestamp):
        return naive_utc(value.as_datetime())
    _unsupported(value, "date")


def to_object_id(value):
    if isinstance(value, bson.ObjectId):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9a-fA-F]{24}", value):
        return bson.ObjectId(value)
    if isinstance(value, str):
        fail(f"Failed to parse objectId '{value}' in $convert with no onError value", 241)
    _unsupported(value, "objectId")


CONVERTERS = {
    "double": to_double,
    "string": to_string,
    "objectId": to_object_id,
    "bool": to_bool,
    "date": to_date,
    "int": to_int,
    "long": to_long,
    "decimal": to_decimal,
}
_TYPE_CODES = {
    1: "double",
    2: "string",
    7: "objectId",
    8: "bool",
    9: "date",
    16: "int",
    18: "long",
    19: "decimal",
}


def _shorthand(name, target):
    def handler(parser, args):
        value = unary(parser, args, name)
        return None if is_nullish(value) else CONVERTERS[target](value)

    return handler


for _name, _target in (
    ("$toString", "string"),
    ("$toInt", "int"),
    ("$toLong", "long"),
    ("$toDouble", "double"),
    ("$toDecimal", "decimal"),
    ("$toBool", "bool"),
    ("$toDate", "date"),
    ("$toObjectId", "objectId"),
):
    operator(_name)(_shorthand(_name, _target))


@operator("$convert")
def convert(parser, args):
    """`onNull` for a null/missing input, `onError` for a failed conversion (each may be null)."""
    spec = named(args, "$convert", required=("input", "to"), optional=("onError", "onNull"))
    value = evaluate(parser, spec["input"])
    if is_nullish(value):
        return evaluate(parser, spec["onNull"]) if "onNull" in spec else None
    target = evaluate(parser, spec["to"])
    if is_nullish(target):
        return None
    target = _TYPE_CODES.get(exact(target), target) if is_number(target) else target
    if target not in CONVERTERS:
        fail(f"Unknown type name: {target}", 2)
    try:
        return CONVERTERS[target](value)
    except (OperationFailure, ArithmeticError, ValueError):
        if "onError" in spec:
            return evaluate(parser, spec["onError"])
        raise


@operator("$type")
def bson_type(parser, args):
    return type_name(unary(parser, args, "$type"))


@operator("$isNumber")
def is_number_operator(parser, args):
    return is_number(unary(parser, args, "$isNumber"))
