"""$lookup on the embedded engine: the server's matching rules, evaluated as a hash join.

The expected matches are what a MongoDB 6.0+ server returns (with QUERYLEAF_TEST_URI set
these tests run on that server too). The last tests check, on the embedded engine only, that
the work is linear: the foreign collection is read once per command and sub-pipelines are not
re-run for inputs that cannot change their result.
"""

from __future__ import annotations

import datetime as dt

import pytest
from bson import Decimal128, Int64

from queryleaf.engine.embedded import new_client

D = dt.datetime(2024, 3, 15, 13, 45, 30, 123000)
FOREIGN = [
    {"_id": 1, "k": 1},
    {"_id": 2, "k": 1.0},
    {"_id": 3, "k": Int64(1)},
    {"_id": 4, "k": Decimal128("1.00")},
    {"_id": 5, "k": "1"},
    {"_id": 6, "k": None},
    {"_id": 7},
    {"_id": 8, "k": [1, 2]},
    {"_id": 9, "k": [None, 3]},
    {"_id": 10, "k": []},
    {"_id": 11, "k": True},
    {"_id": 12, "k": {"a": 1}},
    {"_id": 13, "k": [[1, 2]]},
    {"_id": 14, "k": 2},
    {"_id": 15, "k": D},
    {"_id": 16, "k": 2.5},
]
NUMERIC_ONE = [1, 2, 3, 4, 8]  # 1 in any numeric type, and the array holding 1
NULLISH = [6, 7, 9]  # null, missing, and the array holding null (not the empty array)
LOCAL = [
    ("int", {"v": 1}, NUMERIC_ONE),
    ("double", {"v": 1.0}, NUMERIC_ONE),
    ("long", {"v": Int64(1)}, NUMERIC_ONE),
    ("decimal", {"v": Decimal128("1")}, NUMERIC_ONE),
    ("string", {"v": "1"}, [5]),
    ("bool", {"v": True}, [11]),
    ("null", {"v": None}, NULLISH),
    ("missing", {}, NULLISH),
    ("empty array", {"v": []}, NULLISH),
    ("array", {"v": [2, "1"]}, [5, 8, 14]),  # any element matches
    ("array with null", {"v": [None]}, NULLISH),
    ("nested array", {"v": [[1, 2]]}, [8, 13]),  # the whole array, or an element equal to it
    ("object", {"v": {"a": 1}}, [12]),
    ("date", {"v": D}, [15]),
    ("no match", {"v": 7}, []),
    ("decimal fraction", {"v": Decimal128("2.50")}, [16]),
]




def _matched_ids(db, lookup: dict, local: list[dict]) -> dict:
    db.f.insert_many([dict(d) for d in FOREIGN])
    db.l.insert_many([dict(d) for d in local])
    out = db.l.aggregate([{"$lookup": {"as": "m", **lookup}}])
    return {doc["_id"]: sorted(m["_id"] for m in doc["m"]) for doc in out}


def _local_documents():
    return [{"_id": name, **fields} for name, fields, _ in LOCAL]


def test_local_foreign_field_equality(db):
    got = _matched_ids(
        db, {"from": "f", "localField": "v", "foreignField": "k"}, _local_documents()
    )
    assert got == {name: want for name, _, want in LOCAL}


def test_local_foreign_field_with_pipeline_filters_the_matches(db):
    spec = {
        "from": "f",
        "localField": "v",
        "foreignField": "k",
        "pipeline": [{"$match": {"_id": {"$gte": 3}}}],
    }
    got = _matched_ids(db, spec, _local_documents())
    assert got == {name: [i for i in want if i >= 3] for name, _, want in LOCAL}


def test_local_foreign_field_with_let_and_pipeline(db):
    spec = {
        "from": "f",
        "localField": "v",
        "foreignField": "k",
        "let": {"limit": "$cap"},
        "pipeline": [{"$match": {"$expr": {"$lt": ["$_id", "$$limit"]}}}],
    }
    local = [{"_id": "a", "v": 1, "cap": 4}, {"_id": "b", "v": 1, "cap": 9}, {"_id": "c", "v": 1}]
    got = _matched_ids(db, spec, local)
    assert got == {"a": [1, 2, 3], "b": [1, 2, 3, 4, 8], "c": []}  # missing < every number


def test_foreign_paths_through_documents_and_arrays(db):
    db.f.insert_many(
        [
            {"_id": 1, "a": [{"b": 1}, {"b": 2}]},
            {"_id": 2, "a": {"b": 1}},
            {"_id": 3, "a": 5},  # a.b through a scalar: missing
            {"_id": 4, "a": None},
            {"_id": 5, "a": {"b": [3, 1]}},
            {"_id": 6, "a": {"c": 1}},
        ]
    )
    db.l.insert_many([{"_id": "one", "v": 1}, {"_id": "two", "v": 2}, {"_id": "null", "v": None}])
    spec = {"from": "f", "localField": "v", "foreignField": "a.b", "as": "m"}
    out = db.l.aggregate([{"$lookup": spec}])
    got = {doc["_id"]: sorted(m["_id"] for m in doc["m"]) for doc in out}
    assert got == {"one": [1, 2, 5], "two": [1], "null": [3, 4, 6]}


def test_local_path_through_an_array_of_documents(db):
    db.f.insert_many([{"_id": 1, "k": 1}, {"_id": 2, "k": 2}, {"_id": 3, "k": 3}])
    db.l.insert_one({"_id": "x", "items": [{"k": 3}, {"k": 1}, {"j": 2}]})
    spec = {"from": "f", "localField": "items.k", "foreignField": "k", "as": "m"}
    (doc,) = db.l.aggregate([{"$lookup": spec}])
    assert sorted(m["_id"] for m in doc["m"]) == [1, 3]


def test_matches_keep_their_fields_and_each_output_owns_its_copy(db):
    db.f.insert_many([{"_id": 1, "k": 1, "n": {"deep": 1}}, {"_id": 2, "k": 2}])
    db.l.insert_many([{"_id": "a", "v": 1}, {"_id": "b", "v": 1}, {"_id": "c", "v": 2}])
    pipeline = [
        {"$lookup": {"from": "f", "localField": "v", "foreignField": "k", "as": "m"}},
        {"$unwind": "$m"},
        {"$set": {"m.n.by": "$_id"}},
        {"$sort": {"_id": 1}},
    ]
    got = list(db.l.aggregate(pipeline))
    assert [(d["_id"], d["m"]["_id"], d["m"]["n"]) for d in got] == [
        ("a", 1, {"deep": 1, "by": "a"}),
        ("b", 1, {"deep": 1, "by": "b"}),
        ("c", 2, {"by": "c"}),
    ]
    assert db.f.find_one({"_id": 1}) == {"_id": 1, "k": 1, "n": {"deep": 1}}


def test_uncorrelated_and_correlated_pipelines(db):
    db.f.insert_many([{"_id": 1, "k": 1}, {"_id": 2, "k": Int64(1)}, {"_id": 3, "k": 2}])
    db.f.insert_one({"_id": 4, "k": True})  # booleans sort above every number
    db.l.insert_many([{"_id": i, "v": i % 3} for i in range(6)])
    count = [{"$group": {"_id": None, "n": {"$sum": 1}}}, {"$project": {"_id": 0}}]
    correlated = [{"$match": {"$expr": {"$gt": ["$k", "$$v"]}}}, *count]
    pipeline = [
        {"$lookup": {"from": "f", "pipeline": count, "as": "all"}},
        {"$lookup": {"from": "f", "let": {"v": "$v"}, "pipeline": correlated, "as": "above"}},
        {"$sort": {"_id": 1}},
    ]
    got = [(d["_id"], d["all"], d["above"]) for d in db.l.aggregate(pipeline)]
    above = {0: [{"n": 4}], 1: [{"n": 2}], 2: [{"n": 1}]}
    assert got == [(i, [{"n": 4}], above[i % 3]) for i in range(6)]


def test_let_values_that_compare_equal_stay_apart(db):
    db.f.insert_many([{"_id": 1, "k": 1}, {"_id": 2, "k": 2}])
    db.l.insert_many(
        [
            {"_id": "int", "v": 1},
            {"_id": "double", "v": 1.0},
            {"_id": "long", "v": Int64(1)},
            {"_id": "decimal", "v": Decimal128("1")},
            {"_id": "bool", "v": True},
            {"_id": "null", "v": None},
            {"_id": "missing"},
        ]
    )
    pipeline = [{"$project": {"_id": 0, "t": {"$type": "$$v"}}}]
    db.l.update_many({}, {"$set": {"one": 1}})
    for local, count in (({}, 2), ({"localField": "one", "foreignField": "k"}, 1)):
        spec = {"from": "f", "let": {"v": "$v"}, "pipeline": pipeline, "as": "m", **local}
        got = {d["_id"]: d["m"] for d in db.l.aggregate([{"$lookup": spec}])}
        assert got == {
            name: [{"t": name}] * count
            for name in ("int", "double", "long", "decimal", "bool", "null", "missing")
        }


def test_sub_pipelines_and_later_stages_never_modify_the_stored_documents(db):
    stored = [{"_id": 1, "k": 1, "n": {"x": 1}}, {"_id": 2, "k": 1, "n": {"x": 2}}]
    db.f.insert_many([dict(d, n=dict(d["n"])) for d in stored])
    db.l.insert_many([{"_id": "a", "v": 1}, {"_id": "b", "v": 1}])
    cases = [
        ([{"$set": {"n.y": "$$who"}}], lambda who, x: {"_id": x, "k": 1, "n": {"x": x, "y": who}}),
        ([{"$unset": "n.x"}], lambda who, x: {"_id": x, "k": 1, "n": {}}),
        ([{"$project": {"n": "$$ROOT.n"}}], lambda who, x: {"_id": x, "n": {"x": x, "by": who}}),
    ]
    later = [{"$unwind": "$m"}, {"$set": {"m.n.by": "$_id"}}, {"$sort": {"_id": 1, "m._id": 1}}]
    for sub, want in cases:
        spec = {"from": "f", "localField": "v", "foreignField": "k", "let": {"who": "$_id"}}
        lookup = {"$lookup": {**spec, "pipeline": sub, "as": "m"}}
        got = [(d["_id"], d["m"]) for d in db.l.aggregate([lookup, *later])]
        expected = [(who, want(who, x)) for who in "ab" for x in (1, 2)]
        for (who, doc), (_, wanted) in zip(got, expected):
            wanted["n"].setdefault("by", who)
        assert got == expected, sub
        assert list(db.f.find({}, sort=[("_id", 1)])) == stored, sub


# ---------------------------------------------------------------- linear work (embedded only)


@pytest.fixture
def counters(monkeypatch):
    """Counts of foreign-collection reads (by collection), $group runs and query evaluations."""
    from mongomock_ng import aggregate, filtering, store

    counts = {"reads": {}, "group": 0, "filter_applies": 0}
    documents = store.CollectionStore.documents

    def counted_documents(self):
        counts["reads"][self.name] = counts["reads"].get(self.name, 0) + 1
        return documents.fget(self)

    group = aggregate._PIPELINE_HANDLERS["$group"]

    def counted_group(*args):
        counts["group"] += 1
        return group(*args)

    filter_applies = filtering.filter_applies

    def counted_filter_applies(*args, **kwargs):
        counts["filter_applies"] += 1
        return filter_applies(*args, **kwargs)

    monkeypatch.setattr(store.CollectionStore, "documents", property(counted_documents))
    monkeypatch.setitem(aggregate._PIPELINE_HANDLERS, "$group", counted_group)
    monkeypatch.setattr(filtering, "filter_applies", counted_filter_applies)
    return counts


def _joined(counters, extra=None):
    """l: 200 documents, v = _id % 60; f: 300 documents, k = _id % 50, w = _id."""
    db = new_client()["linear"]
    db.f.insert_many([{"_id": i, "k": i % 50, "w": i} for i in range(300)])
    db.l.insert_many([{"_id": i, "v": i % 60} for i in range(200)])
    for name, documents in (extra or {}).items():
        db[name].insert_many(documents)
    counters["reads"].clear()
    counters["filter_applies"] = counters["group"] = 0
    return db


def test_local_foreign_field_lookup_reads_the_foreign_collection_once(counters):
    db = _joined(counters)
    spec = {"from": "f", "localField": "v", "foreignField": "k", "as": "m"}
    out = list(db.l.aggregate([{"$lookup": spec}]))
    assert counters["reads"]["f"] == 1
    assert counters["filter_applies"] == 0  # no document-by-document query evaluation
    assert [len(d["m"]) for d in out[:3]] == [6, 6, 6]
    assert all(len(d["m"]) == 0 for d in out if d["v"] >= 50)


def test_uncorrelated_pipeline_runs_once(counters):
    db = _joined(counters)
    spec = {"from": "f", "pipeline": [{"$group": {"_id": None, "n": {"$sum": 1}}}], "as": "m"}
    out = list(db.l.aggregate([{"$lookup": spec}]))
    assert counters["reads"]["f"] == 1 and counters["group"] == 1
    assert all(d["m"] == [{"_id": None, "n": 300}] for d in out)


def test_pipeline_runs_once_per_distinct_key_and_let_values(counters):
    db = _joined(counters)
    group = {"$group": {"_id": None, "total": {"$sum": "$w"}}}
    spec = {
        "from": "f",
        "localField": "v",
        "foreignField": "k",
        "let": {"small": {"$lt": ["$_id", 100]}},
        "pipeline": [{"$match": {"$expr": {"$eq": [{"$lt": ["$w", 150]}, "$$small"]}}}, group],
        "as": "m",
    }
    out = list(db.l.aggregate([{"$lookup": spec}]))
    assert counters["reads"]["f"] == 1
    assert counters["group"] == 60 * 2  # 60 values of v, each with _id < 100 and _id >= 100
    by_id = {d["_id"]: d["m"] for d in out}
    assert by_id[7] == [{"_id": None, "total": 7 + 57 + 107}]
    assert by_id[127] == [{"_id": None, "total": 157 + 207 + 257}]
    assert by_id[55] == []  # k = 55 does not exist


def test_nested_lookup_reads_each_collection_once_per_command(counters):
    db = _joined(counters, extra={"g": [{"_id": k, "name": f"k{k}"} for k in range(50)]})
    inner = {"$lookup": {"from": "g", "localField": "k", "foreignField": "_id", "as": "g"}}
    spec = {"from": "f", "localField": "v", "foreignField": "k", "pipeline": [inner], "as": "m"}
    out = list(db.l.aggregate([{"$lookup": spec}]))
    assert counters["reads"] == {"l": 1, "f": 1, "g": 1}
    assert out[3]["m"][0]["g"] == [{"_id": 3, "name": "k3"}]
    list(db.l.aggregate([{"$lookup": spec}]))  # a new command reads the collections again
    assert counters["reads"] == {"l": 2, "f": 2, "g": 2}


def test_unwind_preserving_null_and_empty_sets_a_null_index(db):
    db.u.insert_many(
        [
            {"_id": 1, "a": [10, 20]},
            {"_id": 2, "a": []},
            {"_id": 3, "a": None},
            {"_id": 4},
            {"_id": 5, "a": 7},
        ]
    )
    spec = {"path": "$a", "includeArrayIndex": "i", "preserveNullAndEmptyArrays": True}
    got = list(db.u.aggregate([{"$unwind": spec}, {"$sort": {"_id": 1, "i": 1}}]))
    assert got == [
        {"_id": 1, "a": 10, "i": 0},
        {"_id": 1, "a": 20, "i": 1},
        {"_id": 2, "i": None},
        {"_id": 3, "a": None, "i": None},
        {"_id": 4, "i": None},
        {"_id": 5, "a": 7, "i": None},
    ]
