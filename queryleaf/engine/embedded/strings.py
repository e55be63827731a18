"""String expression operators as a MongoDB server evaluates them.

Server rules kept here on purpose: $toLower/$toUpper/$substr*/$strcasecmp turn null and
missing into "" (and case-map ASCII only); $concat, $split, $trim, $replace*, $indexOf*
return null for a null or missing input; indexes count code points (CP) or UTF-8 bytes.
"""

from __future__ import annotations

import datetime as dt
import re

import bson

from .dispatch import (
    evaluate,
    evaluate_all,
    fixed,
    named,
    operands,
    operator,
    ranged,
    unary,
)
from .values import (
    exact,
    fail,
    format_double,
    is_integral,
    is_nullish,
    is_number,
    naive_utc,
    type_name,
)

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
# The server's default $trim set: NUL, ASCII whitespace and the Unicode space separators.
_WHITESPACE = (
    "\0 \t\n\v\f\r\u00a0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)


def coerce_to_string(value) -> str:
    """The server's implicit string conversion (Value::coerceToString)."""
    if is_nullish(value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return format_double(value)
    if is_number(value):
        return str(value)
    if isinstance(value, dt.datetime):
        return naive_utc(value).strftime("%Y-%m-%dT%H:%M:%S")
    fail(f"can't convert from BSON type {type_name(value)} to String", 16007)


def _string_or_fail(value, name: str, what: str = "input"):
    if not isinstance(value, str):
        fail(f"{name} requires its {what} to be a string, found: {type_name(value)}", 40085)
    return value


@operator("$toLower")
def to_lower(parser, args):
    return coerce_to_string(unary(parser, args, "$toLower")).translate(_ASCII_LOWER)


@operator("$toUpper")
def to_upper(parser, args):
    return coerce_to_string(unary(parser, args, "$toUpper")).translate(_ASCII_UPPER)


@operator("$concat")
def concat(parser, args):
    values = evaluate_all(parser, operands(args))
    if any(is_nullish(v) for v in values):
        return None
    for value in values:
        if not isinstance(value, str):
            fail(f"$concat only supports strings, not {type_name(value)}", 16702)
    return "".join(values)


@operator("$strcasecmp")
def strcasecmp(parser, args):
    a, b = (
        coerce_to_string(v).translate(_ASCII_LOWER)
        for v in evaluate_all(parser, fixed(args, 2, "$strcasecmp"))
    )
    return (a > b) - (a < b)


def _trim(name: str, left: bool, right: bool):
    def handler(parser, args):
        spec = named(args, name, required=("input",), optional=("chars",))
        text = evaluate(parser, spec["input"])
        if is_nullish(text):
            return None
        _string_or_fail(text, name)
        chars = _WHITESPACE if "chars" not in spec else evaluate(parser, spec["chars"])
        if is_nullish(chars):
            return None
        _string_or_fail(chars, name, "chars")
        text = text.lstrip(chars) if left else text
        return text.rstrip(chars) if right else text

    return handler


operator("$trim")(_trim("$trim", True, True))
operator("$ltrim")(_trim("$ltrim", True, False))
operator("$rtrim")(_trim("$rtrim", False, True))


def _replace(name: str, count: int):
    def handler(parser, args):
        spec = named(args, name, required=("input", "find", "replacement"))
        values = [evaluate(parser, spec[k]) for k in ("input", "find", "replacement")]
        if any(is_nullish(v) for v in values):
            return None
        for value, what in zip(values, ("input", "find", "replacement")):
            _string_or_fail(value, name, what)
        return values[0].replace(values[1], values[2], count)

    return handler


operator("$replaceAll")(_replace("$replaceAll", -1))
operator("$replaceOne")(_replace("$replaceOne", 1))


def _non_negative_int(value, name: str, what: str) -> int:
    if not is_integral(value):
        fail(f"{name}: {what} must be a numeric type, found: {type_name(value)}", 34450)
    number = int(exact(value))
    if number < 0:
        fail(f"{name}: {what} must be non-negative", 34455)
    return number


@operator("$substrCP")
def substr_cp(parser, args):
    text, start, count = evaluate_all(parser, fixed(args, 3, "$substrCP"))
    text = coerce_to_string(text)
    start = _non_negative_int(start, "$substrCP", "starting index")
    count = _non_negative_int(count, "$substrCP", "length")
    return text[start : start + count]


@operator("$substrBytes", "$substr")
def substr_bytes(parser, args):
    """Byte offsets into the UTF-8 encoding; a negative length means "to the end"."""
    text, start, length = evaluate_all(parser, fixed(args, 3, "$substrBytes"))
    data = coerce_to_string(text).encode()
    start = _non_negative_int(start, "$substrBytes", "starting index")
    if not is_number(length):
        fail("$substrBytes: length must be a numeric type", 16035)
    length = int(exact(length))
    piece = data[start:] if length < 0 else data[start : start + length]
    try:
        return piece.decode()
    except UnicodeDecodeError:
        fail("$substrBytes: Invalid range, starting index is a UTF-8 continuation byte.", 28656)


@operator("$strLenCP")
def str_len_cp(parser, args):
    value = unary(parser, args, "$strLenCP")
    if not isinstance(value, str):
        fail(f"$strLenCP requires a string argument, found: {type_name(value)}", 34471)
    return len(value)


@operator("$strLenBytes")
def str_len_bytes(parser, args):
    value = unary(parser, args, "$strLenBytes")
    if not isinstance(value, str):
        fail(f"$strLenBytes requires a string argument, found: {type_name(value)}", 34473)
    return len(value.encode())


def _index_of(name: str, in_bytes: bool):
    def handler(parser, args):
        values = evaluate_all(parser, ranged(args, 2, 4, name))
        text, token = values[0], values[1]
        if is_nullish(text):
            return None
        _string_or_fail(text, name, "first argument")
        _string_or_fail(token, name, "second argument")
        bounds = [_non_negative_int(v, name, "index") for v in values[2:]]
        if in_bytes:
            text, token = text.encode(), token.encode()
        start = bounds[0] if bounds else 0
        end = bounds[1] if len(bounds) > 1 else len(text)
        if start > len(text) or end < start:
            return -1
        return text.find(token, start, end)

    return handler


operator("$indexOfCP")(_index_of("$indexOfCP", False))
operator("$indexOfBytes")(_index_of("$indexOfBytes", True))


@operator("$split")
def split(parser, args):
    text, separator = evaluate_all(parser, fixed(args, 2, "$split"))
    if is_nullish(text) or is_nullish(separator):
        return None
    _string_or_fail(text, "$split", "first argument")
    _string_or_fail(separator, "$split", "separator")
    if not separator:
        fail("$split requires a non-empty separator", 40087)
    return text.split(separator)


_REGEX_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE, "u": 0}


def compile_regex(pattern, options: str, name: str):
    """A bson Regex / pattern string plus option letters, compiled for Python's re."""
    flags = 0
    if isinstance(pattern, (re.Pattern, bson.Regex)):
        flags, pattern = pattern.flags & (re.I | re.M | re.S | re.X), pattern.pattern
    for letter in options:
        if letter not in _REGEX_FLAGS:
            fail(f"{name}: invalid flag in regex options: {letter}", 51108)
        flags |= _REGEX_FLAGS[letter]
    return re.compile(pattern, flags)


@operator("$regexMatch")
def regex_match(parser, args):
    """False for a null or missing input or regex; options "imsx" as in PCRE."""
    spec = named(args, "$regexMatch", required=("input", "regex"), optional=("options",))
    text, pattern = evaluate(parser, spec["input"]), evaluate(parser, spec["regex"])
    options = evaluate(parser, spec.get("options", ""))
    if is_nullish(text) or is_nullish(pattern):
        return False
    _string_or_fail(text, "$regexMatch", "'input'")
    return (
        compile_regex(pattern, "" if is_nullish(options) else options, "$regexMatch").search(text)
        is not None
    )
