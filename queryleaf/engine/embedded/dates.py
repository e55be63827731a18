"""Date arithmetic behind the shim's date operators: time zones, truncation, parsing, formatting.

All dates are naive UTC datetimes (as BSON dates come back from the embedded engine); work
that depends on a calendar happens on the wall-clock time of the requested time zone.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import bson
import pytz

from .values import fail, naive_utc, type_name

REFERENCE = dt.datetime(2000, 1, 1)  # $dateTrunc bins count from here (a Saturday)
UNIT_MILLIS = {
    "millisecond": 1,
    "second": 1000,
    "minute": 60_000,
    "hour": 3_600_000,
    "day": 86_400_000,
}
MONTH_UNITS = {"year": 12, "quarter": 3, "month": 1}
UNITS = set(UNIT_MILLIS) | set(MONTH_UNITS) | {"week"}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})?\Z")


def timezone(name):
    """An Olson name, "UTC"/"GMT", or an offset such as "+05:30", "-0800" or "+03"."""
    if name is None or name in ("UTC", "GMT", "Z"):
        return pytz.utc
    if not isinstance(name, str):
        fail(f"timezone must evaluate to a string, found {type_name(name)}", 40517)
    match = _OFFSET.match(name)
    if match:
        minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
        return pytz.FixedOffset(-minutes if match.group(1) == "-" else minutes)
    try:
        return pytz.timezone(name)
    except pytz.UnknownTimeZoneError:
        fail(f'unrecognized time zone identifier: "{name}"', 40485)


def as_date(value, name: str) -> dt.datetime:
    """A Date, ObjectId or Timestamp argument as a naive UTC datetime."""
    if isinstance(value, dt.datetime):
        return naive_utc(value)
    if isinstance(value, bson.ObjectId):
        return naive_utc(value.generation_time)
    if isinstance(value, bson.Timestamp):
        return naive_utc(value.as_datetime())
    fail(f"{name} requires a date, found: {type_name(value)}", 16006)


def to_local(date: dt.datetime, zone) -> dt.datetime:
    return pytz.utc.localize(naive_utc(date)).astimezone(zone).replace(tzinfo=None)


def from_local(local: dt.datetime, zone) -> dt.datetime:
    return zone.localize(local).astimezone(pytz.utc).replace(tzinfo=None)


def weekday_index(name) -> int:
    """Monday=0 .. Sunday=6 from a case-insensitive day name or its 3-letter abbreviation."""
    lowered = str(name).lower()
    for index, day in enumerate(_WEEKDAYS):
        if lowered in (day, day[:3]):
            return index
    fail(f"unknown startOfWeek value: {name}", 5439015)


def add_months(local: dt.datetime, months: int) -> dt.datetime:
    """Calendar months forward; a day past the end of the month sticks to its last day."""
    total = local.year * 12 + local.month - 1 + months
    year, month = divmod(total, 12)
    day = min(local.day, calendar.monthrange(year, month + 1)[1])
    return local.replace(year=year, month=month + 1, day=day)


def week_start(local: dt.datetime, start_of_week: int) -> dt.datetime:
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - dt.timedelta(days=(midnight.weekday() - start_of_week) % 7)


def truncate(local: dt.datetime, unit: str, bin_size: int, start_of_week: int) -> dt.datetime:
    """$dateTrunc on wall-clock time: bins of `bin_size` units counted from 2000-01-01."""
    if unit in MONTH_UNITS:
        months = (local.year - 2000) * 12 + local.month - 1
        months -= months % (MONTH_UNITS[unit] * bin_size)
        return dt.datetime(2000 + months // 12, months % 12 + 1, 1)
    if unit == "week":
        reference = REFERENCE + dt.timedelta(days=(start_of_week - REFERENCE.weekday()) % 7)
        days = (week_start(local, start_of_week) - reference).days
        return reference + dt.timedelta(days=days - days % (7 * bin_size))
    step = UNIT_MILLIS[unit] * bin_size
    elapsed = (local - REFERENCE) // dt.timedelta(milliseconds=1)
    return REFERENCE + dt.timedelta(milliseconds=elapsed - elapsed % step)


def local_millis(local: dt.datetime) -> int:
    return (local - dt.datetime(1970, 1, 1)) // dt.timedelta(milliseconds=1)


# ---------------------------------------------------------------- formatting


def _offset_minutes(date: dt.datetime, zone) -> int:
    return int((to_local(date, zone) - naive_utc(date)).total_seconds() // 60)


def _signed_hhmm(minutes: int) -> str:
    return ("-" if minutes < 0 else "+") + "%02d%02d" % divmod(abs(minutes), 60)


_FORMATTERS = {
    "d": lambda d, m: "%02d" % d.day,
    "G": lambda d, m: "%04d" % d.isocalendar()[0],
    "H": lambda d, m: "%02d" % d.hour,
    "j": lambda d, m: "%03d" % d.timetuple().tm_yday,
    "L": lambda d, m: "%03d" % (d.microsecond // 1000),
    "m": lambda d, m: "%02d" % d.month,
    "M": lambda d, m: "%02d" % d.minute,
    "S": lambda d, m: "%02d" % d.second,
    "w": lambda d, m: "%d" % (d.isoweekday() % 7 + 1),
    "u": lambda d, m: "%d" % d.isoweekday(),
    "U": lambda d, m: d.strftime("%U"),
    "V": lambda d, m: "%02d" % d.isocalendar()[1],
    "Y": lambda d, m: "%04d" % d.year,
    "z": lambda d, m: _signed_hhmm(m),
    "Z": lambda d, m: ("-" if m < 0 else "+") + str(abs(m)),
    "b": lambda d, m: calendar.month_abbr[d.month],
    "B": lambda d, m: calendar.month_name[d.month],
    "%": lambda d, m: "%",
}


def format_date(date: dt.datetime, fmt: str, zone) -> str:
    """$dateToString's format language (%Y, %m, %d, %H, %M, %S, %L, %j, %w, %u, %U, %V, ...)."""
    local, minutes = to_local(date, zone), _offset_minutes(date, zone)

    def replace(match):
        letter = match.group(1)
        if letter not in _FORMATTERS:
            fail(f"Invalid format character '%{letter}' in format string", 18536)
        return _FORMATTERS[letter](local, minutes)

    return re.sub(r"%(.?)", replace, fmt)


# ---------------------------------------------------------------- parsing

_ISO = re.compile(
    r"\s*(?P<Y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<L>\d+))?)?)?"
    r"\s*(?P<z>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*\Z"
)
_FORMAT_PIECES = {
    "Y": r"(?P<Y>\d{4})",
    "m": r"(?P<m>\d{1,2})",
    "d": r"(?P<d>\d{1,2})",
    "H": r"(?P<H>\d{1,2})",
    "M": r"(?P<M>\d{1,2})",
    "S": r"(?P<S>\d{1,2})",
    "L": r"(?P<L>\d{1,3})",
    "j": r"(?P<j>\d{1,3})",
    "z": r"(?P<z>Z|[+-]\d{2}:?\d{2})",
    "Z": r"(?P<Zm>[+-]\d+)",
    "G": r"(?P<G>\d{4})",
    "V": r"(?P<V>\d{1,2})",
    "u": r"(?P<u>\d)",
    "b": r"(?P<b>[A-Za-z]{3})",
    "B": r"(?P<b>[A-Za-z]+)",
    "%": "%",
}


def _format_regex(fmt: str):
    parts, position = [], 0
    for match in re.finditer(r"%(.?)", fmt):
        parts.append(re.escape(fmt[position : match.start()]))
        if match.group(1) not in _FORMAT_PIECES:
            fail(f"Invalid format character '%{match.group(1)}' in format string", 18536)
        parts.append(_FORMAT_PIECES[match.group(1)])
        position = match.end()
    return re.compile("".join(parts) + re.escape(fmt[position:]) + r"\Z")


def _offset_of(fields) -> int | None:
    if fields.get("Zm"):
        return int(fields["Zm"])
    text = fields.get("z")
    if not text:
        return None
    if text in ("Z", "UTC", "GMT"):
        return 0
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return -minutes if text[0] == "-" else minutes


def _wall_clock(fields) -> dt.datetime:
    month = fields.get("m")
    if fields.get("b"):
        month = [m.lower() for m in calendar.month_abbr].index(fields["b"][:3].lower())
    if fields.get("G"):
        base = dt.datetime.fromisocalendar(
            int(fields["G"]), int(fields.get("V") or 1), int(fields.get("u") or 1)
        )
    elif fields.get("j"):
        base = dt.datetime(int(fields["Y"]), 1, 1) + dt.timedelta(days=int(fields["j"]) - 1)
    else:
        base = dt.datetime(int(fields.get("Y") or 1970), int(month or 1), int(fields.get("d") or 1))
    millis = int((fields.get("L") or "0")[:3].ljust(3, "0"))
    clock = dt.timedelta(
        hours=int(fields.get("H") or 0),
        minutes=int(fields.get("M") or 0),
        seconds=int(fields.get("S") or 0),
    )
    return base + clock + dt.timedelta(milliseconds=millis)


def parse_date_string(text: str, fmt: str | None = None, zone_name=None) -> dt.datetime:
    """$dateFromString: ISO 8601 forms by default, or an explicit format; naive UTC result."""
    match = (_format_regex(fmt) if fmt is not None else _ISO).match(text)
    try:
        if not match:
            raise ValueError("no match")
        fields = match.groupdict()
        local = _wall_clock(fields)
    except ValueError:
        fail(f"Error parsing date string '{text}'", 241)
    offset = _offset_of(fields)
    if offset is not None:
        if zone_name is not None:
            message = "you cannot pass in a date/time string with time zone information"
            fail(message + " together with a timezone argument", 40554)
        return local - dt.timedelta(minutes=offset)
    return from_local(local, timezone(zone_name))
