"""A bound query -> its pipeline: SELECT, or a set operation of two queries."""

from __future__ import annotations

from ..sql.bound import BoundSelect, BoundSetOp
from ..sql.recursive import BoundRecursive
from .context import CompileContext
from .query_types import CompiledQuery


def compile_query(query, ctx: CompileContext, correlate=None) -> CompiledQuery:
    if isinstance(query, BoundSelect):
        from .select import SelectCompiler

        return SelectCompiler(query, ctx, correlate=correlate).compile()
    if isinstance(query, BoundSetOp):
        from .setops import compile_set_operation

        return compile_set_operation(query, ctx, correlate)
    if isinstance(query, BoundRecursive):
        from .recursive import compile_recursive

        return compile_recursive(query, ctx, correlate)
    raise TypeError(f"not a bound query: {query!r}")
