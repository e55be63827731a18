"""Subqueries used as values: scalar, EXISTS, IN (trap 7).

Each becomes a $lookup whose pipeline is the compiled subquery, placed just before the stage
that reads it. Columns of the enclosing query become `let` variables; an uncorrelated
subquery has none, and MongoDB evaluates such a pipeline once, not per row. IN collects the
subquery's values once with their NULL count, which is what `NOT IN`'s rule needs: it is
never true when the subquery returns a NULL, and always true when it returns no rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from ..sql.bind import FieldRef, SubqueryExpr
from .mql import let_variable, operand
from .nulls import all_of, any_of, as_null, boolean_value, not_null
from .types import Typed

COMPARISON_OPERATORS = {
    "EQ": ("$eq", "$ne"), "NEQ": ("$ne", "$eq"), "GT": ("$gt", "$lte"),
    "GTE": ("$gte", "$lt"), "LT": ("$lt", "$gte"), "LTE": ("$lte", "$gt"),
}
_TOO_MANY_ROWS = {"$toInt": "more than one row returned by a subquery used as an expression"}


@dataclass
class SubqueryFacts:
    """MQL expressions over the looked-up field of one subquery."""

    field: str
    kind: str
    value_field: str | None = None

    def exists(self):
        return {"$gt": [{"$size": "$" + self.field}, 0]}

    def scalar(self):
        value = {"$arrayElemAt": [f"${self.field}.{self.value_field}", 0]}
        return {"$cond": [{"$gt": [{"$size": "$" + self.field}, 1]}, _TOO_MANY_ROWS, value]}

    def _stat(self, name: str, default):
        return {"$ifNull": [{"$arrayElemAt": [f"${self.field}.{name}", 0]}, default]}

    def in_truth(self, subject: Typed):
        """(is true, is false) of `subject IN (subquery)`."""
        values = self._stat("values", [])
        inside = {"$in": [operand(subject), values]}
        checks = [not_null(operand(subject))] if subject.nullable else []
        true = all_of([*checks, inside])
        false = any_of([self._empty(), all_of([*checks, {"$not": [inside]}, self._no_nulls()])])
        return true, false

    def quantified_truth(self, subject: Typed, op: str, quantifier: str):
        """(is true, is false) of `subject op ANY|ALL (subquery)`, by Kleene's rules over
        the subquery's distinct non-NULL values and whether it returned a NULL."""
        values = {"$filter": {"input": self._stat("values", []), "cond": {"$ne": ["$$this", None]}}}

        def some(operator):
            return {"$anyElementTrue": [{"$map": {"input": values, "in": {operator: [operand(subject), "$$this"]}}}]}

        yes, no = COMPARISON_OPERATORS[op]
        checks = [not_null(operand(subject))] if subject.nullable else []
        if quantifier == "any":
            true = all_of([*checks, some(yes)])
            false = any_of([self._empty(), all_of([*checks, self._no_nulls(), {"$not": [some(yes)]}])])
        else:
            true = any_of([self._empty(), all_of([*checks, self._no_nulls(), {"$not": [some(no)]}])])
            false = all_of([*checks, some(no)])
        return true, false

    def row_in_truth(self, parts: list[Typed]):
        """(is true, is false) of `(a, b) IN (subquery)`: true if some row equals in every
        column, false if every row differs in a column where neither side is NULL."""
        rows = self._stat("rows_list", [])

        def each(combine, test):
            columns = [
                all_of([not_null(operand(p)), not_null({"$arrayElemAt": ["$$this", i]}),
                        {test: [operand(p), {"$arrayElemAt": ["$$this", i]}]}])
                for i, p in enumerate(parts)
            ]
            return {"$map": {"input": rows, "in": combine(columns)}}

        true = {"$anyElementTrue": [each(all_of, "$eq")]}
        false = {"$allElementsTrue": [each(any_of, "$ne")]}
        return true, false

    def _empty(self):
        return {"$eq": [self._stat("rows", 0), 0]}

    def _no_nulls(self):
        return {"$eq": [self._stat("nulls", 0), 0]}


class SubqueryHost:
    """Mixin for the SelectCompiler: compiles SubqueryExpr nodes into pending $lookups."""

    def subquery_facts(self, node: SubqueryExpr, compiler) -> SubqueryFacts:
        key = id(node)
        if key in self._facts:
            return self._facts[key]
        bound = self.ctx.subqueries[node.args["index"]]
        lets: dict = {}
        key_fields = _lift_correlation_key(bound, compiler, self.database)
        inner = self.compile_inner(bound, correlate=lambda ref: _outer_value(ref, compiler, lets))
        field = f"__sq{self.ctx.next_name()}"
        kind = node.args["kind"]
        _check_columns(self.ctx, node, inner)
        pipeline = list(inner.stages) + _tail(kind, inner, _width(node))
        lookup = {"from": inner.collection} if inner.collection else {}
        if key_fields is not None:
            local, foreign = key_fields
            lookup.update({"localField": local, "foreignField": foreign})
            pipeline.insert(0, {"$match": {foreign: {"$ne": None}}})
        if inner.database != self.database:
            if lets:
                raise self.ctx.unsupported(node, "a correlated subquery on another database")
            lookup = {}
            pipeline = [{"$documents": self.ctx.prerequisite(inner.database, inner.collection, pipeline)}]
        if lets:
            lookup["let"] = lets
        lookup.update({"pipeline": pipeline, "as": field})
        self.pending.append({"$lookup": lookup})
        self.lookup_fields.append(field)
        value_field = inner.columns[0].field if inner.columns else None
        facts = self._facts[key] = SubqueryFacts(field, kind, value_field)
        return facts

    def subquery_value(self, node: SubqueryExpr, compiler) -> Typed:
        facts = self.subquery_facts(node, compiler)
        if facts.kind == "scalar":
            return Typed(facts.scalar(), "unknown", True)
        true, false = self.subquery_truth(node, compiler)
        return Typed(boolean_value(true, false), "bool", facts.kind == "in")

    def subquery_truth(self, node: SubqueryExpr, compiler):
        facts = self.subquery_facts(node, compiler)
        if facts.kind == "exists":
            return facts.exists(), {"$not": [facts.exists()]}
        operand_node = node.args.get("operand")
        if isinstance(operand_node, exp.Tuple):
            return facts.row_in_truth(compiler.compile_all(operand_node.expressions))
        if facts.kind == "in":
            return facts.in_truth(compiler.compile(operand_node))
        if facts.kind in ("any", "all"):
            return facts.quantified_truth(compiler.compile(operand_node), node.args["op"], facts.kind)
        value = Typed(facts.scalar(), "unknown", True)
        return {"$eq": [value.mql, True]}, {"$eq": [value.mql, False]}


def _width(node: SubqueryExpr) -> int:
    operand_node = node.args.get("operand")
    return len(operand_node.expressions) if isinstance(operand_node, exp.Tuple) else 1


def _check_columns(ctx, node: SubqueryExpr, inner) -> None:
    """IN / ANY / ALL and scalar subqueries must return as many columns as they are compared with."""
    if node.args["kind"] == "exists":
        return
    width, got = _width(node), len(inner.columns)
    if got > width:
        raise ctx.unresolved(node, "subquery has too many columns" if node.args["kind"] != "scalar"
                             else "subquery must return only one column")
    if got < width:
        raise ctx.unresolved(node, "subquery has too few columns")


def _tail(kind: str, inner, width: int) -> list:
    if kind == "exists":
        return [{"$limit": 1}, {"$project": {"_id": 1}}]
    if kind == "scalar":
        return [{"$limit": 2}]
    if width > 1:
        row = [as_null("$" + c.field) for c in inner.columns]
        return [{"$group": {"_id": None, "rows_list": {"$addToSet": row}}}]
    column = "$" + inner.columns[0].field
    is_null = {"$eq": [{"$ifNull": [column, None]}, None]}
    return [{
        "$group": {
            "_id": None,
            "values": {"$addToSet": column},
            "nulls": {"$sum": {"$cond": [is_null, 1, 0]}},
            "rows": {"$sum": 1},
        }
    }]


def _lift_correlation_key(bound, compiler, database: str):
    """`WHERE inner.k = outer.k` in a subquery over one collection of this database becomes
    localField / foreignField of its $lookup (index-friendly, NULL keys excluded on the
    foreign side); the conjunct leaves the subquery. Returns (localField, foreignField)."""
    from ..sql.bound import BoundSelect
    from .rewrites import and_all, conjuncts

    if not isinstance(bound, BoundSelect) or bound.first is None:
        return None
    items = [bound.first, *(j.item for j in bound.joins)]
    if any(j.kind not in ("inner", "cross") for j in bound.joins):
        return None
    parts = conjuncts(bound.where)
    for item in items:
        table = item.table
        if item.query is not None or table.database != database:
            continue
        for part in parts:
            pair = _key_pair(part, table, compiler)
            if pair is not None:
                rest = [p for p in parts if p is not part]
                bound.where = and_all(rest) if rest else None
                bound.driver_hint = table.alias  # the $lookup reads this table's documents
                return pair
    return None


def _key_pair(part, table, compiler):
    if not isinstance(part, exp.EQ):
        return None
    sides = [part.this, part.expression]
    inner = [s for s in sides if isinstance(s, FieldRef) and s.level == 0 and s.table == table.alias]
    outer = [s for s in sides if isinstance(s, FieldRef) and s.level == 1]
    if len(inner) != 1 or len(outer) != 1:
        return None
    outer_ref = FieldRef(table=outer[0].table, path=outer[0].path, level=0)
    if not compiler.in_document or not compiler.layout.has(outer_ref):
        return None
    local = compiler.layout.dotted_path(outer_ref)
    types = table.field_types
    foreign = ".".join(inner[0].path)
    if local is None or (types is not None and types.crosses_array(foreign)):
        return None
    return local, foreign


def _outer_value(ref: FieldRef, compiler, lets: dict) -> Typed:
    """A column of an enclosing query inside a subquery: a `let` variable of the $lookup."""
    outer_ref = FieldRef(table=ref.table, path=ref.path, level=ref.level - 1)
    return let_variable(compiler.compile(outer_ref), lets, "o")



def is_correlated(query, subqueries: list, depth: int = 1) -> bool:
    """Whether a bound query reads a column of a query `depth` levels out (or further)."""
    from ..sql.bound import BoundSelect, BoundSetOp
    from ..sql.recursive import BoundRecursive

    if isinstance(query, BoundSetOp):
        return is_correlated(query.left, subqueries, depth) or is_correlated(query.right, subqueries, depth)
    if isinstance(query, BoundRecursive):
        return is_correlated(query.anchor, subqueries, depth)
    if not isinstance(query, BoundSelect):
        return True
    nodes = [i.node for i in query.items] + [k.node for k in query.order]
    nodes += [query.where, query.having, query.limit, query.offset, *(query.group or [])]
    nodes += [j.condition for j in query.joins]
    for node in nodes:
        for inner in node.walk() if node is not None else ():
            if isinstance(inner, FieldRef) and inner.level >= depth:
                return True
            if isinstance(inner, SubqueryExpr) and is_correlated(subqueries[inner.args["index"]], subqueries, depth + 1):
                return True
    return False
