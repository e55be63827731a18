"""BSON Timestamps (the oplog's `ts`, Percona Backup's `start_ts` / `end_ts`): their SQL
type is `bsontimestamp`, a time in whole seconds plus an increment.

Two of them compare and sort as they are (time, then increment), which is what PITR gap
checks need (`lead(start_ts) OVER (...) <> end_ts`). Next to a TIMESTAMP they stand for
their time: an ordering comparison with a constant becomes a bound on the Timestamp itself
(`ts >= TIMESTAMP '2025-08-23 14:30:00'` is `ts >= Timestamp(1755959400, 0)`, which the
oplog's `ts` index serves), anything else converts with `$toDate`.
"""

from __future__ import annotations

import datetime as dt
import math

from bson import Timestamp
from sqlglot import exp

from .mql import operand
from .types import TEMPORAL_TYPES, Typed, constant, parse_timestamp

TYPE = "bsontimestamp"
_MIRROR = {exp.GT: exp.LT, exp.GTE: exp.LTE, exp.LT: exp.GT, exp.LTE: exp.GTE}


def as_temporal(value: Typed) -> Typed:
    """A BSON Timestamp as the TIMESTAMP of its time (seconds precision); others unchanged."""
    if value.type != TYPE:
        return value
    if value.constant:
        return constant(None if value.mql is None else value.mql.as_datetime(), "timestamp")
    return Typed({"$toDate": operand(value)}, "timestamp", value.nullable)


def bounded(kind, left: Typed, right: Typed):
    """(kind, left, right) of `ts OP constant time` as a bound on the Timestamp, or None."""
    if kind not in _MIRROR:
        return None
    if right.type == TYPE and not right.constant:
        kind, left, right = _MIRROR[kind], right, left
    if left.type != TYPE or left.constant or not right.constant:
        return None
    when = right.mql if isinstance(right.mql, dt.datetime) else (
        parse_timestamp(right.mql) if isinstance(right.mql, str) else None)
    if when is None:
        return None
    seconds = when.timestamp()
    whole = math.floor(seconds)
    above = whole if seconds == whole else whole + 1  # the first whole second at or after `when`
    # time > T: seconds >= floor(T) + 1; time >= T: seconds >= ceil(T);
    # time < T: seconds < ceil(T); time <= T: seconds < floor(T) + 1.
    if kind is exp.GT:
        return exp.GTE, left, constant(Timestamp(whole + 1, 0), TYPE)
    if kind is exp.GTE:
        return exp.GTE, left, constant(Timestamp(above, 0), TYPE)
    if kind is exp.LT:
        return exp.LT, left, constant(Timestamp(above, 0), TYPE)
    return exp.LT, left, constant(Timestamp(whole + 1, 0), TYPE)


def comparable_times(left: Typed, right: Typed) -> tuple[Typed, Typed]:
    """A Timestamp next to a TIMESTAMP (or a date literal) is compared by its time."""
    if TYPE in (left.type, right.type) and (left.type in TEMPORAL_TYPES or right.type in TEMPORAL_TYPES or
                                            isinstance(left.mql if left.constant else None, str) or
                                            isinstance(right.mql if right.constant else None, str)):
        return as_temporal(left), as_temporal(right)
    return left, right
