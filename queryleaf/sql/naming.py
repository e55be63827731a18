"""Result column names as PostgreSQL gives them (trap 8)."""

from __future__ import annotations

from sqlglot import exp

from .dialect import FUNCTION_NAME_KEY

UNNAMED = "?column?"
_FUNCTION_NAMES = {
    exp.GroupConcat: "string_agg",
    exp.LogicalAnd: "bool_and",
    exp.LogicalOr: "bool_or",
    exp.StrPosition: "position",
    exp.Pow: "power",
    exp.CurrentTimestamp: "current_timestamp",
    exp.CurrentDate: "current_date",
    exp.Case: "case",
    exp.Coalesce: "coalesce",
    exp.Nullif: "nullif",
    exp.Greatest: "greatest",
    exp.Least: "least",
    exp.ArrayAgg: "array_agg",
    exp.SplitPart: "split_part",
    exp.StartsWith: "starts_with",
}
_SPELLED_NAMES = {"trim": "btrim", "char_length": "char_length", "substr": "substr"}
_TRIM_NAMES = {"LEADING": "ltrim", "TRAILING": "rtrim"}
_CAST_NAMES = {
    "INT": "int4", "BIGINT": "int8", "SMALLINT": "int2", "DOUBLE": "float8", "FLOAT": "float8",
    "DECIMAL": "numeric", "TEXT": "text", "VARCHAR": "varchar", "BOOLEAN": "bool",
    "DATE": "date", "TIMESTAMP": "timestamp", "TIMESTAMPTZ": "timestamptz",
}


def column_name(node: exp.Expression) -> str:
    """The name PostgreSQL shows for an unaliased select-list expression."""
    if isinstance(node, exp.Alias):
        return node.alias
    if isinstance(node, exp.Column):
        return node.name
    if isinstance(node, exp.Dot):
        return node.expression.name
    if isinstance(node, (exp.Bracket, exp.Paren)):
        return column_name(node.this)
    if isinstance(node, exp.Cast):
        inner = node.this
        if isinstance(inner, (exp.Column, exp.Dot, exp.Bracket, exp.Func)) and not isinstance(inner, exp.Literal):
            return column_name(inner)
        return _CAST_NAMES.get(node.to.this.name, node.to.sql(dialect="postgres").lower())
    if isinstance(node, (exp.Filter, exp.Window)):
        return column_name(node.this)
    if isinstance(node, exp.Trim):
        return _TRIM_NAMES.get((node.args.get("position") or "").upper(), "btrim")
    if isinstance(node, exp.Anonymous):
        return node.name.lower()
    spelled = node.meta.get(FUNCTION_NAME_KEY) if node.meta else None
    if spelled:
        return _SPELLED_NAMES.get(spelled.lower(), spelled.lower())
    if type(node) in _FUNCTION_NAMES:
        return _FUNCTION_NAMES[type(node)]
    if isinstance(node, exp.Func) and not isinstance(node, (exp.Binary, exp.Connector)):
        return node.sql_name().lower()
    return UNNAMED


def output_fields(names: list[str]) -> list[str]:
    """Document field names for output columns: the column name where it is a safe, unique
    field name, else a positional name. Columns keep their SQL names either way."""
    fields, used = [], set()
    for index, name in enumerate(names):
        safe = name and "." not in name and not name.startswith("$") and name not in used
        candidate = name if safe and not name.startswith("__") else f"_{index + 1}"
        while candidate in used:
            candidate = f"_{candidate}"
        used.add(candidate)
        fields.append(candidate)
    return fields
