"""Named SQL functions (string and math) -> MQL, one small rule each.

All of these are strict in PostgreSQL (NULL in, NULL out) while several MQL operators
turn NULL into "" or 0, so every rule goes through `strict()`.
"""

from __future__ import annotations

import decimal

from bson import Decimal128
from sqlglot import exp

from .mql import operand
from .nulls import null_if_any_null
from .types import INTEGER_TYPES, Typed, bson_number, constant, python_number

_BIG = 2**31 - 1  # "to the end of the string" for $substrCP


def strict(args: list[Typed], mql, type_: str) -> Typed:
    """`mql`, NULL when any argument is NULL."""
    if any(a.constant and a.mql is None for a in args):
        return constant(None, type_)
    return Typed(null_if_any_null(args, mql), type_, any(a.nullable for a in args))


def _args(c, node: exp.Func, *keys: str) -> list[Typed]:
    return [c.compile(node.args[k]) for k in keys if node.args.get(k) is not None]


def _unary(operator: str, type_: str | None = None):
    def rule(c, node) -> Typed:
        (value,) = _args(c, node, "this")
        return strict([value], {operator: operand(value)}, type_ or value.type)

    return rule


def _length(c, node) -> Typed:
    (value,) = _args(c, node, "this")
    return strict([value], {"$strLenCP": operand(value)}, "int")


def _substring(c, node: exp.Substring) -> Typed:
    """SUBSTRING(s FROM start FOR n): characters at positions start .. start+n-1 that exist
    (1-based; a start below 1 eats into n, as in PostgreSQL)."""
    text, start = _args(c, node, "this", "start")
    length = c.compile(node.args["length"]) if node.args.get("length") else None
    if _integers(start, length):
        first = max(start.mql - 1, 0)
        count = _BIG if length is None else max(start.mql + length.mql - max(start.mql, 1), 0)
    else:
        first = {"$max": [{"$subtract": [operand(start), 1]}, 0]}
        count = _BIG
        if length is not None:
            end = {"$add": [operand(start), operand(length)]}  # one past the last position
            count = {"$max": [{"$subtract": [end, {"$max": [operand(start), 1]}]}, 0]}
    args = [text, start] + ([length] if length else [])
    return strict(args, {"$substrCP": [operand(text), first, count]}, "text")


def _integers(*values) -> bool:
    return all(v is None or (v.constant and isinstance(v.mql, int)) for v in values)


def _position(c, node: exp.StrPosition) -> Typed:
    text, needle = _args(c, node, "this", "substr")
    if node.args.get("position"):
        raise c.ctx.unsupported(node, "POSITION with a start offset")
    return strict([text, needle], {"$add": [{"$indexOfCP": [operand(text), operand(needle)]}, 1]}, "int")


def _trim(c, node: exp.Trim) -> Typed:
    """PostgreSQL trims spaces only (MQL's default also trims tabs and newlines)."""
    text = c.compile(node.this)
    chars = c.compile(node.expression) if node.expression else constant(" ")
    where = (node.args.get("position") or "BOTH").upper()
    operator = {"BOTH": "$trim", "LEADING": "$ltrim", "TRAILING": "$rtrim"}[where]
    return strict([text, chars], {operator: {"input": operand(text), "chars": operand(chars)}}, "text")


def _replace(c, node: exp.Replace) -> Typed:
    text, find, replacement = _args(c, node, "this", "expression", "replacement")
    mql = {"$replaceAll": {"input": operand(text), "find": operand(find), "replacement": operand(replacement)}}
    if not (find.constant and find.mql):  # REPLACE(s, '', x) is s in PostgreSQL
        mql = {"$cond": [{"$eq": [operand(find), ""]}, operand(text), mql]}
    return strict([text, find, replacement], mql, "text")


def _concat(c, node: exp.Concat) -> Typed:
    """CONCAT skips NULL arguments (unlike ||)."""
    from .casts import as_text

    parts = [c.compile(e) for e in node.expressions]
    if all(p.constant for p in parts):
        return constant("".join(as_text(p) for p in parts if p.mql is not None), "text")
    pieces = [{"$ifNull": [as_text(p), ""]} if p.nullable else as_text(p) for p in parts if p.mql is not None]
    return Typed({"$concat": pieces}, "text", False)


def _left_right(from_left: bool):
    def rule(c, node) -> Typed:
        text, count = _args(c, node, "this", "expression")
        length = {"$strLenCP": operand(text)}
        n = operand(count)
        keep = {"$cond": [{"$gte": [n, 0]}, {"$min": [n, length]}, {"$max": [{"$add": [length, n]}, 0]}]}
        start = 0 if from_left else {"$subtract": [length, keep]}
        return strict([text, count], {"$substrCP": [operand(text), start, keep]}, "text")

    return rule


def _split_part(c, node: exp.SplitPart) -> Typed:
    """SPLIT_PART(s, delim, n): '' past the last field; negative n counts from the end."""
    text, delimiter, index = _args(c, node, "this", "delimiter", "part_index")
    if index.constant and index.mql == 0:
        raise c.ctx.unsupported(node, "SPLIT_PART field position 0", hint="Positions start at 1.")
    parts = {"$cond": [{"$eq": [operand(delimiter), ""]}, [operand(text)], {"$split": [operand(text), operand(delimiter)]}]}
    position = {"$cond": [{"$gt": [operand(index), 0]}, {"$subtract": [operand(index), 1]}, operand(index)]}
    size = {"$size": "$$parts"}
    inside = {"$and": [{"$lt": [position, size]}, {"$gte": [position, {"$multiply": [-1, size]}]}]}
    element = {"$cond": [inside, {"$arrayElemAt": ["$$parts", position]}, ""]}
    return strict([text, delimiter, index], {"$let": {"vars": {"parts": parts}, "in": element}}, "text")


def _starts_with(c, node: exp.StartsWith) -> Typed:
    text, prefix = _args(c, node, "this", "expression")
    head = {"$substrCP": [operand(text), 0, {"$strLenCP": operand(prefix)}]}
    return strict([text, prefix], {"$eq": [head, operand(prefix)]}, "bool")


def _round(c, node: exp.Round) -> Typed:
    """ROUND(double) rounds half to even (PostgreSQL's float8 round, and $round); ROUND(x, d)
    is numeric in PostgreSQL: half away from zero, computed in Decimal128."""
    value = c.compile(node.this)
    places = c.compile(node.args["decimals"]) if node.args.get("decimals") else None
    number = python_number(value.mql) if value.constant else None
    if number is not None and (places is None or (places.constant and isinstance(places.mql, int))):
        return constant(bson_number(_round_constant(number, places.mql if places else 0)), value.type)
    if places is None:
        if value.type in INTEGER_TYPES:
            return value
        if value.type == "numeric":
            return strict([value], round_half_away(operand(value), 0), "numeric")
        return strict([value], {"$round": [operand(value), 0]}, value.type)
    return strict([value, places], round_half_away({"$toDecimal": operand(value)}, operand(places)), "numeric")


def _round_constant(number, places: int):
    if isinstance(number, float) and places == 0:
        return float(round(number))  # float8 rounds half to even
    exact = decimal.Decimal(str(number)) if isinstance(number, float) else decimal.Decimal(number)
    rounded = exact.quantize(decimal.Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
    return rounded if places > 0 or not isinstance(number, int) else int(rounded)


def round_half_away(mql, places):
    """Round half away from zero, as PostgreSQL's numeric round: trunc(x*10^d + sign*0.5)/10^d."""
    if isinstance(places, int) and not isinstance(places, bool):
        scale = Decimal128(decimal.Decimal(10) ** places)
    else:
        scale = {"$pow": [{"$toDecimal": 10}, places]}
    half = {"$cond": [{"$lt": [mql, 0]}, Decimal128("-0.5"), Decimal128("0.5")]}
    shifted = {"$add": [{"$multiply": [mql, scale]}, half]}
    return {"$divide": [{"$trunc": [shifted, 0]}, scale]}


def _sign(c, node) -> Typed:
    (value,) = _args(c, node, "this")
    return strict([value], {"$cmp": [operand(value), 0]}, "int" if value.type in INTEGER_TYPES else value.type)


def _power(c, node: exp.Pow) -> Typed:
    base, exponent = _args(c, node, "this", "expression")
    return strict([base, exponent], {"$pow": [{"$toDouble": operand(base)}, operand(exponent)]}, "double")


def _sqrt(c, node) -> Typed:
    (value,) = _args(c, node, "this")
    return strict([value], {"$sqrt": operand(value)}, "double")


def _ceil_floor(operator: str):
    def rule(c, node) -> Typed:
        (value,) = _args(c, node, "this")
        if value.type in INTEGER_TYPES:
            return value
        return strict([value], {operator: operand(value)}, value.type)

    return rule


def _abs(c, node) -> Typed:
    (value,) = _args(c, node, "this")
    if value.constant and python_number(value.mql) is not None:
        return constant(bson_number(abs(python_number(value.mql))), value.type)
    return strict([value], {"$abs": operand(value)}, value.type)


FUNCTIONS = {
    exp.Lower: _unary("$toLower", "text"),
    exp.Upper: _unary("$toUpper", "text"),
    exp.Length: _length,
    exp.Substring: _substring,
    exp.StrPosition: _position,
    exp.Trim: _trim,
    exp.Replace: _replace,
    exp.Concat: _concat,
    exp.Left: _left_right(True),
    exp.Right: _left_right(False),
    exp.SplitPart: _split_part,
    exp.StartsWith: _starts_with,
    exp.Abs: _abs,
    exp.Round: _round,
    exp.Ceil: _ceil_floor("$ceil"),
    exp.Floor: _ceil_floor("$floor"),
    exp.Pow: _power,
    exp.Sqrt: _sqrt,
    exp.Sign: _sign,
}
