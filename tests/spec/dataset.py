"""The dataset every spec case runs against: a small backup catalog with NULLs and missing
fields, nested documents and arrays (database "app")."""

from __future__ import annotations

import datetime as dt

from bson import ObjectId


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

DATASET = {"mongodb_backups": BACKUPS, "empty_collection": []}
