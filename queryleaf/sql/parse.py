"""Parsing: SQL text -> sqlglot AST, with sqlglot's errors turned into ours."""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from ..errors import SqlSyntaxError
from .dialect import QueryLeafPostgres

DIALECT = QueryLeafPostgres
WRITES = (exp.Insert, exp.Update, exp.Delete, exp.Create, exp.Drop, exp.Alter, exp.Merge, exp.TruncateTable)
DESTRUCTIVE = (exp.Update, exp.Delete, exp.Drop, exp.Alter, exp.TruncateTable)  # asked for in the shell


def statement_kind(tree: exp.Expression) -> str:
    """The statement's leading keyword(s), as messages name it: SELECT, DELETE, DROP TABLE."""
    if isinstance(tree, (exp.Create, exp.Drop, exp.Alter)):
        return f"{tree.key.upper()} {str(tree.args.get('kind') or '').upper()}".strip()
    return {"truncatetable": "TRUNCATE"}.get(tree.key, tree.key.upper())


def parse_statements(sql: str, dialect=DIALECT) -> list[exp.Expression]:
    """All statements of a text, empty statements dropped."""
    try:
        statements = sqlglot.parse(sql, read=dialect)
    except ParseError as error:
        raise _syntax_error(sql, error) from error
    except TokenError as error:
        raise SqlSyntaxError(f"cannot read the SQL text: {error}", sql=sql) from error
    return [s for s in statements if s is not None]


def parse_statement(sql: str, dialect=DIALECT) -> exp.Expression:
    """Exactly one statement."""
    statements = parse_statements(sql, dialect)
    if not statements:
        raise SqlSyntaxError("no SQL statement given", sql=sql)
    if len(statements) > 1:
        raise SqlSyntaxError(
            f"expected one statement, got {len(statements)}",
            sql=sql,
            hint="Run scripts with `queryleaf query --file`, or execute statements one at a time.",
        )
    return statements[0]


def _syntax_error(sql: str, error: ParseError) -> SqlSyntaxError:
    detail = error.errors[0] if error.errors else {}
    message = detail.get("description") or str(error)
    message = re.sub(r"\s*(but got )?<Token .*", "", message).replace("Expected", "expected").strip()
    near = detail.get("highlight")
    if near:
        message = f"syntax error at or near \"{near}\"" + (f": {message}" if message else "")
    line, column = detail.get("line"), detail.get("col")
    if column and near:
        column = max(column - len(near) + 1, 1)  # sqlglot reports the token's last column
    return SqlSyntaxError(message, sql=sql, line=line, column=column)
