"""The oracle: the same rows in DuckDB, in PostgreSQL mode, answering the same SQL.

The SQL is PostgreSQL text. It is parsed with sqlglot (postgres), nested paths `n.x` / `n.y`
become the flattened columns `t.n_x` / `t.n_y` (qualified ones, `a.n.x` / `b.m.k`, become
`a.n_x` / `b.m_k`), the rewrites in compare.KNOWN_DIFFERENCES make
DuckDB answer as PostgreSQL does, and the tree is written back as PostgreSQL text (DuckDB reads
it; sqlglot's duckdb writer would drop `NULLS LAST` after `DESC`, which is not DuckDB's default
once the null order is PostgreSQL's).
"""

from __future__ import annotations

import re

import duckdb
import sqlglot
from sqlglot import exp

from .compare import KNOWN_DIFFERENCES
from .data import TABLES

# nested documents flattened into <name>_<member> columns: name -> the table that holds it
NESTED = {name: table for table, (_, nested) in TABLES.items() for name in nested}

DUCKDB_SETTINGS = [
    "SET integer_division = true",
    "SET default_null_order = 'nulls_last_on_asc_first_on_desc'",
]


def flatten_nested(tree: exp.Expression) -> exp.Expression:
    """`n.x` -> `t.n_x`, `a.n.x` -> `a.n_x` in the AST (a column qualified by a nested
    document name, itself unqualified or qualified by a table or alias).

    The flattened column stays qualified: in PostgreSQL an unqualified name in ORDER BY may
    resolve to an output column of that name (`CAST(CASE ... ELSE n_x END AS TEXT)` is named
    `n_x`), which `n.x` never does. An unqualified `n.x` is only written where the table is
    not aliased (the single-collection queries).
    """

    def visit(node: exp.Expression) -> exp.Expression:
        if not isinstance(node, exp.Column) or node.table not in NESTED:
            return node
        if node.args.get("catalog"):
            return node
        qualifier = node.args.get("db")
        table = qualifier.name if qualifier is not None else NESTED[node.table]
        return exp.column(f"{node.table}_{node.name}", table=table)

    return tree.transform(visit)


_STRING = re.compile(r"'(?:[^']|'')*'")
_NESTED_NAMES = "|".join(NESTED)
_QUALIFIED_NESTED = re.compile(rf"\b([A-Za-z_]\w*)\.({_NESTED_NAMES})\.(\w+)\b")
_BARE_NESTED = re.compile(rf"(?<![\w.])({_NESTED_NAMES})\.(\w+)\b")


def postgres_text(sql: str) -> str:
    """The statement as written, with nested paths flattened in the text (outside string
    literals): what PostgreSQL runs in pg_check, so that sqlglot's reading of the statement
    (which the oracle and queryleaf share) is checked as well."""
    parts, last = [], 0
    for match in _STRING.finditer(sql):
        parts.append(_flatten_text(sql[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(_flatten_text(sql[last:]))
    return "".join(parts)


def _flatten_text(text: str) -> str:
    text = _QUALIFIED_NESTED.sub(lambda m: f"{m.group(1)}.{m.group(2)}_{m.group(3)}", text)
    return _BARE_NESTED.sub(lambda m: f"{NESTED[m.group(1)]}.{m.group(1)}_{m.group(2)}", text)


def postgres_sql(sql: str) -> str:
    """The statement with nested paths flattened, as PostgreSQL text (what PostgreSQL runs)."""
    return flatten_nested(sqlglot.parse_one(sql, read="postgres")).sql(dialect="postgres")


def duckdb_sql(sql: str, rewrites: bool = True) -> str:
    """The statement as DuckDB must run it to give PostgreSQL's answer."""
    tree = flatten_nested(sqlglot.parse_one(sql, read="postgres"))
    for difference in KNOWN_DIFFERENCES:
        if rewrites and difference.rewrite is not None:
            tree = difference.rewrite(tree)
    return tree.sql(dialect="postgres")


def create_statements(table: str) -> tuple[str, str]:
    """CREATE TABLE and INSERT (with `?` placeholders) for one of data.TABLES."""
    columns, _ = TABLES[table]
    definition = ", ".join(f"{name} {sql_type}" for name, sql_type in columns)
    placeholders = ", ".join("?" for _ in columns)
    return f"CREATE TABLE {table} ({definition})", f"INSERT INTO {table} VALUES ({placeholders})"


class DuckDBOracle:
    """An in-memory DuckDB database holding the tables of data.TABLES with the flattened rows.

    `tables` maps table names to rows; a plain list of rows is the rows of `t` alone.
    """

    def __init__(self, tables: dict[str, list[tuple]] | list[tuple]) -> None:
        if not isinstance(tables, dict):
            tables = {"t": tables}
        self.con = duckdb.connect(":memory:")
        for setting in DUCKDB_SETTINGS:
            self.con.execute(setting)
        for table, rows in tables.items():
            create, insert = create_statements(table)
            self.con.execute(create)
            if rows:
                self.con.executemany(insert, rows)

    def settings(self) -> dict[str, object]:
        names = ("integer_division", "default_null_order")
        return {n: self.con.execute(f"SELECT current_setting('{n}')").fetchone()[0] for n in names}

    def run(self, sql: str, rewrites: bool = True) -> tuple[list[str], list[tuple]]:
        """Column names and rows for PostgreSQL text `sql` (not yet rewritten)."""
        cursor = self.con.execute(duckdb_sql(sql, rewrites))
        return [d[0] for d in cursor.description], cursor.fetchall()

    def close(self) -> None:
        self.con.close()
