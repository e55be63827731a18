"""Comparing queryleaf's rows with the oracle's, and the documented DuckDB/PostgreSQL gaps.

Values: NULL is None on both sides; numbers compare numerically (int, float, Decimal,
Decimal128 and bson.Int64 alike) with a relative tolerance of 1e-9; booleans only equal
booleans; datetimes compare as UTC instants (naive ones are UTC); strings exactly.
Rows compare as ordered lists when the query's ORDER BY is total, otherwise as multisets.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlglot import exp

REL_TOL = 1e-9
ABS_TOL = 1e-12


# --------------------------------------------------------------------------------------------
# Differences between DuckDB (in PostgreSQL mode) and PostgreSQL itself.
#
# Only differences where PostgreSQL disagrees with DuckDB belong here, each with the evidence
# from a real PostgreSQL server, and each with a rewrite of the DuckDB statement so that the
# oracle answers as PostgreSQL does. Nothing here relaxes the comparison with queryleaf.
# `python -m tests.differential.pg_check` re-checks every generated query against PostgreSQL.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownDifference:
    name: str
    description: str
    postgres_evidence: str
    rewrite: Callable[[exp.Expression], exp.Expression] | None = None


def _bottom_up(tree: exp.Expression, fn) -> exp.Expression:
    """Apply `fn` to every node, children before parents (so rewrites nest)."""
    for node in reversed(list(tree.walk(bfs=True))):
        new = fn(node)
        if new is not node:
            if node is tree:
                tree = new
            else:
                node.replace(new)
    return tree


def _round_half_even_for_doubles(tree: exp.Expression) -> exp.Expression:
    """ROUND(x) -> ROUND_EVEN(x, 0) when x is a DOUBLE (decided by DuckDB at run time)."""

    def visit(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Round) and node.args.get("decimals") is None:
            arg = node.this
            is_double = exp.EQ(
                this=exp.Anonymous(this="typeof", expressions=[arg.copy()]),
                expression=exp.Literal.string("DOUBLE"),
            )
            even = exp.Anonymous(this="round_even", expressions=[arg.copy(), exp.Literal.number(0)])
            return exp.Case(ifs=[exp.If(this=is_double, true=even)], default=node.copy())
        return node

    return _bottom_up(tree, visit)


_LOWER_ASCII, _UPPER_ASCII = "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _ascii_case_mapping(tree: exp.Expression) -> exp.Expression:
    """UPPER(x) / LOWER(x) -> TRANSLATE over the ASCII letters only (LC_CTYPE=C)."""

    def visit(node: exp.Expression) -> exp.Expression:
        if isinstance(node, (exp.Upper, exp.Lower)):
            source, target = (_LOWER_ASCII, _UPPER_ASCII) if isinstance(node, exp.Upper) else (_UPPER_ASCII, _LOWER_ASCII)
            return exp.Anonymous(
                this="translate",
                expressions=[node.this.copy(), exp.Literal.string(source), exp.Literal.string(target)],
            )
        return node

    return _bottom_up(tree, visit)


def _backslash_escape_in_like(tree: exp.Expression) -> exp.Expression:
    """LIKE / ILIKE without ESCAPE get ESCAPE '\\' (PostgreSQL's default escape character)."""

    def visit(node: exp.Expression) -> exp.Expression:
        if isinstance(node, (exp.Like, exp.ILike)) and not isinstance(node.parent, exp.Escape):
            return exp.Escape(this=node.copy(), expression=exp.Literal.string("\\"))
        return node

    return _bottom_up(tree, visit)


def _substring_start_below_one(tree: exp.Expression) -> exp.Expression:
    """SUBSTRING(s, start, len) with a literal start < 1 -> SUBSTRING(s, 1, max(start+len-1, 0))."""

    def visit(node: exp.Expression) -> exp.Expression:
        if not isinstance(node, exp.Substring):
            return node
        start = node.args.get("start")
        if start is None:
            return node
        value = _literal_int(start)
        if value is None or value >= 1:
            return node
        length = node.args.get("length")
        if length is None:
            return exp.Substring(this=node.this.copy(), start=exp.Literal.number(1))
        length_value = _literal_int(length)
        if length_value is None:
            return node
        return exp.Substring(
            this=node.this.copy(),
            start=exp.Literal.number(1),
            length=exp.Literal.number(max(value + length_value - 1, 0)),
        )

    return _bottom_up(tree, visit)


def _regex_match_anywhere(tree: exp.Expression) -> exp.Expression:
    """s ~ p -> regexp_matches(s, p); s ~* p -> regexp_matches(s, p, 'i')."""

    def visit(node: exp.Expression) -> exp.Expression:
        if isinstance(node, (exp.RegexpLike, exp.RegexpILike)):
            args = [node.this.copy(), node.expression.copy()]
            if isinstance(node, exp.RegexpILike):
                args.append(exp.Literal.string("i"))
            return exp.Anonymous(this="regexp_matches", expressions=args)
        return node

    return _bottom_up(tree, visit)


def _literal_int(node: exp.Expression) -> int | None:
    if isinstance(node, exp.Literal) and not node.is_string:
        try:
            return int(node.this)
        except ValueError:
            return None
    if isinstance(node, exp.Neg):
        inner = _literal_int(node.this)
        return None if inner is None else -inner
    return None


KNOWN_DIFFERENCES: list[KnownDifference] = [
    KnownDifference(
        name="round-double-half-even",
        description="PostgreSQL's round(double precision) rounds halves to even (it uses rint()); "
        "DuckDB's ROUND(DOUBLE) rounds halves away from zero. round(numeric) rounds halves away "
        "from zero in both.",
        postgres_evidence="SELECT round(2.5::float8), round(-0.5::float8), round(2.5::numeric) "
        "-> 2 | -0 | 3 (PostgreSQL 15.18); DuckDB 1.5: 3.0 | -1.0 | 3",
        rewrite=_round_half_even_for_doubles,
    ),
    KnownDifference(
        name="like-default-escape",
        description="PostgreSQL's LIKE/ILIKE treat backslash as the escape character unless ESCAPE "
        "says otherwise; DuckDB has no default escape character.",
        postgres_evidence="SELECT 'x_1' LIKE 'x\\_%', 'xa1' LIKE 'x\\_%' -> t | f (PostgreSQL "
        "15.18); DuckDB 1.5: false | false",
        rewrite=_backslash_escape_in_like,
    ),
    KnownDifference(
        name="substring-start-below-one",
        description="PostgreSQL's SUBSTRING(s, start, len) with start < 1 takes the characters at "
        "positions start .. start+len-1 that exist (so fewer than len); DuckDB counts a negative "
        "start from the end of the string.",
        postgres_evidence="SELECT substring('hello', -1, 3), substring('hello', 0, 2) -> h | h "
        "(PostgreSQL 15.18); DuckDB 1.5: o | h",
        rewrite=_substring_start_below_one,
    ),
    KnownDifference(
        name="regex-match-operator",
        description="PostgreSQL's `s ~ p` is true when p matches anywhere in s; DuckDB's `~` "
        "is a full match (regexp_full_match), and DuckDB has no `~*` / `!~*`.",
        postgres_evidence="SELECT 'abc' ~ 'b', 'abc' ~* 'B', 'abc' !~ 'b' -> t | t | f "
        "(PostgreSQL 15.18); DuckDB 1.5: 'abc' ~ 'b' -> false, ~* does not exist",
        rewrite=_regex_match_anywhere,
    ),
    KnownDifference(
        name="ascii-case-mapping",
        description="queryleaf follows PostgreSQL with the C locale (LC_CTYPE=C), as MongoDB's "
        "$toUpper / $toLower do: UPPER and LOWER change ASCII letters only. DuckDB (and "
        "PostgreSQL with a UTF-8 LC_CTYPE) also map other letters.",
        postgres_evidence="CREATE DATABASE c_ctype LC_CTYPE 'C' LC_COLLATE 'C' TEMPLATE template0; "
        "SELECT upper('café'), lower('CAFÉ') -> CAFé | cafÉ (PostgreSQL 15.18, LC_CTYPE=C); "
        "DuckDB 1.5: CAFÉ | café",
        rewrite=_ascii_case_mapping,
    ),
]


# --------------------------------------------------------------------------------------------
# Values and rows
# --------------------------------------------------------------------------------------------


def _number(value) -> float | int | decimal.Decimal | None:
    """A numeric value as a Python number, or None if `value` is not numeric."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, decimal.Decimal)):
        return value
    to_decimal = getattr(value, "to_decimal", None)  # bson.Decimal128
    if to_decimal is not None:
        return to_decimal()
    return None


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def values_equal(expected, actual) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, bool) or isinstance(actual, bool):
        return isinstance(expected, bool) and isinstance(actual, bool) and expected == actual
    a, b = _number(expected), _number(actual)
    if a is not None or b is not None:
        if a is None or b is None:
            return False
        if isinstance(a, int) and isinstance(b, int):
            return a == b
        fa, fb = float(a), float(b)
        if math.isnan(fa) or math.isnan(fb):
            return math.isnan(fa) and math.isnan(fb)
        return math.isclose(fa, fb, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    if isinstance(expected, dt.datetime) and isinstance(actual, dt.datetime):
        return _utc(expected) == _utc(actual)
    if isinstance(expected, dt.datetime) or isinstance(actual, dt.datetime):
        return False
    return type(expected) is type(actual) and expected == actual


def rows_equal(expected: Sequence, actual: Sequence) -> bool:
    return len(expected) == len(actual) and all(
        values_equal(e, a) for e, a in zip(expected, actual)
    )


def _sort_key(row: Sequence) -> tuple:
    key = []
    for value in row:
        number = _number(value)
        if value is None:
            key.append((0, ""))
        elif isinstance(value, bool):
            key.append((1, str(value)))
        elif number is not None:
            key.append((2, f"{float(number):.6e}"))
        elif isinstance(value, dt.datetime):
            key.append((3, _utc(value).isoformat()))
        else:
            key.append((4, repr(value)))
    return tuple(key)


@dataclass
class Comparison:
    ok: bool
    reason: str = ""
    missing: list = None  # rows the oracle has that queryleaf lacks
    extra: list = None  # rows queryleaf has that the oracle lacks
    at: int = 0  # ordered comparison: index of the first differing row


def compare_results(
    expected_columns: Sequence[str],
    expected_rows: Sequence[Sequence],
    actual_columns: Sequence[str],
    actual_rows: Sequence[Sequence],
    ordered: bool,
) -> Comparison:
    if len(expected_columns) != len(actual_columns):
        return Comparison(
            False, f"column count: oracle {len(expected_columns)}, queryleaf {len(actual_columns)}"
        )
    if len(expected_rows) != len(actual_rows):
        reason = f"row count: oracle {len(expected_rows)}, queryleaf {len(actual_rows)}"
    else:
        reason = ""
    if ordered:
        for n, (e, a) in enumerate(zip(expected_rows, actual_rows)):
            if not rows_equal(e, a):
                return Comparison(
                    False, reason or f"first difference at row {n}", missing=[e], extra=[a], at=n
                )
        if reason:
            shorter = min(len(expected_rows), len(actual_rows))
            return Comparison(
                False,
                reason,
                missing=list(expected_rows[shorter:]),
                extra=list(actual_rows[shorter:]),
                at=shorter,
            )
        return Comparison(True)
    missing, extra = _multiset_difference(expected_rows, actual_rows)
    if missing or extra or reason:
        return Comparison(
            False, reason or "different rows (compared as multisets)", missing=missing, extra=extra
        )
    return Comparison(True)


def _multiset_difference(expected: Sequence, actual: Sequence) -> tuple[list, list]:
    es = sorted(expected, key=_sort_key)
    acts = sorted(actual, key=_sort_key)
    if len(es) == len(acts) and all(rows_equal(e, a) for e, a in zip(es, acts)):
        return [], []
    # tolerant matching: each oracle row takes the first unused equal queryleaf row
    unused = list(acts)
    missing = []
    for row in es:
        for k, candidate in enumerate(unused):
            if rows_equal(row, candidate):
                del unused[k]
                break
        else:
            missing.append(row)
    return missing, unused


def format_rows(rows: Sequence, limit: int = 10, start: int = 0) -> str:
    """Rows start .. start+limit, numbered from 0, one a line."""
    if rows is None:
        return "    (none)"
    rows = list(rows)
    lines = [f"    ... ({start} rows before)"] if start > 0 else []
    lines += [
        f"    [{start + k}] {tuple(row)!r}" for k, row in enumerate(rows[start : start + limit])
    ]
    if len(rows) > start + limit:
        lines.append(f"    ... ({len(rows) - start - limit} more)")
    return "\n".join(lines) if lines else "    (no rows)"
