"""CAST and `::`, with PostgreSQL's conversion rules.

Constant operands are converted at compile time (so `'2025-08-23'::date` and
`'64b…'::objectid` stay plain values that the query language and indexes can use);
everything else becomes a server-side conversion.
"""

from __future__ import annotations

import datetime as dt
import decimal

from bson import Decimal128, Int64, ObjectId
from bson.errors import InvalidId
from sqlglot import exp

from ..errors import ExecutionError
from ..sql.nodes import position
from .mql import operand
from .nulls import null_if_any_null
from .types import TEMPORAL_TYPES, Typed, constant, parse_date, parse_timestamp, python_number

_D = exp.DataType.Type
TARGETS = {
    _D.INT: "int", _D.SMALLINT: "int", _D.TINYINT: "int", _D.BIGINT: "bigint",
    _D.DOUBLE: "double", _D.FLOAT: "double",
    _D.DECIMAL: "numeric", _D.BIGDECIMAL: "numeric",
    _D.TEXT: "text", _D.VARCHAR: "text", _D.CHAR: "text", _D.NVARCHAR: "text", _D.NCHAR: "text",
    _D.BOOLEAN: "bool", _D.DATE: "date",
    _D.TIMESTAMP: "timestamp", _D.TIMESTAMPTZ: "timestamp", _D.DATETIME: "timestamp",
}
_TRUE_WORDS = ("t", "true", "y", "yes", "on", "1")
_FALSE_WORDS = ("f", "false", "n", "no", "off", "0")
_TEXT_FORMATS = {"timestamp": "%Y-%m-%d %H:%M:%S", "date": "%Y-%m-%d"}


def target_type(to: exp.DataType) -> str | None:
    if to.this == _D.USERDEFINED:
        kind = to.args.get("kind")
        name = kind.name.lower() if isinstance(kind, exp.Identifier) else str(kind).lower()
        return "objectid" if name == "objectid" else None
    return TARGETS.get(to.this)


def compile_cast(c, node: exp.Cast) -> Typed:
    if node.to.this in (_D.JSON, _D.JSONB):
        from .documents import json_text

        return json_text(c, node, c.compile(node.this))
    target = target_type(node.to)
    if target is None:
        raise c.ctx.unsupported(node, f"CAST to {node.to.sql(dialect='postgres')}")
    value = c.compile(node.this)
    if value.constant:
        return constant(fold(value.mql, target, c, node), target)
    if value.type == target:
        return value
    return Typed(RUNTIME[target](value), target, value.nullable)


def fold(value, target: str, c, node):
    """Convert a constant now, raising PostgreSQL's error for bad input."""
    if value is None:
        return None
    try:
        return FOLDERS[target](value)
    except (ValueError, TypeError, InvalidId, decimal.InvalidOperation, OverflowError) as error:
        raise ExecutionError(
            f'invalid input syntax for type {target}: "{value}"', **position(c.ctx.sql, node)
        ) from error


def _to_int(value) -> int:
    if isinstance(value, str):
        return int(value.strip())
    if isinstance(value, float):
        return round(value)  # half to even, as PostgreSQL's float8 -> integer
    if isinstance(value, Decimal128):
        return int(value.to_decimal().quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP))
    return int(value)


def _to_bool(value) -> bool:
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS or word in _FALSE_WORDS:
            return word in _TRUE_WORDS
        raise ValueError(value)
    return bool(value)


def _to_timestamp(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    number = python_number(value) if not isinstance(value, (str, bool)) else None
    if number is not None:  # seconds since 1970, as the runtime cast reads numbers
        return _EPOCH + dt.timedelta(seconds=float(number))
    parsed = parse_timestamp(value) if isinstance(value, str) else None
    if parsed is None:
        raise ValueError(value)
    return parsed


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _to_date(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(hour=0, minute=0, second=0, microsecond=0)
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise ValueError(value)
    return parsed


def constant_text(value) -> str:
    """PostgreSQL's text output of a constant."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.strftime(_TEXT_FORMATS["timestamp"])
    return str(value)


FOLDERS = {
    "int": _to_int,
    "bigint": lambda v: Int64(_to_int(v)),
    "double": lambda v: float(v.to_decimal() if isinstance(v, Decimal128) else v),
    "numeric": lambda v: v if isinstance(v, Decimal128) else Decimal128(decimal.Decimal(str(v).strip())),
    "text": constant_text,
    "bool": _to_bool,
    "date": _to_date,
    "timestamp": _to_timestamp,
    "objectid": lambda v: v if isinstance(v, ObjectId) else ObjectId(str(v)),
}


def _rounded(value: Typed):
    """Numbers are rounded (not truncated) on the way to an integer, as in PostgreSQL."""
    if value.type in ("int", "bigint", "double", "numeric"):
        return {"$round": [value.mql, 0]}
    if value.type == "text":
        return value.mql
    return {"$cond": [{"$isNumber": value.mql}, {"$round": [value.mql, 0]}, value.mql]}


def as_text(value: Typed):
    """A value as text for || and CONCAT (dates in PostgreSQL's format, NULL stays NULL)."""
    if value.constant:
        return None if value.mql is None else operand(constant(constant_text(value.mql)))
    if value.type == "text":
        return value.mql
    if value.type in _TEXT_FORMATS:
        return {"$dateToString": {"date": value.mql, "format": _TEXT_FORMATS[value.type]}}
    if value.type == "double":
        return double_text(value.mql)
    if value.type == "unknown":
        is_double = {"$eq": [{"$type": value.mql}, "double"]}
        return {"$cond": [is_double, double_text(value.mql), {"$toString": value.mql}]}
    return {"$toString": value.mql}


def double_text(mql):
    """A double as text with 15 significant digits and no trailing zeros ("1234.5678",
    "3"). MQL's $toString of a double keeps only 6 digits (C's %g), so the value goes
    through Decimal128, whose text has 15."""
    text = {"$toString": {"$toDecimal": mql}}
    fraction = {"$and": [{"$gte": [{"$indexOfCP": ["$$t", "."]}, 0]}, {"$lt": [{"$indexOfCP": ["$$t", "E"]}, 0]}]}
    trimmed = {"$rtrim": {"input": {"$rtrim": {"input": "$$t", "chars": "0"}}, "chars": "."}}
    return {"$let": {"vars": {"t": text}, "in": {"$cond": [fraction, trimmed, "$$t"]}}}


def _runtime_bool(value: Typed):
    if value.type == "text":
        return _text_to_bool(value.mql)
    if value.type in ("int", "bigint", "double", "numeric"):
        return null_if_any_null([value], {"$ne": [value.mql, 0]})
    return {
        "$switch": {
            "branches": [
                {"case": {"$eq": [{"$type": value.mql}, "string"]}, "then": _text_to_bool(value.mql)},
                {"case": {"$isNumber": value.mql}, "then": {"$ne": [value.mql, 0]}},
            ],
            "default": {"$toBool": value.mql},
        }
    }


def _text_to_bool(mql):
    word = {"$toLower": {"$trim": {"input": mql, "chars": " "}}}
    invalid = {"$toInt": {"$concat": ["invalid input syntax for type boolean: ", mql]}}
    return {
        "$switch": {
            "branches": [
                {"case": {"$in": [word, list(_TRUE_WORDS)]}, "then": True},
                {"case": {"$in": [word, list(_FALSE_WORDS)]}, "then": False},
                {"case": {"$eq": [{"$ifNull": [mql, None]}, None]}, "then": None},
            ],
            "default": invalid,
        }
    }


def _runtime_timestamp(value: Typed):
    if value.type in TEMPORAL_TYPES:
        return value.mql
    if value.type == "bsontimestamp":
        return {"$toDate": value.mql}
    if value.type == "text":
        return {"$dateFromString": {"dateString": value.mql}}
    if value.type in ("int", "bigint", "double", "numeric"):
        return epoch_to_date(value.mql)
    return {"$convert": {"input": value.mql, "to": "date"}}


def epoch_to_date(seconds):
    """Seconds since 1970 as a BSON date ($toDate takes only a long, double or decimal count
    of milliseconds; an int would be refused)."""
    return {"$toDate": {"$toLong": {"$round": [{"$multiply": [seconds, 1000]}, 0]}}}


def timestamp_text(c, node, value: Typed) -> Typed:
    """An untyped string where a timestamp is expected is one ('2025-08-01'), folded now."""
    if value.constant and isinstance(value.mql, str):
        return constant(fold(value.mql, "timestamp", c, node), "timestamp")
    return value


def _runtime_date(value: Typed):
    return {"$dateTrunc": {"date": _runtime_timestamp(value), "unit": "day"}}


RUNTIME = {
    "int": lambda v: {"$toInt": _rounded(v)},
    "bigint": lambda v: {"$toLong": _rounded(v)},
    "double": lambda v: {"$toDouble": v.mql},
    "numeric": lambda v: {"$toDecimal": v.mql},
    "text": as_text,
    "bool": _runtime_bool,
    "date": _runtime_date,
    "timestamp": _runtime_timestamp,
    "objectid": lambda v: {"$toObjectId": v.mql},
}
