"""A single-collection SELECT -> one aggregation pipeline.

Stages, in order: $match (WHERE, query language where exact) -> [$sort for ordered
aggregates] -> [$group + finals, HAVING] -> $project (output columns and hidden sort keys)
-> [DISTINCT] -> null-ordering flags -> $sort -> $skip -> $limit -> $unset of hidden fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from ..sql.bind import BindContext
from ..sql.bound import BoundSelect, OrderKey, OutputItem, bind_select
from ..translation import Command, OutputColumn, Translation
from .context import CompileContext
from .expressions import ExpressionCompiler
from .filters import MATCH_NOTHING, FilterBuilder
from .grouping import compile_grouping
from .mql import operand
from .nulls import is_null
from .types import Typed, sql_type_of_bson


@dataclass
class SortKey:
    field: str
    nullable: bool
    desc: bool
    nulls_first: bool


class SelectCompiler:
    def __init__(self, bound: BoundSelect, ctx: CompileContext) -> None:
        self.bound = bound
        self.ctx = ctx
        self.document = ExpressionCompiler(ctx, self._field_type)
        self.stages: list[dict] = [] if bound.source.collection else [{"$documents": [{}]}]
        self.hidden: list[str] = []

    def compile(self) -> Translation:
        bound = self.bound
        self._where()
        compiler, items, order = self.document, bound.items, bound.order
        if bound.grouped:
            if bound.star:
                raise self.ctx.unsupported(bound.select, "SELECT * with GROUP BY or aggregates")
            grouping = compile_grouping(bound, self.document)
            self.stages.extend(grouping.stages)
            compiler, items, order = grouping.compiler, grouping.items, grouping.order
        compiled = [compiler.compile(i.node) if i.node is not None else None for i in items]
        self._output(compiler, items, compiled, order)
        columns = [OutputColumn(i.name, i.field, t.type if t else "unknown") for i, t in zip(items, compiled)]
        if bound.star:
            columns = self._star_columns(items, columns)
        source = bound.source
        command = Command(source.database, source.collection, self.stages)
        return Translation(self.ctx.sql or "", source.database, (command,), tuple(columns), all_fields=bound.star)

    def _where(self) -> None:
        if self.bound.where is None:
            return
        match = FilterBuilder(self.document, self._crosses_array).match(self.bound.where)
        if match != {}:
            self.stages.append({"$match": match})

    # -- output ----------------------------------------------------------------------------

    def _output(self, compiler, items: list[OutputItem], compiled: list, order: list[OrderKey]) -> None:
        sort_keys, hidden = self._sort_keys(compiler, items, compiled, order)
        if self.bound.star:
            extra = {i.field: operand(t) for i, t in zip(items, compiled) if t is not None}
            extra.update(hidden)
            if extra:
                self.stages.append({"$addFields": extra})
        else:
            projection = {"_id": 0} if all(i.field != "_id" for i in items) else {}
            projection.update({i.field: _projected(t) for i, t in zip(items, compiled)})
            projection.update(hidden)
            self.stages.append({"$project": projection})
        if self.bound.distinct:
            self._distinct(items)
        self._sort(sort_keys)
        self._limit()
        if self.hidden:
            self.stages.append({"$unset": self.hidden})

    def _distinct(self, items: list[OutputItem]) -> None:
        if self.bound.star:
            raise self.ctx.unsupported(self.bound.select, "SELECT DISTINCT *")
        key = {i.field: {"$ifNull": ["$" + i.field, None]} for i in items}
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
            keys.append(SortKey(field, typed.nullable if typed else True, key.desc, key.nulls_first))
        return keys, hidden

    def _sort(self, keys: list[SortKey]) -> None:
        """PostgreSQL puts NULLs last ascending and first descending (trap 3); MongoDB does the
        opposite, so a nullable key sorts first on a computed is-null flag."""
        if not keys:
            return
        flags, spec = {}, {}
        for index, key in enumerate(keys):
            if key.nullable:
                flag = f"__null_{index}"
                flags[flag] = is_null("$" + key.field)
                self.hidden.append(flag)
                spec[flag] = -1 if key.nulls_first else 1
            spec.setdefault(key.field, -1 if key.desc else 1)
        if flags:
            self.stages.append({"$addFields": flags})
        self.stages.append({"$sort": spec})

    def _limit(self) -> None:
        offset = self._count(self.bound.offset, "OFFSET")
        node = self.bound.limit
        limit = self._count(node, "LIMIT")
        if isinstance(node, exp.Fetch) and node.args.get("count") is None:
            limit = 1
        if offset:
            self.stages.append({"$skip": offset})
        if limit == 0:
            self.stages.append({"$match": MATCH_NOTHING})
        elif limit is not None:
            self.stages.append({"$limit": limit})

    def _count(self, node, clause: str) -> int | None:
        if node is None:
            return None
        options = node.args.get("limit_options") if isinstance(node, exp.Fetch) else None
        if options is not None and options.args.get("with_ties"):
            raise self.ctx.unsupported(node, "FETCH ... WITH TIES")
        value_node = node.args.get("count") if isinstance(node, exp.Fetch) else node.expression
        if value_node is None or (isinstance(value_node, exp.Var) and value_node.name.upper() == "ALL"):
            return None
        value = ExpressionCompiler(self.ctx).compile(value_node)
        if not value.constant or (value.mql is not None and not isinstance(value.mql, int)):
            raise self.ctx.unsupported(node, f"{clause} that is not a constant integer")
        if value.mql is not None and value.mql < 0:
            raise self.ctx.unresolved(node, f"{clause} must not be negative")
        return None if value.mql is None else int(value.mql)

    # -- sampled types ---------------------------------------------------------------------

    def _field_type(self, path: tuple[str, ...]) -> str:
        types = self.bound.source.field_types
        if types is None:
            return "unknown"
        dotted = ".".join(path)
        if len(path) > 1 and types.crosses_array(dotted):
            return "unknown"
        return sql_type_of_bson(types.of(dotted))

    def _crosses_array(self, path: str) -> bool:
        types = self.bound.source.field_types
        return types is not None and types.crosses_array(path)

    def _star_columns(self, items: list[OutputItem], columns: list[OutputColumn]) -> list[OutputColumn]:
        types = self.bound.source.field_types
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
    if typed.constant or not isinstance(mql, (dict, str)) or (isinstance(mql, str) and not mql.startswith("$")):
        return {"$literal": mql}
    return mql


def compile_select(select, bctx: BindContext, cctx: CompileContext) -> Translation:
    return SelectCompiler(bind_select(select, bctx), cctx).compile()
