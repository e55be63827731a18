"""The README tells the truth: its SQL table is generated from queryleaf.support, every
example in it runs (or fails with a named error where it says "not yet"), every rule the
compiler registers is shown by an example, and its Python examples run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import queryleaf
from queryleaf.compile import aggregates, expressions, functions, predicates, timefuncs, windows
from queryleaf.sql.parse import parse_statement
from queryleaf.support import FEATURES, render_table
from tests.conftest import skip_if_names_test_database
from tests.spec.dataset import DATASET

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN, END = "<!-- supported-sql:begin -->", "<!-- supported-sql:end -->"
_INTERNAL = {"FieldRef", "Slot", "Param", "SubqueryExpr", "Literal", "Null", "Boolean", "Paren", "TryCast"}


def readme_with_current_table(text: str) -> str:
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{render_table()}\n{END}{tail}"


def test_readme_table_is_generated_from_support():
    text = README.read_text()
    assert BEGIN in text and END in text
    assert text == readme_with_current_table(text), "run `make goldens` to regenerate the README table"


@pytest.mark.parametrize("feature", [f for f in FEATURES if f.supported], ids=lambda f: f.construct[:40])
def test_supported_example_runs(make_session, feature):
    skip_if_names_test_database(make_session, feature.example)
    session = make_session(DATASET)
    rows = list(session.execute(feature.example, [500]))
    assert rows and len(rows[0]) >= 1


@pytest.mark.parametrize("feature", [f for f in FEATURES if not f.supported], ids=lambda f: f.construct[:40])
def test_not_yet_example_is_a_named_error(feature):
    with pytest.raises(queryleaf.UnsupportedSqlError) as caught:
        queryleaf.translate(feature.example)
    assert "not supported" in str(caught.value)


def test_every_compiler_rule_is_shown_by_an_example():
    shown = set()
    for feature in FEATURES:
        if feature.supported:
            shown.update(type(n).__name__ for n in parse_statement(feature.example).walk())
    registered = {
        cls.__name__
        for table in (expressions.VISITORS, functions.FUNCTIONS, timefuncs.FUNCTIONS, aggregates._RULES)
        for cls in table
    } | {cls.__name__ for cls in predicates.PREDICATE_TYPES} | {
        cls.__name__ for cls in (*windows._RANKING, *windows._SHIFTS, *windows._VALUES)
    }
    assert registered - _INTERNAL - shown == set()
    examples = " ".join(f.example.lower() for f in FEATURES if f.supported)
    assert {name for name in timefuncs.NAMED if f"{name}(" not in examples} == set()


def test_python_examples_in_readme_run():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_sql_examples_in_readme_translate():
    blocks = re.findall(r"```sql\n(.*?)```", README.read_text(), re.S)
    assert len(blocks) >= 2
    for block in blocks:
        for statement in block.split(";"):
            if re.sub(r"--[^\n]*", "", statement).strip():
                queryleaf.translate(statement, database="production_app")
