"""Pipeline stages the shim adds to or replaces in mongomock-ng, and `Database.aggregate`.

- $documents (and db.aggregate([{$documents: [...]}, ...])), also inside $unionWith/$lookup.
- $unionWith without `coll` when its pipeline starts with $documents.
- $group: keys compared by BSON value (1 == 1.0), no output for empty input, server
  accumulator semantics ($first of a missing value is null, $push skips missing values).
- $sort: BSON order across types, missing == null, arrays by their min (asc) / max (desc).
- $collStats (count, storageStats): sizes are the documents' BSON lengths; an in-memory
  engine compresses nothing, so storageSize equals size and indexes take no space.
"""

from __future__ import annotations

import functools

import bson
from mongomock_ng import aggregate, database, helpers

from .accumulate import GROUP_ACCUMULATORS
from .dispatch import require
from .values import MISSING, compare, fail, hashable, order_key

_original_accumulate_group = aggregate._accumulate_group


def _run(documents, db, pipeline, user_vars):
    return list(aggregate.process_pipeline(documents, db, pipeline, None, user_vars=user_vars))


def _starts_with_documents(pipeline) -> bool:
    return bool(pipeline) and isinstance(pipeline[0], dict) and "$documents" in pipeline[0]


def documents_stage(unused_input, unused_db, options, user_vars):
    """$documents: the documents of the stage's array expression replace the input."""
    documents = aggregate._parse_expression(options, {}, user_vars=user_vars)
    if not isinstance(documents, list) or not all(isinstance(d, dict) for d in documents):
        fail(
            "error during aggregation :: caused by :: $documents requires an array of objects",
            5858203,
        )
    return [dict(d) for d in documents]


def database_aggregate(self, pipeline, session=None, **unused_options):
    """pymongo's `Database.aggregate`: a collection-less pipeline, which starts with $documents."""
    if not _starts_with_documents(pipeline):
        fail("{aggregate: 1} is not valid for this pipeline; a collection is required.", 73)
    return aggregate.process_pipeline([], self, pipeline, session)


def union_with_stage(in_collection, db, options, user_vars):
    """Append another collection's documents (or $documents) run through an optional pipeline."""
    spec = {"coll": options} if isinstance(options, str) else dict(options)
    pipeline = spec.get("pipeline", [])
    if spec.get("coll") is None and not _starts_with_documents(pipeline):
        message = "$unionWith stage without explicit collection must have a pipeline"
        fail(message + " with $documents as first stage", 9)
    documents = list(db.get_collection(spec["coll"]).find()) if spec.get("coll") else []
    return list(in_collection) + _run(documents, db, pipeline, user_vars)


def coll_stats_stage(in_collection, unused_db, options, unused_user_vars):
    """$collStats over the collection's documents (the stage must come first, so they all arrive)."""
    documents = list(in_collection)
    stats = {}
    if "count" in options:
        stats["count"] = len(documents)
    if "storageStats" in options:
        size = sum(len(bson.encode(d)) for d in documents)
        stats["storageStats"] = {"size": size, "count": len(documents), "storageSize": size,
                                 "avgObjSize": size // len(documents) if documents else 0, "totalIndexSize": 0}
    return [stats]


def _with_field(doc, path, value):
    out = dict(doc)
    target = out
    parts = path.split(".")
    for part in parts[:-1]:
        target[part] = dict(target[part]) if isinstance(target.get(part), dict) else {}
        target = target[part]
    target[parts[-1]] = value
    return out


def group_stage(in_collection, unused_db, options, user_vars):
    """Group by the `_id` expression's value; accumulate each output field."""
    if "_id" not in options:
        fail("a group specification must include an _id", 15955)
    groups = {}
    for doc in in_collection:
        key = aggregate._parse_expression(options["_id"], doc, user_vars=user_vars)
        key = None if key is MISSING else key
        groups.setdefault(hashable(key), (key, []))[1].append(doc)
    return [_accumulate(options, key, docs, user_vars) for key, docs in groups.values()]


def _accumulate(options, key, docs, user_vars):
    out = {"_id": key}
    for field, spec in options.items():
        if field == "_id":
            continue
        if not isinstance(spec, dict) or len(spec) != 1:
            fail(f"The field '{field}' must be an accumulator object", 40234)
        ((name, expression),) = spec.items()
        if name == "$count":
            out[field] = len(docs)
        elif name in GROUP_ACCUMULATORS:
            values = [aggregate._parse_expression(expression, d, user_vars=user_vars) for d in docs]
            out[field] = GROUP_ACCUMULATORS[name](values)
        else:
            out[field] = _original_accumulate_group({field: spec}, docs, user_vars)[field]
    return out


def sort_stage(in_collection, unused_db, options, unused_user_vars):
    """Stable sort on several keys in BSON order (one stable pass per key, last key first)."""
    for direction in options.values():
        if direction not in (1, -1):
            fail("$sort key ordering must be 1 (for ascending) or -1 (for descending)", 15975)
    documents = list(in_collection)
    for field, direction in reversed(list(options.items())):
        documents.sort(
            key=lambda doc: order_key(_sort_value(doc, field, direction)), reverse=direction < 0
        )
    return documents


def _sort_value(doc, field, direction):
    value = helpers.get_value_by_dot(doc, field, can_generate_array=True)
    if value is MISSING:
        return None
    if isinstance(value, list):
        if not value:
            return MISSING  # an empty array sorts before null and missing
        pick = min if direction > 0 else max
        return pick(value, key=functools.cmp_to_key(compare))
    return value


def install() -> None:
    require(aggregate, "_PIPELINE_HANDLERS", "_accumulate_group", "_handle_sort_stage")
    require(aggregate, "process_pipeline", "_parse_expression")
    require(database, "Database")
    require(database.Database, "get_collection")
    require(helpers, "get_value_by_dot")
    handlers = aggregate._PIPELINE_HANDLERS
    if not {"$group", "$sort", "$lookup", "$unionWith", "$facet"} <= set(handlers):
        raise RuntimeError("mongomock-ng changed its pipeline stages; update queryleaf/engine/embedded/stages.py")
    handlers.update(
        {
            "$documents": documents_stage,
            "$unionWith": union_with_stage,
            "$group": group_stage,
            "$sort": sort_stage,
            "$collStats": coll_stats_stage,
        }
    )
    aggregate._handle_sort_stage = sort_stage  # $setWindowFields and $fill sort through it
    database.Database.aggregate = database_aggregate
