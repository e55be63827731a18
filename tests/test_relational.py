"""Cross-database statements and EXPLAIN, on the embedded engine (and a real server when
QUERYLEAF_TEST_URI is set)."""

from __future__ import annotations

import pytest

import queryleaf
from queryleaf.engine.embedded import new_client

USERS = [{"user_id": i, "name": f"u{i}"} for i in range(1, 6)]


@pytest.fixture
def backup_pair():
    """An original database and a restored copy that lost two users."""
    client = new_client()
    client.production_app.users.insert_many([dict(u) for u in USERS])
    client.production_app_backup.users.insert_many([dict(u) for u in USERS[:3]])
    return queryleaf.connect(client=client, database="production_app")


def test_counts_of_two_databases_in_one_statement(backup_pair):
    sql = (
        "SELECT (SELECT COUNT(*) FROM production_app.users) AS original, "
        "(SELECT COUNT(*) FROM production_app_backup.users) AS restored"
    )
    result = backup_pair.execute(sql)
    assert result.columns == ["original", "restored"]
    assert list(result) == [(5, 3)]
    commands = backup_pair.translate(sql).commands
    assert [c.database for c in commands] == ["production_app_backup", "production_app"]


def test_rows_missing_from_the_restored_copy(backup_pair):
    sql = (
        "SELECT u.user_id FROM production_app.users u LEFT JOIN production_app_backup.users b "
        "ON b.user_id = u.user_id WHERE b.user_id IS NULL ORDER BY 1"
    )
    assert list(backup_pair.execute(sql)) == [(4,), (5,)]


def test_except_across_databases(backup_pair):
    sql = "SELECT name FROM users EXCEPT SELECT name FROM production_app_backup.users ORDER BY name"
    assert list(backup_pair.execute(sql)) == [("u4",), ("u5",)]


def test_correlated_subquery_on_another_database_is_a_named_error(backup_pair):
    sql = (
        "SELECT u.name FROM users u WHERE EXISTS "
        "(SELECT 1 FROM production_app_backup.users b WHERE b.user_id = u.user_id)"
    )
    with pytest.raises(queryleaf.UnsupportedSqlError, match="correlated subquery on another database"):
        backup_pair.execute(sql)


def test_explain_returns_the_commands_as_rows(backup_pair):
    result = backup_pair.execute("EXPLAIN SELECT name FROM users WHERE user_id > 3")
    assert result.columns == ["QUERY PLAN"]
    assert list(result) == [(
        'db.getSiblingDB("production_app").getCollection("users").aggregate('
        '[{ $match: { user_id: { $gt: 3 } } }, { $project: { _id: 0, name: "$name" } }]);',
    )]


def test_explain_shows_every_command_of_a_cross_database_statement(backup_pair):
    sql = "EXPLAIN SELECT (SELECT COUNT(*) FROM production_app_backup.users) AS restored"
    lines = [row[0] for row in backup_pair.execute(sql)]
    assert lines[0].startswith("// $queryleafResultOf")
    assert "// command 1" in lines and "// command 2" in lines
    assert any("$queryleafResultOf: 0" in line for line in lines)


def test_explain_analyze_runs_each_command(backup_pair):
    lines = [row[0] for row in backup_pair.execute("EXPLAIN ANALYZE SELECT name FROM users WHERE user_id > 3")]
    assert "-- command 1: 2 documents in" in lines[1]
    assert lines[2] == "--   (the embedded engine has no query planner: no execution statistics)"


def test_explain_with_option_list(backup_pair):
    lines = [row[0] for row in backup_pair.execute("EXPLAIN (ANALYZE) SELECT name FROM users")]
    assert lines[1].startswith("-- command 1: 5 documents")
    with pytest.raises(queryleaf.UnsupportedSqlError, match="EXPLAIN option 'format json'"):
        backup_pair.execute("EXPLAIN (FORMAT JSON) SELECT name FROM users")
