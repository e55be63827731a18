"""Small builders for MQL operands shared by every compiler rule."""

from __future__ import annotations

from .types import Typed


def literal_mql(value):
    """A constant as an operand: strings that look like field paths, documents and arrays
    must be wrapped in $literal so that the server does not evaluate them."""
    if isinstance(value, str) and value.startswith("$"):
        return {"$literal": value}
    if isinstance(value, (dict, list)):
        return {"$literal": value}
    return value


def operand(t: Typed):
    return literal_mql(t.mql) if t.constant else t.mql


def field_path_mql(path: tuple[str, ...]):
    """`$a.b.c`, or $getField for segments that hold dots or start with `$`."""
    if all(plain_segment(s) for s in path):
        return "$" + ".".join(path)
    value: object = "$$CURRENT"
    for segment in path:
        value = {"$getField": {"field": {"$literal": segment}, "input": value}}
    return value


def plain_segment(segment: str) -> bool:
    return bool(segment) and "." not in segment and not segment.startswith("$")


def let_variable(typed: Typed, lets: dict, prefix: str) -> Typed:
    """A value of the outer document inside a $lookup pipeline: a `let` variable (one per
    distinct value)."""
    for name, value in lets.items():
        if value == typed.mql:
            return Typed("$$" + name, typed.type, typed.nullable)
    name = f"{prefix}{len(lets)}"
    lets[name] = typed.mql
    return Typed("$$" + name, typed.type, typed.nullable)
