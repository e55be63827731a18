"""Run every spec case (tests/spec/cases_*.py) on the embedded engine, and on a real server
when QUERYLEAF_TEST_URI is set."""

from __future__ import annotations

import datetime as dt
import decimal
import importlib
import pkgutil

import pytest
from bson import Decimal128, Int64

import queryleaf
from tests import spec
from tests.conftest import skip_if_names_test_database
from tests.spec.case import Case, ErrorCase
from tests.spec.dataset import DATASET


def _collect(kind):
    found = []
    for module in pkgutil.iter_modules(spec.__path__):
        if not module.name.startswith("cases_"):
            continue
        loaded = importlib.import_module(f"tests.spec.{module.name}")
        for index, case in enumerate(getattr(loaded, "CASES", []) + getattr(loaded, "ERRORS", [])):
            if isinstance(case, kind):
                found.append(pytest.param(case, id=case.id or f"{module.name[6:]}-{index}"))
    return found


def normalize(value):
    """Compare values as SQL would: integers of any width alike, UTC instants, decimals."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Int64):
        return int(value)
    if isinstance(value, Decimal128):
        value = value.to_decimal()
    if isinstance(value, (float, decimal.Decimal)):
        return pytest.approx(float(value), rel=1e-9)
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    return value


def _rows(rows):
    return [tuple(normalize(v) for v in row) for row in rows]


def _sort_key(row):
    return tuple((v is None, type(v).__name__ if not hasattr(v, "expected") else "float", str(v)) for v in row)


@pytest.mark.parametrize("case", _collect(Case))
def test_case(make_session, case: Case):
    skip_if_names_test_database(make_session, case.sql)
    session = make_session(DATASET)
    result = session.execute(case.sql, case.params)
    rows = list(result)
    assert result.columns == case.columns
    got, want = _rows(rows), _rows(case.rows)
    if not case.ordered:
        got, want = sorted(got, key=_sort_key), sorted(want, key=_sort_key)
    assert got == want, str(session.translate(case.sql, case.params))


@pytest.mark.parametrize("case", _collect(ErrorCase))
def test_error_case(make_session, case: ErrorCase):
    skip_if_names_test_database(make_session, case.sql)
    session = make_session(DATASET)
    error_class = getattr(queryleaf, case.error)
    with pytest.raises(error_class) as caught:
        list(session.execute(case.sql))
    assert case.match in str(caught.value)


def test_numbers_compare_across_representations():
    assert normalize(Decimal128("1.10")) == normalize(decimal.Decimal("1.1"))
    assert normalize(2.5) == normalize(decimal.Decimal("2.5"))
    assert normalize(Int64(3)) == 3
