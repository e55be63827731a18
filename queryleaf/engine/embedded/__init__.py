"""The embedded engine (mongomock-ng) and the shim that gives it the operators queryleaf emits.

The compiler always emits what a real MongoDB 6.0+ server accepts; where the embedded engine
lacks an operator or evaluates one differently from the server, this module patches it.
The patches live in the modules of this package:

- values: BSON types, numbers, comparison order (missing < null < numbers < ...).
- dispatch: the hook on mongomock-ng's expression parser and argument helpers.
- arith, accumulate, strings, convert,
  date_ops (+ dates), misc: expression operators.
- stages: $documents, db.aggregate, $unionWith, $group, $sort.
- lookup: $lookup (all forms) as a hash join, memoized sub-pipelines.
- reads: linear-time collection reads (aggregate input, cursors) and $unwind copies.
- query: the query language of $match and find().
- jsonschema: $jsonSchema, in queries and in collection validators (CREATE TABLE).

`install()` checks that every mongomock-ng internal it touches still exists, so an upgrade
that changes them fails loudly instead of silently evaluating differently from a server.
"""

from __future__ import annotations

_installed = False


def install() -> None:
    """Patch mongomock-ng once per process."""
    global _installed
    if _installed:
        return
    from . import (  # noqa: F401  (importing registers the expression operators)
        accumulate,
        arith,
        convert,
        date_ops,
        dispatch,
        jsonschema,
        letvars,
        lookup,
        misc,
        query,
        reads,
        stages,
        strings,
        windows,
    )

    dispatch.install()
    stages.install()
    windows.install()
    letvars.install()
    lookup.install()
    reads.install()
    query.install()
    jsonschema.install()
    _installed = True


def new_client():
    import mongomock_ng

    install()
    return mongomock_ng.MongoClient()
