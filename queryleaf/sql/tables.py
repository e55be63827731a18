"""Tables created with SQL: column definitions <-> a collection's `$jsonSchema` validator.

The validator is the table's only record, so the definition travels with the collection
(mongodump keeps validators): each property carries the column's SQL definition as written
in its `description` (`VARCHAR(50) NOT NULL`), and the properties keep the column order.
Types map to BSON types the validator enforces; NOT NULL and PRIMARY KEY make a field
required; extra fields stay allowed, as MongoDB documents grow (the article's storage-tier
UPDATE sets a column its CREATE TABLE never declared).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from ..errors import UnsupportedSqlError
from .parse import parse_statement

_D = exp.DataType.Type
# SQL type -> (BSON types the validator allows, the CAST target values are converted to)
_TYPES = {
    _D.SMALLINT: (["int"], "int"), _D.INT: (["int"], "int"), _D.TINYINT: (["int"], "int"),
    _D.BIGINT: (["long"], "bigint"), _D.SERIAL: (["int"], "int"), _D.SMALLSERIAL: (["int"], "int"),
    _D.BIGSERIAL: (["long"], "bigint"),
    _D.DOUBLE: (["double"], "double"), _D.FLOAT: (["double"], "double"),
    _D.DECIMAL: (["decimal"], "numeric"), _D.BIGDECIMAL: (["decimal"], "numeric"),
    _D.TEXT: (["string"], "text"), _D.VARCHAR: (["string"], "text"), _D.CHAR: (["string"], "text"),
    _D.BOOLEAN: (["bool"], "bool"),
    _D.DATE: (["date"], "date"), _D.TIMESTAMP: (["date"], "timestamp"), _D.TIMESTAMPTZ: (["date"], "timestamp"),
    _D.JSON: (["object", "array", "string", "int", "long", "double", "decimal", "bool"], "json"),
    _D.JSONB: (["object", "array", "string", "int", "long", "double", "decimal", "bool"], "json"),
}
SERIALS = (_D.SERIAL, _D.SMALLSERIAL, _D.BIGSERIAL)


@dataclass(frozen=True)
class Column:
    name: str
    definition: str  # the SQL after the name, as PostgreSQL prints it: `VARCHAR(50) NOT NULL`
    bson_types: tuple[str, ...]
    cast: str | None  # what inserted and updated values are CAST to; None: stored as given
    not_null: bool = False
    serial: bool = False
    default: exp.Expression | None = None
    unique: bool = False
    primary_key: bool = False
    max_length: int | None = None  # VARCHAR(n), CHAR(n)
    type_name: str = ""  # the SQL type as written: VARCHAR(50), SERIAL


def column_from_def(node: exp.ColumnDef, table_primary_key: tuple[str, ...] = ()) -> Column:
    """One ColumnDef of CREATE TABLE / ALTER TABLE ADD COLUMN."""
    name = node.name
    kind = node.args.get("kind")
    if kind is None or kind.this not in _TYPES:
        written = kind.sql(dialect="postgres") if kind is not None else "(no type)"
        raise UnsupportedSqlError(f"column type {written} is not supported",
                                  hint=f"Types: {', '.join(sorted({t.name for t in _TYPES}))}.")
    bson_types, cast = _TYPES[kind.this]
    constraints = [c.args.get("kind") for c in node.args.get("constraints") or []]
    primary = name in table_primary_key or any(isinstance(c, exp.PrimaryKeyColumnConstraint) for c in constraints)
    not_null = primary or any(isinstance(c, exp.NotNullColumnConstraint) and not c.args.get("allow_null")
                              for c in constraints)
    default = next((c.this for c in constraints if isinstance(c, exp.DefaultColumnConstraint)), None)
    unique = any(isinstance(c, exp.UniqueColumnConstraint) for c in constraints)
    for constraint in constraints:
        if not isinstance(constraint, (exp.PrimaryKeyColumnConstraint, exp.NotNullColumnConstraint,
                                       exp.DefaultColumnConstraint, exp.UniqueColumnConstraint)):
            raise UnsupportedSqlError(f"column constraint {constraint.sql(dialect='postgres')} is not supported")
    definition = " ".join([kind.sql(), *(c.sql() for c in node.args.get("constraints") or [])])
    if name in table_primary_key and "PRIMARY KEY" not in definition.upper():
        definition += " PRIMARY KEY"
    sizes = [e for e in kind.expressions if isinstance(e, exp.DataTypeParam)]
    length = int(sizes[0].name) if sizes and kind.this in (_D.VARCHAR, _D.CHAR) else None
    return Column(name, definition, tuple(bson_types), cast, not_null, kind.this in SERIALS, default, unique, primary,
                  length, kind.sql())


def validator(columns: list[Column]) -> dict:
    """The `$jsonSchema` validator of a table."""
    properties = {}
    for column in columns:
        types = list(column.bson_types) + ([] if column.not_null else ["null"])
        spec = {"bsonType": types if len(types) > 1 else types[0], "description": column.definition}
        if column.max_length is not None:
            spec["maxLength"] = column.max_length
        properties[column.name] = spec
    schema = {"bsonType": "object", "properties": properties}
    required = [c.name for c in columns if c.not_null]
    if required:
        schema["required"] = required
    return {"$jsonSchema": schema}


def columns_from_validator(options: dict) -> list[Column] | None:
    """The columns of a table created with SQL, from its collection options; None for a
    collection whose validator queryleaf did not write."""
    schema = (options.get("validator") or {}).get("$jsonSchema") or {}
    properties = schema.get("properties") or {}
    if not properties or not all(isinstance(p, dict) and isinstance(p.get("description"), str)
                                 for p in properties.values()):
        return None
    try:
        tree = parse_statement("CREATE TABLE t (" + ", ".join(
            f'"{name}" {spec["description"]}' for name, spec in properties.items()) + ")")
    except Exception:  # noqa: BLE001 - descriptions someone else wrote: not a queryleaf table
        return None
    try:
        return [column_from_def(node) for node in tree.this.expressions]
    except UnsupportedSqlError:
        return None
