"""Comparing queryleaf's rows with DuckDB's answer to a TPC-H query.

Values: NULL only equals NULL; numbers compare by value whatever their types (queryleaf's
doubles against DuckDB's DECIMALs), integers exactly, other numbers with a relative tolerance
of 1e-6; dates are UTC instants (a DuckDB DATE is midnight UTC, a naive datetime is UTC);
strings exactly.

Rows: in order for the ORDER BY keys; rows tied on every ORDER BY key compare as a multiset
(the order among them is unspecified), and when a LIMIT cut the result inside a tie, the last
tied rows only need the same keys. Without ORDER BY the whole result is one multiset.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Sequence

from .queries import Ordering

REL_TOL = 1e-6
ABS_TOL = 1e-9


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, decimal.Decimal)):
        return value
    to_decimal = getattr(value, "to_decimal", None)  # bson.Decimal128
    return to_decimal() if to_decimal is not None else None


def _instant(value) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return None


def values_equal(expected, actual) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    a, b = _number(expected), _number(actual)
    if a is not None or b is not None:
        if a is None or b is None:
            return False
        if isinstance(a, int) and isinstance(b, int):
            return a == b
        return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=ABS_TOL)
    a, b = _instant(expected), _instant(actual)
    if a is not None or b is not None:
        return a == b
    return type(expected) is type(actual) and expected == actual


def rows_equal(expected: Sequence, actual: Sequence) -> bool:
    return len(expected) == len(actual) and all(map(values_equal, expected, actual))


def _keys_equal(expected: Sequence, actual: Sequence, keys: Sequence[int]) -> bool:
    return all(values_equal(expected[k], actual[k]) for k in keys)


def _runs(rows: Sequence, keys: Sequence[int]) -> list[tuple[int, int]]:
    """[start, end) of each run of consecutive rows with equal ORDER BY keys."""
    if not keys:
        return [(0, len(rows))] if rows else []
    runs: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or not _keys_equal(rows[start], rows[index], keys):
            runs.append((start, index))
            start = index
    return runs


def _same_multiset(expected: Sequence, actual: Sequence) -> bool:
    unused = list(actual)
    for row in expected:
        for index, candidate in enumerate(unused):
            if rows_equal(row, candidate):
                del unused[index]
                break
        else:
            return False
    return not unused


def difference(expected: Sequence, actual: Sequence, ordering: Ordering) -> str | None:
    """None when the rows agree, else a description of the first disagreement."""
    expected, actual = [tuple(r) for r in expected], [tuple(r) for r in actual]
    if len(expected) != len(actual):
        return f"{len(actual)} rows, DuckDB has {len(expected)}" + _excerpt(expected, actual, 0)
    if any(len(row) != len(expected[0]) for row in actual):
        return "rows of different lengths" + _excerpt(expected, actual, 0)
    if not ordering.resolved:  # ORDER BY on something that is not an output column
        if _same_multiset(expected, actual):
            return None
        return "different rows (compared as a multiset)" + _excerpt(expected, actual, 0)
    keys = ordering.keys
    runs = _runs(expected, keys)
    for number, (start, end) in enumerate(runs):
        cut = number == len(runs) - 1 and ordering.limit == len(expected) and bool(keys)
        for index in range(start, end):
            if not _keys_equal(expected[start], actual[index], keys):
                return f"row {index}: ORDER BY keys differ" + _excerpt(expected, actual, index)
        if cut:
            continue  # LIMIT cut this tie: any of the tied rows may be the ones kept
        if not _same_multiset(expected[start:end], actual[start:end]):
            where = f"rows {start}..{end - 1}" if end - start > 1 else f"row {start}"
            return f"{where}: values differ" + _excerpt(expected, actual, start)
    return None


def _excerpt(expected: Sequence, actual: Sequence, at: int, context: int = 3) -> str:
    lo = max(0, at - 1)
    lines = ["", "  DuckDB:"]
    lines += [f"    [{i}] {expected[i]!r}" for i in range(lo, min(len(expected), at + context))]
    lines.append("  queryleaf:")
    lines += [f"    [{i}] {actual[i]!r}" for i in range(lo, min(len(actual), at + context))]
    return "\n".join(lines)
