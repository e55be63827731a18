"""Differential test: queryleaf against DuckDB (in PostgreSQL mode) on the same generated data.

    data.py               seeded documents for collection `t` (NULL and missing in every field)
    queries.py            seeded SELECT statements (a catalogue of one construct each + random)
    oracle.py             DuckDB side: load the flattened rows, rewrite `n.x` -> `n_x` in the AST
    compare.py            result comparison, and KNOWN_DIFFERENCES (DuckDB vs PostgreSQL)
    test_differential.py  pytest entry: one test per query
    pg_check.py           manual: check the oracle itself against a real PostgreSQL server

After changing the data, the generator or the seeds, run `python -m tests.differential.pg_check`
(see its docstring): every generated query must give the same answer on PostgreSQL and on the
oracle, otherwise the oracle is not an oracle for that query.
"""
