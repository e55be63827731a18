"""generate_series, a set-returning function (in FROM the binder rewrites it into a FROM-less
derived SELECT, so this is the one implementation).

As PostgreSQL does, the select list yields one row per element: the series is computed as an
array in the row ($range and $map, or $reduce for calendar-month steps, which PostgreSQL adds
one after the other: Jan 31, Feb 29, Mar 29) and $unwind makes the rows. It runs after
GROUP BY, HAVING and window functions and before DISTINCT, ORDER BY and LIMIT, so the bounds
may be aggregates (`generate_series(MIN(d), MAX(d), '1 day')`). A NULL argument or an empty
range yields no rows.
"""

from __future__ import annotations

from dataclasses import replace as with_node

from sqlglot import exp

from ..sql.bind import Slot
from .casts import timestamp_text
from .intervals import Interval, parse_interval
from .mql import operand
from .nulls import any_of, is_null
from .types import TEMPORAL_TYPES, Typed, arithmetic_type

SERIES = (exp.ExplodingGenerateSeries, exp.GenerateSeries)
_DAY_MS = 86_400_000


def expand_series(sc, compiler, items, order):
    """Append the stages that make one row per element; return items reading the element."""
    found = []
    for item in items:
        for node in item.node.find_all(*SERIES) if item.node is not None else ():
            if not any(node == f for f in found):
                found.append(node)
    for key in order:
        if key.node is not None and key.node.find(*SERIES):
            raise sc.ctx.unsupported(key.source, "generate_series in ORDER BY")
    if not found:
        return items, order
    if len(found) > 1:
        raise sc.ctx.unsupported(found[1], "more than one set-returning function in a select list")
    series = found[0]
    array, kind = series_array(compiler, series)
    field = f"__srf{sc.ctx.next_name()}"
    sc.add_stage({"$set": {field: array}})
    sc.stages.append({"$unwind": "$" + field})
    if sc.bound.star:
        sc.hidden.append(field)
    slot = Slot(name=field, type=kind, nullable=False)

    def put(node):
        return slot.copy() if node == series else node

    items = [with_node(i, node=i.node.copy().transform(put)) if i.node is not None else i for i in items]
    return items, order


def series_array(c, node: exp.Expression) -> tuple[object, str]:
    """(MQL array of the series' elements, SQL type of an element)."""
    start, stop = c.compile(node.args["start"]), c.compile(node.args["end"])
    step = c.compile(node.args["step"]) if node.args.get("step") is not None else None
    textual_interval = step is not None and step.constant and isinstance(step.mql, str) and parse_interval(step.mql)
    temporal = {start.type, stop.type} & TEMPORAL_TYPES or (step is not None and step.type == "interval") or textual_interval
    if temporal:
        start, stop = (_as_timestamp(c, v, node) for v in (start, stop))
        interval = _constant_interval(c, step, node)
        array = _months(c, start, stop, interval) if interval.months else _fixed(c, start, stop, interval)
        kind = "timestamp"
    else:
        step = step or Typed(1, "int", False, constant=True)
        if step.constant and step.mql == 0:
            raise c.ctx.execution_error(node, "step size cannot equal zero")
        array = _numbers(c, start, stop, step)
        kind = arithmetic_type(arithmetic_type(start.type, stop.type), step.type)
    arguments = [v for v in (start, stop, step) if v is not None and v.nullable]
    if arguments:
        array = {"$cond": [any_of([is_null(operand(v)) for v in arguments]), [], array]}
    return array, kind


def _numbers(c, start: Typed, stop: Typed, step: Typed):
    s, e, st = (f"gs{c.ctx.next_name()}" for _ in range(3))
    count = {"$add": [{"$floor": {"$divide": [{"$subtract": [f"$${e}", f"$${s}"]}, f"$${st}"]}}, 1]}
    elements = {
        "$map": {
            "input": {"$range": [0, {"$max": [0, {"$toInt": count}]}]},
            "in": {"$add": [f"$${s}", {"$multiply": ["$$this", f"$${st}"]}]},
        }
    }
    return {"$let": {"vars": {s: operand(start), e: operand(stop), st: operand(step)}, "in": elements}}


def _fixed(c, start: Typed, stop: Typed, interval: Interval):
    """Steps of days and time: element i is start + i * step (UTC has no DST)."""
    step_ms = interval.days * _DAY_MS + interval.micros // 1000
    s, e = f"gs{c.ctx.next_name()}", f"gs{c.ctx.next_name()}"
    count = {"$add": [{"$floor": {"$divide": [{"$subtract": [f"$${e}", f"$${s}"]}, step_ms]}}, 1]}
    elements = {
        "$map": {
            "input": {"$range": [0, {"$max": [0, {"$toInt": count}]}]},
            "in": {"$add": [f"$${s}", {"$multiply": ["$$this", step_ms]}]},
        }
    }
    return {"$let": {"vars": {s: operand(start), e: operand(stop)}, "in": elements}}


def _months(c, start: Typed, stop: Typed, interval: Interval):
    """Calendar steps, added one after the other as PostgreSQL does (the end of a month
    stays clamped), then cut at the stop bound."""
    s, e = f"gs{c.ctx.next_name()}", f"gs{c.ctx.next_name()}"
    months_apart = {
        "$add": [
            {"$multiply": [{"$subtract": [{"$year": f"$${e}"}, {"$year": f"$${s}"}]}, 12]},
            {"$subtract": [{"$month": f"$${e}"}, {"$month": f"$${s}"}]},
        ]
    }
    steps = {"$max": [0, {"$toInt": {"$add": [{"$floor": {"$divide": [months_apart, interval.months]}}, 1]}}]}
    following = {"$last": "$$value"}
    for unit, amount in (("month", interval.months), ("day", interval.days), ("millisecond", interval.micros // 1000)):
        if amount:
            following = {"$dateAdd": {"startDate": following, "unit": unit, "amount": amount}}
    sequence = {
        "$reduce": {
            "input": {"$range": [0, steps]},
            "initialValue": [f"$${s}"],
            "in": {"$concatArrays": ["$$value", [following]]},
        }
    }
    within = {"$lte" if interval.months > 0 else "$gte": ["$$this", f"$${e}"]}
    kept = {"$filter": {"input": sequence, "cond": within}}
    return {"$let": {"vars": {s: operand(start), e: operand(stop)}, "in": kept}}


def _as_timestamp(c, value: Typed, node) -> Typed:
    """A bound of a timestamp series; a value of unknown type next to an interval is a date."""
    if value.type in TEMPORAL_TYPES | {"unknown"} or value.mql is None:
        return value
    if value.constant and isinstance(value.mql, str):
        return timestamp_text(c, node, value)
    raise c.ctx.unsupported(node, f"generate_series over {value.type} and an interval")


def _constant_interval(c, step: Typed | None, node) -> Interval:
    if step is None:
        raise c.ctx.unsupported(node, "generate_series over timestamps without an interval step")
    interval = step.mql
    if step.constant and isinstance(interval, str):
        interval = parse_interval(interval)
    if not step.constant or not isinstance(interval, Interval):
        raise c.ctx.unsupported(node, "generate_series with a step that is not a constant interval")
    if interval == Interval():
        raise c.ctx.execution_error(node, "step size cannot equal zero")
    if interval.months and (interval.days * interval.months < 0 or interval.micros * interval.months < 0):
        raise c.ctx.unsupported(node, "generate_series with a step mixing signs of months and days")
    return interval
