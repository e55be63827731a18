"""Shell completion in each context, on the embedded engine's catalog."""

from __future__ import annotations

import pytest

import queryleaf
from queryleaf.engine.embedded import new_client
from queryleaf.shell.complete import complete
from queryleaf.shell.schema import SessionSchema


@pytest.fixture
def schema():
    client = new_client()
    client.app.mongodb_backups.insert_one(
        {"backup_id": 1, "database_name": "orders", "status": "OK", "details": {"tool": "mongodump", "version": "1"}})
    client.app.users.insert_one({"user_id": 1, "name": "ann"})
    client.archive.old_backups.insert_one({"x": 1})
    schema = SessionSchema(queryleaf.connect(client=client, database="app"), {"since": "2025-08-01"})
    schema.warm()
    schema.wait()
    return schema


def test_fields_are_sampled_in_the_background_never_while_typing():
    client = new_client()
    client.app.users.insert_one({"user_id": 1, "name": "ann"})
    schema = SessionSchema(queryleaf.connect(client=client, database="app"))
    assert schema.fields("app", "users") == []  # not sampled yet: queued, nothing blocks
    schema.wait()
    assert schema.fields("app", "users") == ["_id", "name", "user_id"]
    client.app.users.insert_one({"email": "x@example.com"})
    schema.refresh()
    schema.wait()
    assert "email" in schema.fields("app", "users")


def test_keywords_and_functions(schema):
    assert complete(schema, "SEL").candidates == ["SELECT"]
    assert "COUNT" in complete(schema, "SELECT COU").candidates


def test_collections_after_from_and_join(schema):
    assert complete(schema, "SELECT * FROM mon").candidates == ["mongodb_backups"]
    assert complete(schema, "SELECT * FROM mongodb_backups b JOIN u").candidates == ["users"]
    assert complete(schema, "SELECT * FROM users, mon").candidates == ["mongodb_backups"]
    assert complete(schema, "SELECT * FROM archive.o").candidates == ["archive.old_backups"]


def test_fields_in_the_select_list_with_a_from_in_the_buffer(schema):
    text = "SELECT da FROM mongodb_backups"
    assert complete(schema, "SELECT da", text).candidates == ["database_name", "DATE_PART", "DATE_TRUNC", "DATE_BIN",
                                                              "DATE"]  # fields first, then functions
    assert complete(schema, "SELECT st", text).candidates == ["status", "STRING_AGG"]


def test_qualified_and_nested_paths(schema):
    text = "SELECT b. FROM mongodb_backups b"
    assert set(complete(schema, "SELECT b.", text).candidates) >= {"b.backup_id", "b.details", "b.status"}
    nested = "SELECT b.details. FROM mongodb_backups b"
    assert complete(schema, "SELECT b.details.", nested).candidates == ["b.details.tool", "b.details.version"]
    plain = "SELECT details.t FROM mongodb_backups"
    assert complete(schema, "SELECT details.t", plain).candidates == ["details.tool"]


def test_databases_after_connect_and_use(schema):
    assert complete(schema, "\\c ar").candidates == ["archive"]
    assert complete(schema, "USE a").candidates == ["app", "archive"]


def test_variables_after_colon(schema):
    assert complete(schema, "SELECT * FROM users WHERE signup > :si").candidates == [":since"]


def test_the_word_to_replace_is_reported(schema):
    completions = complete(schema, "SELECT * FROM mon")
    assert completions.word == "mon"
