"""Field types sampled from documents: what the compiler knows about a schemaless collection.

Types are BSON type names as `$type` reports them ("int", "long", "double", "decimal",
"string", "bool", "date", "objectId", "object", "array", "null", ...). A path that is an
array somewhere, or lies under one, is recorded so that comparisons on it avoid the query
language's implicit array traversal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bson import Binary, Decimal128, Int64, ObjectId, Regex, Timestamp

SAMPLE_SIZE = 1000


def bson_type(value) -> str:
    """The `$type` name of a Python value decoded from BSON."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Int64):
        return "long"
    if isinstance(value, int):
        return "int" if -(2**31) <= value < 2**31 else "long"
    for kind, name in _TYPE_NAMES:
        if isinstance(value, kind):
            return name
    return "unknown"


_TYPE_NAMES = (
    (float, "double"),
    (str, "string"),
    (dt.datetime, "date"),
    (ObjectId, "objectId"),
    (Decimal128, "decimal"),
    (dict, "object"),
    ((list, tuple), "array"),
    (Regex, "regex"),
    (Timestamp, "timestamp"),
    (bytes, "binData"),
    (Binary, "binData"),
)


class FieldTypes:
    """Per dotted path: the set of BSON types seen, and the field order of top-level keys."""

    def __init__(self) -> None:
        self.types: dict[str, set[str]] = {}
        self.order: list[str] = []
        self.documents = 0

    def add(self, document: dict) -> None:
        self.documents += 1
        for key in document:
            if key not in self.types:
                self.order.append(key)
        self._walk(document, "", under_array=False)

    def _walk(self, document: dict, prefix: str, under_array: bool) -> None:
        for key, value in document.items():
            path = prefix + key
            kinds = self.types.setdefault(path, set())
            kinds.add(bson_type(value))
            if under_array:
                kinds.add("array")
            if isinstance(value, dict):
                self._walk(value, path + ".", under_array)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        self._walk(item, path + ".", True)

    def of(self, path: str) -> frozenset[str]:
        """Types seen at a path; empty when the path was never seen."""
        return frozenset(self.types.get(path, ()))

    def crosses_array(self, path: str) -> bool:
        """True when the path or one of its prefixes held an array in the sample."""
        parts = path.split(".")
        return any("array" in self.types.get(".".join(parts[:i]), ()) for i in range(1, len(parts) + 1))


def sample_field_types(documents: Iterable[dict]) -> FieldTypes:
    types = FieldTypes()
    for document in documents:
        types.add(document)
    return types
