"""Date and time queries for the differential test, over timestamps chosen where calendars
are hard: month ends, leap days, year ends, and the hours around daylight-saving changes in
the zones the queries name.

Collection `w`: `ts` and `e` timestamps (each sometimes NULL, sometimes missing), `k` a small
integer. In DuckDB they are TIMESTAMP columns read in UTC; a BSON date is an instant, so
`AT TIME ZONE` reads it as PostgreSQL reads a timestamptz (the DuckDB text casts it).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

SEED = 20251123
W_DOCS = 120
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata")

_UTC = dt.UTC
_EDGES = [
    # month ends, leap days, year ends
    dt.datetime(2023, 1, 31, 23, 59, 59), dt.datetime(2023, 2, 28, 12), dt.datetime(2024, 2, 28, 23),
    dt.datetime(2024, 2, 29), dt.datetime(2024, 2, 29, 18, 30), dt.datetime(2024, 3, 31, 10),
    dt.datetime(2024, 4, 30, 23, 59), dt.datetime(2024, 8, 31), dt.datetime(2024, 12, 31, 23, 59, 59),
    dt.datetime(2025, 1, 1), dt.datetime(2023, 12, 31, 22), dt.datetime(2024, 1, 31, 10, 30),
    # Europe/Berlin: clocks forward 2024-03-31 01:00 UTC, back 2024-10-27 01:00 UTC
    dt.datetime(2024, 3, 31, 0, 30), dt.datetime(2024, 3, 31, 1), dt.datetime(2024, 3, 31, 1, 30),
    dt.datetime(2024, 10, 27, 0, 30), dt.datetime(2024, 10, 27, 1), dt.datetime(2024, 10, 27, 1, 30),
    # America/New_York: forward 2024-03-10 07:00 UTC, back 2024-11-03 06:00 UTC
    dt.datetime(2024, 3, 10, 6, 30), dt.datetime(2024, 3, 10, 7, 30), dt.datetime(2024, 11, 3, 5, 30),
    dt.datetime(2024, 11, 3, 6, 30),
]


def generate_temporal() -> list[dict]:
    rng = random.Random(SEED)
    documents = []
    for index in range(1, W_DOCS + 1):
        document: dict = {"_id": index}
        for field in ("ts", "e"):
            roll = rng.random()
            if roll < 0.06:
                document[field] = None
            elif roll < 0.12:
                continue
            elif roll < 0.55:
                document[field] = rng.choice(_EDGES).replace(tzinfo=_UTC)
            else:
                seconds = rng.randrange(0, 3 * 365 * 86400)
                document[field] = dt.datetime(2023, 1, 1, tzinfo=_UTC) + dt.timedelta(seconds=seconds)
        if rng.random() > 0.1:
            document["k"] = rng.randrange(-40, 40)
        documents.append(document)
    return documents


def temporal_rows(documents: list[dict]) -> list[tuple]:
    def naive(value):
        return None if value is None else value.astimezone(_UTC).replace(tzinfo=None)

    return [(d["_id"], naive(d.get("ts")), naive(d.get("e")), d.get("k")) for d in documents]


CREATE = "CREATE TABLE w (_id INTEGER, ts TIMESTAMP, e TIMESTAMP, k INTEGER)"
INSERT = "INSERT INTO w VALUES (?, ?, ?, ?)"


@dataclass(frozen=True)
class TemporalQuery:
    sql: str  # PostgreSQL text for queryleaf
    duckdb: str  # the same question for DuckDB
    ordered: bool = False


def _same(sql: str, ordered: bool = False) -> TemporalQuery:
    return TemporalQuery(sql, sql, ordered)


def _zoned(template: str, zone: str) -> TemporalQuery:
    """`{ts}` is the instant: plain for queryleaf, ts::TIMESTAMPTZ for DuckDB."""
    return TemporalQuery(template.format(ts="ts", zone=zone), template.format(ts="ts::TIMESTAMPTZ", zone=zone))


INTERVALS = ("1 month", "1 year", "1 day", "90 minutes", "1 month 1 day", "-1 month", "2 years 3 months",
             "1 week", "36 hours", "-10 days")
FIELDS = ("YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "DOW", "ISODOW", "DOY", "HOUR", "MINUTE", "SECOND", "EPOCH")
UNITS = ("minute", "hour", "day", "week", "month", "quarter", "year")
SERIES = [
    ("TIMESTAMP '2024-01-31'", "TIMESTAMP '2024-12-31'", "INTERVAL '1 month'"),
    ("TIMESTAMP '2023-03-31 10:00'", "TIMESTAMP '2024-03-01'", "INTERVAL '1 month'"),
    ("TIMESTAMP '2024-02-29'", "TIMESTAMP '2032-03-01'", "INTERVAL '1 year'"),
    ("TIMESTAMP '2024-12-31'", "TIMESTAMP '2024-01-01'", "INTERVAL '-1 month'"),
    ("TIMESTAMP '2024-03-30 22:00'", "TIMESTAMP '2024-03-31 04:00'", "INTERVAL '1 hour'"),
    ("TIMESTAMP '2024-02-27'", "TIMESTAMP '2024-03-02'", "INTERVAL '1 day'"),
    ("TIMESTAMP '2024-02-27'", "TIMESTAMP '2024-03-02'", "INTERVAL '36 hours'"),
    ("DATE '2024-02-25'", "DATE '2024-03-03'", "INTERVAL '2 days'"),
    ("TIMESTAMP '2024-01-01'", "TIMESTAMP '2023-01-01'", "INTERVAL '1 day'"),
    ("TIMESTAMP '2024-01-31'", "TIMESTAMP '2024-05-01'", "INTERVAL '1 month 1 day'"),
]


def generate_temporal_queries() -> list[TemporalQuery]:
    queries: list[TemporalQuery] = []
    for interval in INTERVALS:
        queries.append(_same(f"SELECT _id, ts + INTERVAL '{interval}' AS v FROM w"))
        queries.append(_same(f"SELECT _id, ts - INTERVAL '{interval}' AS v FROM w"))
        queries.append(_same(f"SELECT _id FROM w WHERE ts - e > INTERVAL '{interval}'"))
    for field in FIELDS:
        queries.append(_same(f"SELECT _id, EXTRACT({field} FROM ts) AS v FROM w"))
    for unit in UNITS:
        queries.append(_same(f"SELECT _id, DATE_TRUNC('{unit}', ts) AS v FROM w"))
    for field in ("EPOCH", "DAY", "HOUR", "MINUTE"):
        queries.append(_same(f"SELECT _id, EXTRACT({field} FROM ts - e) AS v FROM w"))
    for field in ("YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "EPOCH"):
        queries.append(_same(f"SELECT _id, EXTRACT({field} FROM AGE(ts, e)) AS v FROM w"))
    for zone in ZONES:
        queries.append(_zoned("SELECT _id, EXTRACT(HOUR FROM {ts} AT TIME ZONE '{zone}') AS v FROM w", zone))
        queries.append(_zoned("SELECT _id, DATE_TRUNC('day', {ts} AT TIME ZONE '{zone}') AS v FROM w", zone))
        queries.append(_zoned("SELECT _id, CAST({ts} AT TIME ZONE '{zone}' AS DATE) AS v FROM w", zone))
        queries.append(_zoned("SELECT _id, EXTRACT(DOW FROM {ts} AT TIME ZONE '{zone}') AS v FROM w", zone))
    for start, stop, step in SERIES:
        queries.append(_same(f"SELECT x FROM generate_series({start}, {stop}, {step}) AS g(x) ORDER BY x", True))
    queries += [
        _same("SELECT _id, DATE(ts) AS v FROM w"),
        _same("SELECT _id, CAST(ts AS DATE) - CAST(e AS DATE) AS v FROM w"),
        _same("SELECT _id, CAST(ts AS DATE) + k AS v FROM w"),
        _same("SELECT _id, ts + k * INTERVAL '1 day' AS v FROM w"),
        _same("SELECT _id, ts + INTERVAL '1 month' * k AS v FROM w"),
        _same("SELECT _id, EXTRACT(EPOCH FROM INTERVAL '1 hour' * k) AS v FROM w"),
        _same("SELECT _id, EXTRACT(EPOCH FROM (ts - e) * 2) AS v FROM w"),
        _same("SELECT _id, ts - e > e - ts AS v FROM w"),
        _same("SELECT _id FROM w WHERE ts >= TIMESTAMP '2024-02-29' - INTERVAL '1 month'"),
        _same("SELECT _id FROM w WHERE ts < DATE '2024-03-31' + INTERVAL '1 month' AND ts >= DATE '2024-01-31'"),
        _same("SELECT _id FROM w WHERE DATE_TRUNC('month', ts) = TIMESTAMP '2024-02-01'"),
        _same("SELECT _id, ts - e AS v FROM w WHERE ts IS NOT NULL AND e IS NOT NULL ORDER BY ts - e, _id LIMIT 30", True),
        _same("SELECT DATE_TRUNC('month', ts) AS m, COUNT(*) AS n FROM w GROUP BY 1 ORDER BY 1", True),
        _same("SELECT EXTRACT(ISODOW FROM ts) AS d, COUNT(*) AS n, MIN(ts) AS first FROM w GROUP BY 1 ORDER BY 1", True),
        _same("SELECT g.x, COUNT(w._id) AS n FROM generate_series(TIMESTAMP '2024-02-26', TIMESTAMP '2024-03-02', "
              "INTERVAL '1 day') AS g(x) LEFT JOIN w ON DATE_TRUNC('day', w.ts) = g.x GROUP BY g.x ORDER BY g.x", True),
        _same("SELECT g.x FROM generate_series(TIMESTAMP '2024-02-26', TIMESTAMP '2024-03-05', INTERVAL '1 day') AS g(x) "
              "WHERE NOT EXISTS (SELECT 1 FROM w WHERE DATE_TRUNC('day', w.ts) = g.x) ORDER BY g.x", True),
    ]
    return queries
