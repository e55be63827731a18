"""Seeded generator of relational SELECT statements over the collections `t`, `u` and `v`.

Joins (INNER / LEFT / RIGHT / FULL / CROSS, comma joins, chains of three, multi-column,
non-equi and nested-field conditions, self-joins), anti- and semi-joins (LEFT JOIN ... IS NULL,
[NOT] EXISTS, [NOT] IN, = ANY, > ALL), scalar subqueries (correlated or not) in SELECT, WHERE
and HAVING, derived tables with column alias lists, CTEs, set operations and window functions.
A catalogue of one construct per statement comes first, then seeded random statements.

On top of the rules of queries.py, the generator keeps these so that the answer is unique:

- every column is qualified (`a.i`, `u1.m.k`): `t`, `u` and `v` share column names, and a
  nested path needs its alias in front (oracle.flatten_nested turns `a.n.x` into `a.n_x`);
- aliases are never column names (`a`, `a2` for `t`; `u1`, `u2` for `u`; `v1`, `v2` for `v`);
- items of derived tables and CTEs are aliased (PostgreSQL names `a.n.x` `n_x` in the oracle,
  queryleaf names it `x`);
- `Query.ordered` only where the ORDER BY is total: it ends in the `_id` of every joined
  collection, orders by every group key, or by every column of a DISTINCT / set-operation
  result;
- window functions whose value depends on the order of peers (ROW_NUMBER, LAG / LEAD,
  FIRST_VALUE / LAST_VALUE, ROWS frames) order by a key that ends in `_id`; RANK, DENSE_RANK,
  default (RANGE) frames and RANGE frames may order by keys with ties;
- scalar subqueries return at most one row (an aggregate, or a lookup by `_id`);
- FULL JOIN conditions contain an equality (PostgreSQL rejects FULL JOIN on other conditions).
"""

from __future__ import annotations

import random

import sqlglot
from sqlglot import exp

from .queries import FLOAT_LITERALS, INT_LITERALS, TIMESTAMPS, Query, _Gen

SEED = 5813
N_QUERIES = 260

# ---- the collections: columns by SQL kind (nested paths written with a dot) ----

COLS: dict[str, dict[str, list[str]]] = {
    "t": {
        "int": ["_id", "i", "j", "n.x"],
        "float": ["f"],
        "text": ["s", "n.y"],
        "bool": ["b"],
        "ts": ["d"],
    },
    "u": {
        "int": ["_id", "tid", "i", "k", "m.k"],
        "float": ["amt"],
        "text": ["g", "s", "m.tag"],
        "bool": [],
        "ts": ["e"],
    },
    "v": {"int": ["_id", "code", "w"], "float": [], "text": ["name"], "bool": ["flag"], "ts": []},
}
ALIASES = {"t": ["a", "a2"], "u": ["u1", "u2"], "v": ["v1", "v2"]}
TEXT_LITERALS = {
    "s": ["'ab'", "'abc'", "'b'", "'x'", "''", "'a_b'", "'ab '"],
    "n.y": ["'p'", "'pq'", "'Q'", "''"],
    "g": ["'red'", "'Red'", "'blue'", "''", "'green'"],
    "m.tag": ["'p'", "'q'", "'Q'", "''"],
    "name": ["'beta'", "'Beta'", "'alpha'", "''", "'eps'"],
}
# group keys and window partitions: few distinct values (NULL among them)
PARTITIONS = {
    "t": ["j", "b", "n.y", "(i % 3)", "(i > 2)"],
    "u": ["g", "k", "(tid > 40)", "m.tag"],
    "v": ["flag", "code"],
}
# window and ORDER BY keys that have ties and NULLs
ORDER_KEYS = {
    "t": ["i", "f", "s", "d", "n.x", "j"],
    "u": ["amt", "e", "k", "i", "tid", "g"],
    "v": ["w", "code", "name"],
}

# Join conditions between two collections. `{t}`, `{u}`, `{v}` stand for the alias of that
# collection; in self-joins `{1}` and `{2}` for the two aliases. `equi` says whether the
# condition contains an equality conjunct (FULL JOIN needs one).
JOIN_CONDITIONS: dict[tuple[str, str], list[tuple[str, bool]]] = {
    ("t", "u"): [
        ("{t}._id = {u}.tid", True),
        ("{u}.tid = {t}._id", True),
        ("{t}.i = {u}.k", True),
        ("{t}.j = {u}.k", True),
        ("{t}.n.x = {u}.m.k", True),
        ("{t}.i = {u}.i", True),
        ("{t}.s = {u}.s", True),
        ("{t}._id = {u}.tid AND {t}.i = {u}.i", True),
        ("{t}._id = {u}.tid AND {u}.e > {t}.d", True),
        ("{t}.j = {u}.k AND {u}.amt > {t}.f", True),
        ("{t}._id = {u}.tid AND {u}.g IS NOT NULL", True),
        ("{t}._id = {u}.tid AND {t}.s <> {u}.s", True),
        ("{t}.n.x = {u}.k AND {t}.n.y = {u}.m.tag", True),
        ("{t}.i + 1 = {u}.k", True),
        ("{t}._id = {u}.tid AND {t}.b", True),
        ("{t}._id < {u}.tid AND {u}.tid < {t}._id + 3", False),
        ("{t}.i > {u}.k AND {u}._id <= 30", False),
        ("({t}._id = {u}.tid OR {t}.i = {u}.k AND {u}._id < 20)", False),
    ],
    ("t", "v"): [
        ("{t}.j = {v}.code", True),
        ("{v}.code = {t}.n.x", True),
        ("{t}.i = {v}.w", True),
        ("{t}.j = {v}.code AND {t}.b = {v}.flag", True),
        ("{t}.i = {v}.w AND {v}.flag", True),
        ("{t}.i > {v}.code AND {t}.j = {v}.w", True),
        ("{t}.j < {v}.code", False),
        ("{t}.i BETWEEN {v}.code AND {v}.w", False),
    ],
    ("u", "v"): [
        ("{u}.k = {v}.code", True),
        ("{v}.code = {u}.m.k", True),
        ("{u}.i = {v}.w", True),
        ("{u}.k = {v}.code AND {v}.flag", True),
        ("{u}.k = {v}.code AND {u}.g <> {v}.name", True),
        ("{u}.k >= {v}.code AND {u}.i = {v}.w", True),
        ("{u}.m.k < {v}.code", False),
    ],
    ("t", "t"): [
        ("{1}.i = {2}.j AND {1}._id < {2}._id", True),
        ("{1}.n.x = {2}.n.x AND {1}._id <> {2}._id AND {1}._id < 40", True),
        ("{1}._id = {2}._id + 1", True),
        ("{1}.s = {2}.s AND {1}._id < {2}._id", True),
    ],
    ("u", "u"): [
        ("{1}.tid = {2}.tid AND {1}._id < {2}._id", True),
        ("{1}.k = {2}.m.k AND {1}._id <= 40", True),
        ("{1}._id = {2}._id - 1", True),
    ],
    ("v", "v"): [
        ("{1}.code = {2}.code AND {1}._id <> {2}._id", True),
        ("{1}.w < {2}.w", False),
    ],
}


def join_condition(
    rng: random.Random, left: tuple[str, str], right: tuple[str, str], equi: bool = False
) -> str | None:
    """A condition joining alias `right` to alias `left` ((alias, table) pairs), or None."""
    (la, lt), (ra, rt) = left, right
    if lt == rt:
        options = JOIN_CONDITIONS.get((lt, rt), [])
        mapping = {"1": la, "2": ra}
    elif (lt, rt) in JOIN_CONDITIONS:
        options = JOIN_CONDITIONS[(lt, rt)]
        mapping = {lt: la, rt: ra}
    else:
        options = JOIN_CONDITIONS.get((rt, lt), [])
        mapping = {lt: la, rt: ra}
    options = [text for text, has_eq in options if has_eq or not equi]
    if not options:
        return None
    return rng.choice(options).format(**mapping)


def qualify(fragment: str, alias: str, nested: tuple[str, ...] = ("n",)) -> str:
    """An expression of queries.py (over `t`'s unqualified columns) qualified by `alias`."""

    def visit(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and not node.args.get("db"):
            if not node.table:
                return exp.column(node.name, table=alias)
            if node.table in nested:
                return exp.column(node.name, table=node.table, db=alias)
        return node

    return sqlglot.parse_one(fragment, read="postgres").transform(visit).sql(dialect="postgres")


class _RelGen:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.single = _Gen(rng)  # rich expressions over `t` (qualified with `qualify`)

    def pick(self, seq):
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    # ---- columns and predicates over aliases in scope: [(alias, table), ...] ----
    def column(self, scope, kinds=("int", "float", "text", "bool", "ts")) -> tuple[str, str, str]:
        """(qualified column, kind, bare column name) of a random alias in scope."""
        pool = [
            (f"{alias}.{c}", kind, c)
            for alias, table in scope
            for kind in kinds
            for c in COLS[table][kind]
        ]
        return self.pick(pool)

    def literal(self, kind: str, name: str) -> str:
        if kind == "int":
            return str(self.pick(INT_LITERALS + [10, 40, 100]))
        if kind == "float":
            return self.pick(FLOAT_LITERALS)
        if kind == "text":
            return self.pick(TEXT_LITERALS.get(name, TEXT_LITERALS["s"]))
        if kind == "bool":
            return self.pick(["TRUE", "FALSE"])
        return self.pick(TIMESTAMPS)

    def atom(self, scope) -> str:
        if self.chance(0.25) and any(t == "t" for _, t in scope):
            alias = self.pick([a for a, t in scope if t == "t"])
            return qualify(self.single.atom(), alias)
        col, kind, name = self.column(scope)
        r = self.r.random()
        if r < 0.15:
            return f"{col} IS {self.pick(['', 'NOT '])}NULL"
        if kind == "bool":
            return self.pick([col, f"NOT {col}", f"{col} IS TRUE", f"{col} IS NOT FALSE"])
        if r < 0.55:
            return f"{col} {self.pick(['=', '<>', '<', '<=', '>', '>='])} {self.literal(kind, name)}"
        if r < 0.75:  # column against a column of the same kind (maybe of another alias)
            other, _, _ = self.column(scope, (kind,))
            if kind == "float" and self.chance(0.5):
                other, _, _ = self.column(scope, ("int",))
            return f"{col} {self.pick(['=', '<>', '<', '>=', 'IS DISTINCT FROM'])} {other}"
        if r < 0.88 and kind in ("int", "text"):
            items = sorted({self.literal(kind, name) for _ in range(self.r.randint(1, 3))})
            if self.chance(0.25):
                items.append("NULL")
            return f"{col} {self.pick(['', 'NOT '])}IN ({', '.join(items)})"
        if kind == "text":
            pattern = self.pick(["'a%'", "'%b%'", "'_'", "'%e%'", "'R%'"])
            return f"{col} {self.pick(['LIKE', 'NOT LIKE', 'ILIKE'])} {pattern}"
        lo, hi = sorted([self.literal(kind, name), self.literal(kind, name)], key=_sort_literal)
        return f"{col} {self.pick(['', 'NOT '])}BETWEEN {lo} AND {hi}"

    def predicate(self, scope, depth: int = 2) -> str:
        if depth > 0 and self.chance(0.4):
            d = depth - 1
            kind = self.r.random()
            if kind < 0.45:
                return f"({self.predicate(scope, d)} AND {self.predicate(scope, d)})"
            if kind < 0.85:
                return f"({self.predicate(scope, d)} OR {self.predicate(scope, d)})"
            return f"NOT ({self.predicate(scope, d)})"
        return self.atom(scope)

    def value(self, scope) -> str:
        """A select item over the scope: a column, or a small expression."""
        r = self.r.random()
        if r < 0.6:
            return self.column(scope)[0]
        if r < 0.7 and any(t == "t" for _, t in scope):
            alias = self.pick([a for a, t in scope if t == "t"])
            return qualify(self.pick([self.single.int_expr(1), self.single.str_expr(1)]), alias)
        a, _, _ = self.column(scope, ("int",))
        b, _, _ = self.column(scope, ("int",))
        s1, _, _ = self.column(scope, ("text",))
        s2, _, _ = self.column(scope, ("text",))
        return self.pick(
            [
                f"{a} + {b}",
                f"COALESCE({a}, {b}, -1)",
                f"COALESCE({s1}, {s2})",
                f"CASE WHEN {a} IS NULL THEN 'none' ELSE {s1} END",
                f"{s1} || '/' || {s2}",
                f"{a} * 2 - {b}",
                f"GREATEST({a}, {b})",
            ]
        )

    def aggregate(self, scope) -> str:
        int_col, _, _ = self.column(scope, ("int",))
        num_col, _, _ = self.column(scope, ("int", "float"))
        any_col, _, _ = self.column(scope, ("int", "float", "text", "ts"))
        text_col, _, _ = self.column(scope, ("text",))
        return self.pick(
            [
                "COUNT(*)",
                f"COUNT({any_col})",
                f"COUNT(DISTINCT {int_col})",
                f"SUM({num_col})",
                f"AVG({num_col})",
                f"MIN({any_col})",
                f"MAX({any_col})",
                f"STRING_AGG({text_col}, ',' ORDER BY {text_col})",
                f"SUM({int_col}) - COUNT({int_col})",
            ]
        )

    def scope_ids(self, scope) -> list[str]:
        return [f"{alias}._id" for alias, _ in scope]

    def direction(self) -> str:
        return self.pick(["", "", " DESC", " NULLS FIRST", " DESC NULLS LAST"])

    def limit(self) -> str:
        if not self.chance(0.35):
            return ""
        text = f" LIMIT {self.pick([0, 1, 3, 7, 20])}"
        if self.chance(0.4):
            text += f" OFFSET {self.pick([1, 5, 30])}"
        return text


def _sort_literal(text: str):
    try:
        return (0, float(text))
    except ValueError:
        return (1, text)


TABLE_ORDER = ["t", "u", "v"]


def _aliases_for(tables: list[str]) -> list[tuple[str, str]]:
    used: dict[str, int] = {}
    scope = []
    for table in tables:
        n = used.get(table, 0)
        used[table] = n + 1
        scope.append((ALIASES[table][n], table))
    return scope


# ---- joins ----


def _join_from(g: _RelGen) -> tuple[str, list[tuple[str, str]], list[str]]:
    """A FROM clause of 2 or 3 joined collections: (text, scope, join types used)."""
    r = g.r.random()
    if r < 0.55:
        tables = g.pick([["t", "u"], ["u", "t"], ["t", "v"], ["u", "v"], ["v", "u"], ["v", "t"]])
    elif r < 0.7:
        tables = g.pick([["t", "t"], ["u", "u"], ["v", "v"]])
    else:
        tables = g.pick([["t", "u", "v"], ["u", "t", "v"], ["v", "u", "t"], ["t", "u", "u"]])
    scope = _aliases_for(tables)
    comma = g.chance(0.15)
    text = f"{scope[0][1]} {scope[0][0]}"
    kinds, where = [], []
    for n in range(1, len(scope)):
        right = scope[n]
        kind = g.pick(["JOIN", "INNER JOIN", "LEFT JOIN", "LEFT OUTER JOIN", "RIGHT JOIN", "FULL JOIN"])
        if right[1] == "v" and g.chance(0.15):
            kind = "CROSS JOIN"
        equi = kind == "FULL JOIN"
        left_choices = list(scope[:n])
        g.r.shuffle(left_choices)
        condition = None
        for left in left_choices:
            condition = join_condition(g.r, left, right, equi)
            if condition:
                break
        if condition is None:
            kind = "CROSS JOIN"
        if comma and kind != "CROSS JOIN":
            text += f", {right[1]} {right[0]}"
            where.append(condition)
            kinds.append("comma")
        elif kind == "CROSS JOIN":
            text += f" CROSS JOIN {right[1]} {right[0]}"
            kinds.append(kind)
        else:
            text += f" {kind} {right[1]} {right[0]} ON {condition}"
            kinds.append(kind)
    if "CROSS JOIN" in kinds and len(scope) == 3 and not where:
        where.append(g.predicate(scope[:2], 0))  # keep t x u x v small
    return text, scope, where, kinds


def _rel_join_query(g: _RelGen) -> Query:
    from_text, scope, where, _ = _join_from(g)
    if g.chance(0.6):
        where.append(g.predicate(scope))
    items = [g.value(scope) for _ in range(g.r.randint(1, 4))]
    if g.chance(0.5):
        items.insert(0, g.pick(g.scope_ids(scope)))
    sql = f"SELECT {', '.join(items)} FROM {from_text}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    if g.chance(0.6):
        keys = []
        if g.chance(0.4):
            keys.append(g.column(scope, ("int", "text", "ts", "float"))[0] + g.direction())
        ids = g.scope_ids(scope)
        keys += [i + g.pick(["", "", " DESC"]) for i in ids]
        return Query(f"{sql} ORDER BY {', '.join(keys)}{g.limit()}", True, "join")
    return Query(sql, False, "join")


def _rel_join_group_query(g: _RelGen) -> Query:
    from_text, scope, where, _ = _join_from(g)
    if g.chance(0.4):
        where.append(g.predicate(scope, 1))
    keys = []
    for _ in range(g.r.randint(1, 2)):
        alias, table = g.pick(scope)
        key = qualify(g.pick(PARTITIONS[table]), alias, ("n", "m"))
        if key not in keys:
            keys.append(key)
    aggregates = [g.aggregate(scope) for _ in range(g.r.randint(1, 3))]
    sql = f"SELECT {', '.join(keys + aggregates)} FROM {from_text}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" GROUP BY {', '.join(keys)}"
    if g.chance(0.3):
        sql += f" HAVING {g.pick(['COUNT(*) > 2', 'COUNT(*) = 1', f'MIN({g.column(scope, ('int',))[0]}) IS NOT NULL'])}"
    if g.chance(0.6):
        order = ", ".join(f"{n + 1}{g.direction()}" for n in range(len(keys)))
        return Query(f"{sql} ORDER BY {order}{g.limit()}", True, "join-group")
    return Query(sql, False, "join-group")


# ---- semi- and anti-joins, subqueries ----

OUTER_TABLES = ["t", "t", "u", "v"]


def _correlated(g: _RelGen, outer: tuple[str, str], inner: tuple[str, str]) -> str:
    condition = join_condition(g.r, outer, inner)
    assert condition is not None
    return condition


def _subquery_pair(g: _RelGen):
    outer_table = g.pick(OUTER_TABLES)
    inner_table = g.pick([x for x in TABLE_ORDER if x != outer_table] + [outer_table])
    outer = (ALIASES[outer_table][0], outer_table)
    inner = (ALIASES[inner_table][1], inner_table)
    return outer, inner


def _in_operands(g: _RelGen, outer, inner) -> tuple[str, str]:
    """(outer expression, inner select item) of one SQL kind."""
    kind = g.pick(["int", "int", "int", "text"])
    o = g.column([outer], (kind,))[0]
    i = g.column([inner], (kind,))[0]
    return o, i


def _select_items_for(g: _RelGen, scope) -> list[str]:
    ids = g.scope_ids(scope)
    return ids + [g.column(scope)[0] for _ in range(g.r.randint(0, 2))]


def _rel_semi_query(g: _RelGen) -> Query:
    outer, inner = _subquery_pair(g)
    inner_where = []
    r = g.r.random()
    if r < 0.3:  # [NOT] EXISTS, correlated
        inner_where.append(_correlated(g, outer, inner))
        if g.chance(0.5):
            inner_where.append(g.predicate([inner], 1))
        body = f"SELECT {g.pick(['1', '*', inner[0] + '._id', 'NULL'])} FROM {inner[1]} {inner[0]}"
        test = f"{g.pick(['', 'NOT '])}EXISTS ({body} WHERE {' AND '.join(inner_where)})"
    elif r < 0.6:  # [NOT] IN
        o, i = _in_operands(g, outer, inner)
        body = f"SELECT {i} FROM {inner[1]} {inner[0]}"
        choice = g.r.random()
        if choice < 0.3:
            inner_where.append(f"{i} IS NOT NULL")
        elif choice < 0.45:
            inner_where.append(_correlated(g, outer, inner))
        elif choice < 0.55:
            inner_where.append(g.pick(["FALSE", f"{inner[0]}._id < 0"]))  # empty
        if g.chance(0.4):
            inner_where.append(g.predicate([inner], 1))
        if inner_where:
            body += " WHERE " + " AND ".join(inner_where)
        test = f"{o} {g.pick(['', 'NOT '])}IN ({body})"
    elif r < 0.8:  # quantified comparison
        o, i = _in_operands(g, outer, inner)
        op = g.pick(["=", "<>", "<", "<=", ">", ">="])
        body = f"SELECT {i} FROM {inner[1]} {inner[0]}"
        choice = g.r.random()
        if choice < 0.3:
            inner_where.append(f"{i} IS NOT NULL")
        elif choice < 0.45:
            inner_where.append(_correlated(g, outer, inner))
        elif choice < 0.55:
            inner_where.append("FALSE")
        if g.chance(0.5):
            inner_where.append(g.predicate([inner], 1))
        if inner_where:
            body += " WHERE " + " AND ".join(inner_where)
        test = f"{o} {op} {g.pick(['ANY', 'ALL', 'SOME'])} ({body})"
    else:  # LEFT JOIN ... IS NULL anti-join (or IS NOT NULL: a semi-join with duplicates)
        condition = _correlated(g, outer, inner)
        key = g.pick(["_id", "_id", _first_key(condition, inner[0])])
        test = g.pick(["IS NULL", "IS NULL", "IS NOT NULL"])
        where = [f"{inner[0]}.{key} {test}"]
        if g.chance(0.4):
            where.append(g.predicate([outer], 1))
        # one row per outer row only when the test is `_id IS NULL`
        scope = [outer] if (key, test) == ("_id", "IS NULL") else [outer, inner]
        items = _select_items_for(g, scope)
        sql = (
            f"SELECT {', '.join(items)} FROM {outer[1]} {outer[0]} LEFT JOIN {inner[1]} "
            f"{inner[0]} ON {condition} WHERE {' AND '.join(where)}"
        )
        return _ordered_by_ids(g, sql, scope, "anti-join")
    where = [test]
    if g.chance(0.3):
        where.append(g.predicate([outer], 1))
    glue = g.pick([" AND ", " OR "]) if len(where) > 1 else ""
    items = _select_items_for(g, [outer])
    sql = f"SELECT {', '.join(items)} FROM {outer[1]} {outer[0]} WHERE {glue.join(where)}"
    return _ordered_by_ids(g, sql, [outer], "semi-join")


def _first_key(condition: str, alias: str) -> str:
    """The first column of `alias` in a join condition (the key an anti-join tests)."""
    tree = sqlglot.parse_one(condition, read="postgres")
    for column in tree.find_all(exp.Column):
        qualifier = column.args.get("db") or column.args.get("table")
        if qualifier is not None and qualifier.name == alias:
            if column.args.get("db"):
                return f"{column.table}.{column.name}"
            return column.name
    return "_id"


def _ordered_by_ids(g: _RelGen, sql: str, scope, kind: str) -> Query:
    if g.chance(0.5):
        ids = ", ".join(i + g.pick(["", " DESC"]) for i in g.scope_ids(scope))
        return Query(f"{sql} ORDER BY {ids}{g.limit()}", True, kind)
    return Query(sql, False, kind)


def _scalar_subquery(g: _RelGen, outer, inner, correlated: bool, numeric: bool = False) -> str:
    """An aggregate over `inner` (correlated with `outer` or not): one row, one column."""
    agg_col = g.column([inner], ("int", "float"))[0]
    min_kinds = ("int", "float") if numeric else ("int", "text", "ts")
    agg = g.pick(
        [
            "COUNT(*)",
            f"COUNT({g.column([inner])[0]})",
            f"SUM({agg_col})",
            f"MAX({agg_col})",
            f"MIN({g.column([inner], min_kinds)[0]})",
            f"AVG({agg_col})",
        ]
    )
    where = []
    if correlated:
        where.append(_correlated(g, outer, inner))
    if g.chance(0.4):
        where.append(g.predicate([inner], 1))
    text = f"SELECT {agg} FROM {inner[1]} {inner[0]}"
    if where:
        text += " WHERE " + " AND ".join(where)
    return f"({text})"


def _lookup_by_id(g: _RelGen, outer) -> str | None:
    """A correlated scalar subquery that fetches one column of the row a key points at."""
    alias, table = outer
    if table == "u":
        return f"(SELECT {g.pick(['a2.s', 'a2.i', 'a2.n.x', 'a2.d'])} FROM t a2 WHERE a2._id = {alias}.tid)"
    if table == "t":
        return f"(SELECT {g.pick(['u2.g', 'u2.amt'])} FROM u u2 WHERE u2._id = {alias}._id + 100)"
    return f"(SELECT u2.g FROM u u2 WHERE u2._id = {alias}.w)"


# a small-range integer key per collection (group key of correlated HAVING subqueries)
GROUP_KEY = {"t": "j", "u": "k", "v": "code"}


def _rel_scalar_query(g: _RelGen) -> Query:
    outer, inner = _subquery_pair(g)
    correlated = g.chance(0.65)
    r = g.r.random()
    ids = g.scope_ids([outer])
    if r < 0.4:  # in SELECT
        sub = _scalar_subquery(g, outer, inner, correlated)
        if g.chance(0.25):
            sub = _lookup_by_id(g, outer)
        items = ids + [sub + (" AS sq" if g.chance(0.5) else "")]
        if g.chance(0.3):
            items.append(f"COALESCE({sub}, 0) + 1" if "COUNT" in sub or "SUM" in sub else sub)
        sql = f"SELECT {', '.join(items)} FROM {outer[1]} {outer[0]}"
        if g.chance(0.4):
            sql += f" WHERE {g.predicate([outer], 1)}"
        return _ordered_by_ids(g, sql, [outer], "scalar-select")
    if r < 0.75:  # in WHERE
        sub = _scalar_subquery(g, outer, inner, correlated, numeric=True)
        col = g.column([outer], ("int", "float"))[0]
        items = _select_items_for(g, [outer])
        op = g.pick(["=", "<>", "<", ">", ">=", "<="])
        sql = f"SELECT {', '.join(items)} FROM {outer[1]} {outer[0]} WHERE {col} {op} {sub}"
        return _ordered_by_ids(g, sql, [outer], "scalar-where")
    # in HAVING (the subquery may refer to a group key)
    alias, table = outer
    key = qualify(g.pick(PARTITIONS[table]), alias, ("n", "m"))
    agg = g.aggregate([outer])
    if correlated:  # correlated on the group key
        key = f"{alias}.{GROUP_KEY[table]}"
        inner_key = f"{inner[0]}.{GROUP_KEY[inner[1]]}"
        where = f" AND {g.predicate([inner], 1)}" if g.chance(0.3) else ""
        sub = f"(SELECT COUNT(*) FROM {inner[1]} {inner[0]} WHERE {inner_key} = {key}{where})"
    else:
        sub = _scalar_subquery(g, outer, inner, False, numeric=True)
    having_left = g.pick(["COUNT(*)", f"SUM({g.column([outer], ('int',))[0]})", f"MAX({ids[0]})"])
    sql = (
        f"SELECT {key}, {agg}, {having_left} FROM {outer[1]} {outer[0]} GROUP BY {key} "
        f"HAVING {having_left} {g.pick(['>', '<=', '<>'])} {sub}"
    )
    if g.chance(0.5):
        return Query(f"{sql} ORDER BY 1{g.direction()}", True, "scalar-having")
    return Query(sql, False, "scalar-having")


# ---- derived tables and CTEs ----


def _grouped_source(g: _RelGen, table: str, alias: str) -> tuple[str, str, str]:
    """(subquery text without parentheses, key kind, key column) grouping one collection."""
    key_col = g.pick([c for c in COLS[table]["int"] if c != "_id"] + COLS[table]["text"][:1])
    kind = "int" if key_col in COLS[table]["int"] else "text"
    agg = g.aggregate([(alias, table)])
    where = f" WHERE {g.predicate([(alias, table)], 1)}" if g.chance(0.4) else ""
    return (
        f"SELECT {alias}.{key_col}, {agg}, COUNT(*) FROM {table} {alias}{where} "
        f"GROUP BY {alias}.{key_col}",
        kind,
        key_col,
    )


def _rel_derived_query(g: _RelGen) -> Query:
    table = g.pick(["t", "u", "u", "v"])
    alias = ALIASES[table][1]
    inner, kind, key_col = _grouped_source(g, table, alias)
    r = g.r.random()
    if r < 0.35:  # the derived table alone, filtered and ordered
        sql = f"SELECT q.k, q.a, q.c FROM ({inner}) AS q(k, a, c)"
        if g.chance(0.6):
            sql += f" WHERE q.c {g.pick(['>', '>=', '='])} {g.pick([1, 2, 3])}"
        if g.chance(0.6):
            return Query(f"{sql} ORDER BY q.k{g.direction()}{g.limit()}", True, "derived")
        return Query(sql, False, "derived")
    # joined with a collection on its key
    other = g.pick([x for x in TABLE_ORDER if x != table] + [table])
    oa = ALIASES[other][0]
    same_kind = COLS[other][kind]
    if not same_kind:
        return _rel_derived_query(g)
    on_col = g.pick(same_kind)
    join = g.pick(["JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"])
    items = [f"{oa}._id", "q.k", "q.c", "q.a"]
    if g.chance(0.5):
        items.append(g.column([(oa, other)])[0])
    sql = (
        f"SELECT {', '.join(items)} FROM {other} {oa} {join} ({inner}) AS q(k, a, c) "
        f"ON q.k = {oa}.{on_col}"
    )
    if g.chance(0.4):
        sql += f" WHERE {g.predicate([(oa, other)], 1)}"
    if g.chance(0.5):
        return Query(f"{sql} ORDER BY {oa}._id, q.k{g.limit()}", True, "derived-join")
    return Query(sql, False, "derived-join")


def _rel_cte_query(g: _RelGen) -> Query:
    table = g.pick(["t", "u", "v"])
    alias = ALIASES[table][1]
    inner, kind, key_col = _grouped_source(g, table, alias)
    second_table = g.pick([x for x in TABLE_ORDER if COLS[x][kind]])
    sa = ALIASES[second_table][0]
    second_col = g.pick(COLS[second_table][kind])
    filt = g.predicate([(sa, second_table)], 1)
    r = g.r.random()
    ctes = f"WITH g1(k, a, c) AS ({inner}), f1 AS (SELECT {sa}._id AS id, {sa}.{second_col} AS k FROM {second_table} {sa} WHERE {filt})"
    if r < 0.3:  # a CTE over a CTE, the first used twice
        sql = (
            f"{ctes}, top1 AS (SELECT k, c FROM g1 WHERE c = (SELECT MAX(c) FROM g1)) "
            f"SELECT f1.id, f1.k, top1.c FROM f1 {g.pick(['JOIN', 'LEFT JOIN'])} top1 ON top1.k = f1.k"
        )
        return _maybe_ordered(g, sql, "f1.id, top1.c", "cte")
    if r < 0.6:  # semi-join against one CTE, scalar from the other
        sql = (
            f"{ctes} SELECT f1.id, f1.k, (SELECT g1.c FROM g1 WHERE g1.k = f1.k) AS c FROM f1 "
            f"WHERE f1.k {g.pick(['IN', 'NOT IN'])} (SELECT g1.k FROM g1 WHERE g1.c > 1)"
        )
        return _maybe_ordered(g, sql, "f1.id", "cte")
    if r < 0.8:  # self-join of a CTE
        sql = (
            f"{ctes} SELECT x.k, x.c, y.k, y.c FROM g1 x JOIN g1 y ON x.c = y.c AND "
            f"x.k {g.pick(['<', '<>'])} y.k"
        )
        return _maybe_ordered(g, sql, "1, 3", "cte")
    sql = (
        f"{ctes} SELECT f1.k, COUNT(*), SUM(g1.c) FROM f1 {g.pick(['JOIN', 'LEFT JOIN', 'FULL JOIN'])} "
        f"g1 ON g1.k = f1.k GROUP BY f1.k"
    )
    return _maybe_ordered(g, sql, "1", "cte")


def _maybe_ordered(g: _RelGen, sql: str, order: str, kind: str) -> Query:
    if g.chance(0.6):
        return Query(f"{sql} ORDER BY {order}{g.limit()}", True, kind)
    return Query(sql, False, kind)


# ---- set operations ----

SETOP_SHAPES = {
    # kinds of the columns -> per collection, the candidate select lists
    ("int",): {
        "t": ["a.i", "a.j", "a.n.x", "a._id"],
        "u": ["u1.k", "u1.tid", "u1.i", "u1.m.k"],
        "v": ["v1.code", "v1.w"],
    },
    ("text",): {"t": ["a.s", "a.n.y"], "u": ["u1.g", "u1.s", "u1.m.tag"], "v": ["v1.name"]},
    ("num",): {"t": ["a.f", "a.i"], "u": ["u1.amt", "u1.k"], "v": ["v1.w"]},
    ("int", "text"): {
        "t": ["a.i, a.s", "a.j, a.n.y", "a.n.x, a.s"],
        "u": ["u1.i, u1.s", "u1.k, u1.g", "u1.m.k, u1.m.tag"],
        "v": ["v1.code, v1.name", "v1.w, v1.name"],
    },
}
SETOPS = ["UNION", "UNION ALL", "INTERSECT", "INTERSECT ALL", "EXCEPT", "EXCEPT ALL"]


def _rel_setop_query(g: _RelGen) -> Query:
    shape = g.pick(list(SETOP_SHAPES))
    branches = []
    for _ in range(g.r.randint(2, 3)):
        table = g.pick(TABLE_ORDER)
        alias = ALIASES[table][0]
        items = g.pick(SETOP_SHAPES[shape][table])
        branch = f"SELECT {items} FROM {table} {alias}"
        if g.chance(0.6):
            branch += f" WHERE {g.predicate([(alias, table)], 1)}"
        branches.append(branch)
    sql = branches[0]
    for branch in branches[1:]:
        sql += f" {g.pick(SETOPS)} {branch}"
    if g.chance(0.65):
        order = ", ".join(f"{n + 1}{g.direction()}" for n in range(len(shape)))
        return Query(f"{sql} ORDER BY {order}{g.limit()}", True, "setop")
    return Query(sql, False, "setop")


# ---- window functions ----


def _window_spec(g: _RelGen, alias: str, table: str) -> tuple[str, str, bool]:
    """(PARTITION BY clause or '', ORDER BY clause, whether the order is unique within
    partitions)."""
    partition = ""
    if g.chance(0.7):
        partition = f"PARTITION BY {qualify(g.pick(PARTITIONS[table]), alias, ('n', 'm'))}"
    key = qualify(g.pick(ORDER_KEYS[table]), alias, ("n", "m"))
    unique = g.chance(0.6)
    order = f"ORDER BY {key}{g.direction()}"
    if unique:
        order += f", {alias}._id{g.pick(['', ' DESC'])}"
    return partition, order, unique


def _window_function(g: _RelGen, alias: str, table: str) -> str:
    partition, order, unique = _window_spec(g, alias, table)
    spec = f"{partition} {order}".strip()
    num = qualify(g.pick(COLS[table]["int"] + COLS[table]["float"]), alias, ("n", "m"))
    anycol = g.column([(alias, table)], ("int", "float", "text", "ts"))[0]
    agg = g.pick(["SUM", "COUNT", "AVG", "MIN", "MAX"])
    agg_arg = anycol if agg in ("COUNT", "MIN", "MAX") else num
    peer_safe = [
        f"RANK() OVER ({spec})",
        f"DENSE_RANK() OVER ({spec})",
        f"{agg}({agg_arg}) OVER ({spec})",
        f"COUNT(*) OVER ({spec})",
        f"{agg}({agg_arg}) OVER ({spec} RANGE UNBOUNDED PRECEDING)",
        f"{agg}({agg_arg}) OVER ({partition})",
        f"{agg}({agg_arg}) OVER ({spec} RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
    ]
    if not unique:
        return g.pick(peer_safe)
    int_col = qualify(g.pick(COLS[table]["int"]), alias, ("n", "m"))
    offset = g.pick(["", ", 2", ", 1, 0", ", 3, -1"])
    lag_arg = int_col if offset.count(",") == 2 else anycol
    frame = g.pick(
        [
            "ROWS BETWEEN 1 PRECEDING AND CURRENT ROW",
            "ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING",
            "ROWS UNBOUNDED PRECEDING",
            "ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING",
            "ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING",
            "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING",
        ]
    )
    return g.pick(
        peer_safe
        + [
            f"ROW_NUMBER() OVER ({spec})",
            f"{g.pick(['LAG', 'LEAD'])}({lag_arg}{offset}) OVER ({spec})",
            f"FIRST_VALUE({anycol}) OVER ({spec})",
            f"LAST_VALUE({anycol}) OVER ({spec})",
            f"LAST_VALUE({anycol}) OVER ({spec} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
            f"{agg}({agg_arg}) OVER ({spec} {frame})",
            f"FIRST_VALUE({anycol}) OVER ({spec} {frame})",
        ]
    )


def _rel_window_query(g: _RelGen) -> Query:
    table = g.pick(["t", "t", "u", "u", "v"])
    alias = ALIASES[table][0]
    functions = [_window_function(g, alias, table) for _ in range(g.r.randint(1, 3))]
    items = [f"{alias}._id"] + [f"{f} AS w{n}" if g.chance(0.4) else f for n, f in enumerate(functions)]
    sql = f"SELECT {', '.join(items)} FROM {table} {alias}"
    if g.chance(0.4):
        sql += f" WHERE {g.predicate([(alias, table)], 1)}"
    if g.chance(0.6):
        return Query(f"{sql} ORDER BY {alias}._id{g.pick(['', ' DESC'])}{g.limit()}", True, "window")
    return Query(sql, False, "window")


def _rel_window_topn_query(g: _RelGen) -> Query:
    table = g.pick(["t", "u"])
    alias = ALIASES[table][0]
    part = qualify(g.pick(PARTITIONS[table]), alias, ("n", "m"))
    key = qualify(g.pick(ORDER_KEYS[table]), alias, ("n", "m"))
    fn = g.pick(["ROW_NUMBER()", "RANK()", "DENSE_RANK()"])
    tail = f", {alias}._id" if fn == "ROW_NUMBER()" else ""
    sql = (
        f"SELECT q.id, q.p, q.r FROM (SELECT {alias}._id, {part}, {fn} OVER (PARTITION BY {part} "
        f"ORDER BY {key}{g.direction()}{tail}) FROM {table} {alias}) AS q(id, p, r) "
        f"WHERE q.r <= {g.pick([1, 2, 3])}"
    )
    return _maybe_ordered(g, sql, "q.id", "window-topn")


def _rel_window_join_query(g: _RelGen) -> Query:
    sql = (
        "SELECT a._id, u1._id, "
        f"ROW_NUMBER() OVER (PARTITION BY a._id ORDER BY u1.{g.pick(['amt', 'e', 'k'])}{g.direction()}, u1._id), "
        f"COUNT(u1._id) OVER (PARTITION BY a._id), "
        f"SUM(u1.amt) OVER (PARTITION BY a.{g.pick(['j', 'b'])} ORDER BY a._id) "
        f"FROM t a {g.pick(['JOIN', 'LEFT JOIN'])} u u1 ON {g.pick(['a._id = u1.tid', 'a.n.x = u1.m.k AND u1._id < 40'])}"
    )
    if g.chance(0.4):
        sql += f" WHERE {g.predicate([('a', 't')], 1)}"
    return _maybe_ordered(g, sql, "a._id, u1._id", "window-join")


def _rel_window_group_query(g: _RelGen) -> Query:
    table = g.pick(["t", "u"])
    alias = ALIASES[table][0]
    key = qualify(g.pick(PARTITIONS[table]), alias, ("n", "m"))
    agg = g.pick(["COUNT(*)", f"SUM({alias}.i)", f"MAX({alias}._id)"])
    fn = g.pick(
        [
            f"RANK() OVER (ORDER BY {agg}{g.direction()})",
            f"DENSE_RANK() OVER (ORDER BY {agg} DESC)",
            f"SUM({agg}) OVER ()",
            f"SUM({agg}) OVER (ORDER BY {agg}{g.direction()})",
            f"ROW_NUMBER() OVER (ORDER BY {agg}, {key})",
            f"LAG({agg}) OVER (ORDER BY {key})",
        ]
    )
    sql = f"SELECT {key}, {agg}, {fn} FROM {table} {alias} GROUP BY {key}"
    return _maybe_ordered(g, sql, "1", "window-group")


MAKERS = [
    (_rel_join_query, 0.22),
    (_rel_join_group_query, 0.08),
    (_rel_semi_query, 0.16),
    (_rel_scalar_query, 0.12),
    (_rel_derived_query, 0.07),
    (_rel_cte_query, 0.06),
    (_rel_setop_query, 0.11),
    (_rel_window_query, 0.10),
    (_rel_window_topn_query, 0.03),
    (_rel_window_join_query, 0.02),
    (_rel_window_group_query, 0.03),
]
