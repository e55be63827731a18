"""What SQL queryleaf supports, with one runnable example per construct.

The README's "Supported SQL" table is rendered from this list, and tests/test_readme.py
checks it both ways: every example runs (or, for the "not yet" rows, fails with a named
UnsupportedSqlError), and every rule registered in the compiler is covered by an example.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Feature:
    area: str
    construct: str
    example: str
    supported: bool = True


FEATURES = [
    Feature("SELECT", "expressions, aliases, `*`, `DISTINCT`",
            "SELECT DISTINCT database_name AS db, size_bytes / 1024 AS kb FROM mongodb_backups"),
    Feature("SELECT", "nested paths `a.b.c`, quoted names, 1-based array subscripts, fields of expressions",
            'SELECT details.tool, "details"."version", tags[1], (COALESCE(details, details)).tool FROM mongodb_backups'),
    Feature("SELECT", "`FROM coll`, `FROM db.coll`, table aliases",
            "SELECT b.backup_id FROM app.mongodb_backups AS b WHERE b.status = 'FAILED'"),
    Feature("SELECT", "FROM-less SELECT", "SELECT 1 + 1 AS two, CURRENT_DATE"),
    Feature("WHERE", "comparisons in any direction, column vs column, arithmetic",
            "SELECT backup_id FROM mongodb_backups WHERE 1000 <= size_bytes AND duration_seconds * 2 > backup_id - 1 "
            "AND status <> 'FAILED'"),
    Feature("WHERE", "AND / OR / NOT with three-valued logic, boolean columns",
            "SELECT backup_id FROM mongodb_backups WHERE NOT (size_bytes > 5000 OR verified) OR verified AND NOT FALSE"),
    Feature("WHERE", "`IN` / `NOT IN` lists (NULL rule), `BETWEEN`",
            "SELECT backup_id FROM mongodb_backups WHERE status NOT IN ('FAILED', 'RUNNING') "
            "AND size_bytes BETWEEN 100 AND 10000"),
    Feature("WHERE", "`LIKE` / `ILIKE` / `NOT LIKE` with `ESCAPE`, `~` / `~*` / `!~` regex",
            "SELECT backup_id FROM mongodb_backups WHERE database_name LIKE 'bill%' OR note ILIKE '%!%%' ESCAPE '!' "
            "OR status ~ '^RUN' OR status ~* '^run'"),
    Feature("WHERE", "`IS [NOT] NULL`, `IS [NOT] DISTINCT FROM`, `IS [NOT] TRUE/FALSE`",
            "SELECT backup_id FROM mongodb_backups WHERE size_bytes IS NOT NULL "
            "AND database_name IS DISTINCT FROM 'users' AND verified IS NOT FALSE AND status IS NOT DISTINCT FROM status"),
    Feature("GROUP BY", "columns, expressions, ordinals, aliases; `HAVING` (also on an aggregate's alias)",
            "SELECT database_name, LOWER(status) AS s, COUNT(*) AS n FROM mongodb_backups "
            "GROUP BY 1, s HAVING n > 0"),
    Feature("Aggregates", "`COUNT(*)`, `COUNT(col)`, `COUNT(DISTINCT col)`, `SUM`, `AVG`, `MIN`, `MAX`",
            "SELECT COUNT(*), COUNT(size_bytes), COUNT(DISTINCT status), SUM(size_bytes), AVG(duration_seconds), "
            "MIN(backup_date), MAX(backup_date) FROM mongodb_backups"),
    Feature("Aggregates", "`ARRAY_AGG`, `STRING_AGG` (with `DISTINCT` / `ORDER BY`), `BOOL_AND`, `BOOL_OR`, "
            "`FILTER (WHERE ...)`",
            "SELECT ARRAY_AGG(backup_id ORDER BY backup_id DESC), STRING_AGG(DISTINCT status, ',' ORDER BY status), "
            "BOOL_AND(verified), BOOL_OR(verified), COUNT(*) FILTER (WHERE status = 'FAILED') FROM mongodb_backups"),
    Feature("ORDER BY", "expressions, aliases, ordinals, `ASC`/`DESC`, `NULLS FIRST/LAST` (PostgreSQL defaults)",
            "SELECT backup_id, size_bytes AS s FROM mongodb_backups ORDER BY s DESC NULLS LAST, 1"),
    Feature("ORDER BY", "`LIMIT`, `OFFSET`, `FETCH FIRST n ROWS ONLY`",
            "SELECT backup_id FROM mongodb_backups ORDER BY backup_id OFFSET 2 FETCH FIRST 3 ROWS ONLY"),
    Feature("Expressions", "`+ - * / %` (integer division truncates), unary minus, `||`",
            "SELECT -size_bytes / 7, size_bytes % 7, database_name || '/' || status FROM mongodb_backups"),
    Feature("Expressions", "`CASE` (simple and searched), `COALESCE`, `NULLIF`, `GREATEST`, `LEAST`",
            "SELECT CASE status WHEN 'FAILED' THEN 0 ELSE 1 END, CASE WHEN size_bytes > 1000 THEN 'big' END, "
            "COALESCE(size_bytes, 0), NULLIF(status, 'RUNNING'), GREATEST(size_bytes, 1), LEAST(size_bytes, 1) "
            "FROM mongodb_backups"),
    Feature("Expressions", "`CAST` / `::` to integer, bigint, numeric, double precision, text, boolean, "
            "date, timestamp, objectid",
            "SELECT CAST(duration_seconds AS integer), size_bytes::bigint, duration_seconds::numeric, "
            "size_bytes::double precision, backup_id::text, 'yes'::boolean, backup_date::date, "
            "'2025-08-23 10:00'::timestamp, '64b000000000000000000001'::objectid FROM mongodb_backups"),
    Feature("Expressions", "parameters `$1` and `%(name)s`, bound as typed values",
            "SELECT backup_id FROM mongodb_backups WHERE size_bytes > $1"),
    Feature("Strings", "`LOWER`, `UPPER`, `LENGTH`, `SUBSTRING`, `POSITION`, `TRIM`, `LTRIM`, `RTRIM`",
            "SELECT LOWER(status), UPPER(database_name), LENGTH(status), SUBSTRING(status FROM 2 FOR 3), "
            "POSITION('E' IN status), TRIM(' x '), LTRIM('xxa', 'x'), RTRIM(status, 'D') FROM mongodb_backups"),
    Feature("Strings", "`REPLACE`, `CONCAT`, `LEFT`, `RIGHT`, `SPLIT_PART`, `STARTS_WITH`",
            "SELECT REPLACE(status, 'ED', ''), CONCAT(database_name, '-', backup_id), LEFT(status, 2), "
            "RIGHT(status, -2), SPLIT_PART(database_name, '_', 2), STARTS_WITH(status, 'COMP') FROM mongodb_backups"),
    Feature("Math", "`ABS`, `ROUND`, `CEIL`, `FLOOR`, `POWER`, `SQRT`, `MOD`, `SIGN`",
            "SELECT ABS(-size_bytes), ROUND(duration_seconds), ROUND(duration_seconds, 1), CEIL(duration_seconds), "
            "FLOOR(duration_seconds), POWER(backup_id, 2), SQRT(backup_id), MOD(backup_id, 3), SIGN(-backup_id) "
            "FROM mongodb_backups"),
    Feature("Types", "hex text vs ObjectId fields, `TIMESTAMP`/`DATE` literals and date text vs date fields",
            "SELECT backup_id FROM mongodb_backups WHERE _id = '64b000000000000000000001' "
            "OR backup_date >= TIMESTAMP '2025-08-22 00:00:00' OR backup_date < '2025-08-20'"),
    Feature("Time", "`CURRENT_DATE`, `CURRENT_TIMESTAMP`, `NOW()` (fixed per statement, `now=` pins them)",
            "SELECT backup_id FROM mongodb_backups WHERE backup_date < NOW() AND backup_date < CURRENT_TIMESTAMP"),
    Feature("Joins", "`[INNER] JOIN`, `LEFT` / `RIGHT` / `FULL [OUTER] JOIN`, `CROSS JOIN`, comma joins, "
            "`USING`, chains, non-equi conditions; NULL keys never match",
            "SELECT b.backup_id, l.log_id, t.test_id FROM mongodb_backups b JOIN backup_log l ON l.backup_id = "
            "b.backup_id LEFT JOIN recovery_tests t ON t.backup_id = b.backup_id AND t.test_id > l.log_id"),
    Feature("Joins", "anti-joins: `LEFT JOIN ... WHERE b.key IS NULL`, `NOT EXISTS`, `NOT IN (subquery)`",
            "SELECT l.log_id FROM backup_log l LEFT JOIN mongodb_backups b ON b.backup_id = l.backup_id "
            "WHERE b.backup_id IS NULL"),
    Feature("Subqueries", "`EXISTS`, `IN`, `NOT IN`, `= ANY`, `> ALL`, scalar subqueries (correlated or not)",
            "SELECT backup_id, (SELECT COUNT(*) FROM backup_log l WHERE l.backup_id = b.backup_id) AS logs "
            "FROM mongodb_backups b WHERE (EXISTS (SELECT 1 FROM backup_log l WHERE l.backup_id = b.backup_id) "
            "OR backup_id NOT IN (SELECT backup_id FROM recovery_tests WHERE backup_id IS NOT NULL)) "
            "AND backup_id > ALL (SELECT 0) AND backup_id = ANY (SELECT backup_id FROM mongodb_backups)"),
    Feature("Subqueries", "derived tables with column aliases, FROM-less SELECT of subqueries",
            "SELECT (SELECT COUNT(*) FROM mongodb_backups) AS backups, (SELECT COUNT(*) FROM "
            "(SELECT DISTINCT backup_id FROM backup_log) AS d(id)) AS logged"),
    Feature("WITH", "several CTEs, CTEs over CTEs, a CTE used twice",
            "WITH failed AS (SELECT backup_id FROM mongodb_backups WHERE status = 'FAILED'), "
            "logged AS (SELECT DISTINCT backup_id FROM backup_log) "
            "SELECT (SELECT COUNT(*) FROM failed), COUNT(*) FROM logged WHERE backup_id IN (SELECT backup_id FROM failed) "
            "OR backup_id > 0"),
    Feature("Set operations", "`UNION [ALL]`, `INTERSECT [ALL]`, `EXCEPT [ALL]` with ORDER BY / LIMIT",
            "SELECT backup_id FROM backup_log UNION SELECT backup_id FROM recovery_tests "
            "EXCEPT SELECT backup_id FROM mongodb_backups WHERE status = 'FAILED' ORDER BY 1 LIMIT 10"),
    Feature("Windows", "`ROW_NUMBER`, `RANK`, `DENSE_RANK`, `LAG`, `LEAD`, `FIRST_VALUE`, `LAST_VALUE`, "
            "aggregates `OVER (PARTITION BY ... ORDER BY ...)` with `ROWS` / `RANGE` frames, `WINDOW w AS`",
            "SELECT backup_id, ROW_NUMBER() OVER w, RANK() OVER w, DENSE_RANK() OVER w, LAG(size_bytes) OVER w, "
            "LEAD(size_bytes, 2, 0) OVER w, FIRST_VALUE(backup_id) OVER w, LAST_VALUE(backup_id) OVER w, "
            "SUM(size_bytes) OVER (PARTITION BY database_name ORDER BY backup_id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) "
            "FROM mongodb_backups WINDOW w AS (PARTITION BY database_name ORDER BY backup_date)"),
    Feature("WITH", "`WITH RECURSIVE` graph walks (`UNION`, following one link) through `$graphLookup`",
            "WITH RECURSIVE chain AS (SELECT backup_id, log_id FROM backup_log WHERE log_id = 1 UNION "
            "SELECT l.backup_id, l.log_id FROM backup_log l JOIN chain c ON l.backup_id = c.backup_id) "
            "SELECT COUNT(*) FROM chain"),
    Feature("Not yet", "`WITH RECURSIVE` counters and `UNION ALL` walks (one row per path)",
            "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT n FROM t",
            supported=False),
    Feature("Time", "`INTERVAL` literals, date/timestamp ± interval (calendar months), date ± days, "
            "`EXTRACT(field FROM x)`, `DATE(x)`",
            "SELECT EXTRACT(YEAR FROM backup_date), EXTRACT(DOW FROM backup_date), DATE(backup_date), "
            "backup_date + INTERVAL '1 month' FROM mongodb_backups "
            "WHERE backup_date >= DATE '2025-08-23' - INTERVAL '30 days'"),
    Feature("Time", "`generate_series(start, stop[, step])` over integers, numerics, dates and timestamps "
            "(interval step): in FROM (`AS g(d)`) and in the select list, one row per element, bounds from data",
            "SELECT d::DATE FROM generate_series(DATE '2025-08-01', CURRENT_DATE, INTERVAL '1 day') AS g(d) "
            "UNION ALL SELECT generate_series(MIN(backup_date), MAX(backup_date), '1 week') FROM mongodb_backups"),
    Feature("Time", "timestamp - timestamp, date - date, `AGE`, interval comparisons, interval * number, "
            "`MAKE_INTERVAL`, `EXTRACT(... FROM interval)`; intervals shown as PostgreSQL prints them",
            "SELECT backup_id, AGE(CURRENT_TIMESTAMP, backup_date), EXTRACT(EPOCH FROM CURRENT_TIMESTAMP - backup_date), "
            "MAKE_INTERVAL(days => 2) * 1.5 FROM mongodb_backups "
            "WHERE CURRENT_TIMESTAMP - backup_date > INTERVAL '1 day' ORDER BY CURRENT_TIMESTAMP - backup_date"),
    Feature("Time", "`DATE_TRUNC`, `DATE_BIN`, `TO_CHAR` (numbers, month and day names, 12-hour clock, `FM`), `TO_TIMESTAMP`, `LOCALTIMESTAMP`, "
            "`AT TIME ZONE` (BSON dates are UTC instants)",
            "SELECT DATE_TRUNC('week', backup_date), DATE_BIN('15 minutes', backup_date, TIMESTAMP '2025-01-01'), "
            "TO_CHAR(backup_date, 'Dy DD Mon YYYY HH12:MI AM'), TO_TIMESTAMP(1755950400), LOCALTIMESTAMP, "
            "EXTRACT(HOUR FROM backup_date AT TIME ZONE 'Europe/Berlin'), TO_TIMESTAMP('2025-08-23', 'YYYY-MM-DD') "
            "FROM mongodb_backups"),
    Feature("Time", "ObjectId time: `objectid_timestamp(_id)`, `_id >= objectid_from_timestamp(t)` (uses the _id index)",
            "SELECT objectid_timestamp(_id) FROM mongodb_backups "
            "WHERE _id >= objectid_from_timestamp(TIMESTAMP '2023-07-01')"),
    Feature("Time", "BSON Timestamps (oplog `ts`, PBM `start_ts`): `ts_time(ts)`, `ts >= TIMESTAMP '...'` "
            "(a bound on the Timestamp), `end_ts - start_ts`, `lead(start_ts) OVER (...) <> end_ts`",
            "SELECT rs, ts_time(end_ts) AS gap_from, next_start - end_ts AS missing FROM (SELECT rs, end_ts, "
            "lead(start_ts) OVER (PARTITION BY rs ORDER BY start_ts) AS next_start FROM pitr_chunks "
            "WHERE start_ts >= TIMESTAMP '2025-08-23 00:00:00') AS c WHERE next_start <> end_ts"),
    Feature("Documents", "`jsonb_build_object(k, v, ...)`, `'{...}'::jsonb` (BSON documents and arrays)",
            "SELECT jsonb_build_object('id', backup_id, 'status', status) AS doc, '{\"tier\": [1, 2]}'::jsonb AS j "
            "FROM mongodb_backups"),
    Feature("Writes", "`INSERT INTO t (cols) VALUES ... / SELECT ...`, `RETURNING`",
            "INSERT INTO mongodb_backups (backup_id, status) VALUES ('B-NEW', 'RUNNING') RETURNING backup_id"),
    Feature("Writes", "`UPDATE t SET col = expr, a.b = expr WHERE ...` (a pipeline update)",
            "UPDATE mongodb_backups SET status = LOWER(status) WHERE status = 'FAILED' RETURNING backup_id, status"),
    Feature("Writes", "`DELETE FROM t WHERE ...` (`WHERE true` for every row)",
            "DELETE FROM mongodb_backups WHERE status = 'FAILED' RETURNING backup_id"),
]


def render_table() -> str:
    """The README's table of supported SQL."""
    lines = ["| area | construct | example |", "|---|---|---|"]
    for feature in FEATURES:
        example = feature.example.replace("|", "\\|")
        lines.append(f"| {feature.area} | {feature.construct} | `{example}` |")
    return "\n".join(lines)
