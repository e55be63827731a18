"""The backup catalog: real mongodump layouts written with the bson module (plain, gzip, one
file cut short, an escaped name, a view, a time-series collection, prelude and oplog, and
archives), scanned and registered exactly, idempotently; verify; dumps queried and compared."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import bson
import pytest

import queryleaf
from queryleaf.catalog.dumps import find_backups, scan_backup
from queryleaf.catalog.load import load_dump
from queryleaf.catalog.store import init_catalog, register
from queryleaf.cli.main import main
from queryleaf.engine.embedded import new_client
from tests.conftest import NOW

OPLOG_START = dt.datetime(2025, 8, 23, 2, 0, tzinfo=dt.UTC)


def encoded(documents) -> bytes:
    return b"".join(bson.encode(d) for d in documents)


def metadata(name: str, kind: str = "collection", indexes=None, options=None) -> str:
    return json.dumps({"options": options or {}, "indexes": indexes or [{"v": 2, "key": {"_id": 1}, "name": "_id_"}],
                       "uuid": f"uuid-{name}", "collectionName": name, "type": kind})


def write_dump(root: Path, compress: bool = False) -> Path:
    """production_app: users (3, email index), orders (5), "a/b" (escaped name), a view, weather (time
    series: 2 buckets), broken (4 documents, cut inside the last); prelude and a 3-entry oplog."""
    database = root / "production_app"
    database.mkdir(parents=True)

    def bson_file(name: str, documents) -> None:
        data = encoded(documents)
        if compress:
            (database / f"{name}.bson.gz").write_bytes(gzip.compress(data))
        else:
            (database / f"{name}.bson").write_bytes(data)

    bson_file("users", [{"_id": i, "email": f"u{i}@example.com"} for i in range(3)])
    (database / "users.metadata.json").write_text(metadata("users", indexes=[
        {"v": 2, "key": {"_id": 1}, "name": "_id_"}, {"v": 2, "key": {"email": 1}, "name": "email_1", "unique": True}]))
    bson_file("orders", [{"_id": i, "user_id": i % 3} for i in range(5)])
    (database / "orders.metadata.json").write_text(metadata("orders"))
    bson_file("a%2Fb", [{"_id": 1}])
    (database / "active_users.metadata.json").write_text(
        metadata("active_users", kind="view", options={"viewOn": "users", "pipeline": []}))
    (database / "weather.metadata.json").write_text(metadata("weather", kind="timeseries",
                                                             options={"timeseries": {"timeField": "t"}}))
    bson_file("system.buckets.weather", [{"_id": 1, "control": {}}, {"_id": 2, "control": {}}])
    cut = encoded({"_id": i, "pad": "x" * 40} for i in range(4))
    (database / "broken.bson").write_bytes(cut[:-7])
    (root / "prelude.json").write_text(json.dumps({"ServerVersion": "7.0.12", "ToolVersion": "100.9.4"}))
    oplog = [{"ts": bson.Timestamp(int(OPLOG_START.timestamp()) + 60 * i, 1), "op": "i", "ns": "production_app.users"}
             for i in range(3)]
    (root / "oplog.bson").write_bytes(encoded(oplog))
    return root


def write_archive(path: Path, compress: bool = False, cut: int = 0) -> Path:
    """An archive of app.users (3 documents in two interleaved segments) and app.empty (none)."""
    parts = [b"\x6d\xe2\x99\x81", bson.encode({"concurrent_collections": 4, "version": "0.1",
                                              "server_version": "6.0.5", "tool_version": "100.7.0"})]
    for name in ("users", "empty"):
        parts.append(bson.encode({"db": "app", "collection": name, "metadata": metadata(name), "size": 0}))
    parts.append(b"\xff\xff\xff\xff")
    head = {"db": "app", "collection": "users", "EOF": False, "CRC": bson.Int64(0)}
    parts += [bson.encode(head), encoded([{"_id": 1}, {"_id": 2}]), b"\xff\xff\xff\xff"]
    parts += [bson.encode(head), encoded([{"_id": 3}]), b"\xff\xff\xff\xff"]
    for name in ("users", "empty"):
        parts += [bson.encode({"db": "app", "collection": name, "EOF": True, "CRC": bson.Int64(0)}), b"\xff\xff\xff\xff"]
    data = b"".join(parts)
    data = data[: len(data) - cut]
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def summary(backup):
    return {(c.database, c.name): (c.type, c.documents, c.problem is not None) for c in backup.collections}


EXPECTED = {
    ("production_app", "users"): ("collection", 3, False),
    ("production_app", "orders"): ("collection", 5, False),
    ("production_app", "a/b"): ("collection", 1, False),
    ("production_app", "active_users"): ("view", None, False),
    ("production_app", "weather"): ("timeseries", None, False),
    ("production_app", "system.buckets.weather"): ("buckets", 2, False),
    ("production_app", "broken"): ("collection", 3, True),
}


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_scan_a_directory_dump(tmp_path, compress):
    backup = scan_backup(write_dump(tmp_path / "dump", compress))
    assert summary(backup) == EXPECTED
    broken = next(c for c in backup.collections if c.name == "broken")
    assert broken.problem == "truncated document (57 of 64 bytes) at offset 192"
    assert backup.problems == [{"file": "production_app/broken.bson", "error": broken.problem}]
    users = next(c for c in backup.collections if c.name == "users")
    assert [i["name"] for i in users.indexes] == ["_id_", "email_1"] and users.uuid == "uuid-users"
    assert users.compressed is compress and users.file == f"production_app/users.bson{'.gz' if compress else ''}"
    assert (backup.server_version, backup.tool_version) == ("7.0.12", "100.9.4")
    assert (backup.oplog_entries, backup.oplog_start, backup.oplog_end) == (
        3, OPLOG_START, OPLOG_START + dt.timedelta(minutes=2))
    assert backup.taken_at == backup.oplog_end and backup.databases == ["production_app"]
    assert len(backup.checksum) == 64


def test_a_cut_gzip_file_is_reported_with_its_offset(tmp_path):
    root = write_dump(tmp_path / "dump", compress=True)
    whole = (root / "production_app" / "orders.bson.gz").read_bytes()
    (root / "production_app" / "orders.bson.gz").write_bytes(whole[: len(whole) - 12])
    orders = next(c for c in scan_backup(root).collections if c.name == "orders")
    assert (orders.documents, orders.problem) == (4, "the gzip stream ends early at offset 108")


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_scan_an_archive(tmp_path, compress):
    backup = scan_backup(write_archive(tmp_path / "app.archive", compress))
    assert backup.format == "archive" and backup.compressed is compress
    assert summary(backup) == {("app", "users"): ("collection", 3, False), ("app", "empty"): ("collection", 0, False)}
    assert (backup.server_version, backup.tool_version, backup.problems) == ("6.0.5", "100.7.0", [])


def test_a_cut_archive_names_the_unfinished_namespaces(tmp_path):
    backup = scan_backup(write_archive(tmp_path / "app.archive", cut=30))  # inside the last EOF header
    assert backup.problems == [{"file": "app.archive", "error": "truncated document (32 of 58 bytes) at offset 750"},
                               {"file": "app.archive", "error": "the archive ends before the end of app.empty"}]
    assert summary(backup) == {("app", "users"): ("collection", 3, False), ("app", "empty"): ("collection", None, True)}


def test_find_backups_under_a_folder(tmp_path):
    write_dump(tmp_path / "backups" / "2025-08-22")
    write_dump(tmp_path / "backups" / "2025-08-23")
    write_archive(tmp_path / "backups" / "app.archive.gz", compress=True)
    (tmp_path / "backups" / "notes.txt").write_text("not a backup")
    found = [p.name for p in find_backups(tmp_path / "backups")]
    assert found == ["2025-08-22", "2025-08-23", "app.archive.gz"]
    assert find_backups(tmp_path / "backups" / "2025-08-23" / "production_app")[0].name == "production_app"


def test_register_is_idempotent_and_queryable_with_sql(tmp_path):
    session = queryleaf.connect("memory://", database="ops")
    assert init_catalog(session) == ["mongodb_backups", "backup_collections", "backup_log", "recovery_tests"]
    assert init_catalog(session) == []
    backup = scan_backup(write_dump(tmp_path / "dump"))
    first = register(session, backup, NOW)
    assert register(session, backup, NOW) == first
    assert session.execute("SELECT backup_id, database_name, status, collection_count, document_count, oplog_entries,"
                           " backup_date, server_version FROM mongodb_backups").fetchall() == [
        (first, "production_app", "CORRUPT", 7, 14, 3, OPLOG_START + dt.timedelta(minutes=2), "7.0.12")]
    assert session.execute("SELECT collection_name, documents FROM backup_collections WHERE collection_type = "
                           "'collection' ORDER BY 1").fetchall() == [("a/b", 1), ("broken", 3), ("orders", 5),
                                                                     ("users", 3)]
    assert session.execute("SELECT COUNT(*) FROM backup_collections").fetchall() == [(7,)]


def test_cli_scan_verify_and_changes(tmp_path, capsys):
    root = write_dump(tmp_path / "dump")
    client = new_client()
    client.close = lambda: None  # the commands share one embedded server
    from queryleaf.engine import session

    original = session.open_client
    session.open_client = lambda uri: client  # one embedded server for every command
    try:
        assert main(["catalog", "scan", str(tmp_path), "memory:///ops", "--now", "2025-08-23T12:00:00Z"]) == 1
        assert "CORRUPT" in capsys.readouterr().out
        (root / "production_app" / "broken.bson").unlink()
        assert main(["catalog", "verify", "memory:///ops"]) == 1
        assert "CHANGED" in capsys.readouterr().out
        main(["catalog", "scan", str(tmp_path), "memory:///ops"])
        capsys.readouterr()
        assert main(["catalog", "verify", "memory:///ops"]) == 0
        assert " OK " in capsys.readouterr().out
        (root / "production_app" / "orders.bson").write_bytes(encoded([{"_id": 1}]))
        assert main(["catalog", "verify", "memory:///ops"]) == 1 and "CHANGED" in capsys.readouterr().out
        for path in sorted(root.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        root.rmdir()
        assert main(["catalog", "verify", "memory:///ops"]) == 1 and "MISSING" in capsys.readouterr().out
        assert client.ops.mongodb_backups.find_one()["status"] == "MISSING"
    finally:
        session.open_client = original


def test_load_dump_and_compare_a_backup_with_the_live_database(tmp_path, capsys):
    root = write_dump(tmp_path / "dump")
    client = new_client()
    load_dump(client, root)
    session = queryleaf.connect(client=client, database="production_app")
    assert session.execute('SELECT COUNT(*) FROM "a/b"').fetchall() == [(1,)]
    assert session.execute("SELECT COUNT(*) FROM broken").fetchall() == [(3,)]  # up to the damage
    assert any(i["name"] == "email_1" for i in client.production_app.users.list_indexes())
    live = tmp_path / "live.json"
    live.write_text(json.dumps({"production_app": {
        "users": [{"_id": i, "email": f"u{i}@example.com"} for i in range(3)],
        "orders": [{"_id": i, "user_id": i % 3} for i in range(6)],
        "a/b": [{"_id": 1}], "broken": [{"_id": i, "pad": "x" * 40} for i in range(4)]}}))
    arguments = ["compare", "counts", "memory:///production_app", f"{root}#production_app", "--load", str(live),
                 "--collections", "users,orders,broken"]
    assert main([*arguments, "--show-sql"]) == 0
    assert "-- @expect value = 5\n-- @connection source\nSELECT COUNT(*) AS documents FROM orders;" in (
        capsys.readouterr().out)  # counted from the backup's files, nothing loaded
    code = main(arguments)
    out = capsys.readouterr().out
    assert code == 1
    assert "PASS  count_users" in out and "FAIL  count_orders" in out and "FAIL  count_broken" in out
    assert "FAIL  file_broken" in out and "truncated document (57 of 64 bytes) at offset 192" in out
    assert "FAIL  indexes_users" in out and "('email', 1)" in out  # the live users lack the backup's index
    assert "PASS  indexes_orders" in out
    keys = main(["compare", "counts", "memory:///production_app", f"{root}#production_app", "--load", str(live),
                 "--collections", "orders", "--keys"])  # _id sets need the documents: the backup is loaded
    out = capsys.readouterr().out
    assert keys == 1 and "FAIL  ids_orders" in out and "FAIL  count_orders" in out


def test_query_a_dump_with_load_dump(tmp_path, capsys):
    root = write_dump(tmp_path / "dump")
    code = main(["query", "--load-dump", str(root), "--db", "production_app", "-c",
                 "SELECT COUNT(*) AS n FROM orders", "--format", "csv"])
    captured = capsys.readouterr()
    assert (code, captured.out) == (0, "n\n5\n")
    assert "broken.bson: truncated document" in captured.err
