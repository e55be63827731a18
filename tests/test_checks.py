"""`queryleaf check`: directives, expectations, variables, connections, exit codes, reports."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET

import pytest

from queryleaf.checks.parse import parse_check_file
from queryleaf.checks.run import Runner
from queryleaf.cli.main import main

DATA = {"app": {"mongodb_backups": [
    {"_id": 1, "database_name": "orders", "status": "COMPLETED", "size": 10},
    {"_id": 2, "database_name": "users", "status": "FAILED", "size": 20},
    {"_id": 3, "database_name": "users", "status": "COMPLETED", "size": 30},
]}}


@pytest.fixture
def run(tmp_path, capsys):
    """run(sql_text, *extra_args) -> (exit code, stdout, stderr) on the embedded engine."""
    data = tmp_path / "data.json"
    data.write_text(json.dumps(DATA))

    def invoke(text: str, *extra: str):
        path = tmp_path / "checks.sql"
        path.write_text(textwrap.dedent(text))
        code = main(["check", str(path), "--uri", "memory://", "--db", "app", "--load", str(data), *extra])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    invoke.tmp = tmp_path
    return invoke


def test_passing_checks_exit_0(run):
    code, out, _ = run("""
        -- @check no_unknown_status
        SELECT _id FROM mongodb_backups WHERE status NOT IN ('COMPLETED', 'FAILED');
        -- @check three
        -- @expect value = 3
        SELECT COUNT(*) FROM mongodb_backups;
        """)
    assert code == 0
    assert "PASS  no_unknown_status  (0 rows" in out and "PASS  three" in out
    assert out.strip().endswith("PASS=2 WARN=0 FAIL=0 ERROR=0 SKIP=0 TOTAL=2")


def test_failing_check_shows_its_rows_and_location(run):
    code, out, _ = run("""
        SELECT 1;
        -- @check no_failed
        SELECT _id, database_name FROM mongodb_backups WHERE status = 'FAILED';
        """)
    assert code == 1
    assert "FAIL  no_failed  (1 row" in out and "checks.sql:4" in out and "users" in out


@pytest.mark.parametrize("expect, passes", [
    ("rows = 3", True), ("rows > 3", False), ("rows <> 0", True),
    ("value = 60", True), ("value >= 61", False), ("value = :total", True),
])
def test_expectations(run, expect, passes):
    sql = "SELECT SUM(size) FROM mongodb_backups" if expect.startswith("value") else "SELECT * FROM mongodb_backups"
    code, out, _ = run(f"-- @check c\n-- @expect {expect}\n{sql};\n", "--var", "total=60")
    assert code == (0 if passes else 1), out
    if expect == "value >= 61":
        assert "have 60, want >= 61" in out


def test_value_check_needs_one_value(run):
    code, out, _ = run("-- @check c\n-- @expect value = 1\nSELECT _id FROM mongodb_backups;\n")
    assert code == 1 and "ERROR c" in out and "one value, got 3 rows" in out


def test_warnings_pass_unless_warn_error(run):
    text = "-- @check soft\n-- @severity warn\nSELECT _id FROM mongodb_backups WHERE status = 'FAILED';\n"
    assert run(text)[0] == 0
    assert run(text, "--warn-error")[0] == 1


def test_warn_if_and_error_if_on_the_failing_rows(run):
    text = ("-- @check c\n-- @warn_if > 0\n-- @error_if > 1\n"
            "SELECT _id FROM mongodb_backups WHERE status = 'FAILED';\n")
    code, out, _ = run(text)
    assert code == 0 and "WARN  c" in out


def test_same_across_two_connections(run):
    template = ("-- @check counts_match\n-- @expect same\nSELECT COUNT(*) FROM mongodb_backups;\n"
                "-- @connection copy\nSELECT COUNT(*) FROM mongodb_backups{where};\n")
    assert run(template.format(where=""), "--conn", "copy=memory:///app")[0] == 0
    code, out, _ = run(template.format(where=" WHERE status <> 'FAILED'"), "--conn", "copy=memory:///app")
    assert code == 1 and "only in the first: [(3,)]" in out
    code, out, _ = run(template.format(where=""))
    assert code == 1 and "no connection named 'copy'" in out


@pytest.mark.parametrize("kind, first, second, passes", [
    ("same", "SELECT _id FROM mongodb_backups ORDER BY _id", "SELECT _id FROM mongodb_backups ORDER BY _id DESC", False),
    ("same", "SELECT _id FROM mongodb_backups ORDER BY _id", "SELECT _id FROM mongodb_backups ORDER BY 1", True),
    ("same_bag", "SELECT status FROM mongodb_backups", "SELECT status FROM mongodb_backups ORDER BY _id DESC", True),
    ("same_bag", "SELECT status FROM mongodb_backups", "SELECT DISTINCT status FROM mongodb_backups", False),
    ("same_set", "SELECT status FROM mongodb_backups", "SELECT DISTINCT status FROM mongodb_backups", True),
    ("same_set", "SELECT status FROM mongodb_backups", "SELECT database_name FROM mongodb_backups", False),
])
def test_ordered_set_and_bag_comparisons(run, kind, first, second, passes):
    code, out, _ = run(f"-- @check c\n-- @expect {kind}\n{first};\n{second};\n")
    assert code == (0 if passes else 1), out


@pytest.mark.parametrize("text, message", [
    ("-- @check c\n-- @expct empty\nSELECT 1;\n", "checks.sql:5: unknown directive @expct"),
    ("-- @check c\n-- @expect many\nSELECT 1;\n", "cannot read @expect many"),
    ("-- @expect empty\nSELECT 1;\n", "add -- @check"),
    ("SELECT 1;\n-- @check dangling\n", "not followed by a statement"),
    ("-- @check c\n-- @expect same\nSELECT 1;\n", "needs two statements"),
    ("-- @check c\nSELECT :missing;\n", "variable :missing has no value"),
    ("-- @check c\nDELETE FROM mongodb_backups;\n", "this statement writes"),
])
def test_usage_errors_exit_4_before_anything_runs(run, text, message):
    code, out, err = run("-- @check first\nSELECT 1;\n" + text)
    assert code == 4 and message in err and "PASS" not in out


def test_syntax_error_in_the_middle_runs_nothing(run):
    code, out, err = run("-- @check a\nSELECT 1;\n-- @check b\nSELEC 2;\n-- @check c\nSELECT 3;\n")
    assert code == 4 and "checks.sql" in err and out == ""


def test_no_checks_exit_5(run):
    assert run("SELECT 1;\n")[0] == 5


def test_variables_from_file_and_command_line(run):
    text = "-- @var wanted 'users'\n-- @check c\n-- @expect rows = 2\nSELECT _id FROM mongodb_backups WHERE database_name = :wanted;\n"
    assert run(text)[0] == 0
    assert run(text, "--var", "wanted=orders")[0] == 1


def test_variable_inside_a_string_is_text(run):
    assert run("-- @check c\nSELECT _id FROM mongodb_backups WHERE status = ':nope';\n")[0] == 0


def test_skip_select_and_fail_fast(run):
    text = ("-- @check a\n-- @tags nightly\nSELECT _id FROM mongodb_backups;\n"
            "-- @check b\n-- @skip known issue\nSELECT _id FROM mongodb_backups;\n"
            "-- @check c\nSELECT _id FROM mongodb_backups;\n")
    code, out, _ = run(text, "--fail-fast")
    assert code == 1 and "FAIL  a" in out and "  b" not in out and "  c" not in out
    code, out, _ = run(text, "--select", "nightly")
    assert "FAIL  a" in out and "TOTAL=1" in out
    code, out, _ = run(text, "--select", "b")
    assert code == 0 and "SKIP  b" in out and "skipped: known issue" in out


def test_junit_and_json_reports(run):
    junit, report = run.tmp / "report.xml", run.tmp / "report.json"
    run("-- @check ok\nSELECT 1 WHERE FALSE;\n-- @check bad\nSELECT _id FROM mongodb_backups WHERE status = 'FAILED';\n",
        "--junit-xml", str(junit), "--json", str(report))
    suite = ET.parse(junit).getroot().find("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["ok", "bad"] and suite.get("failures") == "1"
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure.get("message") == "1 failing rows" and "_id" in failure.text and "2" in failure.text
    document = json.loads(report.read_text())
    assert [c["status"] for c in document["checks"]] == ["PASS", "FAIL"]
    assert document["checks"][1]["sample"] == [[2]] and document["checks"][1]["commands"][0]["aggregate"]


def test_interrupted_run_exits_2(run, monkeypatch):
    def interrupted(self, check):
        raise KeyboardInterrupt
    monkeypatch.setattr(Runner, "judge", interrupted)
    code, out, _ = run("-- @check a\nSELECT 1;\n")
    assert code == 2 and "TOTAL=0" in out


def test_ctrl_c_inside_a_statement_cancels_it_on_the_server_and_exits_2(run, monkeypatch):
    from queryleaf.engine import cancel, session

    tags, killed = [], []

    def interrupted(self, command, results):
        tags.append(self.comment)
        raise KeyboardInterrupt

    monkeypatch.setattr(session.Session, "run_command", interrupted)
    monkeypatch.setattr(cancel, "kill_operations", lambda client, tag: killed.append(tag) or 1)
    code, out, _ = run("-- @check a\nSELECT 1;\n")
    assert code == 2 and tags[0].startswith("queryleaf-") and killed == tags


def test_server_gone_exits_3(run, monkeypatch):
    import pymongo.errors

    def gone(self, check):
        raise pymongo.errors.AutoReconnect("connection reset")
    monkeypatch.setattr(Runner, "judge", gone)
    assert run("-- @check a\nSELECT 1;\n")[0] == 3


def test_directives_are_read_from_the_comments_before_a_statement():
    parsed = parse_check_file("f.sql", "-- @check a\n-- @description why\n-- @tags x, y\nSELECT 1;\nSELECT 2;\n")
    (check,) = parsed.checks
    assert (check.name, check.description, check.tags, check.line) == ("a", "why", ("x", "y"), 4)
    assert [s.sql for s in parsed.setup] == ["SELECT 2"]


def test_switching_connections_and_databases(run):
    data = json.loads((run.tmp / "data.json").read_text())
    data["other"] = {"mongodb_backups": [{"_id": 9, "status": "FAILED"}]}
    (run.tmp / "data.json").write_text(json.dumps(data))
    text = ("-- @check in_app\n-- @expect rows = 3\nSELECT _id FROM mongodb_backups;\n"
            "USE other;\n-- @check in_other\n-- @expect rows = 1\nSELECT _id FROM mongodb_backups;\n"
            "\\c copy\n-- @check on_copy\n-- @expect rows = 3\nSELECT _id FROM mongodb_backups;\n")
    code, out, _ = run(text, "--conn", "copy=memory:///app")
    assert code == 0, out


def test_include_and_unknown_meta_command(run):
    (run.tmp / "shared.sql").write_text("-- @check included\nSELECT 1 WHERE FALSE;\n")
    code, out, _ = run("\\i shared.sql\n-- @check here\nSELECT 1 WHERE FALSE;\n")
    assert code == 0 and "PASS  included" in out and "PASS  here" in out
    code, _, err = run("-- @check a\nSELECT 1;\n\\x on\n")
    assert code == 4 and "unknown meta-command \\x" in err


def test_timeouts_reach_the_server_as_max_time_ms():
    seen = []

    class Session:
        max_time_ms = None

        def execute(self, sql, params=None):
            seen.append(self.max_time_ms)

            class Result:
                columns, translation = ["x"], None

                def __iter__(self):
                    return iter([])
            return Result()

    checks = parse_check_file("f.sql", "-- @check a\n-- @timeout 2s\nSELECT 1;\n-- @check b\nSELECT 1;\n")
    session = Session()
    outcomes = Runner({"default": session}, {}, max_time_ms=500).run(checks, lambda outcome: None)
    assert [o.status for o in outcomes] == ["PASS", "PASS"] and seen == [2000, 500]


def test_github_annotations_and_step_summary(run, monkeypatch):
    summary_file = run.tmp / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    code, out, _ = run("-- @check bad\nSELECT _id FROM mongodb_backups WHERE status = 'FAILED';\n")
    assert code == 1 and "::error file=" in out and ",line=2,title=bad::1 failing rows" in out
    assert "| FAIL | bad | 1 |" in summary_file.read_text()


READY = {"app": {
    "mongodb_backups": [
        {"_id": 1, "database_name": "orders", "status": "COMPLETED", "backup_date": {"$date": "2025-08-21T02:00:00Z"}},
        {"_id": 2, "database_name": "orders", "status": "COMPLETED", "backup_date": {"$date": "2025-08-23T02:00:00Z"}},
        {"_id": 3, "database_name": "users", "status": "COMPLETED", "backup_date": {"$date": "2025-08-20T03:00:00Z"}},
        {"_id": 4, "database_name": "users", "status": "FAILED", "backup_date": {"$date": "2025-08-22T03:00:00Z"}},
    ],
    "orders": [{"_id": 1, "user_id": 1}, {"_id": 2, "user_id": 7}, {"_id": 3, "user_id": 7},
               {"_id": 4, "user_id": None}, {"_id": 5}],
    "users": [{"_id": 1}, {"_id": 2}],
}}


@pytest.fixture
def ready(tmp_path, capsys):
    data = tmp_path / "ready.json"
    data.write_text(json.dumps(READY))

    def invoke(*args: str):
        report = tmp_path / "ready-report.json"
        code = main(["check", *args[:1], "memory:///app", "--load", str(data), "--now", "2025-08-23T12:00:00Z",
                     "--json", str(report), *args[1:]])
        out = capsys.readouterr().out
        checks = json.loads(report.read_text())["checks"] if report.exists() else []
        return code, out, checks

    return invoke


def test_check_gaps_finds_exactly_the_missing_days(ready):
    code, _, checks = ready("gaps", "--collection", "mongodb_backups", "--time-field", "backup_date",
                            "--since", "4d", "--by", "database_name", "--where", "status = 'COMPLETED'")
    (check,) = checks
    assert code == 1 and check["rows"] == 7
    missing = {(db, day["$date"][:10]) for db, day in check["sample"]}
    assert missing == {("orders", "2025-08-19"), ("orders", "2025-08-20"), ("orders", "2025-08-22"),
                       ("users", "2025-08-19"), ("users", "2025-08-21"), ("users", "2025-08-22"),
                       ("users", "2025-08-23")}


def test_check_freshness_finds_the_stale_group(ready):
    code, _, checks = ready("freshness", "--collection", "mongodb_backups", "--time-field", "backup_date",
                            "--max-age", "24h", "--by", "database_name")
    assert code == 1 and [row[0] for row in checks[0]["sample"]] == ["users"]
    code, _, _ = ready("freshness", "--collection", "mongodb_backups", "--time-field", "backup_date",
                       "--max-age", "2d")
    assert code == 0


def test_check_refs_counts_orphans_and_null_keys_apart(ready):
    code, _, checks = ready("refs", "--ref", "orders.user_id=users._id")
    orphans, nulls = checks
    assert code == 1 and orphans["status"] == "FAIL" and orphans["sample"] == [[7, 2]]
    assert nulls["status"] == "WARN" and nulls["sample"] == [[2]]


def test_ready_made_checks_show_their_sql_and_check_arguments(ready, capsys):
    code, out, _ = ready("freshness", "--collection", "mongodb_backups", "--time-field", "backup_date", "--show-sql")
    assert code == 0 and out.startswith("-- @check freshness_mongodb_backups") and "HAVING MAX(backup_date)" in out
    assert ready("gaps", "--collection", "mongodb_backups")[0] == 4  # no --time-field
    assert ready("refs", "--ref", "orders.user_id")[0] == 4
    assert ready("gaps", "--collection", "mongodb_backups", "--time-field", "backup_date", "--every", "daily")[0] == 4


COPIES = {
    "production_app": {"users": [{"_id": 1, "tier": "a"}, {"_id": 2, "tier": "b"}, {"_id": 3, "tier": "b"}],
                       "orders": [{"_id": 1}], "audit": [{"_id": 1}]},
    "production_app_backup": {"users": [{"_id": 1, "tier": "a"}, {"_id": 2, "tier": "b"}], "orders": [{"_id": 1}]},
}


def _compare(tmp_path, capsys, *extra, copies=COPIES):
    data = tmp_path / "copies.json"
    data.write_text(json.dumps(copies))
    report = tmp_path / "compare.json"
    code = main(["compare", "counts", "memory:///production_app", "memory:///production_app_backup",
                 "--load", str(data), "--json", str(report), *extra])
    out = capsys.readouterr().out
    return code, out, (json.loads(report.read_text())["checks"] if report.exists() else [])


def test_compare_counts_finds_the_missing_collection_and_the_short_one(tmp_path, capsys):
    code, _, checks = _compare(tmp_path, capsys)
    assert code == 1
    assert {c["name"]: c["status"] for c in checks} == {
        "present_audit": "FAIL", "count_orders": "PASS", "count_users": "FAIL",
        "indexes_orders": "PASS", "indexes_users": "PASS"}


def test_compare_counts_by_field_and_selected_collections(tmp_path, capsys):
    code, _, checks = _compare(tmp_path, capsys, "--collections", "users", "--by", "tier")
    check = next(c for c in checks if c["name"] == "count_users")
    assert code == 1 and "('b', 2)" in check["message"] and "('b', 1)" in check["message"]
    code, _, checks = _compare(tmp_path, capsys, "--collections", "orders")
    assert code == 0 and {c["name"]: c["status"] for c in checks} == {"indexes_orders": "PASS", "count_orders": "PASS"}
    code, out, _ = _compare(tmp_path, capsys, "--collections", "orders", "--show-sql")
    assert code == 0 and "-- @expect same" in out and "-- @connection target" in out


def test_query_command_option_runs_sql_and_fails_on_error(capsys):
    assert main(["query", "--uri", "memory://", "-c", "SELECT 1 AS one"]) == 0
    assert "one" in capsys.readouterr().out
    assert main(["query", "--uri", "memory://", "--command", "SELEC 1"]) == 1


def test_backup_validation_example_finds_exactly_the_seeded_problems(tmp_path, capsys):
    examples = __import__("pathlib").Path(__file__).resolve().parent.parent / "examples"
    report = tmp_path / "example.json"
    code = main(["check", str(examples / "backup_validation.sql"), "--uri", "memory://",
                 "--load", str(examples / "backup_validation.json"), "--now", "2025-08-23T12:00:00Z",
                 "--conn", "original=memory:///production_app", "--conn", "restored=memory:///production_app_backup",
                 "--json", str(report)])
    capsys.readouterr()
    checks = {c["name"]: c for c in json.loads(report.read_text())["checks"]}
    assert code == 1
    assert {n: c["status"] for n, c in checks.items()} == {
        "users_restored": "FAIL", "orders_restored": "PASS", "orders_have_users": "FAIL", "unique_emails": "FAIL",
        "no_backup_gaps": "FAIL", "no_failed_backups_last_7_days": "FAIL", "every_database_fresh": "PASS",
        "compliance_summary": "PASS"}
    assert checks["orders_have_users"]["sample"] == [[9, 10], [19, 10], [21, 42]]
    assert [row[1]["$date"][:10] for row in checks["no_backup_gaps"]["sample"]] == [
        "2025-08-10", "2025-08-17", "2025-08-20"]
    assert checks["unique_emails"]["sample"] == [["user3@example.com", 2]]


def test_progress_on_a_terminal(run, monkeypatch):
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code, out, _ = run("-- @check a\nSELECT 1 WHERE FALSE;\n-- @check b\nSELECT 1 WHERE FALSE;\n")
    assert code == 0 and "[1/2] a ..." in terminal.getvalue() and "[2/2] b ..." in terminal.getvalue()
    assert "\r\033[K" in terminal.getvalue() and "PASS  b" in out


def test_compare_keys_lists_the_missing_ids_and_where_narrows(tmp_path, capsys):
    code, _, checks = _compare(tmp_path, capsys, "--collections", "users", "--keys")
    statuses = {c["name"]: c for c in checks}
    assert code == 1 and statuses["ids_users"]["status"] == "FAIL"
    assert "only in the first: [(3,)]" in statuses["ids_users"]["message"]
    code, _, checks = _compare(tmp_path, capsys, "--collections", "users", "--keys", "--where", "_id < 3")
    assert code == 0 and {c["name"]: c["status"] for c in checks} == {
        "indexes_users": "PASS", "count_users": "PASS", "ids_users": "PASS"}


def test_compare_counts_reports_index_definitions_that_differ(tmp_path, capsys, monkeypatch):
    from queryleaf.engine.loader import load_extended_json

    original = load_extended_json

    def with_indexes(client, path):
        original(client, path)
        client["production_app"]["users"].create_index([("tier", 1)])
        client["production_app"]["orders"].create_index([("_id", 1), ("user_id", -1)], unique=True)
        client["production_app_backup"]["orders"].create_index([("_id", 1), ("user_id", -1)], unique=True)

    monkeypatch.setattr("queryleaf.cli.commands.load_extended_json", with_indexes)
    code, out, checks = _compare(tmp_path, capsys, "--collections", "users,orders")
    statuses = {c["name"]: c["status"] for c in checks}
    assert statuses["indexes_users"] == "FAIL" and statuses["indexes_orders"] == "PASS"
    assert "only in the source: [\"([('tier', 1)], {})\"]" in out and code == 1


def test_compare_counts_by_a_date_field_is_per_day(tmp_path, capsys):
    day, later = {"$date": "2025-08-20T10:00:00Z"}, {"$date": "2025-08-20T18:00:00Z"}
    copies = {"production_app": {"events": [{"_id": 1, "at": day}, {"_id": 2, "at": later}]},
              "production_app_backup": {"events": [{"_id": 1, "at": day}]}}
    code, out, _ = _compare(tmp_path, capsys, "--by", "at", "--show-sql", copies=copies)
    assert code == 0 and "DATE_TRUNC('day', at) AS day" in out
    code, _, checks = _compare(tmp_path, capsys, "--by", "at", copies=copies)
    count = next(c for c in checks if c["name"] == "count_events")
    assert code == 1 and "datetime.datetime(2025, 8, 20, 0, 0, tzinfo=datetime.timezone.utc), 2)" in count["message"]


def test_compare_counts_sample_compares_documents_field_by_field(tmp_path, capsys):
    copies = {"production_app": {"users": [{"_id": 1, "tier": "a"}, {"_id": 2, "tier": "b"}]},
              "production_app_backup": {"users": [{"_id": 1, "tier": "a"}, {"_id": 2, "tier": "B"}]}}
    code, _, checks = _compare(tmp_path, capsys, "--sample", "5", copies=copies)
    sample = next(c for c in checks if c["name"] == "documents_users")
    assert code == 1 and sample["status"] == "FAIL" and "(2, 'b')" in sample["message"] and "(2, 'B')" in sample["message"]
    copies["production_app_backup"]["users"][1]["tier"] = "b"
    code, _, checks = _compare(tmp_path, capsys, "--sample", "5", copies=copies)
    assert code == 0 and {c["name"] for c in checks} == {"indexes_users", "count_users", "documents_users"}


def test_internal_error_exits_3_without_a_traceback(run, monkeypatch):
    def broken(self, check):
        raise RuntimeError("a bug")
    monkeypatch.setattr(Runner, "judge", broken)
    code, _, err = run("-- @check a\nSELECT 1;\n")
    assert code == 3 and "INTERNAL ERROR: RuntimeError: a bug" in err and "Traceback" not in err
