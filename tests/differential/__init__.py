"""Differential test: queryleaf against DuckDB (in PostgreSQL mode) on the same generated data.

    data.py               seeded documents for collections `t`, `u`, `v` (NULL and missing in
                          every field; `u.tid` refers to `t._id` with dangling, NULL, missing
                          and repeated keys; `v` is a small dimension keyed by `code`)
    queries.py            seeded single-collection SELECT statements over `t` (a catalogue of
                          one construct each + random)
    relational.py         seeded relational statements over `t`, `u`, `v`: joins, anti- and
                          semi-joins, subqueries, derived tables, CTEs, set operations, window
                          functions (a catalogue + random)
    oracle.py             DuckDB side: load the flattened rows, rewrite `n.x` -> `n_x` in the AST
    compare.py            result comparison, and KNOWN_DIFFERENCES (DuckDB vs PostgreSQL)
    test_differential.py  pytest entry: one test per query
    temporal.py           time: timestamps at month ends, leap days and DST changes, and the
                          date/time queries over them; test_temporal.py runs them against DuckDB
    sessions.py           the queryleaf side: a session (embedded or real server) with the data
    pg_check.py           manual: check the oracle itself against a real PostgreSQL server

After changing the data, the generators or the seeds, run `python -m tests.differential.pg_check`
(see its docstring): every generated query must give the same answer on PostgreSQL and on the
oracle, otherwise the oracle is not an oracle for that query.
"""
