"""`$jsonSchema` for the embedded engine's validators and queries (mongomock-ng has none).

The subset MongoDB's own `$jsonSchema` documents and queryleaf's CREATE TABLE writes:
bsonType (a name or a list, "number" for any numeric type), required, properties,
additionalProperties (true/false), items, enum, minLength/maxLength, minimum/maximum.
`title` and `description` are annotations. Any other keyword is refused rather than ignored,
so a validator the shim cannot check never passes silently.
"""

from __future__ import annotations

from collections.abc import Mapping

from mongomock_ng import filtering

from .dispatch import require
from .values import compare, is_number, type_name

_ANNOTATIONS = {"title", "description"}
_NUMBERS = {"int", "long", "double", "decimal"}


def matches(schema: Mapping, value) -> bool:
    """Whether the value satisfies the schema."""
    for keyword, spec in schema.items():
        if keyword == "additionalProperties":
            if spec is False and isinstance(value, Mapping) and not set(value) <= set(schema.get("properties") or {}):
                return False
            continue
        check = _KEYWORDS.get(keyword)
        if check is None:
            if keyword in _ANNOTATIONS:
                continue
            raise NotImplementedError(f"$jsonSchema keyword {keyword!r} is not supported by the embedded engine")
        if not check(spec, value):
            return False
    return True


def _bson_type(spec, value) -> bool:
    names = {spec} if isinstance(spec, str) else set(spec)
    if "number" in names:
        names |= _NUMBERS
    return type_name(value) in names


def _required(spec, value) -> bool:
    return not isinstance(value, Mapping) or all(name in value for name in spec)


def _properties(spec, value) -> bool:
    if not isinstance(value, Mapping):
        return True
    return all(matches(sub, value[name]) for name, sub in spec.items() if name in value)


def _items(spec, value) -> bool:
    return not isinstance(value, list) or all(matches(spec, item) for item in value)


def _length(limit, value, longest: bool) -> bool:
    if not isinstance(value, str):
        return True
    return len(value) <= limit if longest else len(value) >= limit


def _bound(limit, value, most: bool) -> bool:
    if not is_number(value):
        return True
    order = compare(value, limit)
    return order <= 0 if most else order >= 0


_KEYWORDS = {
    "bsonType": _bson_type,
    "required": _required,
    "properties": _properties,
    "items": _items,
    "enum": lambda spec, value: any(compare(value, option) == 0 for option in spec),
    "maxLength": lambda spec, value: _length(spec, value, longest=True),
    "minLength": lambda spec, value: _length(spec, value, longest=False),
    "maximum": lambda spec, value: _bound(spec, value, most=True),
    "minimum": lambda spec, value: _bound(spec, value, most=False),
}


def install() -> None:
    require(filtering, "LOGICAL_OPERATOR_MAP")
    filtering.LOGICAL_OPERATOR_MAP["$jsonSchema"] = lambda document, schema, unused_apply: matches(schema, document)
