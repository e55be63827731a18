"""Building documents in SQL: `jsonb_build_object(k, v, ...)` (also `json_build_object`) and
JSON text cast to `json` / `jsonb` (`'{"tool": "mongodump"}'::jsonb`), as PostgreSQL
builds them; the result is a BSON document (or array)."""

from __future__ import annotations

import json

from sqlglot import exp

from .mql import operand
from .types import Typed, constant


def build_object(c, node: exp.Anonymous) -> Typed:
    """jsonb_build_object: keys are constant texts; a NULL value keeps its key."""
    arguments = list(node.expressions)
    if len(arguments) % 2:
        raise c.ctx.execution_error(node, "argument list must have even number of elements")
    document = {}
    constants = True
    for key_node, value_node in zip(arguments[::2], arguments[1::2]):
        key = c.compile(key_node)
        if not key.constant or not isinstance(key.mql, str) or key.mql.startswith("$") or "." in key.mql:
            raise c.ctx.unsupported(key_node, "a jsonb_build_object key that is not a constant name without '.' or '$'")
        value = c.compile(value_node)
        constants = constants and value.constant
        document[key.mql] = value.mql if value.constant else {"$ifNull": [operand(value), None]}
    if constants:
        return constant(document, "json")
    mql = {k: (v if isinstance(v, dict) and "$ifNull" in v else {"$literal": v}) for k, v in document.items()}
    return Typed(mql, "json", nullable=False)


def json_text(c, node: exp.Cast, value: Typed) -> Typed:
    """CAST(text AS json/jsonb) of a constant: the document (or array, or scalar) it spells."""
    if value.type == "json":
        return value
    if not value.constant:
        raise c.ctx.unsupported(node, "CAST of a computed value to json")
    if value.mql is None or not isinstance(value.mql, str):
        return constant(value.mql, "json")
    try:
        return constant(json.loads(value.mql), "json")
    except (TypeError, json.JSONDecodeError) as error:
        raise c.ctx.execution_error(node, f"invalid input syntax for type json: {error}") from error


NAMED = {"jsonb_build_object": build_object, "json_build_object": build_object}
