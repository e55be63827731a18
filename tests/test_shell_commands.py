"""Every backslash command typed into the shell's prompt session (pipe input), plus the config
file, the history file and the server-side cancel."""

from __future__ import annotations

import io
import os
import signal
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

import queryleaf
from queryleaf.engine.cancel import kill_operations
from queryleaf.shell.app import Shell
from queryleaf.shell.config import DEFAULT_CONFIG, Config, load_config
from queryleaf.shell.history import RedactedHistory, redact
from tests.conftest import REAL_SERVER_URI
from tests.test_shell import Driven


@pytest.fixture
def driven(tmp_path):
    return Driven(tmp_path)


def test_informational_commands(driven):
    out = driven.keys("\\?\r").keys("\\l\r").keys("SHOW DATABASES;\r").keys("\\dt mongo*\r").keys(
        "SHOW COLLECTIONS\r").keys("\\d users\r").keys("\\di\r").run()
    assert "\\watch [i=]SEC" in out and "\\explain [SQL]" in out
    assert out.count(" archive ") == 2
    listing = out.split("data_size")[1]
    assert "mongodb_backups" in listing.split("(1 row)")[0] and "users" not in listing.split("(1 row)")[0]
    assert "bytes" in listing
    assert 'Collection "app.users" (2 documents sampled)' in out and "user_id" in out
    assert "_id_" in out


def test_connect_use_and_connection_names(tmp_path):
    driven = Driven(tmp_path)
    driven.config.connections["other"] = "memory:///elsewhere"
    out = driven.keys("\\c archive\r").keys("SELECT x FROM old_backups;\r").keys("USE app\r").keys(
        "SELECT COUNT(*) AS users FROM users;\r").keys("\\c other\r").keys("\\dt\r").run()
    assert 'You are now using database "archive".' in out and "(1 row)" in out
    assert 'connected to memory:///elsewhere, database "elsewhere"' in out
    assert driven.shell.session.database == "elsewhere" and driven.shell.schema.session is driven.shell.session
    assert driven.err.getvalue() == ""


def test_formats_timing_and_expanded(driven):
    out = driven.keys("\\T csv\r").keys("SELECT user_id, name FROM users ORDER BY 1;\r").keys("\\timing off\r").keys(
        "\\T json\r").keys("SELECT name FROM users WHERE user_id = 1;\r").keys("\\T table\r").keys("\\x on\r").keys(
        "SELECT name FROM users WHERE user_id = 2;\r").run()
    assert "user_id,name\n1,ann\n2,bob\n(2 rows)\nTime: " in out
    assert '[\n  {"name": "ann"}\n]\n(1 row)\nExpanded' not in out and '[\n  {"name": "ann"}\n]\n(1 row)\n' in out
    assert out.count("Time: ") == 1
    assert "-[ RECORD 1 ]\nname | bob\n(1 row)" in out


def test_variables(driven):
    out = driven.keys("\\set first_id 2\r").keys("\\set\r").keys("SELECT name FROM users WHERE user_id = :first_id;\r").keys(
        "SELECT name FROM users WHERE user_id = :missing;\r").run()
    assert "first_id = '2'" in out and " bob" in out
    assert "variable :missing is not set" in driven.err.getvalue()


def test_output_to_a_file_and_back(driven, tmp_path):
    target = tmp_path / "out.txt"
    out = driven.keys(f"\\o {target}\r").keys("SELECT name FROM users ORDER BY 1;\r").keys("\\o\r").keys(
        "SELECT 'back' AS here;\r").run()
    assert target.read_text() == " name\n--------\n ann\n bob\n(2 rows)\n"
    assert " ann" not in out and " back" in out and "Time: " in out


def test_include_a_file_with_statements_and_commands(driven, tmp_path):
    script = tmp_path / "script.sql"
    script.write_text("-- a title\n\\T csv\nSELECT name\n  FROM users\n  ORDER BY 1;\nSELECT 42 AS answer\n")
    out = driven.keys(f"\\i {script}\r").keys("\\i nowhere.sql\r").run()
    assert "name\nann\nbob\n(2 rows)" in out and "answer\n42\n" in out
    assert "cannot read nowhere.sql" in driven.err.getvalue()
    script.write_text("SELECT 1 AS fine;\n\nSELECT\n  nope(;\n")
    driven.shell.handle(f"\\i {script}")
    assert f"{script}:4: ERROR QL001" in driven.err.getvalue()  # the failing line of the file


def test_include_refuses_endless_recursion(driven, tmp_path):
    script = tmp_path / "self.sql"
    script.write_text(f"\\i {script}\n")
    driven.keys(f"\\i {script}\r").run()
    assert "nested more than 16 deep" in driven.err.getvalue()


def test_edit_puts_the_edited_statement_in_the_prompt(driven, tmp_path, monkeypatch):
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/user_id = 1/user_id = 2/' \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    out = driven.keys("SELECT name FROM users WHERE user_id = 1;\r").keys("\\e\r").keys(";\r", pause=0.3).run()
    assert " ann" in out and " bob" in out  # the edited statement came back and ran


def test_watch_runs_the_last_statement_again(driven):
    out = driven.keys("SELECT COUNT(*) AS n FROM users;\r").keys("\\watch i=0.01 c=3\r").run()
    assert out.count("(every 0.01s)") == 3 and out.count("(1 row)") == 4
    driven.shell.last_sql = ""
    driven.shell.handle("\\watch 1")
    assert "there is none yet" in driven.err.getvalue()


def test_explain_shows_mongosh_code(driven):
    out = driven.keys("\\explain SELECT name FROM users WHERE user_id = 1\r").keys(
        "EXPLAIN SELECT name FROM users WHERE user_id = 1;\r").run()
    assert out.count('db.getSiblingDB("app").getCollection("users").aggregate([') == 2
    assert "QUERY PLAN" in out


def test_named_queries(driven, tmp_path):
    out = driven.keys("\\n\r").keys("\\ns user_names SELECT name FROM users ORDER BY name\r").keys("\\n\r").keys(
        "\\n user_names\r").keys("\\nd user_names\r").keys("\\n user_names\r").run()
    assert "No named queries" in out and "user_names: SELECT name FROM users ORDER BY name" in out
    assert " ann\n bob\n(2 rows)" in out and "Deleted user_names." in out
    assert "no named query 'user_names'" in driven.err.getvalue()
    assert load_config(tmp_path / "config.toml").named_queries == {}


def test_refresh_and_pager_switch(driven):
    driven.shell.session.client.app.users.insert_one({"email": "c@example.com"})
    out = driven.keys("\\refresh\r").keys("\\pager off\r").keys("\\pager on\r").run()
    assert "Refreshed" in out and "Pager is off." in out and "Pager is on." in out
    assert "email" in driven.candidates("SELECT em", " FROM users")


def test_quit(driven):
    driven.keys("\\q\r").keys("SELECT 'never' AS x;\r", pause=0.2).run()
    assert driven.shell.quit and "never" not in driven.out.getvalue()


def test_config_is_written_with_defaults_on_first_start(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    config = load_config()
    assert (tmp_path / "queryleaf" / "config.toml").read_text() == DEFAULT_CONFIG
    assert (config.format, config.null_string, config.row_limit, config.history_size) == ("table", "<null>", 1000, 1000)
    broken = tmp_path / "broken.toml"
    broken.write_text("row_limit = 'many'\n")
    with pytest.raises(Exception, match="row_limit must be a int"):
        load_config(broken)


def test_named_queries_written_in_the_config_are_kept(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(DEFAULT_CONFIG.replace("# users_per_status", "users_per_status"))
    config = load_config(path)
    assert "users_per_status" in config.named_queries
    with pytest.raises(Exception, match="written in config.toml"):
        config.delete_named_query("users_per_status")
    config.save_named_query("quoted", 'SELECT "a" FROM t WHERE b = \'x\\y\'')
    assert load_config(path).named_queries["quoted"] == 'SELECT "a" FROM t WHERE b = \'x\\y\''
    assert "quoted" not in path.read_text()  # config.toml itself (and its comments) untouched


def test_history_is_redacted_and_trimmed(tmp_path):
    path = tmp_path / "history"
    history = RedactedHistory(path, size=3)
    for number in range(5):
        history.append_string(f"SELECT {number};")
    history.append_string("\\c mongodb://ann:s3cret@db1:27017,db2/app?replicaSet=rs")
    assert "s3cret" not in path.read_text() and "ann:***@db1" in path.read_text()
    assert list(RedactedHistory(path, size=3).load_history_strings())[1:] == ["SELECT 4;", "SELECT 3;"]
    assert redact("CREATE USER x WITH PASSWORD 'pw'") == "CREATE USER x WITH PASSWORD '***'"


class _FakeAdmin:
    def __init__(self):
        self.killed, self.pipeline = [], None

    def aggregate(self, pipeline):
        self.pipeline = pipeline
        return iter([{"opid": 17}, {"opid": 18}])

    def command(self, name, op):
        self.killed.append((name, op))


class _FakeClient:
    def __init__(self):
        self.admin = _FakeAdmin()


def test_cancel_kills_the_tagged_operations_on_a_server():
    client = _FakeClient()
    assert kill_operations(client, "queryleaf-abc") == 2
    assert client.admin.killed == [("killOp", 17), ("killOp", 18)]
    match = client.admin.pipeline[1]["$match"]["$or"]
    assert {"command.comment": "queryleaf-abc"} in match
    assert {"cursor.originatingCommand.comment": "queryleaf-abc"} in match


def test_commands_carry_the_tag_while_a_statement_runs(driven):
    seen = []
    original = driven.shell.session.run_command

    def spy(command, results):
        seen.append(driven.shell.session.comment)
        return original(command, results)

    driven.shell.session.run_command = spy
    driven.shell.handle("SELECT COUNT(*) FROM users;")
    assert seen and seen[0].startswith("queryleaf-") and driven.shell.session.comment is None


def test_piped_stdin_runs_everything_and_exits_1_after_an_error(tmp_path):
    data = tmp_path / "data.json"
    data.write_text('{"app": {"users": [{"name": "ann"}, {"name": "bob"}]}}')
    script = "\\dt\nSELECT name\nFROM users ORDER BY name;\nSELECT nope(;\nSELECT 1 AS one;\n"
    environment = {"XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_DATA_HOME": str(tmp_path / "d"), "PATH": "/usr/bin:/bin"}
    ran = _queryleaf(["memory:///app", "--load", str(data)], script, environment)
    assert ran.returncode == 1
    assert " ann\n bob\n(2 rows)" in ran.stdout and "   one\n-------\n     1\n" in ran.stdout
    assert "<stdin>:4: ERROR QL001" in ran.stderr and "Traceback" not in ran.stderr
    clean = _queryleaf(["shell", "--uri", "memory:///app", "--load", str(data)], "SELECT 1 AS one;\n", environment)
    assert clean.returncode == 0 and (tmp_path / "c" / "queryleaf" / "config.toml").exists()


def test_a_write_through_a_pipe_is_refused(tmp_path):
    environment = {"XDG_CONFIG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    ran = _queryleaf(["memory://"], "DELETE FROM users WHERE id = 1;\n", environment)
    assert ran.returncode == 1 and "read-only: DELETE refused" in ran.stderr


def _queryleaf(arguments: list[str], stdin: str, environment: dict):
    import subprocess

    return subprocess.run([sys.executable, "-m", "queryleaf.cli", *arguments], input=stdin, text=True,
                          capture_output=True, env=environment, cwd=Path(__file__).resolve().parent.parent, timeout=60)


def test_toolbar_names_server_database_mode_and_last_time(tmp_path):
    driven = Driven(tmp_path)
    driven.shell.uri = "mongodb://ann:s3cret@db1:27017/app"
    assert driven.shell.toolbar() == " mongodb://ann:***@db1:27017/app  db: app  read-only  no query yet  \\? help"
    driven.shell.handle("SELECT 1 AS one;")
    assert " read-only  last " in driven.shell.toolbar() and " ms " in driven.shell.toolbar()


def test_a_connection_named_in_the_config_opens_from_the_command_line(tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text(DEFAULT_CONFIG.replace("[connections]\n", '[connections]\nlocal = "memory:///named_db"\n'))
    environment = {"XDG_CONFIG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    ran = _queryleaf(["local", "--config", str(config)], "\\conninfo\n", environment)
    assert ran.stdout == 'You are connected to memory:///named_db, database "named_db" (read-only).\n'

    unknown = _queryleaf(["nowhere", "--config", str(config)], "", environment)
    assert unknown.returncode == 2 and "'nowhere' is not a command, a MongoDB URI or a connection" in unknown.stderr


@pytest.mark.skipif(not REAL_SERVER_URI, reason="needs a real server (QUERYLEAF_TEST_URI)")
def test_ctrl_c_kills_the_operation_on_a_real_server():
    import pymongo

    client = pymongo.MongoClient(REAL_SERVER_URI, tz_aware=True)
    database = f"qltest_{uuid.uuid4().hex[:12]}"
    client[database].big.insert_many([{"x": i} for i in range(20_000)])
    out = io.StringIO()
    try:
        shell = Shell(queryleaf.connect(client=client, database=database), Config(), out=out, err=out)
        interrupt = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
        interrupt.start()
        shell.handle("SELECT COUNT(*) FROM big a, big b WHERE a.x + b.x = -1;")  # 400 million pairs
        interrupt.cancel()  # had the statement ended first, no Ctrl-C may reach pytest
        assert "Cancelled: cancelled (1 server operation killed)." in out.getvalue()
        time.sleep(0.5)
        running = client.admin.aggregate([{"$currentOp": {}}, {"$match": {"command.comment": {"$regex": "^queryleaf-"}}}])
        assert list(running) == []
    finally:
        client.drop_database(database)
        client.close()
