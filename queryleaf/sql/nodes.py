"""The one place that touches sqlglot's AST internals (argument keys move between versions).

Everything else asks this module for a node's parts and its position in the SQL text.
"""

from __future__ import annotations

from sqlglot import exp


def arg(node: exp.Expression, key: str):
    """A raw argument of a node, tolerating sqlglot's renames (`from` became `from_`)."""
    if key in node.args:
        return node.args[key]
    return node.args.get(key + "_") if not key.endswith("_") else node.args.get(key[:-1])


def from_clause(select: exp.Select) -> exp.From | None:
    return arg(select, "from")


def source_offset(node: exp.Expression) -> int | None:
    """Character offset of the first token of the node, when sqlglot recorded one."""
    best = None
    for sub in node.walk():
        start = sub.meta.get("start") if sub.meta else None
        if start is not None and (best is None or start < best):
            best = start
    return best


def line_column(sql: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    before = sql[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    return line, column


def position(sql: str | None, node: exp.Expression | None) -> dict:
    """Keyword arguments (sql, line, column) for an error about `node`."""
    if sql is None or node is None:
        return {"sql": sql}
    offset = source_offset(node)
    if offset is None:
        return {"sql": sql}
    line, column = line_column(sql, offset)
    return {"sql": sql, "line": line, "column": column}


def describe(node: exp.Expression) -> str:
    """A short user-facing name of a construct, for 'not supported' messages."""
    try:
        text = node.sql(dialect="postgres")
    except Exception:  # pragma: no cover - sqlglot cannot print some partial nodes
        text = type(node).__name__
    return text if len(text) <= 60 else text[:57] + "..."



def is_negated(node: exp.Expression) -> bool:
    """sqlglot spells `x NOT LIKE p`, `x NOT ILIKE p` and `x IS NOT NULL` as the positive
    node with `negate=True` (NOT IN and NOT BETWEEN arrive as NOT(...)); rules call this at
    their dispatch point and otherwise see only positive predicates."""
    if isinstance(node, exp.Escape):
        node = node.this
    return bool(node.args.get("negate"))


def first_offset(node: exp.Expression) -> int | None:
    """Offset of a column reference's first identifier, without walking the tree."""
    while isinstance(node, exp.Dot):
        node = node.this
    starts = [
        part.meta["start"]
        for part in (node.args.get(k) for k in ("catalog", "db", "table", "this"))
        if isinstance(part, exp.Identifier) and part.meta and "start" in part.meta
    ]
    return min(starts) if starts else source_offset(node)
