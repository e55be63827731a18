"""TPC-H: DuckDB's 22 queries through queryleaf on the embedded engine, against DuckDB.

The data (`data.py`, scale factor `data.SCALE_FACTOR`, 0.01 unless QUERYLEAF_TPCH_SF says
otherwise) is generated once per process by DuckDB's dbgen and loaded into database "tpch" of
an embedded client; DuckDB answers the same query text on the same data (`queries.py`); the
rows must agree (`compare.py`). A query queryleaf cannot run yet is a plain failure.

Part of `make test` (about half a minute at sf=0.01 on a 2-core machine); QUERYLEAF_TPCH=0
skips it, and the marker `tpch` selects it (`pytest -m tpch`).
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import os

import pytest

import queryleaf

from . import data, queries
from .compare import difference

pytestmark = [
    pytest.mark.tpch,
    pytest.mark.skipif(os.environ.get("QUERYLEAF_TPCH") == "0", reason="QUERYLEAF_TPCH=0"),
]

PIPELINE_EXCERPT = 6000  # characters of the generated commands shown when a query fails


@pytest.fixture(scope="module")
def session():
    return queryleaf.connect(client=data.embedded_client(), database=data.DATABASE)


@pytest.mark.parametrize("number", queries.NUMBERS, ids=lambda n: f"q{n:02d}")
def test_query(session, number):
    sql = queries.queries()[number]
    expected = queries.answer(number)
    result = session.execute(sql)
    rows = [tuple(row) for row in result]
    context = f"TPC-H q{number} at sf={data.SCALE_FACTOR}\n{sql}\n{_commands(result)}"
    assert len(result.columns) == len(expected.columns), (
        f"columns {result.columns}, DuckDB has {list(expected.columns)}\n{context}"
    )
    problem = difference(expected.rows, rows, queries.ordering(number, expected.columns))
    assert problem is None, f"{problem}\n{context}"


@pytest.mark.parametrize("number", queries.CANONICAL, ids=lambda n: f"q{n:02d}")
def test_interval_arithmetic_folds_to_the_computed_bound(session, number):
    """`date '1994-01-01' + interval '1' year` compiles to the same pipeline as the computed
    date (a constant bound: a plain, index-friendly $match), and DuckDB agrees on the rows."""
    canonical, computed = queries.canonical(number), queries.queries()[number]
    assert session.translate(canonical).to_dict() == session.translate(computed).to_dict()
    cursor = queries._cursor(data.SCALE_FACTOR)
    try:
        assert tuple(tuple(r) for r in cursor.execute(canonical).fetchall()) == queries.answer(number).rows
    finally:
        cursor.close()


def _commands(result) -> str:
    text = str(getattr(result, "translation", "") or "")
    if len(text) > PIPELINE_EXCERPT:
        text = text[:PIPELINE_EXCERPT] + f"\n... ({len(text) - PIPELINE_EXCERPT} more characters)"
    return text


def test_oracle_gives_duckdb_reference_answers():
    """The oracle's answers (PostgreSQL settings) are DuckDB's published TPC-H answers."""
    sf = data.SCALE_FACTOR
    if queries.reference_answer(1, sf) is None:
        pytest.skip(f"DuckDB publishes TPC-H answers for sf 0.01, 0.1 and 1, not {sf}")
    for number in queries.NUMBERS:
        ours, reference = queries.answer(number, sf), queries.reference_answer(number, sf)
        assert len(ours.columns) == len(reference.columns), number  # names may differ: "sum"
        assert len(ours.rows) == len(reference.rows), number
        for row, text_row in zip(ours.rows, reference.rows):
            assert len(row) == len(text_row), (number, row, text_row)
            assert all(map(_matches_text, row, text_row)), (number, row, text_row)


def _matches_text(value, text: str) -> bool:
    if value is None:
        return text in ("", "NULL")
    if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        return math.isclose(float(text), float(value), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(value, dt.date):
        return text == value.isoformat()
    return text == str(value)
