"""BSON Timestamps (the oplog's ts, Percona Backup's catalog): compared with times as bounds on
the Timestamp itself, converted for arithmetic and functions, shown as mongosh shows them; the
PBM and oplog examples find exactly what their data holds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bson import Timestamp

import queryleaf
from queryleaf.cli.formats import cell_text
from queryleaf.cli.main import main
from queryleaf.engine.loader import load_extended_json
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parent.parent
UTC = dt.timezone.utc
BASE = int(dt.datetime(2025, 8, 23, 14, 0, tzinfo=UTC).timestamp())


@pytest.fixture
def session(make_session):
    return make_session({"chunks": [
        {"rs": "rs0", "start_ts": Timestamp(BASE, 1), "end_ts": Timestamp(BASE + 600, 1)},
        {"rs": "rs0", "start_ts": Timestamp(BASE + 600, 1), "end_ts": Timestamp(BASE + 1200, 1)},
        {"rs": "rs0", "start_ts": Timestamp(BASE + 1500, 1), "end_ts": Timestamp(BASE + 2100, 2)},
        {"rs": "rs1", "start_ts": Timestamp(BASE, 3), "end_ts": None}]})


def starts(session, condition):
    rows = session.execute(f"SELECT start_ts FROM chunks WHERE {condition} ORDER BY start_ts").fetchall()
    return [(row[0].time - BASE, row[0].inc) for row in rows]


@pytest.mark.parametrize(("condition", "expected"), [
    ("start_ts >= TIMESTAMP '2025-08-23 14:10:00'", [(600, 1), (1500, 1)]),
    ("start_ts > TIMESTAMP '2025-08-23 14:10:00'", [(1500, 1)]),  # (14:10:00, 1) is at 14:10:00, not after
    ("start_ts > '2025-08-23 14:09:59.5'", [(600, 1), (1500, 1)]),
    ("start_ts < '2025-08-23 14:10:00'", [(0, 1), (0, 3)]),
    ("start_ts <= '2025-08-23 14:10:00'", [(0, 1), (0, 3), (600, 1)]),
    ("TIMESTAMP '2025-08-23 14:10:00' < start_ts", [(1500, 1)]),
    ("start_ts = '2025-08-23 14:00:00'", [(0, 1), (0, 3)]),
    ("start_ts <> '2025-08-23 14:00:00'", [(600, 1), (1500, 1)]),
    ("start_ts BETWEEN '2025-08-23 14:00:01' AND '2025-08-23 14:25:00'", [(600, 1), (1500, 1)]),
    ("NOT (start_ts < '2025-08-23 14:10:00')", [(600, 1), (1500, 1)]),
    ("ts_time(start_ts) >= NOW() - INTERVAL '2 hours 50 minutes'", [(600, 1), (1500, 1)]),
])
def test_comparisons_with_times(session, condition, expected):
    if "NOW()" in condition:
        session.now = dt.datetime(2025, 8, 23, 17, 0, tzinfo=UTC)
    assert starts(session, condition) == expected


def test_an_ordering_comparison_with_a_constant_time_is_a_bound_on_the_timestamp():
    session = queryleaf.connect("memory://", database="local")
    session.client.local["oplog.rs"].insert_one({"ts": Timestamp(BASE, 1), "op": "n"})
    pipeline = session.translate("SELECT op FROM \"oplog.rs\" WHERE ts >= TIMESTAMP '2025-08-23 14:30:00' "
                                 "AND ts < TIMESTAMP '2025-08-23 14:35:00.250'").commands[0].pipeline
    assert pipeline[0] == {"$match": {"ts": {
        "$gte": Timestamp(BASE + 1800, 0), "$lt": Timestamp(BASE + 2101, 0)}}}


def test_timestamps_compare_and_sort_with_each_other(session):
    rows = session.execute("SELECT rs, next_start - end_ts AS hole FROM (SELECT rs, end_ts, lead(start_ts) OVER "
                           "(PARTITION BY rs ORDER BY start_ts) AS next_start FROM chunks) c "
                           "WHERE next_start <> end_ts").fetchall()
    assert rows == [("rs0", "00:05:00")]
    assert session.execute("SELECT MAX(end_ts) FROM chunks").fetchall() == [(Timestamp(BASE + 2100, 2),)]


def test_conversions_and_arithmetic(session):
    row = session.execute("SELECT ts_time(start_ts), to_timestamp(start_ts), CAST(start_ts AS TIMESTAMP), "
                          "end_ts - start_ts, ts_time(end_ts) + INTERVAL '1 hour' FROM chunks "
                          "WHERE rs = 'rs0' ORDER BY start_ts DESC LIMIT 1").fetchall()[0]
    start = dt.datetime(2025, 8, 23, 14, 25, tzinfo=UTC)
    assert row == (start, start, start, "00:10:00", start + dt.timedelta(minutes=70))
    assert session.execute("SELECT ts_time(end_ts) FROM chunks WHERE rs = 'rs1'").fetchall() == [(None,)]
    with pytest.raises(queryleaf.UnsupportedSqlError, match="ts_time\\(text\\)"):
        session.execute("SELECT ts_time(rs) FROM chunks")


def test_timestamps_are_shown_as_mongosh_shows_them():
    assert cell_text(Timestamp(1755957600, 1)) == "Timestamp({ t: 1755957600, i: 1 })"


def test_the_pbm_example_finds_the_hole_and_the_failed_backup(capsys):
    code = main(["check", str(ROOT / "examples" / "pbm_pitr.sql"), "--uri", "memory:///admin", "--load",
                 str(ROOT / "examples" / "pbm_and_oplog.json"), "--now", "2025-08-23T12:00:00Z"])
    out = capsys.readouterr().out
    assert code == 1 and "PASS=2 WARN=0 FAIL=2 ERROR=0 SKIP=0 TOTAL=4" in out
    assert " rs0  | 2025-08-23 00:30:00+00 | 2025-08-23 00:45:00+00 | 00:15:00" in out
    assert "2025-08-22T02:00:00Z | logical | rs1: write to storage: connection reset" in out


def test_the_oplog_example_lists_the_window():
    session = queryleaf.connect("memory://", database="local", now=NOW)
    load_extended_json(session.client, ROOT / "examples" / "pbm_and_oplog.json")
    from queryleaf.sql.script import split_statements

    first, second = split_statements((ROOT / "examples" / "oplog.sql").read_text())
    at = lambda h, m, s: dt.datetime(2025, 8, 23, h, m, s, tzinfo=UTC)  # noqa: E731
    assert session.execute(first.sql).fetchall() == [(at(14, 30, 5), "i", 7, None), (at(14, 31, 40), "d", 3, None),
                                                     (at(14, 34, 59), "d", 4, None)]
    assert session.execute(second.sql).fetchall() == [("production_app.orders", "u", 1), ("production_app.users", "d", 3),
                                                      ("production_app.users", "i", 2), ("production_app.users", "u", 1)]
