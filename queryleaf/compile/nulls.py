"""SQL NULL on MongoDB, in one place: a missing field and null are both SQL NULL.

Helpers here build aggregation expressions that test for NULL and propagate it, so that
every operator gets three-valued logic the same way.
"""

from __future__ import annotations

from .types import Typed

TRUE = True
FALSE = False


def is_null(mql) -> dict:
    """True for null and for a missing field ($ifNull folds missing into null first)."""
    return {"$eq": [{"$ifNull": [mql, None]}, None]}


def not_null(mql) -> dict:
    return {"$ne": [{"$ifNull": [mql, None]}, None]}


def as_null(mql) -> dict:
    """The value with a missing field turned into null: where values are compared as keys
    ($group, DISTINCT, set operations, window peers), missing and null must be one SQL NULL."""
    return {"$ifNull": [mql, None]}


def key_value(value: Typed):
    """A grouping key: as_null() where the value may be NULL."""
    from .mql import operand

    return as_null(operand(value)) if value.nullable else operand(value)


def null_checks(*operands: Typed) -> list:
    """not_null tests for the operands that may be NULL."""
    return [not_null(o.mql) for o in operands if o.nullable]


def all_of(parts: list):
    """$and of the parts, folding the trivial cases."""
    parts = [p for p in parts if p is not TRUE]
    if any(p is FALSE for p in parts):
        return FALSE
    if not parts:
        return TRUE
    return parts[0] if len(parts) == 1 else {"$and": parts}


def any_of(parts: list):
    parts = [p for p in parts if p is not FALSE]
    if any(p is TRUE for p in parts):
        return TRUE
    if not parts:
        return FALSE
    return parts[0] if len(parts) == 1 else {"$or": parts}


def null_if_any_null(operands: list[Typed], mql) -> dict:
    """`mql`, or NULL when one of the nullable operands is NULL (strict SQL functions)."""
    checks = null_checks(*operands)
    if not checks:
        return mql
    return {"$cond": [all_of(checks), mql, None]}


def boolean_value(true_when, false_when):
    """A SQL boolean value (true, false or null) from its two truth conditions."""
    if false_when is FALSE:
        return {"$cond": [true_when, True, None]} if true_when is not TRUE else True
    return {"$cond": [true_when, True, {"$cond": [false_when, False, None]}]}
