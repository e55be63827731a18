"""Check the reference pipelines against DuckDB on the same generated TPC-H data.

    python -m benchmarks.tpch_reference.check [--sf 0.01] [--repeat 1] [QUERY ...]

Runs each reference pipeline on the embedded engine (database "tpch" loaded by
tests/tpch/data.py) and compares the rows with DuckDB's answer to the same query of
tpch_queries() on the same data: same column names in the same order, same rows in the
query's order (rows whose ORDER BY keys tie may come in any order; LIMIT cut-offs inside a
tie are accepted when the tied keys agree), floats with relative tolerance 1e-6, integer
columns as integers, dates as BSON dates at midnight UTC. Prints OK/FAIL and the wall time
of each pipeline (the best of --repeat runs); exits 1 if any query fails.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import decimal
import math
import sys
import time

from benchmarks.tpch_reference import REFERENCE

# Output columns (0-based) of each query's ORDER BY, with True for descending: rows tied on
# them may come in any order. Queries without ORDER BY return a single row.
ORDER_KEYS: dict[int, list[tuple[int, bool]]] = {
    1: [(0, False), (1, False)],
    2: [(0, True), (2, False), (1, False), (3, False)],
    3: [(1, True), (2, False)],
    4: [(0, False)],
    5: [(1, True)],
    7: [(0, False), (1, False), (2, False)],
    8: [(0, False)],
    9: [(0, False), (1, True)],
    10: [(2, True)],
    11: [(1, True)],
    12: [(0, False)],
    13: [(1, True), (0, True)],
    15: [(0, False)],
    16: [(3, True), (0, False), (1, False), (2, False)],
    18: [(4, True), (3, False)],
    20: [(0, False)],
    21: [(1, True), (0, False)],
    22: [(0, False)],
}
REL_TOL = 1e-6
# DuckDB LIMITs per query, so that a cut inside a tie is not reported as a difference.
LIMITS = {2: 100, 3: 10, 10: 20, 18: 100, 21: 100}


def _normal(value):
    """A DuckDB or BSON value in one comparable form."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _same_value(expected, actual) -> bool:
    expected, actual = _normal(expected), _normal(actual)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int):
        return isinstance(actual, int) and expected == actual
    if isinstance(expected, float):
        if not isinstance(actual, (int, float)):
            return False
        return math.isclose(expected, actual, rel_tol=REL_TOL, abs_tol=1e-9)
    return type(expected) is type(actual) and expected == actual


def _same_row(expected, actual) -> bool:
    return len(expected) == len(actual) and all(map(_same_value, expected, actual))


def _tie_key(row, number):
    return tuple(_normal(row[i]) for i, _ in ORDER_KEYS.get(number, []))


def _tie_groups(rows, number):
    """Consecutive runs of rows with equal ORDER BY keys (floats compared with tolerance)."""
    groups = []
    for row in rows:
        key = _tie_key(row, number)
        if groups and all(_same_value(a, b) for a, b in zip(groups[-1][0], key)):
            groups[-1][1].append(row)
        else:
            groups.append((key, [row]))
    return groups


def _same_rows(number, expected, actual) -> str | None:
    """None when equal; otherwise a description of the first difference."""
    if len(expected) != len(actual):
        return f"{len(actual)} rows, DuckDB has {len(expected)}"
    if all(_same_row(e, a) for e, a in zip(expected, actual)):
        return None
    expected_groups, actual_groups = _tie_groups(expected, number), _tie_groups(actual, number)
    if len(expected_groups) != len(actual_groups):
        return _first_difference(expected, actual)
    for index, ((key_e, rows_e), (key_a, rows_a)) in enumerate(zip(expected_groups, actual_groups)):
        if len(rows_e) != len(rows_a) or not all(_same_value(a, b) for a, b in zip(key_e, key_a)):
            return _first_difference(expected, actual)
        last = index == len(expected_groups) - 1
        if last and number in LIMITS and len(expected) == LIMITS[number]:
            continue  # a LIMIT may cut a tie anywhere
        remaining = list(rows_a)
        for row in rows_e:
            match = next((r for r in remaining if _same_row(row, r)), None)
            if match is None:
                return _first_difference(expected, actual)
            remaining.remove(match)
    return None


def _first_difference(expected, actual) -> str:
    for index, (e, a) in enumerate(zip(expected, actual)):
        if not _same_row(e, a):
            return f"row {index}: expected {e!r}, got {a!r}"
    return "rows differ"


def duckdb_answer(con, number: int):
    query = con.execute("SELECT query FROM tpch_queries() WHERE query_nr = ?", [number]).fetchone()[
        0
    ]
    cursor = con.cursor()
    cursor.execute(query)
    rows = cursor.fetchall()
    return [d[0] for d in cursor.description], [tuple(r) for r in rows]


def run_reference(db, number: int) -> list[dict]:
    collection, pipeline = REFERENCE[number]
    pipeline = copy.deepcopy(pipeline)  # the embedded engine may consume stage options
    target = db if collection is None else db[collection]
    return list(target.aggregate(pipeline))


def timed(db, number: int, repeat: int) -> tuple[list[dict], float]:
    best, docs = math.inf, []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        docs = run_reference(db, number)
        best = min(best, time.perf_counter() - start)
    return docs, best


def check(number: int, db, con, repeat: int = 1) -> tuple[bool, float, str]:
    columns, expected = duckdb_answer(con, number)
    docs, seconds = timed(db, number, repeat)
    for doc in docs:
        if list(doc) != columns:
            return False, seconds, f"columns {list(doc)}, DuckDB has {columns}"
    actual = [tuple(doc.values()) for doc in docs]
    problem = _same_rows(number, expected, actual)
    return problem is None, seconds, problem or f"{len(actual)} rows"


def main(argv: list[str] | None = None) -> int:
    from tests.tpch import data

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("queries", nargs="*", type=int, help="query numbers (default: all 22)")
    parser.add_argument("--sf", type=float, default=data.SCALE_FACTOR, help="TPC-H scale factor")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per query; the best time is shown"
    )
    args = parser.parse_args(argv)

    start = time.perf_counter()
    db = data.embedded_client(args.sf)[data.DATABASE]
    con = data.duckdb_database(args.sf).cursor()
    print(
        f"sf={args.sf}: data generated and loaded in {time.perf_counter() - start:.1f} s",
        flush=True,
    )

    failures = 0
    total = 0.0
    for number in args.queries or sorted(REFERENCE):
        try:
            ok, seconds, detail = check(number, db, con, args.repeat)
        except Exception as error:  # noqa: BLE001 - report it and go on with the other queries
            ok, seconds, detail = False, math.nan, f"{type(error).__name__}: {error}"
        failures += not ok
        total += 0.0 if math.isnan(seconds) else seconds
        print(
            f"q{number:02d} {'OK  ' if ok else 'FAIL'} {seconds * 1e3:10.1f} ms  {detail}",
            flush=True,
        )
    print(f"{'all OK' if not failures else f'{failures} FAILED'}; total {total:.2f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
