-- Backup and restore validation, after ../shared/reference/mongodb-backup-recovery-sql.md:
--   queryleaf check examples/backup_validation.sql --uri memory:// --load examples/backup_validation.json \
--     --now 2025-08-23T12:00:00Z --conn original=memory:///production_app --conn restored=memory:///production_app_backup
-- The sample data holds deliberate problems: the restore lost a user, an order points to no
-- user, two users share an email, the billing backups have gaps and one failed.

-- @check users_restored
-- @description the restored database has every user of the original
-- @expect same
-- @connection original
SELECT COUNT(*) FROM users;
-- @connection restored
SELECT COUNT(*) FROM users;

-- @check orders_restored
-- @expect same
-- @connection original
SELECT COUNT(*) FROM orders;
-- @connection restored
SELECT COUNT(*) FROM orders;

-- @check orders_have_users
-- @description referential integrity after the restore: orders whose user is missing
-- @connection restored
SELECT o._id AS order_id, o.user_id FROM orders o
WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u._id = o.user_id);

-- @check unique_emails
-- @connection original
SELECT email, COUNT(*) AS users FROM users GROUP BY email HAVING COUNT(*) > 1;

\c backup_catalog

-- @check no_backup_gaps
-- @description every database has a completed logical backup on each of the last 30 days
WITH backup_dates AS (
  SELECT database_name, DATE(backup_date) AS backup_day FROM mongodb_backups
  WHERE backup_type = 'LOGICAL' AND status = 'COMPLETED'
    AND backup_date >= CURRENT_DATE - INTERVAL '30 days'),
expected_dates AS (
  SELECT db_name, generate_series(DATE '2025-08-01', CURRENT_DATE, INTERVAL '1 day')::DATE AS expected_day
  FROM (SELECT DISTINCT database_name AS db_name FROM mongodb_backups) dbs)
SELECT ed.db_name, ed.expected_day, 'MISSING_BACKUP' AS alert
FROM expected_dates ed LEFT JOIN backup_dates bd
  ON ed.db_name = bd.database_name AND ed.expected_day = bd.backup_day
WHERE bd.backup_day IS NULL ORDER BY ed.db_name, ed.expected_day;

-- @check no_failed_backups_last_7_days
SELECT database_name, backup_date FROM mongodb_backups
WHERE status = 'FAILED' AND backup_date >= CURRENT_DATE - INTERVAL '7 days';

-- @check every_database_fresh
-- @description freshness classification: no database's newest backup is STALE
SELECT database_name, newest, freshness FROM (
  SELECT database_name, MAX(backup_date) AS newest,
         CASE WHEN MAX(backup_date) >= CURRENT_TIMESTAMP - INTERVAL '24 hours' THEN 'CURRENT'
              WHEN MAX(backup_date) >= CURRENT_TIMESTAMP - INTERVAL '7 days' THEN 'RECENT'
              ELSE 'STALE' END AS freshness
  FROM mongodb_backups WHERE status = 'COMPLETED' GROUP BY database_name) f
WHERE freshness = 'STALE';

-- @check compliance_summary
-- @description at least 95% of the backups of each database completed
-- @severity warn
SELECT database_name, COUNT(*) AS backups,
       ROUND(100.0 * COUNT(*) FILTER (WHERE status = 'COMPLETED') / COUNT(*), 1) AS success_pct
FROM mongodb_backups GROUP BY database_name
HAVING 100.0 * COUNT(*) FILTER (WHERE status = 'COMPLETED') / COUNT(*) < 95;
