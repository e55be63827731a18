"""Date and time functions: DATE_TRUNC, DATE_BIN, TO_CHAR, TO_TIMESTAMP, MAKE_INTERVAL, AGE,
LOCALTIMESTAMP, AT TIME ZONE, and ObjectId time.

Results follow PostgreSQL with the session time zone UTC (BSON dates are UTC instants).
Constant arguments fold at compile time, so `WHERE d >= DATE_TRUNC('month', CURRENT_DATE)`
stays a plain, index-friendly $match.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from bson import ObjectId
from sqlglot import exp

from . import bsontime, datefmt, intervals
from .casts import epoch_to_date, timestamp_text
from .intervals import Interval, parse_interval
from .mql import operand
from .nulls import null_if_any_null
from .types import NUMERIC_TYPES, TEMPORAL_TYPES, Typed, constant, python_number

_OBJECTID_END = dt.datetime(2106, 2, 7, 6, 28, 16, tzinfo=dt.UTC)  # 2**32 seconds
_TRUNC_UNITS = {"millisecond", "second", "minute", "hour", "day", "week", "month", "quarter", "year"}


def _date_trunc(c, node: exp.TimestampTrunc) -> Typed:
    unit = node.args["unit"].name.lower().rstrip("s")
    unit = {"milliseconds": "millisecond", "mon": "month"}.get(unit, unit)
    if unit not in _TRUNC_UNITS:
        raise c.ctx.unsupported(node, f"DATE_TRUNC('{unit}', ...)")
    value = c.compile(node.this)
    zone = _zone(c, node.args.get("zone"), node)
    if value.constant and zone is None:
        return constant(None if value.mql is None else truncate(value.mql, unit), "timestamp")
    spec = {"date": operand(value), "unit": unit, **({"startOfWeek": "monday"} if unit == "week" else {})}
    if zone is not None:
        spec["timezone"] = zone
    return Typed({"$dateTrunc": spec}, "timestamp", value.nullable)


def truncate(value: dt.datetime, unit: str) -> dt.datetime:
    """DATE_TRUNC of a known instant, in UTC."""
    if unit == "millisecond":
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    keep = ["year", "month", "day", "hour", "minute", "second"]
    cut = {"week": "day", "quarter": "month"}.get(unit, unit)
    fields = {"month": 1, "day": 1, "hour": 0, "minute": 0, "second": 0, "microsecond": 0}
    result = value.replace(**{k: v for k, v in fields.items() if k not in keep[: keep.index(cut) + 1]})
    if unit == "week":
        result -= dt.timedelta(days=result.weekday())
    if unit == "quarter":
        result = result.replace(month=(result.month - 1) // 3 * 3 + 1)
    return result


def _date_bin(c, node: exp.DateBin) -> Typed:
    """DATE_BIN(stride, source, origin): origin + floor((source - origin) / stride) * stride."""
    stride = _constant_interval(c, node.this, node)
    if stride.months:
        raise c.ctx.execution_error(node, "timestamps cannot be binned into intervals containing months or years")
    step = stride.days * intervals.DAY_MS + stride.micros // 1000
    if step <= 0:
        raise c.ctx.execution_error(node, "stride must be greater than zero")
    source = c.compile(node.expression)
    origin = c.compile(node.args["unit"]) if node.args.get("unit") is not None else None
    if origin is None:
        raise c.ctx.unsupported(node, "DATE_BIN without an origin")
    bins = {"$floor": {"$divide": [{"$subtract": [operand(source), operand(origin)]}, step]}}
    mql = {"$add": [operand(origin), {"$multiply": [bins, step]}]}
    return Typed(null_if_any_null([source, origin], mql), "timestamp", source.nullable or origin.nullable)


def _to_timestamp_epoch(c, node: exp.UnixToTime) -> Typed:
    value = c.compile(node.this)
    if value.type == bsontime.TYPE:  # the time a BSON Timestamp holds
        return bsontime.as_temporal(value)
    if value.constant:
        if value.mql is None:
            return constant(None, "timestamp")
        seconds = float(python_number(value.mql))
        return constant(dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=seconds), "timestamp")
    if value.type not in NUMERIC_TYPES | {"unknown"}:
        raise c.ctx.unsupported(node, f"TO_TIMESTAMP({value.type})")
    return Typed(epoch_to_date(operand(value)), "timestamp", value.nullable)


def _to_timestamp_text(c, node: exp.Anonymous) -> Typed:
    text, pattern = (c.compile(a) for a in node.expressions)
    codes = datefmt.parse_codes(c, node, _template(c, node, pattern))
    mql = {"$dateFromString": {"dateString": operand(text), "format": codes, "onNull": None}}
    return Typed(mql, "timestamp", text.nullable)


def _to_char(c, node: exp.Anonymous) -> Typed:
    if len(node.expressions) != 2:
        raise c.ctx.unresolved(node, "function to_char() needs a value and a format")
    value, pattern = (c.compile(a) for a in node.expressions)
    if value.type not in TEMPORAL_TYPES | {"unknown"}:
        raise c.ctx.unsupported(node, f"TO_CHAR of {value.type}")
    mql = datefmt.to_char(c, node, operand(value), _template(c, node, pattern))
    return Typed(null_if_any_null([value], mql), "text", value.nullable)


def _template(c, node, pattern: Typed) -> str:
    if not pattern.constant or not isinstance(pattern.mql, str):
        raise c.ctx.unsupported(node, f"{node.name.upper()} with a format that is not a constant")
    return pattern.mql


def _make_interval(c, node: exp.MakeInterval) -> Typed:
    """MAKE_INTERVAL(years, months, weeks, days, hours, mins, secs)."""
    weights = {"year": ("months", 12), "month": ("months", 1), "week": ("days", 7), "day": ("days", 1),
               "hour": ("ms", 3_600_000), "minute": ("ms", 60_000), "second": ("ms", 1000)}
    parts: dict[str, list] = {"months": [], "days": [], "ms": []}
    values = []
    for key, (part, weight) in weights.items():
        arg = node.args.get(key)
        if arg is None:
            continue
        value = c.compile(arg.expression if isinstance(arg, exp.Kwarg) else arg)
        values.append(value)
        parts[part].append((value, weight))
    if all(v.constant for v in values):
        if any(v.mql is None for v in values):
            return constant(None, "interval")
        total = {p: sum(float(python_number(v.mql)) * w for v, w in items) for p, items in parts.items()}
        return constant(Interval(int(total["months"]), int(total["days"]), round(total["ms"] * 1000)), "interval")
    document = {p: {"$add": [0, *({"$multiply": [operand(v), w]} for v, w in items)]} for p, items in parts.items()}
    document["ms"] = {"$round": [document["ms"], 0]}
    return Typed(null_if_any_null(values, document), "interval", any(v.nullable for v in values))


def _age(c, node: exp.Anonymous) -> Typed:
    """AGE(a, b), or AGE(a): from midnight of the current date."""
    args = [timestamp_text(c, node, c.compile(a)) for a in node.expressions]
    if len(args) == 1:
        midnight = c.ctx.now.replace(hour=0, minute=0, second=0, microsecond=0)
        args.insert(0, constant(midnight, "timestamp"))
    if len(args) != 2 or any(a.type not in TEMPORAL_TYPES | {"unknown"} for a in args):
        raise c.ctx.unresolved(node, "function age() takes one or two timestamps")
    return intervals.age(c, args[0], args[1])


def _localtimestamp(c, node) -> Typed:
    return constant(c.ctx.now, "timestamp")


def _at_time_zone(c, node: exp.AtTimeZone) -> Typed:
    """A UTC instant AT TIME ZONE z is z's wall-clock time; a wall-clock value (a TIMESTAMP
    literal, or the result of AT TIME ZONE) AT TIME ZONE z is the instant it names in z."""
    zone = _zone(c, node.args["zone"], node)
    value = c.compile(node.this)
    to_wall = not _is_wall_clock(node.this)
    if value.constant:
        if value.mql is None:
            return constant(None, "timestamp")
        instant = value.mql.astimezone(dt.UTC)
        if to_wall:
            moved = instant.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=dt.UTC)
        else:
            moved = instant.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(dt.UTC)
        return constant(moved, "timestamp")
    parts = {"$dateToParts": {"date": operand(value), **({"timezone": zone} if to_wall else {})}}
    names = ("year", "month", "day", "hour", "minute", "second", "millisecond")
    rebuilt = {name: f"$$p.{name}" for name in names}
    if not to_wall:
        rebuilt["timezone"] = zone
    mql = {"$let": {"vars": {"p": parts}, "in": {"$dateFromParts": rebuilt}}}  # null in, null out
    return Typed(mql, "timestamp", value.nullable)


def _is_wall_clock(node) -> bool:
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.AtTimeZone):
        return True
    return isinstance(node, exp.Cast) and node.to.this == exp.DataType.Type.TIMESTAMP


def _zone(c, node, parent) -> str | None:
    if node is None:
        return None
    zone = c.compile(node)
    if not zone.constant or not isinstance(zone.mql, str):
        raise c.ctx.unsupported(parent, "a time zone that is not a constant")
    try:
        zoneinfo.ZoneInfo(zone.mql)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise c.ctx.execution_error(parent, f'time zone "{zone.mql}" not recognized') from error
    return zone.mql


def _constant_interval(c, node, parent) -> Interval:
    value = c.compile(node)
    interval = parse_interval(value.mql) if value.constant and isinstance(value.mql, str) else value.mql
    if not value.constant or not isinstance(interval, Interval):
        raise c.ctx.unsupported(parent, "a stride that is not a constant interval")
    return interval


def _objectid_timestamp(c, node: exp.Anonymous) -> Typed:
    """The creation time an ObjectId carries (seconds precision)."""
    (value,) = [c.compile(a) for a in node.expressions]
    if value.constant:
        oid = value.mql if isinstance(value.mql, ObjectId) else ObjectId(value.mql) if value.mql else None
        return constant(None if oid is None else oid.generation_time, "timestamp")
    return Typed(null_if_any_null([value], {"$toDate": operand(value)}), "timestamp", value.nullable)


def _objectid_from_timestamp(c, node: exp.Anonymous) -> Typed:
    """The smallest ObjectId created at a time: `_id >= objectid_from_timestamp(t)` selects
    documents created since t through the _id index."""
    (value,) = [timestamp_text(c, node, c.compile(a)) for a in node.expressions]
    if not value.constant:
        raise c.ctx.unsupported(node, "objectid_from_timestamp of a value that is not a constant")
    when = value.mql
    if when is not None and not dt.datetime(1970, 1, 1, tzinfo=dt.UTC) <= when < _OBJECTID_END:
        raise c.ctx.execution_error(node, f"{when.isoformat()} is outside the time an ObjectId can hold (1970-2106)")
    return constant(None if when is None else ObjectId.from_datetime(when), "objectid")


FUNCTIONS = {
    exp.TimestampTrunc: _date_trunc,
    exp.DateBin: _date_bin,
    exp.UnixToTime: _to_timestamp_epoch,
    exp.MakeInterval: _make_interval,
    exp.Localtimestamp: _localtimestamp,
    exp.AtTimeZone: _at_time_zone,
}

def _ts_time(c, node: exp.Anonymous) -> Typed:
    """ts_time(ts): the time of a BSON Timestamp (the oplog's ts), as a TIMESTAMP."""
    (value,) = [c.compile(a) for a in node.expressions]
    if value.type not in (bsontime.TYPE, "unknown") and not (value.constant and value.mql is None):
        raise c.ctx.unsupported(node, f"ts_time({value.type}): it takes a BSON Timestamp")
    return bsontime.as_temporal(Typed(value.mql, bsontime.TYPE, value.nullable, value.constant))


NAMED = {
    "ts_time": _ts_time,
    "age": _age,
    "to_char": _to_char,
    "to_timestamp": _to_timestamp_text,
    "objectid_timestamp": _objectid_timestamp,
    "objectid_from_timestamp": _objectid_from_timestamp,
}
