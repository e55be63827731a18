"""Date expression operators: date parts, $dateTrunc, $dateAdd/$dateSubtract, $dateDiff,
$dateToString and $dateFromString, with the server's null handling and time zones.

Server rules: a null or missing argument gives null; `timezone` takes Olson names or offsets;
$dateDiff counts unit boundaries crossed (23:00 -> 01:00 next day is 1 day), as a long.
"""

from __future__ import annotations

import datetime as dt

import bson
from mongomock_ng import OperationFailure

from .dates import (
    MONTH_UNITS,
    UNIT_MILLIS,
    UNITS,
    add_months,
    as_date,
    format_date,
    from_local,
    local_millis,
    parse_date_string,
    timezone,
    to_local,
    truncate,
    week_start,
    weekday_index,
)
from .dispatch import evaluate, named, operator, unary
from .values import exact, fail, is_integral, is_nullish, naive_utc, type_name

_PARTS = {
    "$year": lambda d: d.year,
    "$month": lambda d: d.month,
    "$dayOfMonth": lambda d: d.day,
    "$hour": lambda d: d.hour,
    "$minute": lambda d: d.minute,
    "$second": lambda d: d.second,
    "$millisecond": lambda d: d.microsecond // 1000,
    "$dayOfYear": lambda d: d.timetuple().tm_yday,
    "$dayOfWeek": lambda d: d.isoweekday() % 7 + 1,
    "$week": lambda d: int(d.strftime("%U")),
    "$isoWeek": lambda d: d.isocalendar()[1],
    "$isoWeekYear": lambda d: d.isocalendar()[0],
    "$isoDayOfWeek": lambda d: d.isoweekday(),
}


def _evaluate_spec(parser, spec: dict, defaults: dict) -> dict | None:
    """Evaluate named arguments; None when any given one is null or missing."""
    values = dict(defaults)
    for key, expression in spec.items():
        values[key] = evaluate(parser, expression)
        if is_nullish(values[key]):
            return None
    return values


def _without_week_start(spec: dict) -> dict:
    return {k: v for k, v in spec.items() if k != "startOfWeek"}


def _add_week_start(parser, spec: dict, values: dict) -> bool:
    """Add startOfWeek (default Sunday); False when it is null with unit "week" (result null)."""
    values["startOfWeek"] = (
        evaluate(parser, spec["startOfWeek"]) if "startOfWeek" in spec else "sunday"
    )
    if is_nullish(values["startOfWeek"]):
        if values["unit"] == "week":
            return False
        values["startOfWeek"] = "sunday"
    return True


def _date_part(name, function):
    def handler(parser, args):
        if isinstance(args, dict) and "date" in args:
            spec = named(args, name, required=("date",), optional=("timezone",))
            values = _evaluate_spec(parser, spec, {"timezone": None})
        else:
            value = unary(parser, args, name)
            values = None if is_nullish(value) else {"date": value, "timezone": None}
        if values is None:
            return None
        return function(to_local(as_date(values["date"], name), timezone(values["timezone"])))

    return handler


for _name, _function in _PARTS.items():
    operator(_name)(_date_part(_name, _function))


def _unit(value, name):
    if value not in UNITS:
        fail(f"{name}: unknown time unit value: {value}", 5439014)
    return value


@operator("$dateTrunc")
def date_trunc(parser, args):
    """Start of the `binSize`-unit bin holding `date`, bins counted from 2000-01-01."""
    spec = named(
        args,
        "$dateTrunc",
        required=("date", "unit"),
        optional=("binSize", "timezone", "startOfWeek"),
    )
    values = _evaluate_spec(parser, _without_week_start(spec), {"binSize": 1, "timezone": None})
    if values is None or not _add_week_start(parser, spec, values):
        return None
    unit = _unit(values["unit"], "$dateTrunc")
    if not is_integral(values["binSize"]) or exact(values["binSize"]) <= 0:
        fail("$dateTrunc requires 'binSize' to be a positive integer", 5439017)
    zone = timezone(values["timezone"])
    local = to_local(as_date(values["date"], "$dateTrunc"), zone)
    truncated = truncate(
        local, unit, int(exact(values["binSize"])), weekday_index(values["startOfWeek"])
    )
    return from_local(truncated, zone)


def _date_add(name, sign):
    def handler(parser, args):
        spec = named(args, name, required=("startDate", "unit", "amount"), optional=("timezone",))
        values = _evaluate_spec(parser, spec, {"timezone": None})
        if values is None:
            return None
        unit, amount = _unit(values["unit"], name), values["amount"]
        if not is_integral(amount):
            fail(f"{name} requires an integer 'amount', found {type_name(amount)}", 5166403)
        return shift(
            as_date(values["startDate"], name),
            unit,
            sign * int(exact(amount)),
            timezone(values["timezone"]),
        )

    return handler


def shift(date: dt.datetime, unit: str, amount: int, zone) -> dt.datetime:
    """Calendar units move wall-clock time in the zone; smaller units move absolute time."""
    if unit in MONTH_UNITS:
        return from_local(add_months(to_local(date, zone), amount * MONTH_UNITS[unit]), zone)
    if unit in ("week", "day"):
        days = amount * (7 if unit == "week" else 1)
        return from_local(to_local(date, zone) + dt.timedelta(days=days), zone)
    return date + dt.timedelta(milliseconds=amount * UNIT_MILLIS[unit])


operator("$dateAdd")(_date_add("$dateAdd", 1))
operator("$dateSubtract")(_date_add("$dateSubtract", -1))


@operator("$dateDiff")
def date_diff(parser, args):
    """Number of unit boundaries between startDate and endDate (a long, negative if reversed)."""
    spec = named(
        args,
        "$dateDiff",
        required=("startDate", "endDate", "unit"),
        optional=("timezone", "startOfWeek"),
    )
    values = _evaluate_spec(parser, _without_week_start(spec), {"timezone": None})
    if values is None or not _add_week_start(parser, spec, values):
        return None
    unit, zone = _unit(values["unit"], "$dateDiff"), timezone(values["timezone"])
    start = to_local(as_date(values["startDate"], "$dateDiff"), zone)
    end = to_local(as_date(values["endDate"], "$dateDiff"), zone)
    return bson.Int64(_boundaries(start, end, unit, weekday_index(values["startOfWeek"])))


def _boundaries(start: dt.datetime, end: dt.datetime, unit: str, start_of_week: int) -> int:
    if unit in MONTH_UNITS:
        size = MONTH_UNITS[unit]
        return (end.year * 12 + end.month - 1) // size - (start.year * 12 + start.month - 1) // size
    if unit == "week":
        return (week_start(end, start_of_week) - week_start(start, start_of_week)).days // 7
    step = UNIT_MILLIS[unit]
    return local_millis(end) // step - local_millis(start) // step


@operator("$dateToString")
def date_to_string(parser, args):
    spec = named(
        args, "$dateToString", required=("date",), optional=("format", "timezone", "onNull")
    )
    date = evaluate(parser, spec["date"])
    if is_nullish(date):
        return evaluate(parser, spec["onNull"]) if "onNull" in spec else None
    rest = {k: v for k, v in spec.items() if k in ("format", "timezone")}
    values = _evaluate_spec(parser, rest, {"format": "%Y-%m-%dT%H:%M:%S.%LZ", "timezone": None})
    if values is None:
        return None
    return format_date(
        as_date(date, "$dateToString"), values["format"], timezone(values["timezone"])
    )


@operator("$dateFromString")
def date_from_string(parser, args):
    """Parse ISO 8601 (or `format`); `onNull` for null input, `onError` for unparsable input."""
    spec = named(
        args,
        "$dateFromString",
        required=("dateString",),
        optional=("format", "timezone", "onError", "onNull"),
    )
    text = evaluate(parser, spec["dateString"])
    if is_nullish(text):
        return evaluate(parser, spec["onNull"]) if "onNull" in spec else None
    rest = {k: v for k, v in spec.items() if k in ("format", "timezone")}
    values = _evaluate_spec(parser, rest, {"format": None, "timezone": None})
    if values is None:
        return None
    try:
        if not isinstance(text, str):
            fail(
                f"$dateFromString requires that 'dateString' be a string, found: {type_name(text)}",
                241,
            )
        return naive_utc(parse_date_string(text, values["format"], values["timezone"]))
    except (OperationFailure, ValueError, OverflowError):
        if "onError" in spec:
            return evaluate(parser, spec["onError"])
        raise


_CLOCK = ("hour", "minute", "second", "millisecond")


@operator("$dateToParts")
def date_to_parts(parser, args):
    """{year, month, day, hour, minute, second, millisecond} of the date's wall clock."""
    spec = named(args, "$dateToParts", required=("date",), optional=("timezone", "iso8601"))
    if spec.get("iso8601"):
        fail("$dateToParts with iso8601 is not supported by the embedded engine", 40517)
    values = _evaluate_spec(parser, {k: v for k, v in spec.items() if k != "iso8601"}, {"timezone": None})
    if values is None:
        return None
    local = to_local(as_date(values["date"], "$dateToParts"), timezone(values["timezone"]))
    parts = {"year": local.year, "month": local.month, "day": local.day, "hour": local.hour,
             "minute": local.minute, "second": local.second, "millisecond": local.microsecond // 1000}
    return parts


@operator("$dateFromParts")
def date_from_parts(parser, args):
    """A date from calendar parts; values outside a part's range carry into the next one, as
    the server does (month 13 is January of the next year, day 0 the last of the month before)."""
    spec = named(args, "$dateFromParts", required=("year",),
                 optional=("month", "day", *_CLOCK, "timezone"))
    values = _evaluate_spec(parser, spec, {"month": 1, "day": 1, "hour": 0, "minute": 0, "second": 0,
                                           "millisecond": 0, "timezone": None})
    if values is None:
        return None
    for key, value in values.items():
        if key != "timezone" and not is_integral(value):
            fail(f"'{key}' must evaluate to an integer, found {type_name(value)}", 40515)
    months = int(values["year"]) * 12 + int(values["month"]) - 1
    local = dt.datetime(months // 12, months % 12 + 1, 1) + dt.timedelta(
        days=int(values["day"]) - 1, hours=int(values["hour"]), minutes=int(values["minute"]),
        seconds=int(values["second"]), milliseconds=int(values["millisecond"]))
    return from_local(local, timezone(values["timezone"]))
