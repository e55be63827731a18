"""INSERT, UPDATE, DELETE, DDL and transactions, on the embedded engine (and a real server
when QUERYLEAF_TEST_URI is set): the article's catalog statements as written, then every rule."""

from __future__ import annotations

import datetime as dt

import pytest

import queryleaf
from queryleaf.errors import ExecutionError, NameResolutionError, UnsupportedSqlError
from tests.conftest import NOW, REAL_SERVER_URI

UTC = dt.timezone.utc
CREATE_BACKUPS = """
CREATE TABLE mongodb_backups (
  backup_id VARCHAR(50) PRIMARY KEY,
  database_name VARCHAR(100),
  backup_type VARCHAR(20), -- 'LOGICAL', 'BINARY', 'SNAPSHOT'
  backup_date TIMESTAMP,
  file_path VARCHAR(500),
  compressed BOOLEAN,
  size_bytes BIGINT,
  status VARCHAR(20),
  retention_days INTEGER
)"""
CREATE_TESTS = """
CREATE TABLE recovery_tests (
  test_id SERIAL PRIMARY KEY,
  test_date DATE,
  test_type VARCHAR(50),
  database_name VARCHAR(100),
  backup_file VARCHAR(255),
  restore_time_minutes INTEGER,
  data_validation_passed BOOLEAN,
  notes TEXT
)"""
INSERT_TEST = """
INSERT INTO recovery_tests (
  test_date,
  test_type, 
  database_name,
  backup_file,
  restore_time_minutes,
  data_validation_passed,
  notes
) VALUES (
  CURRENT_DATE,
  'POINT_IN_TIME_RECOVERY',
  'production_app',
  '/backups/mongodb/20250823/production_app',
  45,
  true,
  'Successfully recovered to 14:30:00 UTC'
)"""
RETENTION = """
DELETE FROM mongodb_backups 
WHERE backup_date < CURRENT_DATE - INTERVAL '90 days'
  AND backup_type = 'LOGICAL'"""
TIERING = """
UPDATE mongodb_backups 
SET storage_tier = 'COLD_STORAGE',
    file_path = REPLACE(file_path, '/hot-storage/', '/archive/')
WHERE backup_date BETWEEN CURRENT_DATE - INTERVAL '365 days' 
                      AND CURRENT_DATE - INTERVAL '90 days'
  AND storage_tier = 'HOT_STORAGE'"""


@pytest.fixture
def session(make_session):
    return make_session({})


def rows(session, sql):
    return session.execute(sql).fetchall()


def test_the_articles_catalog_statements_run_as_written(session):
    session.execute(CREATE_BACKUPS)
    session.execute(CREATE_TESTS)
    inserted = session.execute(INSERT_TEST)
    assert (inserted.status, inserted.rowcount) == ("INSERT 0 1", 1)
    assert rows(session, "SELECT * FROM recovery_tests") == [
        (1, dt.datetime(2025, 8, 23, tzinfo=UTC), "POINT_IN_TIME_RECOVERY", "production_app",
         "/backups/mongodb/20250823/production_app", 45, True, "Successfully recovered to 14:30:00 UTC")]
    session.execute("""INSERT INTO mongodb_backups (backup_id, database_name, backup_type, backup_date, file_path,
                       compressed, size_bytes, status, retention_days) VALUES
        ('old-logical', 'app', 'LOGICAL', '2025-03-01 01:00:00', '/hot-storage/app/old', true, 5, 'COMPLETED', 30),
        ('old-binary', 'app', 'BINARY', '2025-03-01 02:00:00', '/hot-storage/app/bin', false, 2185124864, 'COMPLETED', 365),
        ('recent', 'app', 'LOGICAL', '2025-08-22 01:00:00', '/hot-storage/app/new', true, 7, 'COMPLETED', 30)""")
    session.execute("UPDATE mongodb_backups SET storage_tier = 'HOT_STORAGE' WHERE true")
    deleted = session.execute(RETENTION)
    assert (deleted.status, deleted.rowcount) == ("DELETE 1", 1)
    tiered = session.execute(TIERING)
    assert (tiered.status, tiered.rowcount) == ("UPDATE 1", 1)
    assert rows(session, "SELECT backup_id, file_path, storage_tier, size_bytes FROM mongodb_backups ORDER BY 1") == [
        ("old-binary", "/archive/app/bin", "COLD_STORAGE", 2185124864),
        ("recent", "/hot-storage/app/new", "HOT_STORAGE", 7)]
    assert [c for c in session.execute("SELECT * FROM mongodb_backups").columns] == [
        "backup_id", "database_name", "backup_type", "backup_date", "file_path", "compressed", "size_bytes", "status",
        "retention_days", "storage_tier"]  # the declared columns in order, then what UPDATE added


def test_create_table_writes_a_validator_and_indexes(session):
    session.execute(CREATE_TESTS)
    collection = session.client[session.database].recovery_tests
    schema = collection.options()["validator"]["$jsonSchema"]
    assert schema["required"] == ["test_id"]
    assert schema["properties"]["test_type"] == {"bsonType": ["string", "null"], "description": "VARCHAR(50)",
                                                 "maxLength": 50}
    assert list(schema["properties"]) == ["test_id", "test_date", "test_type", "database_name", "backup_file",
                                          "restore_time_minutes", "data_validation_passed", "notes"]
    indexes = {i["name"]: i for i in collection.list_indexes()}
    assert indexes["recovery_tests_pkey"]["unique"] and dict(indexes["recovery_tests_pkey"]["key"]) == {"test_id": 1}
    with pytest.raises(NameResolutionError, match='relation "recovery_tests" already exists'):
        session.execute(CREATE_TESTS)
    assert session.execute(CREATE_TESTS.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS")).status == "CREATE TABLE"


def test_values_take_the_declared_types_and_constraints_hold(session):
    session.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, code VARCHAR(3) UNIQUE, at TIMESTAMP, n NUMERIC, "
                    "ok BOOLEAN NOT NULL DEFAULT false, day DATE DEFAULT CURRENT_DATE)")
    session.execute("INSERT INTO t (id, code, at, n) VALUES (1, 'abc', '2025-08-01 10:00:00', '1.50'), (2, NULL, NULL, 2)")
    session.execute("INSERT INTO t (id, code) VALUES (3, NULL)")  # NULLs never collide in a UNIQUE column
    found = session.client[session.database].t.find_one({"id": 1})
    assert type(found["id"]).__name__ == "Int64" and str(found["n"]) == "1.50" and found["ok"] is False
    assert rows(session, "SELECT id, at, ok, day FROM t ORDER BY id") == [
        (1, dt.datetime(2025, 8, 1, 10, tzinfo=UTC), False, NOW.replace(hour=0)),
        (2, None, False, NOW.replace(hour=0)), (3, None, False, NOW.replace(hour=0))]
    with pytest.raises(ExecutionError, match="duplicate key value violates unique constraint"):
        session.execute("INSERT INTO t (id, code) VALUES (1, 'new')")
    with pytest.raises(ExecutionError, match="duplicate key value"):
        session.execute("INSERT INTO t (id, code) VALUES (9, 'abc')")
    with pytest.raises(ExecutionError, match="column types or NOT NULL"):
        session.execute("INSERT INTO t (id, code) VALUES (10, 'abcd')")  # longer than VARCHAR(3)
    with pytest.raises(ExecutionError, match="column types or NOT NULL"):
        session.execute("INSERT INTO t (code) VALUES ('x')")  # the primary key is NOT NULL
    with pytest.raises(ExecutionError, match="column types or NOT NULL"):
        session.execute("INSERT INTO t (id, code) VALUES (20, 'a'), (21, 'toolong')")  # the first row is undone
    assert rows(session, "SELECT COUNT(*) FROM t") == [(3,)]  # nothing of the failed statements was written


def test_serial_numbers_continue_across_statements(session):
    session.execute(CREATE_TESTS)
    first = rows(session, "INSERT INTO recovery_tests (test_type) VALUES ('a'), ('b') RETURNING test_id")
    second = rows(session, "INSERT INTO recovery_tests (test_type) VALUES ('c') RETURNING test_id, test_type")
    assert (first, second) == ([(1,), (2,)], [(3, "c")])


def test_insert_select_and_without_column_list(session):
    session.execute("CREATE TABLE src (a INTEGER, b TEXT)")
    session.execute("CREATE TABLE dst (x INTEGER, y TEXT, z TEXT DEFAULT 'zz')")
    session.execute("INSERT INTO src VALUES (1, 'one'), (2, 'two'), (3, NULL)")
    copied = session.execute("INSERT INTO dst (x, y) SELECT a * 10, UPPER(b) FROM src WHERE a > 1")
    assert copied.rowcount == 2
    assert rows(session, "SELECT * FROM dst ORDER BY x") == [(20, "TWO", "zz"), (30, None, "zz")]


def test_update_expressions_nested_paths_and_returning(session):
    session.client[session.database].backups.insert_many([
        {"name": "a", "size": 10, "details": {"tool": "mongodump"}}, {"name": "b", "size": None}])
    updated = session.execute("UPDATE backups SET size = COALESCE(size, 0) * 2, details.tool = 'pbm' "
                              "WHERE name IN ('a', 'b') RETURNING name, size, details.tool AS tool")
    assert updated.fetchall() == [("a", 20, "pbm"), ("b", 0, "pbm")] and updated.status == "UPDATE 2"
    assert session.translate("UPDATE backups SET size = 1 WHERE name = 'a'").commands[-1].to_shell() == (
        'db.getSiblingDB("app").getCollection("backups").updateMany({ name: "a" }, [{ $set: { size: { $literal: 1 } } }])'
    ).replace('"app"', f'"{session.database}"')


def test_update_and_delete_with_a_subquery_find_the_ids_first(session):
    session.client[session.database].users.insert_many([{"id": 1}, {"id": 2}, {"id": 3}])
    session.client[session.database].orders.insert_many([{"user_id": 2}])
    deleted = session.execute("DELETE FROM users WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = users.id)"
                              " RETURNING id")
    assert sorted(deleted.fetchall()) == [(1,), (3,)] and deleted.rowcount == 2
    assert rows(session, "SELECT id FROM users") == [(2,)]


def test_where_is_required_and_where_true_means_every_row(session):
    session.client[session.database].t.insert_many([{"a": 1}, {"a": 2}])
    for statement in ("DELETE FROM t", "UPDATE t SET a = 0"):
        with pytest.raises(UnsupportedSqlError, match="without WHERE would change every row") as caught:
            session.execute(statement)
        assert "WHERE true" in caught.value.hint
    assert session.execute("UPDATE t SET a = 0 WHERE true").rowcount == 2
    assert session.execute("DELETE FROM t WHERE true").rowcount == 2


def test_alter_table_and_indexes(session):
    session.execute("CREATE TABLE t (a INTEGER)")
    session.execute("INSERT INTO t (a) VALUES (1), (2)")
    session.execute("ALTER TABLE t ADD COLUMN tier VARCHAR(10) NOT NULL DEFAULT 'HOT'")
    assert rows(session, "SELECT * FROM t ORDER BY a") == [(1, "HOT"), (2, "HOT")]
    with pytest.raises(ExecutionError):
        session.execute("INSERT INTO t (a, tier) VALUES (3, NULL)")
    session.execute("ALTER TABLE t DROP COLUMN tier")
    assert rows(session, "SELECT * FROM t ORDER BY a") == [(1,), (2,)]
    assert "tier" not in session.client[session.database].t.find_one()
    session.execute("CREATE UNIQUE INDEX t_a ON t (a DESC)")
    index = next(i for i in session.client[session.database].t.list_indexes() if i["name"] == "t_a")
    assert dict(index["key"]) == {"a": -1} and index["unique"]
    session.execute("DROP INDEX t_a")
    with pytest.raises(NameResolutionError, match='index "t_a" does not exist'):
        session.execute("DROP INDEX t_a")
    session.execute("DROP INDEX IF EXISTS t_a")
    session.execute("DROP TABLE t")
    assert "t" not in session.client[session.database].list_collection_names()
    session.client[session.database].plain.insert_one({"a": 1})
    with pytest.raises(UnsupportedSqlError, match="made with CREATE TABLE"):
        session.execute("ALTER TABLE plain ADD COLUMN b INTEGER")


def test_transactions_are_refused_clearly_by_the_embedded_engine():
    session = queryleaf.connect("memory://")
    with pytest.raises(UnsupportedSqlError, match="the embedded engine has no transactions"):
        session.execute("BEGIN")
    assert session.execute("COMMIT").status == "COMMIT"  # PostgreSQL only warns


def test_writes_compile_offline_as_mongosh_code():
    text = str(queryleaf.translate("DELETE FROM mongodb_backups WHERE backup_type = 'LOGICAL'", database="ops",
                                   now=NOW))
    assert text == 'db.getSiblingDB("ops").getCollection("mongodb_backups").deleteMany({ backup_type: "LOGICAL" });'


def test_nested_values_from_json_literals_and_jsonb_build_object(session):
    session.execute("CREATE TABLE cat (id INTEGER, details JSONB)")
    session.execute("""INSERT INTO cat (id, details) VALUES (1, '{"tool": "mongodump", "version": "100.9"}'),
                       (2, jsonb_build_object('tool', 'pbm', 'version', NULL))""")
    session.client[session.database].plain.insert_one({"id": 3})
    session.execute("INSERT INTO plain (id, details) VALUES (4, '{\"tool\": \"x\"}'::jsonb)")
    assert rows(session, "SELECT id, details.tool, details FROM cat ORDER BY id") == [
        (1, "mongodump", {"tool": "mongodump", "version": "100.9"}), (2, "pbm", {"tool": "pbm", "version": None})]
    assert rows(session, "SELECT details.tool FROM plain WHERE id = 4") == [("x",)]
    with pytest.raises(ExecutionError, match="invalid input syntax for type json"):
        session.execute("SELECT '{bad'::jsonb")


def test_literals_are_typed_like_the_fields_of_a_collection_without_a_table(session):
    from bson import ObjectId

    collection = session.client[session.database].backups
    collection.insert_one({"backup_date": dt.datetime(2025, 1, 1), "ref": ObjectId(), "name": "first"})
    session.execute("INSERT INTO backups (backup_date, ref, name) VALUES "
                    "('2025-08-01 10:00:00', '64e5f0a1b2c3d4e5f6a7b8c9', '2025-08-01')")
    stored = collection.find_one({"name": "2025-08-01"})
    assert stored["backup_date"].replace(tzinfo=UTC) == dt.datetime(2025, 8, 1, 10, tzinfo=UTC)
    assert stored["ref"] == ObjectId("64e5f0a1b2c3d4e5f6a7b8c9")  # and name, a text field, stays text
    session.execute("UPDATE backups SET backup_date = '2025-09-01' WHERE name = '2025-08-01'")
    assert rows(session, "SELECT backup_date FROM backups WHERE name = '2025-08-01'") == [
        (dt.datetime(2025, 9, 1, tzinfo=UTC),)]


@pytest.mark.skipif(not REAL_SERVER_URI, reason="needs a real server (QUERYLEAF_TEST_URI)")
def test_transactions_on_a_real_server(session):
    session.client[session.database].t.insert_one({"a": 1})
    hello = session.client.admin.command("hello")
    if "setName" not in hello and hello.get("msg") != "isdbgrid":  # a standalone server has no transactions
        session.execute("BEGIN")
        with pytest.raises(ExecutionError, match="replica set"):
            session.execute("DELETE FROM t WHERE true")
        session.execute("ROLLBACK")
        return
    assert session.execute("BEGIN").status == "BEGIN"
    session.execute("DELETE FROM t WHERE true")
    assert session.execute("ROLLBACK").status == "ROLLBACK"
    assert rows(session, "SELECT COUNT(*) FROM t") == [(1,)]
    session.execute("BEGIN")
    session.execute("DELETE FROM t WHERE true")
    session.execute("COMMIT")
    assert rows(session, "SELECT COUNT(*) FROM t") == [(0,)]
