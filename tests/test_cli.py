"""The command line: output formats, the data loader, script splitting, commands and errors.

Format, loader and splitter tests are pure. Command tests run `main(argv)` in-process on the
embedded engine seeded with `--load`, and compare stdout and stderr with exact text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import textwrap
from pathlib import Path

import mongomock_ng
import pymongo.errors
import pytest
from bson import Decimal128, Int64, ObjectId

import queryleaf.cli.main as cli
from queryleaf.cli.formats import format_result
from queryleaf.engine.loader import load_extended_json
from queryleaf.engine.uris import hide_password, redact_uri
from queryleaf.errors import SqlSyntaxError, UsageError
from queryleaf.sql.script import split_statements

ROOT = Path(__file__).resolve().parent.parent
UTC = dt.timezone.utc

SHOP = {
    "shop": {
        "users": [
            {
                "name": "Alice",
                "age": 31,
                "joined": {"$date": "2025-08-23T14:30:00Z"},
                "address": {"city": "Oslo", "zip": "0150"},
                "tags": ["a", "b"],
            },
            {
                "name": "Bob, Jr.",
                "age": 45,
                "joined": {"$date": "2025-01-02T03:04:05.678Z"},
                "address": None,
            },
            {"name": "Carol", "age": 22, "joined": {"$date": "2024-12-31T23:59:59Z"}, "tags": []},
        ]
    }
}
SHOP_QUERY = "SELECT name, age, joined, address, tags FROM users WHERE age > 30 ORDER BY age"


@pytest.fixture(autouse=True)
def no_uri_from_environment(monkeypatch):
    monkeypatch.delenv("QUERYLEAF_URI", raising=False)


@pytest.fixture
def shop(tmp_path) -> str:
    path = tmp_path / "shop.json"
    path.write_text(json.dumps(SHOP))
    return str(path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- formats ------------------------------------------------------------------------------

VALUES_COLUMNS = ["text", "n", "big", "x", "price", "ok", "at", "id", "doc", "list", "none"]
VALUES_ROW = (
    'say "hi", then\tgo|on',
    7,
    Int64(2**40),
    0.1,
    Decimal128("12.50"),
    True,
    dt.datetime(2025, 8, 23, 14, 30, tzinfo=UTC),
    ObjectId("64e5f1a2b3c4d5e6f7a8b9c0"),
    {"tool": "mongodump", "when": dt.datetime(2025, 1, 2, 3, 4, 5, 678000)},
    [1, None, "x"],
    None,
)


def test_csv_quotes_and_renders_bson_values():
    assert format_result(VALUES_COLUMNS, [VALUES_ROW], "csv") == (
        "text,n,big,x,price,ok,at,id,doc,list,none\n"
        '"say ""hi"", then\tgo|on",7,1099511627776,0.1,12.50,true,2025-08-23 14:30:00+00,'
        "64e5f1a2b3c4d5e6f7a8b9c0,"
        '"{""tool"": ""mongodump"", ""when"": ""2025-01-02T03:04:05.678Z""}",'
        '"[1, null, ""x""]",\n'
    )


def test_json_is_natural_json_with_exact_decimals():
    expected = (
        '[\n  {"text": "say \\"hi\\", then\\tgo|on", "n": 7, "big": 1099511627776, "x": 0.1, '
        '"price": 12.50, "ok": true, "at": "2025-08-23T14:30:00Z", "i'
        'd": "64e5f1a2b3c4d5e6f7a8b9c0", '
        '"doc": {"tool": "mongodump", "when": "2025-01-02T03:04:05.678Z"}, "list": [1, null, "x"], '
        '"none": null}\n]\n'
    )
    assert format_result(VALUES_COLUMNS, [VALUES_ROW], "json") == expected
    assert json.loads(expected)[0]["price"] == 12.5


def test_tsv_escapes_tabs_and_newlines():
    rows = [("a\tb", "line1\nline2", None), ("back\\slash", "", 1.5)]
    assert format_result(["x", "y", "z"], rows, "tsv", null="NULL") == (
        "x\ty\tz\na\\tb\tline1\\nline2\tNULL\nback\\\\slash\t\t1.5\n"
    )


def test_table_right_aligns_numbers_and_counts_rows():
    rows = [("alpha", 1, None), ("b", 250, "x")]
    assert format_result(["name", "count", "note"], rows, "table", null="(null)") == (
        " name   |   count | note\n"
        "--------+---------+--------\n"
        " alpha  |       1 | (null)\n"
        " b      |     250 | x\n"
        "(2 rows)\n"
    )


def test_table_of_one_row_and_of_no_rows():
    assert format_result(["n"], [(1,)], "table") == "   n\n-----\n   1\n(1 row)\n"
    assert format_result(["n"], [], "table") == " n\n-----\n(0 rows)\n"


def test_markdown_escapes_pipes():
    assert format_result(["a", "b"], [("x|y", 2)], "markdown") == (
        "| a    |   b |\n|:-----|----:|\n| x\\|y |   2 |\n"
    )


def test_empty_json_and_duplicate_column_names():
    assert format_result(["n"], [], "json") == "[]\n"
    assert format_result(["count", "count"], [(1, 2)], "jsonl") == '{"count": 1, "count_2": 2}\n'


def test_special_floats_and_decimals():
    row = (float("nan"), float("-inf"), Decimal128("NaN"), Decimal128("1E+3"))
    assert format_result(list("abcd"), [row], "jsonl") == (
        '{"a": "NaN", "b": "-Infinity", "c": "NaN", "d": 1E+3}\n'
    )
    assert format_result(list("abcd"), [row], "csv") == "a,b,c,d\nNaN,-Infinity,NaN,1E+3\n"


def test_unknown_format_is_rejected():
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        format_result(["a"], [], "xml")


# --- loader -------------------------------------------------------------------------------


def test_loader_keeps_bson_types_and_reports_counts(tmp_path):
    path = tmp_path / "data.json"
    path.write_text(
        '{"app": {"events": [{"_id": {"$oid": "64e5f1a2b3c4d5e6f7a8b9c0"}, '
        '"at": {"$date": "2025-08-23T14:30:00Z"}, "amount": {"$numberDecimal": "1.50"}}], '
        '"empty": []}}'
    )
    client = mongomock_ng.MongoClient()
    assert load_extended_json(client, path) == {"app": {"events": 1, "empty": 0}}
    document = client.app.events.find_one()
    assert document["_id"] == ObjectId("64e5f1a2b3c4d5e6f7a8b9c0")
    assert document["at"].replace(tzinfo=UTC) == dt.datetime(2025, 8, 23, 14, 30, tzinfo=UTC)
    assert document["amount"] == Decimal128("1.50")
    assert sorted(client.app.list_collection_names()) == ["empty", "events"]


def test_loader_marks_the_position_of_bad_json(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"app": {"events": [\n  {"a": 1,}\n]}}')
    with pytest.raises(UsageError) as caught:
        load_extended_json(mongomock_ng.MongoClient(), path)
    assert caught.value.render() == (
        f"ERROR QL008: {path} is not valid JSON: "
        "Expecting property name enclosed in double quotes\n"
        'LINE 2:   {"a": 1,}\n' + " " * 18 + "^"
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[1, 2]", "the top level is not an object"),
        ('{"app": [1]}', "database 'app' is not an object of collections"),
        ('{"app": {"users": {"a": 1}}}', "app.users is not a list of documents"),
        ('{"app": {"users": [1]}}', "app.users holds something that is not a document"),
    ],
)
def test_loader_rejects_other_shapes(tmp_path, content, problem):
    path = tmp_path / "shape.json"
    path.write_text(content)
    with pytest.raises(UsageError) as caught:
        load_extended_json(mongomock_ng.MongoClient(), path)
    assert caught.value.render() == (
        f"ERROR QL008: {path}: {problem}\n"
        'HINT: A data file looks like {"<database>": {"<collection>": [documents]}}.'
    )


def test_loader_reports_duplicate_ids(tmp_path):
    path = tmp_path / "dup.json"
    path.write_text('{"app": {"users": [{"_id": 1}, {"_id": 1}]}}')
    with pytest.raises(UsageError, match=r"cannot insert into app\.users: E11000"):
        load_extended_json(mongomock_ng.MongoClient(), path)


# --- script splitting ---------------------------------------------------------------------


def test_split_keeps_original_text_lines_and_titles():
    script = textwrap.dedent(
        """\
        -- first
        SELECT 'a;b' AS "x;y" FROM t;  -- trailing note
        /* second */
        SELECT 2
        FROM u
        ;
        ;
        -- nothing after this
        """
    )
    first, second = split_statements(script)
    assert (first.sql, first.line, first.comments) == (
        "SELECT 'a;b' AS \"x;y\" FROM t",
        2,
        "-- first",
    )
    assert (second.sql, second.line, second.comments) == ("SELECT 2\nFROM u", 4, "/* second */")


def test_split_reports_unterminated_strings():
    with pytest.raises(SqlSyntaxError, match="cannot read the SQL script"):
        split_statements("SELECT 'oops FROM t;")


def test_demo_script_has_seven_titled_statements():
    statements = split_statements((ROOT / "examples" / "demo.sql").read_text())
    assert [s.comments.splitlines()[-1][:5] for s in statements] == [
        "-- 1.",
        "-- 2.",
        "-- 3.",
        "-- 4.",
        "-- 5.",
        "-- 6.",
        "-- 7.",
    ]


def test_sample_data_loads():
    counts = load_extended_json(mongomock_ng.MongoClient(), ROOT / "examples" / "sample_data.json")
    assert counts == {"demo": {"mongodb_backups": 41, "backup_log": 22}}


# --- passwords ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "redacted"),
    [
        ("mongodb://admin:s3cr3t@db.example.com/app", "mongodb://admin:***@db.example.com/app"),
        (
            "mongodb://admin:s3cr3t@h1:27017,h2:27017/?replicaSet=rs",
            "mongodb://admin:***@h1:27017,h2:27017/?replicaSet=rs",
        ),
        ("mongodb+srv://u:p%40ss@c.example.net", "mongodb+srv://u:***@c.example.net"),
        ("mongodb://localhost:27017", "mongodb://localhost:27017"),
        ("memory://", "memory://"),
    ],
)
def test_redact_uri(uri, redacted):
    assert redact_uri(uri) == redacted


def test_hide_password_in_messages_encoded_or_not():
    uri = "mongodb://u:p%40ssw0rd@host/"
    assert hide_password("auth failed for p@ssw0rd and p%40ssw0rd", uri) == (
        "auth failed for *** and ***"
    )


# --- command line: translate --------------------------------------------------------------


def test_translate_prints_the_command_as_json(capsys):
    code, out, err = run(
        capsys, "translate", "SELECT name FROM users WHERE age > 30", "--db", "app"
    )
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "database": "app",
        "commands": [
            {
                "aggregate": "users",
                "pipeline": [
                    {"$match": {"age": {"$gt": 30}}},
                    {"$project": {"_id": 0, "name": "$name"}},
                ],
                "cursor": {},
                "$db": "app",
            }
        ],
        "columns": ["name"],
    }


def test_translate_shell_prints_mongosh_code(capsys):
    code, out, err = run(capsys, "translate", "--shell", "SELECT name FROM users WHERE age > 30")
    assert (code, err) == (0, "")
    assert out == (
        'db.getSiblingDB("test").getCollection("users")'
        '.aggregate([{ $match: { age: { $gt: 30 } } }, { $project: { _id: 0, name: "$name" } }]);\n'
    )


def test_bad_sql_exits_1_with_the_position_marked(capsys):
    code, out, err = run(capsys, "translate", "SELECT name FROM users WHERE age > 30 ORDER name")
    assert (code, out) == (1, "")
    first, line, caret = err.splitlines()
    assert first.startswith('ERROR QL001: syntax error at or near "ORDER"')
    assert line == "LINE 1: SELECT name FROM users WHERE age > 30 ORDER name"
    assert caret == " " * 46 + "^"


# --- command line: query ------------------------------------------------------------------


def query(capsys, shop: str, *extra: str) -> tuple[int, str, str]:
    return run(capsys, "query", "--load", shop, "--db", "shop", *extra)


def test_query_prints_a_table(capsys, shop):
    code, out, err = query(capsys, shop, SHOP_QUERY)
    assert (code, err) == (0, "")
    assert out == "\n".join(
        [
            " name     |   age | joined                     | address                         | tags",  # noqa: E501
            "----------+-------+----------------------------+---------------------------------+------------",  # noqa: E501
            ' Alice    |    31 | 2025-08-23 14:30:00+00     | {"city": "Oslo", "zip": "0150"} | ["a", "b"]',  # noqa: E501
            " Bob, Jr. |    45 | 2025-01-02 03:04:05.678+00 |                                 |",
            "(2 rows)\n",
        ]
    )


EXPECTED_SHOP = {
    "csv": (
        "name,age,joined,address,tags\n"
        'Alice,31,2025-08-23 14:30:00+00,"{""city"": ""Oslo"", ""zip"": ""0150""}",'
        '"[""a"", ""b""]"\n'
        '"Bob, Jr.",45,2025-01-02 03:04:05.678+00,,\n'
    ),
    "tsv": (
        "name\tage\tjoined\taddress\ttags\n"
        'Alice\t31\t2025-08-23 14:30:00+00\t{"city": "Oslo", "zip": "0150"}\t["a", "b"]\n'
        "Bob, Jr.\t45\t2025-01-02 03:04:05.678+00\t\t\n"
    ),
    "json": (
        '[\n  {"name": "Alice", "age": 31, "joined": "2025-08-23T14:30:00Z", '
        '"address": {"city": "Oslo", "zip": "0150"}, "tags": ["a", "b"]},\n'
        '  {"name": "Bob, Jr.", "age": 45, "joined": "2025-01-02T03:04:05.678Z", '
        '"address": null, "tags": null}\n]\n'
    ),
    "jsonl": (
        '{"name": "Alice", "age": 31, "joined": "2025-08-23T14:30:00Z", '
        '"address": {"city": "Oslo", "zip": "0150"}, "tags": ["a", "b"]}\n'
        '{"name": "Bob, Jr.", "age": 45, "joined": "2025-01-02T03:04:05.678Z", '
        '"address": null, "tags": null}\n'
    ),
    "markdown": "\n".join(
        [
            "| name     |   age | joined                     | address                         | tags       |",  # noqa: E501
            "|:---------|------:|:---------------------------|:--------------------------------|:-----------|",  # noqa: E501
            '| Alice    |    31 | 2025-08-23 14:30:00+00     | {"city": "Oslo", "zip": "0150"} | ["a", "b"] |',  # noqa: E501
            "| Bob, Jr. |    45 | 2025-01-02 03:04:05.678+00 |                                 |            |\n",  # noqa: E501
        ]
    ),
}


@pytest.mark.parametrize("fmt", sorted(EXPECTED_SHOP))
def test_query_formats(capsys, shop, fmt):
    code, out, err = query(capsys, shop, "--format", fmt, SHOP_QUERY)
    assert (code, err) == (0, "")
    assert out == EXPECTED_SHOP[fmt]


def test_query_uri_from_environment(capsys, shop, monkeypatch):
    monkeypatch.setenv("QUERYLEAF_URI", "memory://")
    code, out, err = query(capsys, shop, "--format", "csv", "SELECT name FROM users WHERE age > 40")
    assert (code, out, err) == (0, 'name\n"Bob, Jr."\n', "")


def test_query_file_echoes_each_statement(capsys, shop, tmp_path):
    script = tmp_path / "ok.sql"
    script.write_text(
        "-- people over 30\nSELECT name FROM users WHERE age > 30 ORDER BY name;\n\n"
        "-- everyone\nSELECT name, age FROM users ORDER BY age DESC;\n"
    )
    code, out, err = query(capsys, shop, "--file", str(script))
    assert (code, err) == (0, "")
    assert out == (
        "-- people over 30\nSELECT name FROM users WHERE age > 30 ORDER BY name;\n\n"
        " name\n----------\n Alice\n Bob, Jr.\n(2 rows)\n\n"
        "-- everyone\nSELECT name, age FROM users ORDER BY age DESC;\n\n"
        " name     |   age\n----------+-------\n Bob, Jr. |    45\n Alice    |    31\n"
        " Carol    |    22\n(3 rows)\n"
    )


def test_query_argument_with_two_statements_prints_two_results(capsys, shop):
    sql = "SELECT name FROM users WHERE age > 40; SELECT age FROM users WHERE age < 30"
    code, out, err = query(capsys, shop, sql)
    assert (code, err) == (0, "")
    assert out == " name\n----------\n Bob, Jr.\n(1 row)\n\n   age\n-------\n    22\n(1 row)\n"


def test_query_file_stops_at_the_first_error_and_names_the_line(capsys, shop, tmp_path):
    script = tmp_path / "bad.sql"
    script.write_text(
        "SELECT name FROM users WHERE age > 40;\nSELECT name\nFROM us"
        "ers WHERE age > 30 ORDER name;\n"
        "SELECT name FROM users;\n"
    )
    code, out, err = query(capsys, shop, "--format", "csv", "--file", str(script))
    assert (code, out) == (1, 'name\n"Bob, Jr."\n')
    first, line, caret = err.splitlines()
    assert first.startswith(f'{script}:3: ERROR QL001: syntax error at or near "ORDER"')
    assert line == "LINE 2: FROM users WHERE age > 30 ORDER name"
    assert caret == " " * 34 + "^"


def test_unknown_collection_is_an_error(capsys, shop):
    code, out, err = query(capsys, shop, "SELECT name FROM usres")
    assert (code, out) == (1, "")
    assert err.startswith("ERROR QL004: ")
    assert "usres" in err.splitlines()[0]
    assert '"users"' in err


def test_missing_load_file_is_a_usage_error(capsys, tmp_path):
    missing = tmp_path / "nope.json"
    code, out, err = run(capsys, "query", "--load", str(missing), "SELECT name FROM users")
    assert (code, out, err) == (2, "", f"ERROR QL008: data file not found: {missing}\n")


def test_missing_sql_file_is_a_usage_error(capsys, shop, tmp_path):
    missing = tmp_path / "nope.sql"
    code, out, err = query(capsys, shop, "--file", str(missing))
    assert (code, out, err) == (2, "", f"ERROR QL008: SQL file not found: {missing}\n")


def test_query_needs_a_database(capsys):
    code, out, err = run(capsys, "query", "SELECT 1")
    assert (code, out) == (2, "")
    assert err == (
        "ERROR QL008: no database to query\n"
        "HINT: Pass --uri mongodb://host:27017 or set QUERYLEAF_URI; for the embedded engine use "
        "--uri memory:// with --load data.json.\n"
    )


def test_query_needs_sql_or_file(capsys):
    code, out, err = run(capsys, "query", "--uri", "memory://")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        "queryleaf query: error: one of the arguments SQL -c/--command -f/--file is required"
    )


def test_bad_now_is_a_usage_error(capsys):
    code, out, err = run(capsys, "translate", "--now", "yesterday", "SELECT 1")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        "queryleaf translate: error: argument --now: not an ISO 8601 date or timestamp: 'yesterday'"
    )


def test_parse_now_gives_utc():
    assert cli.parse_now("2025-08-23T12:00:00Z") == dt.datetime(2025, 8, 23, 12, tzinfo=UTC)
    assert cli.parse_now("2025-08-23") == dt.datetime(2025, 8, 23, tzinfo=UTC)
    assert cli.parse_now("2025-08-23T14:00:00+02:00") == dt.datetime(2025, 8, 23, 12, tzinfo=UTC)


# --- passwords and failures at the boundary ----------------------------------------------


def test_load_into_a_real_server_is_refused_without_showing_the_password(capsys, shop):
    uri = "mongodb://admin:s3cr3t-pw@db.example.com/app"
    code, out, err = run(capsys, "query", "--uri", uri, "--load", shop, "SELECT 1")
    assert (code, out, err) == (
        2,
        "",
        "ERROR QL008: --load only seeds the embedded engine, not "
        "mongodb://admin:***@db.example.com/app\n"
        "HINT: Use --uri memory:// with --load; queryleaf never writes into a real server.\n",
    )


def test_invalid_multi_host_uri_is_reported_without_password(capsys):
    code, out, err = run(
        capsys, "query", "--uri", "mongodb://admin:s3cr3t-pw@h1:27017,h2:x/", "SELECT 1"
    )
    assert (code, out) == (1, "")
    assert err.startswith("ERROR QL007: invalid MongoDB URI mongodb://admin:***@h1:27017,h2:x/")
    assert "s3cr3t" not in err


def test_driver_errors_are_reported_without_password(capsys, monkeypatch):
    def fail(args, out):
        raise pymongo.errors.ServerSelectionTimeoutError("admin:s3cr3t-pw@db:27017 timed out")

    monkeypatch.setattr(cli, "run_query", fail)
    code, out, err = run(capsys, "query", "--uri", "mongodb://admin:s3cr3t-pw@db:27017", "SELECT 1")
    assert (code, out, err) == (1, "", "ERROR: MongoDB: admin:***@db:27017 timed out\n")


def test_ctrl_c_exits_130_quietly(capsys, monkeypatch):
    def interrupted(args, out):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "run_query", interrupted)
    assert run(capsys, "query", "--uri", "memory://", "SELECT 1") == (130, "", "")


# --- help ---------------------------------------------------------------------------------


def test_every_command_and_option_has_help_and_is_documented():
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {a.dest: a.help for a in subparsers._choices_actions}
    readme = (ROOT / "README.md").read_text()
    assert sorted(subparsers.choices) == ["catalog", "check", "compare", "query", "run", "shell", "translate"]
    assert subparsers.choices["run"] is subparsers.choices["check"]  # an alias
    for name, sub in subparsers.choices.items():
        assert helps.get(name) or name == "run", name
        assert f"queryleaf {name}" in readme, name
        for action in sub._actions:
            assert action.help and action.help != argparse.SUPPRESS, (name, action.dest)
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in readme, (name, option)


def test_help_exits_0(capsys):
    code, out, _ = run(capsys, "query", "--help")
    assert code == 0
    assert out.startswith("usage: queryleaf query")
