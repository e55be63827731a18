"""Window functions -> $setWindowFields.

Windows that share PARTITION BY and ORDER BY are computed in one stage, sorted on computed
keys with PostgreSQL's NULL placement. MongoDB's ranking operators accept only a single
sort field, so ranks are derived instead: a running row count gives ROW_NUMBER; the first
row number among peers (rows with equal sort keys) gives RANK; a running count of peer-group
starts gives DENSE_RANK. PostgreSQL's default frame with ORDER BY is RANGE UNBOUNDED
PRECEDING .. CURRENT ROW, which includes peers: running values are taken at the last peer.
"""

from __future__ import annotations

from sqlglot import exp

from ..sql.bind import Slot
from .aggregates import compile_aggregate
from .mql import operand
from .nulls import is_null, key_value

_UNBOUNDED = "unbounded"
_RANKING = (exp.RowNumber, exp.Rank, exp.DenseRank)
_SHIFTS = {exp.Lag: -1, exp.Lead: 1}
_VALUES = {exp.FirstValue: "$first", exp.LastValue: "$last"}


def compile_windows(sc, compiler, items, order):
    """Append the window stages; return items and order keys reading the results."""
    windows: list[exp.Window] = []
    for node in [i.node for i in items if i.node is not None] + [k.node for k in order if k.node is not None]:
        for window in node.find_all(exp.Window):
            if not any(window == w for w in windows):
                windows.append(window)
    if not windows:
        return items, order
    groups: dict = {}
    for window in windows:
        key = (tuple(window.args.get("partition_by") or []), _order_key(window))
        groups.setdefault(key, []).append(window)
    slots = {}
    for windows_of_group in groups.values():
        slots.update(_WindowGroup(sc, compiler, windows_of_group).compile())

    def replace(node: exp.Expression) -> exp.Expression:
        for window, slot in slots.items():
            if node == window:
                return slot.copy()
        return node

    from dataclasses import replace as with_node

    items = [with_node(i, node=i.node.copy().transform(replace)) if i.node is not None else i for i in items]
    order = [with_node(k, node=k.node.copy().transform(replace)) if k.node is not None else k for k in order]
    return items, order


def _order_key(window: exp.Window):
    order = window.args.get("order")
    return tuple(order.expressions) if order else ()


class _WindowGroup:
    def __init__(self, sc, compiler, windows: list[exp.Window]) -> None:
        self.sc, self.c, self.windows = sc, compiler, windows
        self.n = sc.ctx.next_name()
        self.part, self.keys, self.rn = f"__wp{self.n}", f"__wk{self.n}", f"__wrn{self.n}"
        self.outputs: dict = {}
        self.peer_outputs: dict = {}
        self.dense: dict = {}
        self.ranged: dict = {}  # RANGE frames with offsets: one more stage on the key alone
        self.finals: dict = {}
        self.slots: dict = {}

    def compile(self) -> dict:
        first = self.windows[0]
        self._key_fields(first)
        self.outputs[self.rn] = {"$sum": 1, "window": {"documents": [_UNBOUNDED, "current"]}}
        for index, window in enumerate(self.windows):
            self._function(window, f"__w{self.n}_{index}")
        partition = {"partitionBy": "$" + self.part} if first.args.get("partition_by") else {}
        stage = {**partition, "sortBy": self.sort_by, "output": self.outputs}
        self.sc.stages.append({"$setWindowFields": stage})
        if self.peer_outputs:
            peers = {"p": "$" + self.part, "k": "$" + self.keys}
            self.sc.stages.append({"$setWindowFields": {
                "partitionBy": peers, "sortBy": {self.rn: 1}, "output": self.peer_outputs}})
        if self.ranged:
            self._range_stage(first)
        if self.dense:
            self.sc.stages.append({"$setWindowFields": {**partition, "sortBy": {self.rn: 1}, "output": self.dense}})
        if self.finals:
            self.sc.stages.append({"$set": self.finals})
        self.sc.lookup_fields.extend([self.part, self.keys, self.rn])
        return self.slots

    def _key_fields(self, window: exp.Window) -> None:
        fields, sort_by = {}, {}
        partition = window.args.get("partition_by") or []
        if partition:
            fields[self.part] = {f"p{i}": self._nullable_key(p) for i, p in enumerate(partition)}
        keys = {}
        for index, ordered in enumerate(_order_key(window)):
            value = self.c.compile(ordered.this)
            key = key_value(value)
            keys[f"n{index}"], keys[f"k{index}"] = is_null(operand(value)), key  # missing = null
            sort_by[f"{self.keys}.n{index}"] = -1 if ordered.args.get("nulls_first") else 1
            sort_by[f"{self.keys}.k{index}"] = -1 if ordered.args.get("desc") else 1
        fields[self.keys] = {"$literal": {}} if not keys else keys
        self.sort_by = sort_by or {self.keys: 1}
        self.sc.add_stage({"$addFields": fields})

    def _nullable_key(self, node):
        value = self.c.compile(node)
        return key_value(value)

    def _function(self, window: exp.Window, name: str) -> None:
        if window.args.get("alias") is not None:
            raise self.sc.ctx.unresolved(window, f'window "{window.args["alias"].name}" does not exist')
        function = window.this
        target = function.this if isinstance(function, exp.Filter) else function
        if isinstance(target, _RANKING):
            self._ranking(window, target, name)
        elif type(target) in _SHIFTS:
            self._shift(window, target, name)
        elif type(target) in _VALUES:
            self._value(window, target, name)
        elif type(function) in (exp.Filter,) or _is_aggregate(target):
            self._aggregate(window, function, name)
        else:
            raise self.sc.ctx.unsupported(window, f"window function {target.sql_name()}")

    def _ranking(self, window, function, name: str) -> None:
        if isinstance(function, exp.RowNumber):
            self.slots[window] = Slot(name=self.rn, type="bigint", nullable=False)
            return
        rank = f"__wrank{self.n}"
        self.peer_outputs[rank] = {"$min": "$" + self.rn, "window": {"documents": [_UNBOUNDED, _UNBOUNDED]}}
        if isinstance(function, exp.Rank):
            self.slots[window] = Slot(name=rank, type="bigint", nullable=False)
            return
        starts = {"$cond": [{"$eq": ["$" + rank, "$" + self.rn]}, 1, 0]}
        self.dense[name] = {"$sum": starts, "window": {"documents": [_UNBOUNDED, "current"]}}
        self.slots[window] = Slot(name=name, type="bigint", nullable=False)

    def _shift(self, window, function, name: str) -> None:
        value = self.c.compile(function.this)
        offset = self._constant_int(function.args.get("offset"), 1, function)
        default = self.c.compile(function.args["default"]) if function.args.get("default") else None
        spec = {"output": operand(value), "by": _SHIFTS[type(function)] * offset}
        if default is not None:
            spec["default"] = operand(default)
        self.outputs[name] = {"$shift": spec}
        self.slots[window] = Slot(name=name, type=value.type, nullable=True)

    def _value(self, window, function, name: str) -> None:
        value = self.c.compile(function.this)
        self._framed(window, {name: {_VALUES[type(function)]: operand(value)}})
        self.slots[window] = Slot(name=name, type=value.type, nullable=True)

    def _aggregate(self, window, function, name: str) -> None:
        result = compile_aggregate(self.c, function, name)
        self._framed(window, result.accumulators)
        if result.final != "$" + name:
            self.finals[name] = result.final
        self.slots[window] = Slot(name=name, type=result.type, nullable=result.nullable)

    def _framed(self, window, accumulators: dict) -> None:
        """Outputs over the window's frame; RANGE frames ending (or starting) at the current
        row are completed over the peer group."""
        frame, peers = self._frame(window)
        if peers == "range":
            self.ranged.update({f: {**a, "window": {"range": frame}} for f, a in accumulators.items()})
            return
        for field, accumulator in accumulators.items():
            self.outputs[field] = {**accumulator, "window": {"documents": frame}}
            if peers:
                pick = "$last" if peers == "last" else "$first"
                self.peer_outputs[field] = {pick: "$" + field, "window": {"documents": [_UNBOUNDED, _UNBOUNDED]}}

    def _frame(self, window):
        spec = window.args.get("spec")
        ordered = bool(_order_key(window))
        if spec is None:
            return ([_UNBOUNDED, "current"], "last") if ordered else ([_UNBOUNDED, _UNBOUNDED], None)
        kind = (spec.args.get("kind") or "").upper()
        if spec.args.get("exclude") or kind not in ("ROWS", "RANGE"):
            raise self.sc.ctx.unsupported(window, f"window frame {spec.sql(dialect='postgres')}")
        start = self._bound(spec.args.get("start"), spec.args.get("start_side"), window)
        end = self._bound(spec.args.get("end") or "CURRENT ROW", spec.args.get("end_side"), window)
        if kind == "ROWS":
            return [start, end], None
        if (start, end) == (_UNBOUNDED, "current"):
            return [_UNBOUNDED, "current"], "last"
        if (start, end) == ("current", _UNBOUNDED):
            return ["current", _UNBOUNDED], "first"
        if (start, end) == (_UNBOUNDED, _UNBOUNDED):
            return [_UNBOUNDED, _UNBOUNDED], None
        if len(_order_key(window)) != 1:
            raise self.sc.ctx.unsupported(window, "RANGE with an offset and more than one ORDER BY key")
        return [start, end], "range"

    def _range_stage(self, window) -> None:
        """RANGE frames with offsets need a single numeric sort field: the key itself (negated
        for DESC, so PRECEDING still means smaller), 0 for NULL keys, which form their own
        partition where every row is a peer of every other, as in PostgreSQL."""
        ordered = _order_key(window)[0]
        value = operand(self.c.compile(ordered.this))
        key = {"$ifNull": [value, 0]}
        field = f"__wr{self.n}"
        self.sc.stages.append({"$addFields": {field: {"$multiply": [key, -1]} if ordered.args.get("desc") else key}})
        partition = {"p": "$" + self.part, "n": f"${self.keys}.n0"}
        self.sc.stages.append({"$setWindowFields": {
            "partitionBy": partition, "sortBy": {field: 1}, "output": self.ranged}})
        self.sc.lookup_fields.append(field)

    def _bound(self, value, side, window):
        if isinstance(value, str):
            if value.upper() == "UNBOUNDED":
                return _UNBOUNDED
            if value.upper() == "CURRENT ROW":
                return "current"
        amount = self._constant_int(value, None, window)
        return -amount if (side or "").upper() == "PRECEDING" else amount

    def _constant_int(self, node, default, where) -> int:
        if node is None:
            return default
        value = self.c.compile(node)
        if not value.constant or not isinstance(value.mql, int) or value.mql < 0:
            raise self.sc.ctx.unsupported(where, "a window offset that is not a constant non-negative integer")
        return int(value.mql)


def _is_aggregate(node) -> bool:
    from ..sql.bound import is_aggregate

    return is_aggregate(node)

