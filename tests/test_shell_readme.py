"""The README's shell transcript is what the shell prints: its inputs are replayed against the
same data and the output compared line by line (timings aside)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import queryleaf
from queryleaf.cli.shell import banner
from queryleaf.engine.loader import load_extended_json
from queryleaf.shell.app import Shell
from queryleaf.shell.config import Config

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- shell-transcript:begin -->", "<!-- shell-transcript:end -->"
_TIME = re.compile(r"Time: [\d.]+ ms")


def transcript() -> str:
    text = (ROOT / "README.md").read_text()
    block = text.split(BEGIN, 1)[1].split(END, 1)[0]
    return block.strip().removeprefix("```text").removesuffix("```").strip("\n")


def inputs_of(text: str) -> list[str]:
    """The inputs typed at the `demo> ` prompt, continuation lines (`   -> `) joined."""
    found = []
    for line in text.splitlines():
        if line.startswith("demo> "):
            found.append(line[len("demo> "):])
        elif line.startswith("   -> "):
            found[-1] += "\n" + line[len("   -> "):]
    return found


def replay(inputs: list[str]) -> str:
    """The session as a terminal shows it: the command line, the banner, each prompt and what
    follows it, Goodbye."""
    out = io.StringIO()
    session = queryleaf.connect("memory:///demo")
    load_extended_json(session.client, str(ROOT / "examples" / "sample_data.json"))
    shell = Shell(session, Config(), uri="memory:///demo", out=out, err=out)
    out.write("$ queryleaf shell memory:///demo --load examples/sample_data.json\n" + banner(shell))
    for text in inputs:
        out.write("demo> " + text.replace("\n", "\n   -> ") + "\n")
        if text == "\\q":
            break
        shell.handle(text)
    out.write("Goodbye!\n")
    return out.getvalue().rstrip("\n")


def test_readme_transcript_is_what_the_shell_prints():
    expected = transcript()
    assert expected.startswith("$ queryleaf shell")
    assert _TIME.sub("Time: N ms", replay(inputs_of(expected))) == _TIME.sub("Time: N ms", expected)
