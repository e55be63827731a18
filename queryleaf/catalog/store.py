"""The backup catalog in MongoDB, kept with SQL: the article's tables (`mongodb_backups`,
`backup_log`, `recovery_tests`) with the columns it gives them, plus what a scan of the
files adds, and `backup_collections` (one row per collection of a backup).

Registering a scanned backup is idempotent: its id comes from its path, and scanning again
replaces its rows rather than adding more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from bson import json_util

from ..translation import to_json_compatible
from .dumps import Backup

TABLES = {
    "mongodb_backups": """
        CREATE TABLE IF NOT EXISTS mongodb_backups (
          backup_id VARCHAR(50) PRIMARY KEY,
          database_name TEXT,
          backup_type VARCHAR(20),
          backup_date TIMESTAMP,
          file_path VARCHAR(500),
          compressed BOOLEAN,
          size_bytes BIGINT,
          status VARCHAR(20),
          retention_days INTEGER,
          storage_tier VARCHAR(20),
          backup_format VARCHAR(20),
          server_version VARCHAR(50),
          tool_version VARCHAR(50),
          collection_count INTEGER,
          document_count BIGINT,
          oplog_entries BIGINT,
          oplog_start TIMESTAMP,
          oplog_end TIMESTAMP,
          checksum VARCHAR(64),
          problems JSONB,
          scanned_at TIMESTAMP,
          verified_at TIMESTAMP
        )""",
    "backup_collections": """
        CREATE TABLE IF NOT EXISTS backup_collections (
          backup_id VARCHAR(50) NOT NULL,
          database_name TEXT NOT NULL,
          collection_name TEXT NOT NULL,
          collection_type VARCHAR(20),
          documents BIGINT,
          size_bytes BIGINT,
          data_bytes BIGINT,
          compressed BOOLEAN,
          file_path TEXT,
          collection_uuid VARCHAR(64),
          indexes JSONB,
          options JSONB,
          problem TEXT
        )""",
    "backup_log": """
        CREATE TABLE IF NOT EXISTS backup_log (
          log_id SERIAL PRIMARY KEY,
          backup_id VARCHAR(50),
          backup_date TIMESTAMP,
          database_name TEXT,
          backup_type VARCHAR(20),
          status VARCHAR(20),
          duration_minutes INTEGER,
          backup_size_mb BIGINT,
          message TEXT
        )""",
    "recovery_tests": """
        CREATE TABLE IF NOT EXISTS recovery_tests (
          test_id SERIAL PRIMARY KEY,
          test_date DATE,
          test_type VARCHAR(50),
          database_name VARCHAR(100),
          backup_file VARCHAR(255),
          restore_time_minutes INTEGER,
          data_validation_passed BOOLEAN,
          notes TEXT
        )""",
}
INDEXES = (
    "CREATE INDEX IF NOT EXISTS mongodb_backups_database_date ON mongodb_backups (database_name, backup_date DESC)",
    "CREATE INDEX IF NOT EXISTS mongodb_backups_file_path ON mongodb_backups (file_path)",
    "CREATE INDEX IF NOT EXISTS backup_collections_backup ON backup_collections (backup_id, database_name, collection_name)",
    "CREATE INDEX IF NOT EXISTS backup_log_database_date ON backup_log (database_name, backup_date DESC)",
)


def init_catalog(session) -> list[str]:
    """Create the catalog tables (and their indexes) that are missing; the ones created."""
    existing = set(session.catalog.collection_names(session.database) or [])
    for statement in (*TABLES.values(), *INDEXES):
        session.execute(statement)
    return [name for name in TABLES if name not in existing]


def backup_id(backup: Backup) -> str:
    """Stable per path: `<folder or file name>-<8 hex digits of the absolute path>`."""
    digest = hashlib.sha256(str(backup.path.resolve()).encode()).hexdigest()[:8]
    return f"{backup.path.name[:40]}-{digest}"


def register(session, backup: Backup, now: dt.datetime) -> str:
    """Replace the backup's rows with what the scan found; its id."""
    identifier = backup_id(backup)
    session.execute("DELETE FROM backup_collections WHERE backup_id = %(id)s", {"id": identifier})
    session.execute("DELETE FROM mongodb_backups WHERE backup_id = %(id)s", {"id": identifier})
    documents = sum(c.documents or 0 for c in backup.collections)
    session.execute(
        """INSERT INTO mongodb_backups (backup_id, database_name, backup_type, backup_date, file_path, compressed,
             size_bytes, status, backup_format, server_version, tool_version, collection_count, document_count,
             oplog_entries, oplog_start, oplog_end, checksum, problems, scanned_at)
           VALUES (%(id)s, %(databases)s, 'LOGICAL', %(taken)s, %(path)s, %(compressed)s, %(size)s, %(status)s,
             %(format)s, %(server)s, %(tool)s, %(collections)s, %(documents)s, %(oplog)s, %(oplog_start)s,
             %(oplog_end)s, %(checksum)s, CAST(%(problems)s AS JSONB), %(now)s)""",
        {"id": identifier, "databases": ",".join(backup.databases), "taken": backup.taken_at,
         "path": str(backup.path.resolve()), "compressed": backup.compressed, "size": backup.size_bytes,
         "status": "CORRUPT" if backup.problems else "COMPLETED", "format": backup.format,
         "server": backup.server_version, "tool": backup.tool_version, "collections": len(backup.collections),
         "documents": documents, "oplog": backup.oplog_entries, "oplog_start": backup.oplog_start,
         "oplog_end": backup.oplog_end, "checksum": backup.checksum, "problems": json.dumps(backup.problems),
         "now": now})
    for info in backup.collections:
        session.execute(
            """INSERT INTO backup_collections (backup_id, database_name, collection_name, collection_type, documents,
                 size_bytes, data_bytes, compressed, file_path, collection_uuid, indexes, options, problem)
               VALUES (%(id)s, %(db)s, %(name)s, %(type)s, %(documents)s, %(size)s, %(data)s, %(compressed)s,
                 %(file)s, %(uuid)s, CAST(%(indexes)s AS JSONB), CAST(%(options)s AS JSONB), %(problem)s)""",
            {"id": identifier, "db": info.database, "name": info.name, "type": info.type, "documents": info.documents,
             "size": info.size_bytes, "data": info.data_bytes, "compressed": info.compressed, "file": info.file,
             "uuid": info.uuid, "indexes": _json(info.indexes), "options": _json(info.options),
             "problem": info.problem})
    return identifier


def _json(value) -> str:
    """BSON values of metadata (Int64 keys, ObjectIds) as plain JSON text."""
    return json.dumps(to_json_compatible(value) if value else value, default=json_util.default)
