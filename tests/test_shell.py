"""The shell driven as a user drives it: keys through prompt-toolkit's pipe input into the real
prompt session (multi-line input, completion, Ctrl-C, Ctrl-D), every command, the row-limit
and destructive-statement questions, the config file, history redaction and piped stdin."""

from __future__ import annotations

import io
import re
import threading
import time
from pathlib import Path

import pytest
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import queryleaf
from queryleaf.engine.embedded import new_client
from queryleaf.shell.app import Shell
from queryleaf.shell.config import DEFAULT_CONFIG, load_config
from queryleaf.shell.prompt import asker, loop, prompt_session
from queryleaf.shell.schema import SessionSchema

ROOT = Path(__file__).resolve().parent.parent


def _client():
    client = new_client()
    client.app.mongodb_backups.insert_many([
        {"backup_id": i, "database_name": "orders" if i % 2 else "users", "status": "OK" if i != 3 else "FAILED",
         "details": {"tool": "mongodump", "version": "100.9"}} for i in range(1, 6)])
    client.app.users.insert_many([{"user_id": 1, "name": "ann"}, {"user_id": 2, "name": "bob"}])
    client.archive.old_backups.insert_one({"x": 1})
    return client


class Driven:
    """A shell with its prompt session on a pipe: `keys(...)` types, `run()` loops until EOF."""

    def __init__(self, tmp_path: Path, allow_writes: bool = False, **settings) -> None:
        config_path = tmp_path / "config.toml"
        text = DEFAULT_CONFIG
        for name, value in settings.items():
            text = re.sub(rf"(?m)^{name} = .*$", f"{name} = {value}", text)
        config_path.write_text(text)
        self.config = load_config(config_path)
        self.out, self.err = io.StringIO(), io.StringIO()
        session = queryleaf.connect(client=_client(), database="app")
        self.shell = Shell(session, self.config, uri="memory:///app", out=self.out, err=self.err,
                           allow_writes=allow_writes)
        self.shell.schema = SessionSchema(session, self.shell.state.variables)
        self.shell.schema.warm()
        self.shell.schema.wait()
        self._chunks: list[tuple[float, str]] = []
        self.size = (100, 30)

    def keys(self, text: str, pause: float = 0.0) -> Driven:
        self._chunks.append((pause, text))
        return self

    def run(self) -> str:
        with create_pipe_input() as pipe:
            session = prompt_session(self.shell, self.shell.schema, input=pipe, output=DummyOutput())
            self.shell.attach_terminal(asker(session), lambda: self.size)
            self.shell.pager = None  # the pager is off in tests (one test turns it on)

            def feed():
                for pause, text in self._chunks:
                    time.sleep(pause)
                    pipe.send_text(text)
                time.sleep(0.2)
                pipe.send_text("\x04")  # Ctrl-D ends the loop

            feeder = threading.Thread(target=feed)
            feeder.start()
            loop(self.shell, session)
            feeder.join()
        return self.out.getvalue()

    @property
    def completer(self):
        return prompt_session(self.shell, self.shell.schema, output=DummyOutput()).completer

    def candidates(self, before: str, after: str = "") -> list[str]:
        document = Document(before + after, cursor_position=len(before))
        return [c.text for c in self.completer.get_completions(document, None)]


@pytest.fixture
def driven(tmp_path):
    return Driven(tmp_path)


def test_multi_line_input_runs_at_the_semicolon(driven):
    out = driven.keys("SELECT backup_id\r").keys("FROM mongodb_backups\r").keys("WHERE status = 'FAILED';\r").run()
    assert "   backup_id\n-------------\n           3\n(1 row)\n" in out
    assert "Time: " in out


def test_completion_in_six_contexts_through_the_prompt_session(driven):
    assert driven.candidates("SEL") == ["SELECT"]
    assert driven.candidates("SELECT * FROM mongo") == ["mongodb_backups"]
    assert driven.candidates("SELECT data", " FROM mongodb_backups")[0] == "database_name"
    assert driven.candidates("SELECT b.details.", " FROM mongodb_backups b") == ["b.details.tool", "b.details.version"]
    assert driven.candidates("\\c arc") == ["archive"]
    driven.shell.state.variables["since"] = "2025-08-01"
    assert driven.candidates("SELECT :si") == [":since"]


def test_sql_is_highlighted_with_pygments(driven):
    lexer = prompt_session(driven.shell, driven.shell.schema, output=DummyOutput()).lexer
    line = lexer.lex_document(Document("SELECT name FROM users WHERE id = 'x';"))(0)
    styles = {text: style for style, text in line}
    assert styles["SELECT"] == "class:pygments.keyword" and styles["x"] == "class:pygments.literal.string.single"


def test_tab_completes_in_the_buffer(driven):
    out = driven.keys("SELECT user_id FROM us").keys("\t", pause=0.3).keys(" ORDER BY 1;\r", pause=0.3).run()
    assert "(2 rows)" in out


def test_ctrl_c_at_the_prompt_clears_the_buffer(driven):
    out = driven.keys("SELECT nonsense FROM").keys("\x03", pause=0.1).keys("SELECT 7 AS seven;\r", pause=0.1).run()
    assert "seven" in out and "       7" in out
    assert driven.err.getvalue() == ""


def test_an_error_then_a_good_query(driven):
    out = driven.keys("SELECT FROM WHERE;\r").keys("SELECT COUNT(*) AS n FROM users;\r").run()
    errors = driven.err.getvalue()
    assert "ERROR QL001" in errors and "LINE 1: SELECT FROM WHERE" in errors and "^" in errors
    assert "   n\n-----\n   2\n(1 row)" in out


def test_row_limit_question(tmp_path):
    declined = Driven(tmp_path, row_limit=2).keys("SELECT backup_id FROM mongodb_backups ORDER BY 1;\r")
    out = declined.keys("n\r", pause=0.3).run()
    assert "(2 rows)\n(only the first 2 rows were fetched)" in out
    accepted = Driven(tmp_path, row_limit=2).keys("SELECT backup_id FROM mongodb_backups ORDER BY 1;\r")
    assert "(5 rows)" in accepted.keys("y\r", pause=0.3).run()


def test_read_only_by_default(driven):
    driven.keys("DELETE FROM users WHERE user_id = 1;\r").run()
    assert "the shell is read-only: DELETE refused" in driven.err.getvalue()
    assert "--allow-writes" in driven.err.getvalue()


def test_destructive_statements_ask_first(tmp_path):
    declined = Driven(tmp_path, allow_writes=True)
    declined.keys("DELETE FROM users WHERE user_id = 1;\r").keys("n\r", pause=0.3).run()
    assert "DELETE not run" in declined.err.getvalue()
    accepted = Driven(tmp_path, allow_writes=True)
    accepted.keys("DELETE FROM users WHERE user_id = 1;\r").keys("y\r", pause=0.3).run()
    assert "DELETE not run" not in accepted.err.getvalue() and "DELETE 1\n" in accepted.out.getvalue()


def test_auto_vertical_when_wider_than_the_terminal(driven):
    wide = "SELECT " + ", ".join(f"'{'x' * 20}' AS column_{i}" for i in range(6)) + ";\r"
    out = driven.keys(wide).keys("\\x off\r").keys(wide).run()
    assert "-[ RECORD 1 ]" in out.split("Expanded display is off.")[0]
    assert " column_0 " in out.split("Expanded display is off.")[1]


def test_pager_gets_long_results(tmp_path):
    paged = tmp_path / "paged.txt"
    driven = Driven(tmp_path)
    driven.keys(f"\\pager sh -c 'cat > {paged}'\r").keys("SELECT backup_id FROM mongodb_backups;\r")
    driven.size = (100, 4)
    out = driven.run()
    assert "(5 rows)" in paged.read_text() and "(5 rows)" not in out


def test_ctrl_r_finds_an_earlier_statement_in_the_history(driven):
    out = driven.keys("SELECT 'first' AS which;\r").keys("SELECT 'second' AS which;\r").keys(
        "\x12", pause=0.2).keys("firs", pause=0.1).keys("\r", pause=0.2).keys("\r", pause=0.2).run()
    assert out.count(" first") == 2 and out.count(" second") == 1
