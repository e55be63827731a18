"""Query-language ($match / find) fixes for mongomock-ng's `filtering` module.

Server rules: numbers of every type compare by value (int 1 == Decimal128("1")); `$expr`
uses expression truthiness ("" and [] are true, 0 and null are false); `{$gte: null}` and
`{$lte: null}` match missing fields as `{field: null}` does; `$type` knows every BSON type
name and number, and accepts a list of them; `$not` accepts `{$regex, $options}`; a dotted
path through null or a scalar is a missing field (so it equals null).

The $match stage patches its input documents' dates (naive UTC, millisecond precision) only
when they need it: mongomock-ng rebuilt every document for every $match.
"""

from __future__ import annotations

import datetime as dt
import re

import bson
from bson.decimal128 import Decimal128
from mongomock_ng import aggregate, filtering, helpers

from .dispatch import require
from .values import MISSING, compare, hashable, is_number, truthy, type_name

_TYPE_CODES = {
    1: "double",
    2: "string",
    3: "object",
    4: "array",
    5: "binData",
    7: "objectId",
    8: "bool",
    9: "date",
    10: "null",
    11: "regex",
    13: "javascript",
    16: "int",
    17: "timestamp",
    18: "long",
    19: "decimal",
    -1: "minKey",
    127: "maxKey",
}


def _comparable(a, b) -> bool:
    both_numbers = is_number(a) and is_number(b)
    both_timestamps = isinstance(a, bson.Timestamp) and isinstance(b, bson.Timestamp)
    return both_numbers or both_timestamps or (isinstance(a, dt.datetime) and isinstance(b, dt.datetime))


def _wrap_bson_compare(original):
    def bson_compare(op, a, b, can_compare_types=True):
        """Numbers of any type (and naive/aware dates) compare by value; BSON Timestamps by
        (time, increment), and with no other type (the server's type bracketing)."""
        if _comparable(a, b):
            return op(compare(a, b), 0)
        if isinstance(a, bson.Timestamp) or isinstance(b, bson.Timestamp):
            return False
        return original(op, a, b, can_compare_types)

    bson_compare._queryleaf_shim = True
    return bson_compare


def _wrap_operator_eq(original):
    def operator_eq(doc_val, search_val):
        """Equality in queries: numeric types compare by value; true is not 1."""
        if isinstance(doc_val, bool) != isinstance(search_val, bool):
            return False
        if _comparable(doc_val, search_val):
            return compare(doc_val, search_val) == 0
        return original(doc_val, search_val)

    return operator_eq


def _has_type(name):
    def test(value):
        try:
            return type_name(value) == name
        except TypeError:
            return False

    return test


def _type_op(doc_value, search):
    """$type with a name, a number, or a list of them."""
    searches = search if isinstance(search, list) else [search]
    return any(filtering._type_op(doc_value, _TYPE_CODES.get(s, s)) for s in searches)


def _null_matches_missing(base):
    return lambda doc_value, search: (
        (search is None and doc_value is MISSING) or base(doc_value, search)
    )


def _wrap_iter_key_candidates(original):
    def iter_key_candidates(key, document):
        """A path through null, a scalar or past an array's end is missing: {"n.x": null}
        matches {n: null}, and {"n.x": {$nin: [null]}} does not."""
        candidates = original(key, document)
        return candidates if len(candidates) else [MISSING]

    return iter_key_candidates


def _wrap_not_op(original):
    def _not_op(self, document, key, search):
        """{$not: {$regex: ..., $options: ...}}: the options belong to the regex."""
        if isinstance(search, dict) and "$regex" in search and "$options" in search:
            search = filtering._combine_regex_options(search)
        return original(self, document, key, search)

    return _not_op


def _expr_truthiness(expression, document, user_vars=None):
    """$expr keeps a document when its expression is truthy in the server's sense."""
    return truthy(aggregate._parse_expression(expression, document, user_vars=user_vars))


def _new_filterer():
    filterer = filtering._Filterer()
    require(filterer, "_operator_map")
    operators = filterer._operator_map
    if not {"$gte", "$lte", "$type"} <= set(operators):
        raise RuntimeError("mongomock-ng changed its query operators; update queryleaf/engine/embedded/query.py")
    operators["$gte"] = _null_matches_missing(operators["$gte"])
    operators["$lte"] = _null_matches_missing(operators["$lte"])
    operators["$type"] = _type_op
    operators["$in"] = _hashed_in(filtering._in_op)
    operators["$nin"] = lambda doc_value, search: not operators["$in"](doc_value, search)
    return filterer


_SIMPLE = frozenset({int, float, str, bool, type(None), bson.ObjectId, bson.Int64, Decimal128})


def _hashed_in(original):
    """$in by hash lookup when the list and the value hold only plain scalars (numbers, strings,
    booleans, null, dates, ObjectIds): equal under the query's equality exactly when their
    `hashable` keys are equal. Regexes, documents, arrays and other types go to mongomock-ng."""
    lists: dict = {}  # id(search list) -> (the list, its keys or None, whether it holds null)

    def keys_of(search):
        entry = lists.get(id(search))
        if entry is None or entry[0] is not search:
            if len(lists) > 256:
                lists.clear()
            simple = isinstance(search, list) and all(_is_simple(v) for v in search)
            keys = frozenset(hashable(v) for v in search) if simple else None
            entry = lists[id(search)] = (search, keys, simple and None in search)
        return entry[1], entry[2]

    def in_op(doc_value, search):
        keys, has_null = keys_of(search)
        if keys is None:
            return original(doc_value, search)
        if doc_value is MISSING:
            return has_null
        if type(doc_value) is list:
            if not all(_is_simple(v) for v in doc_value):
                return original(doc_value, search)
            return any(hashable(v) in keys for v in doc_value)
        if not _is_simple(doc_value):
            return original(doc_value, search)
        return hashable(doc_value) in keys

    return in_op


def _is_simple(value) -> bool:
    return type(value) in _SIMPLE or type(value) is dt.datetime


_PLAIN = frozenset({int, float, str, bool, type(None), bson.ObjectId, bson.Int64})


def _patched(value) -> bool:
    """Whether mongomock-ng's date patch could change the value: an aware date or one with
    microseconds, a Timestamp (a zero one becomes now), anything not a plain JSON-like type."""
    kind = type(value)
    if kind is dict:
        values = value.values()
    elif kind is list:
        values = value
    else:
        return _patched_scalar(value)
    for item in values:
        kind = type(item)
        if kind in _PLAIN:
            continue
        if kind is dict or kind is list:
            if _patched(item):
                return True
        elif _patched_scalar(item):
            return True
    return False


def _patched_scalar(value) -> bool:
    kind = type(value)
    if kind in _PLAIN:
        return False
    if kind is dt.datetime:
        return value.tzinfo is not None or value.microsecond % 1000 != 0
    return not isinstance(value, (Decimal128, bson.Binary, bytes, re.Pattern, bson.Regex))


def match_stage(in_collection, database, options, user_vars):
    """Keep the documents the query matches (dates compared as naive UTC milliseconds)."""
    from mongomock_ng.profiler import get_profiler

    spec = helpers.patch_datetime_awareness_in_document(options)
    get_profiler().record(spec, f"{database.name}.<aggregate>", "aggregate")
    patch = helpers.patch_datetime_awareness_in_document
    return [
        doc
        for doc in in_collection
        if filtering.filter_applies(spec, patch(doc) if _patched(doc) else doc, user_vars=user_vars)
    ]


def install() -> None:
    require(filtering, "bson_compare", "operator_eq", "TYPE_MAP", "_type_op", "_Filterer")
    require(filtering, "_filterer_inst", "register_parse_expression", "filter_applies")
    require(filtering, "_combine_regex_options", "iter_key_candidates", "_in_op")
    require(filtering._Filterer, "_not_op")
    require(helpers, "mongodb_to_bool", "patch_datetime_awareness_in_document")
    require(aggregate, "_PIPELINE_HANDLERS")
    if "$match" not in aggregate._PIPELINE_HANDLERS:
        raise RuntimeError("mongomock-ng changed its pipeline stages; update queryleaf/engine/embedded/query.py")
    aggregate._PIPELINE_HANDLERS["$match"] = match_stage
    if getattr(filtering.bson_compare, "_queryleaf_shim", False):
        return
    filtering.bson_compare = _wrap_bson_compare(filtering.bson_compare)
    filtering.operator_eq = _wrap_operator_eq(filtering.operator_eq)
    for name in set(_TYPE_CODES.values()):
        filtering.TYPE_MAP[name] = _has_type(name)
    filtering.TYPE_MAP["number"] = is_number
    helpers.mongodb_to_bool = truthy
    filtering._Filterer._not_op = _wrap_not_op(filtering._Filterer._not_op)
    filtering.iter_key_candidates = _wrap_iter_key_candidates(filtering.iter_key_candidates)
    filtering.register_parse_expression(_expr_truthiness)
    # The filterer captured operator_eq when it was built: build a new one.
    filtering._filterer_inst = _new_filterer()
