"""ORDER BY with PostgreSQL's NULL placement (trap 3), and LIMIT / OFFSET / FETCH."""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from .context import CompileContext
from .expressions import ExpressionCompiler
from .filters import MATCH_NOTHING
from .nulls import is_null


@dataclass
class SortKey:
    field: str
    nullable: bool
    desc: bool
    nulls_first: bool


def sort_stages(keys: list[SortKey]) -> tuple[list, list[str]]:
    """($addFields of is-null flags + $sort, the flag fields to remove afterwards).

    PostgreSQL puts NULLs last ascending and first descending; MongoDB does the opposite, so
    a nullable key sorts first on a computed is-null flag."""
    if not keys:
        return [], []
    flags, spec = {}, {}
    for index, key in enumerate(keys):
        if key.nullable:
            flag = f"__null_{index}"
            flags[flag] = is_null("$" + key.field)
            spec[flag] = -1 if key.nulls_first else 1
        spec.setdefault(key.field, -1 if key.desc else 1)
    stages = [{"$addFields": flags}] if flags else []
    return [*stages, {"$sort": spec}], list(flags)


def limit_stages(limit_node, offset_node, ctx: CompileContext) -> list:
    offset = _count(offset_node, "OFFSET", ctx)
    limit = _count(limit_node, "LIMIT", ctx)
    if isinstance(limit_node, exp.Fetch) and limit_node.args.get("count") is None:
        limit = 1
    stages = [{"$skip": offset}] if offset else []
    if limit == 0:
        stages.append({"$match": MATCH_NOTHING})  # $limit: 0 is not allowed
    elif limit is not None:
        stages.append({"$limit": limit})
    return stages


def _count(node, clause: str, ctx: CompileContext) -> int | None:
    if node is None:
        return None
    options = node.args.get("limit_options") if isinstance(node, exp.Fetch) else None
    if options is not None and options.args.get("with_ties"):
        raise ctx.unsupported(node, "FETCH ... WITH TIES")
    value_node = node.args.get("count") if isinstance(node, exp.Fetch) else node.expression
    if value_node is None or (isinstance(value_node, exp.Var) and value_node.name.upper() == "ALL"):
        return None
    value = ExpressionCompiler(ctx).compile(value_node)
    if not value.constant or (value.mql is not None and not isinstance(value.mql, int)):
        raise ctx.unsupported(node, f"{clause} that is not a constant integer")
    if value.mql is not None and value.mql < 0:
        raise ctx.unresolved(node, f"{clause} must not be negative")
    return None if value.mql is None else int(value.mql)
