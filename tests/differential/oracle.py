"""The oracle: the same rows in DuckDB, in PostgreSQL mode, answering the same SQL.

The SQL is PostgreSQL text. It is parsed with sqlglot (postgres), nested paths `n.x` / `n.y`
become the flattened columns `t.n_x` / `t.n_y`, the rewrites in compare.KNOWN_DIFFERENCES make
DuckDB answer as PostgreSQL does, and the tree is written back as PostgreSQL text (DuckDB reads
it; sqlglot's duckdb writer would drop `NULLS LAST` after `DESC`, which is not DuckDB's default
once the null order is PostgreSQL's).
"""

from __future__ import annotations

import duckdb
import sqlglot
from sqlglot import exp

from .compare import KNOWN_DIFFERENCES
from .data import COLLECTION, COLUMNS

NESTED = {"n"}  # nested documents flattened into <name>_<member> columns

DUCKDB_SETTINGS = [
    "SET integer_division = true",
    "SET default_null_order = 'nulls_last_on_asc_first_on_desc'",
]


def flatten_nested(tree: exp.Expression) -> exp.Expression:
    """`n.x` -> `t.n_x` in the AST (a column qualified by a nested document name).

    The flattened column stays qualified: in PostgreSQL an unqualified name in ORDER BY may
    resolve to an output column of that name (`CAST(CASE ... ELSE n_x END AS TEXT)` is named
    `n_x`), which `n.x` never does.
    """

    def visit(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and node.table in NESTED and not node.args.get("db"):
            return exp.column(f"{node.table}_{node.name}", table=COLLECTION)
        return node

    return tree.transform(visit)


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


class DuckDBOracle:
    """An in-memory DuckDB database holding table `t` with the flattened rows."""

    def __init__(self, rows: list[tuple]) -> None:
        self.con = duckdb.connect(":memory:")
        for setting in DUCKDB_SETTINGS:
            self.con.execute(setting)
        columns = ", ".join(f"{name} {sql_type}" for name, sql_type in COLUMNS)
        self.con.execute(f"CREATE TABLE {COLLECTION} ({columns})")
        placeholders = ", ".join("?" for _ in COLUMNS)
        self.con.executemany(f"INSERT INTO {COLLECTION} VALUES ({placeholders})", rows)

    def settings(self) -> dict[str, object]:
        names = ("integer_division", "default_null_order")
        return {n: self.con.execute(f"SELECT current_setting('{n}')").fetchone()[0] for n in names}

    def run(self, sql: str, rewrites: bool = True) -> tuple[list[str], list[tuple]]:
        """Column names and rows for PostgreSQL text `sql` (not yet rewritten)."""
        cursor = self.con.execute(duckdb_sql(sql, rewrites))
        return [d[0] for d in cursor.description], cursor.fetchall()

    def close(self) -> None:
        self.con.close()
