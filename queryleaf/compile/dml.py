"""INSERT, UPDATE and DELETE -> MongoDB commands, built from SELECTs the query compiler knows.

Every value and condition is compiled as the same expression in a SELECT would be, so a
write matches exactly the rows `SELECT ... WHERE` shows and computes what it would print:

- INSERT: the VALUES (or the SELECT) run as one aggregate producing the new documents (with
  values CAST to the declared column types, defaults and SERIAL numbers filled in), which
  `insertMany` stores.
- UPDATE: `updateMany(filter, [{$set: ...}])`, a pipeline update whose values are the
  compiled expressions. A WHERE that is not a plain filter (a subquery) first finds the
  matching `_id`s with its own aggregate.
- DELETE: `deleteMany(filter)`, or by the `_id`s a WHERE with subqueries found.
- RETURNING: a SELECT of the returned expressions over the written `_id`s (after an INSERT
  or UPDATE; before a DELETE).

UPDATE and DELETE need a WHERE clause: `WHERE true` says "every row" on purpose.
"""

from __future__ import annotations

from sqlglot import exp

from ..errors import UnsupportedSqlError
from ..sql.nodes import position
from ..sql.tables import Column
from ..translation import (
    Translation,
    WriteCommand,
    ids_placeholder,
    result_placeholder,
)
from .ddl import target
from .types import sql_type_of_bson


class WriteCompiler:
    def __init__(self, tree: exp.Expression, *, sql: str | None, database: str, catalog, params, now) -> None:
        self.tree, self.sql, self.catalog, self.params, self.now = tree, sql, catalog, params, now
        table = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
        self.table = table
        self.database, self.collection = target(table, database)
        self.alias = table.alias_or_name
        self.columns = catalog.table_columns(self.database, self.collection) if catalog is not None else None
        self.commands: list = []

    # -- compiling the SELECTs ---------------------------------------------------------------

    def query(self, select: exp.Expression) -> Translation:
        from . import compile_statement

        return compile_statement(select, sql=None, database=self.database, catalog=self.catalog,
                                 params=self.params, now=self.now)

    def append(self, translation: Translation) -> int:
        """Append a SELECT's commands; the index of its last command (its rows)."""
        offset = len(self.commands)
        for command in translation.commands:
            self.commands.append(_shifted(command, offset))
        return len(self.commands) - 1

    def from_target(self) -> exp.Table:
        table = exp.table_(self.collection, db=self.database)
        return table.as_(self.alias) if self.alias != self.collection else table

    def typed(self, value: exp.Expression, name: str) -> exp.Expression:
        column = self.column(name)
        if column is not None or self.columns is not None:
            return as_column_type(value, column)
        return self._like_sampled(value, name)

    def _like_sampled(self, value: exp.Expression, name: str) -> exp.Expression:
        """A collection without a table definition: a text literal for a field whose documents
        hold dates or ObjectIds is typed as a SELECT would compare it (trap 9)."""
        if self.catalog is None or not (isinstance(value, exp.Literal) and value.is_string):
            return value
        kinds = self.catalog.field_types(self.database, self.collection).types.get(name, set())
        sql_type = sql_type_of_bson(frozenset(kinds))
        if sql_type == "timestamp":
            return exp.Cast(this=value, to=exp.DataType.build("TIMESTAMP"))
        if sql_type == "objectid":
            return exp.Cast(this=value, to=exp.DataType.build("OBJECTID", udt=True))
        return value

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns or [] if c.name == name), None)

    def returning(self, written: int) -> None:
        """RETURNING: a SELECT of its expressions over the written `_id`s."""
        node = self.tree.args.get("returning")
        if node is None:
            return
        select = exp.select(*node.expressions).from_(self.from_target())
        translation = self.query(select)
        *first, last = translation.commands
        if first:
            raise UnsupportedSqlError("RETURNING with a subquery is not supported", **position(self.sql, node))
        match = {"$match": {"_id": {"$in": ids_placeholder(written)}}}
        self.commands.append(type(last)(last.database, last.collection, [match, *last.pipeline]))
        self.result, self.rows_of = translation, len(self.commands) - 1

    # -- statements -------------------------------------------------------------------------

    def compile(self) -> Translation:
        self.result, self.rows_of = None, None
        if isinstance(self.tree, exp.Insert):
            self._insert()
        elif isinstance(self.tree, exp.Update):
            self._update()
        else:
            self._delete()
        if self.result is None:
            return Translation(self.sql or "", self.database, tuple(self.commands), ())
        return Translation(self.sql or "", self.database, tuple(self.commands), tuple(self.result.columns),
                           self.result.all_fields, rows_of=self.rows_of)

    def _insert(self) -> None:
        names = self._insert_columns()
        defaults = [c for c in self.columns or [] if c.name not in names and c.default is not None and not c.serial]
        produced = self.append(self.query(self._insert_rows(names, defaults)))
        last = self.commands[produced]
        paths = [*names, *(c.name for c in defaults)]  # the fields of c0, c1, ... in the new documents
        documents = {"$project": {"_id": 0, **{path: f"$c{i}" for i, path in enumerate(paths)}}}
        self.commands[produced] = type(last)(last.database, last.collection, [*last.pipeline, documents])
        serial = tuple(c.name for c in self.columns or [] if c.serial and c.name not in names)
        self.commands.append(WriteCommand(self.database, self.collection, "insertMany",
                                          (result_placeholder(produced),), serial=serial))
        self.returning(len(self.commands) - 1)

    def _insert_columns(self) -> list[str]:
        if isinstance(self.tree.this, exp.Schema):
            return [".".join(p.name for p in reversed(list(_parts(i)))) for i in self.tree.this.expressions]
        if self.columns is None:
            raise UnsupportedSqlError(
                f'INSERT without a column list needs a table made with CREATE TABLE; "{self.collection}" is not one',
                hint="Name the columns: INSERT INTO t (a, b) VALUES ...", **position(self.sql, self.table))
        return [c.name for c in self.columns if not c.serial]

    def _insert_rows(self, names: list[str], defaults: list[Column]) -> exp.Expression:
        """One SELECT producing the new documents: the given values, then the defaults."""
        source = self.tree.expression
        if isinstance(source, exp.Values):
            selects = [self._values_row(row, names, defaults) for row in source.expressions]
            union = selects[0]
            for select in selects[1:]:
                union = exp.union(union, select, distinct=False)
            return union
        if isinstance(source, (exp.Select, exp.Union, exp.Subquery)):
            inner = exp.Subquery(this=source.this if isinstance(source, exp.Subquery) else source,
                                 alias=exp.TableAlias(this=exp.to_identifier("__source"),
                                                      columns=[exp.to_identifier(f"c{i}") for i in range(len(names))]))
            values = [self.typed(exp.column(f"c{i}", "__source"), n) for i, n in enumerate(names)]
            return self._project(exp.select().from_(inner), values, names, defaults)
        raise UnsupportedSqlError("INSERT source is not supported", **position(self.sql, source))

    def _values_row(self, row: exp.Tuple, names: list[str], defaults: list[Column]) -> exp.Select:
        values = row.expressions if isinstance(row, exp.Tuple) else [row]
        if len(values) != len(names):
            raise UnsupportedSqlError(f"INSERT has {len(values)} expressions for {len(names)} target columns",
                                      **position(self.sql, row))
        given = []
        for value, name in zip(values, names, strict=True):
            if isinstance(value, exp.Var) and value.name.upper() == "DEFAULT":
                column = self.column(name)
                value = column.default if column is not None and column.default is not None else exp.Null()
            given.append(self.typed(value.copy(), name))
        return self._project(exp.select(), given, names, defaults)

    def _project(self, select: exp.Select, values: list, names: list[str], defaults: list[Column]) -> exp.Select:
        items = [*values, *(self.typed(c.default.copy(), c.name) for c in defaults)]
        return select.select(*(v.as_(f"c{i}") for i, v in enumerate(items)), append=False)

    def _update(self) -> None:
        assignments = [(_path(eq.this, self.alias), eq.expression) for eq in self.tree.expressions]
        values = [self.typed(value, path) for path, value in assignments]
        selector, ids = self._selector()
        setting = self._set_stage(assignments, values)
        self.commands.append(WriteCommand(self.database, self.collection, "updateMany", (selector, [setting])))
        if ids is not None:
            self.returning(ids)

    def _set_stage(self, assignments, values) -> dict:
        select = exp.select(*(v.as_(f"c{i}") for i, v in enumerate(values))).from_(self.from_target())
        translation = self.query(select)
        stages = translation.commands[-1].pipeline
        if len(translation.commands) > 1 or len(stages) != 1 or "$project" not in stages[0]:
            raise UnsupportedSqlError("UPDATE ... SET with a subquery or aggregate is not supported",
                                      **position(self.sql, self.tree.expressions[0]))
        projected = stages[0]["$project"]
        return {"$set": {path: projected[column.field] for (path, _), column in zip(assignments, translation.columns,
                                                                                     strict=True)}}

    def _delete(self) -> None:
        selector, ids = self._selector()
        if ids is not None:
            self.returning(ids)  # the rows as they are before they go
        self.commands.append(WriteCommand(self.database, self.collection, "deleteMany", (selector,)))

    def _where(self) -> exp.Expression:
        node = self.tree.args.get("where")
        if node is None:
            kind = "UPDATE" if isinstance(self.tree, exp.Update) else "DELETE"
            raise UnsupportedSqlError(f"{kind} without WHERE would change every row; refused",
                                      hint="Write WHERE true to mean every row.", **position(self.sql, self.tree))
        return node.this

    def _selector(self) -> tuple[dict, int | None]:
        """The filter of the rows the WHERE picks: its plain $match when its SELECT is one and no
        RETURNING needs the rows' ids; else `_id IN` the ids its own aggregate finds first (a
        subquery, a join), with the index of that aggregate."""
        translation = self.query(exp.select("_id").from_(self.from_target()).where(self._where()))
        plain = _plain_filter(translation) if self.tree.args.get("returning") is None else None
        if plain is not None:
            return plain, None
        ids = self.append(translation)
        return {"_id": {"$in": ids_placeholder(ids)}}, ids


def _plain_filter(translation: Translation) -> dict | None:
    """The query filter of `SELECT _id ... WHERE` when its pipeline is one $match (or nothing)."""
    if len(translation.commands) != 1:
        return None
    *head, last = translation.commands[0].pipeline
    if last != {"$project": {"_id": "$_id"}}:
        return None
    if not head:
        return {}
    if len(head) == 1 and set(head[0]) == {"$match"}:
        return head[0]["$match"]
    return None


_CAST_NAMES = {"int": "INT", "bigint": "BIGINT", "double": "DOUBLE PRECISION", "numeric": "NUMERIC", "text": "TEXT",
               "bool": "BOOLEAN", "date": "DATE", "timestamp": "TIMESTAMP", "json": "JSONB"}


def as_column_type(value: exp.Expression, column: Column | None) -> exp.Expression:
    """A value as the column's declared type (PostgreSQL's assignment cast)."""
    if column is None or column.cast is None or isinstance(value, exp.Null):
        return value
    return exp.Cast(this=value, to=exp.DataType.build(_CAST_NAMES[column.cast]))


def value_expression(value: exp.Expression, column: Column, **context):
    """The aggregation expression of a value that reads no column (a DEFAULT)."""
    from . import compile_statement

    translation = compile_statement(exp.select(as_column_type(value.copy(), column).as_("c0")), sql=None, **context)
    stages = translation.commands[-1].pipeline
    if len(translation.commands) != 1 or len(stages) != 2 or "$project" not in stages[1]:
        raise UnsupportedSqlError(f"DEFAULT {value.sql(dialect='postgres')} must be a constant expression")
    return stages[1]["$project"]["c0"]


def _parts(node: exp.Expression):
    if isinstance(node, exp.Column):
        yield from reversed(node.parts)
    else:
        yield node


def _path(column: exp.Column, alias: str) -> str:
    """The field an assignment sets: `col`, `alias.col`, or a nested path `details.tool`."""
    parts = [p.name for p in column.parts]
    if len(parts) > 1 and parts[0] == alias:
        parts = parts[1:]
    return ".".join(parts)


def _shifted(command, offset: int):
    """A command moved `offset` places later in a program: its placeholders follow."""
    from ..translation import IDS_OF, RESULT_OF

    def shift(value):
        if isinstance(value, dict):
            if set(value) in ({RESULT_OF}, {IDS_OF}):
                key = next(iter(value))
                return {key: value[key] + offset}
            return {k: shift(v) for k, v in value.items()}
        if isinstance(value, list):
            return [shift(v) for v in value]
        return value

    return type(command)(command.database, command.collection, shift(command.pipeline)) if offset else command


def compile_write(tree: exp.Expression, **context) -> Translation:
    return WriteCompiler(tree, **context).compile()
