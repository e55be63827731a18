"""SQL types of compiled expressions, and the one place for type coercion rules.

Types are small strings: int, bigint, double, numeric, text, bool, date, timestamp,
objectid, json, array, null, unknown. Field types come from sampled BSON types.
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from typing import Any

from bson import Decimal128, Int64, ObjectId
from bson.errors import InvalidId

INTEGER_TYPES = frozenset({"int", "bigint"})
NUMERIC_TYPES = INTEGER_TYPES | {"double", "numeric"}
TEMPORAL_TYPES = frozenset({"date", "timestamp"})

_FROM_BSON = {
    "int": "int",
    "long": "bigint",
    "double": "double",
    "decimal": "numeric",
    "string": "text",
    "bool": "bool",
    "date": "timestamp",
    "objectId": "objectid",
    "object": "json",
    "array": "array",
    "timestamp": "bsontimestamp",
}


@dataclass(frozen=True)
class Typed:
    """A compiled expression: its MQL form, SQL type, and whether it can be NULL."""

    mql: Any
    type: str = "unknown"
    nullable: bool = True
    constant: bool = False  # mql is a plain Python/BSON value known at compile time

    @property
    def value(self):
        return self.mql


def sql_type_of_bson(kinds: frozenset[str]) -> str:
    """One SQL type for the sampled BSON types of a field (nulls ignored)."""
    names = {_FROM_BSON.get(k, "unknown") for k in kinds if k not in ("null", "missing")}
    if not names:
        return "unknown"
    if len(names) == 1:
        return names.pop()
    if names <= INTEGER_TYPES:
        return "bigint"
    return "unknown"


def type_of_value(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Int64):
        return "bigint"
    if isinstance(value, int):
        return "int" if -(2**31) <= value < 2**31 else "bigint"
    if isinstance(value, float):
        return "double"
    if isinstance(value, (Decimal128, decimal.Decimal)):
        return "numeric"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dt.datetime):
        return "timestamp"
    if isinstance(value, ObjectId):
        return "objectid"
    if isinstance(value, dict):
        return "json"
    if isinstance(value, (list, tuple)):
        return "array"
    return "unknown"


def constant(value, type_: str | None = None) -> Typed:
    return Typed(value, type_ or type_of_value(value), value is None, constant=True)


def arithmetic_type(left: str, right: str) -> str:
    """Result type of + - * between two numeric types (PostgreSQL's promotion order)."""
    if "unknown" in (left, right):
        return "unknown"
    if "double" in (left, right):
        return "double"
    if "numeric" in (left, right):
        return "numeric"
    if "bigint" in (left, right):
        return "bigint"
    if left in INTEGER_TYPES and right in INTEGER_TYPES:
        return "int"
    if "null" in (left, right):
        return right if left == "null" else left
    return "unknown"


def python_number(value):
    """A numeric constant as a Python number (Decimal128 -> Decimal), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal128):
        return value.to_decimal()
    if isinstance(value, (int, float, decimal.Decimal)):
        return value
    return None


def bson_number(value):
    """The BSON form of a Python number computed at compile time."""
    if isinstance(value, decimal.Decimal):
        return Decimal128(value)
    if isinstance(value, int) and not -(2**31) <= value < 2**31:
        return Int64(value)
    return value


def numeric_constant_for(constant_value: Typed, other_type: str) -> Typed:
    """A numeric literal (exact, Decimal128) next to a double precision value becomes a
    double, as PostgreSQL casts numeric to float8 there. Comparisons use the same rule for
    fields of unknown type, because MongoDB compares a decimal and a double exactly and
    numbers stored by most drivers are doubles."""
    if constant_value.type != "numeric" or not constant_value.constant or constant_value.mql is None:
        return constant_value
    if other_type in ("double", "unknown", "int", "bigint"):
        return Typed(float(python_number(constant_value.mql)), "double", False, constant=True)
    return constant_value


def coerce_literal_to(value, target: str):
    """A literal compared with a value of type `target`, converted as PostgreSQL converts an
    untyped literal: hex text to ObjectId, date text to a timestamp. Unchanged otherwise."""
    if not isinstance(value, str):
        return value
    if target == "objectid":
        try:
            return ObjectId(value)
        except (InvalidId, TypeError):
            return value
    if target in TEMPORAL_TYPES:
        parsed = parse_timestamp(value)
        return parsed if parsed is not None else value
    return value


def parse_timestamp(text: str) -> dt.datetime | None:
    """PostgreSQL timestamp input ('2025-08-23', '2025-08-23 14:30:00', '...+02') in UTC."""
    cleaned = text.strip().replace(" ", "T", 1) if " " in text.strip() else text.strip()
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    cleaned = _expand_offset(cleaned)
    try:
        value = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def _expand_offset(text: str) -> str:
    """'+02' -> '+02:00' so that fromisoformat accepts PostgreSQL's short offsets."""
    if "T" not in text:
        return text
    head, _, clock = text.partition("T")
    for sign in "+-":
        if sign in clock:
            time_part, _, offset = clock.rpartition(sign)
            if offset.isdigit() and len(offset) == 2:
                return f"{head}T{time_part}{sign}{offset}:00"
    return text


def parse_date(text: str) -> dt.datetime | None:
    """A DATE literal: midnight UTC of the day."""
    try:
        day = dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
