"""Dates and intervals (trap 10): INTERVAL literals, date/timestamp ± interval, EXTRACT.

An interval is months + days + microseconds, as in PostgreSQL, so `+ INTERVAL '1 month'` is
calendar arithmetic (end of month clamped: Jan 31 + 1 month = Feb 28/29), not a fixed number
of milliseconds. Constant arithmetic is folded at compile time (a range filter on a date
field stays a plain, index-friendly $match); otherwise it becomes $dateAdd in UTC.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from sqlglot import exp

from . import bsontime, casts, intervals
from .intervals import Interval, parse_interval
from .mql import operand
from .types import NUMERIC_TYPES, TEMPORAL_TYPES, Typed, constant


def add_interval(value: dt.datetime, interval: Interval) -> dt.datetime:
    """PostgreSQL's timestamp + interval: months (clamped to the month's end), then days,
    then time."""
    month_index = value.month - 1 + interval.months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    moved = value.replace(year=year, month=month, day=day)
    return moved + dt.timedelta(days=interval.days, microseconds=interval.micros)


def compile_interval(c, node: exp.Interval) -> Typed:
    unit = node.args.get("unit")
    unit_name = unit.name if isinstance(unit, exp.Var) else (unit.key if unit is not None else None)
    text = node.this.name if isinstance(node.this, exp.Literal) else None
    interval = parse_interval(text, unit_name) if text is not None else None
    if interval is None:
        raise c.ctx.unsupported(node, f"INTERVAL {node.sql(dialect='postgres')}")
    return constant(interval, "interval")


def temporal_arithmetic(c, node: exp.Expression, left: Typed, right: Typed) -> Typed | None:
    """+ - * / with a date, timestamp or interval operand; None when no operand is one. A BSON
    Timestamp takes part as the time it holds (`end_ts - start_ts` is an interval)."""
    left, right = bsontime.as_temporal(left), bsontime.as_temporal(right)
    kinds = {left.type, right.type}
    if not kinds & (TEMPORAL_TYPES | {"interval"}):
        return None
    if isinstance(node, (exp.Mul, exp.Div)):
        return _scaled(c, node, left, right)
    if not isinstance(node, (exp.Add, exp.Sub)):
        return None
    sign = -1 if isinstance(node, exp.Sub) else 1
    left, right = _interval_literal(left, right), _interval_literal(right, left)
    movable = TEMPORAL_TYPES | {"unknown"}  # a value of unknown type next to an interval is a date
    if left.type in movable and right.type == "interval":
        return _shift(c, node, left, right, sign)
    if left.type == "interval" and right.type in movable and sign > 0:
        return _shift(c, node, right, left, sign)
    if left.type == "date" and right.type in ("int", "bigint"):
        return _add_days(c, node, left, right, sign)
    if sign < 0 and left.type in TEMPORAL_TYPES and (right.type in TEMPORAL_TYPES | {"unknown"} or _is_text(right)):
        return _between(c, left, casts.timestamp_text(c, node, right))
    if kinds == {"interval"}:
        if left.constant and right.constant:
            return constant(left.mql + (right.mql if sign > 0 else -right.mql), "interval")
        return intervals.add(c, left, right, sign)
    raise c.ctx.unsupported(node, f"{left.type} {'-' if sign < 0 else '+'} {right.type}")


def _scaled(c, node, left: Typed, right: Typed) -> Typed:
    """interval * number, number * interval, interval / number."""
    numeric = NUMERIC_TYPES | {"unknown"}
    if left.type == "interval" and right.type in numeric:
        return intervals.scale(c, node, left, right, divide=isinstance(node, exp.Div))
    if right.type == "interval" and left.type in numeric and isinstance(node, exp.Mul):
        return intervals.scale(c, node, right, left)
    operator = "*" if isinstance(node, exp.Mul) else "/"
    raise c.ctx.unsupported(node, f"{left.type} {operator} {right.type}")


def _between(c, left: Typed, right: Typed) -> Typed:
    """date - date is a number of days; otherwise timestamp - timestamp is an interval."""
    if left.type == "date" and right.type == "date":
        if left.constant and right.constant:
            return constant(None if None in (left.mql, right.mql) else (left.mql - right.mql).days, "int")
        days = {"$dateDiff": {"startDate": operand(right), "endDate": operand(left), "unit": "day"}}
        return Typed({"$toInt": days}, "int", left.nullable or right.nullable)
    return intervals.difference(c, left, right)


def _add_days(c, node, left: Typed, right: Typed, sign: int) -> Typed:
    """date ± integer: whole days, still a date."""
    if right.constant:
        shifted = _shift(c, node, left, constant(Interval(days=int(right.mql)), "interval"), sign)
        return Typed(shifted.mql, "date", shifted.nullable, shifted.constant)
    amount = {"$multiply": [sign, operand(right)]}
    moved = {"$dateAdd": {"startDate": operand(left), "unit": "day", "amount": amount}}
    return Typed(moved, "date", left.nullable or right.nullable)


def _interval_literal(value: Typed, other: Typed) -> Typed:
    """An untyped string next to a date or interval is an interval ('1 day')."""
    if value.constant and isinstance(value.mql, str) and other.type in TEMPORAL_TYPES | {"interval"}:
        parsed = parse_interval(value.mql)
        if parsed is not None and other.type == "interval" or parsed is not None and not _looks_like_date(value.mql):
            return constant(parsed, "interval")
    return value


def _is_text(value: Typed) -> bool:
    return value.constant and isinstance(value.mql, str)


def _looks_like_date(text: str) -> bool:
    return bool(re.match(r"\s*\d{4}-\d", text))


def _shift(c, node, value: Typed, interval: Typed, sign: int) -> Typed:
    if not interval.constant:
        return intervals.shift(value, interval, sign)
    step = interval.mql if sign > 0 else -interval.mql
    if value.constant:
        return constant(None if value.mql is None else add_interval(value.mql, step), "timestamp")
    mql = operand(value)
    for unit, amount in (("month", step.months), ("day", step.days), ("millisecond", step.micros // 1000)):
        if amount:
            mql = {"$dateAdd": {"startDate": mql, "unit": unit, "amount": amount}}
    return Typed(mql, "timestamp", value.nullable)


_EXTRACT = {
    "YEAR": "$year", "MONTH": "$month", "DAY": "$dayOfMonth", "HOUR": "$hour", "MINUTE": "$minute",
    "DOY": "$dayOfYear", "ISODOW": "$isoDayOfWeek", "WEEK": "$isoWeek", "ISOYEAR": "$isoWeekYear",
}


def compile_extract(c, node: exp.Extract) -> Typed:
    field = node.this.name.upper()
    value = c.compile(node.expression)
    if value.type == "interval":
        return intervals.extract(c, node, field, value)
    date = operand(value)
    if field in _EXTRACT:
        mql = {_EXTRACT[field]: date}
    elif field == "DOW":
        mql = {"$subtract": [{"$dayOfWeek": date}, 1]}
    elif field == "QUARTER":
        mql = {"$ceil": {"$divide": [{"$month": date}, 3]}}
    elif field == "SECOND":
        mql = {"$add": [{"$second": date}, {"$divide": [{"$millisecond": date}, 1000]}]}
    elif field == "EPOCH":
        mql = {"$divide": [{"$toLong": date}, 1000]}
    else:
        raise c.ctx.unsupported(node, f"EXTRACT({field})")
    # every date part operator (and $toLong) gives null for a null or missing date
    return Typed(mql, "int" if field not in ("SECOND", "EPOCH") else "double", value.nullable)
