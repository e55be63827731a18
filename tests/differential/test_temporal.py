"""Differential test for date and time SQL: queryleaf on the embedded engine (and a real
server when QUERYLEAF_TEST_URI is set) against DuckDB in UTC, on the timestamps of
temporal.py. DuckDB's DATE values are compared as BSON dates at midnight UTC (how a SQL date
is stored)."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

import duckdb
import pytest

from queryleaf.compile.intervals import Interval

from .compare import compare_results, format_rows
from .sessions import BACKENDS, loaded_session
from .temporal import (
    CREATE,
    INSERT,
    TemporalQuery,
    generate_temporal,
    generate_temporal_queries,
    temporal_rows,
)

NOW = dt.datetime(2025, 1, 15, 12, 0, tzinfo=dt.UTC)
DATABASE = f"qltime_{uuid.uuid4().hex[:12]}"
QUERIES = generate_temporal_queries()


@pytest.fixture(scope="module")
def documents():
    return generate_temporal()


@pytest.fixture(scope="module")
def duck(documents):
    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    con.execute(CREATE)
    con.executemany(INSERT, temporal_rows(documents))
    yield con
    con.close()


@pytest.fixture(scope="module", params=BACKENDS)
def session(request, documents):
    yield from loaded_session(request.param, DATABASE, {"w": documents}, NOW)


def _as_stored(value):
    """DuckDB's answer as queryleaf returns it: dates as midnight UTC, instants aware."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, dt.timedelta):  # a timestamp difference: whole days, then time
        return str(Interval(0, *_days_and_micros(value // dt.timedelta(microseconds=1))))
    return value


def _days_and_micros(micros: int) -> tuple[int, int]:
    days = int(micros / 86_400_000_000)
    return days, micros - days * 86_400_000_000


def _id(query: TemporalQuery) -> str:
    return hashlib.sha1(query.sql.encode()).hexdigest()[:8]


@pytest.mark.parametrize("query", QUERIES, ids=[f"{n:03d}-{_id(q)}" for n, q in enumerate(QUERIES)])
def test_temporal_query_agrees_with_duckdb(query: TemporalQuery, session, duck):
    cursor = duck.execute(query.duckdb)
    expected_columns = [d[0] for d in cursor.description]
    expected = [tuple(_as_stored(v) for v in row) for row in cursor.fetchall()]
    result = session.execute(query.sql)
    actual = [tuple(row) for row in result]
    comparison = compare_results(expected_columns, expected, result.columns, actual, query.ordered)
    assert comparison.ok, "\n".join([
        f"queryleaf disagrees with DuckDB: {comparison.reason}",
        f"SQL:      {query.sql}",
        f"DuckDB:   {query.duckdb}",
        f"pipeline: {session.translate(query.sql)}",
        "only in DuckDB:", format_rows(comparison.missing, 5),
        "only in queryleaf:", format_rows(comparison.extra, 5),
    ])


def test_data_has_the_hard_cases(documents):
    stamps = [d["ts"] for d in documents if d.get("ts") is not None]
    assert any(s.month == 2 and s.day == 29 for s in stamps)
    assert any((s.month, s.day, s.hour) == (3, 31, 1) for s in stamps)  # Berlin's missing hour
    assert any(d.get("ts", 0) is None for d in documents) and any("ts" not in d for d in documents)
    assert len(QUERIES) >= 90 and len({q.sql for q in QUERIES}) == len(QUERIES)
