"""The dataset every spec case runs against: a small backup catalog with NULLs and missing
fields, nested documents and arrays (database "app")."""

from __future__ import annotations

import datetime as dt

from bson import ObjectId, Timestamp


def _d(day: int, hour: int = 2) -> dt.datetime:
    return dt.datetime(2025, 8, day, hour, 0, tzinfo=dt.timezone.utc)


OIDS = [ObjectId(f"64b000000000000000000{i:03d}") for i in range(1, 9)]

BACKUPS = [
    {"_id": OIDS[0], "backup_id": 1, "database_name": "orders", "backup_type": "LOGICAL", "status": "COMPLETED",
     "backup_date": _d(20), "size_bytes": 1000, "duration_seconds": 12.5, "verified": True,
     "details": {"tool": "mongodump", "version": "100.9.4"}, "tags": ["daily", "hot"]},
    {"_id": OIDS[1], "backup_id": 2, "database_name": "orders", "backup_type": "LOGICAL", "status": "FAILED",
     "backup_date": _d(21), "size_bytes": None, "duration_seconds": 3.0, "verified": False,
     "details": {"tool": "mongodump", "version": "100.9.4"}, "tags": ["daily"]},
    {"_id": OIDS[2], "backup_id": 3, "database_name": "orders", "backup_type": "PHYSICAL", "status": "COMPLETED",
     "backup_date": _d(22), "size_bytes": 5000, "duration_seconds": 40.25, "verified": True,
     "details": {"tool": "snapshot"}, "tags": []},
    {"_id": OIDS[3], "backup_id": 4, "database_name": "users", "backup_type": "LOGICAL", "status": "COMPLETED",
     "backup_date": _d(20, 3), "size_bytes": 700, "duration_seconds": 7.5,
     "details": {"tool": "mongodump", "version": "100.10.0"}, "tags": ["daily", "Cold"]},
    {"_id": OIDS[4], "backup_id": 5, "database_name": "users", "backup_type": "LOGICAL", "status": "FAILED",
     "backup_date": _d(22, 3), "duration_seconds": None, "verified": False, "tags": ["weekly"]},
    {"_id": OIDS[5], "backup_id": 6, "database_name": "users", "backup_type": "LOGICAL", "status": "RUNNING",
     "backup_date": _d(23, 1), "size_bytes": 0, "verified": None, "details": {"tool": "mongodump"}},
    {"_id": OIDS[6], "backup_id": 7, "database_name": "billing_2025", "backup_type": "PHYSICAL", "status": "COMPLETED",
     "backup_date": _d(19), "size_bytes": 12000, "duration_seconds": 95.0, "verified": True,
     "details": {"tool": "snapshot", "version": None}, "tags": ["monthly"], "note": "first_full%"},
    {"_id": OIDS[7], "backup_id": 8, "database_name": None, "backup_type": "LOGICAL", "status": "completed",
     "backup_date": None, "size_bytes": 300, "duration_seconds": 1.0, "verified": True, "note": "adhoc\nrun"},
]


# ---- relational collections (joins, subqueries, set operations, windows) ---------------------
# Every document has an explicit, deterministic _id; within a collection, fields appear in the
# same relative order in every document (SELECT * follows it).


def _t(day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 8, day, hour, minute, tzinfo=dt.UTC)


# Events written while backups ran. backup_id references mongodb_backups.backup_id:
# backups 1 (three rows) and 2 (two rows) repeat, 42 and 99 are dangling, one row has an explicit
# NULL backup_id and one lacks the field; backups 5, 6 and 8 have no log row.
# `source` is a sub-document (NULL in one row, missing in two, without `region` in one).
BACKUP_LOG = [
    {"_id": 1, "log_id": 1, "backup_id": 1, "event": "start", "level": "INFO", "logged_at": _t(20, 2, 0),
     "bytes": 0, "source": {"host": "db1", "region": "eu"}},
    {"_id": 2, "log_id": 2, "backup_id": 1, "event": "finish", "level": "INFO", "logged_at": _t(20, 2, 30),
     "bytes": 1000, "source": {"host": "db1", "region": "eu"}},
    {"_id": 3, "log_id": 3, "backup_id": 2, "event": "start", "level": "INFO", "logged_at": _t(21, 2, 0),
     "bytes": 0, "source": {"host": "db1", "region": "eu"}},
    {"_id": 4, "log_id": 4, "backup_id": 2, "event": "error", "level": "ERROR", "logged_at": _t(21, 2, 5),
     "bytes": None, "source": {"host": "db2"}},
    {"_id": 5, "log_id": 5, "backup_id": 3, "event": "finish", "level": "INFO", "logged_at": _t(22, 2, 40),
     "bytes": 5000, "source": {"host": "db3", "region": "us"}},
    {"_id": 6, "log_id": 6, "backup_id": 4, "event": "finish", "level": "WARN", "logged_at": _t(20, 3, 10),
     "bytes": 700, "source": None},
    {"_id": 7, "log_id": 7, "backup_id": 42, "event": "finish", "level": "INFO", "logged_at": _t(18, 2, 0),
     "bytes": 900, "source": {"host": "db9", "region": "us"}},
    {"_id": 8, "log_id": 8, "backup_id": 99, "event": "error", "level": "ERROR", "logged_at": _t(17, 4, 0),
     "bytes": None},
    {"_id": 9, "log_id": 9, "backup_id": None, "event": "start", "level": "INFO", "logged_at": _t(23, 0, 0),
     "bytes": 0, "source": {"host": "db1", "region": "eu"}},
    {"_id": 10, "log_id": 10, "event": "note", "level": "DEBUG", "bytes": 5},
    {"_id": 11, "log_id": 11, "backup_id": 7, "event": "finish", "level": "INFO", "logged_at": _t(19, 3, 35),
     "bytes": 12000, "source": {"host": "db4", "region": "us"}},
    {"_id": 12, "log_id": 12, "backup_id": 1, "event": "verify", "level": "INFO", "logged_at": _t(20, 4, 0),
     "bytes": None, "source": {"host": "db1", "region": "eu"}},
]

# Restore tests of backups: backup 1 and 3 tested twice, 77 dangling, one NULL backup_id, one
# missing test_date, a NULL success and a NULL duration; test 10 is dated before its backup.
RECOVERY_TESTS = [
    {"_id": 1, "test_id": 1, "backup_id": 1, "test_type": "FULL_RESTORE", "test_date": _t(21, 10),
     "success": True, "duration_minutes": 45},
    {"_id": 2, "test_id": 2, "backup_id": 1, "test_type": "POINT_IN_TIME", "test_date": _t(22, 10),
     "success": False, "duration_minutes": 60},
    {"_id": 3, "test_id": 3, "backup_id": 3, "test_type": "FULL_RESTORE", "test_date": _t(23, 9),
     "success": True, "duration_minutes": 30},
    {"_id": 4, "test_id": 4, "backup_id": 4, "test_type": "FULL_RESTORE", "test_date": _t(21, 11),
     "success": True, "duration_minutes": None},
    {"_id": 5, "test_id": 5, "backup_id": 2, "test_type": "FULL_RESTORE", "test_date": _t(22, 8),
     "success": None, "duration_minutes": 15},
    {"_id": 6, "test_id": 6, "backup_id": 77, "test_type": "FULL_RESTORE", "test_date": _t(20, 12),
     "success": False, "duration_minutes": 20},
    {"_id": 7, "test_id": 7, "backup_id": None, "test_type": "POINT_IN_TIME", "test_date": _t(23, 10),
     "success": True, "duration_minutes": 25},
    {"_id": 8, "test_id": 8, "backup_id": 7, "test_type": "FULL_RESTORE",
     "success": True, "duration_minutes": 120},
    {"_id": 9, "test_id": 9, "backup_id": 3, "test_type": "POINT_IN_TIME", "test_date": _t(24, 9),
     "success": True, "duration_minutes": 35},
    {"_id": 10, "test_id": 10, "backup_id": 4, "test_type": "POINT_IN_TIME", "test_date": _t(19, 12),
     "success": False, "duration_minutes": 50},
]

# users.user_id: 3 appears twice, one NULL, one missing; user 4 has no orders; referred_by points
# to another user (self-joins): 3 matches both "carol" documents, 7 matches nobody.
USERS = [
    {"_id": 1, "user_id": 1, "name": "alice", "email": "alice@example.com", "country": "DE", "tier": "gold",
     "signup_at": _t(1), "referred_by": None},
    {"_id": 2, "user_id": 2, "name": "bob", "email": "bob@example.com", "country": "US", "tier": "silver",
     "signup_at": _t(2), "referred_by": 1},
    {"_id": 3, "user_id": 3, "name": "carol", "email": None, "country": "US", "tier": "gold",
     "signup_at": _t(3), "referred_by": 1},
    {"_id": 4, "user_id": 3, "name": "carol-dup", "email": "carol@example.com", "country": "FR",
     "signup_at": _t(5), "referred_by": 2},
    {"_id": 5, "user_id": 4, "name": "dave", "email": "dave@example.com", "country": "DE", "tier": "bronze",
     "signup_at": _t(4), "referred_by": 3},
    {"_id": 6, "user_id": None, "name": "nobody", "email": None, "country": None},
    {"_id": 7, "name": "ghost", "country": "US", "tier": "bronze"},
    {"_id": 8, "user_id": 5, "name": "erin", "email": "erin@example.com", "country": "FR", "tier": "silver",
     "signup_at": _t(8), "referred_by": 7},
]

# orders.user_id references users.user_id (also nested as customer.id): 9 is a missing user
# (twice), one NULL user_id, one missing user_id (whose customer.id is NULL), user 3 matches two
# users documents. Amounts 75 tie; one amount is NULL. Order 109 is dated before its user signed up.
ORDERS = [
    {"_id": 101, "order_id": 101, "user_id": 1, "customer": {"id": 1, "name": "alice"}, "amount": 50,
     "status": "paid", "created_at": _t(2, 9), "qty": 2},
    {"_id": 102, "order_id": 102, "user_id": 1, "customer": {"id": 1, "name": "alice"}, "amount": 20,
     "status": "paid", "created_at": _t(3, 9), "qty": 1},
    {"_id": 103, "order_id": 103, "user_id": 2, "customer": {"id": 2}, "amount": 75,
     "status": "shipped", "created_at": _t(2, 12), "qty": 3},
    {"_id": 104, "order_id": 104, "user_id": 3, "customer": {"id": 3, "name": "carol"}, "amount": 30,
     "status": "paid", "created_at": _t(4, 9), "qty": 1},
    {"_id": 105, "order_id": 105, "user_id": 3, "customer": {"id": 3}, "amount": None,
     "status": "cancelled", "created_at": _t(5, 9), "qty": 0},
    {"_id": 106, "order_id": 106, "user_id": 9, "customer": {"id": 9, "name": "zed"}, "amount": 10,
     "status": "paid", "created_at": _t(2, 15), "qty": 1},
    {"_id": 107, "order_id": 107, "user_id": None, "customer": None, "amount": 5,
     "status": "paid", "created_at": _t(6, 9), "qty": 1},
    {"_id": 108, "order_id": 108, "customer": {"id": None}, "amount": 15,
     "status": "pending", "created_at": _t(6, 12), "qty": 2},
    {"_id": 109, "order_id": 109, "user_id": 5, "customer": {"id": 5, "name": "erin"}, "amount": 100,
     "status": "shipped", "created_at": _t(7, 9), "qty": 4},
    {"_id": 110, "order_id": 110, "user_id": 2, "customer": {"id": 2}, "amount": 75,
     "status": "paid", "created_at": _t(8, 9), "qty": 3},
    {"_id": 111, "order_id": 111, "user_id": 9, "customer": {"id": 9}, "amount": 40,
     "status": "paid", "created_at": _t(9, 9), "qty": 2},
]

# 1..5 and a NULL, for set operations.
NUMBERS = [
    {"_id": 1, "n": 1, "word": "one"},
    {"_id": 2, "n": 2, "word": "two"},
    {"_id": 3, "n": 3, "word": "three"},
    {"_id": 4, "n": 4, "word": "four"},
    {"_id": 5, "n": 5, "word": "five"},
    {"_id": 6, "n": None, "word": None},
]

PITR_CHUNKS = [  # Percona Backup's oplog slices: BSON Timestamps; rs0 has a 15-minute hole
    {"rs": "rs0", "start_ts": Timestamp(1755907200, 1), "end_ts": Timestamp(1755907800, 1)},
    {"rs": "rs0", "start_ts": Timestamp(1755908700, 1), "end_ts": Timestamp(1755909300, 1)},
    {"rs": "rs1", "start_ts": Timestamp(1755907200, 1), "end_ts": Timestamp(1755909300, 1)},
]

DATASET = {
    "mongodb_backups": BACKUPS,
    "pitr_chunks": PITR_CHUNKS,
    "empty_collection": [],
    "backup_log": BACKUP_LOG,
    "recovery_tests": RECOVERY_TESTS,
    "users": USERS,
    "orders": ORDERS,
    "numbers": NUMBERS,
}
