"""Render Python/BSON values as mongosh source (ISODate, ObjectId, NumberDecimal ...)."""

from __future__ import annotations

import datetime as dt
import json
import re

from bson import Decimal128, Int64, ObjectId, Regex, Timestamp

_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
_INDENT = "  "


def to_mongosh(value, depth: int = 0) -> str:
    """mongosh source for a value; short containers stay on one line."""
    flat = _render(value, depth, flat=True)
    if len(flat) + depth * 2 <= 100:
        return flat
    return _render(value, depth, flat=False)


def _render(value, depth: int, flat: bool) -> str:
    if isinstance(value, dict):
        items = [f"{_key(k)}: {_child(v, depth, flat)}" for k, v in value.items()]
        return _wrap("{", "}", items, depth, flat)
    if isinstance(value, (list, tuple)):
        return _wrap("[", "]", [_child(v, depth, flat) for v in value], depth, flat)
    return _scalar(value)


def _child(value, depth: int, flat: bool) -> str:
    return _render(value, depth + 1, True) if flat else to_mongosh(value, depth + 1)


def _wrap(open_: str, close: str, items: list[str], depth: int, flat: bool) -> str:
    if not items:
        return open_ + close
    if flat:
        pad = " " if open_ == "{" else ""
        return f"{open_}{pad}{', '.join(items)}{pad}{close}"
    inner = _INDENT * (depth + 1)
    return f"{open_}\n{inner}" + f",\n{inner}".join(items) + f"\n{_INDENT * depth}{close}"


def _key(key: str) -> str:
    return key if _IDENTIFIER.match(key) else json.dumps(key)


def _scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Int64):
        return f"NumberLong({int(value)})"
    if isinstance(value, ObjectId):
        return f'ObjectId("{value}")'
    if isinstance(value, Timestamp):
        return f"Timestamp({{ t: {value.time}, i: {value.inc} }})"
    if isinstance(value, Decimal128):
        return f'NumberDecimal("{value}")'
    if isinstance(value, dt.datetime):
        return f'ISODate("{_iso(value)}")'
    if isinstance(value, Regex):
        return f"RegExp({json.dumps(value.pattern)}, {json.dumps(_flags(value.flags))})"
    if isinstance(value, float) and value != value:
        return "NaN"
    return json.dumps(value) if isinstance(value, str) else repr(value)


def _iso(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.isoformat(timespec="milliseconds") + "Z"


def _flags(flags) -> str:
    return flags if isinstance(flags, str) else ""
