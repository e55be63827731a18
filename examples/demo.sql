-- queryleaf demo: a backup catalog kept in MongoDB, inspected with PostgreSQL SQL.
-- `make demo` runs every statement below against the embedded engine, loaded with
-- examples/sample_data.json (database "demo"), with NOW() pinned to 2025-08-23 12:00 UTC.

-- 1. Failed backups per database since August 10
SELECT database_name,
       COUNT(*) AS failure_count,
       MAX(backup_date) AS last_failure
FROM mongodb_backups
WHERE status = 'FAILED'
  AND backup_date >= TIMESTAMP '2025-08-10'
GROUP BY database_name
HAVING failure_count > 0
ORDER BY failure_count DESC, database_name;

-- 2. Success rate per database (finished backups only)
SELECT database_name,
       COUNT(*) AS finished,
       SUM(CASE WHEN status = 'COMPLETED' THEN 1 ELSE 0 END) AS completed,
       ROUND(100.0 * SUM(CASE WHEN status = 'COMPLETED' THEN 1 ELSE 0 END) / COUNT(*), 1)
         AS success_pct
FROM mongodb_backups
WHERE status IN ('COMPLETED', 'FAILED')
GROUP BY database_name
ORDER BY success_pct, database_name;

-- 3. The five largest backups, in GiB (failed ones have no size: NULLS LAST keeps them out)
SELECT backup_id,
       backup_type,
       ROUND(size_bytes / 1024.0 / 1024 / 1024, 2) AS size_gib,
       COALESCE(compression, 'none') AS compression,
       details.tool
FROM mongodb_backups
ORDER BY size_bytes DESC NULLS LAST
LIMIT 5;

-- 4. What each kind of backup costs
SELECT backup_type,
       COUNT(*) AS backups,
       COUNT(compression) AS compressed,
       AVG(duration_seconds) AS avg_seconds,
       MAX(duration_seconds) AS max_seconds,
       SUM(size_bytes) AS total_bytes
FROM mongodb_backups
WHERE status = 'COMPLETED'
GROUP BY backup_type
ORDER BY backup_type;

-- 5. Nightly mongodump backups since August 21, newest first
SELECT backup_id,
       backup_date,
       details.version AS mongodump_version,
       tags[2] AS scope,
       CASE WHEN status = 'COMPLETED' THEN 'ok'
            WHEN status = 'RUNNING' THEN 'in progress'
            ELSE 'ATTENTION'
       END AS state
FROM mongodb_backups
WHERE details.tool = 'mongodump'
  AND tags[1] = 'nightly'
  AND backup_date >= TIMESTAMP '2025-08-21'
ORDER BY backup_date DESC;

-- 6. Backups that need a look: failed, unfinished or stored outside S3
SELECT backup_id,
       status,
       duration_seconds,
       COALESCE(error, '-') AS error
FROM mongodb_backups
WHERE status <> 'COMPLETED'
   OR (storage_path NOT LIKE 's3://%' AND backup_date >= TIMESTAMP '2025-08-16')
ORDER BY backup_date;

-- 7. Errors in the backup log
SELECT logged_at, backup_id, message
FROM backup_log
WHERE level IN ('ERROR', 'WARN')
ORDER BY logged_at DESC;
