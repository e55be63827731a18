"""Output formats for result rows: table, csv, tsv, json, jsonl, markdown, vertical.

Pure functions of (columns, rows): nothing here knows about sessions or servers, so the
same code serves `queryleaf query`, script runs and tests.

How BSON values are shown:

- text formats (table, csv, tsv, markdown): NULL as the `null` string (empty by default,
  as in psql), booleans as `true`/`false`, dates in UTC as psql shows a `timestamptz`
  (`2025-08-23 14:30:00+00`, with milliseconds when they are not zero), ObjectId as its hex
  string, Decimal128 as its exact decimal text, documents and arrays as one-line JSON.
- json and jsonl: one object per row keyed by column name; dates as ISO 8601 strings in UTC
  (`2025-08-23T14:30:00Z`), ObjectId as its hex string, Decimal128 as an exact JSON number,
  NaN and infinities as the strings PostgreSQL's `to_json` uses (`"NaN"`, `"Infinity"`).
  Other BSON types (binary, regex, timestamps) fall back to relaxed Extended JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import math
from collections.abc import Iterable, Sequence
from typing import TextIO

from bson import Decimal128, ObjectId, Timestamp
from tabulate import tabulate

from ..translation import to_json_compatible

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown", "vertical")


def format_result(columns: Sequence[str], rows: Iterable[tuple], fmt: str, null: str = "") -> str:
    """The whole output of one result as a string (what `write_result` would print)."""
    buffer = io.StringIO()
    write_result(columns, rows, fmt, buffer, null=null)
    return buffer.getvalue()


def write_result(
    columns: Sequence[str], rows: Iterable[tuple], fmt: str, out: TextIO, null: str = ""
) -> int:
    """Write a result to `out`; returns the number of rows written.

    csv, tsv, json and jsonl stream row by row, so a large result never sits in memory;
    table and markdown need every row first to size the columns.
    """
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return writer(list(columns), rows, out, null)


# --- values -------------------------------------------------------------------------------


def cell_text(value, null: str = "") -> str:
    """One value as text for the table-like formats."""
    if value is None:
        return null
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, Decimal128):
        return str(value)
    if isinstance(value, dt.datetime):
        return _utc(value).isoformat(sep=" ", timespec=_timespec(value)).replace("+00:00", "+00")
    if isinstance(value, ObjectId):
        return str(value)
    if isinstance(value, Timestamp):  # as mongosh shows a BSON Timestamp
        return f"Timestamp({{ t: {value.time}, i: {value.inc} }})"
    return json_text(value)


def json_text(value) -> str:
    """A value as one line of natural JSON (see the module docstring for the mapping)."""
    if isinstance(value, dict):
        items = (f"{json.dumps(str(k))}: {json_text(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(json_text(v) for v in value) + "]"
    if value is None or isinstance(value, (bool, str)):
        return json.dumps(value)
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, (float, Decimal128)):
        text = _float_text(value) if isinstance(value, float) else str(value)
        return text if _is_finite_number(text) else json.dumps(text)
    if isinstance(value, dt.datetime):
        text = _utc(value).isoformat(timespec=_timespec(value)).replace("+00:00", "Z")
        return json.dumps(text)
    if isinstance(value, ObjectId):
        return json.dumps(str(value))
    return json.dumps(to_json_compatible(value))


def _utc(value: dt.datetime) -> dt.datetime:
    """BSON dates are UTC; the embedded engine hands them back without a timezone."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def _timespec(value: dt.datetime) -> str:
    # BSON dates have millisecond precision: show them only when they are there.
    if value.microsecond == 0:
        return "seconds"
    return "milliseconds" if value.microsecond % 1000 == 0 else "microseconds"


def _float_text(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(value)


def _is_finite_number(text: str) -> bool:
    return decimal.Decimal(text).is_finite()


def _is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal128)) and not isinstance(value, bool)


# --- writers ------------------------------------------------------------------------------


def _write_table(columns: list[str], rows: Iterable[tuple], out: TextIO, null: str) -> int:
    """psql's aligned format: numbers right-aligned, then a `(N rows)` footer."""
    rows = list(rows)
    out.write(_tabulate(columns, rows, null, "presto") + "\n")
    out.write(f"({len(rows)} {'row' if len(rows) == 1 else 'rows'})\n")
    return len(rows)


def _write_vertical(columns: list[str], rows: Iterable[tuple], out: TextIO, null: str) -> int:
    """psql's expanded display (`\\x`): one `-[ RECORD n ]` block per row, padded as psql pads."""
    cells = [[cell_text(v, null) for v in row] for row in rows]
    width = max((len(c) for c in columns), default=0)
    values = max((len(line) for row in cells for v in row for line in v.split("\n")), default=0)
    for number, row in enumerate(cells, 1):
        title = f"-[ RECORD {number} ]"
        out.write(title + "-" * max(width + 3 + values - len(title), 0) + "\n")
        for name, text in zip(columns, row, strict=True):
            out.write(f"{name.ljust(width)} | {text.replace(chr(10), chr(10) + ' ' * width + ' | ')}\n")
    if not cells:
        out.write("(0 rows)\n")
    return len(cells)


def _write_markdown(columns: list[str], rows: Iterable[tuple], out: TextIO, null: str) -> int:
    rows = list(rows)
    escaped = [tuple(_markdown_cell(v, null) for v in row) for row in rows]
    headers = [_markdown_cell(c, null) for c in columns]
    out.write(_tabulate(headers, escaped, null, "pipe", numeric=_numeric_columns(rows, columns)))
    out.write("\n")
    return len(rows)


def _markdown_cell(value, null: str) -> str:
    return cell_text(value, null).replace("|", "\\|").replace("\n", "<br>")


def _tabulate(columns, rows, null: str, style: str, numeric=None) -> str:
    numeric = _numeric_columns(rows, columns) if numeric is None else numeric
    cells = [[v if isinstance(v, str) else cell_text(v, null) for v in row] for row in rows]
    if not columns:
        return ""
    return tabulate(
        cells,
        headers=list(columns),
        tablefmt=style,
        disable_numparse=True,
        colalign=["right" if n else "left" for n in numeric],
    )


def _numeric_columns(rows: list[tuple], columns) -> list[bool]:
    """A column is right-aligned when every non-null value in it is a number."""
    numeric = [None] * len(columns)
    for row in rows:
        for i, value in enumerate(row):
            if value is not None and numeric[i] is not False:
                numeric[i] = _is_number(value)
    return [bool(n) for n in numeric]


def _write_csv(columns: list[str], rows: Iterable[tuple], out: TextIO, null: str) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([cell_text(v, null) for v in row])
        count += 1
    return count


def _write_tsv(columns: list[str], rows: Iterable[tuple], out: TextIO, null: str) -> int:
    """Tab-separated with PostgreSQL COPY text escapes, so every row is one line."""
    out.write("\t".join(_tsv_escape(c) for c in columns) + "\n")
    count = 0
    for row in rows:
        out.write("\t".join(_tsv_escape(cell_text(v, null)) for v in row) + "\n")
        count += 1
    return count


def _tsv_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _json_keys(columns: list[str]) -> list[str]:
    """Unique object keys: a repeated column name gets a suffix (`count`, `count_2`)."""
    seen: dict[str, int] = {}
    keys = []
    for name in columns:
        seen[name] = seen.get(name, 0) + 1
        keys.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return keys


def _json_object(keys: list[str], row: tuple) -> str:
    items = (f"{json.dumps(k)}: {json_text(v)}" for k, v in zip(keys, row, strict=True))
    return "{" + ", ".join(items) + "}"


def _write_jsonl(columns: list[str], rows: Iterable[tuple], out: TextIO, null: str) -> int:
    keys = _json_keys(columns)
    count = 0
    for row in rows:
        out.write(_json_object(keys, row) + "\n")
        count += 1
    return count


def _write_json(columns: list[str], rows: Iterable[tuple], out: TextIO, null: str) -> int:
    """A JSON array with one row object per line, written as the rows arrive."""
    keys = _json_keys(columns)
    count = 0
    for row in rows:
        out.write(("[\n  " if count == 0 else ",\n  ") + _json_object(keys, row))
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


_WRITERS = {
    "table": _write_table,
    "csv": _write_csv,
    "tsv": _write_tsv,
    "json": _write_json,
    "jsonl": _write_jsonl,
    "markdown": _write_markdown,
    "vertical": _write_vertical,
}
