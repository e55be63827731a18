"""LIKE / ILIKE patterns as regular expressions that mean the same in PCRE and Python.

LIKE matches the whole string: `%` is any run of characters (newlines included), `_` is one
character, and the escape character (backslash unless ESCAPE says otherwise) makes the next
character literal. The end anchor is the lookahead `(?![\\s\\S])` rather than `$`, because `$`
also matches before a trailing newline in PCRE.
"""

from __future__ import annotations

import re

ANY_RUN = r"[\s\S]*"
ANY_ONE = r"[\s\S]"
END = r"(?![\s\S])"


class PatternError(ValueError):
    pass


def like_to_regex(pattern: str, escape: str | None = "\\") -> str:
    """The regex for a LIKE pattern, anchored like LIKE and without needless `.*` ends."""
    tokens = _tokens(pattern, escape)
    leading = bool(tokens) and tokens[0] == "%"
    trailing = bool(tokens) and tokens[-1] == "%"
    while tokens and tokens[0] == "%":
        tokens.pop(0)
    while tokens and tokens[-1] == "%":
        tokens.pop()
    body = "".join(_token_regex(t) for t in tokens)
    if not tokens:
        return "" if leading or trailing else f"^{END}"
    return ("" if leading else "^") + body + ("" if trailing else END)


def _tokens(pattern: str, escape: str | None) -> list[str]:
    """Wildcards as '%' / '_', literal characters as ('lit', c) tuples rendered later."""
    tokens: list = []
    chars = iter(pattern)
    for char in chars:
        if escape and char == escape:
            literal = next(chars, None)
            if literal is None:
                raise PatternError("LIKE pattern must not end with escape character")
            tokens.append(("lit", literal))
        elif char in "%_":
            tokens.append(char)
        else:
            tokens.append(("lit", char))
    return tokens


def _token_regex(token) -> str:
    if token == "%":
        return ANY_RUN
    if token == "_":
        return ANY_ONE
    return re.escape(token[1])


def literal_prefix_regex(prefix: str) -> str:
    """Strings that start with `prefix` (STARTS_WITH), index-friendly."""
    return "^" + re.escape(prefix)
