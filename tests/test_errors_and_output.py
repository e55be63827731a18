"""Error rendering, mongosh output, JSON-serialisable translations, parse positions."""

import datetime as dt
import json

import pytest
from bson import Decimal128, Int64, ObjectId

import queryleaf
from queryleaf.engine.schema import sample_field_types
from queryleaf.engine.uris import redact_uri as redact
from queryleaf.mongosh import to_mongosh


def test_syntax_error_has_position_and_caret():
    with pytest.raises(queryleaf.SqlSyntaxError) as caught:
        queryleaf.translate("SELECT a\nFROM t\nWHERE a = = 1")
    error = caught.value
    assert (error.line, error.column) == (3, 11)
    assert error.render().splitlines()[1:] == ["LINE 3: WHERE a = = 1", " " * 18 + "^"]


def test_unsupported_names_construct_and_position():
    with pytest.raises(queryleaf.UnsupportedSqlError) as caught:
        queryleaf.translate("SELECT a, COUNT(*) FROM t\nGROUP BY ROLLUP (a)")
    assert "ROLLUP" in caught.value.message
    assert caught.value.line == 2


def test_translation_to_dict_is_json():
    sql = "SELECT a FROM t WHERE d >= TIMESTAMP '2025-01-02' AND _id = '64b000000000000000000001'::objectid"
    data = queryleaf.translate(sql, database="app").to_dict()
    text = json.dumps(data)
    assert data["commands"][0]["pipeline"][0] == {
        "$match": {"d": {"$gte": {"$date": "2025-01-02T00:00:00Z"}}, "_id": {"$oid": "64b000000000000000000001"}}
    }
    assert data["commands"][0]["aggregate"] == "t" and data["commands"][0]["$db"] == "app"
    assert data["columns"] == ["a"] and "$date" in text


def test_mongosh_rendering_of_bson_values():
    value = {
        "d": dt.datetime(2025, 1, 2, tzinfo=dt.timezone.utc),
        "o": ObjectId("64b000000000000000000001"),
        "n": Int64(5),
        "m": Decimal128("1.5"),
        "odd key": [None, True],
    }
    assert to_mongosh(value) == (
        "{\n"
        '  d: ISODate("2025-01-02T00:00:00.000Z"),\n'
        '  o: ObjectId("64b000000000000000000001"),\n'
        "  n: NumberLong(5),\n"
        '  m: NumberDecimal("1.5"),\n'
        '  "odd key": [null, true]\n'
        "}"
    )
    assert to_mongosh({"n": Int64(5), "t": [None, True]}) == "{ n: NumberLong(5), t: [null, true] }"


def test_str_of_translation_is_mongosh():
    text = str(queryleaf.translate("SELECT name FROM users WHERE age > 30", database="app"))
    assert text == (
        'db.getSiblingDB("app").getCollection("users").aggregate('
        '[{ $match: { age: { $gt: 30 } } }, { $project: { _id: 0, name: "$name" } }]);'
    )


def test_redact_hides_password():
    assert redact("mongodb://admin:s3cret@db.example:27017/app") == "mongodb://admin:***@db.example:27017/app"
    assert redact("mongodb://db.example/app") == "mongodb://db.example/app"


def test_sampled_types_record_arrays_and_paths():
    types = sample_field_types([{"a": {"b": 1}, "t": [{"x": "s"}]}, {"a": {"b": 2.5}, "n": None}])
    assert types.of("a.b") == {"int", "double"}
    assert types.of("t.x") == {"string", "array"}
    assert types.crosses_array("t.x") and not types.crosses_array("a.b")
    assert types.order == ["a", "t", "n"]


def test_connect_needs_uri_or_client():
    with pytest.raises(queryleaf.UsageError):
        queryleaf.connect()


def test_missing_parameter_is_an_error():
    with pytest.raises(queryleaf.ParameterError):
        queryleaf.translate("SELECT a FROM t WHERE a = $2", params=[1])
