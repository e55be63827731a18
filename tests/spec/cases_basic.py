"""Smoke cases: projection, filter, grouping, ordering, limits."""

from tests.spec.case import Case, ErrorCase

CASES = [
    Case("SELECT backup_id FROM mongodb_backups WHERE size_bytes > 900",
         ["backup_id"], [(1,), (3,), (7,)]),
    Case("SELECT backup_id FROM mongodb_backups WHERE size_bytes <> 1000",
         ["backup_id"], [(3,), (4,), (6,), (7,), (8,)]),
    Case("SELECT status, COUNT(*) AS n, SUM(size_bytes) FROM mongodb_backups GROUP BY status ORDER BY n DESC, status",
         ["status", "n", "sum"],
         [("COMPLETED", 4, 18700), ("FAILED", 2, None), ("RUNNING", 1, 0), ("completed", 1, 300)], ordered=True),
    Case("SELECT COUNT(*), SUM(size_bytes), MAX(size_bytes) FROM empty_collection",
         ["count", "sum", "max"], [(0, None, None)]),
    Case("SELECT backup_id, size_bytes FROM mongodb_backups ORDER BY size_bytes DESC LIMIT 3",
         ["backup_id", "size_bytes"], [(2, None), (5, None), (7, 12000)], ordered=False),
    Case("SELECT 7 / 2, 7 % 3, -7 / 2", ["?column?", "?column?", "?column?"], [(3, 1, -3)]),
]

ERRORS = [
    ErrorCase("SELECT x FROM mongodb_backup", "UnknownCollectionError", 'Perhaps you meant "mongodb_backups"'),
    ErrorCase("SELECT status, size_bytes FROM mongodb_backups GROUP BY status", "NameResolutionError",
              "must appear in the GROUP BY clause"),
]
