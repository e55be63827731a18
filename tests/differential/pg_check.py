"""Settle DuckDB-vs-PostgreSQL questions: run every generated query on a real PostgreSQL
server and on the DuckDB oracle (with the KNOWN_DIFFERENCES rewrites) and print where the
two disagree. Not part of the pytest run (it needs a PostgreSQL server and psycopg):

    pg_ctlcluster 15 main start
    su postgres -c "psql -c 'CREATE ROLE root SUPERUSER LOGIN'"   # once, when running as root
    python -m tests.differential.pg_check [--dsn "dbname=c_ctype"] [--all] [--only relational]

Use a database with LC_CTYPE=C and LC_COLLATE=C (see compare.py, ascii-case-mapping):
    psql -c "CREATE DATABASE c_ctype LC_CTYPE 'C' LC_COLLATE 'C' TEMPLATE template0"

PostgreSQL runs the statement as written (nested paths flattened in the text, see
oracle.postgres_text), so sqlglot's reading of it, which the oracle and queryleaf share, is
checked too. Its rows go in in a shuffled order (--shuffle), so that a statement whose answer
depends on the physical order of rows (ties under LIMIT, window functions over peers) shows up.

A disagreement means the oracle is wrong for that query: add a KnownDifference (with its
rewrite) to compare.py, or stop generating the construct.
"""

from __future__ import annotations

import argparse
import random
import sys

from .compare import compare_results, format_rows
from .data import TABLES, generate_tables, table_rows
from .oracle import DuckDBOracle, duckdb_sql, postgres_text
from .queries import generate_queries
from .relational import generate_relational_queries


def load_postgres(con, tables: dict[str, list[tuple]], shuffle: int | None = None) -> None:
    """The tables as temporary tables; with `shuffle`, rows go in in a seeded random order
    (so a query whose answer depends on the physical order of rows, for example a window
    function over peers, is unlikely to agree with the oracle by chance)."""
    with con.cursor() as cur:
        for table, rows in tables.items():
            if shuffle is not None:
                rows = list(rows)
                random.Random(shuffle).shuffle(rows)
            columns, _ = TABLES[table]
            cur.execute(f"DROP TABLE IF EXISTS {table}")
            definition = ", ".join(f"{name} {sql_type}" for name, sql_type in columns)
            cur.execute(f"CREATE TEMPORARY TABLE {table} ({definition})")
            placeholders = ", ".join("%s" for _ in columns)
            cur.executemany(f"INSERT INTO {table} VALUES ({placeholders})", rows)
    con.commit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", default="dbname=postgres", help="libpq connection string")
    parser.add_argument("--all", action="store_true", help="also print agreeing queries")
    parser.add_argument(
        "--no-rewrites",
        action="store_true",
        help="run DuckDB without the KNOWN_DIFFERENCES rewrites (shows why they exist)",
    )
    parser.add_argument("--seed", type=int, default=None, help="query seed (default: the test's)")
    parser.add_argument("-n", type=int, default=None, help="random queries (default: the test's)")
    parser.add_argument(
        "--only",
        choices=("single", "relational"),
        default=None,
        help="check only the single-collection or only the relational queries",
    )
    parser.add_argument(
        "--shuffle",
        type=int,
        default=1,
        metavar="SEED",
        help="insert PostgreSQL's rows in a random order from this seed (default 1; -1: in order)",
    )
    args = parser.parse_args(argv)

    import psycopg

    tables = {name: table_rows(name, docs) for name, docs in generate_tables().items()}
    oracle = DuckDBOracle(tables)
    failures = 0
    with psycopg.connect(args.dsn) as con:
        load_postgres(con, tables, None if args.shuffle < 0 else args.shuffle)
        options = {k: v for k, v in (("seed", args.seed), ("n", args.n)) if v is not None}
        queries = []
        if args.only != "relational":
            queries += generate_queries(**options)
        if args.only != "single":
            queries += generate_relational_queries(**options)
        for n, query in enumerate(queries):
            pg_text = postgres_text(query.sql)
            try:
                with con.cursor() as cur:
                    cur.execute(pg_text)
                    pg_cols = [d.name for d in cur.description]
                    pg_rows = cur.fetchall()
            except Exception as error:  # noqa: BLE001 - report and go on
                con.rollback()
                failures += 1
                print(f"[{n}] PostgreSQL rejects: {query.sql}\n    {error}".rstrip())
                continue
            try:
                duck_cols, duck_rows = oracle.run(query.sql, rewrites=not args.no_rewrites)
            except Exception as error:  # noqa: BLE001 - report and go on
                failures += 1
                print(f"[{n}] DuckDB rejects: {query.sql}\n    {error}".rstrip())
                continue
            result = compare_results(pg_cols, pg_rows, duck_cols, duck_rows, query.ordered)
            if not result.ok:
                failures += 1
                print(f"[{n}] DuckDB disagrees with PostgreSQL: {result.reason}")
                print(f"    sql:      {query.sql}")
                print(f"    duckdb:   {duckdb_sql(query.sql, not args.no_rewrites)}")
                print(f"    only PostgreSQL:\n{format_rows(result.missing, 5)}")
                print(f"    only DuckDB:\n{format_rows(result.extra, 5)}")
            elif args.all:
                print(f"[{n}] ok: {query.sql}")
    print(f"{len(queries) - failures} of {len(queries)} queries agree, {failures} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
