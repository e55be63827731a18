"""Seeded generator of single-collection SELECT statements over the collection `t`.

Every statement is PostgreSQL that DuckDB (in PostgreSQL mode, see oracle.py) evaluates the
same way as PostgreSQL, apart from the rewrites listed in compare.KNOWN_DIFFERENCES. Rules the
generator keeps so that the oracle stays a valid oracle:

- no division or modulo by an expression that can be zero (divisors are non-zero literals or
  `ABS(j) + 1`);
- `/` only between operands whose type is the same in PostgreSQL and DuckDB (for example never
  `SIGN(i) / 2`: PostgreSQL's SIGN(int) is double precision, DuckDB's is an integer);
- float literals are multiples of 1/8 and float divisors are powers of two, so that double
  arithmetic is exact and PostgreSQL's exact numeric literals cannot disagree with doubles;
- `%` and MOD only on integers (PostgreSQL has no double precision `%`);
- LIMIT / OFFSET only under an ORDER BY that orders totally (ends in `_id`, or orders by every
  group key / DISTINCT column);
- no date functions, only comparisons with TIMESTAMP literals.

`Query.ordered` says whether the rows must come back in exactly the oracle's order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sqlglot
from sqlglot import exp

SEED = 7321
N_QUERIES = 400

INT_COLS = ["i", "j", "n.x"]
FLOAT_COLS = ["f"]
STR_COLS = ["s", "n.y"]
BOOL_COLS = ["b"]
DATE_COLS = ["d"]

INT_LITERALS = [-3, -1, 0, 1, 2, 3, 5, 7]
FLOAT_LITERALS = ["2.5", "-0.5", "0.5", "1.25", "0.0", "-2.5", "3.75", "10.0"]
FLOAT_DIVISORS = ["2.0", "0.5", "4.0", "-2.0", "0.25"]
INT_DIVISORS = ["2", "3", "-2", "5", "-4", "(ABS(j) + 1)"]
STR_LITERALS = [
    "'ab'",
    "'abc'",
    "'Abc'",
    "'ABC'",
    "'b'",
    "'x'",
    "''",
    "'a_b'",
    "'hello world'",
    "'zz_top'",
    "'ab '",
    "' ab'",
    "'100%'",
    "'café'",
    "'p'",
    "'pq'",
]
TIMESTAMPS = [
    "TIMESTAMP '2024-01-01 00:00:00'",
    "TIMESTAMP '2024-03-15 12:30:00'",
    "TIMESTAMP '2024-06-30 23:59:59'",
    "TIMESTAMP '2024-09-01 08:00:00'",
    "TIMESTAMP '2024-12-31 00:00:00'",
    "TIMESTAMP '2025-02-01 00:00:00'",
]
LIKE_PATTERNS = [
    "'ab%'",
    "'%b%'",
    "'a_c'",
    "'%c'",
    "'A%'",
    "'_'",
    "'%'",
    "''",
    "'abc'",
    "'%a%b%'",
    "'a__'",
    "'%_'",
    "'a.c%'",
    "'%(%'",
    "'%$'",
    "'h%o%'",
    "'%É'",
    "'x\\_%'",
]
ESCAPED_LIKE = [
    "'%!%%' ESCAPE '!'",
    "'%!_%' ESCAPE '!'",
    "'a!_b%' ESCAPE '!'",
    "'%#_#_%' ESCAPE '#'",
]
REGEX_OPS = ["~", "~*", "!~", "!~*"]
REGEX_PATTERNS = [
    "'b'",
    "'^ab'",
    "'b.$'",
    "'^[A-Z]'",
    "'_'",
    "'a|z'",
    "'^$'",
    "'o w'",
    "'(ab)+c'",
    "'^.{3}$'",
    "'[%_]'",
    "'c$'",
    "'^a.*b'",
]
CMP_OPS = ["=", "<>", "!=", "<", "<=", ">", ">="]
POSITION_NEEDLES = ["'b'", "'_'", "'ab'", "'c'"]
REPLACE_FROM = ["'a'", "'b'", "'_'", "'ab'"]
REPLACE_TO = ["'X'", "''", "'--'"]
CONCAT_SEPARATORS = ["'-'", "'!'"]
SPLIT_DELIMITERS = ["'_'", "' '", "'b'"]
STARTS_WITH_PREFIXES = ["'ab'", "'A'", "''", "'h'"]
EMPTY_FILTERS = ["i > 100", "s = 'no such'", "f < -1000", "FALSE", "i IS NULL AND i IS NOT NULL"]


@dataclass(frozen=True)
class Query:
    sql: str
    ordered: bool  # the ORDER BY is total: compare rows as lists, not multisets
    kind: str


class _Gen:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def pick(self, seq):
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    # ---- integer expressions (PostgreSQL type integer in PostgreSQL and DuckDB) ----
    def int_expr(self, depth: int = 2) -> str:
        r = self.r.random()
        if depth <= 0 or r < 0.35:
            return self.int_leaf()
        d = depth - 1
        options = [
            lambda: f"({self.int_expr(d)} {self.pick(['+', '-', '*'])} {self.int_expr(d)})",
            lambda: f"({self.int_expr(d)} / {self.pick(INT_DIVISORS)})",
            lambda: f"({self.int_expr(d)} % {self.pick(INT_DIVISORS)})",
            lambda: f"MOD({self.int_expr(d)}, {self.pick(INT_DIVISORS)})",
            lambda: f"-({self.int_expr(d)})",
            lambda: f"-{self.pick(INT_COLS)}",
            lambda: f"ABS({self.int_expr(d)})",
            lambda: f"COALESCE({self.int_expr(d)}, {self.int_expr(0)}, {self.pick(INT_LITERALS)})",
            lambda: f"NULLIF({self.int_expr(d)}, {self.pick(INT_LITERALS)})",
            lambda: (
                f"{self.pick(['GREATEST', 'LEAST'])}({self.int_expr(d)}, {self.int_expr(d)}"
                + (f", {self.pick(INT_LITERALS)})" if self.chance(0.5) else ")")
            ),
            lambda: f"LENGTH({self.str_expr(d)})",
            lambda: (
                f"CAST({self.pick(['f', 'LENGTH(s)', '-f', 'f * 2'])} AS "
                f"{self.pick(['INTEGER', 'BIGINT'])})"
            ),
            lambda: f"POSITION({self.pick(POSITION_NEEDLES)} IN {self.str_expr(d)})",
            lambda: self.case_expr(self.int_expr, d),
        ]
        return self.pick(options)()

    def int_leaf(self) -> str:
        if self.chance(0.75):
            return self.pick(INT_COLS)
        return str(self.pick(INT_LITERALS))

    # ---- float expressions: `pure` ones are DOUBLE in DuckDB as well (safe to divide) ----
    def float_expr(self, depth: int = 2, pure: bool = False) -> str:
        r = self.r.random()
        if depth <= 0 or r < 0.3:
            return "f" if self.chance(0.8) else self.pick(FLOAT_LITERALS)
        d = depth - 1
        options = [
            lambda: (
                f"({self.float_expr(d, True)} {self.pick(['+', '-', '*'])} "
                f"{self.pick([self.float_expr(d, True), self.int_expr(d)])})"
            ),
            lambda: f"({self.int_expr(d)} {self.pick(['+', '-', '*'])} {self.float_expr(d, True)})",
            lambda: f"({self.float_expr(d, True)} / {self.pick(FLOAT_DIVISORS)})",
            lambda: f"-({self.float_expr(d, True)})",
            lambda: f"ABS({self.float_expr(d, True)})",
            lambda: f"{self.pick(['CEIL', 'FLOOR', 'ROUND'])}({self.float_expr(d, True)})",
            lambda: f"SQRT(ABS({self.float_expr(d, True)}))",
            lambda: f"POWER({self.float_expr(d, True)}, {self.pick(['0', '1', '2', '3'])})",
            lambda: f"COALESCE(f, {self.pick(FLOAT_LITERALS)})",
            lambda: f"CAST({self.int_expr(d)} AS DOUBLE PRECISION)",
            lambda: f"{self.pick(['GREATEST', 'LEAST'])}(f, {self.float_expr(d, True)})",
        ]
        if not pure:
            options += [
                lambda: f"SIGN({self.pick([self.float_expr(d, True), self.int_expr(d)])})",
                lambda: f"{self.pick(['CEIL', 'FLOOR', 'ROUND', 'ABS'])}({self.int_expr(d)})",
                lambda: f"POWER({self.int_expr(d)}, {self.pick(['0', '1', '2'])})",
                lambda: f"SQRT(ABS({self.int_expr(d)}))",
                lambda: f"ROUND({self.int_expr(d)}, {self.pick(['0', '1', '2'])})",
                lambda: f"{self.pick(['GREATEST', 'LEAST'])}({self.int_expr(d)}, f)",
                lambda: self.case_expr(lambda dd: self.float_expr(dd, True), d),
            ]
        return self.pick(options)()

    # ---- strings ----
    def str_expr(self, depth: int = 2) -> str:
        r = self.r.random()
        if depth <= 0 or r < 0.35:
            return self.pick(STR_COLS) if self.chance(0.85) else self.pick(STR_LITERALS)
        d = depth - 1
        x = lambda: self.str_expr(d)
        options = [
            lambda: f"{self.pick(['LOWER', 'UPPER'])}({x()})",
            lambda: (
                f"SUBSTRING({x()}, {self.pick(['-1', '0', '1', '2', '3'])}, "
                f"{self.pick(['0', '1', '2', '5'])})"
            ),
            lambda: (
                f"SUBSTRING({x()} FROM {self.pick(['1', '2', '4'])}"
                + (f" FOR {self.pick(['1', '3'])})" if self.chance(0.5) else ")")
            ),
            lambda: f"{self.pick(['TRIM', 'LTRIM', 'RTRIM'])}({x()})",
            lambda: f"REPLACE({x()}, {self.pick(REPLACE_FROM)}, {self.pick(REPLACE_TO)})",
            lambda: (
                f"CONCAT({x()}, {self.pick(CONCAT_SEPARATORS)}, {self.pick(INT_COLS + STR_COLS)})"
            ),
            lambda: f"({x()} || {self.pick(STR_LITERALS + STR_COLS)})",
            lambda: f"({x()} || {self.pick(INT_COLS)})",
            lambda: (
                f"{self.pick(['LEFT', 'RIGHT'])}({x()}, {self.pick(['-1', '0', '1', '2', '3'])})"
            ),
            lambda: (
                f"SPLIT_PART({x()}, {self.pick(SPLIT_DELIMITERS)}, "
                f"{self.pick(['1', '2', '3', '-1'])})"
            ),
            lambda: f"COALESCE({x()}, {self.pick(STR_COLS)}, 'none')",
            lambda: f"NULLIF({x()}, {self.pick(STR_LITERALS)})",
            lambda: (
                f"{self.pick(['GREATEST', 'LEAST'])}({x()}, {self.pick(STR_LITERALS + STR_COLS)})"
            ),
            lambda: self.case_expr(self.str_expr, d),
            lambda: self.simple_case(),
            lambda: f"CAST({self.int_expr(d)} AS TEXT)",
        ]
        return self.pick(options)()

    def simple_case(self) -> str:
        operand = self.pick(["i", "j", "n.x"])
        values = self.r.sample(INT_LITERALS, 2)
        parts = " ".join(f"WHEN {v} THEN {self.pick(STR_LITERALS)}" for v in values)
        tail = f" ELSE {self.pick(STR_LITERALS)}" if self.chance(0.6) else ""
        return f"CASE {operand} {parts}{tail} END"

    def case_expr(self, branch, depth: int) -> str:
        whens = " ".join(
            f"WHEN {self.predicate(1)} THEN {branch(depth)}" for _ in range(self.r.randint(1, 2))
        )
        tail = f" ELSE {branch(depth)}" if self.chance(0.7) else ""
        return f"CASE {whens}{tail} END"

    # ---- predicates (three-valued) ----
    def predicate(self, depth: int = 2) -> str:
        if depth > 0 and self.chance(0.45):
            d = depth - 1
            kind = self.r.random()
            if kind < 0.35:
                return f"({self.predicate(d)} AND {self.predicate(d)})"
            if kind < 0.7:
                return f"({self.predicate(d)} OR {self.predicate(d)})"
            if kind < 0.85:
                return f"NOT ({self.predicate(d)})"
            # unparenthesised mixture: relies on the parser's precedence (NOT > AND > OR)
            return f"({self.atom()} OR {self.atom()} AND NOT {self.atom()})"
        return self.atom()

    def atom(self) -> str:
        r = self.r.random()
        if r < 0.30:
            return self.comparison()
        if r < 0.40:
            return self.in_list()
        if r < 0.48:
            return self.between()
        if r < 0.58:
            return self.like()
        if r < 0.66:
            col = self.pick(INT_COLS + FLOAT_COLS + STR_COLS + BOOL_COLS + DATE_COLS)
            return f"{col} IS {self.pick(['', 'NOT '])}NULL"
        if r < 0.74:
            return self.distinct_from()
        if r < 0.84:
            return self.pick(
                [
                    "b",
                    "NOT b",
                    "b = TRUE",
                    "b <> FALSE",
                    "b IS TRUE",
                    "b IS NOT TRUE",
                    "b IS FALSE",
                    "b IS NOT FALSE",
                    f"b = ({self.comparison()})",
                ]
            )
        if r < 0.88:
            return f"STARTS_WITH({self.str_expr(1)}, {self.pick(STARTS_WITH_PREFIXES)})"
        if r < 0.92:
            target = self.pick(STR_COLS + STR_COLS + ["LOWER(s)"])
            return f"{target} {self.pick(REGEX_OPS)} {self.pick(REGEX_PATTERNS)}"
        if r < 0.95:
            return f"d {self.pick(CMP_OPS)} {self.pick(TIMESTAMPS)}"
        return (
            f"{self.pick(['i', 'j', 'n.x', '(i + j)'])} = NULL"
            if self.chance(0.3)
            else self.comparison()
        )

    def comparison(self) -> str:
        op = self.pick(CMP_OPS)
        kind = self.r.random()
        if kind < 0.35:  # integer
            left, right = (
                self.int_expr(1),
                self.pick([str(self.pick(INT_LITERALS)), self.int_expr(1)]),
            )
        elif kind < 0.55:  # numeric, mixing ints and floats
            left = self.float_expr(1)
            right = self.pick(FLOAT_LITERALS + [self.pick(INT_COLS), self.int_expr(1), "f"])
        elif kind < 0.85:  # text (byte-wise order in every engine here)
            left = self.str_expr(1)
            right = self.pick(STR_LITERALS + STR_COLS)
        else:  # dates
            left, right = "d", self.pick(TIMESTAMPS)
        if self.chance(0.3):  # literal vs column
            left, right = right, left
        return f"{left} {op} {right}"

    def in_list(self) -> str:
        neg = self.pick(["", "NOT "])
        kind = self.r.random()
        if kind < 0.45:
            items = [str(v) for v in self.r.sample(INT_LITERALS, self.r.randint(1, 4))]
            target = self.pick(INT_COLS + ["(i + j)", "(i % 3)"])
        elif kind < 0.65:
            items = self.r.sample(FLOAT_LITERALS, self.r.randint(1, 3))
            target = "f"
        else:
            items = self.r.sample(STR_LITERALS, self.r.randint(1, 4))
            target = self.pick(STR_COLS + ["LOWER(s)"])
        if self.chance(0.3):
            items.insert(self.r.randint(0, len(items)), "NULL")
        return f"{target} {neg}IN ({', '.join(items)})"

    def between(self) -> str:
        neg = self.pick(["", "NOT "])
        kind = self.r.random()
        if kind < 0.4:
            lo, hi = sorted(self.r.sample(INT_LITERALS, 2))
            if self.chance(0.15):
                lo, hi = hi, lo  # empty range: BETWEEN is not symmetric
            return f"{self.pick(INT_COLS)} {neg}BETWEEN {lo} AND {hi}"
        if kind < 0.55:
            return f"i {neg}BETWEEN j AND {self.pick(['n.x', '5', 'j + 3'])}"
        if kind < 0.7:
            lo, hi = sorted(self.r.sample([-2.5, -0.5, 0.0, 0.5, 2.5, 3.75], 2))
            return f"f {neg}BETWEEN {lo} AND {hi}"
        if kind < 0.85:
            lo, hi = sorted(self.r.sample(["'A'", "'ab'", "'abc'", "'b'", "'x'", "''"], 2))
            return f"{self.pick(STR_COLS)} {neg}BETWEEN {lo} AND {hi}"
        lo, hi = sorted(self.r.sample(TIMESTAMPS, 2))
        return f"d {neg}BETWEEN {lo} AND {hi}"

    def like(self) -> str:
        op = self.pick(["LIKE", "ILIKE", "NOT LIKE", "NOT ILIKE"])
        target = self.pick(STR_COLS + STR_COLS + ["LOWER(s)", "TRIM(s)"])
        pattern = self.pick(LIKE_PATTERNS + ESCAPED_LIKE)
        return f"{target} {op} {pattern}"

    def distinct_from(self) -> str:
        op = self.pick(["IS DISTINCT FROM", "IS NOT DISTINCT FROM"])
        kind = self.r.random()
        if kind < 0.4:
            return f"{self.pick(INT_COLS)} {op} {self.pick(INT_COLS + ['NULL', '1', '0'])}"
        if kind < 0.6:
            return f"f {op} {self.pick(['i', '2.5', 'NULL'])}"
        if kind < 0.9:
            return f"{self.pick(STR_COLS)} {op} {self.pick(STR_COLS + STR_LITERALS + ['NULL'])}"
        return f"b {op} {self.pick(['TRUE', 'FALSE', 'NULL', '(i > 2)'])}"

    # ---- select items ----
    def scalar(self) -> str:
        r = self.r.random()
        if r < 0.3:
            return self.int_expr(2)
        if r < 0.5:
            return self.float_expr(2)
        if r < 0.75:
            return self.str_expr(2)
        if r < 0.93:
            return self.predicate(1)
        return self.pick(["d", "b", "_id", "n.x", "n.y"])

    # ---- aggregates ----
    def aggregate(self) -> str:
        r = self.r.random()
        if r < 0.1:
            return "COUNT(*)"
        if r < 0.18:
            return f"COUNT({self.pick(INT_COLS + FLOAT_COLS + STR_COLS + BOOL_COLS + DATE_COLS)})"
        if r < 0.26:
            pool = INT_COLS + FLOAT_COLS + STR_COLS + BOOL_COLS + ["LOWER(s)", "i % 3"]
            return f"COUNT(DISTINCT {self.pick(pool)})"
        if r < 0.38:
            pool = ["i", "j", "f", "n.x", self.int_expr(1), self.float_expr(1, True)]
            return f"SUM({self.pick(pool)})"
        if r < 0.48:
            pool = ["i", "j", "f", "n.x", self.int_expr(1), self.float_expr(1, True)]
            return f"AVG({self.pick(pool)})"
        if r < 0.64:
            arg = self.pick(
                ["i", "j", "f", "s", "n.x", "n.y", "d", self.int_expr(1), self.str_expr(1)]
            )
            return f"{self.pick(['MIN', 'MAX'])}({arg})"
        if r < 0.72:
            return f"{self.pick(['BOOL_AND', 'BOOL_OR'])}({self.pick(['b', self.atom()])})"
        if r < 0.8:
            sep = self.pick(["','", "'|'", "''"])
            col = self.pick(["s", "n.y"])
            order = self.pick([f"{col}", f"{col} DESC", "_id", "_id DESC"])
            if self.chance(0.2):
                return f"STRING_AGG(DISTINCT {col}, {sep} ORDER BY {col})"
            return f"STRING_AGG({col}, {sep} ORDER BY {order})"
        if r < 0.88:
            return self.pick(
                [
                    "SUM(i) + 1",
                    "COUNT(*) * 2",
                    "MAX(i) - MIN(i)",
                    "COALESCE(SUM(j), 0)",
                    "SUM(f) / 2.0",
                    "MAX(LENGTH(s))",
                    "COUNT(*) - COUNT(i)",
                    "AVG(f) * 2",
                    "MIN(s) || '-' || MAX(s)",
                    "SUM(i) / 2",
                    "-SUM(j)",
                    "ABS(SUM(j))",
                ]
            )
        return (
            f"{self.pick(['MIN', 'MAX', 'SUM', 'COUNT'])}(CASE WHEN {self.predicate(1)} THEN i END)"
        )

    def having(self) -> str:
        return self.pick(
            [
                f"COUNT(*) > {self.pick([1, 2, 5, 10])}",
                f"SUM(i) > {self.pick([-3, 0, 10])}",
                f"MAX(s) < {self.pick(STR_LITERALS)}",
                "BOOL_OR(b)",
                "NOT BOOL_AND(b)",
                f"AVG(f) > {self.pick(FLOAT_LITERALS)}",
                f"COUNT(DISTINCT j) >= {self.pick([1, 2, 3])}",
                "MIN(i) IS NULL",
                "COUNT(i) < COUNT(*)",
                "(COUNT(*) > 3 AND MAX(f) > 0)",
                "(SUM(j) IS NULL OR SUM(j) < 0)",
            ]
        )

    # ---- ordering ----
    def direction(self) -> str:
        return self.pick(
            [
                "",
                " ASC",
                " DESC",
                " NULLS FIRST",
                " NULLS LAST",
                " ASC NULLS FIRST",
                " DESC NULLS LAST",
                " DESC NULLS FIRST",
                " ASC NULLS LAST",
            ]
        )

    def limit(self) -> str:
        if not self.chance(0.45):
            return ""
        r = self.r.random()
        if r < 0.1:
            return f" OFFSET {self.pick([1, 20, 190])}"  # OFFSET without LIMIT
        if r < 0.2:
            return f" FETCH FIRST {self.pick([1, 4])} ROWS ONLY"
        text = f" LIMIT {self.pick([0, 1, 3, 5, 10, 25])}"
        if self.chance(0.5):
            text += f" OFFSET {self.pick([0, 1, 4, 20, 150])}"
        return text


def _where(g: _Gen) -> str:
    return f" WHERE {g.predicate(2)}" if g.chance(0.75) else ""


def _pg_output_name(expression: str) -> str | None:
    """The name PostgreSQL gives an unaliased select item, when it is a column's name.

    PostgreSQL names `CAST(f AS INTEGER)` and `CASE ... ELSE f END` "f", and an unqualified
    ORDER BY name prefers such an output column to the input column (DuckDB does not).
    """

    def name(node: exp.Expression) -> str | None:
        while isinstance(node, (exp.Paren, exp.Cast)):
            node = node.this
        if isinstance(node, exp.Column):
            return node.name
        if isinstance(node, exp.Case) and node.args.get("default") is not None:
            return name(node.args["default"])
        return None

    return name(sqlglot.parse_one(expression, read="postgres"))


def _select_query(g: _Gen) -> Query:
    items: list[tuple[str, str | None]] = []  # (expression, alias)
    if g.chance(0.3):
        items.append(("_id", None))
    for k in range(g.r.randint(1, 4)):
        items.append((g.scalar(), f"c{k}" if g.chance(0.5) else None))
    select = ", ".join(f"{e} AS {a}" if a else e for e, a in items)
    sql = f"SELECT {select} FROM t{_where(g)}"
    if g.chance(0.7):
        # columns that an unaliased select item other than the column itself is named after
        output_names = {
            _pg_output_name(e) for e, a in items if a is None and e != _pg_output_name(e)
        }
        keys = []
        for _ in range(g.r.randint(0, 2)):
            choice = g.r.random()
            if choice < 0.5:
                key = g.pick(INT_COLS + FLOAT_COLS + STR_COLS + BOOL_COLS + DATE_COLS)
            elif choice < 0.75:
                key = g.pick([g.int_expr(1), g.str_expr(1), g.float_expr(1)])
                if sqlglot.parse_one(key, read="postgres").find(exp.Column) is None:
                    key = "i"  # PostgreSQL rejects ORDER BY <non-integer constant>
            else:  # ordinal or alias of a select item
                pos = g.r.randrange(len(items))
                key = items[pos][1] or str(pos + 1)
            if key in output_names:
                key = f"t.{key}"  # the input column, not PostgreSQL's same-named output column
            keys.append(key + g.direction())
        keys.append("_id" + g.pick(["", " DESC"]))
        sql += f" ORDER BY {', '.join(keys)}{g.limit()}"
        return Query(sql, True, "select")
    return Query(sql, False, "select")


GROUP_KEYS = [
    "i",
    "j",
    "b",
    "s",
    "n.x",
    "n.y",
    "i % 3",
    "LOWER(s)",
    "(i > 2)",
    "COALESCE(j, 0)",
    "LENGTH(s)",
    "f",
    "SIGN(j)",
    "LEFT(s, 1)",
    "(d < TIMESTAMP '2024-07-01 00:00:00')",
]


def _group_query(g: _Gen) -> Query:
    keys = g.r.sample(GROUP_KEYS, g.r.randint(1, 2))
    items, group_refs = [], []
    for n, key in enumerate(keys):
        style = g.r.random()
        if style < 0.5:
            items.append(key)
            group_refs.append(key)
        elif style < 0.75:
            items.append(f"{key} AS k{n}")
            group_refs.append(f"k{n}")
        else:
            items.append(key)
            group_refs.append(str(n + 1))
    aggregates = [g.aggregate() for _ in range(g.r.randint(1, 3))]
    items += [f"{a} AS a{n}" if g.chance(0.3) else a for n, a in enumerate(aggregates)]
    if g.chance(0.2):  # keys after the aggregates
        items = items[len(keys) :] + items[: len(keys)]
        group_refs = [k if not k.isdigit() else keys[int(k) - 1] for k in group_refs]
    sql = f"SELECT {', '.join(items)} FROM t{_where(g)} GROUP BY {', '.join(group_refs)}"
    if g.chance(0.35):
        sql += f" HAVING {g.having()}"
    if g.chance(0.7):
        order = [
            f"{keys[n] if not group_refs[n].startswith('k') else group_refs[n]}{g.direction()}"
            for n in range(len(keys))
        ]
        sql += f" ORDER BY {', '.join(order)}{g.limit()}"
        return Query(sql, True, "group")
    if g.chance(0.3):
        sql += f" ORDER BY {g.pick(['COUNT(*) DESC', '2', 'MIN(_id)'])}"
    return Query(sql, False, "group")


def _global_aggregate_query(g: _Gen) -> Query:
    aggregates = [g.aggregate() for _ in range(g.r.randint(1, 4))]
    where = _where(g)
    if g.chance(0.25):  # empty input
        where = f" WHERE {g.pick(EMPTY_FILTERS)}"
    return Query(f"SELECT {', '.join(aggregates)} FROM t{where}", True, "aggregate")


def _distinct_query(g: _Gen) -> Query:
    pool = [
        "i",
        "j",
        "b",
        "s",
        "n.x",
        "n.y",
        "i % 3",
        "LOWER(s)",
        "(i > 2)",
        "f",
        "SIGN(f)",
        "UPPER(LEFT(s, 1))",
        "COALESCE(n.y, s)",
        "j * 2",
        "(d < TIMESTAMP '2024-05-01 00:00:00')",
    ]
    cols = g.r.sample(pool, g.r.randint(1, 3))
    sql = f"SELECT DISTINCT {', '.join(cols)} FROM t{_where(g)}"
    if g.chance(0.6):
        order = [f"{n + 1}{g.direction()}" for n in range(len(cols))]
        g.r.shuffle(order)
        sql += f" ORDER BY {', '.join(order)}{g.limit()}"
        return Query(sql, True, "distinct")
    return Query(sql, False, "distinct")


# One query per construct, over every row: small, readable failures for each construct.
CATALOGUE_SCALARS = [
    # arithmetic
    "i + j",
    "i - j",
    "i * j",
    "i / 2",
    "i / -2",
    "-i / 2",
    "i / (ABS(j) + 1)",
    "i % 3",
    "i % -3",
    "-i % 3",
    "MOD(i, 3)",
    "MOD(i, -4)",
    "-i",
    "-f",
    "f / 2.0",
    "f * i",
    "f + 2.5",
    "i + 0.5",
    "(i + j) * 2 - 1",
    # comparisons, logic
    "i > j",
    "i < 2",
    "2 < i",
    "i <> 3",
    "f >= i",
    "f = 2.5",
    "s < n.y",
    "s = 'abc'",
    "s >= 'b'",
    "d > TIMESTAMP '2024-06-30 23:59:59'",
    "NOT (i > 2)",
    "(i > 2 AND b)",
    "(i > 2 OR b)",
    "NOT b",
    "(NOT (i > 2) OR NOT b)",
    # IN, BETWEEN, LIKE
    "i IN (1, 2)",
    "i NOT IN (1, 2)",
    "i IN (1, NULL)",
    "i NOT IN (1, NULL)",
    "s IN ('abc', 'Abc')",
    "f IN (2.5, -0.5)",
    "i BETWEEN 0 AND 3",
    "i NOT BETWEEN 0 AND 3",
    "i BETWEEN 3 AND 0",
    "i BETWEEN j AND 5",
    "s BETWEEN 'a' AND 'b'",
    "s LIKE 'ab%'",
    "s LIKE 'a_c'",
    "s LIKE '%c'",
    "s ILIKE 'ab%'",
    "s NOT LIKE '%b%'",
    "s NOT ILIKE 'A%'",
    "s LIKE '%!%%' ESCAPE '!'",
    "s LIKE 'x\\_%'",
    "s LIKE 'a.c%'",
    "s LIKE '%(%'",
    "s ILIKE '%É'",
    "s LIKE ''",
    # NULL tests
    "i IS NULL",
    "i IS NOT NULL",
    "n.x IS NULL",
    "n.y IS NOT NULL",
    "i = NULL",
    "i IS DISTINCT FROM j",
    "i IS NOT DISTINCT FROM j",
    "i IS DISTINCT FROM NULL",
    "s IS DISTINCT FROM 'abc'",
    "b IS TRUE",
    "b IS NOT FALSE",
    "b = TRUE",
    # conditionals
    "CASE WHEN i > 2 THEN 'big' WHEN i > 0 THEN 'small' ELSE 'other' END",
    "CASE i WHEN 1 THEN 'one' WHEN 2 THEN 'two' END",
    "CASE WHEN b THEN i ELSE f END",
    "COALESCE(i, j, 0)",
    "COALESCE(s, n.y)",
    "NULLIF(i, 0)",
    "NULLIF(s, 'abc')",
    "GREATEST(i, j)",
    "LEAST(i, j, 0)",
    "GREATEST(s, n.y)",
    "LEAST(f, i)",
    "GREATEST(i, NULL)",
    # strings
    "LOWER(s)",
    "UPPER(s)",
    "LENGTH(s)",
    "SUBSTRING(s, 2, 3)",
    "SUBSTRING(s, 0, 2)",
    "SUBSTRING(s, -1, 3)",
    "SUBSTRING(s FROM 2)",
    "POSITION('b' IN s)",
    "TRIM(s)",
    "LTRIM(s)",
    "RTRIM(s)",
    "REPLACE(s, 'a', 'X')",
    "CONCAT(s, '-', i)",
    "CONCAT(s, n.y)",
    "s || '!'",
    "s || i",
    "s || n.y",
    "LEFT(s, 2)",
    "LEFT(s, -1)",
    "RIGHT(s, 2)",
    "RIGHT(s, -1)",
    "SPLIT_PART(s, '_', 2)",
    "SPLIT_PART(s, '_', -1)",
    "STARTS_WITH(s, 'ab')",
    # regular expressions
    "s ~ 'b'",
    "s ~ '^ab'",
    "s ~ 'b.$'",
    "s ~* '^ab'",
    "s !~ 'c'",
    "s !~* 'A'",
    "s ~ 'a|z'",
    "s ~ '^.{3}$'",
    # casts
    "CAST(f AS INTEGER)",
    "f::int",
    "CAST(i AS TEXT) || 'x'",
    "CAST(i AS DOUBLE PRECISION) / 2",
    "CAST(i AS NUMERIC) / 4",
    "CAST(j AS BOOLEAN)",
    "CAST('7' AS INTEGER) + i",
    "i::bigint * 2",
    "CAST(b AS TEXT)",
    "n.x::text",
    "CAST(s AS TEXT)",
    # math
    "ABS(i)",
    "ABS(f)",
    "ROUND(f)",
    "ROUND(i)",
    "ROUND(i, 1)",
    "CEIL(f)",
    "FLOOR(f)",
    "CEIL(i)",
    "POWER(i, 2)",
    "POWER(f, 3)",
    "SQRT(ABS(f))",
    "SQRT(ABS(i))",
    "SIGN(i)",
    "SIGN(f)",
    # plain and nested columns
    "d",
    "b",
    "f",
    "n.x",
    "n.y",
    "n.x + i",
]
CATALOGUE_AGGREGATES = [
    "COUNT(*)",
    "COUNT(i)",
    "COUNT(n.x)",
    "COUNT(DISTINCT i)",
    "COUNT(DISTINCT s)",
    "SUM(i)",
    "SUM(f)",
    "AVG(i)",
    "AVG(f)",
    "MIN(i)",
    "MAX(f)",
    "MIN(s)",
    "MAX(s)",
    "MIN(d)",
    "MAX(d)",
    "BOOL_AND(b)",
    "BOOL_OR(b)",
    "STRING_AGG(s, ',' ORDER BY s)",
    "STRING_AGG(s, ',' ORDER BY _id DESC)",
]
CATALOGUE_ORDERS = [
    "i",
    "i DESC",
    "i NULLS FIRST",
    "i DESC NULLS LAST",
    "s",
    "s DESC",
    "d DESC",
    "b",
    "n.x",
    "f DESC NULLS LAST",
]


def catalogue_queries() -> list[Query]:
    queries = [
        Query(f"SELECT _id, {e} FROM t ORDER BY _id", True, "catalogue-scalar")
        for e in CATALOGUE_SCALARS
    ]
    for agg in CATALOGUE_AGGREGATES:
        queries.append(
            Query(f"SELECT j, {agg} FROM t GROUP BY j ORDER BY j", True, "catalogue-group")
        )
        queries.append(Query(f"SELECT {agg} FROM t WHERE i > 100", True, "catalogue-empty"))
    queries += [
        Query(
            f"SELECT _id, i, s FROM t ORDER BY {o}, _id LIMIT 12 OFFSET 3", True, "catalogue-order"
        )
        for o in CATALOGUE_ORDERS
    ]
    queries += [
        Query(f"SELECT _id, s FROM t ORDER BY _id{tail}", True, "catalogue-limit")
        for tail in (
            " LIMIT 0",
            " OFFSET 195",
            " LIMIT 3 OFFSET 198",
            " FETCH FIRST 2 ROWS ONLY",
            " DESC LIMIT 2",
        )
    ]
    return queries


def generate_queries(seed: int = SEED, n: int = N_QUERIES) -> list[Query]:
    """The catalogue, then `n` random statements (deterministic for a given seed), no duplicates."""
    g = _Gen(random.Random(seed))
    makers = [
        (_select_query, 0.45),
        (_group_query, 0.25),
        (_global_aggregate_query, 0.15),
        (_distinct_query, 0.15),
    ]
    queries: list[Query] = catalogue_queries()
    seen: set[str] = {q.sql for q in queries}
    target = len(queries) + n
    while len(queries) < target:
        r, acc = g.r.random(), 0.0
        for maker, weight in makers:
            acc += weight
            if r < acc:
                break
        query = maker(g)
        if query.sql not in seen:
            seen.add(query.sql)
            queries.append(query)
    return queries
