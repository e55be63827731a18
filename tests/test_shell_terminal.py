"""The shell on a real pseudo-terminal (pexpect): the banner and prompt, Tab completion, Ctrl-C
cancelling a long-running statement with the next one working, and Ctrl-D leaving."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pexpect
import pytest


@pytest.fixture
def shell(tmp_path):
    data = tmp_path / "big.json"
    data.write_text(json.dumps({"app": {"big": [{"x": i} for i in range(2000)]}}))
    environment = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
                   "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "PAGER": "cat"}
    child = pexpect.spawn(sys.executable, ["-m", "queryleaf.cli", "shell", "memory:///app", "--load", str(data)],
                          env=environment, encoding="utf-8", timeout=30, dimensions=(40, 120),
                          cwd=str(Path(__file__).resolve().parent.parent))
    child.expect('the embedded engine at memory:///app, database "app" \\(read-only\\)')
    child.expect("app>")
    yield child
    child.close(force=True)


def test_ctrl_c_cancels_a_long_statement_and_the_next_one_works(shell, tmp_path):
    shell.send("SELECT COUNT(*) AS n FROM big a, big b WHERE a.x + b.x = -1;\r")  # 4 million pairs
    time.sleep(1.5)
    started = time.monotonic()
    shell.sendintr()
    shell.expect("Cancelled")
    assert time.monotonic() - started < 5
    shell.expect("app>")
    shell.send("SELECT COUNT(*) AS n FROM big;\r")
    shell.expect("2000")
    shell.expect(r"\(1 row\)")
    shell.expect("app>")
    shell.sendcontrol("d")
    shell.expect("Goodbye!")
    shell.expect(pexpect.EOF)
    history = (tmp_path / "data" / "queryleaf" / "history").read_text()
    assert "SELECT COUNT(*) AS n FROM big;" in history


def test_tab_completes_a_collection_name(shell):
    shell.send("SELECT COUNT(*) AS total FROM bi")
    time.sleep(0.5)
    shell.send("\t")
    time.sleep(0.5)
    shell.send(";\r")
    shell.expect("total")
    shell.expect("2000")
    shell.send("\\q\r")
    shell.expect(pexpect.EOF)
