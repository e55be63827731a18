"""The 22 TPC-H queries of DuckDB's tpch_queries(), and DuckDB's answers on the same data.

The query text is exactly what DuckDB gives (PostgreSQL-compatible SQL). The answers come
from the DuckDB database that `data` generated (DECIMAL and DATE columns as dbgen made them),
run with the PostgreSQL settings of `data.POSTGRES_SETTINGS`. TPC-H has no integer division,
so `integer_division` changes nothing here: at sf=0.01 these answers equal DuckDB's own
reference answers (tpch_answers()) with and without it; `test_tpch` checks that.

ORDER BY and LIMIT of each query are read from its text with sqlglot, for the comparison:
rows tied on the ORDER BY keys may come in any order.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sqlglot
from sqlglot import exp

from . import data

NUMBERS = tuple(range(1, 23))


@functools.cache
def queries() -> dict[int, str]:
    """Query number -> SQL text, as DuckDB's tpch_queries() gives it."""
    con = data.new_duckdb()
    try:
        rows = con.execute("SELECT query_nr, query FROM tpch_queries() ORDER BY query_nr")
        return {number: sql for number, sql in rows.fetchall()}
    finally:
        con.close()


@dataclass(frozen=True)
class Answer:
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


def _cursor(sf: float):
    """A cursor on the generated data; session settings do not carry over to cursors."""
    cursor = data.duckdb_database(sf).cursor()
    for setting in data.POSTGRES_SETTINGS:
        cursor.execute(setting)
    return cursor


@functools.cache
def answer(number: int, sf: float = data.SCALE_FACTOR) -> Answer:
    """DuckDB's answer to query `number` on the data generated at scale factor `sf`."""
    cursor = _cursor(sf)
    try:
        cursor.execute(queries()[number])
        rows = tuple(tuple(row) for row in cursor.fetchall())
        return Answer(tuple(d[0] for d in cursor.description), rows)
    finally:
        cursor.close()


def reference_answer(number: int, sf: float) -> Answer | None:
    """DuckDB's stored answer (text values) for sf 0.01, 0.1 or 1; None for other scale factors."""
    con = data.new_duckdb()
    try:
        row = con.execute(
            "SELECT answer FROM tpch_answers() WHERE query_nr = ? AND scale_factor = ?",
            [number, sf],
        ).fetchone()
    finally:
        con.close()
    if row is None:
        return None
    header, *lines = row[0].split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the text ends with a newline; an empty line before it is a row of NULL
    return Answer(tuple(header.split("|")), tuple(tuple(line.split("|")) for line in lines))


@dataclass(frozen=True)
class Ordering:
    keys: tuple[int, ...]  # output column positions of the ORDER BY keys ((): no ORDER BY)
    resolved: bool  # every ORDER BY key is an output column
    limit: int | None


@functools.cache
def ordering(number: int, columns: tuple[str, ...]) -> Ordering:
    """The ORDER BY keys of the query's outermost SELECT, as positions in `columns`."""
    tree = sqlglot.parse_one(queries()[number], read="postgres")
    order = tree.args.get("order")
    limit = tree.args.get("limit")
    limit_value = None
    if limit is not None:
        value = limit.args.get("expression") or limit.this
        limit_value = int(value.name) if isinstance(value, exp.Literal) else None
    if order is None:
        return Ordering((), True, limit_value)
    keys = []
    resolved = True
    for ordered in order.expressions:
        key = ordered.this
        if isinstance(key, exp.Literal) and key.is_int:
            keys.append(int(key.name) - 1)
        elif isinstance(key, exp.Column) and key.name in columns:
            keys.append(columns.index(key.name))
        else:
            resolved = False
    return Ordering(tuple(keys), resolved, limit_value)


# The TPC-H specification writes date bounds as INTERVAL arithmetic; DuckDB's texts have them
# computed. (query, DuckDB's bound, the specification's expression)
_CANONICAL_BOUNDS = {
    1: ("CAST('1998-09-02' AS date)", "date '1998-12-01' - interval '90' day"),
    4: ("CAST('1993-10-01' AS date)", "date '1993-07-01' + interval '3' month"),
    5: ("CAST('1995-01-01' AS date)", "date '1994-01-01' + interval '1' year"),
    6: ("CAST('1995-01-01' AS date)", "date '1994-01-01' + interval '1' year"),
    10: ("CAST('1994-01-01' AS date)", "date '1993-10-01' + interval '3' month"),
    12: ("CAST('1995-01-01' AS date)", "date '1994-01-01' + interval '1' year"),
    14: ("CAST('1995-10-01' AS date)", "date '1995-09-01' + interval '1' month"),
    15: ("CAST('1996-04-01' AS date)", "date '1996-01-01' + interval '3' month"),
    20: ("CAST('1995-01-01' AS date)", "date '1994-01-01' + interval '1' year"),
}
CANONICAL = tuple(_CANONICAL_BOUNDS)


def canonical(number: int) -> str:
    """Query `number` with its date bound written as the TPC-H specification writes it."""
    computed, expression = _CANONICAL_BOUNDS[number]
    text = queries()[number]
    assert text.count(computed) == 1, (number, computed)
    return text.replace(computed, expression)
