"""$setWindowFields window operators as the server evaluates them.

mongomock-ng computes every window over `documents` bounds only (a `range` window silently
became the whole partition) and applies its own NULL rules; this replaces the per-partition
evaluation: `documents` and numeric `range` bounds, the accumulators with the server's
semantics ($sum of nothing is 0, missing values are skipped), $shift, $documentNumber,
$rank and $denseRank.
"""

from __future__ import annotations

from mongomock_ng import aggregate, helpers

from .accumulate import GROUP_ACCUMULATORS
from .dispatch import require
from .values import MISSING, fail, is_number

_ORDER_DEPENDENT = ("$shift", "$documentNumber", "$rank", "$denseRank")


def accumulate_window_fields(output_fields, partition, options):
    """Evaluate each output of one partition (already sorted by sortBy)."""
    documents = [dict(d) for d in partition]
    sort_by = options.get("sortBy") or {}
    for field, spec in output_fields.items():
        operator = next((k for k in spec if k.startswith("$")), None)
        argument = spec[operator]
        if operator in _ORDER_DEPENDENT and not sort_by:
            fail(f"The {operator} operator requires a 'sortBy' field")
        values = _evaluate(operator, argument, partition, sort_by, spec.get("window"))
        for document, value in zip(documents, values):
            if value is MISSING:
                document.pop(field, None)
            else:
                document[field] = value
    return documents


def _evaluate(operator, argument, partition, sort_by, window) -> list:
    if operator == "$shift":
        return _shift(argument, partition)
    if operator == "$documentNumber":
        return list(range(1, len(partition) + 1))
    if operator in ("$rank", "$denseRank"):
        return _ranks(operator, partition, sort_by)
    if operator == "$count":
        return [end - start for start, end in _bounds(window, partition, sort_by)]
    accumulator = GROUP_ACCUMULATORS.get(operator)
    if accumulator is None:
        fail(f"{operator} is not supported as a window operator by the embedded engine")
    values = [aggregate._parse_expression(argument, d) for d in partition]
    return [accumulator(values[start:end]) for start, end in _bounds(window, partition, sort_by)]


def _shift(argument, partition) -> list:
    values = [aggregate._parse_expression(argument["output"], d) for d in partition]
    default = argument.get("default")
    by = argument["by"]
    shifted = []
    for index in range(len(values)):
        target = index + by
        value = values[target] if 0 <= target < len(values) else default
        shifted.append(None if value is MISSING else value)
    return shifted


def _ranks(operator, partition, sort_by) -> list:
    (field,) = sort_by  # the server accepts a single sort field for ranking operators
    keys = [helpers.get_value_by_dot(d, field, None) for d in partition]
    ranks, rank = [], 1
    for index, key in enumerate(keys):
        if index and key != keys[index - 1]:
            rank = index + 1 if operator == "$rank" else rank + 1
        ranks.append(rank)
    return ranks


def _bounds(window, partition, sort_by) -> list[tuple[int, int]]:
    size = len(partition)
    if not window:
        return [(0, size)] * size
    if "documents" in window:
        low, high = window["documents"]
        bounds = []
        for index in range(size):
            start = max(_position(low, index, 0), 0)
            end = min(_position(high, index, size - 1), size - 1) + 1
            bounds.append((start, max(end, start)))
        return bounds
    return _range_bounds(window["range"], partition, sort_by)


def _position(bound, index: int, edge: int) -> int:
    if bound == "unbounded":
        return edge
    if bound == "current":
        return index
    return index + bound


def _range_bounds(bounds, partition, sort_by) -> list[tuple[int, int]]:
    (field,) = sort_by
    keys = [helpers.get_value_by_dot(d, field, None) for d in partition]
    if not all(is_number(k) for k in keys):
        fail("Invalid range: Expected the sortBy field to be a number", 5429413)
    low, high = bounds
    result = []
    for key in keys:
        lo = None if low == "unbounded" else key + (0 if low == "current" else low)
        hi = None if high == "unbounded" else key + (0 if high == "current" else high)
        inside = [i for i, k in enumerate(keys) if (lo is None or k >= lo) and (hi is None or k <= hi)]
        result.append((inside[0], inside[-1] + 1) if inside else (0, 0))
    return result


def install() -> None:
    require(aggregate, "_accumulate_set_window_fields")
    aggregate._accumulate_set_window_fields = accumulate_window_fields
