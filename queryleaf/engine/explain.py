"""EXPLAIN and EXPLAIN ANALYZE: the MongoDB commands a statement becomes, as rows.

EXPLAIN shows each command as mongosh code, one row per line (psql shows a plan the same
way, in one "QUERY PLAN" column). EXPLAIN ANALYZE also runs the server's explain with
executionStats for each command and adds what it reports.
"""

from __future__ import annotations

import re
import time

import pymongo.errors

from ..errors import ExecutionError, UnsupportedSqlError
from ..translation import OutputColumn, fill_results
from .backends import is_embedded_client, run_aggregate
from .result import Result

_OPTIONS = re.compile(r"^\s*(\(\s*(?P<list>[^)]*)\)|(?P<analyze>analyze\b)?\s*(?P<verbose>verbose\b)?)", re.I)
COLUMN = OutputColumn("QUERY PLAN", "QUERY PLAN", "text")


def split_explain(text: str) -> tuple[bool, str]:
    """(analyze?, the statement) from what follows the EXPLAIN keyword."""
    match = _OPTIONS.match(text)
    analyze = bool(match.group("analyze"))
    if match.group("list") is not None:
        options = [o.strip().lower() for o in match.group("list").split(",") if o.strip()]
        unknown = [o for o in options if o not in ("analyze", "analyze true", "verbose")]
        if unknown:
            raise UnsupportedSqlError(f"EXPLAIN option {unknown[0]!r} is not supported")
        analyze = any(o.startswith("analyze") for o in options)
    return analyze, text[match.end():]


def explain(session, statement: str, analyze: bool, params=None) -> Result:
    translation = session.translate(statement, params)
    lines = str(translation).splitlines()
    if analyze:
        lines += _analyze(session, translation)
    rows = [{COLUMN.field: line} for line in lines]
    return Result([COLUMN], rows, translation=translation)


def _analyze(session, translation) -> list[str]:
    lines, results = [], []
    for number, command in enumerate(translation.commands, 1):
        pipeline = fill_results(command.pipeline, results)
        started = time.perf_counter()
        documents = list(run_aggregate(session.client, command.database, command.collection, pipeline,
                                        session.max_time_ms, session.comment))
        elapsed = (time.perf_counter() - started) * 1000
        results.append(documents)
        lines.append(f"-- command {number}: {len(documents)} documents in {elapsed:.1f} ms")
        lines += _server_stats(session.client, command, pipeline)
    return lines


def _server_stats(client, command, pipeline) -> list[str]:
    if is_embedded_client(client):
        return ["--   (the embedded engine has no query planner: no execution statistics)"]
    target = command.collection if command.collection is not None else 1
    try:
        explained = client[command.database].command(
            "explain", {"aggregate": target, "pipeline": pipeline, "cursor": {}}, verbosity="executionStats"
        )
    except pymongo.errors.PyMongoError as error:
        raise ExecutionError(f"explain failed: {error}") from error
    return [f"--   {line}" for line in _summarize(explained)]


def _summarize(explained: dict) -> list[str]:
    stats = _find(explained, "executionStats") or {}
    planner = _find(explained, "queryPlanner") or {}
    winning = planner.get("winningPlan", {})
    lines = [f"winning plan: {_plan_stages(winning)}"]
    for key in ("executionTimeMillis", "nReturned", "totalKeysExamined", "totalDocsExamined"):
        if key in stats:
            lines.append(f"{key}: {stats[key]}")
    return lines


def _find(value, key: str):
    """The first value under `key` anywhere in an explain document ($cursor stages nest it)."""
    if isinstance(value, dict):
        if key in value:
            return value[key]
        for inner in value.values():
            found = _find(inner, key)
            if found is not None:
                return found
    if isinstance(value, list):
        for inner in value:
            found = _find(inner, key)
            if found is not None:
                return found
    return None


def _plan_stages(plan: dict) -> str:
    names = []
    while isinstance(plan, dict) and plan:
        stage = plan.get("stage") or plan.get("queryPlan", {}).get("stage")
        if stage:
            names.append(stage + (f"({plan['indexName']})" if plan.get("indexName") else ""))
        plan = plan.get("inputStage") or plan.get("queryPlan", {}).get("inputStage")
    return " <- ".join(names) or "unknown"
