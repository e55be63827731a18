"""Compilation: a parsed statement -> MongoDB command(s) (a `Translation`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlglot import exp

from ..errors import UnsupportedSqlError
from ..sql.bind import BindContext
from ..sql.bound import bind_query
from ..sql.nodes import position
from ..translation import Command, Translation
from .context import CompileContext
from .peephole import tidy

_STATEMENT_NAMES = {
    exp.Insert: "INSERT",
    exp.Update: "UPDATE",
    exp.Delete: "DELETE",
    exp.Create: "CREATE",
    exp.Drop: "DROP",
}


_QUERY_TYPES = (exp.Select, exp.Union, exp.Intersect, exp.Except, exp.Subquery)


def compile_statement(
    tree: exp.Expression, *, sql: str | None, database: str, catalog, params, now: dt.datetime
) -> Translation:
    """The single entry point from a parsed statement to MongoDB commands."""
    from .query import compile_query

    if isinstance(tree, _QUERY_TYPES):
        bctx = BindContext(sql=sql, database=database, catalog=catalog, params=params)
        query = bind_query(tree, bctx)
        cctx = CompileContext(sql=sql, database=database, now=now, subqueries=bctx.subqueries)
        compiled = compile_query(query, cctx)
        command = Command(compiled.database, compiled.collection, tidy(compiled.stages))
        commands = (*(replace(p, pipeline=tidy(p.pipeline)) for p in cctx.prerequisites), command)
        return Translation(sql or "", compiled.database, commands, tuple(compiled.columns), compiled.all_fields)
    if isinstance(tree, (exp.Insert, exp.Update, exp.Delete)):
        from .dml import compile_write

        return compile_write(tree, sql=sql, database=database, catalog=catalog, params=params, now=now)
    if isinstance(tree, (exp.Create, exp.Drop, exp.Alter)):
        from .ddl import compile_ddl

        return compile_ddl(tree, sql=sql, database=database, catalog=catalog, params=params, now=now)
    name = _STATEMENT_NAMES.get(type(tree), type(tree).__name__.upper())
    raise UnsupportedSqlError(f"{name} statement is not supported", **position(sql, tree))
