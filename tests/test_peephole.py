"""Adjacent $match stages merge, also inside nested pipelines, without changing meaning."""

from queryleaf.compile.peephole import tidy


def test_disjoint_matches_merge_into_one_document():
    assert tidy([{"$match": {"a": 1}}, {"$match": {"b": {"$gt": 2}}}]) == [{"$match": {"a": 1, "b": {"$gt": 2}}}]


def test_same_field_twice_becomes_and():
    stages = [{"$match": {"a": {"$gt": 1}}}, {"$match": {"a": {"$lt": 5}}}]
    assert tidy(stages) == [{"$match": {"$and": [{"a": {"$gt": 1}}, {"a": {"$lt": 5}}]}}]


def test_expr_matches_become_and():
    stages = [{"$match": {"$expr": {"$gt": ["$a", 1]}}}, {"$match": {"$expr": {"$lt": ["$a", 5]}}}]
    assert tidy(stages) == [{"$match": {"$and": [stages[0]["$match"], stages[1]["$match"]]}}]


def test_matches_separated_by_another_stage_stay_apart():
    stages = [{"$match": {"a": 1}}, {"$limit": 3}, {"$match": {"b": 2}}]
    assert tidy(stages) == stages


def test_nested_lookup_and_facet_pipelines_are_tidied():
    lookup = {"$lookup": {"from": "b", "as": "x", "pipeline": [{"$match": {"k": 1}}, {"$match": {"j": 2}}]}}
    facet = {"$facet": {"f": [{"$match": {}}, {"$match": {"z": 0}}]}}
    assert tidy([lookup, facet]) == [
        {"$lookup": {"from": "b", "as": "x", "pipeline": [{"$match": {"k": 1, "j": 2}}]}},
        {"$facet": {"f": [{"$match": {"z": 0}}]}},
    ]
