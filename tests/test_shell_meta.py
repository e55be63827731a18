"""The shell's backslash commands on the embedded engine."""

from __future__ import annotations

import pytest

import queryleaf
from queryleaf.engine.embedded import new_client
from queryleaf.errors import UsageError
from queryleaf.shell.meta import ShellState, run_meta


@pytest.fixture
def state():
    client = new_client()
    client.app.mongodb_backups.insert_many([
        {"backup_id": 1, "status": "OK", "details": {"tool": "mongodump"}},
        {"backup_id": 2, "status": None},
    ])
    client.app.mongodb_backups.create_index([("backup_id", 1)], unique=True)
    client.app.users.insert_one({"name": "ann"})
    client.archive.old.insert_one({"x": 1})
    return ShellState(queryleaf.connect(client=client, database="app"))


def test_help_and_quit(state):
    assert "\\dt [PATTERN]" in run_meta(state, "\\?")
    run_meta(state, "\\q")
    assert state.quit


def test_databases_and_collections(state):
    assert "archive" in run_meta(state, "\\l") and "archive" in run_meta(state, "SHOW DATABASES;")
    listing = run_meta(state, "\\dt")
    assert "mongodb_backups" in listing and "users" in listing and "2" in listing
    assert "users" not in run_meta(state, "\\dt mongo*")
    assert "users" in run_meta(state, "SHOW COLLECTIONS")


def test_describe_shows_fields_types_presence_and_indexes(state):
    text = run_meta(state, "\\d mongodb_backups")
    lines = {line.split("|")[0].strip(): line for line in text.splitlines() if "|" in line}
    assert "int" in lines["backup_id"] and "100%" in lines["backup_id"]
    assert "null" in lines["status"] and "string" in lines["status"]
    assert "50%" in lines["details.tool"]
    assert "| backup_id 1 | yes" in text
    with pytest.raises(UsageError, match='collection "nope" does not exist'):
        run_meta(state, "\\d nope")
    assert "backup_id_1" in run_meta(state, "\\di mongo*")


def test_connect_and_use(state):
    run_meta(state, "\\c archive")
    assert state.session.database == "archive"
    run_meta(state, "USE app;")
    assert state.session.database == "app"


def test_formatting_and_variables(state):
    run_meta(state, "\\x on")
    assert state.expanded == "on"
    run_meta(state, "\\T csv")
    assert state.format == "csv"
    run_meta(state, "\\timing")
    assert state.timing
    run_meta(state, "\\set since 2025-08-01")
    assert state.variables == {"since": "2025-08-01"} and "since = '2025-08-01'" in run_meta(state, "\\set")
    with pytest.raises(UsageError):
        run_meta(state, "\\T nonsense")
    with pytest.raises(UsageError, match="unknown command"):
        run_meta(state, "\\zz")


def test_describe_a_table_made_with_create_table(state):
    state.session.execute("CREATE TABLE recovery_tests (test_id SERIAL PRIMARY KEY, "
                          "test_date DATE NOT NULL DEFAULT CURRENT_DATE, test_type VARCHAR(50))")
    text = run_meta(state, "\\d recovery_tests")
    assert text.startswith('Table "app.recovery_tests"\n')
    lines = [line.split("|") for line in text.splitlines()[3:6]]
    assert [[cell.strip() for cell in line] for line in lines] == [
        ["test_id", "SERIAL", "not null", "nextval"], ["test_date", "DATE", "not null", "CURRENT_DATE"],
        ["test_type", "VARCHAR(50)", "", ""]]
    assert "recovery_tests_pkey" in text and "Validator:" not in text
