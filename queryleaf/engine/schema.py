"""Field types sampled from documents: what the compiler knows about a schemaless collection.

Types are BSON type names as `$type` reports them ("int", "long", "double", "decimal",
"string", "bool", "date", "objectId", "object", "array", "null", ...). A path that is an
array somewhere, or lies under one, is recorded so that comparisons on it avoid the query
language's implicit array traversal.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable

from bson import Binary, Decimal128, Int64, ObjectId, Regex, Timestamp
from mongomock_ng.filtering import filter_applies

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
    """Per dotted path: the set of BSON types seen, how often each scalar value was seen (to
    estimate distinct counts for join ordering), and the field order of top-level keys."""

    def __init__(self) -> None:
        self.types: dict[str, set[str]] = {}
        self.order: list[str] = []
        self.declared: list[str] | None = None  # the columns of a table made with CREATE TABLE
        self.documents = 0
        self.values: dict[str, Counter] = {}
        self.present: Counter = Counter()  # documents that hold each path (outside arrays)
        self.sample: list[dict] = []
        self._shares: dict[str, float | None] = {}

    def declare(self, columns: list[tuple[str, tuple[str, ...]]]) -> None:
        """A table made with CREATE TABLE: its columns come first, in their order, with their
        declared types (documents may hold more fields); `_id` is not one of its columns."""
        self.declared = [name for name, _ in columns]
        for name, types in columns:
            self.types.setdefault(name, set()).update(types)
        self.order = [*self.declared, *(f for f in self.order if f not in self.declared and f != "_id")]

    def add(self, document: dict) -> None:
        self.documents += 1
        self.sample.append(_naive(document))
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
            else:
                self.present[path] += 1
            if not under_array and value is not None and not isinstance(value, (dict, list)):
                self.values.setdefault(path, Counter())[_hashable(value)] += 1
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


    def distinct_estimate(self, path: str, rows: int) -> float | None:
        """Estimated number of distinct non-null values at `path` in a collection of `rows`
        documents: exact when the sample holds them all; a key when (nearly) every sampled
        value differs; else the GEE estimator (Charikar et al., 2000: values seen once scale
        with sqrt(rows / sample), the others count once)."""
        counts = self.values.get(path)
        if not counts:
            return None
        if self.documents >= rows:
            return float(len(counts))
        seen = sum(counts.values())
        if len(counts) >= 0.9 * seen:  # (nearly) all different: a key, scaled up
            return rows * len(counts) / seen
        seen_once = sum(1 for n in counts.values() if n == 1)
        scale = math.sqrt(rows / max(self.documents, 1))
        return min(float(rows), scale * seen_once + (len(counts) - seen_once))


    def share(self, match: dict) -> float | None:
        """The share of the sampled documents a query-language filter keeps (a selectivity
        estimate for join ordering); None when the filter cannot be evaluated here."""
        if not self.sample:
            return None
        key = repr(match)
        if key not in self._shares:
            plain = _naive(match)
            try:
                kept = sum(1 for document in self.sample if filter_applies(plain, document))
            except Exception:  # noqa: BLE001 - an estimate is optional; the server decides
                self._shares[key] = None
            else:
                self._shares[key] = max(kept, 0.5) / len(self.sample)
        return self._shares[key]


def _naive(value):
    """Dates as naive UTC, so that filters and sampled documents compare whatever the client's
    tz_aware setting."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, dict):
        return {k: _naive(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_naive(v) for v in value]
    return value


def _hashable(value):
    if isinstance(value, (Regex, Binary, Decimal128)):
        return repr(value)
    return value


def sample_field_types(documents: Iterable[dict]) -> FieldTypes:
    types = FieldTypes()
    for document in documents:
        types.add(document)
    return types
