"""Compilation: a parsed statement -> MongoDB command(s) (a `Translation`)."""

from __future__ import annotations

import datetime as dt

from sqlglot import exp

from ..errors import UnsupportedSqlError
from ..sql.bind import BindContext
from ..sql.nodes import position
from ..translation import Translation
from .context import CompileContext

_STATEMENT_NAMES = {
    exp.Insert: "INSERT",
    exp.Update: "UPDATE",
    exp.Delete: "DELETE",
    exp.Create: "CREATE",
    exp.Drop: "DROP",
    exp.Union: "UNION",
    exp.Intersect: "INTERSECT",
    exp.Except: "EXCEPT",
}


def compile_statement(
    tree: exp.Expression, *, sql: str | None, database: str, catalog, params, now: dt.datetime
) -> Translation:
    """The single entry point from a parsed statement to MongoDB commands."""
    from .select import compile_select

    if isinstance(tree, exp.Select):
        bctx = BindContext(sql=sql, database=database, catalog=catalog, params=params)
        cctx = CompileContext(sql=sql, database=database, now=now)
        return compile_select(tree, bctx, cctx)
    name = _STATEMENT_NAMES.get(type(tree), type(tree).__name__.upper())
    raise UnsupportedSqlError(f"{name} statement is not supported", **position(sql, tree))
