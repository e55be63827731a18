"""`:name` variables in SQL text, as the check runner and the shell bind them.

A variable is a query parameter, never pasted text: `:since` becomes `%(since)s` outside
string literals, quoted names and comments (`::` casts are left alone), and its value is
typed the way a check file's `@var` or the shell's `\\set` writes it.
"""

from __future__ import annotations

import re

VARIABLE = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*")


def variables_used(sql: str) -> list[str]:
    """The names of the variables a statement reads, in order of appearance."""
    return VARIABLE.findall(_QUOTED.sub("", sql))


def with_parameters(sql: str) -> tuple[str, set[str]]:
    """`:name` outside string literals, quoted names and comments -> `%(name)s`."""
    parts, used, last = [], set(), 0

    def bind(text: str) -> str:
        return VARIABLE.sub(lambda m: used.add(m.group(1)) or f"%({m.group(1)})s", text)

    for quoted in _QUOTED.finditer(sql):
        parts.append(bind(sql[last:quoted.start()]))
        parts.append(quoted.group(0))
        last = quoted.end()
    parts.append(bind(sql[last:]))
    return "".join(parts), used


def typed(text: str):
    """A variable's value: integer, number, true/false, null, 'quoted text' or text."""
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    return text
