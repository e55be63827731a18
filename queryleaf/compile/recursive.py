"""A graph-walk WITH RECURSIVE (see sql/recursive.py) -> $graphLookup.

The anchor's documents are matched, each walks its links with $graphLookup (NULL links are
never followed), the anchor row and the walked documents become rows, and UNION's duplicate
removal runs over the CTE's columns.
"""

from __future__ import annotations

from ..sql.bind import FieldRef
from ..sql.recursive import BoundRecursive
from ..sql.scope import TableScope
from ..translation import OutputColumn
from .context import CompileContext
from .expressions import ExpressionCompiler
from .filters import FilterBuilder
from .layout import Layout
from .nulls import as_null
from .query_types import CompiledQuery


def compile_recursive(query: BoundRecursive, ctx: CompileContext, correlate=None) -> CompiledQuery:
    from .relations import FromCompiler
    from .rewrites import and_all
    from .select import SelectCompiler

    sc = SelectCompiler(query.anchor, ctx, correlate=correlate)
    where = FromCompiler(sc).lower()
    if where:
        sc.add_match(and_all(where))
    source = query.anchor.first.table
    connect_from, connect_to = ".".join(query.connect_from), ".".join(query.connect_to)
    restrict = {connect_to: {"$ne": None}}
    if query.restrict is not None:
        restrict.update(_restriction(query, source, ctx))
    walk = {
        "from": source.collection,
        "startWith": "$" + connect_from,
        "connectFromField": connect_from,
        "connectToField": connect_to,
        "as": "__walk",
        "restrictSearchWithMatch": restrict,
    }
    compiled = [sc.document.compile(i.node) for i in query.items]
    projection = {"_id": 0, **{i.field: t.mql for i, t in zip(query.items, compiled)}}
    key = {i.field: as_null("$" + i.field) for i in query.items}
    sc.stages.extend([
        {"$graphLookup": walk},
        {"$project": {"__rows": {"$concatArrays": [["$$ROOT"], "$__walk"]}}},
        {"$unwind": "$__rows"},
        {"$replaceWith": "$__rows"},
        {"$project": projection},
        {"$group": {"_id": key}},
        {"$replaceWith": "$_id"},
    ])
    columns = [OutputColumn(i.name, i.field, t.type) for i, t in zip(query.items, compiled)]
    return CompiledQuery(sc.database, sc.collection, sc.stages, columns)


def _restriction(query: BoundRecursive, source: TableScope, ctx: CompileContext) -> dict:
    """The step's WHERE, as a query on the walked documents."""
    refs = list(query.restrict.find_all(FieldRef))
    alias = refs[0].table if refs else source.alias
    layout = Layout()
    layout.place(TableScope(alias, source.database, source.collection, source.field_types))
    return FilterBuilder(ExpressionCompiler(ctx, layout)).match(query.restrict)
