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
from dataclasses import dataclass

from sqlglot import exp

from .mql import operand
from .types import TEMPORAL_TYPES, Typed, constant

_UNITS = {
    "year": (12, 0, 0), "month": (1, 0, 0), "mon": (1, 0, 0), "week": (0, 7, 0), "day": (0, 1, 0),
    "hour": (0, 0, 3_600_000_000), "minute": (0, 0, 60_000_000), "min": (0, 0, 60_000_000),
    "second": (0, 0, 1_000_000), "sec": (0, 0, 1_000_000), "millisecond": (0, 0, 1000),
    "microsecond": (0, 0, 1), "decade": (120, 0, 0), "century": (1200, 0, 0),
}
_PART = re.compile(r"\s*([-+]?\d+(?:\.\d+)?)\s*([a-z]+)")


@dataclass(frozen=True)
class Interval:
    months: int = 0
    days: int = 0
    micros: int = 0

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.months + other.months, self.days + other.days, self.micros + other.micros)

    def __neg__(self) -> Interval:
        return Interval(-self.months, -self.days, -self.micros)

    def __str__(self) -> str:
        parts = []
        years, months = divmod(abs(self.months), 12)
        sign = "-" if self.months < 0 else ""
        parts += [f"{sign}{years} year{'s' * (years != 1)}"] if years else []
        parts += [f"{sign}{months} mon{'s' * (months != 1)}"] if months else []
        parts += [f"{self.days} day{'s' * (abs(self.days) != 1)}"] if self.days else []
        if self.micros or not parts:
            seconds, micros = divmod(abs(self.micros), 1_000_000)
            hours, rest = divmod(seconds, 3600)
            clock = f"{'-' if self.micros < 0 else ''}{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
            parts.append(clock + (f".{micros:06d}".rstrip("0") if micros else ""))
        return " ".join(parts)


def parse_interval(text: str, unit: str | None = None) -> Interval | None:
    """PostgreSQL interval input: '30 days', '1 year 2 months', '24 hours'; or '90' with a unit."""
    text = text.strip().lower()
    if unit is not None:
        text = f"{text} {unit.lower()}"
    total, position = Interval(), 0
    for match in _PART.finditer(text):
        if match.start() != position:
            return None
        name = match.group(2).rstrip("s") if match.group(2) not in ("mons", "secs", "mins") else match.group(2)[:-1]
        factors = _UNITS.get(name)
        if factors is None:
            return None
        amount = float(match.group(1))
        months, days, micros = (round(amount * f) for f in factors)
        total = total + Interval(months, days, micros)
        position = match.end()
    return total if position == len(text) and position else None


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


def temporal_arithmetic(c, node: exp.Binary, left: Typed, right: Typed) -> Typed | None:
    """date/timestamp ± interval, date ± integer days, interval ± interval; None when the
    operands are not temporal."""
    kinds = {left.type, right.type}
    if not kinds & (TEMPORAL_TYPES | {"interval"}):
        return None
    sign = -1 if isinstance(node, exp.Sub) else 1
    movable = TEMPORAL_TYPES | {"unknown"}  # a value of unknown type next to an interval is a date
    if left.type in movable and right.type == "interval":
        return _shift(c, node, left, right.mql if sign > 0 else -right.mql)
    if left.type == "interval" and right.type in movable and sign > 0:
        return _shift(c, node, right, left.mql)
    if left.type == "date" and right.type in ("int", "bigint") and right.constant:
        shifted = _shift(c, node, left, Interval(days=sign * int(right.mql)))
        return Typed(shifted.mql, "date", shifted.nullable, shifted.constant)
    if kinds == {"interval"} and left.constant and right.constant:
        return constant(left.mql + (right.mql if sign > 0 else -right.mql), "interval")
    raise c.ctx.unsupported(node, f"{left.type} {'-' if sign < 0 else '+'} {right.type}",
                            hint="Date arithmetic beyond ± INTERVAL arrives with issue 4.")


def _shift(c, node, value: Typed, interval) -> Typed:
    if not isinstance(interval, Interval):
        raise c.ctx.unsupported(node, "an interval that is not a constant")
    if value.constant:
        return constant(None if value.mql is None else add_interval(value.mql, interval), "timestamp")
    mql = operand(value)
    for unit, amount in (("month", interval.months), ("day", interval.days), ("millisecond", interval.micros // 1000)):
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
    if value.constant:
        raise c.ctx.unsupported(node, "EXTRACT from a constant")
    return Typed({"$cond": [{"$eq": [{"$ifNull": [date, None]}, None]}, None, mql]} if value.nullable else mql,
                 "int" if field not in ("SECOND", "EPOCH") else "double", value.nullable)
