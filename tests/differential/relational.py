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
- FULL JOIN conditions contain an equality (PostgreSQL rejects FULL JOIN on other conditions);
  a subquery in an ON condition only under an INNER JOIN (DuckDB rejects it elsewhere).

pg_check runs every statement on PostgreSQL 15 with the rows inserted in shuffled orders: the
answers agree with the oracle's, with no KNOWN_DIFFERENCES rewrite needed by these constructs.
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
# collection; in self-joins `{p}` and `{q}` for the two aliases. `equi` says whether the
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
        ("{p}.i = {q}.j AND {p}._id < {q}._id", True),
        ("{p}.n.x = {q}.n.x AND {p}._id <> {q}._id AND {p}._id < 40", True),
        ("{p}._id = {q}._id + 1", True),
        ("{p}.s = {q}.s AND {p}._id < {q}._id", True),
    ],
    ("u", "u"): [
        ("{p}.tid = {q}.tid AND {p}._id < {q}._id", True),
        ("{p}.k = {q}.m.k AND {p}._id <= 40", True),
        ("{p}._id = {q}._id - 1", True),
    ],
    ("v", "v"): [
        ("{p}.code = {q}.code AND {p}._id <> {q}._id", True),
        ("{p}.w < {q}.w", False),
    ],
}


# Equality conditions on small-range keys: each row matches a dozen or more rows of the other
# side. Chains of three joins do not use them (thousands of rows, slow in the embedded engine).
WIDE_CONDITIONS = {
    "{t}.i = {u}.k",
    "{t}.j = {u}.k",
    "{t}.n.x = {u}.m.k",
    "{t}.i = {u}.i",
    "{t}.s = {u}.s",
    "{t}.j = {u}.k AND {u}.amt > {t}.f",
    "{t}.i + 1 = {u}.k",
    "{p}.i = {q}.j AND {p}._id < {q}._id",
    "{p}.n.x = {q}.n.x AND {p}._id <> {q}._id AND {p}._id < 40",
    "{p}.s = {q}.s AND {p}._id < {q}._id",
    "{p}.k = {q}.m.k AND {p}._id <= 40",
}


def join_condition(
    rng: random.Random,
    left: tuple[str, str],
    right: tuple[str, str],
    equi: bool = False,
    narrow: bool = False,
) -> str | None:
    """A condition joining alias `right` to alias `left` ((alias, table) pairs), or None.
    `equi`: with an equality conjunct; `narrow`: an equality on a key with few matches."""
    (la, lt), (ra, rt) = left, right
    if lt == rt:
        options = JOIN_CONDITIONS.get((lt, rt), [])
        mapping = {"p": la, "q": ra}
    elif (lt, rt) in JOIN_CONDITIONS:
        options = JOIN_CONDITIONS[(lt, rt)]
        mapping = {lt: la, rt: ra}
    else:
        options = JOIN_CONDITIONS.get((rt, lt), [])
        mapping = {lt: la, rt: ra}
    options = [
        text
        for text, has_eq in options
        if (has_eq or not (equi or narrow)) and not (narrow and text in WIDE_CONDITIONS)
    ]
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
            return (
                f"{col} {self.pick(['=', '<>', '<', '<=', '>', '>='])} {self.literal(kind, name)}"
            )
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


def _join_from(g: _RelGen) -> tuple[str, list[tuple[str, str]], list[str], list[str]]:
    """A FROM clause of 2 or 3 joined collections: (text, scope, conditions that belong in
    WHERE (comma joins), join types used)."""
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
        kind = g.pick(
            ["JOIN", "INNER JOIN", "LEFT JOIN", "LEFT OUTER JOIN", "RIGHT JOIN", "FULL JOIN"]
        )
        if right[1] == "v" and g.chance(0.15):
            kind = "CROSS JOIN"
        outer_before = any(k in ("RIGHT JOIN", "FULL JOIN") for k in kinds)
        if n == 2 and kind in ("RIGHT JOIN", "FULL JOIN") and (right[1] != "v" or outer_before):
            # a RIGHT / FULL JOIN after a join compares each row of its table with all the
            # rows so far: only the small `v`, once per chain (time in the embedded engine)
            kind = g.pick(["JOIN", "LEFT JOIN"])
        equi = kind == "FULL JOIN"
        narrow = len(scope) == 3  # see WIDE_CONDITIONS
        left_choices = list(scope[:n])
        g.r.shuffle(left_choices)
        condition = None
        for left in left_choices:
            condition = join_condition(g.r, left, right, equi, narrow)
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
        int_col = g.column(scope, ("int",))[0]
        having = g.pick(["COUNT(*) > 2", "COUNT(*) = 1", f"MIN({int_col}) IS NOT NULL"])
        sql += f" HAVING {having}"
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


def _grouped_source(g: _RelGen, table: str, alias: str) -> tuple[str, str]:
    """(subquery text without parentheses, key kind) grouping one collection by a key, with
    an aggregate and COUNT(*)."""
    key_col = g.pick([c for c in COLS[table]["int"] if c != "_id"] + COLS[table]["text"][:1])
    kind = "int" if key_col in COLS[table]["int"] else "text"
    agg = g.aggregate([(alias, table)])
    where = f" WHERE {g.predicate([(alias, table)], 1)}" if g.chance(0.4) else ""
    text = (
        f"SELECT {alias}.{key_col}, {agg}, COUNT(*) FROM {table} {alias}{where} "
        f"GROUP BY {alias}.{key_col}"
    )
    return text, kind


def _rel_derived_query(g: _RelGen) -> Query:
    table = g.pick(["t", "u", "u", "v"])
    alias = ALIASES[table][1]
    inner, kind = _grouped_source(g, table, alias)
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
    inner, kind = _grouped_source(g, table, alias)
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
    items = [f"{alias}._id"] + [
        f"{f} AS w{n}" if g.chance(0.4) else f for n, f in enumerate(functions)
    ]
    sql = f"SELECT {', '.join(items)} FROM {table} {alias}"
    if g.chance(0.4):
        sql += f" WHERE {g.predicate([(alias, table)], 1)}"
    if g.chance(0.6):
        return Query(
            f"{sql} ORDER BY {alias}._id{g.pick(['', ' DESC'])}{g.limit()}", True, "window"
        )
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


# ---- the catalogue: one construct per statement, with its trap ----

# The catalogue, one statement a line under a `-- kind: <kind>` header; `~ ` in front: compared
# as a multiset (the ORDER BY, if any, is not total). `-- ` lines are comments.
CATALOGUE_TEXT = """
-- joins: every join type on a key with dangling, NULL, missing and repeated values
-- kind: join
SELECT a._id, u1._id FROM t a JOIN u u1 ON a._id = u1.tid ORDER BY a._id, u1._id
SELECT a._id, u1._id, u1.tid FROM t a LEFT JOIN u u1 ON a._id = u1.tid ORDER BY a._id, u1._id
SELECT a._id, u1._id, u1.tid FROM t a RIGHT JOIN u u1 ON a._id = u1.tid ORDER BY a._id, u1._id
SELECT a._id, u1._id FROM t a FULL OUTER JOIN u u1 ON a._id = u1.tid ORDER BY a._id, u1._id
SELECT a._id, v1._id FROM t a CROSS JOIN v v1 WHERE a._id <= 5 ORDER BY a._id, v1._id
~ SELECT COUNT(*), COUNT(a.i), COUNT(v1.w) FROM t a, v v1
SELECT a._id, u1._id, v1._id FROM t a, u u1, v v1 WHERE a._id = u1.tid AND u1.k = v1.code ORDER BY 1, 2, 3
SELECT a._id, u1._id FROM t a, u u1 WHERE a._id = u1.tid AND (u1.amt > a.f OR a.f IS NULL) ORDER BY 1, 2
-- NULL join keys never match; IS NOT DISTINCT FROM does match them
~ SELECT COUNT(*) FROM u u1 JOIN u u2 ON u1.tid = u2.tid
~ SELECT COUNT(*) FROM u u1 JOIN u u2 ON u1.tid IS NOT DISTINCT FROM u2.tid
SELECT v1._id, v2._id FROM v v1 JOIN v v2 ON v1.code = v2.code ORDER BY 1, 2
SELECT v1._id, v2._id FROM v v1 FULL JOIN v v2 ON v1.code = v2.code AND v1._id < v2._id ORDER BY 1, 2
-- table names as qualifiers, nested keys, t.n.x meaning column n.x of t
SELECT t._id, u._id, t.n.x, u.m.k FROM t JOIN u ON t.n.x = u.m.k WHERE t._id < 30 ORDER BY t._id, u._id
SELECT a._id, u1._id, a.n.y, u1.m.tag FROM t a LEFT JOIN u u1 ON a.n.x = u1.k AND a.n.y = u1.m.tag ORDER BY 1, 2
~ SELECT a.n.y, u1.m.tag, COUNT(*) FROM t a FULL JOIN u u1 ON a.n.y = u1.m.tag GROUP BY a.n.y, u1.m.tag
-- multi-column and non-equi conditions
SELECT a._id, u1._id FROM t a JOIN u u1 ON a._id = u1.tid AND u1.e > a.d ORDER BY 1, 2
SELECT a._id, u1._id FROM t a LEFT JOIN u u1 ON a._id = u1.tid AND u1.e > a.d ORDER BY 1, 2
SELECT a._id, u1._id FROM t a FULL JOIN u u1 ON a.i = u1.k AND a.j = u1.i ORDER BY 1, 2
SELECT a._id, v1._id FROM t a JOIN v v1 ON a.i BETWEEN v1.code AND v1.w WHERE a._id < 20 ORDER BY 1, 2
SELECT a._id, v1._id FROM t a LEFT JOIN v v1 ON a.i > v1.w AND v1.flag WHERE a._id < 15 ORDER BY 1, 2
SELECT u1._id, v1._id FROM u u1 RIGHT JOIN v v1 ON u1.k < v1.code AND u1._id < 10 ORDER BY 1, 2
SELECT a._id, v1._id FROM t a JOIN v v1 ON a.i % 3 = v1.code ORDER BY 1, 2
SELECT a._id, u1._id FROM t a JOIN u u1 ON LOWER(a.s) = LOWER(u1.s) AND a._id < 25 ORDER BY 1, 2
SELECT a._id, v1._id FROM t a JOIN v v1 ON a.b = v1.flag AND a.j = v1.code ORDER BY 1, 2
SELECT a._id, u1._id FROM t a JOIN u u1 ON (a._id = u1.tid OR a.i = u1.k AND u1._id < 10) ORDER BY 1, 2
SELECT a._id, v1._id FROM t a JOIN v v1 ON a.j = (SELECT MAX(v2.code) FROM v v2) AND v1._id < 3 WHERE a._id < 40 ORDER BY 1, 2
SELECT a._id, v1._id FROM t a JOIN v v1 ON v1.code = (SELECT MAX(u1.k) FROM u u1 WHERE u1.tid = a._id) ORDER BY 1, 2
-- predicates on either side of outer joins (ON vs WHERE)
SELECT a._id, u1._id FROM t a LEFT JOIN u u1 ON a._id = u1.tid AND u1.amt > 0 ORDER BY 1, 2
SELECT a._id, u1._id FROM t a LEFT JOIN u u1 ON a._id = u1.tid WHERE u1.amt > 0 ORDER BY 1, 2
SELECT a._id, u1._id FROM t a LEFT JOIN u u1 ON a._id = u1.tid AND a.i > 3 ORDER BY 1, 2
SELECT a._id, u1._id FROM t a RIGHT JOIN u u1 ON a._id = u1.tid WHERE a.s LIKE 'a%' OR a._id IS NULL ORDER BY 1, 2
SELECT a._id, u1._id FROM t a FULL JOIN u u1 ON a._id = u1.tid WHERE a.i > 5 OR u1.k > 4 ORDER BY 1, 2
SELECT a._id, v1._id FROM t a LEFT JOIN v v1 ON FALSE WHERE a._id < 4 ORDER BY 1, 2
SELECT a._id, v1._id FROM t a JOIN v v1 ON TRUE WHERE a._id < 3 ORDER BY 1, 2
-- chains of three, nested join syntax
SELECT a._id, u1._id, v1._id FROM t a JOIN u u1 ON a._id = u1.tid LEFT JOIN v v1 ON v1.code = u1.k ORDER BY 1, 2, 3
SELECT a._id, u1._id, v1._id FROM t a LEFT JOIN u u1 ON a._id = u1.tid RIGHT JOIN v v1 ON v1.code = u1.k ORDER BY 1, 2, 3
SELECT a._id, u1._id, v1._id FROM t a FULL JOIN u u1 ON a._id = u1.tid FULL JOIN v v1 ON v1.code = a.j ORDER BY 1, 2, 3
SELECT a._id, u1._id, v1._id FROM v v1 JOIN u u1 ON u1.k = v1.code JOIN t a ON a._id = u1.tid AND a.j = v1.w ORDER BY 1, 2, 3
SELECT a._id, u1._id, v1._id FROM t a JOIN (u u1 JOIN v v1 ON u1.k = v1.code) ON a._id = u1.tid ORDER BY 1, 2, 3
SELECT a._id, u1._id, u2._id FROM t a JOIN u u1 ON a._id = u1.tid LEFT JOIN u u2 ON u2.tid = u1.tid AND u2._id > u1._id ORDER BY 1, 2, 3
-- an outer join of two in a derived table, joined to a third
SELECT q.aid, q.uid, v1._id FROM (SELECT a._id, u1._id, u1.k FROM t a FULL JOIN u u1 ON a._id = u1.tid) AS q(aid, uid, k) LEFT JOIN v v1 ON v1.code = q.k ORDER BY 1, 2, 3
SELECT q.aid, q.uid, v1._id FROM v v1 RIGHT JOIN (SELECT a._id, u1._id, u1.k FROM t a LEFT JOIN u u1 ON a._id = u1.tid) AS q(aid, uid, k) ON v1.code = q.k ORDER BY 1, 2, 3
SELECT q.uid, q.vid, a._id FROM (SELECT u1._id, v1._id, u1.tid FROM u u1 RIGHT JOIN v v1 ON u1.k = v1.code) AS q(uid, vid, tid) FULL JOIN t a ON a._id = q.tid ORDER BY 1, 2, 3
-- self-joins
SELECT a._id, a2._id FROM t a JOIN t a2 ON a.i = a2.j AND a._id < a2._id WHERE a._id < 40 ORDER BY 1, 2
SELECT u1._id, u2._id, u1.amt - u2.amt FROM u u1 LEFT JOIN u u2 ON u2._id = u1._id + 1 ORDER BY 1
SELECT a._id, a2._id FROM t a JOIN t a2 ON a2._id = a.n.x ORDER BY 1, 2
-- USING
SELECT i, a._id, u1._id FROM t a JOIN u u1 USING (i) WHERE a._id < 30 ORDER BY 2, 3
SELECT i, a._id, u1._id FROM t a FULL JOIN u u1 USING (i) WHERE a._id < 30 OR a._id IS NULL ORDER BY 2, 3
SELECT s, a._id, u1._id FROM t a LEFT JOIN u u1 USING (s) WHERE a._id < 20 ORDER BY 2, 3
-- empty inputs
~ SELECT a._id, u1._id FROM t a JOIN u u1 ON a._id = u1.tid WHERE a.i > 100
SELECT a._id, u1._id FROM t a LEFT JOIN u u1 ON a._id = u1.tid AND u1._id < 0 WHERE a._id < 5 ORDER BY 1
SELECT a._id, u1._id FROM t a RIGHT JOIN u u1 ON a._id = u1.tid AND a.i > 100 WHERE u1._id < 6 ORDER BY 2
~ SELECT COUNT(*), COUNT(a._id), COUNT(u1._id) FROM t a FULL JOIN u u1 ON a._id = u1.tid AND a.i > 100
-- aggregates and DISTINCT over joins
-- kind: join-group
SELECT a._id, COUNT(u1._id), COUNT(*), SUM(u1.amt), MAX(u1.g) FROM t a LEFT JOIN u u1 ON a._id = u1.tid GROUP BY a._id ORDER BY a._id
SELECT v1.name, COUNT(u1._id), AVG(u1.amt) FROM v v1 LEFT JOIN u u1 ON u1.k = v1.code GROUP BY v1.name ORDER BY 1
SELECT a.j, v1.name, COUNT(*) FROM t a JOIN v v1 ON a.j = v1.code GROUP BY a.j, v1.name HAVING COUNT(*) > 3 ORDER BY 1, 2
~ SELECT COUNT(*), COUNT(DISTINCT a._id), COUNT(DISTINCT u1.tid), SUM(u1.amt) FROM t a JOIN u u1 ON a._id = u1.tid
SELECT DISTINCT a.j, v1.name FROM t a JOIN v v1 ON a.j = v1.code ORDER BY 1, 2
SELECT u1.g, STRING_AGG(a.s, ',' ORDER BY a.s) FROM u u1 JOIN t a ON a._id = u1.tid GROUP BY u1.g ORDER BY 1
-- anti-joins
-- kind: anti-join
SELECT a._id FROM t a LEFT JOIN u u1 ON u1.tid = a._id WHERE u1._id IS NULL ORDER BY 1
SELECT a._id FROM t a LEFT JOIN u u1 ON u1.tid = a._id WHERE u1.tid IS NULL ORDER BY 1
SELECT u1._id, u1.tid FROM u u1 LEFT JOIN t a ON a._id = u1.tid WHERE a._id IS NULL ORDER BY 1
SELECT u1._id FROM u u1 WHERE NOT EXISTS (SELECT 1 FROM t a WHERE a._id = u1.tid) ORDER BY 1
SELECT a._id FROM t a WHERE NOT EXISTS (SELECT 1 FROM u u1 WHERE u1.tid = a._id AND u1.g = 'red') ORDER BY 1
SELECT a._id FROM t a WHERE NOT EXISTS (SELECT 1 FROM u u1 WHERE u1.tid = a._id) AND a.i > 3 ORDER BY 1
SELECT a._id FROM t a WHERE NOT EXISTS (SELECT 1 FROM u u1 WHERE u1.tid = a._id) OR a.i > 8 ORDER BY 1
~ SELECT a._id FROM t a WHERE a._id NOT IN (SELECT u1.tid FROM u u1)
SELECT a._id FROM t a WHERE a._id NOT IN (SELECT u1.tid FROM u u1 WHERE u1.tid IS NOT NULL) ORDER BY 1
SELECT a._id, a.i FROM t a WHERE a.i NOT IN (SELECT u1.k FROM u u1 WHERE FALSE) ORDER BY 1
SELECT a._id, a.j FROM t a WHERE a.j NOT IN (SELECT v1.code FROM v v1 WHERE v1.code IS NOT NULL AND v1.code > 0) ORDER BY 1
SELECT u1._id FROM u u1 WHERE u1.k NOT IN (SELECT v1.code FROM v v1 WHERE v1._id <> 5 AND v1._id <> 11) ORDER BY 1
SELECT a._id FROM t a WHERE (a.i, a.j) NOT IN (SELECT u1.i, u1.k FROM u u1 WHERE u1.i IS NOT NULL AND u1.k IS NOT NULL) ORDER BY 1
-- semi-joins
-- kind: semi-join
SELECT a._id FROM t a WHERE EXISTS (SELECT 1 FROM u u1 WHERE u1.tid = a._id) ORDER BY 1
SELECT a._id FROM t a WHERE EXISTS (SELECT * FROM u u1 WHERE u1.tid = a._id AND u1.e > a.d) ORDER BY 1
SELECT a._id FROM t a WHERE EXISTS (SELECT 1 FROM v v1 WHERE v1.code > 100) ORDER BY 1
SELECT a._id FROM t a WHERE EXISTS (SELECT 1 FROM v v1 WHERE v1.flag) AND a._id < 4 ORDER BY 1
SELECT a._id FROM t a WHERE a._id IN (SELECT u1.tid FROM u u1) ORDER BY 1
SELECT a._id, a.i FROM t a WHERE a.i IN (SELECT v1.code FROM v v1) ORDER BY 1
SELECT a._id FROM t a WHERE a.i IN (SELECT u1.k FROM u u1 WHERE u1.tid = a._id) ORDER BY 1
SELECT a._id FROM t a WHERE (a.i, a.j) IN (SELECT u1.i, u1.k FROM u u1) ORDER BY 1
SELECT a._id FROM t a WHERE a.s IN (SELECT u1.s FROM u u1 WHERE u1.g = 'red') ORDER BY 1
SELECT a._id FROM t a WHERE a.n.x IN (SELECT u1.m.k FROM u u1 WHERE u1.m.tag = 'p') ORDER BY 1
SELECT a._id FROM t a WHERE a.i IN (SELECT u1.k FROM u u1 UNION SELECT v1.w FROM v v1) ORDER BY 1
SELECT a._id FROM t a WHERE a._id IN (SELECT u1.tid FROM u u1 WHERE u1.k IN (SELECT v1.code FROM v v1 WHERE v1.flag)) ORDER BY 1
SELECT a._id FROM t a WHERE EXISTS (SELECT 1 FROM u u1 WHERE u1.tid = a._id AND EXISTS (SELECT 1 FROM v v1 WHERE v1.code = u1.k AND v1.w > a.j)) ORDER BY 1
SELECT a._id, EXISTS (SELECT 1 FROM u u1 WHERE u1.tid = a._id) AS e FROM t a ORDER BY 1
SELECT a._id, a.i IN (SELECT v1.code FROM v v1) AS x, a.i NOT IN (SELECT v1.code FROM v v1 WHERE v1.code IS NOT NULL) AS y FROM t a ORDER BY 1
SELECT DISTINCT a._id FROM t a JOIN u u1 ON u1.tid = a._id ORDER BY 1
-- quantified comparisons
SELECT a._id FROM t a WHERE a.i = ANY (SELECT v1.code FROM v v1) ORDER BY 1
SELECT a._id FROM t a WHERE a.i > ALL (SELECT v1.code FROM v v1 WHERE v1.code IS NOT NULL) ORDER BY 1
~ SELECT a._id FROM t a WHERE a.i > ALL (SELECT v1.code FROM v v1)
SELECT a._id, a.i FROM t a WHERE a.i >= ALL (SELECT v1.code FROM v v1 WHERE FALSE) ORDER BY 1
SELECT a._id FROM t a WHERE a.i < ANY (SELECT u1.k FROM u u1 WHERE u1.g = 'blue') ORDER BY 1
SELECT a._id FROM t a WHERE a.j <> ALL (SELECT v1.code FROM v v1 WHERE v1.code IS NOT NULL) ORDER BY 1
SELECT a._id FROM t a WHERE a.i <= SOME (SELECT u1.k FROM u u1 WHERE u1.tid = a._id) ORDER BY 1
SELECT a._id, a.i > ALL (SELECT v1.code FROM v v1) AS x FROM t a ORDER BY 1
-- scalar subqueries
-- kind: scalar-select
~ SELECT (SELECT COUNT(*) FROM t) AS x, (SELECT COUNT(*) FROM u) AS y, (SELECT COUNT(*) FROM v) AS z
~ SELECT (SELECT MAX(u1.amt) FROM u u1 WHERE u1.amt < 0) AS x, (SELECT SUM(v1.w) FROM v v1 WHERE v1.w > 100) AS y
SELECT a._id, (SELECT COUNT(*) FROM u u1 WHERE u1.tid = a._id) AS n FROM t a ORDER BY 1
SELECT a._id, (SELECT SUM(u1.amt) FROM u u1 WHERE u1.tid = a._id) AS s FROM t a ORDER BY 1
SELECT u1._id, (SELECT a.s FROM t a WHERE a._id = u1.tid) AS s FROM u u1 ORDER BY 1
SELECT a._id, (SELECT v1.name FROM v v1 WHERE v1.code = a.j ORDER BY v1._id LIMIT 1) AS name FROM t a ORDER BY 1
SELECT a._id, a.i - (SELECT MIN(v1.code) FROM v v1) AS x, (SELECT MAX(u1.k) FROM u u1) AS y FROM t a ORDER BY 1
SELECT a._id, CASE WHEN (SELECT COUNT(*) FROM u u1 WHERE u1.tid = a._id) > 1 THEN 'many' ELSE 'few' END AS c FROM t a ORDER BY 1
SELECT a._id, (SELECT COUNT(*) FROM u u1 WHERE u1.tid = a._id AND u1.e > a.d) AS n FROM t a WHERE a._id < 60 ORDER BY 1
SELECT a._id, (SELECT MAX(v1.w) FROM v v1 WHERE v1.code = (SELECT MIN(u1.k) FROM u u1 WHERE u1.tid = a._id)) AS x FROM t a ORDER BY 1
-- kind: scalar-where
SELECT a._id, a.i FROM t a WHERE a.i > (SELECT AVG(u1.k) FROM u u1) ORDER BY 1
SELECT a._id FROM t a WHERE a.f < (SELECT MAX(u1.amt) FROM u u1 WHERE u1.tid = a._id) ORDER BY 1
SELECT a._id FROM t a WHERE (SELECT COUNT(*) FROM u u1 WHERE u1.tid = a._id) >= 2 ORDER BY 1
SELECT a._id FROM t a WHERE (SELECT COUNT(*) FROM u u1 WHERE u1.tid = a._id) = 0 ORDER BY 1
~ SELECT a._id FROM t a WHERE a.i = (SELECT MIN(v1.code) FROM v v1 WHERE v1.code > 100)
SELECT a._id FROM t a WHERE a.i <> (SELECT MAX(v1.code) FROM v v1) ORDER BY 1
SELECT a._id FROM t a WHERE a.s = (SELECT u1.s FROM u u1 WHERE u1._id = a._id) ORDER BY 1
SELECT a._id FROM t a ORDER BY (SELECT COUNT(*) FROM u u1 WHERE u1.tid = a._id) DESC, a._id LIMIT 8
-- kind: scalar-having
SELECT a.j, COUNT(*) FROM t a GROUP BY a.j HAVING COUNT(*) > (SELECT COUNT(*) FROM v v1) ORDER BY 1
SELECT a.j, COUNT(*) FROM t a GROUP BY a.j HAVING COUNT(*) > (SELECT COUNT(*) FROM u u1 WHERE u1.k = a.j) ORDER BY 1
SELECT u1.g, MAX(u1.i) FROM u u1 GROUP BY u1.g HAVING MAX(u1.i) >= (SELECT MAX(a.i) FROM t a WHERE a.s = 'abc') ORDER BY 1
SELECT a.j, SUM(a.i) + (SELECT COUNT(*) FROM v v1) AS x FROM t a GROUP BY a.j ORDER BY 1
SELECT a.j, COUNT(*), (SELECT COUNT(*) FROM v v1 WHERE v1.code = a.j) AS vs FROM t a GROUP BY a.j ORDER BY 1
-- derived tables
-- kind: derived
SELECT q.k, q.c FROM (SELECT u1.k, COUNT(*) FROM u u1 GROUP BY u1.k) AS q(k, c) ORDER BY q.k
SELECT q.x, q.c FROM (SELECT u1.k, COUNT(*) AS c FROM u u1 GROUP BY u1.k) AS q(x) ORDER BY 1
SELECT a._id, q.n FROM t a JOIN (SELECT u1.tid, COUNT(*) FROM u u1 GROUP BY u1.tid) AS q(tid, n) ON q.tid = a._id ORDER BY a._id
SELECT a._id, COALESCE(q.n, 0) FROM t a LEFT JOIN (SELECT u1.tid, COUNT(*) FROM u u1 GROUP BY u1.tid) AS q(tid, n) ON q.tid = a._id ORDER BY a._id
SELECT q.tid, q.n FROM t a RIGHT JOIN (SELECT u1.tid, COUNT(*) FROM u u1 GROUP BY u1.tid) AS q(tid, n) ON q.tid = a._id WHERE a._id IS NULL ORDER BY 1
SELECT r.k FROM (SELECT q.k FROM (SELECT DISTINCT u1.k FROM u u1) AS q(k) WHERE q.k > 0) AS r(k) ORDER BY 1
SELECT q.id, q.i FROM (SELECT a._id, a.i FROM t a ORDER BY a.i DESC, a._id LIMIT 10) AS q(id, i) ORDER BY 1
SELECT x.a, x.b FROM (SELECT 1, 'one') AS x(a, b)
~ SELECT COUNT(*), COUNT(s.k) FROM (SELECT u1.k FROM u u1 UNION SELECT v1.code FROM v v1) AS s(k)
SELECT q.id, SUM(q.amt), COUNT(*) FROM (SELECT a._id, u1.amt FROM t a JOIN u u1 ON a._id = u1.tid) AS q(id, amt) GROUP BY q.id ORDER BY 1
SELECT q.p, MAX(q.rn), COUNT(*) FROM (SELECT a.j, ROW_NUMBER() OVER (PARTITION BY a.j ORDER BY a._id) FROM t a) AS q(p, rn) GROUP BY q.p ORDER BY 1
SELECT q.k, v1.name FROM (SELECT DISTINCT u1.k FROM u u1 WHERE u1.g = 'red') AS q(k) JOIN v v1 ON v1.code = q.k ORDER BY 1, 2
-- CTEs
-- kind: cte
WITH c AS (SELECT u1.tid AS tid, COUNT(*) AS n FROM u u1 GROUP BY u1.tid) SELECT a._id, c.n FROM t a JOIN c ON c.tid = a._id ORDER BY 1
WITH c(id, amt) AS (SELECT u1._id, u1.amt FROM u u1 WHERE u1.amt > 0) SELECT c.id, c.amt FROM c ORDER BY c.amt DESC, c.id LIMIT 10
WITH k AS (SELECT DISTINCT u1.k AS k FROM u u1) SELECT k1.k, k2.k FROM k k1 JOIN k k2 ON k2.k = k1.k + 1 ORDER BY 1
WITH k AS (SELECT DISTINCT u1.k AS k FROM u u1) SELECT k.k, (SELECT COUNT(*) FROM k) AS n FROM k ORDER BY 1
WITH x AS (SELECT u1.tid AS tid, u1.amt AS amt FROM u u1 WHERE u1.tid IS NOT NULL), y AS (SELECT tid, SUM(amt) AS total FROM x GROUP BY tid), z AS (SELECT y.tid, y.total, (SELECT COUNT(*) FROM x WHERE x.tid = y.tid) AS n FROM y) SELECT z.tid, a.s, z.total, z.n FROM z JOIN t a ON a._id = z.tid ORDER BY 1
WITH r AS (SELECT u1.tid AS tid FROM u u1 WHERE u1.g = 'red') SELECT a._id FROM t a WHERE a._id IN (SELECT tid FROM r) OR NOT EXISTS (SELECT 1 FROM r WHERE r.tid = a._id + 1) ORDER BY 1
WITH v AS (SELECT u1._id AS _id FROM u u1 WHERE u1.k = 0) SELECT COUNT(*) FROM v
WITH s AS (SELECT a.i AS x FROM t a UNION SELECT u1.k FROM u u1) SELECT s.x, (SELECT COUNT(*) FROM v v1 WHERE v1.code = s.x) FROM s ORDER BY 1
WITH g AS (SELECT u1.tid AS tid, COUNT(*) AS cnt FROM u u1 WHERE u1.tid IS NOT NULL GROUP BY u1.tid) SELECT a._id, g1.cnt FROM t a JOIN g g1 ON g1.tid = a._id WHERE g1.cnt = (SELECT MAX(cnt) FROM g) ORDER BY 1
WITH a AS (SELECT v1.code AS code FROM v v1), b AS (SELECT code FROM a WHERE code > 0) SELECT a.code, b.code FROM a LEFT JOIN b ON b.code = a.code ORDER BY 1, 2
-- set operations
-- kind: setop
SELECT a.i FROM t a UNION SELECT u1.k FROM u u1 ORDER BY 1
~ SELECT a.i FROM t a UNION ALL SELECT u1.k FROM u u1
SELECT a.j FROM t a INTERSECT SELECT v1.code FROM v v1 ORDER BY 1
SELECT a.j FROM t a INTERSECT ALL SELECT v1.code FROM v v1 ORDER BY 1
SELECT a.i FROM t a EXCEPT SELECT u1.k FROM u u1 ORDER BY 1
SELECT a.j FROM t a EXCEPT ALL SELECT u1.k FROM u u1 ORDER BY 1
SELECT v1.code FROM v v1 EXCEPT ALL SELECT a.j FROM t a WHERE a._id < 10 ORDER BY 1
SELECT a.i, a.s FROM t a EXCEPT SELECT u1.i, u1.s FROM u u1 ORDER BY 1, 2 LIMIT 10
SELECT a.j FROM t a UNION SELECT u1.k FROM u u1 INTERSECT SELECT v1.code FROM v v1 ORDER BY 1
SELECT a.j FROM t a EXCEPT SELECT u1.k FROM u u1 WHERE u1.k > 0 UNION ALL SELECT v1.code FROM v v1 ORDER BY 1
(SELECT a._id FROM t a ORDER BY a._id DESC LIMIT 3) UNION ALL (SELECT u1._id FROM u u1 ORDER BY u1._id LIMIT 2) ORDER BY 1
SELECT a.i AS x FROM t a UNION SELECT u1.k FROM u u1 ORDER BY x DESC LIMIT 5
SELECT a.f FROM t a INTERSECT SELECT u1.amt FROM u u1 ORDER BY 1
SELECT a.d FROM t a WHERE a._id < 10 UNION ALL SELECT u1.e FROM u u1 WHERE u1._id < 5 ORDER BY 1
SELECT 1, 'x' UNION SELECT NULL, NULL UNION SELECT 1, 'x' ORDER BY 1
SELECT 't', COUNT(*) FROM t UNION ALL SELECT 'u', COUNT(*) FROM u UNION ALL SELECT 'v', COUNT(*) FROM v ORDER BY 1
SELECT a.n.y FROM t a UNION SELECT u1.m.tag FROM u u1 ORDER BY 1 NULLS FIRST
SELECT u1.tid FROM u u1 EXCEPT SELECT a._id FROM t a ORDER BY 1
~ SELECT a.j, COUNT(*) FROM t a GROUP BY a.j UNION ALL SELECT u1.k, COUNT(*) FROM u u1 GROUP BY u1.k
SELECT a.b FROM t a INTERSECT SELECT v1.flag FROM v v1 ORDER BY 1
-- window functions
-- kind: window
SELECT a._id, ROW_NUMBER() OVER (ORDER BY a._id DESC) FROM t a ORDER BY 1
SELECT a._id, ROW_NUMBER() OVER (PARTITION BY a.j ORDER BY a.i, a._id) FROM t a ORDER BY 1
SELECT a._id, RANK() OVER (ORDER BY a.i) FROM t a ORDER BY 1
SELECT a._id, RANK() OVER (ORDER BY a.i NULLS FIRST), DENSE_RANK() OVER (ORDER BY a.i DESC) FROM t a ORDER BY 1
SELECT a._id, DENSE_RANK() OVER (PARTITION BY a.j ORDER BY a.s DESC) FROM t a ORDER BY 1
SELECT a._id, RANK() OVER (PARTITION BY a.b ORDER BY a.i, a.s) FROM t a ORDER BY 1
SELECT a._id, LAG(a.i) OVER (ORDER BY a._id), LEAD(a.i) OVER (ORDER BY a._id) FROM t a ORDER BY 1
SELECT a._id, LAG(a.i, 2) OVER (PARTITION BY a.j ORDER BY a._id), LEAD(a.d, 3) OVER (PARTITION BY a.j ORDER BY a._id) FROM t a ORDER BY 1
SELECT a._id, LAG(a.i, 1, 0) OVER (PARTITION BY a.j ORDER BY a._id), LEAD(a.s, 1, 'none') OVER (PARTITION BY a.j ORDER BY a._id) FROM t a ORDER BY 1
SELECT u1._id, LAG(u1.amt, 1, -1.0) OVER (PARTITION BY u1.g ORDER BY u1.e, u1._id) FROM u u1 ORDER BY 1
SELECT a._id, FIRST_VALUE(a.s) OVER (PARTITION BY a.j ORDER BY a.i, a._id), LAST_VALUE(a.s) OVER (PARTITION BY a.j ORDER BY a.i, a._id) FROM t a ORDER BY 1
SELECT a._id, LAST_VALUE(a.s) OVER (PARTITION BY a.j ORDER BY a._id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM t a ORDER BY 1
SELECT a._id, FIRST_VALUE(a.n.x) OVER (PARTITION BY a.b ORDER BY a.f DESC, a._id) FROM t a ORDER BY 1
SELECT a._id, SUM(a.i) OVER (PARTITION BY a.j), COUNT(*) OVER (), COUNT(a.i) OVER (PARTITION BY a.j) FROM t a ORDER BY 1
SELECT a._id, SUM(a.i) OVER (PARTITION BY a.j ORDER BY a.i), AVG(a.f) OVER (PARTITION BY a.j ORDER BY a.i) FROM t a ORDER BY 1
SELECT a._id, SUM(a.i) OVER (ORDER BY a._id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t a ORDER BY 1
SELECT a._id, AVG(a.f) OVER (PARTITION BY a.b ORDER BY a._id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t a ORDER BY 1
SELECT a._id, SUM(a.i) OVER (PARTITION BY a.j ORDER BY a._id ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING), COUNT(a.i) OVER (PARTITION BY a.j ORDER BY a._id ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING) FROM t a ORDER BY 1
SELECT a._id, COUNT(a.i) OVER (ORDER BY a.i RANGE UNBOUNDED PRECEDING), MAX(a.s) OVER (ORDER BY a.i RANGE UNBOUNDED PRECEDING) FROM t a ORDER BY 1
SELECT a._id, MIN(a.s) OVER (PARTITION BY a.j ORDER BY a._id ROWS UNBOUNDED PRECEDING), MAX(a.d) OVER (PARTITION BY a.n.y) FROM t a ORDER BY 1
SELECT a._id, SUM(a.f) OVER (ORDER BY a.f), SUM(a.f) OVER (ORDER BY a.f DESC) FROM t a ORDER BY 1
SELECT a._id, SUM(a.i) OVER (ORDER BY a.i RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t a ORDER BY 1
SELECT a._id, COUNT(*) OVER (PARTITION BY a.j ORDER BY a.i RANGE BETWEEN CURRENT ROW AND 2 FOLLOWING) FROM t a ORDER BY 1
SELECT a._id, SUM(a.i) OVER (PARTITION BY a.j ORDER BY a._id ROWS BETWEEN CURRENT ROW AND CURRENT ROW) FROM t a ORDER BY 1
SELECT a._id, ROW_NUMBER() OVER w, LAG(a.i) OVER w, SUM(a.i) OVER w FROM t a WINDOW w AS (PARTITION BY a.j ORDER BY a.i, a._id) ORDER BY 1
SELECT a._id, ROW_NUMBER() OVER (PARTITION BY a.j ORDER BY a._id) FROM t a WHERE a.i > 2 ORDER BY 1
SELECT DISTINCT a.j, COUNT(*) OVER (PARTITION BY a.j) FROM t a ORDER BY 1
SELECT a.j, SUM(a.i), SUM(SUM(a.i)) OVER (ORDER BY a.j), RANK() OVER (ORDER BY COUNT(*) DESC) FROM t a GROUP BY a.j ORDER BY 1
SELECT a._id, ROW_NUMBER() OVER (PARTITION BY a.n.y ORDER BY a._id), COUNT(*) OVER (PARTITION BY a.n.y) FROM t a ORDER BY 1
SELECT u1._id, SUM(u1.amt) OVER (PARTITION BY u1.g ORDER BY u1.e DESC NULLS LAST, u1._id), DENSE_RANK() OVER (ORDER BY u1.g NULLS FIRST) FROM u u1 ORDER BY 1
SELECT a._id, a.s, RANK() OVER (ORDER BY a.s DESC) FROM t a ORDER BY 3, 1 LIMIT 15
-- kind: window-topn
SELECT q.id, q.g FROM (SELECT u1._id, u1.g, ROW_NUMBER() OVER (PARTITION BY u1.g ORDER BY u1.amt DESC, u1._id) FROM u u1) AS q(id, g, rn) WHERE q.rn <= 2 ORDER BY 1
-- kind: window-join
SELECT a._id, u1._id, ROW_NUMBER() OVER (PARTITION BY a._id ORDER BY u1._id), COUNT(u1._id) OVER (PARTITION BY a._id) FROM t a LEFT JOIN u u1 ON a._id = u1.tid WHERE a._id < 50 ORDER BY 1, 2
SELECT v1._id, SUM(COUNT(u1._id)) OVER (ORDER BY v1._id) FROM v v1 LEFT JOIN u u1 ON u1.k = v1.code GROUP BY v1._id ORDER BY 1
"""


def catalogue_relational() -> list[Query]:
    """The statements of CATALOGUE_TEXT, of kind `rel-<kind>`."""
    queries, kind = [], None
    for line in CATALOGUE_TEXT.splitlines():
        line = line.strip()
        if line.startswith("-- kind:"):
            kind = line.removeprefix("-- kind:").strip()
        elif line and not line.startswith("--"):
            ordered = not line.startswith("~ ")
            queries.append(Query(line.removeprefix("~ "), ordered, f"rel-{kind}"))
    return queries


def generate_relational_queries(seed: int = SEED, n: int = N_QUERIES) -> list[Query]:
    """The catalogue, then `n` random statements (deterministic for a given seed), no
    duplicates."""
    g = _RelGen(random.Random(seed))
    queries = catalogue_relational()
    seen = {q.sql for q in queries}
    target = len(queries) + n
    while len(queries) < target:
        r, acc = g.r.random(), 0.0
        for maker, weight in MAKERS:
            acc += weight
            if r < acc:
                break
        query = maker(g)
        if query.sql not in seen:
            seen.add(query.sql)
            queries.append(query)
    return queries
