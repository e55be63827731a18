"""FROM and JOIN -> the first stages of a pipeline (trap 6).

The driving table's own WHERE conditions run first, on its documents as stored (so indexes
serve them); then, when the query joins, each table moves under a field named after its
alias and every joined table arrives through one $lookup. Equality on plain fields uses
localField/foreignField (index-friendly) with NULL keys excluded on the foreign side, so a
NULL key never matches; other conditions go into the $lookup pipeline, conditions on the
joined table alone as plain $match. `LEFT JOIN b ... WHERE b.key IS NULL` becomes an
anti-join: the $lookup stops at one match and the row is kept when there is none.
"""

from __future__ import annotations

from sqlglot import exp

from ..sql.bind import FieldRef, SubqueryExpr
from .expressions import ExpressionCompiler
from .filters import FilterBuilder
from .join_order import equal_columns, implied_equalities, plan_inner_joins
from .layout import Layout
from .mql import let_variable, plain_segment
from .predicates import Truth
from .rewrites import (
    and_all,
    conjuncts,
    factor_common_conjuncts,
    infer_table_disjunctions,
    tables_of,
)
from .semijoins import semi_joins_as_joins
from .shared_aggregates import windowed_subqueries
from .subqueries import is_correlated


class FromCompiler:
    """Lowers the FROM clause of one SELECT into stages of the SelectCompiler `sc`."""

    def __init__(self, sc) -> None:
        self.sc = sc
        self.bound = sc.bound
        self.layout: Layout = sc.layout

    def lower(self) -> list[exp.Expression]:
        """Emit the FROM stages; return the WHERE conjuncts still to be applied."""
        bound = self.bound
        where = [part for c in conjuncts(bound.where) for part in factor_common_conjuncts(c)]
        if bound.first is None:
            self.sc.start(None, [{"$documents": [{}]}])
            return where
        first, joins = bound.first, list(bound.joins)
        if len(joins) == 1 and joins[0].kind == "right":
            first, joins = _swap(first, joins[0])
        if all(j.kind in ("inner", "cross") for j in joins):
            joins, where = semi_joins_as_joins(self, first, joins, where)
        if joins and all(j.kind in ("inner", "cross") for j in joins):
            for join in joins:  # ON of inner joins is WHERE: each condition joins where it can
                where += [c for part in conjuncts(join.condition) for c in factor_common_conjuncts(part)]
                join.kind, join.condition = "cross", None
            aliases = {first.table.alias, *(j.item.table.alias for j in joins)}
            where = infer_table_disjunctions(where, aliases)
            hint = getattr(bound, "driver_hint", None)  # set when a $lookup must read this table
            first, joins = plan_inner_joins(first, joins, where, self.uncorrelated, hint, self._sampled_share)
            where += implied_equalities([first.table.alias, *(j.item.table.alias for j in joins)], where)
        where, windows = windowed_subqueries(self, first, where)
        self.conditions = list(where)  # every condition the joins may read (for narrowing)
        self._source(first)
        if windows:
            self.sc.stages.append({"$setWindowFields": {"output": windows}})
        if not joins:
            return where
        where = self._fold_comma_joins(first.table.alias, joins, where)
        if not any(j.kind in ("right", "full") for j in joins):
            where = self._push_down(first.table.alias, where)
        self._nest(first.table)
        for join in joins:
            where = self._join(join, where)
        return where

    def _sampled_share(self, item, conditions) -> float | None:
        """The share of a collection's sampled documents that pass its own conditions."""
        types = item.table.field_types
        if types is None or not hasattr(types, "share"):
            return None
        layout = Layout()
        layout.place(item.table)
        match = FilterBuilder(ExpressionCompiler(self.sc.ctx, layout)).match(and_all(conditions))
        return types.share(match)

    def uncorrelated(self, node) -> bool:
        """Whether a subquery reads nothing of the query it stands in."""
        return not is_correlated(self.sc.ctx.subqueries[node.args["index"]], self.sc.ctx.subqueries)

    def _source(self, item) -> None:
        if item.query is None:
            self.sc.start(item.table.collection, [], database=item.table.database)
        else:
            inner = self.sc.compile_inner(item.query)
            _refine_column_types(item.table, inner)
            self.sc.start(inner.collection, list(inner.stages), database=inner.database)
        self.layout.place(item.table)

    def _fold_comma_joins(self, first_alias: str, joins, where):
        """`FROM a, b WHERE a.x = b.y`: WHERE conditions over a cross-joined table and the
        tables before it join them (the result is the same, and it avoids a product)."""
        seen = {first_alias}
        for join in joins:
            seen.add(join.item.table.alias)
            if join.kind != "cross":
                continue
            moved = [c for c in where if (t := tables_of(c)) and join.item.table.alias in t and t <= seen]
            if moved:
                join.kind, join.condition = "inner", and_all(moved)
                where = [c for c in where if not any(c is m for m in moved)]
        return where

    def _push_down(self, alias: str, where):
        pushed = [c for c in where if tables_of(c, self.uncorrelated) == {alias}]
        if pushed:
            self.sc.add_match(and_all(pushed))
        return [c for c in where if not any(c is p for p in pushed)]

    def _nest(self, table) -> None:
        field = self.sc.field_for(table.alias)
        needed = self._needed_fields(table.alias)
        if needed is None:
            self.sc.stages.append({"$project": {"_id": 0, field: "$$ROOT"}})
        else:
            kept = {f: "$" + f for f in needed or ["_id"]}
            self.sc.stages.append({"$project": {"_id": 0, field: kept}})
        self.layout.place(table, (field,))

    def _needed_fields(self, alias: str) -> list[str] | None:
        """The top-level fields of a table the query reads, so a join carries only those
        (projections narrowed early); None when that cannot be known (SELECT *, subqueries)."""
        bound = self.bound
        nodes = [i.node for i in bound.items] + [k.node for k in bound.order]
        nodes += [bound.where, bound.having, *(bound.group or []), *(j.condition for j in bound.joins)]
        nodes += getattr(self, "conditions", [])
        if any(n is None for n in nodes[: len(bound.items)]):
            return None
        fields: list[str] = []
        for node in nodes:
            for inner in node.walk() if node is not None else ():
                if isinstance(inner, SubqueryExpr):
                    return None
                if isinstance(inner, FieldRef) and inner.table == alias and inner.level == 0:
                    if inner.path[0] not in fields:
                        fields.append(inner.path[0])
        return fields if all(plain_segment(f) for f in fields) else None

    def _join(self, join, where):
        table = join.item.table
        field = self.sc.field_for(table.alias)
        if join.kind == "right":
            self._right_join(join, field)
            return where
        left_rows = (self.sc.collection, list(self.sc.stages), self._copy_layout())
        anti = self._anti_join_test(join, where) if join.kind == "left" else None
        inner = join.kind in ("inner", "cross")
        lookup = self._lookup(join.item, join.condition, field, limit_one=anti is not None, inner=inner)
        if inner and "localField" in lookup:
            # the row goes when its key is NULL, so it need not look up (SQL: NULL never matches)
            self.sc.stages.append({"$match": {lookup["localField"]: {"$ne": None}}})
        self.sc.stages.append({"$lookup": lookup})
        self.layout.place(table, (field,))
        if anti is not None:
            self.sc.stages.append({"$match": {field: {"$size": 0}}})
            return [c for c in where if c is not anti]
        if join.kind == "full":
            self.sc.stages.append({"$unwind": {"path": "$" + field, "preserveNullAndEmptyArrays": True}})
            self.sc.stages.append({"$unionWith": self._unmatched(join, field, left_rows)})
            return where
        unwind = "$" + field if join.kind in ("inner", "cross") else {"path": "$" + field, "preserveNullAndEmptyArrays": True}
        self.sc.stages.append({"$unwind": unwind})
        return where

    def _lookup(self, item, condition, field: str, limit_one=False, outer_layout=None, inner=False) -> dict:
        """The $lookup document bringing `item`'s rows matching `condition` into `field`.
        localField matches a NULL key to NULL and missing foreign keys, so those are excluded
        on the foreign side, or on the local side before the $lookup of an `inner` join."""
        outer = outer_layout or self.layout
        inner_layout = Layout()
        inner_layout.place(item.table)
        lets: dict[str, object] = {}
        outer_compiler = ExpressionCompiler(self.sc.ctx, outer, correlate=self.sc.document.correlate)
        compiler = ExpressionCompiler(
            self.sc.ctx, inner_layout, correlate=lambda ref: _let(ref, outer_compiler, lets)
        )
        lookup: dict = {}
        pipeline: list = []
        if item.query is not None:
            inner = self.sc.compile_inner(item.query)
            _refine_column_types(item.table, inner)
            source = (inner.database, inner.collection, list(inner.stages))
        else:
            source = (item.table.database, item.table.collection, [])
        if source[0] != self.sc.database:
            pipeline.append({"$documents": self.sc.ctx.prerequisite(*source)})
        else:
            pipeline.extend(source[2])
            if source[1]:
                lookup["from"] = source[1]
        rest = conjuncts(condition)
        if item.query is None and "from" in lookup:
            # localField / foreignField match the stored documents before the pipeline runs,
            # so only a plain collection of this database can use them.
            rest = self._equi_key(rest, item.table.alias, outer, inner_layout, lookup)
        if "foreignField" in lookup and not inner:
            pipeline.append({"$match": {lookup["foreignField"]: {"$ne": None}}})
        own = [c for c in rest if tables_of(c) == {item.table.alias}]
        correlated = [c for c in rest if not any(c is o for o in own)]
        if own:
            pipeline.append({"$match": FilterBuilder(compiler).match(and_all(own))})
        if correlated:
            pipeline.append({"$match": {"$expr": Truth(compiler).is_true(and_all(correlated))}})
        if limit_one:
            pipeline.extend([{"$limit": 1}, {"$project": {"_id": 1}}])
        else:
            needed = self._needed_fields(item.table.alias)
            if needed is not None:
                pipeline.append({"$project": {"_id": 0, **{f: 1 for f in needed}} if needed else {"_id": 1}})
        if lets:
            lookup["let"] = lets
        if pipeline or "localField" not in lookup:
            lookup["pipeline"] = pipeline
        lookup["as"] = field
        return lookup

    def _equi_key(self, parts, alias: str, outer: Layout, inner: Layout, lookup: dict) -> list:
        """Use a plain equality between an outer column and a column of the joined table as
        localField / foreignField (the one whose foreign field has the most distinct values
        in the sample: the fewest documents per key); return the other conditions."""
        candidates = []
        for part in parts:
            if not isinstance(part, exp.EQ):
                continue
            sides = [part.this, part.expression]
            if not all(isinstance(s, FieldRef) and s.level == 0 for s in sides):
                continue
            inner_side = [s for s in sides if s.table == alias]
            outer_side = [s for s in sides if s.table != alias and outer.has(s)]
            if len(inner_side) != 1 or len(outer_side) != 1:
                continue
            local, foreign = outer.dotted_path(outer_side[0]), inner.dotted_path(inner_side[0])
            if local is not None and foreign is not None:
                candidates.append((part, local, foreign))
        if not candidates:
            return parts
        types = inner.tables[alias].field_types
        rows = inner.tables[alias].estimated_rows or 1

        def distinct(candidate) -> float:
            estimate = types.distinct_estimate(candidate[2], rows) if hasattr(types, "distinct_estimate") else None
            return estimate or 0.0

        part, lookup["localField"], lookup["foreignField"] = max(candidates, key=distinct)
        implied = equal_columns(getattr(self, "conditions", []), set(outer.tables))
        key = {(r.table, ".".join(r.path)) for r in (part.this, part.expression)}
        return [p for p in parts if p is not part and not _implied_by_key(p, key, implied)]

    def _anti_join_test(self, join, where):
        """The `b.key IS NULL` conjunct that makes LEFT JOIN b an anti-join, if any: `key`
        must be compared for equality in ON (so it is never NULL in a matched row), and b
        must not be read anywhere else in the query."""
        alias = join.item.table.alias
        keys = {
            ref.path
            for part in conjuncts(join.condition) if isinstance(part, exp.EQ)
            for ref in (part.this, part.expression) if isinstance(ref, FieldRef) and ref.table == alias
        }
        for candidate in where:
            target = candidate.this if isinstance(candidate, exp.Is) else None
            if (
                isinstance(candidate, exp.Is) and not candidate.args.get("negate")
                and isinstance(candidate.expression, exp.Null) and isinstance(target, FieldRef)
                and target.table == alias and target.level == 0 and target.path in keys
                and not self.sc.reads_table_elsewhere(alias, candidate)
            ):
                return candidate
        return None

    def _copy_layout(self) -> Layout:
        return Layout(dict(self.layout.tables), dict(self.layout.prefixes))

    def _rows_matching(self, join, field: str, left_rows, limit_one: bool) -> tuple[list, dict]:
        """Stages starting from the joined table's rows (under `field`) and a $lookup of the
        rows built so far (`left_rows`: collection, stages, layout) that match the ON
        condition, as `__left`."""
        collection, stages, layout = left_rows
        item = join.item
        if item.table.database != self.sc.database:
            raise self.sc.ctx.unsupported(join.source, f"{join.kind.upper()} JOIN with another database")
        start = self.sc.compile_inner(item.query).stages if item.query is not None else []
        right_layout = Layout()
        right_layout.place(item.table, (field,))
        lets: dict = {}
        outer = ExpressionCompiler(self.sc.ctx, right_layout, correlate=self.sc.document.correlate)
        compiler = ExpressionCompiler(self.sc.ctx, layout, correlate=lambda ref: _let(ref, outer, lets))
        pipeline = [*stages, {"$match": {"$expr": Truth(compiler).is_true(join.condition)}}]
        if limit_one:
            pipeline += [{"$limit": 1}, {"$project": {"_id": 1}}]
        lookup = {"from": collection} if collection else {}
        lookup.update({**({"let": lets} if lets else {}), "pipeline": pipeline, "as": "__left"})
        rows = [*start, {"$project": {"_id": 0, field: "$$ROOT"}}, {"$lookup": lookup}]
        source = item.table.collection or (self.sc.compile_inner(item.query).collection if item.query else None)
        return rows, {"collection": source}

    def _right_join(self, join, field: str) -> None:
        """`<rows so far> RIGHT JOIN b ON c` is `b LEFT JOIN <rows so far> ON c`: the pipeline
        restarts from b, and what was built becomes the pipeline of a $lookup."""
        left_rows = (self.sc.collection, list(self.sc.stages), self._copy_layout())
        rows, source = self._rows_matching(join, field, left_rows, limit_one=False)
        rows += [
            {"$unwind": {"path": "$__left", "preserveNullAndEmptyArrays": True}},
            {"$replaceWith": {"$mergeObjects": ["$__left", {field: "$" + field}]}},
        ]
        self.sc.collection = source["collection"]
        self.sc.stages[:] = rows
        self.layout.place(join.item.table, (field,))

    def _unmatched(self, join, field: str, left_rows) -> dict:
        """FULL JOIN: after the LEFT JOIN rows, the joined table's rows that match nothing."""
        rows, source = self._rows_matching(join, field, left_rows, limit_one=True)
        pipeline = [*rows, {"$match": {"__left": {"$size": 0}}}, {"$unset": "__left"}]
        union = {"pipeline": pipeline}
        return {"coll": source["collection"], **union} if source["collection"] else union


def _implied_by_key(condition, key: set, classes: list[set]) -> bool:
    """`inner.f = outer.y` adds nothing when the key is `inner.f = outer.x` and x = y is
    already enforced among the tables joined before (one class of equal columns)."""
    if not isinstance(condition, exp.EQ):
        return False
    sides = {(r.table, ".".join(r.path)) for r in (condition.this, condition.expression) if isinstance(r, FieldRef)}
    shared = sides & key
    if len(sides) != 2 or len(shared) != 1:
        return False
    (other,) = sides - shared
    (outer_key,) = key - shared
    return any(other in members and outer_key in members for members in classes)


def _let(ref: FieldRef, outer_compiler: ExpressionCompiler, lets: dict):
    """A column of the outer document inside a $lookup pipeline: a `let` variable."""
    return let_variable(outer_compiler.compile(ref), lets, "v")


def _swap(first, join):
    """`a RIGHT JOIN b ON c` is `b LEFT JOIN a ON c`; the select list names columns by
    table, so its order is unaffected."""
    from ..sql.from_items import FromItem, Join

    first.table.outer, join.item.table.outer = True, False
    return FromItem(join.item.table, join.item.query), [Join("left", first, join.condition, join.source)]


def _refine_column_types(table, inner) -> None:
    """Known types of a derived table's columns, from its compiled output."""
    from ..sql.scope import ColumnInfo

    if table.columns is None:
        return
    by_field = {c.field: c for c in inner.columns}
    for name, info in list(table.columns.items()):
        column = by_field.get(info.field)
        if column is not None:
            table.columns[name] = ColumnInfo(info.field, column.type)

