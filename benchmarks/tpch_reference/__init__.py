"""Hand-written MongoDB aggregation pipelines for the 22 TPC-H queries.

Each qNN module defines COLLECTION (the collection the aggregate runs on; None would mean a
database-level aggregate starting with $documents) and PIPELINE, written the way an
experienced MongoDB developer would for MongoDB 6.0+: $match first, $lookup on
localField/foreignField (with let/pipeline only to add a correlated filter), $group/$sort/
$limit, then a final $project giving exactly the query's output columns, in order, named as
DuckDB's tpch_queries() names them. Parameters are the TPC-H validation values used by
DuckDB's tpch_queries(). The data layout: database "tpch", one collection per table, fields
named as the columns, DATE as BSON dates (midnight UTC), DECIMAL as doubles.

`python -m benchmarks.tpch_reference.check` runs them against DuckDB's answers.
"""

from __future__ import annotations

import importlib

QUERIES = tuple(range(1, 23))


def _load(number: int):
    module = importlib.import_module(f"{__name__}.q{number:02d}")
    return module.COLLECTION, module.PIPELINE


REFERENCE: dict[int, tuple[str | None, list[dict]]] = {n: _load(n) for n in QUERIES}
