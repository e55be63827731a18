"""GROUP BY, aggregates and HAVING -> $group and what follows it.

After this, select items, HAVING and ORDER BY no longer read document fields: aggregate calls
and GROUP BY expressions are replaced by `Slot`s naming fields of the grouped document, and
any other column reference is PostgreSQL's "must appear in the GROUP BY clause" error.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlglot import exp

from ..sql.bind import FieldRef, Slot
from ..sql.bound import BoundSelect, OrderKey, OutputItem, is_aggregate
from .aggregates import Aggregate, compile_aggregate
from .expressions import ExpressionCompiler
from .mql import operand
from .nulls import key_value
from .predicates import Truth


@dataclass
class Grouping:
    """The stages up to HAVING, and the select list and ORDER BY rewritten over their output."""

    stages: list
    compiler: ExpressionCompiler
    items: list[OutputItem]
    order: list[OrderKey]


class _Lifter:
    """Rewrites expressions over the grouped document, compiling each aggregate once."""

    def __init__(self, document: ExpressionCompiler, keys: list[tuple[exp.Expression, Slot]]) -> None:
        self.document = document
        self.key_slots = dict(keys)
        self.slots: dict[exp.Expression, Slot] = {}
        self.aggregates: dict[str, Aggregate] = {}

    def lift(self, node: exp.Expression) -> exp.Expression:
        replaced = self._replace(node)
        if replaced is not node or isinstance(node, (FieldRef, exp.Literal)):
            return replaced  # a whole aggregate, GROUP BY key or window (no copy needed)
        # Bound nodes may be shared (GROUP BY 1 is the select item itself): rewrite a copy.
        return node.copy().transform(self._replace, copy=False)

    def _replace(self, node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Window):
            return self._lift_window(node)
        if is_aggregate(node):
            return self._aggregate_slot(node)
        slot = self.key_slots.get(node)
        return slot.copy() if slot is not None else node

    def _lift_window(self, window: exp.Window) -> exp.Window:
        """A window over grouped rows: its call stays, its arguments and keys are lifted."""
        lifted = window.copy()
        call = lifted.this.this if isinstance(lifted.this, exp.Filter) else lifted.this
        for key, value in list(call.args.items()):
            if isinstance(value, exp.Expression):
                call.set(key, value.transform(self._replace, copy=False))
        partition = lifted.args.get("partition_by") or []
        lifted.set("partition_by", [p.transform(self._replace, copy=False) for p in partition])
        for ordered in (lifted.args["order"].expressions if lifted.args.get("order") else []):
            ordered.set("this", ordered.this.transform(self._replace, copy=False))
        return lifted

    def _aggregate_slot(self, node: exp.Expression) -> Slot:
        if node not in self.slots:
            window = node.find(exp.Window)
            if window is not None:
                raise self.document.ctx.unresolved(window, "aggregate function calls cannot contain window function calls")
            call = node.this if isinstance(node, exp.Filter) else node
            for inner in node.walk():
                if inner is not node and inner is not call and is_aggregate(inner):
                    raise self.document.ctx.unresolved(inner, "aggregate function calls cannot be nested")
            name = f"a{len(self.slots)}"
            result = compile_aggregate(self.document, node, name)
            self.aggregates[name] = result
            self.slots[node] = Slot(name=name, type=result.type, nullable=result.nullable)
        return self.slots[node].copy()


def compile_grouping(bound: BoundSelect, document: ExpressionCompiler, sc) -> Grouping:
    """Append the grouping stages to the SelectCompiler `sc`; return the rewritten clauses."""
    keys, key_document = _group_keys(bound, document)
    lifter = _Lifter(document, keys)
    items = [replace(i, node=lifter.lift(i.node)) for i in bound.items]
    order = [replace(k, node=lifter.lift(k.node)) if k.node is not None else k for k in bound.order]
    having = lifter.lift(bound.having) if bound.having is not None else None
    stages = _group_stages(key_document, lifter.aggregates)
    sc.add_stage(stages[0])
    sc.stages.extend(stages[1:])
    post = ExpressionCompiler(document.ctx, in_document=False, correlate=document.correlate, host=sc)
    post.slots = lifter.key_slots  # GROUP BY columns read by correlated subqueries
    if having is not None:
        condition = Truth(post).is_true(having)
        if condition is not True:
            sc.add_stage({"$match": {"$expr": condition}})
    return Grouping([], post, items, order)


def _group_keys(bound: BoundSelect, document: ExpressionCompiler):
    """(expression, Slot) per GROUP BY entry, and the $group _id. Missing and null are one
    group in SQL: a single key is the _id itself, which $group already turns from missing
    into null; in an _id document nullable keys fold missing into null themselves (a missing
    field would leave the document without it: another group)."""
    group = bound.group or []
    if len(group) == 1:
        typed = document.compile(group[0])
        return [(group[0], Slot(name="_id", type=typed.type, nullable=typed.nullable))], operand(typed)
    keys, key_document = [], {}
    for index, node in enumerate(group):
        typed = document.compile(node)
        keys.append((node, Slot(name=f"_id.k{index}", type=typed.type, nullable=typed.nullable)))
        key_document[f"k{index}"] = key_value(typed)
    return keys, key_document


def _group_stages(key_document: dict, aggregates: dict[str, Aggregate]) -> list:
    accumulators = {}
    for result in aggregates.values():
        accumulators.update(result.accumulators)
    renamed = _share_null_tests(accumulators)
    if key_document != {}:
        stages = [{"$group": {"_id": key_document, **accumulators}}]
    else:
        stages = _scalar_group(accumulators, aggregates)
    finals = {name: _renamed(a.final, renamed) for name, a in aggregates.items() if a.final != "$" + name}
    if finals:
        stages.append({"$set": finals})
    return stages


def _share_null_tests(accumulators: dict) -> dict:
    """A SUM's test for "no value at all" ($min of its argument, NULL only when every value
    is) is dropped when a MIN, MAX or AVG of the same argument is computed anyway; returns
    {dropped field path: the one to read instead}."""
    renamed = {}
    for name in [n for n, spec in accumulators.items() if n.endswith("_n") and "$min" in spec]:
        argument = accumulators[name]["$min"]
        twin = next((other for other, spec in accumulators.items() if other != name and other not in renamed
                     and len(spec) == 1 and next(iter(spec)) in ("$min", "$max", "$avg")
                     and next(iter(spec.values())) == argument), None)
        if twin is not None:
            renamed["$" + name] = "$" + twin
            del accumulators[name]
    return renamed


def _renamed(mql, renamed: dict):
    if isinstance(mql, str):
        return renamed.get(mql, mql)
    if isinstance(mql, dict):
        return {k: _renamed(v, renamed) for k, v in mql.items()}
    if isinstance(mql, list):
        return [_renamed(v, renamed) for v in mql]
    return mql


def _scalar_group(accumulators: dict, aggregates: dict[str, Aggregate]) -> list:
    """An aggregate without GROUP BY returns one row even over no input (trap 4)."""
    empty = {}
    for result in aggregates.values():
        empty.update({k: v for k, v in result.empty_input_values().items() if k in accumulators})
    return [
        {"$facet": {"groups": [{"$group": {"_id": None, **accumulators}}]}},
        {"$replaceWith": {"$ifNull": [{"$arrayElemAt": ["$groups", 0]}, {"$literal": empty}]}},
    ]
