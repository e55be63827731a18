"""Running check files: setup statements, then each check, judged by its expectation.

Everything that can be wrong with a file (syntax, unknown directives or variables, a write
without --allow-writes) is found before the first statement runs. A check that raises is an
ERROR outcome, not the end of the run; --fail-fast stops after the first FAIL or ERROR.
"""

from __future__ import annotations

import collections
import operator
import time
from dataclasses import dataclass, field

from ..engine.cancel import cancellable
from ..errors import QueryLeafError, UsageError
from ..sql.variables import typed, variables_used, with_parameters
from .parse import Check, CheckFile, Comparison, Statement, Switch

SAMPLE_ROWS = 10
_COMPARE = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le, "gt": operator.gt,
            "ge": operator.ge}
_SYMBOL = {"eq": "=", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


@dataclass
class Outcome:
    check: Check
    status: str  # PASS WARN FAIL ERROR SKIP
    rows: int | None = None  # rows the (first) statement returned: the failing rows of `empty`
    columns: list[str] = field(default_factory=list)
    sample: list[tuple] = field(default_factory=list)
    message: str = ""
    elapsed_ms: float = 0.0
    commands: list = field(default_factory=list)


def prepare(files: list[CheckFile], cli_variables: dict[str, str], allow_writes: bool) -> dict[str, object]:
    """Validate every file before anything runs; return the typed variables."""
    values = {}
    for check_file in files:
        values.update({k: typed(v) for k, v in check_file.variables.items()})
    values.update({k: typed(v) for k, v in cli_variables.items()})
    for check_file in files:
        for statement in _statements(check_file):
            for name in variables_used(statement.sql):
                if name not in values:
                    raise UsageError(f"{check_file.path}:{statement.line}: variable :{name} has no value",
                                     hint=f"Pass --var {name}=VALUE or add -- @var {name} DEFAULT.")
            if statement.writes and not allow_writes:
                raise UsageError(f"{check_file.path}:{statement.line}: this statement writes; checks are "
                                 "read-only", hint="Pass --allow-writes to run it.")
    return values


class Runner:
    def __init__(self, connections, variables: dict, fail_fast: bool = False, select: set[str] | None = None,
                 max_time_ms: int | None = None):
        self.connections = connections  # alias -> Session; "default" for statements without @connection
        self.current = "default"  # where statements without @connection run (\c and USE change it)
        self.variables = variables
        self.fail_fast = fail_fast
        self.select = select
        self.max_time_ms = max_time_ms

    def run(self, check_file: CheckFile, report, starting=None) -> list[Outcome]:
        """Run the file's steps; `report(outcome)` after each check, `starting(check)` before."""
        outcomes = []
        for step in check_file.steps:
            if isinstance(step, Switch):
                self._switch(step)
                continue
            if isinstance(step, Statement):
                self._execute(step)  # setup: its rows are not looked at
                continue
            if self.select and step.name not in self.select and not self.select & set(step.tags):
                continue
            if starting is not None:
                starting(step)
            outcome = self.judge(step)
            outcomes.append(outcome)
            report(outcome)
            if self.fail_fast and outcome.status in ("FAIL", "ERROR"):
                break
        return outcomes

    def judge(self, check: Check) -> Outcome:
        if check.skip is not None:
            return Outcome(check, "SKIP", message=check.skip)
        started = time.perf_counter()
        limit = check.timeout_ms or self.max_time_ms
        for session in self.connections.values():
            session.max_time_ms = limit
        try:
            outcome = self._judge(check)
        except QueryLeafError as error:
            outcome = Outcome(check, "ERROR", message=error.render())
        outcome.elapsed_ms = (time.perf_counter() - started) * 1000
        if outcome.status == "FAIL" and check.severity == "warn":
            outcome.status = "WARN"
        return outcome

    def _judge(self, check: Check) -> Outcome:
        results = [self._rows(statement) for statement in check.statements]
        columns, rows, _ = results[0]
        outcome = Outcome(check, "PASS", len(rows), columns, rows[:SAMPLE_ROWS],
                          commands=[c for r in results for c in r[2]])
        kind = check.expect.kind
        if kind == "value":
            return self._value(outcome, rows, check.expect.comparison)
        if kind in ("same", "same_set", "same_bag"):
            return self._same(outcome, kind, results)
        if kind == "rows":
            if not self._holds(len(rows), check.expect.comparison):
                outcome.status = "FAIL"
                outcome.message = f"have {len(rows)} rows, want {self._describe(check.expect.comparison)}"
            return outcome
        failing = self._holds(len(rows), check.error_if) if check.error_if else bool(rows)
        if failing:
            outcome.status = "FAIL"
        elif check.warn_if and self._holds(len(rows), check.warn_if):
            outcome.status = "WARN"
        return outcome

    def _value(self, outcome: Outcome, rows: list, comparison: Comparison) -> Outcome:
        if len(rows) != 1 or len(rows[0]) != 1:
            width = len(rows[0]) if rows else len(outcome.columns)
            outcome.status, outcome.message = "ERROR", f"@expect value needs one value, got {len(rows)} rows of {width} columns"
            return outcome
        have = rows[0][0]
        if not self._holds(have, comparison):
            outcome.status = "FAIL"
            outcome.message = f"have {have!r}, want {self._describe(comparison)}"
        return outcome

    def _same(self, outcome: Outcome, kind: str, results: list) -> Outcome:
        (_, first, _), (_, second, _) = results
        if kind == "same":
            equal = first == second
        elif kind == "same_set":
            equal = set(first) == set(second)
        else:
            equal = collections.Counter(first) == collections.Counter(second)
        if not equal:
            only_first = [r for r in first if r not in second][:SAMPLE_ROWS]
            only_second = [r for r in second if r not in first][:SAMPLE_ROWS]
            outcome.status = "FAIL"
            outcome.message = (f"results differ ({len(first)} rows vs {len(second)} rows); only in the first: "
                               f"{only_first}; only in the second: {only_second}"
                               + (f" (first {SAMPLE_ROWS} shown)" if SAMPLE_ROWS in (len(only_first), len(only_second))
                                  else ""))
        return outcome

    def _holds(self, have, comparison: Comparison) -> bool:
        want = self._operand(comparison.value)
        try:
            return _COMPARE[comparison.op](have, want)
        except TypeError:
            return False

    def _describe(self, comparison: Comparison) -> str:
        return f"{_SYMBOL[comparison.op]} {self._operand(comparison.value)!r}"

    def _operand(self, text: str):
        if text.startswith(":") and text[1:] in self.variables:
            return self.variables[text[1:]]
        return typed(text)

    def _rows(self, statement: Statement):
        result, rows = self._execute(statement)
        commands = [c.to_dict() for c in result.translation.commands] if result.translation else []
        return result.columns, rows, commands

    def _switch(self, step: Switch) -> None:
        """`\\c name` / `USE name`: a connection alias becomes the current connection; any
        other name is a database of the current one."""
        if step.target in self.connections:
            self.current = step.target
        else:
            self.connections[self.current].use(step.target)

    def _execute(self, statement: Statement):
        alias = statement.connection or self.current
        session = self.connections.get(alias)
        if session is None:
            raise UsageError(f"line {statement.line}: no connection named {alias!r}",
                             hint=f"Pass --conn {alias}=URI.")
        sql, used = with_parameters(statement.sql)
        with cancellable(session) as running:  # Ctrl-C stops the statement on the server too
            result = running.result = session.execute(sql, {name: self.variables[name] for name in used} or None)
            return result, [tuple(row) for row in result]


def _statements(check_file: CheckFile):
    for step in check_file.steps:
        if isinstance(step, Statement):
            yield step
        elif isinstance(step, Check):
            yield from step.statements
