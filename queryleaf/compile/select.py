"""A single-collection SELECT -> one aggregation pipeline.

Stages, in order: $match (WHERE, query language where exact) -> [$sort for ordered
aggregates] -> [$group + finals, HAVING] -> $project (output columns and hidden sort keys)
-> [DISTINCT] -> null-ordering flags -> $sort -> $skip -> $limit -> $unset of hidden fields.
"""

from __future__ import annotations

from sqlglot import exp

from ..sql.bind import FieldRef, SubqueryExpr
from ..sql.bound import BoundSelect, OrderKey, OutputItem
from ..translation import OutputColumn
from .context import CompileContext
from .expressions import ExpressionCompiler
from .filters import FilterBuilder
from .grouping import compile_grouping
from .intervals import as_document, ordering_value
from .layout import Layout
from .mql import operand
from .nulls import as_null
from .ordering import SortKey, limit_stages, sort_stages
from .query_types import CompiledQuery
from .relations import FromCompiler
from .rewrites import and_all, conjuncts
from .series import expand_series
from .subqueries import SubqueryHost
from .types import Typed, sql_type_of_bson
from .windows import compile_windows


class SelectCompiler(SubqueryHost):
    """One SELECT. Stages are appended in order; subquery $lookups wait in `pending` until
    the stage that reads them is appended."""

    def __init__(self, bound: BoundSelect, ctx: CompileContext, correlate=None) -> None:
        self.bound = bound
        self.ctx = ctx
        self.layout = Layout()
        self.document = ExpressionCompiler(ctx, self.layout, correlate=correlate, host=self)
        self.database = ctx.database
        self.collection: str | None = None
        self.stages: list[dict] = []
        self.pending: list[dict] = []
        self.hidden: list[str] = []  # helper fields of the output, removed at the end
        self.lookup_fields: list[str] = []  # subquery results, gone after a $project
        self._facts: dict = {}
        self._fields: dict[str, str] = {}

    def compile(self) -> CompiledQuery:
        bound = self.bound
        where = FromCompiler(self).lower()
        plain = [c for c in where if not any(isinstance(n, SubqueryExpr) for n in c.walk())]
        if plain:
            self.add_match(and_all(plain))
        for condition in where:  # each subquery runs only for the rows that are still left
            if not any(condition is p for p in plain):
                self.add_match(condition)
        compiler, items, order = self.document, bound.items, bound.order
        if bound.grouped:
            if bound.star:
                raise self.ctx.unsupported(bound.select, "SELECT * with GROUP BY or aggregates")
            grouping = compile_grouping(bound, self.document, self)
            compiler, items, order = grouping.compiler, grouping.items, grouping.order
        items, order = compile_windows(self, compiler, items, order)
        items, order = expand_series(self, compiler, items, order)
        compiled = [compiler.compile(i.node) if i.node is not None else None for i in items]
        self._output(compiler, items, compiled, order)
        columns = [OutputColumn(i.name, i.field, t.type if t else "unknown") for i, t in zip(items, compiled)]
        if bound.star:
            columns = self._star_columns(items, columns)
        return CompiledQuery(self.database, self.collection, self.stages, columns, bound.star)

    # -- services for FromCompiler, grouping and subqueries ----------------------------------

    def start(self, collection: str | None, stages: list, database: str | None = None) -> None:
        self.collection = collection
        self.database = database or self.ctx.database
        self.stages.extend(stages)

    def add_stage(self, stage: dict) -> None:
        """Append a stage, after the $lookups its expressions need."""
        self.stages.extend(self.pending)
        self.pending.clear()
        self.stages.append(stage)

    def add_match(self, condition: exp.Expression) -> None:
        match = FilterBuilder(self.document).match(condition)
        if match != {}:
            self.add_stage({"$match": match})

    def field_for(self, alias: str) -> str:
        """The field a table lives under once the query joins."""
        if alias not in self._fields:
            plain = alias and alias.isidentifier() and not alias.startswith("__")
            self._fields[alias] = alias if plain else f"t{len(self._fields)}"
        return self._fields[alias]

    def compile_inner(self, query, correlate=None) -> CompiledQuery:
        from .query import compile_query

        return compile_query(query, self.ctx, correlate=correlate)

    def reads_table_elsewhere(self, alias: str, besides: exp.Expression) -> bool:
        """Whether anything but `besides` reads a column of table `alias`."""
        bound = self.bound
        nodes = [i.node for i in bound.items if i.node is not None] + [k.node for k in bound.order if k.node]
        nodes += [c for c in conjuncts(bound.where) if c is not besides]
        nodes += list(bound.group or []) + ([bound.having] if bound.having is not None else [])
        if any(i.node is None for i in bound.items):
            return True
        return any(isinstance(n, FieldRef) and n.table == alias for node in nodes for n in node.walk())

    # -- output ----------------------------------------------------------------------------

    def _output(self, compiler, items: list[OutputItem], compiled: list, order: list[OrderKey]) -> None:
        sort_keys, hidden = self._sort_keys(compiler, items, compiled, order)
        if self.bound.star:
            extra = {i.field: operand(t) for i, t in zip(items, compiled) if t is not None}
            extra.update(hidden)
            if extra:
                self.add_stage({"$addFields": extra})
        else:
            projection = {"_id": 0} if all(i.field != "_id" for i in items) else {}
            projection.update({i.field: _projected(t) for i, t in zip(items, compiled)})
            projection.update(hidden)
            self.add_stage({"$project": projection})
        if self.bound.distinct:
            self._distinct(items)
        self._sort(sort_keys)
        self._limit()
        leftovers = self.hidden + (self.lookup_fields + self._hidden_id() if self.bound.star else [])
        if leftovers:
            self.stages.append({"$unset": leftovers})

    def _distinct(self, items: list[OutputItem]) -> None:
        if self.bound.star:
            raise self.ctx.unsupported(self.bound.select, "SELECT DISTINCT *")
        key = {i.field: as_null("$" + i.field) for i in items}
        self.stages.extend([{"$group": {"_id": key}}, {"$replaceWith": "$_id"}])

    def _sort_keys(self, compiler, items, compiled, order: list[OrderKey]):
        """Sort on output columns where the key is one, else on hidden computed fields."""
        keys, hidden = [], {}
        for index, key in enumerate(order):
            position = key.position
            if position is None:
                position = next((k for k, i in enumerate(items) if i.node is not None and i.node == key.node), None)
            if position is not None:
                typed, field = compiled[position], items[position].field
            elif self.bound.distinct:
                raise self.ctx.unresolved(
                    key.source, "for SELECT DISTINCT, ORDER BY expressions must appear in select list"
                )
            else:
                typed = compiler.compile(key.node)
                field = _document_path(typed) if self.bound.star else None
                if field is None:
                    field = f"__order_{index}"
                    hidden[field] = _projected(typed)
                    self.hidden.append(field)
            if typed is not None and typed.type == "interval":  # by PostgreSQL's ordering value
                field = f"__order_{index}"
                hidden[field] = operand(ordering_value(compiler, typed))
                self.hidden.append(field)
            keys.append(SortKey(field, typed.nullable if typed else True, key.desc, key.nulls_first))
        return keys, hidden

    def _sort(self, keys: list[SortKey]) -> None:
        stages, flags = sort_stages(keys)
        self.stages.extend(stages)
        self.hidden.extend(flags)

    def _limit(self) -> None:
        self.stages.extend(limit_stages(self.bound.limit, self.bound.offset, self.ctx))

    def _hidden_id(self) -> list[str]:
        """A table made with CREATE TABLE has no `_id` column: `SELECT *` leaves it out."""
        types = self.bound.first.table.field_types
        return ["_id"] if types is not None and types.declared is not None else []

    def _star_columns(self, items: list[OutputItem], columns: list[OutputColumn]) -> list[OutputColumn]:
        types = self.bound.first.table.field_types
        sampled = [f for f in (types.order if types else []) if not f.startswith("__")]
        sampled.sort(key=lambda f: f != "_id")
        result: list[OutputColumn] = []
        for item, column in zip(items, columns):
            if item.node is None:
                result.extend(OutputColumn(f, f, sql_type_of_bson(types.of(f))) for f in sampled)
            else:
                result.append(column)
        return result


def _document_path(typed: Typed) -> str | None:
    """The field path of a plain field reference (`$a.b` -> `a.b`), else None."""
    mql = typed.mql
    if isinstance(mql, str) and mql.startswith("$") and not mql.startswith("$$"):
        return mql[1:]
    return None


def _projected(typed: Typed):
    """A value in $project: constants must be $literal (1 and true would mean 'include')."""
    mql = typed.mql
    if typed.type == "interval" and typed.constant:
        return {"$literal": None if mql is None else as_document(mql)}
    if typed.constant or not isinstance(mql, (dict, str)) or (isinstance(mql, str) and not mql.startswith("$")):
        return {"$literal": mql}
    return mql



def finish_rows(query, ctx: CompileContext, columns: list[OutputColumn]) -> list:
    """ORDER BY / LIMIT / OFFSET of a set operation, over its output columns."""
    keys = [SortKey(columns[k.position].field, True, k.desc, k.nulls_first) for k in query.order]
    stages, flags = sort_stages(keys)
    stages.extend(limit_stages(query.limit, query.offset, ctx))
    if flags:
        stages.append({"$unset": flags})
    return stages
