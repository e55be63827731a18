-- The oplog as a table: what happened to production_app.users between 14:30 and 14:35?
--   queryleaf query --uri mongodb://host:27017/local --file examples/oplog.sql
--   queryleaf query --uri memory:///local --load examples/pbm_and_oplog.json --file examples/oplog.sql
-- (a dump's oplog.bson is local."oplog.rs" too, with --load-dump DIR)
SELECT ts_time(ts) AS at, op, o._id AS inserted_or_deleted, o2._id AS updated
FROM local."oplog.rs"
WHERE ns = 'production_app.users'
  AND ts >= TIMESTAMP '2025-08-23 14:30:00'
  AND ts < TIMESTAMP '2025-08-23 14:35:00'
ORDER BY ts;

-- Operations per namespace and kind in that window
SELECT ns, op, COUNT(*) AS operations
FROM local."oplog.rs"
WHERE ts BETWEEN '2025-08-23 14:00:00' AND '2025-08-23 15:00:00'
GROUP BY ns, op
ORDER BY ns, op;
