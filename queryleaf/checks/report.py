"""What a check run shows: a console line per check (with the failing rows or have/want),
a summary line, and the JUnit XML and JSON reports CI systems read."""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from collections import Counter
from typing import TextIO

from bson import json_util

from ..cli.formats import write_result
from .run import Outcome

STATUSES = ("PASS", "WARN", "FAIL", "ERROR", "SKIP")


def console_line(outcome: Outcome, out: TextIO, progress=None) -> None:
    if progress is not None:
        progress.clear()
    check = outcome.check
    rows = "" if outcome.rows is None else f"{outcome.rows} row{'s' * (outcome.rows != 1)}, "
    out.write(f"{outcome.status:<5} {check.name}  ({rows}{outcome.elapsed_ms:.0f} ms)\n")
    if outcome.status in ("PASS", "SKIP"):
        if outcome.status == "SKIP":
            out.write(f"      skipped: {outcome.message}\n")
        return
    out.write(f"      {check.file}:{check.line}" + (f"  {check.description}" if check.description else "") + "\n")
    if outcome.message:
        out.write(f"      {outcome.message}\n")
    elif outcome.sample:
        out.write(_indented(_table(outcome)))
    out.flush()


def summary(outcomes: list[Outcome]) -> str:
    counts = Counter(o.status for o in outcomes)
    return " ".join(f"{s}={counts[s]}" for s in STATUSES) + f" TOTAL={len(outcomes)}"


def junit_xml(outcomes: list[Outcome]) -> str:
    """One <testsuite> per file, one <testcase> per check; failures carry the failing rows."""
    root = ET.Element("testsuites", name="queryleaf")
    for path in dict.fromkeys(o.check.file for o in outcomes):
        mine = [o for o in outcomes if o.check.file == path]
        counts = Counter(o.status for o in mine)
        suite = ET.SubElement(root, "testsuite", name=path, tests=str(len(mine)), failures=str(counts["FAIL"]),
                              errors=str(counts["ERROR"]), skipped=str(counts["SKIP"]),
                              time=f"{sum(o.elapsed_ms for o in mine) / 1000:.3f}")
        for outcome in mine:
            case = ET.SubElement(suite, "testcase", name=outcome.check.name, classname=path,
                                 file=path, line=str(outcome.check.line), time=f"{outcome.elapsed_ms / 1000:.3f}")
            text = outcome.message or (_table(outcome) if outcome.sample else "")
            if outcome.status == "FAIL":
                ET.SubElement(case, "failure", message=_first_line(text, outcome)).text = text
            elif outcome.status == "ERROR":
                ET.SubElement(case, "error", message=_first_line(text, outcome)).text = text
            elif outcome.status == "SKIP":
                ET.SubElement(case, "skipped", message=outcome.message)
            elif outcome.status == "WARN":
                ET.SubElement(case, "system-out").text = "WARN: " + text
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def json_report(outcomes: list[Outcome]) -> str:
    checks = [
        {
            "name": o.check.name, "file": o.check.file, "line": o.check.line, "status": o.status,
            "rows": o.rows, "columns": o.columns, "sample": [list(r) for r in o.sample],
            "message": o.message, "elapsed_ms": round(o.elapsed_ms, 3), "tags": list(o.check.tags),
            "commands": o.commands,
        }
        for o in outcomes
    ]
    document = {"summary": dict(Counter(o.status for o in outcomes)), "checks": checks}
    return json.dumps(json.loads(json_util.dumps(document)), indent=2)


def github_annotations(outcomes: list[Outcome], out: TextIO) -> None:
    """On GitHub Actions: an ::error / ::warning annotation per failing check, and a markdown
    table appended to $GITHUB_STEP_SUMMARY."""
    for outcome in outcomes:
        level = {"FAIL": "error", "ERROR": "error", "WARN": "warning"}.get(outcome.status)
        if level:
            text = outcome.message or f"{outcome.rows} failing rows"
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            out.write(f"::{level} file={outcome.check.file},line={outcome.check.line},"
                      f"title={outcome.check.name}::{text}\n")
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        lines = ["### queryleaf checks", "", "| status | check | rows | file |", "|---|---|---|---|"]
        lines += [f"| {o.status} | {o.check.name} | {'' if o.rows is None else o.rows} | "
                  f"{o.check.file}:{o.check.line} |" for o in outcomes]
        with open(path, "a", encoding="utf-8") as summary_file:
            summary_file.write("\n".join(lines) + "\n\n" + summary(outcomes) + "\n")


def _table(outcome: Outcome) -> str:
    buffer = io.StringIO()
    write_result(outcome.columns, outcome.sample, "table", buffer, null="NULL")
    more = (outcome.rows or 0) - len(outcome.sample)
    return buffer.getvalue() + (f"... {more} more rows\n" if more > 0 else "")


def _indented(text: str) -> str:
    return "".join("      " + line + "\n" for line in text.splitlines())


def _first_line(text: str, outcome: Outcome) -> str:
    if outcome.status == "FAIL" and not outcome.message:
        return f"{outcome.rows} failing rows"
    return text.splitlines()[0] if text else outcome.status
