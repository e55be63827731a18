"""DDL: CREATE TABLE / DROP TABLE / CREATE INDEX / DROP INDEX / ALTER TABLE -> MongoDB commands.

A table is a collection with a `$jsonSchema` validator (`sql/tables.py`); PRIMARY KEY and
UNIQUE are unique indexes named as PostgreSQL names them (`t_pkey`, `t_col_key`). A UNIQUE
column may hold many NULLs, as in PostgreSQL: its index only covers documents where the
field has a value (a partial index).
"""

from __future__ import annotations

from sqlglot import exp

from ..errors import NameResolutionError, UnsupportedSqlError
from ..sql.nodes import position
from ..sql.tables import Column, column_from_def, validator
from ..translation import Translation, WriteCommand


def compile_ddl(tree: exp.Expression, *, sql: str | None, database: str, catalog, params=None, now=None) -> Translation:
    if isinstance(tree, exp.Create) and str(tree.args.get("kind")).upper() == "TABLE":
        return _create_table(tree, sql, database, catalog)
    if isinstance(tree, exp.Create) and str(tree.args.get("kind")).upper() == "INDEX":
        return _create_index(tree, sql, database)
    if isinstance(tree, exp.Drop) and str(tree.args.get("kind")).upper() == "TABLE":
        return _drop_tables(tree, sql, database, catalog)
    if isinstance(tree, exp.Drop) and str(tree.args.get("kind")).upper() == "INDEX":
        return _drop_index(tree, sql, database, catalog)
    if isinstance(tree, exp.Alter) and str(tree.args.get("kind")).upper() == "TABLE":
        return _alter_table(tree, sql, database, catalog, now)
    kind = f"{tree.key.upper()} {str(tree.args.get('kind') or '').upper()}".strip()
    raise UnsupportedSqlError(f"{kind} is not supported", **position(sql, tree))


def target(table: exp.Table, database: str) -> tuple[str, str]:
    """(database, collection) of a table name, `db.coll` allowed."""
    return (table.db or database), table.name


def _exists(catalog, database: str, collection: str) -> bool | None:
    if catalog is None:
        return None
    return collection in (catalog.collection_names(database) or [])


def _create_table(tree: exp.Create, sql, database: str, catalog) -> Translation:
    schema = tree.this
    database, name = target(schema.this, database)
    keys = [e for e in schema.expressions if isinstance(e, exp.PrimaryKey)]
    primary = tuple(c.name for key in keys for c in key.expressions)
    columns = [column_from_def(e, primary) for e in schema.expressions if isinstance(e, exp.ColumnDef)]
    others = [e for e in schema.expressions if not isinstance(e, (exp.ColumnDef, exp.PrimaryKey))]
    if others:
        raise UnsupportedSqlError(f"table constraint {others[0].sql(dialect='postgres')} is not supported",
                                  **position(sql, others[0]))
    if _exists(catalog, database, name):
        if tree.args.get("exists"):
            return Translation(sql or "", database, (), ())
        raise NameResolutionError(f'relation "{name}" already exists', **position(sql, schema.this))
    commands = [WriteCommand(database, name, "createCollection", (name, validator(columns)))]
    pkey = [c.name for c in columns if c.primary_key]
    if pkey:
        commands.append(WriteCommand(database, name, "createIndex",
                                     ({c: 1 for c in pkey}, {"name": f"{name}_pkey", "unique": True})))
    for column in columns:
        if column.unique and not column.primary_key:
            commands.append(_unique_index(database, name, column))
    return Translation(sql or "", database, tuple(commands), ())


def _unique_index(database: str, name: str, column: Column) -> WriteCommand:
    options = {"name": f"{name}_{column.name}_key", "unique": True}
    if not column.not_null:  # NULLs never collide, as in PostgreSQL
        options["partialFilterExpression"] = {column.name: {"$type": list(column.bson_types)}}
    return WriteCommand(database, name, "createIndex", ({column.name: 1}, options))


def _create_index(tree: exp.Create, sql, database: str) -> Translation:
    index = tree.this
    database, collection = target(index.args["table"], database)
    keys = {}
    for ordered in index.args["params"].args.get("columns") or []:
        column = ordered.this if isinstance(ordered, exp.Ordered) else ordered
        if not isinstance(column, exp.Column):
            raise UnsupportedSqlError("an index on an expression is not supported", **position(sql, column))
        path = ".".join(p.name for p in reversed([column.this, *([column.args["table"]] if column.table else [])]))
        keys[path] = -1 if isinstance(ordered, exp.Ordered) and ordered.args.get("desc") else 1
    options = {"name": index.name} if index.name else {}
    if tree.args.get("unique"):
        options["unique"] = True
    return Translation(sql or "", database, (WriteCommand(database, collection, "createIndex", (keys, options)),), ())


def _drop_tables(tree: exp.Drop, sql, database: str, catalog) -> Translation:
    commands = []
    for table in _dropped(tree):
        db, name = target(table, database)
        if _exists(catalog, db, name) is False:
            if tree.args.get("exists"):
                continue
            raise NameResolutionError(f'table "{name}" does not exist', **position(sql, table))
        commands.append(WriteCommand(db, name, "drop"))
    return Translation(sql or "", database, tuple(commands), ())


def _drop_index(tree: exp.Drop, sql, database: str, catalog) -> Translation:
    table = _dropped(tree)[0]
    db, name = target(table, database)
    owner = catalog.index_owner(db, name) if catalog is not None else None
    if owner is None:
        if tree.args.get("exists"):
            return Translation(sql or "", database, (), ())
        raise NameResolutionError(f'index "{name}" does not exist', **position(sql, table))
    return Translation(sql or "", db, (WriteCommand(db, owner, "dropIndex", (name,)),), ())


def _dropped(tree: exp.Drop) -> list[exp.Expression]:
    """What a DROP names (sqlglot keeps it in `tables`)."""
    return list(tree.args.get("tables") or [tree.this])


def _alter_table(tree: exp.Alter, sql, database: str, catalog, now) -> Translation:
    db, name = target(tree.this, database)
    columns = catalog.table_columns(db, name) if catalog is not None else None
    if columns is None:
        raise UnsupportedSqlError(f'ALTER TABLE works on tables made with CREATE TABLE; "{name}" is not one',
                                  **position(sql, tree.this))
    commands = []
    for action in tree.args.get("actions") or []:
        if isinstance(action, exp.ColumnDef):
            columns, more = _add_column(db, name, columns, action, sql, catalog, now)
        elif isinstance(action, exp.Drop) and str(action.args.get("kind")).upper() == "COLUMN":
            columns, more = _drop_column(db, name, columns, action, sql)
        else:
            raise UnsupportedSqlError(f"ALTER TABLE {action.sql(dialect='postgres')} is not supported",
                                      **position(sql, action))
        commands += more
    commands.insert(0, WriteCommand(db, name, "runCommand", ({"collMod": name, "validator": validator(columns)},)))
    return Translation(sql or "", db, tuple(commands), ())


def _add_column(db: str, name: str, columns: list[Column], action: exp.ColumnDef, sql, catalog, now):
    column = column_from_def(action)
    if any(c.name == column.name for c in columns):
        raise NameResolutionError(f'column "{column.name}" of relation "{name}" already exists', **position(sql, action))
    if column.not_null and column.default is None:
        raise UnsupportedSqlError(f'ADD COLUMN "{column.name}" NOT NULL needs a DEFAULT for the existing rows',
                                  **position(sql, action))
    more = []
    if column.default is not None:
        from .dml import value_expression  # the default is computed as an INSERT computes it

        fill = value_expression(column.default, column, database=db, catalog=catalog, params=None, now=now)
        more.append(WriteCommand(db, name, "updateMany", ({column.name: {"$exists": False}},
                                                          [{"$set": {column.name: fill}}])))
    if column.unique:
        more.append(_unique_index(db, name, column))
    return [*columns, column], more


def _drop_column(db: str, name: str, columns: list[Column], action: exp.Drop, sql):
    dropped = _dropped(action)[0].name
    if not any(c.name == dropped for c in columns):
        if action.args.get("exists"):
            return columns, []
        raise NameResolutionError(f'column "{dropped}" of relation "{name}" does not exist', **position(sql, action))
    remaining = [c for c in columns if c.name != dropped]
    return remaining, [WriteCommand(db, name, "updateMany", ({}, {"$unset": {dropped: ""}}))]
