"""Translation latency: queryleaf's parse + bind + compile against sqlglot's parse alone.

Prints, per query and overall, the median time of sqlglot's parse and of queryleaf's whole
translation, measured in the same run (ratios matter; machines here are noisy). The target
(issue 2): queryleaf's own work (translation minus parse) costs no more than the parse, and
the median translation stays under 2 ms.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time

import sqlglot

import queryleaf

NOW = dt.datetime(2025, 8, 23, 12, 0, tzinfo=dt.timezone.utc)
QUERIES = [
    "SELECT name FROM users WHERE age > 30",
    "SELECT database_name, backup_type, backup_date, status FROM mongodb_backups "
    "WHERE status = 'COMPLETED' AND backup_date >= TIMESTAMP '2025-08-01' ORDER BY backup_date DESC LIMIT 20",
    "SELECT database_name, COUNT(*) AS total_backups, "
    "SUM(CASE WHEN status = 'COMPLETED' THEN 1 ELSE 0 END) AS successful_backups, "
    "SUM(CASE WHEN status = 'FAILED' THEN 1 ELSE 0 END) AS failed_backups, "
    "ROUND(AVG(duration_seconds), 2) AS avg_duration, MAX(backup_date) AS last_backup "
    "FROM mongodb_backups GROUP BY database_name HAVING COUNT(*) > 0 ORDER BY failed_backups DESC",
    "SELECT database_name, COUNT(*) FILTER (WHERE status = 'FAILED') AS failure_count "
    "FROM mongodb_backups GROUP BY database_name HAVING failure_count > 0",
    "SELECT DISTINCT LOWER(status) AS s FROM mongodb_backups WHERE status IS NOT NULL ORDER BY s",
    "SELECT backup_id, storage_path FROM mongodb_backups WHERE storage_path LIKE '/hot-storage/%' "
    "AND size_bytes BETWEEN 1000 AND 1000000 AND backup_type IN ('LOGICAL', 'PHYSICAL') "
    "AND NOT (verified IS FALSE)",
    "SELECT details.tool, tags[1], COALESCE(note, 'none') || '!' AS n, size_bytes / 1024 AS kb "
    "FROM mongodb_backups b WHERE b.details.version IS DISTINCT FROM '100.9.4' LIMIT 5 OFFSET 5",
    "SELECT COUNT(*), COUNT(DISTINCT database_name), MIN(backup_date), MAX(backup_date) FROM mongodb_backups",
]


def _median_seconds_pair(first, second, repeat: int) -> tuple[float, float]:
    """Medians of two functions timed alternately in one loop, so that both see the same
    machine (these machines are noisy; interleaving keeps the ratio honest)."""
    first(), second()  # warm caches (sqlglot builds its tokenizer tables on first use)
    times_first, times_second = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        first()
        middle = time.perf_counter()
        second()
        times_first.append(middle - start)
        times_second.append(time.perf_counter() - middle)
    return statistics.median(times_first), statistics.median(times_second)


def main(repeat: int = 200) -> int:
    rows = []
    for sql in QUERIES:
        parse, total = _median_seconds_pair(
            lambda: sqlglot.parse_one(sql, read="postgres"),
            lambda: queryleaf.translate(sql, database="app", now=NOW),
            repeat,
        )
        rows.append((parse, total))
    print(f"{'query':<6} {'parse ms':>9} {'translate ms':>13} {'own work / parse':>17}")
    for index, (parse, total) in enumerate(rows, 1):
        print(f"q{index:<5} {parse * 1e3:9.3f} {total * 1e3:13.3f} {(total - parse) / parse:17.2f}")
    parse_median = statistics.median(p for p, _ in rows)
    total_median = statistics.median(t for _, t in rows)
    ratio = (total_median - parse_median) / parse_median
    print(f"\nmedian parse {parse_median * 1e3:.3f} ms, median translation {total_median * 1e3:.3f} ms, "
          f"own work / parse = {ratio:.2f} (target <= 1.0), translation target < 2 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
