"""Intervals computed while the pipeline runs: timestamp - timestamp, AGE, interval * number.

A runtime interval is the document {months, days, ms}: PostgreSQL keeps months, days and time
apart (a month is not 30 days until two intervals are compared), and BSON dates have
millisecond precision. Constant intervals are the compile-time `Interval` of dates.py and are
folded wherever both sides are known. Comparisons and ORDER BY use PostgreSQL's ordering
value (a month counts 30 days, a day 24 hours); results show PostgreSQL's text form.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from .mql import operand
from .nulls import any_of, is_null
from .types import Typed, constant, python_number

DAY_MS = 86_400_000
MONTH_MS = 30 * DAY_MS
_UNITS = {
    "year": (12, 0, 0), "month": (1, 0, 0), "mon": (1, 0, 0), "week": (0, 7, 0), "day": (0, 1, 0),
    "hour": (0, 0, 3_600_000_000), "minute": (0, 0, 60_000_000), "min": (0, 0, 60_000_000),
    "second": (0, 0, 1_000_000), "sec": (0, 0, 1_000_000), "millisecond": (0, 0, 1000),
    "microsecond": (0, 0, 1), "decade": (120, 0, 0), "century": (1200, 0, 0),
}


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
        """PostgreSQL's output (IntervalStyle postgres): each field with its own sign, a `+`
        on a positive field after a negative one, the time part unjustified."""
        years, months = int(self.months / 12), int(math.fmod(self.months, 12))
        parts, before = [], False
        for value, unit in ((years, "year"), (months, "mon"), (self.days, "day")):
            if value:
                parts.append(f"{'+' if before and value > 0 else ''}{value} {unit}{'s' * (value != 1)}")
                before = value < 0
        if self.micros or not parts:
            seconds, micros = divmod(abs(self.micros), 1_000_000)
            hours, rest = divmod(seconds, 3600)
            sign = "-" if self.micros < 0 else "+" if before else ""
            clock = f"{sign}{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
            parts.append(clock + (f".{micros:06d}".rstrip("0") if micros else ""))
        return " ".join(parts)


_TOKEN = re.compile(
    r"\s*(?:(?P<amount>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>[a-z]+)"
    r"|(?P<sign>[-+]?)(?P<h>\d+):(?P<m>\d{1,2})(?::(?P<s>\d{1,2}(?:\.\d+)?))?"
    r"|(?P<seconds>[-+]?\d+(?:\.\d+)?))"
)


def parse_interval(text: str, unit: str | None = None) -> Interval | None:
    """PostgreSQL interval input: '30 days', '1 year 2 months', '1.5 days', '1 day 02:30:00',
    '90' (seconds); or '7' with a unit (INTERVAL '7' DAY). None when it is not one."""
    text = text.strip().lower()
    if unit is not None:
        text = f"{text} {unit.lower()}"
    total, position = Interval(), 0
    for match in _TOKEN.finditer(text):
        if match.start() != position:
            return None
        part = _interval_part(match)
        if part is None:
            return None
        total, position = total + part, match.end()
    return total if position == len(text) and position else None


def _interval_part(match) -> Interval | None:
    if match.group("unit"):
        name = match.group("unit")
        name = name[:-1] if name in ("mons", "secs", "mins") else name.rstrip("s")
        factors = _UNITS.get(name)
        return None if factors is None else _cascade(float(match.group("amount")), *factors)
    if match.group("h") is not None:
        seconds = int(match.group("h")) * 3600 + int(match.group("m")) * 60 + float(match.group("s") or 0)
        return Interval(micros=round(seconds * 1_000_000) * (-1 if match.group("sign") == "-" else 1))
    return Interval(micros=round(float(match.group("seconds")) * 1_000_000))


def _cascade(amount: float, months: int, days: int, micros: int) -> Interval:
    """A fractional amount of a unit spills into the smaller fields: a month is 30 days, a
    day 24 hours (PostgreSQL: '1.5 months' is 1 mon 15 days)."""
    whole_months = math.trunc(amount * months)
    spill_days = (amount * months - whole_months) * 30 + amount * days
    whole_days = math.trunc(spill_days)
    spill_micros = (spill_days - whole_days) * 86_400_000_000 + amount * micros
    return Interval(whole_months, whole_days, round(spill_micros))


def as_document(interval: Interval) -> dict:
    return {"months": interval.months, "days": interval.days, "ms": interval.micros // 1000}


def runtime(value: Typed):
    """An interval operand as MQL: a constant becomes a literal document."""
    if value.constant and isinstance(value.mql, Interval):
        return {"$literal": as_document(value.mql)}
    return operand(value)


def _guarded(c, values: list[Typed], build) -> object:
    """`build(vars)` over $let variables bound to the values, NULL when any of them is."""
    names = [f"iv{c.ctx.next_name()}" for _ in values]
    body = build(*(f"$${n}" for n in names))
    nullable = [f"$${n}" for n, v in zip(names, values) if v.nullable]
    if nullable:
        body = {"$cond": [any_of([is_null(n) for n in nullable]), None, body]}
    return {"$let": {"vars": {n: runtime(v) for n, v in zip(names, values)}, "in": body}}


def ordering_value(c, value: Typed) -> Typed:
    """The number PostgreSQL compares intervals by: milliseconds, a month as 30 days."""
    if value.constant:
        interval = value.mql
        if interval is None:
            return value
        return constant(interval.months * MONTH_MS + interval.days * DAY_MS + interval.micros // 1000, "bigint")

    def total(iv):
        return {"$add": [{"$multiply": [iv + ".months", MONTH_MS]}, {"$multiply": [iv + ".days", DAY_MS]}, iv + ".ms"]}

    return Typed(_guarded(c, [value], total), "bigint", value.nullable)


def difference(c, left: Typed, right: Typed) -> Typed:
    """timestamp - timestamp: days and time (PostgreSQL justifies whole days, never months)."""
    if left.constant and right.constant:
        if left.mql is None or right.mql is None:
            return constant(None, "interval")
        micros = (left.mql - right.mql) // dt.timedelta(microseconds=1)
        days = int(micros / (DAY_MS * 1000))
        return constant(Interval(0, days, micros - days * DAY_MS * 1000), "interval")

    def build(a, b):
        return {
            "$let": {
                "vars": {"span": {"$subtract": [a, b]}},
                "in": {
                    "months": 0,
                    "days": {"$trunc": {"$divide": ["$$span", DAY_MS]}},
                    "ms": {"$mod": ["$$span", DAY_MS]},
                },
            }
        }

    return Typed(_guarded(c, [left, right], build), "interval", left.nullable or right.nullable)


def add(c, left: Typed, right: Typed, sign: int) -> Typed:
    """interval ± interval, field by field as PostgreSQL adds them."""

    def build(a, b):
        return {
            part: {"$add": [f"{a}.{part}", {"$multiply": [sign, f"{b}.{part}"]}]} for part in ("months", "days", "ms")
        }

    return Typed(_guarded(c, [left, right], build), "interval", left.nullable or right.nullable)


def scale(c, node, interval: Typed, factor: Typed, divide: bool = False) -> Typed:
    """interval * number (or / number): PostgreSQL's interval_mul, fractions of a month
    cascading into days (30 a month) and fractions of a day into time."""
    if interval.constant and factor.constant:
        if interval.mql is None or factor.mql is None:
            return constant(None, "interval")
        number = float(python_number(factor.mql))
        if divide and number == 0:
            raise c.ctx.execution_error(node, "division by zero")
        return constant(scale_constant(interval.mql, 1 / number if divide else number), "interval")
    op = "$divide" if divide else "$multiply"

    def build(iv, f):
        months, days = {op: [iv + ".months", f]}, {op: [iv + ".days", f]}
        month_days = {"$round": [{"$multiply": [{"$subtract": [months, {"$trunc": months}]}, 30]}, 6]}
        seconds = {"$round": [{"$multiply": [
            {"$add": [{"$subtract": [days, {"$trunc": days}]}, {"$subtract": ["$$md", {"$trunc": "$$md"}]}]}, 86400]}, 6]}
        return {
            "$let": {
                "vars": {"md": month_days},
                "in": {
                    "$let": {
                        "vars": {"sec": seconds, "carry": {"$trunc": {"$divide": [seconds, 86400]}}},
                        "in": {
                            "months": {"$trunc": months},
                            "days": {"$add": [{"$trunc": days}, "$$carry", {"$trunc": "$$md"}]},
                            "ms": {"$round": [{"$add": [{op: [iv + ".ms", f]},
                                                        {"$multiply": [{"$subtract": ["$$sec", {"$multiply": ["$$carry", 86400]}]}, 1000]}]}, 0]},
                        },
                    }
                },
            }
        }

    return Typed(_guarded(c, [interval, factor], build), "interval", interval.nullable or factor.nullable)


def scale_constant(interval: Interval, factor: float) -> Interval:
    months = math.trunc(interval.months * factor)
    days = math.trunc(interval.days * factor)
    month_days = round((interval.months * factor - months) * 30, 6)
    seconds = round((interval.days * factor - days + month_days - math.trunc(month_days)) * 86400, 6)
    carry = math.trunc(seconds / 86400)
    seconds -= carry * 86400
    micros = round(interval.micros * factor + seconds * 1_000_000)
    return Interval(months, days + carry + math.trunc(month_days), micros)


def shift(value: Typed, interval: Typed, sign: int) -> Typed:
    """timestamp ± a runtime interval: months (end of month clamped), days, then time."""
    iv = runtime(interval)
    moved = operand(value)
    for unit, part in (("month", "months"), ("day", "days"), ("millisecond", "ms")):
        amount = {"$multiply": [sign, {"$getField": {"field": part, "input": iv}}]}
        moved = {"$dateAdd": {"startDate": moved, "unit": unit, "amount": amount}}
    return Typed(moved, "timestamp", value.nullable or interval.nullable)


def age(c, later: Typed, earlier: Typed) -> Typed:
    """AGE(a, b): years, months and days apart field by field, borrowing as PostgreSQL's
    timestamp_age does (a day borrowed from a month takes that month's length)."""

    def build(a, b):
        first, second = {"$dateToParts": {"date": a}}, {"$dateToParts": {"date": b}}
        return {"$let": {"vars": {"p": first, "q": second, "s": {"$cond": [{"$lt": [a, b]}, -1, 1]}},
                         "in": _age_fields()}}

    return Typed(_guarded(c, [later, earlier], build), "interval", later.nullable or earlier.nullable)


def _age_fields():
    parts = ("millisecond", "second", "minute", "hour", "day", "month", "year")
    diff = {p: {"$multiply": ["$$s", {"$subtract": [f"$$p.{p}", f"$$q.{p}"]}]} for p in parts}
    # the month whose length a borrowed day takes: the earlier argument's when a < b, else b's
    month_of = {"$cond": [{"$lt": ["$$s", 0]}, "$$p", "$$q"]}
    first_day = {"$dateFromParts": {"year": {"$getField": {"field": "year", "input": month_of}},
                                     "month": {"$getField": {"field": "month", "input": month_of}}}}
    month_length = {"$dayOfMonth": {"$dateSubtract": {
        "startDate": {"$dateAdd": {"startDate": first_day, "unit": "month", "amount": 1}}, "unit": "day", "amount": 1}}}
    steps = [("millisecond", 1000, "second"), ("second", 60, "minute"), ("minute", 60, "hour"), ("hour", 24, "day")]
    fields = dict(diff)
    for part, size, upper in steps:
        borrow = {"$lt": [fields[part], 0]}
        fields[upper] = {"$cond": [borrow, {"$subtract": [fields[upper], 1]}, fields[upper]]}
        fields[part] = {"$cond": [borrow, {"$add": [fields[part], size]}, fields[part]]}
    return {"$let": {"vars": {"f": fields, "len": month_length}, "in": _age_days_months()}}


def _age_days_months():
    day, month, year = "$$f.day", "$$f.month", "$$f.year"
    once = {"$lt": [day, 0]}
    twice = {"$lt": [{"$add": [day, "$$len"]}, 0]}
    borrowed = {"$cond": [once, {"$cond": [twice, 2, 1]}, 0]}
    days = {"$add": [day, {"$multiply": [borrowed, "$$len"]}]}
    months = {"$subtract": [month, borrowed]}
    total_months = {"$add": [{"$multiply": [year, 12]}, months]}  # a negative month borrows a year: same total
    time = {"$add": [{"$multiply": [{"$add": [{"$multiply": [{"$add": [{"$multiply": ["$$f.hour", 60]}, "$$f.minute"]}, 60]},
                                              "$$f.second"]}, 1000]}, "$$f.millisecond"]}
    return {part: {"$multiply": ["$$s", value]} for part, value in
            (("months", total_months), ("days", days), ("ms", time))}


_INTERVAL_FIELDS = {
    # PostgreSQL's EXTRACT from an interval: months and years from the month count, the
    # rest from days and time; EPOCH counts a year as 365.25 days and a month as 30
    "YEAR": lambda m, d, t: {"$trunc": {"$divide": [m, 12]}},
    "MONTH": lambda m, d, t: {"$mod": [m, 12]},
    "DAY": lambda m, d, t: d,
    "HOUR": lambda m, d, t: {"$trunc": {"$divide": [t, 3_600_000]}},
    "MINUTE": lambda m, d, t: {"$mod": [{"$trunc": {"$divide": [t, 60_000]}}, 60]},
    "SECOND": lambda m, d, t: {"$divide": [{"$mod": [t, 60_000]}, 1000]},
    "EPOCH": lambda m, d, t: {"$add": [
        {"$multiply": [{"$trunc": {"$divide": [m, 12]}}, 31_557_600]},
        {"$multiply": [{"$mod": [m, 12]}, 2_592_000]},
        {"$multiply": [d, 86_400]},
        {"$divide": [t, 1000]},
    ]},
}


def extract(c, node, field: str, value: Typed) -> Typed:
    rule = _INTERVAL_FIELDS.get(field)
    if rule is None:
        raise c.ctx.unsupported(node, f"EXTRACT({field} FROM interval)")

    def build(iv):
        return rule(iv + ".months", iv + ".days", iv + ".ms")

    kind = "double" if field in ("SECOND", "EPOCH") else "bigint"
    return Typed(_guarded(c, [value], build), kind, value.nullable)
