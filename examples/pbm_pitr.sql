-- Percona Backup for MongoDB keeps its catalog in the admin database; these checks read it as
-- it is (BSON Timestamps in start_ts / end_ts / last_write_ts included):
--   queryleaf check examples/pbm_pitr.sql --uri mongodb://host:27017/admin
-- With the sample data (a 15-minute hole in rs0's oplog slices, a failed backup):
--   queryleaf check examples/pbm_pitr.sql --uri memory:///admin --load examples/pbm_and_oplog.json \
--     --now 2025-08-23T12:00:00Z

-- @check pitr_chunks_are_contiguous
-- @description Each replica set's oplog slices follow each other: a hole means no point-in-time
--   restore into it.
SELECT rs, ts_time(end_ts) AS gap_from, ts_time(next_start) AS gap_to, next_start - end_ts AS missing
FROM (
  SELECT rs, end_ts, lead(start_ts) OVER (PARTITION BY rs ORDER BY start_ts) AS next_start
  FROM pbmPITRChunks
) AS chunks
WHERE next_start <> end_ts
ORDER BY rs, gap_from;

-- @check pitr_is_recent
-- @description Oplog slicing is running: every replica set has a slice ending in the last 10 minutes.
SELECT rs, MAX(ts_time(end_ts)) AS last_slice_end
FROM pbmPITRChunks
GROUP BY rs
HAVING MAX(ts_time(end_ts)) < NOW() - INTERVAL '10 minutes'
ORDER BY rs;

-- @check backups_succeed
-- @description No backup of the last week ended in error.
SELECT name, type, error
FROM pbmBackups
WHERE status = 'error' AND to_timestamp(start_ts) >= NOW() - INTERVAL '7 days'
ORDER BY name;

-- @check a_backup_in_the_last_day
-- @expect rows = 1
SELECT name, ts_time(last_write_ts) AS consistent_at
FROM pbmBackups
WHERE status = 'done' AND ts_time(last_write_ts) >= NOW() - INTERVAL '24 hours'
ORDER BY name DESC
LIMIT 1;
