"""$lookup with the server's semantics at hash-join cost.

mongomock-ng evaluates a $lookup by deep-copying and scanning the whole foreign collection
(and re-running the sub-pipeline) for every input document. This module keeps the server's
results and does, per aggregate command:

- localField/foreignField: the foreign collection is read once and indexed by every value an
  equality query `{foreignField: v}` matches: numbers by value across int/long/double/decimal,
  null for null and missing (also a path through null or a scalar), an array field under the
  whole array and under each element. The input side follows the server too: the values at
  localField, an array's elements, missing or an empty array as null. A foreign document whose
  foreignField path crosses an array is left to the query engine (tested with `$in` per input).
- pipeline: the result depends only on the matched foreign documents, the `let` values and the
  outer variables, so it is memoized per (matching keys, exact let values and variables). An
  uncorrelated pipeline (no let, no localField) thus runs once, as the server caches it too.
  Pipelines using $rand or $sample are not memoized.
- localField/foreignField + pipeline: the index selects the foreign documents, the pipeline
  runs on those only (on the stored documents themselves unless one of its stages could
  modify its input).

The cache lives for one top-level aggregate command (no write can happen inside one), so a
$lookup nested in another $lookup's pipeline reads and indexes its collection once as well.
Every input document gets its own copy of its matches, as stages may modify documents in place.
"""

from __future__ import annotations

import datetime as dt
import re
import threading

import bson
from mongomock_ng import aggregate, filtering, helpers

from .dispatch import require
from .reads import copy_document, read_documents
from .stages import _run, _starts_with_documents, _with_field, documents_stage
from .values import MISSING, fail, hashable, is_nullish

_NULL = hashable(None)
_NOT_MEMOIZED = frozenset({"$rand", "$sample"})
_scope = threading.local()  # .cache: the current command's cache, or None outside commands


def lookup_stage(in_collection, db, options, user_vars):
    """Left outer join into the `as` array field of each input document."""
    local, foreign = options.get("localField"), options.get("foreignField")
    pipeline = options.get("pipeline", [])
    if "as" not in options or (local is None) != (foreign is None):
        fail("$lookup requires 'as', and 'localField' together with 'foreignField'", 40449)
    if "from" not in options and not _starts_with_documents(pipeline):
        fail("must specify 'from' field for a $lookup", 40320)
    cache = _command_cache()
    join = _Join(db, options, user_vars or {}, cache)
    return [_with_field(doc, options["as"], join.matches(doc)) for doc in in_collection]


class _Join:
    """One execution of a $lookup stage."""

    def __init__(self, db, options, user_vars, cache):
        self.db, self.options, self.user_vars = db, options, user_vars
        self.pipeline = options.get("pipeline", [])
        self.local, self.foreign = options.get("localField"), options.get("foreignField")
        self.index = None
        if "from" in options and self.local is not None:
            key = ("index", id(db), options["from"], self.foreign)
            if key not in cache:
                cache[key] = _Index(_foreign_documents(db, options["from"], cache), self.foreign)
            self.index = cache[key]
        elif "from" in options:
            self.everything = _foreign_documents(db, options["from"], cache)
        self.modifies_input = _modifies_input(self.pipeline)
        self.memo = None
        if self.pipeline and _deterministic(self.pipeline):
            variables = _exact_key(user_vars)
            self.memo = cache.setdefault(("memo", id(options), variables), {})

    def matches(self, doc):
        variables = dict(self.user_vars)
        for name, expression in self.options.get("let", {}).items():
            variables[name] = aggregate._parse_expression(expression, doc, user_vars=self.user_vars)
        values = _local_values(doc, self.local) if self.local is not None else None
        if self.memo is None:
            result, owned = self._evaluate(values, variables)
            return result if owned else copy_document(result)
        key = (  # the matches depend on the local values' BSON equality, the rest on exact values
            None if values is None else frozenset(hashable(v) for v in values),
            _exact_key([variables[name] for name in self.options.get("let", {})]),
        )
        if key not in self.memo:
            self.memo[key] = self._evaluate(values, variables)[0]
        return copy_document(self.memo[key])

    def _evaluate(self, values, variables):
        """The matches, and whether they are the caller's own (sharing nothing with others)."""
        pipeline = self.pipeline
        if "from" not in self.options:  # the pipeline's leading $documents is the foreign side
            candidates = documents_stage(None, self.db, pipeline[0]["$documents"], variables)
            pipeline = pipeline[1:]
            if values is not None:
                query = _equality_query(self.foreign, values)
                candidates = [f for f in candidates if filtering.filter_applies(query, f)]
            return (
                _run(candidates, self.db, pipeline, variables) if pipeline else candidates
            ), False
        # The stored documents themselves: copied before a stage that could modify them.
        candidates = self.index.lookup(values) if self.index is not None else self.everything
        if not pipeline:
            return candidates, False
        if self.modifies_input:
            return _run(copy_document(candidates), self.db, pipeline, variables), True
        return _run(list(candidates), self.db, pipeline, variables), False


class _Index:
    """Foreign documents by the keys of the values an equality query on `path` matches."""

    def __init__(self, documents, path):
        self.documents, self.path = documents, path
        self.positions = {}
        self.unindexed = []  # documents whose path crosses an array: the query engine decides
        parts = path.split(".")
        for position, document in enumerate(documents):
            keys = _foreign_keys(document, parts)
            if keys is None:
                self.unindexed.append(position)
                continue
            for key in keys:
                self.positions.setdefault(key, []).append(position)

    def lookup(self, values):
        """The matching documents, in collection order, each once."""
        found = set()
        for key in {hashable(v) for v in values}:
            found.update(self.positions.get(key, ()))
        if self.unindexed:
            query = _equality_query(self.path, values)
            documents = self.documents
            found.update(p for p in self.unindexed if filtering.filter_applies(query, documents[p]))
        return [self.documents[p] for p in sorted(found)]


def _foreign_keys(document, parts):
    """The keys under which `{path: v}` matches the document, or None to ask the query engine."""
    value = document
    for part in parts:
        if isinstance(value, dict):
            value = value.get(part, MISSING)
        elif isinstance(value, (list, tuple)):
            return None
        else:  # a path through null or a scalar is missing
            value = MISSING
    if is_nullish(value):
        return (_NULL,)
    if isinstance(value, (list, tuple)):
        return (hashable(value), *{hashable(element) for element in value})
    return (hashable(value),)


def _local_values(doc, path):
    """The values at localField; missing (or an empty array) matches null, as on the server."""
    value = helpers.get_value_by_dot(doc, path, can_generate_array=True)
    values = value if isinstance(value, list) else [value]
    values = [v for v in values if v is not MISSING]
    return values or [None]


def _equality_query(path, values):
    """What the server asks of the foreign side: $in, or $eq each when a value is a regex."""
    if any(isinstance(v, (re.Pattern, bson.Regex)) for v in values):
        return {"$or": [{path: {"$eq": v}} for v in values]}
    return {path: {"$in": values}}


def _foreign_documents(db, name, cache):
    """The foreign collection's documents, read once per command: the stored documents
    themselves, so they are only ever handed out as copies."""
    key = ("documents", id(db), name)
    if key not in cache:
        cache[key] = read_documents(db.get_collection(name), copy=False)
    return cache[key]


def _exact_key(value):
    """A key equal only for values no expression can tell apart: 1, 1.0, Int64(1), True,
    -0.0 and 0.0, null and missing all differ."""
    if isinstance(value, dict):
        return (dict, tuple((k, _exact_key(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value), tuple(_exact_key(v) for v in value))
    if isinstance(value, float):
        return (float, repr(value))
    if isinstance(value, dt.datetime):
        return (dt.datetime, value, str(value.tzinfo))
    try:
        return (type(value), value, hash(value))
    except TypeError:
        return (type(value), repr(value))


# Stages (as the shim and mongomock-ng implement them) that never modify their input documents.
_READ_ONLY_STAGES = frozenset(
    {
        "$match", "$limit", "$skip", "$sort", "$project", "$group", "$count", "$replaceRoot",
        "$replaceWith", "$lookup", "$unwind", "$documents", "$unionWith",
    }
)  # fmt: skip


def _modifies_input(pipeline) -> bool:
    """Whether a stage may modify its input documents in place (mongomock-ng's $addFields,
    $set and $unset do so in embedded documents for dotted field names)."""
    for stage in pipeline:
        for name, options in stage.items():
            if name in _READ_ONLY_STAGES:
                continue
            if name == "$facet" and isinstance(options, dict):
                if not any(_modifies_input(p) for p in options.values()):
                    continue
            elif name in ("$addFields", "$set") and isinstance(options, dict):
                if not any("." in field for field in options):
                    continue
            elif name == "$unset":
                fields = [options] if isinstance(options, str) else options
                if isinstance(fields, list) and not any("." in str(f) for f in fields):
                    continue
            return True
    return False


def _deterministic(pipeline) -> bool:
    if isinstance(pipeline, dict):
        return not _NOT_MEMOIZED & pipeline.keys() and all(map(_deterministic, pipeline.values()))
    if isinstance(pipeline, list):
        return all(map(_deterministic, pipeline))
    return True


# ---------------------------------------------------------------- the command scope


def _command_cache() -> dict:
    cache = getattr(_scope, "cache", None)
    return {} if cache is None else cache  # outside a command: one stage execution


def _wrap_process_pipeline(original):
    def process_pipeline(*args, **kwargs):
        """The outermost pipeline of a command opens the cache; nested ones share it."""
        if getattr(_scope, "cache", None) is not None:
            return original(*args, **kwargs)
        _scope.cache = {}
        try:
            return original(*args, **kwargs)
        finally:
            _scope.cache = None

    process_pipeline._queryleaf_shim = True
    return process_pipeline


def install() -> None:
    require(aggregate, "_PIPELINE_HANDLERS", "process_pipeline", "_parse_expression")
    require(helpers, "get_value_by_dot")
    require(filtering, "filter_applies")
    if "$lookup" not in aggregate._PIPELINE_HANDLERS:
        raise RuntimeError(
            "mongomock-ng changed its pipeline stages; update queryleaf/engine/embedded/lookup.py"
        )
    aggregate._PIPELINE_HANDLERS["$lookup"] = lookup_stage
    if not getattr(aggregate.process_pipeline, "_queryleaf_shim", False):
        aggregate.process_pipeline = _wrap_process_pipeline(aggregate.process_pipeline)
