"""What the shell offers at the cursor: the completion logic, free of prompt-toolkit.

The context decides the candidates, as pgcli does: database names after `\\c` / `USE`,
variables after `:`, collection names after FROM / JOIN (also `db.` + collection), a field
path after `alias.` or `collection.` (nested: `details.` offers `details.tool`), and elsewhere
keywords, functions and the fields of the collections the statement reads. Names come from a
`Schema` (the session's catalog: cached collection names and sampled fields).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

KEYWORDS = (
    "SELECT", "FROM", "WHERE", "GROUP BY", "HAVING", "ORDER BY", "LIMIT", "OFFSET", "JOIN", "LEFT JOIN",
    "RIGHT JOIN", "FULL JOIN", "CROSS JOIN", "ON", "USING", "AS", "AND", "OR", "NOT", "IN", "EXISTS", "BETWEEN",
    "LIKE", "ILIKE", "IS NULL", "IS NOT NULL", "DISTINCT", "UNION", "UNION ALL", "INTERSECT", "EXCEPT", "WITH",
    "RECURSIVE", "CASE", "WHEN", "THEN", "ELSE", "END", "ASC", "DESC", "NULLS FIRST", "NULLS LAST", "OVER",
    "PARTITION BY", "INTERVAL", "CURRENT_DATE", "CURRENT_TIMESTAMP", "EXPLAIN", "EXPLAIN ANALYZE", "TRUE", "FALSE",
    "NULL",
)
FUNCTIONS = (
    "COUNT", "SUM", "AVG", "MIN", "MAX", "ARRAY_AGG", "STRING_AGG", "BOOL_AND", "BOOL_OR", "COALESCE", "NULLIF",
    "GREATEST", "LEAST", "LOWER", "UPPER", "LENGTH", "SUBSTRING", "POSITION", "TRIM", "REPLACE", "CONCAT", "LEFT",
    "RIGHT", "SPLIT_PART", "ABS", "ROUND", "CEIL", "FLOOR", "POWER", "SQRT", "SIGN", "CAST", "EXTRACT", "DATE_PART",
    "DATE_TRUNC", "DATE_BIN", "AGE", "TO_CHAR", "TO_TIMESTAMP", "MAKE_INTERVAL", "NOW", "DATE", "GENERATE_SERIES",
    "ROW_NUMBER", "RANK", "DENSE_RANK", "LAG", "LEAD", "FIRST_VALUE", "LAST_VALUE", "OBJECTID_TIMESTAMP",
    "OBJECTID_FROM_TIMESTAMP",
)
_WORD = re.compile(r"[\w.:$\\]*$")
_TABLE_KEYWORD = re.compile(r"\b(FROM|JOIN)\s+$", re.IGNORECASE)
_LIST_CONTINUES = re.compile(r"\bFROM\s+[\w.]+(?:\s+(?:AS\s+)?\w+)?\s*,\s*$", re.IGNORECASE)
_SOURCES = re.compile(r"\b(?:FROM|JOIN)\s+((?:\w+\.)?\w+)(?:\s+(?:AS\s+)?(?!(?:WHERE|JOIN|LEFT|RIGHT|FULL|CROSS|"
                      r"INNER|ON|USING|GROUP|ORDER|LIMIT|UNION|WITH)\b)(\w+))?", re.IGNORECASE)


class Schema(Protocol):
    database: str

    def databases(self) -> list[str]: ...

    def collections(self, database: str) -> list[str]: ...

    def fields(self, database: str, collection: str) -> list[str]: ...  # dotted paths

    def variables(self) -> list[str]: ...


@dataclass(frozen=True)
class Completions:
    word: str  # the text being completed (it is replaced)
    candidates: list[str]


def complete(schema: Schema, before: str, text: str | None = None) -> Completions:
    """Candidates for the word that ends at the cursor. `before` is the text up to the
    cursor, `text` the whole buffer (to find the collections a statement reads)."""
    text = before if text is None else text
    word = _WORD.search(before).group(0)
    head = before[: len(before) - len(word)]
    if re.fullmatch(r"\s*(\\c|USE)\s+", head, re.IGNORECASE):
        return _matching(word, schema.databases())
    if word.startswith(":"):
        return _matching(word, [":" + v for v in schema.variables()])
    if _TABLE_KEYWORD.search(head) or _LIST_CONTINUES.search(head):
        return _collections(schema, word)
    if "." in word:
        return _path(schema, word, text)
    sources = _sources(schema, text)
    fields = sorted({f.split(".")[0] for db, coll, _ in sources for f in schema.fields(db, coll)})
    return _matching(word, [*fields, *KEYWORDS, *FUNCTIONS])


def _collections(schema: Schema, word: str) -> Completions:
    database, dot, _ = word.rpartition(".")
    if dot and database in schema.databases():
        return _matching(word, [f"{database}.{c}" for c in schema.collections(database)])
    return _matching(word, schema.collections(schema.database) + [d + "." for d in schema.databases()])


def _path(schema: Schema, word: str, text: str) -> Completions:
    """`alias.`, `collection.` or `alias.nested.`: the next segment of the field paths."""
    qualifier, _, _ = word.rpartition(".")
    first, _, nested = qualifier.partition(".")
    candidates = []
    for database, collection, alias in _sources(schema, text):
        if first in (alias, collection):
            prefix = nested + "." if nested else ""
            for field in schema.fields(database, collection):
                if field.startswith(prefix) and field != nested:
                    candidates.append(f"{qualifier}.{field[len(prefix):].split('.')[0]}")
    if not candidates:  # a nested path of an unqualified field: details.
        for database, collection, _ in _sources(schema, text):
            for field in schema.fields(database, collection):
                if field.startswith(qualifier + "."):
                    candidates.append(f"{qualifier}.{field[len(qualifier) + 1:].split('.')[0]}")
    return _matching(word, sorted(set(candidates)))


def _sources(schema: Schema, text: str) -> list[tuple[str, str, str]]:
    """(database, collection, alias) of each collection the buffer's FROM / JOIN names."""
    found = []
    for match in _SOURCES.finditer(text):
        name, alias = match.group(1), match.group(2)
        database, dot, collection = name.rpartition(".")
        database = database if dot else schema.database
        if collection in schema.collections(database):
            found.append((database, collection, alias or collection))
    return found


def _matching(word: str, names: list[str]) -> Completions:
    lowered = word.lower()
    return Completions(word, [n for n in names if n.lower().startswith(lowered)])
