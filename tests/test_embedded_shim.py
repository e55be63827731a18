"""The embedded engine evaluates pipelines as a MongoDB 6.0/7.0 server does.

Every expected document here is what a real server returns (values and BSON types: int vs
long vs double vs decimal). With QUERYLEAF_TEST_URI set, the same tests also run on that
server, which keeps the expectations honest.
"""

from __future__ import annotations

import datetime as dt
import re

import pymongo.errors
import pytest
from bson import Decimal128, Int64, ObjectId

from queryleaf.engine.embedded.values import type_name

ABSENT = object()  # the expression's field is missing from the output document
D = dt.datetime(2024, 3, 15, 13, 45, 30, 123000)
OID = ObjectId("65f4aa000000000000000000")
DOC = {
    "_id": 1,
    "a": 5,
    "n": None,
    "s": "  Hello  ",
    "f": 2.675,
    "arr": [3, 1, 2],
    "d": D,
    "dec": Decimal128("2.345"),
    "big": 2**40,
    "i64": Int64(5),
    "u": "héllo wörld",
    "t": True,
    "o": {"x.y": 1, "x": {"y": 2}},
    "oid": OID,
    "docs": [{"k": "b", "v": 2}, {"k": "a", "v": 1}],
}




def assert_same(got, want):
    """Equal values of the same BSON type, recursively."""
    assert type_name(got) == type_name(want), (got, want)
    if isinstance(want, dict):
        assert set(got) == set(want), (got, want)
        for key in want:
            assert_same(got[key], want[key])
    elif isinstance(want, list):
        assert len(got) == len(want), (got, want)
        for g, w in zip(got, want):
            assert_same(g, w)
    else:
        assert got == want, (got, want)


def evaluate(db, expression):
    db.c.insert_one(DOC)
    (out,) = db.c.aggregate([{"$project": {"_id": 0, "r": expression}}])
    return out.get("r", ABSENT)


def check(db, expression, want):
    got = evaluate(db, expression)
    if want is ABSENT:
        assert got is ABSENT, got
    else:
        assert_same(got, want)


EXPRESSIONS = [
    # $ifNull: several inputs; null and missing both count as null.
    ({"$ifNull": ["$zz", "$n", 7]}, 7),
    # $cond: false, 0, null and missing are false; "" and [] are true; only one branch runs.
    ({"$cond": [{"$gt": ["$a", 3]}, "big", "small"]}, "big"),
    ({"$cond": {"if": "$n", "then": 1, "else": 2}}, 2),
    ({"$cond": ["$zz", 1, "$zz"]}, ABSENT),
    ({"$cond": [0, {"$divide": [1, 0]}, 2]}, 2),
    ({"$cond": ["", 1, 2]}, 1),
    ({"$cond": [[], 1, 2]}, 1),
    ({"$ifNull": ["$n", "$a", 7]}, 5),
    ({"$ifNull": ["$zz", "$alsoMissing"]}, ABSENT),
    # $max/$min over expressions ignore null and missing; all null -> null.
    ({"$max": ["$a", "$n", "$zz", 1]}, 5),
    ({"$min": ["$a", "$n", "$zz", 1]}, 1),
    ({"$max": ["$n", "$zz"]}, None),
    ({"$max": "$arr"}, 3),
    ({"$min": [1, "x", 2.5]}, 1),
    ({"$sum": ["$a", "$n", "x", 2.5]}, 7.5),
    ({"$avg": "$arr"}, 2.0),
    # Strings.
    ({"$toLower": "$n"}, ""),
    ({"$toUpper": "$zz"}, ""),
    ({"$toUpper": "$u"}, "HéLLO WöRLD"),
    ({"$toLower": 2.5}, "2.5"),
    ({"$trim": {"input": "$s"}}, "Hello"),
    ({"$trim": {"input": "xxhixx", "chars": "x"}}, "hi"),
    ({"$ltrim": {"input": "$s"}}, "Hello  "),
    ({"$rtrim": {"input": "abcba", "chars": "ab"}}, "abc"),
    ({"$trim": {"input": "$zz"}}, None),
    ({"$replaceAll": {"input": "a-b-c", "find": "-", "replacement": "+"}}, "a+b+c"),
    ({"$replaceOne": {"input": "a-b-c", "find": "-", "replacement": "+"}}, "a+b-c"),
    ({"$replaceAll": {"input": "$n", "find": "-", "replacement": "+"}}, None),
    ({"$substrCP": ["$u", 1, 4]}, "éllo"),
    ({"$substrBytes": ["abc", 1, 1]}, "b"),
    ({"$substr": ["$n", 0, 1]}, ""),
    ({"$strLenCP": "$u"}, 11),
    ({"$strLenBytes": "$u"}, 13),
    ({"$indexOfCP": ["$u", "wö"]}, 6),
    ({"$indexOfCP": ["$u", "zz"]}, -1),
    ({"$indexOfCP": ["$n", "zz"]}, None),
    ({"$indexOfCP": ["abcabc", "b", 2]}, 4),
    ({"$split": ["a,b,,c", ","]}, ["a", "b", "", "c"]),
    ({"$split": ["$zz", ","]}, None),
    ({"$concat": ["a", "$n"]}, None),
    ({"$concat": ["a", "$zz"]}, None),
    ({"$concat": ["a", "b"]}, "ab"),
    ({"$strcasecmp": ["abc", "ABC"]}, 0),
    ({"$regexMatch": {"input": "$n", "regex": "a"}}, False),
    ({"$regexMatch": {"input": "$zz", "regex": "a"}}, False),
    ({"$regexMatch": {"input": "ABC", "regex": "b", "options": "i"}}, True),
    ({"$regexMatch": {"input": "a\nb", "regex": "a.b", "options": "s"}}, True),
    ({"$regexMatch": {"input": "a\nb", "regex": "a.b"}}, False),
    ({"$regexMatch": {"input": "abc", "regex": "^abc(?![\\s\\S])"}}, True),
    ({"$regexMatch": {"input": "abc\n", "regex": "^abc(?![\\s\\S])"}}, False),
    # Arithmetic and rounding.
    ({"$round": [2.5]}, 2.0),
    ({"$round": [3.5, 0]}, 4.0),
    ({"$round": [-2.5]}, -2.0),
    ({"$round": ["$f", 2]}, 2.67),  # 2.675 is 2.67499999... as a double
    ({"$round": [1234, -2]}, 1200),
    ({"$round": [1250, -2]}, 1200),
    ({"$round": [1350, -2]}, 1400),
    ({"$round": [7, 1]}, 7),
    ({"$round": ["$dec", 2]}, Decimal128("2.34")),
    ({"$round": [Decimal128("2.355"), 2]}, Decimal128("2.36")),
    ({"$round": ["$n", 2]}, None),
    ({"$trunc": [7.89, 1]}, 7.8),
    ({"$trunc": [-7.89]}, -7.0),
    ({"$trunc": 5.7}, 5.0),
    ({"$trunc": [1299, -2]}, 1200),
    ({"$trunc": ["$i64"]}, Int64(5)),
    ({"$ceil": 2.1}, 3.0),
    ({"$floor": -2.1}, -3.0),
    ({"$abs": -7}, 7),
    ({"$mod": [-7, 3]}, -1),
    ({"$mod": [7, -3]}, 1),
    ({"$mod": [7.5, 2]}, 1.5),
    ({"$mod": ["$i64", 3]}, Int64(2)),
    ({"$divide": ["$a", 2]}, 2.5),
    ({"$divide": [6, 3]}, 2.0),
    ({"$divide": ["$dec", 2]}, Decimal128("1.1725")),
    ({"$add": ["$dec", 1]}, Decimal128("3.345")),
    ({"$add": ["$a", 1.5]}, 6.5),
    ({"$add": ["$d", 1000]}, D + dt.timedelta(seconds=1)),
    ({"$add": ["$a", "$zz"]}, None),
    ({"$subtract": ["$dec", 1]}, Decimal128("1.345")),
    ({"$subtract": ["$d", dt.datetime(2024, 3, 15)]}, Int64(49530123)),
    ({"$multiply": ["$dec", 2]}, Decimal128("4.690")),
    ({"$multiply": ["$a", "$i64"]}, Int64(25)),
    ({"$multiply": [2**20, 2**20]}, Int64(2**40)),
    ({"$pow": [2, 3]}, 8),
    ({"$pow": [2, -1]}, 0.5),
    # Comparisons: missing is lower than null; numbers compare across types.
    ({"$lte": ["$zz", None]}, True),
    ({"$lt": ["$zz", None]}, True),
    ({"$eq": ["$zz", None]}, False),
    ({"$ne": ["$zz", None]}, True),
    ({"$gt": ["$n", "$zz"]}, True),
    ({"$eq": ["$zz", "$alsoMissing"]}, True),
    ({"$eq": [1, Decimal128("1")]}, True),
    ({"$eq": [1, 1.0]}, True),
    ({"$eq": [1, True]}, False),
    ({"$gt": [Decimal128("1.5"), 1]}, True),
    ({"$gt": ["b", 7]}, True),
    ({"$lt": [OID, True]}, True),
    ({"$cmp": ["$a", 7]}, -1),
    ({"$cmp": ["b", 7]}, 1),
    ({"$cmp": [[1, 2], [1, 2]]}, 0),
    # Conditionals and variables.
    (
        {
            "$switch": {
                "branches": [{"case": {"$gt": ["$a", 10]}, "then": "big"}],
                "default": "small",
            }
        },
        "small",
    ),
    (
        {
            "$switch": {
                "branches": [{"case": {"$gt": ["$a", 1]}, "then": "big"}],
                "default": "small",
            }
        },
        "big",
    ),
    ({"$let": {"vars": {"x": "$a", "y": 2}, "in": {"$multiply": ["$$x", "$$y"]}}}, 10),
    ({"$cond": [{"$eq": ["$a", 5]}, "y", "n"]}, "y"),
    ({"$cond": ["$zz", "y", "n"]}, "n"),
    # Types and conversions.
    ({"$type": "$zz"}, "missing"),
    ({"$type": "$a"}, "int"),
    ({"$type": "$big"}, "long"),
    ({"$type": "$i64"}, "long"),
    ({"$type": -(2**40)}, "long"),
    ({"$type": "$f"}, "double"),
    ({"$type": "$dec"}, "decimal"),
    ({"$type": "$oid"}, "objectId"),
    ({"$type": "$d"}, "date"),
    ({"$type": "$n"}, "null"),
    ({"$type": "$t"}, "bool"),
    ({"$type": "$o"}, "object"),
    ({"$type": "$arr"}, "array"),
    ({"$type": "$s"}, "string"),
    ({"$isNumber": "$dec"}, True),
    ({"$isNumber": "$t"}, False),
    ({"$isNumber": "$zz"}, False),
    ({"$toDecimal": "$f"}, Decimal128("2.67500000000000")),
    ({"$toDecimal": 12345.678}, Decimal128("12345.6780000000")),
    ({"$toDecimal": 2.5}, Decimal128("2.50000000000000")),
    ({"$toDecimal": 7}, Decimal128("7")),
    ({"$toDecimal": "1.50"}, Decimal128("1.50")),
    ({"$convert": {"input": "abc", "to": "int", "onError": -1}}, -1),
    ({"$convert": {"input": "abc", "to": "int", "onError": None}}, None),
    ({"$convert": {"input": "$zz", "to": "int", "onNull": 0}}, 0),
    ({"$convert": {"input": "$n", "to": "int"}}, None),
    ({"$convert": {"input": "12", "to": 16}}, 12),
    ({"$convert": {"input": 2.9, "to": "long"}}, Int64(2)),
    ({"$toInt": 2.9}, 2),
    ({"$toInt": -2.9}, -2),
    ({"$toInt": "42"}, 42),
    ({"$toInt": "$dec"}, 2),
    ({"$toLong": 2.9}, Int64(2)),
    ({"$toLong": "42"}, Int64(42)),
    ({"$toLong": dt.datetime(1970, 1, 1, 0, 0, 1)}, Int64(1000)),
    ({"$toDouble": "2.5"}, 2.5),
    ({"$toDouble": "$a"}, 5.0),
    ({"$toBool": 0}, False),
    ({"$toBool": ""}, True),
    ({"$toBool": "$n"}, None),
    ({"$toString": "$d"}, "2024-03-15T13:45:30.123Z"),
    ({"$toString": dt.datetime(2024, 1, 1)}, "2024-01-01T00:00:00.000Z"),
    ({"$toString": "$oid"}, "65f4aa000000000000000000"),
    ({"$toString": True}, "true"),
    ({"$toString": 2.5}, "2.5"),
    ({"$toString": 3.0}, "3"),
    ({"$toString": "$dec"}, "2.345"),
    ({"$toString": "$big"}, "1099511627776"),
    ({"$toDate": "2024-03-15T10:00:00Z"}, dt.datetime(2024, 3, 15, 10)),
    ({"$toObjectId": "65f4aa000000000000000000"}, OID),
    # Arrays and fields.
    ({"$sortArray": {"input": "$arr", "sortBy": 1}}, [1, 2, 3]),
    ({"$sortArray": {"input": "$arr", "sortBy": -1}}, [3, 2, 1]),
    (
        {"$sortArray": {"input": "$docs", "sortBy": {"k": 1}}},
        [{"k": "a", "v": 1}, {"k": "b", "v": 2}],
    ),
    ({"$sortArray": {"input": "$zz", "sortBy": 1}}, None),
    ({"$first": "$arr"}, 3),
    ({"$last": "$arr"}, 2),
    ({"$first": ["$arr"]}, 3),
    ({"$first": "$zz"}, None),
    ({"$first": {"$literal": []}}, ABSENT),
    ({"$arrayElemAt": ["$arr", -1]}, 2),
    ({"$arrayElemAt": ["$arr", 5]}, ABSENT),
    ({"$arrayElemAt": ["$zz", 0]}, None),
    ({"$getField": {"field": "x.y", "input": "$o"}}, 1),
    ({"$getField": {"field": "nope", "input": "$o"}}, ABSENT),
    ({"$getField": {"field": "x", "input": "$n"}}, None),
    ({"$getField": "a"}, 5),
    ({"$in": [2, "$arr"]}, True),
    ({"$in": [2.0, "$arr"]}, True),
    ({"$in": [None, "$arr"]}, False),
    ({"$reduce": {"input": "$arr", "initialValue": 0, "in": {"$add": ["$$value", "$$this"]}}}, 6),
    ({"$map": {"input": "$arr", "as": "x", "in": {"$add": ["$$x", 1]}}}, [4, 2, 3]),
    ({"$filter": {"input": "$arr", "cond": {"$gt": ["$$this", 1]}}}, [3, 2]),
    ({"$filter": {"input": "$arr", "as": "x", "cond": {"$gt": ["$$x", 0]}, "limit": 2}}, [3, 1]),
    ({"$filter": {"input": "$zz", "cond": True}}, None),
    ({"$size": "$arr"}, 3),
    ({"$concatArrays": ["$arr", [9]]}, [3, 1, 2, 9]),
    ({"$concatArrays": ["$arr", "$zz"]}, None),
    ({"$range": [0, 5, 2]}, [0, 2, 4]),
    (["$zz", "$a"], [None, 5]),
]


@pytest.mark.parametrize("expression,want", EXPRESSIONS, ids=[str(e) for e, _ in EXPRESSIONS])
def test_expression(db, expression, want):
    check(db, expression, want)


def trunc(unit, date="$d", **options):
    return {"$dateTrunc": {"date": date, "unit": unit, **options}}


def add(start, unit, amount, op="$dateAdd", **options):
    return {op: {"startDate": start, "unit": unit, "amount": amount, **options}}


def diff(start, end, unit, **options):
    return {"$dateDiff": {"startDate": start, "endDate": end, "unit": unit, **options}}


def to_string(date="$d", **options):
    return {"$dateToString": {"date": date, **options}}


def from_string(text, **options):
    return {"$dateFromString": {"dateString": text, **options}}


def day(month, day, *clock):
    return dt.datetime(2024, month, day, *clock)


DATES = [
    (trunc("month"), day(3, 1)),
    (trunc("month", date="$zz"), None),
    (trunc("quarter"), day(1, 1)),
    (trunc("year", binSize=10), dt.datetime(2020, 1, 1)),
    (trunc("hour", binSize=6), day(3, 15, 12)),
    (trunc("minute", binSize=15), day(3, 15, 13, 45)),
    (trunc("day", binSize=7), day(3, 9)),  # 7-day bins counted from 2000-01-01
    (trunc("week"), day(3, 10)),  # Sunday
    (trunc("week", startOfWeek="monday"), day(3, 11)),
    (trunc("week", startOfWeek="$zz"), None),
    (trunc("day", timezone="America/New_York"), day(3, 15, 4)),
    (add("$d", "day", 2), D + dt.timedelta(days=2)),
    (add(day(1, 31), "month", 1), day(2, 29)),
    (add("$zz", "day", 2), None),
    (add(day(3, 9, 12), "day", 1, timezone="America/New_York"), day(3, 10, 11)),  # DST
    (add("$d", "hour", 1, op="$dateSubtract"), D - dt.timedelta(hours=1)),
    (diff(day(1, 1, 23), day(1, 2, 1), "day"), Int64(1)),
    (diff(day(1, 2, 1), day(1, 1, 23), "day"), Int64(-1)),
    (diff(day(1, 31), day(2, 1), "month"), Int64(1)),
    (diff(dt.datetime(2023, 12, 31), day(1, 1), "year"), Int64(1)),
    (diff(day(3, 9), day(3, 10), "week"), Int64(1)),
    (diff(day(3, 9), day(3, 10), "week", startOfWeek="monday"), Int64(0)),
    (diff(day(1, 1, 13, 59), day(1, 1, 14, 1), "hour"), Int64(1)),
    (diff("$zz", "$d", "day"), None),
    (to_string(format="%Y-%m-%d %H:%M:%S.%L"), "2024-03-15 13:45:30.123"),
    (to_string(), "2024-03-15T13:45:30.123Z"),
    (to_string(format="%j %w %u %U %V %G %%"), "075 6 5 10 11 2024 %"),
    (to_string(format="%H:%M %z", timezone="+05:30"), "19:15 +0530"),
    (to_string("$zz", format="%Y"), None),
    (to_string("$zz", format="%Y", onNull="none"), "none"),
    (from_string("2024-03-15T10:00:00Z"), day(3, 15, 10)),
    (from_string("2024-03-15T10:00:00.5+02:00"), day(3, 15, 8, 0, 0, 500000)),
    (from_string("2024-03-15"), day(3, 15)),
    (from_string("15/03/2024", format="%d/%m/%Y"), day(3, 15)),
    (from_string("2024-03-15 10:00", timezone="America/New_York"), day(3, 15, 14)),
    (from_string("nope", onError="bad"), "bad"),
    (from_string("$n", onNull="n"), "n"),
    ({"$year": "$d"}, 2024),
    ({"$month": "$d"}, 3),
    ({"$dayOfWeek": "$d"}, 6),
    ({"$isoWeek": "$d"}, 11),
    ({"$millisecond": "$d"}, 123),
    ({"$hour": {"date": "$d", "timezone": "America/New_York"}}, 9),
    ({"$year": "$zz"}, None),
    ({"$dateToParts": {"date": "$d"}},
     {"year": 2024, "month": 3, "day": 15, "hour": 13, "minute": 45, "second": 30, "millisecond": 123}),
    ({"$dateToParts": {"date": day(3, 31, 1, 30), "timezone": "Europe/Berlin"}},
     {"year": 2024, "month": 3, "day": 31, "hour": 3, "minute": 30, "second": 0, "millisecond": 0}),
    ({"$dateToParts": {"date": "$zz"}}, None),
    ({"$dateFromParts": {"year": 2024, "month": 2, "day": 29, "hour": 10}}, day(2, 29, 10)),
    ({"$dateFromParts": {"year": 2023, "month": 14, "day": 1}}, day(2, 1)),  # month 14 carries
    ({"$dateFromParts": {"year": 2024, "month": 3, "day": 0}}, day(2, 29)),  # day 0: the day before
    ({"$dateFromParts": {"year": 2024, "month": 7, "day": 1, "hour": 12, "timezone": "Europe/Berlin"}},
     dt.datetime(2024, 7, 1, 10)),
    ({"$dateFromParts": {"year": 2024, "month": "$zz"}}, None),
]


@pytest.mark.parametrize("expression,want", DATES, ids=[str(e) for e, _ in DATES])
def test_date_expression(db, expression, want):
    check(db, expression, want)


@pytest.mark.parametrize(
    "expression,message",
    [
        ({"$divide": [1, 0]}, "can't \\$divide by zero"),
        ({"$mod": [1, 0]}, "can't \\$mod by zero"),
        ({"$toInt": "1.5"}, "Failed to parse"),
        ({"$concat": ["a", 1]}, "only supports strings"),
        ({"$cond": [1, 2]}, "\\$cond takes exactly 3 arguments"),
        ({"$cond": {"if": 1, "then": 2}}, "Missing 'else' parameter to \\$cond"),
    ],
)
def test_expression_errors(db, expression, message):
    from pymongo.errors import OperationFailure

    with pytest.raises(OperationFailure, match=message):
        evaluate(db, expression)


SORTED = [
    {"_id": 1, "v": None},
    {"_id": 2},
    {"_id": 3, "v": 2.5},
    {"_id": 4, "v": "b"},
    {"_id": 5, "v": {"a": 1}},
    {"_id": 6, "v": [0, 9]},
    {"_id": 7, "v": OID},
    {"_id": 8, "v": True},
    {"_id": 9, "v": D},
    {"_id": 10, "v": Decimal128("1")},
    {"_id": 11, "v": Int64(3)},
    {"_id": 12, "v": []},
]


def ids(documents):
    return [d["_id"] for d in documents]


def agg(db, collection, *stages):
    return list(db[collection].aggregate(list(stages)))


def test_sort_in_bson_order(db):
    db.s.insert_many(SORTED)
    ascending = [12, 1, 2, 6, 10, 3, 11, 4, 5, 7, 8, 9]  # [] < null == missing < numbers < ...
    descending = [9, 8, 7, 5, 4, 6, 11, 3, 10, 1, 2, 12]  # arrays sort by their max element
    assert ids(agg(db, "s", {"$sort": {"v": 1, "_id": 1}})) == ascending
    assert ids(agg(db, "s", {"$sort": {"v": -1, "_id": 1}})) == descending
    assert ids(agg(db, "s", {"$sort": {"_id": -1}}, {"$skip": 2}, {"$limit": 3})) == [10, 9, 8]


GROUPED = [
    {"_id": 1, "k": "a", "v": 1, "d": D},
    {"_id": 2, "k": "a", "v": None},
    {"_id": 3, "k": "b", "v": 2.5},
    {"_id": 4, "k": "b", "v": "x", "d": D},
    {"_id": 5, "v": Decimal128("1")},
    {"_id": 6, "k": None, "v": Int64(2)},
    {"_id": 7, "k": 1, "v": 1},
    {"_id": 8, "k": 1.0, "v": 2},
]
BY_ID = {"$sort": {"_id": 1}}


def test_group_keys_and_sums(db):
    db.g.insert_many(GROUPED)
    sums = {"s": {"$sum": "$v"}, "n": {"$sum": 1}, "a": {"$avg": "$v"}}
    got = agg(db, "g", {"$group": {"_id": "$k", **sums}}, BY_ID)
    assert_same(got, [
        {"_id": None, "s": Decimal128("3"), "n": 2, "a": Decimal128("1.5")},  # null and missing
        {"_id": 1, "s": 3, "n": 2, "a": 1.5},  # 1 and 1.0 are one key
        {"_id": "a", "s": 1, "n": 2, "a": 1.0},
        {"_id": "b", "s": 2.5, "n": 2, "a": 2.5},
    ])  # fmt: skip


def test_group_accumulators(db):
    db.g.insert_many(GROUPED)
    accumulators = {
        "p": {"$push": "$d"}, "pv": {"$push": "$v"}, "f": {"$first": "$d"}, "l": {"$last": "$v"},
        "mx": {"$max": "$v"}, "mn": {"$min": "$v"}, "set": {"$addToSet": "$d"}, "c": {"$count": {}},
    }  # fmt: skip
    got = agg(
        db, "g", {"$match": {"k": {"$in": ["a", "b"]}}}, {"$sort": {"_id": -1}},
        {"$group": {"_id": "$k", **accumulators}}, BY_ID,
    )  # fmt: skip
    assert_same(got, [
        {"_id": "a", "p": [D], "pv": [None, 1], "f": None, "l": 1, "mx": 1, "mn": 1, "set": [D],
         "c": 2},
        {"_id": "b", "p": [D], "pv": ["x", 2.5], "f": D, "l": 2.5, "mx": "x", "mn": 2.5,
         "set": [D], "c": 2},
    ])  # fmt: skip


def test_add_to_set_keeps_one_of_equal_values(db):
    values = [1, 1.0, Int64(1), Decimal128("1.0"), None, "a", "a", [1], [1.0], True, 2.5]
    db.t.insert_many([{"_id": i, "v": v} for i, v in enumerate(values)] + [{"_id": 99}])
    (got,) = agg(db, "t", {"$group": {"_id": None, "set": {"$addToSet": "$v"}}})
    kinds = sorted(type_name(v) for v in got["set"])  # the server returns them in any order
    assert len(got["set"]) == 6 and kinds.count("null") == 1 and kinds.count("array") == 1
    assert sorted(v for v in got["set"] if isinstance(v, str)) == ["a"]


def test_group_edge_cases(db):
    db.g.insert_many(GROUPED)
    assert agg(db, "g", {"$match": {"zz": 1}}, {"$group": {"_id": None, "n": {"$sum": 1}}}) == []
    only = {"$match": {"_id": {"$in": [5, 6]}}}
    got = agg(db, "g", only, {"$group": {"_id": {"k": "$k"}}}, BY_ID)
    assert_same(got, [{"_id": {}}, {"_id": {"k": None}}])  # a missing field leaves the key


def test_documents_on_the_database(db):
    got = db.aggregate([{"$documents": [{"x": 1}, {"x": 2}]}, {"$match": {"x": {"$gt": 1}}}])
    assert_same(list(got), [{"x": 2}])


def test_union_with(db):
    db.g.insert_many(GROUPED)
    db.o.insert_many([{"_id": 1, "amt": 10}, {"_id": 2, "amt": 5}])
    head = [{"$match": {"_id": 1}}, {"$project": {"_id": 1}}]
    documents = {"$unionWith": {"pipeline": [{"$documents": [{"_id": 99}]}]}}
    assert_same(agg(db, "g", *head, documents), [{"_id": 1}, {"_id": 99}])
    other = {"$unionWith": {"coll": "o", "pipeline": [{"$match": {"amt": {"$gt": 6}}}]}}
    assert_same(agg(db, "g", *head, other), [{"_id": 1}, {"_id": 1, "amt": 10}])


ORDERS = [
    {"_id": 1, "ck": "a", "amt": 10},
    {"_id": 2, "ck": "a", "amt": 5},
    {"_id": 3, "ck": None, "amt": 1},
    {"_id": 4, "amt": 2},
]
FIRST = {"$match": {"_id": 1}}


def lookup(**spec):
    return {"$lookup": {"as": "os", **spec}}


def test_lookup_forms(db):
    db.g.insert_many(GROUPED)
    db.o.insert_many(ORDERS)
    local = lookup(**{"from": "o", "localField": "k", "foreignField": "ck"})
    got = agg(
        db, "g", {"$match": {"_id": {"$in": [1, 5]}}}, local, {"$project": {"ids": "$os._id"}}
    )
    assert_same(got, [{"_id": 1, "ids": [1, 2]}, {"_id": 5, "ids": [3, 4]}])  # missing ~ null
    sub = [{"$match": {"$expr": {"$eq": ["$ck", "$$kk"]}}}, {"$sort": {"amt": 1}}, {"$limit": 1}]
    joined = lookup(**{"from": "o", "let": {"kk": "$k"}, "pipeline": sub})
    got = agg(db, "g", FIRST, joined, {"$project": {"os": "$os.amt"}})
    assert_same(got, [{"_id": 1, "os": [5]}])
    sub = [{"$match": {"$expr": {"$gt": ["$amt", "$$m"]}}}, {"$project": {"_id": 1}}]
    both = lookup(**{"from": "o", "localField": "k", "foreignField": "ck", "let": {"m": 6}})
    got = agg(
        db, "g", FIRST, {"$lookup": {**both["$lookup"], "pipeline": sub}}, {"$project": {"os": 1}}
    )
    assert_same(got, [{"_id": 1, "os": [{"_id": 1}]}])


def test_lookup_documents(db):
    db.g.insert_many(GROUPED)
    documents = {"$documents": [{"a": "$$kk"}, {"a": "z"}]}
    same = {"$match": {"$expr": {"$eq": ["$a", "$$kk"]}}}
    joined = lookup(let={"kk": "$k"}, pipeline=[documents, same])
    got = agg(db, "g", FIRST, joined, {"$project": {"os": 1}})
    assert_same(got, [{"_id": 1, "os": [{"a": "a"}]}])
    documents = {"$documents": [{"a": "a"}, {"a": "z"}]}
    local = lookup(localField="k", foreignField="a", pipeline=[documents])
    got = agg(db, "g", FIRST, local, {"$project": {"os": 1}})
    assert_same(got, [{"_id": 1, "os": [{"a": "a"}]}])


def test_facet_replace_with_unset(db):
    db.g.insert_many(GROUPED)
    last = [{"$project": {"_id": 1}}, {"$sort": {"_id": -1}}, {"$limit": 1}]
    facet = {"$facet": {"n": [{"$count": "c"}], "ids": last}}
    got = agg(db, "g", {"$match": {"_id": {"$lte": 3}}}, facet)
    assert_same(got, [{"n": [{"c": 3}], "ids": [{"_id": 3}]}])
    reshape = {"$replaceWith": {"a": "$k", "b": "$v", "c": "$zz"}}
    assert_same(agg(db, "g", FIRST, reshape, {"$unset": "b"}), [{"a": "a"}])


QUERIES = [
    ({"$expr": False}, []),
    ({"$expr": {"$eq": ["$v", 1]}}, [1, 5, 7]),
    ({"$expr": "$k", "_id": {"$lte": 3}}, [1, 2, 3]),
    ({"v": {"$regex": "^X$", "$options": "i"}}, [4]),
    ({"k": {"$regex": "^a(?![\\s\\S])"}}, [1, 2]),
    ({"k": {"$not": {"$regex": "^[ab]"}}}, [5, 6, 7, 8]),
    ({"k": {"$not": {"$regex": "^A", "$options": "i"}}}, [3, 4, 5, 6, 7, 8]),
    ({"k": {"$nin": [None, "b", 1]}}, [1, 2]),
    ({"k": {"$ne": None}}, [1, 2, 3, 4, 7, 8]),
    ({"k": None}, [5, 6]),
    ({"k": {"$gte": None}}, [5, 6]),
    ({"d": {"$gt": dt.datetime(2023, 6, 1)}}, [1, 4]),
    ({"v": {"$gte": Decimal128("1"), "$lt": 2.5}}, [1, 5, 6, 7, 8]),
    ({"v": 1}, [1, 5, 7]),
    ({"v": {"$in": [2.5, None]}}, [2, 3]),
    ({"v": {"$type": ["decimal", "long"]}}, [5, 6]),
    ({"k.x": None}, [1, 2, 3, 4, 5, 6, 7, 8]),  # "k.x" is missing everywhere
    ({"k.x": {"$nin": [None]}}, []),
    # $in / $nin: numbers by value, booleans apart, null for missing, dates as instants.
    ({"v": {"$in": [1, "x"]}}, [1, 4, 5, 7]),
    ({"v": {"$in": [Int64(2), True]}}, [6, 8]),
    ({"k": {"$in": [1.0]}}, [7, 8]),
    ({"d": {"$in": [D.replace(tzinfo=dt.timezone.utc)]}}, [1, 4]),
    ({"v": {"$nin": [1, 2, None]}}, [3, 4]),
    ({"v": {"$in": [*range(3, 2000), 2.5]}}, [3]),
]


@pytest.mark.parametrize("query,want", QUERIES, ids=[str(q) for q, _ in QUERIES])
def test_match(db, query, want):
    db.g.insert_many(GROUPED)
    assert ids(db.g.aggregate([{"$match": query}, {"$sort": {"_id": 1}}])) == want


def test_in_with_arrays_and_regexes(db):
    db.a.insert_many(
        [
            {"_id": 1, "v": [1, "q"]},
            {"_id": 2, "v": []},
            {"_id": 3, "v": [None, 2]},
            {"_id": 4, "v": [[1], {"a": 1}]},
            {"_id": 5, "v": "quiet"},
        ]
    )

    def matched(query):
        return ids(db.a.aggregate([{"$match": {"v": query}}, {"$sort": {"_id": 1}}]))

    assert matched({"$in": ["q", 2.0]}) == [1, 3]
    assert matched({"$in": [None]}) == [3]  # an empty array is not null
    assert matched({"$nin": [None]}) == [1, 2, 4, 5]
    assert matched({"$in": [[1]]}) == [4]
    assert matched({"$in": [{"a": 1}, 7]}) == [4]
    assert matched({"$in": [re.compile("^q")]}) == [1, 5]


def test_find_cursor_skip_limit_rewind(db):
    db.c.insert_many([{"_id": i} for i in range(10)])
    assert ids(db.c.find({}, sort=[("_id", -1)])) == list(range(9, -1, -1))
    assert ids(db.c.find({}, sort=[("_id", 1)]).skip(3).limit(4)) == [3, 4, 5, 6]
    cursor = db.c.find({"_id": {"$gte": 5}}, sort=[("_id", 1)])
    assert [next(cursor)["_id"], next(cursor)["_id"]] == [5, 6]
    cursor.rewind()
    assert ids(cursor) == [5, 6, 7, 8, 9]
    assert ids(db.c.find({"_id": {"$gt": 100}})) == []


def test_install_is_idempotent_and_checks_internals():
    from mongomock_ng import aggregate

    from queryleaf.engine import embedded
    from queryleaf.engine.embedded.dispatch import require

    embedded.install()
    parse = aggregate._Parser.parse
    embedded.install()
    assert aggregate._Parser.parse is parse
    with pytest.raises(RuntimeError, match="mongomock-ng changed"):
        require(aggregate, "_no_such_internal")


def test_json_schema_validators_and_queries():
    from queryleaf.engine.embedded import new_client

    db = new_client().app
    db.create_collection("t", validator={"$jsonSchema": {
        "bsonType": "object", "required": ["a"],
        "properties": {"a": {"bsonType": "int", "description": "INT NOT NULL"},
                       "s": {"bsonType": ["string", "null"], "maxLength": 3},
                       "n": {"bsonType": "number", "minimum": 0, "maximum": 10},
                       "e": {"enum": ["x", "y"]}, "l": {"bsonType": "array", "items": {"bsonType": "int"}}}}})
    rejected = [{"b": 1}, {"a": "x"}, {"a": 1, "s": "abcd"}, {"a": 1, "n": 11}, {"a": 1, "n": -0.5},
                {"a": 1, "e": "z"}, {"a": 1, "l": [1, "2"]}]
    for document in rejected:
        with pytest.raises(pymongo.errors.WriteError, match="Document failed validation"):
            db.t.insert_one(document)
    db.t.insert_many([{"a": 1, "s": None, "n": 2.5, "e": "y", "l": [1, 2]}, {"a": 2}])
    with pytest.raises(pymongo.errors.WriteError):
        db.t.update_many({}, [{"$set": {"a": "text"}}])
    assert [d["a"] for d in db.t.find({"$jsonSchema": {"required": ["s"]}})] == [1]
    closed = {"bsonType": "object", "properties": {"_id": {}, "a": {}}, "additionalProperties": False}
    assert [d["a"] for d in db.t.find({"$jsonSchema": closed})] == [2]
    with pytest.raises(NotImplementedError, match="patternProperties"):
        list(db.t.find({"$jsonSchema": {"patternProperties": {}}}))
