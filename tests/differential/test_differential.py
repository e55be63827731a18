"""Differential test: every generated query through queryleaf and through DuckDB must agree.

The same seeded documents (collections `t`, `u`, `v`) are loaded into the embedded engine (and
into a real server when QUERYLEAF_TEST_URI is set) and into DuckDB in PostgreSQL mode. The
queries are the single-collection ones of queries.py, then the relational ones of
relational.py. One test per query; a failure prints the SQL, the DuckDB statement, the
generated pipeline and both results.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

import pytest

from .compare import compare_results, format_rows, values_equal
from .data import (
    COLUMNS,
    N_DOCS,
    TABLES,
    U_DOCS,
    V_DOCS,
    generate_documents,
    generate_tables,
    table_rows,
    to_rows,
)
from .oracle import DuckDBOracle, duckdb_sql
from .queries import Query, generate_queries
from .relational import generate_relational_queries
from .sessions import BACKENDS, loaded_session

NOW = dt.datetime(2025, 1, 15, 12, 0, 0, tzinfo=dt.UTC)
DATABASE = f"qldiff_{uuid.uuid4().hex[:12]}"  # own database per run on a shared server
SINGLE_QUERIES = generate_queries()
RELATIONAL_QUERIES = generate_relational_queries()
QUERIES = SINGLE_QUERIES + RELATIONAL_QUERIES


def query_id(n: int, query: Query) -> str:
    return f"{n:03d}-{query.kind}-{hashlib.sha1(query.sql.encode()).hexdigest()[:6]}"


@pytest.fixture(scope="module")
def tables() -> dict[str, list[dict]]:
    return generate_tables()


@pytest.fixture(scope="module")
def documents(tables) -> list[dict]:
    return tables["t"]


@pytest.fixture(scope="module")
def oracle(tables):
    oracle = DuckDBOracle({name: table_rows(name, docs) for name, docs in tables.items()})
    yield oracle
    oracle.close()


@pytest.fixture(scope="module", params=BACKENDS)
def session(request, tables):
    yield from loaded_session(request.param, DATABASE, tables, NOW)


def _pipeline(session, sql: str) -> str:
    try:
        return str(session.translate(sql))
    except Exception as error:  # noqa: BLE001 - shown in the report
        return f"(translation failed: {type(error).__name__}: {error})"


def _report(
    query: Query, session, headline: str, expected=None, actual=None, comparison=None
) -> str:
    lines = [
        headline,
        f"SQL:       {query.sql}",
        f"DuckDB:    {duckdb_sql(query.sql)}",
        f"pipeline:  {_pipeline(session, query.sql)}",
        f"compared:  {'in order' if query.ordered else 'as multisets'}",
    ]
    # ordered: show both sides from just before the first differing row
    start = max(comparison.at - 2, 0) if comparison is not None and query.ordered else 0
    if expected is not None:
        lines += [
            f"oracle columns:    {expected[0]}  ({len(expected[1])} rows)",
            format_rows(expected[1], 8, start),
        ]
    if actual is not None:
        lines += [
            f"queryleaf columns: {actual[0]}  ({len(actual[1])} rows)",
            format_rows(actual[1], 8, start),
        ]
    if comparison is not None and not query.ordered and (comparison.missing or comparison.extra):
        lines += [
            "only in the oracle:",
            format_rows(comparison.missing, 5),
            "only in queryleaf:",
            format_rows(comparison.extra, 5),
        ]
    return "\n".join(lines)


@pytest.mark.parametrize("query", QUERIES, ids=[query_id(n, q) for n, q in enumerate(QUERIES)])
def test_query_agrees_with_oracle(query: Query, session, oracle) -> None:
    expected = oracle.run(query.sql)
    error = None
    try:
        result = session.execute(query.sql)
        actual = (result.columns, list(result))
    except Exception as caught:  # noqa: BLE001 - every error is a failure with a report
        error = caught
    if error is not None:
        pytest.fail(
            _report(
                query,
                session,
                f"queryleaf raised {type(error).__name__}: {error}",
                expected=expected,
            ),
            pytrace=False,
        )
    comparison = compare_results(expected[0], expected[1], actual[0], actual[1], query.ordered)
    if not comparison.ok:
        pytest.fail(
            _report(
                query,
                session,
                f"queryleaf disagrees with the oracle: {comparison.reason}",
                expected,
                actual,
                comparison,
            ),
            pytrace=False,
        )


# ---- the harness itself (no queryleaf needed) ----


def test_data_is_deterministic_with_nulls_and_missing_fields(documents) -> None:
    assert generate_documents() == documents
    assert [d["_id"] for d in documents] == list(range(1, N_DOCS + 1))
    for field in ("i", "j", "f", "s", "b", "d", "n"):
        assert any(field in d and d[field] is None for d in documents), f"{field} never NULL"
        assert any(field not in d for d in documents), f"{field} never missing"
    nested = [d["n"] for d in documents if isinstance(d.get("n"), dict)]
    for member in ("x", "y"):
        assert any(member in n and n[member] is None for n in nested)
        assert any(member not in n for n in nested)
    expected_types = {"i": int, "j": int, "f": float, "s": str, "b": bool, "d": dt.datetime}
    for field, kind in expected_types.items():
        values = [d[field] for d in documents if d.get(field) is not None]
        assert all(type(v) is kind for v in values), field
    assert len(to_rows(documents)[0]) == len(COLUMNS)


def test_relational_data_has_the_join_cases(tables) -> None:
    t_ids = {d["_id"] for d in tables["t"]}
    u, v = tables["u"], tables["v"]
    assert [d["_id"] for d in u] == list(range(1, U_DOCS + 1))
    assert [d["_id"] for d in v] == list(range(1, V_DOCS + 1))
    keys = [d.get("tid", "missing") for d in u]
    assert None in keys and "missing" in keys  # NULL and missing keys
    assert any(k not in t_ids for k in keys if isinstance(k, int))  # dangling keys
    matched = [k for k in keys if k in t_ids]
    assert len(matched) > len(set(matched))  # several u rows for one t row
    assert len(t_ids - set(matched)) > 50  # t rows without u rows
    codes = [d.get("code", "missing") for d in v]
    assert None in codes and "missing" in codes
    assert len([c for c in codes if isinstance(c, int)]) > len(
        {c for c in codes if isinstance(c, int)}
    )
    for name, docs in tables.items():
        columns, nested = TABLES[name]
        assert all(len(row) == len(columns) for row in table_rows(name, docs))
        for field in nested:
            assert any(d.get(field) is None and field in d for d in docs), f"{name}.{field}"
            assert any(field not in d for d in docs), f"{name}.{field} never missing"


def test_queries_are_deterministic_and_unique() -> None:
    again = generate_queries() + generate_relational_queries()
    assert [q.sql for q in again] == [q.sql for q in QUERIES]
    assert len({q.sql for q in QUERIES}) == len(QUERIES)
    assert len(SINGLE_QUERIES) >= 300
    assert len(RELATIONAL_QUERIES) >= 300


def test_oracle_is_in_postgresql_mode(oracle) -> None:
    assert oracle.settings() == {
        "integer_division": True,
        "default_null_order": "NULLS_LAST_ON_ASC_FIRST_ON_DESC",
    }
    _, rows = oracle.run("SELECT 7 / 2, -7 / 2, 7 % -2, GREATEST(1, NULL, 3), LEAST(NULL, 2)")
    assert rows == [(3, -3, 1, 3, 2)]


def test_oracle_answers_every_generated_query(oracle) -> None:
    for query in QUERIES:
        oracle.run(query.sql)  # raises on SQL DuckDB rejects


def test_known_differences_make_duckdb_answer_as_postgresql(oracle) -> None:
    # values observed on PostgreSQL 15.18 (see compare.KNOWN_DIFFERENCES)
    _, rows = oracle.run(
        "SELECT ROUND(2.5::float8), ROUND(-0.5::float8), ROUND(2.5), "
        "SUBSTRING('hello', -1, 3), SUBSTRING('hello', 0, 2), SUBSTRING('hello' FROM -3), "
        "'x_1' LIKE 'x\\_%', 'xa1' LIKE 'x\\_%', 'X_1' ILIKE 'x\\_%', "
        "'abc' ~ 'b', 'abc' ~* 'B', 'abc' !~ 'b', 'abc' !~* 'X'"
    )
    values = [float(v) if not isinstance(v, (str, bool)) else v for v in rows[0]]
    assert values == [2.0, -0.0, 3.0, "h", "h", "hello", True, False, True, True, True, False, True]


def test_value_comparison_rules() -> None:
    import decimal

    import bson

    assert values_equal(3, 3.0) and values_equal(decimal.Decimal("2.5"), 2.5)
    assert values_equal(bson.Decimal128("2.5"), 2.5) and values_equal(0.1 + 0.2, 0.3)
    assert not values_equal(True, 1) and not values_equal(0, False) and not values_equal(None, 0)
    assert values_equal(dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    assert not values_equal("1", 1) and not values_equal(2, 3)
    unordered = compare_results(["a"], [(1,), (None,), (2,)], ["a"], [(None,), (2,), (1.0,)], False)
    assert unordered.ok
    assert not compare_results(["a"], [(1,), (2,)], ["a"], [(2,), (1,)], True).ok
    assert not compare_results(["a"], [(1,)], ["a", "b"], [(1, 2)], False).ok
