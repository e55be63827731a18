"""UNION / INTERSECT / EXCEPT [ALL] with $unionWith.

The right query's rows join the left query's stream with their columns renamed to the left
query's fields. UNION removes duplicates with a $group over all columns (NULLs equal, as in
SQL set operations); INTERSECT and EXCEPT tag each row with its side first and keep rows by
how many times each side produced them (the ALL forms keep duplicates by count).
"""

from __future__ import annotations

from ..sql.bound import BoundSetOp
from .context import CompileContext
from .nulls import as_null
from .query_types import CompiledQuery

_SIDE = "__side"


def compile_set_operation(query: BoundSetOp, ctx: CompileContext, correlate=None) -> CompiledQuery:
    from .query import compile_query
    from .select import finish_rows

    left = compile_query(query.left, ctx, correlate)
    right = compile_query(query.right, ctx, correlate)
    fields = [c.field for c in left.columns]
    stages = list(left.stages)
    tagged = query.kind != "union"
    if tagged:
        stages.append({"$set": {_SIDE: 0}})
    rename = {"_id": 0, **{f: "$" + r.field for f, r in zip(fields, right.columns)}}
    if tagged:
        rename[_SIDE] = {"$literal": 1}
    right_stages = list(right.stages)
    if right.database != left.database:
        right_stages = [{"$documents": ctx.prerequisite(right.database, right.collection, right_stages)}]
    union = {"pipeline": [*right_stages, {"$project": rename}]}
    if right.collection and right.database == left.database:
        union = {"coll": right.collection, **union}
    stages.append({"$unionWith": union})
    stages.extend(_combine(query, fields))
    columns = list(left.columns)
    stages.extend(finish_rows(query, ctx, columns))
    return CompiledQuery(left.database, left.collection, stages, columns)


def _combine(query: BoundSetOp, fields: list[str]) -> list:
    key = {f: as_null("$" + f) for f in fields}
    if query.kind == "union":
        return [] if not query.distinct else [{"$group": {"_id": key}}, {"$replaceWith": "$_id"}]
    counts = {
        "left": {"$sum": {"$cond": [{"$eq": ["$" + _SIDE, 0]}, 1, 0]}},
        "right": {"$sum": {"$cond": [{"$eq": ["$" + _SIDE, 1]}, 1, 0]}},
    }
    group = {"$group": {"_id": key, **counts}}
    if query.kind == "intersect":
        keep = {"$min": ["$left", "$right"]}
        if query.distinct:
            keep = {"$min": [keep, 1]}
    elif query.distinct:
        keep = {"$cond": [{"$and": [{"$gt": ["$left", 0]}, {"$eq": ["$right", 0]}]}, 1, 0]}
    else:
        keep = {"$max": [{"$subtract": ["$left", "$right"]}, 0]}
    repeat = {"$set": {"__copies": {"$range": [0, keep]}}}
    return [group, repeat, {"$unwind": "$__copies"}, {"$replaceWith": "$_id"}]
