"""`make demo` must print right answers: every statement of examples/demo.sql, run on
examples/sample_data.json, against rows computed independently (PostgreSQL semantics,
checked with DuckDB in PostgreSQL mode when the sample data was written).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from bson import Decimal128

import queryleaf
import queryleaf.cli.main as cli
from queryleaf.engine.loader import load_extended_json
from queryleaf.sql.script import split_statements

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NOW = dt.datetime(2025, 8, 23, 12, tzinfo=dt.timezone.utc)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 8, day, hour, minute, tzinfo=dt.timezone.utc)


EXPECTED = [
    (
        ["database_name", "failure_count", "last_failure"],
        [("user_logs", 2, at(19, 1)), ("production_app", 1, at(15, 2))],
    ),
    (
        ["database_name", "finished", "completed", "success_pct"],
        [
            ("user_logs", 8, 5, Decimal("62.5")),
            ("analytics_db", 12, 11, Decimal("91.7")),
            ("production_app", 16, 15, Decimal("93.8")),
            ("billing", 3, 3, Decimal("100.0")),
        ],
    ),
    (
        ["backup_id", "backup_type", "size_gib", "compression", "tool"],
        [
            ("P-PROD-20250817", "PHYSICAL", Decimal("120.66"), "zstd", "percona-backup-mongodb"),
            ("P-PROD-20250810", "PHYSICAL", Decimal("120.39"), "zstd", "percona-backup-mongodb"),
            ("P-PROD-20250803", "PHYSICAL", Decimal("120.12"), "zstd", "percona-backup-mongodb"),
            ("L-PROD-20250822", "LOGICAL", Decimal("40.06"), "gzip", "mongodump"),
            ("L-PROD-20250821", "LOGICAL", Decimal("39.97"), "gzip", "mongodump"),
        ],
    ),
    (
        ["backup_type", "backups", "compressed", "avg_seconds", "max_seconds", "total_bytes"],
        [
            ("LOGICAL", 28, 24, pytest.approx(562.392857142857, rel=1e-12), 1027, 658659335168),
            ("PHYSICAL", 6, 6, pytest.approx(384.0), 688, 433245707264),
        ],
    ),
    (
        ["backup_id", "backup_date", "mongodump_version", "scope", "state"],
        [
            ("L-ANLT-20250823", at(23, 3), "100.9.4", "analytics", "ok"),
            ("L-PROD-20250823", at(23, 2), "100.9.4", "prod", "in progress"),
            ("L-PROD-20250822", at(22, 2), "100.9.4", "prod", "ok"),
            ("L-ULOG-20250822", at(22, 1), "100.9.4", "logs", "ok"),
            ("L-PROD-20250821", at(21, 2), "100.9.4", "prod", "ok"),
        ],
    ),
    (
        ["backup_id", "status", "duration_seconds", "error"],
        [
            ("L-ANLT-20250805", "FAILED", 256, "cursor killed: CursorNotFound"),
            ("L-ULOG-20250807", "FAILED", 59, "oplog rolled over during dump"),
            ("L-ULOG-20250813", "FAILED", 65, "connection reset by peer"),
            ("L-PROD-20250815", "FAILED", 1008, "authentication failed for user backup_svc"),
            ("P-BILL-20250816", "COMPLETED", 81, "-"),
            ("P-PROD-20250817", "COMPLETED", 688, "-"),
            ("L-ULOG-20250819", "FAILED", 71, "disk quota exceeded on /mnt/backup"),
            ("L-PROD-20250823", "RUNNING", None, "-"),
            ("P-BILL-20250823", "RUNNING", None, "-"),
        ],
    ),
    (
        ["logged_at", "backup_id", "message"],
        [
            (at(19, 1, 7), "L-ULOG-20250819", "disk quota exceeded on /mnt/backup"),
            (at(15, 2, 7), "L-PROD-20250815", "authentication failed for user backup_svc"),
            (at(13, 1, 7), "L-ULOG-20250813", "connection reset by peer"),
            (at(7, 1, 7), "L-ULOG-20250807", "oplog rolled over during dump"),
            (at(5, 3, 7), "L-ANLT-20250805", "cursor killed: CursorNotFound"),
        ],
    ),
]
STATEMENTS = split_statements((EXAMPLES / "demo.sql").read_text())


@pytest.fixture(scope="module")
def session():
    session = queryleaf.connect("memory://", database="demo", now=NOW)
    load_extended_json(session.client, EXAMPLES / "sample_data.json")
    return session


def normalise(value, expected):
    """Numbers compare by exact decimal value, so a ROUND result must really be rounded
    (whether it comes back as a double or a Decimal128); averages compare approximately;
    dates in UTC (the embedded engine returns them without a timezone)."""
    if isinstance(value, Decimal128):
        value = value.to_decimal()
    if isinstance(expected, Decimal) and isinstance(value, float):
        return Decimal(repr(value))
    if not isinstance(expected, (int, str, Decimal, dt.datetime, type(None))):
        return float(value)  # pytest.approx
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


@pytest.mark.parametrize("index", range(len(EXPECTED)), ids=lambda i: f"query{i + 1}")
def test_demo_query(session, index):
    columns, rows = EXPECTED[index]
    result = session.execute(STATEMENTS[index].sql)
    got = [tuple(normalise(v, e) for v, e in zip(row, rows[0], strict=True)) for row in result]
    assert result.columns == columns
    assert got == rows


def test_demo_script_runs_like_make_demo(capsys):
    argv = ["query", "--uri", "memory://", "--db", "demo", "--now", "2025-08-23T12:00:00Z"]
    argv += ["--load", str(EXAMPLES / "sample_data.json"), "--file", str(EXAMPLES / "demo.sql")]
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    footers = [line for line in out.splitlines() if line.endswith(" rows)")]
    assert footers == [f"({len(rows)} rows)" for _, rows in EXPECTED]
