"""A check file -> setup statements and checks.

A check file is plain PostgreSQL. Comment directives on the lines right before a statement
(`-- @check name`, `-- @expect ...`) make it a check; other statements are setup. An
unknown directive, a malformed one, or directives that no statement follows are usage
errors found before anything runs, as are SQL syntax errors anywhere in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SqlSyntaxError, UsageError
from ..sql.parse import WRITES, parse_statement
from ..sql.script import split_statements

OPERATORS = {"=": "eq", "==": "eq", "!=": "ne", "<>": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
_DIRECTIVE = re.compile(r"^\s*--\s*@(\w+)\s*(.*?)\s*$")
_COMPARISON = re.compile(r"^(==|=|!=|<>|<=|>=|<|>)\s*(.+)$")
_PAIRED = ("same", "same_set", "same_bag")


@dataclass(frozen=True)
class Comparison:
    op: str  # eq ne lt le gt ge
    value: str  # as written: a number, a literal, or :var


@dataclass(frozen=True)
class Expectation:
    kind: str  # empty | rows | value | same | same_set | same_bag
    comparison: Comparison | None = None


@dataclass
class Statement:
    sql: str
    line: int
    connection: str | None = None
    writes: bool = False  # INSERT, UPDATE, DELETE or DDL: refused unless --allow-writes


@dataclass
class Check:
    name: str
    file: str
    line: int
    statements: list[Statement]  # one, or two for same / same_set / same_bag
    expect: Expectation = field(default_factory=lambda: Expectation("empty"))
    description: str = ""
    tags: tuple[str, ...] = ()
    severity: str = "error"
    skip: str | None = None
    timeout_ms: int | None = None
    warn_if: Comparison | None = None
    error_if: Comparison | None = None


@dataclass
class CheckFile:
    path: str
    setup: list[Statement]  # statements without @check, in order (run before the checks)
    checks: list[Check]
    variables: dict[str, str]  # `-- @var name default`
    steps: list = field(default_factory=list)  # setup statements and checks, in file order


@dataclass(frozen=True)
class Switch:
    """`\\c name` or `USE name`: later statements run on connection (or database) `name`."""

    target: str
    line: int


_META = re.compile(r"^\s*\\(\w+)\s*(.*?)\s*$")
_MAX_INCLUDE_DEPTH = 10


def parse_check_file(path: str, text: str, depth: int = 0) -> CheckFile:
    result = CheckFile(path, [], [], {})
    pending: list = [None]  # an @expect same check waiting for its second statement
    for kind, line, body in _chunks(text):
        if kind == "sql":
            _add_statements(result, path, body, line - 1, pending)
            continue
        if pending[0] is not None:
            raise UsageError(f"{path}:{line}: \\{body[0]} between the two statements of @expect "
                             f"{pending[0].expect.kind}", hint="Use -- @connection on the second statement.")
        _add_meta(result, path, line, body, depth)
    if pending[0] is not None:
        raise UsageError(f"{path}:{pending[0].line}: @expect {pending[0].expect.kind} needs two statements")
    return result


def _chunks(text: str):
    """("sql", first line, text) and ("meta", line, (command, argument)) in file order."""
    lines, start = [], 1
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        meta = _META.match(line)
        if meta is None:
            lines.append(line)
            continue
        if lines:
            yield "sql", start, "".join(lines)
        yield "meta", number, (meta.group(1).lower(), meta.group(2))
        lines, start = [], number + 1
    if lines:
        yield "sql", start, "".join(lines)


def _add_meta(result: CheckFile, path: str, line: int, body: tuple[str, str], depth: int) -> None:
    command, argument = body
    if command == "c" and argument:
        result.steps.append(Switch(argument, line))
    elif command == "i" and argument:
        if depth >= _MAX_INCLUDE_DEPTH:
            raise UsageError(f"{path}:{line}: \\i nested more than {_MAX_INCLUDE_DEPTH} deep")
        included = (Path(path).parent / argument).as_posix()
        try:
            text = Path(included).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"{path}:{line}: cannot include {argument}: {error}") from error
        inner = parse_check_file(included, text, depth + 1)
        result.setup += inner.setup
        result.checks += inner.checks
        result.steps += inner.steps
        result.variables.update(inner.variables)
    else:
        raise UsageError(f"{path}:{line}: unknown meta-command \\{command}",
                         hint="Check files know \\c NAME (connection or database) and \\i FILE.")


def _add_statements(result: CheckFile, path: str, text: str, offset: int, pending: list) -> None:
    statements = split_statements(text)
    for statement in statements:
        line = statement.line + offset
        writes = isinstance(_parsed(path, statement, line), WRITES)
        directives = _directives(path, statement, line)
        connection = _pop_single(directives, "connection", path, line)
        sql = Statement(statement.sql, line, connection, writes)
        if pending[0] is not None and "check" not in directives:
            _reject_leftovers(directives, path, line)
            pending[0].statements.append(sql)
            pending[0] = None
            continue
        if pending[0] is not None:
            raise UsageError(f"{path}:{pending[0].line}: @expect {pending[0].expect.kind} needs two statements")
        for _, value in directives.pop("var", []):
            key, _, default = value.partition(" ")
            result.variables[key] = default.strip()
        used = _use_target(statement.sql)
        if "check" not in directives:
            _reject_leftovers(directives, path, line)
            if used is not None:
                result.steps.append(Switch(used, line))
                continue
            result.setup.append(sql)
            result.steps.append(sql)
            continue
        check = _check(path, line, sql, directives)
        result.checks.append(check)
        result.steps.append(check)
        if check.expect.kind in _PAIRED:
            pending[0] = check
    trailing = text[text.rfind(statements[-1].sql) + len(statements[-1].sql):] if statements else text
    if any(_DIRECTIVE.match(part) for part in trailing.splitlines()):
        raise UsageError(f"{path}: a directive is not followed by a statement")


def _use_target(sql: str) -> str | None:
    match = re.fullmatch(r"\s*use\s+\"?([\w.-]+)\"?\s*", sql, re.IGNORECASE)
    return match.group(1) if match else None


def _parsed(path: str, statement, first_line: int):
    """The statement's tree; a syntax error names the file and line."""
    try:
        return parse_statement(statement.sql)
    except SqlSyntaxError as error:
        line = first_line + (error.line or 1) - 1
        raise SqlSyntaxError(f"{path}:{line}: {error.message}", hint=error.hint) from error


def _directives(path: str, statement, line: int) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for comment in statement.comments.splitlines():
        match = _DIRECTIVE.match(comment)
        if match:
            name, value = match.group(1).lower(), match.group(2)
            if name not in _KNOWN:
                raise UsageError(f"{path}:{line}: unknown directive @{name}",
                                 hint="Known: " + ", ".join("@" + k for k in sorted(_KNOWN)))
            found.setdefault(name, []).append((name, value))
    return found


def _pop_single(directives: dict, name: str, path: str, line: int) -> str | None:
    values = directives.pop(name, [])
    if len(values) > 1:
        raise UsageError(f"{path}:{line}: @{name} given twice")
    return values[0][1] if values else None


def _reject_leftovers(directives: dict, path: str, line: int) -> None:
    extra = sorted(k for k in directives if k != "var")
    if extra:
        raise UsageError(f"{path}:{line}: @{extra[0]} applies to a check: add -- @check <name> before it")


def _check(path: str, line: int, sql: Statement, directives: dict) -> Check:
    name = _pop_single(directives, "check", path, line)
    if not name:
        raise UsageError(f"{path}:{line}: @check needs a name")
    check = Check(name, path, line, [sql])
    check.description = _pop_single(directives, "description", path, line) or ""
    check.tags = tuple(t.strip() for t in (_pop_single(directives, "tags", path, line) or "").split(",") if t.strip())
    check.severity = (_pop_single(directives, "severity", path, line) or "error").lower()
    if check.severity not in ("error", "warn"):
        raise UsageError(f"{path}:{line}: @severity is error or warn, not {check.severity!r}")
    skip = directives.pop("skip", None)
    check.skip = (skip[0][1] or "skipped") if skip else None
    timeout = _pop_single(directives, "timeout", path, line)
    check.timeout_ms = duration_ms(timeout) if timeout else None
    if timeout and check.timeout_ms is None:
        raise UsageError(f"{path}:{line}: cannot read @timeout {timeout} (e.g. 30s, 500ms, 2m)")
    expect = _pop_single(directives, "expect", path, line)
    check.expect = _expectation(expect, path, line) if expect else Expectation("empty")
    for key in ("warn_if", "error_if"):
        value = _pop_single(directives, key, path, line)
        setattr(check, key, _comparison(value, path, line, f"@{key}") if value is not None else None)
    return check


def _expectation(text: str, path: str, line: int) -> Expectation:
    kind, _, rest = text.partition(" ")
    kind = kind.lower()
    if kind in ("empty", *_PAIRED) and not rest.strip():
        return Expectation(kind)
    if kind in ("rows", "value") and rest.strip():
        return Expectation(kind, _comparison(rest, path, line, f"@expect {kind}"))
    raise UsageError(f"{path}:{line}: cannot read @expect {text}",
                     hint="Use @expect empty, rows <op> N, value <op> X, same, same_set or same_bag.")


def _comparison(text: str, path: str, line: int, where: str) -> Comparison:
    match = _COMPARISON.match(text.strip())
    if not match:
        raise UsageError(f"{path}:{line}: {where} needs <op> <value>, e.g. > 0")
    return Comparison(OPERATORS[match.group(1)], match.group(2).strip())


def duration_ms(text: str) -> int | None:
    """Milliseconds of '30s', '500ms', '2m' or '30' (seconds); None when it is not one."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(ms|s|m)?", text.strip())
    if not match:
        return None
    factor = {"ms": 1, "s": 1000, "m": 60000, None: 1000}[match.group(2)]
    return int(float(match.group(1)) * factor)


_KNOWN = {"check", "description", "tags", "severity", "skip", "timeout", "connection", "expect",
          "warn_if", "error_if", "var"}
