"""Sessions: one client, one current database, a pinned clock, cached collection metadata."""

from __future__ import annotations

import datetime as dt

import pymongo.errors

from ..compile import compile_statement
from ..errors import ConnectionError as QLConnectionError
from ..errors import ExecutionError, UsageError
from ..sql.parse import parse_statement
from ..sql.tables import Column, columns_from_validator
from ..translation import Translation, fill_results
from . import embedded
from .backends import (
    DEFAULT_DATABASE,
    database_from_uri,
    is_embedded_client,
    open_client,
    run_aggregate,
    server_message,
)
from .explain import explain, split_explain
from .result import Result
from .schema import SAMPLE_SIZE, FieldTypes, sample_field_types
from .transactions import TRANSACTION_CONTROL, transaction_control
from .writes import execute_write


class Catalog:
    """What the compiler may ask the server: collection names and sampled field types."""

    def __init__(self, client, sample_size: int = SAMPLE_SIZE) -> None:
        self._client = client
        self._sample_size = sample_size
        self._names: dict[str, list[str]] = {}
        self._types: dict[tuple[str, str], FieldTypes] = {}
        self._counts: dict[tuple[str, str], int | None] = {}
        self._columns: dict[tuple[str, str], list[Column] | None] = {}

    def collection_names(self, database: str) -> list[str] | None:
        if database not in self._names:
            try:
                self._names[database] = sorted(self._client[database].list_collection_names())
            except pymongo.errors.ConnectionFailure as error:
                raise QLConnectionError(f"cannot reach the server: {error}") from error
        return self._names[database]

    def field_types(self, database: str, collection: str) -> FieldTypes:
        key = (database, collection)
        if key not in self._types:
            cursor = self._client[database][collection].find({}, limit=self._sample_size)
            types = sample_field_types(cursor)
            columns = self.table_columns(database, collection)
            if columns is not None:
                types.declare([(c.name, c.bson_types) for c in columns])
            self._types[key] = types
        return self._types[key]

    def table_columns(self, database: str, collection: str) -> list[Column] | None:
        """The columns of a table made with CREATE TABLE (from its validator), else None."""
        key = (database, collection)
        if key not in self._columns:
            try:
                options = self._client[database][collection].options()
            except pymongo.errors.ConnectionFailure as error:
                raise QLConnectionError(f"cannot reach the server: {error}") from error
            except pymongo.errors.PyMongoError:  # a view, or no right to list collections
                options = {}
            self._columns[key] = columns_from_validator(options)
        return self._columns[key]

    def index_owner(self, database: str, index: str) -> str | None:
        """The collection of the database that has an index of that name (DROP INDEX)."""
        for collection in self.collection_names(database) or []:
            if any(i["name"] == index for i in self._client[database][collection].list_indexes()):
                return collection
        return None

    def cached_field_types(self, database: str, collection: str) -> FieldTypes | None:
        """The sampled types if they were sampled already (the shell completes from these)."""
        return self._types.get((database, collection))

    def storage_stats(self, database: str, collection: str) -> dict | None:
        """The server's storage statistics of a collection (size, storageSize, totalIndexSize)."""
        try:
            stats = next(self._client[database][collection].aggregate([{"$collStats": {"storageStats": {}}}]))
        except Exception:  # noqa: BLE001 - views and restricted users have none; sizes are optional
            return None
        return stats.get("storageStats")

    def estimated_count(self, database: str, collection: str) -> int | None:
        """The collection's document count from its metadata (cheap; used to order joins)."""
        key = (database, collection)
        if key not in self._counts:
            try:
                self._counts[key] = self._client[database][collection].estimated_document_count()
            except Exception:  # noqa: BLE001 - an estimate is optional; views have none
                self._counts[key] = None
        return self._counts[key]

    def invalidate(self) -> None:
        self._counts.clear()
        self._columns.clear()
        self._names.clear()
        self._types.clear()


class Session:
    """A connection to one server with a current database. Not thread-safe."""

    def __init__(self, client, database: str, now: dt.datetime | None = None) -> None:
        self.client = client
        self.database = database
        self.now = now
        self.max_time_ms: int | None = None  # the server's maxTimeMS for each command, if set
        self.comment: str | None = None  # tags each command, so that it can be found and killed
        self.transaction = None  # the pymongo session of BEGIN ... COMMIT, if one is open
        self.catalog = Catalog(client)

    def translate(self, sql: str, params=None, tree=None) -> Translation:
        tree = tree if tree is not None else parse_statement(sql)
        return compile_statement(
            tree, sql=sql, database=self.database, catalog=self.catalog, params=params, now=self._now()
        )

    def execute(self, sql: str, params=None) -> Result:
        explained = _explain_target(sql)
        if explained is not None:
            analyze, statement = explained
            return explain(self, statement, analyze, params)
        tree = parse_statement(sql)
        if isinstance(tree, TRANSACTION_CONTROL):
            return transaction_control(self, tree)
        translation = self.translate(sql, params, tree)
        if translation.writes or not translation.commands:
            return execute_write(self, translation, tree)
        *first, command = translation.commands
        results: list[list] = []
        for prerequisite in first:
            results.append(list(_guarded(self.run_command(prerequisite, results))))
        cursor = self.run_command(command, results)
        return Result(
            translation.columns,
            _guarded(cursor),
            translation=translation,
            all_fields=translation.all_fields,
            on_close=getattr(cursor, "close", None),
        )

    def run_command(self, command, results: list[list]):
        """Start one aggregate command, its placeholders filled with earlier results."""
        pipeline = fill_results(command.pipeline, results) if results else command.pipeline
        return run_aggregate(self.client, command.database, command.collection, pipeline, self.max_time_ms,
                             self.comment, self.transaction)

    def use(self, database: str) -> None:
        self.database = database

    def refresh(self) -> None:
        """Forget cached collection names and sampled types."""
        self.catalog.invalidate()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _now(self) -> dt.datetime:
        return self.now or dt.datetime.now(dt.timezone.utc)


def _explain_target(sql: str):
    """(analyze?, statement) for `EXPLAIN [ANALYZE] statement`, else None."""
    stripped = sql.lstrip()
    if stripped[:7].lower() != "explain" or (len(stripped) > 7 and stripped[7].isalnum()):
        return None
    return split_explain(stripped[7:])


def _guarded(cursor):
    """Iterate a cursor, turning errors raised while fetching into queryleaf errors."""
    try:
        yield from cursor
    except pymongo.errors.ConnectionFailure as error:
        raise QLConnectionError(f"lost the connection to the server: {error}") from error
    except pymongo.errors.PyMongoError as error:
        raise ExecutionError(server_message(error)) from error


def connect(uri: str | None = None, *, database: str | None = None, client=None, now=None) -> Session:
    """Open a session: `connect("mongodb://...", database="app")`, `connect("memory://")`,
    or `connect(client=existing_client, database="app")`. `now` pins CURRENT_DATE and NOW()."""
    if (uri is None) == (client is None):
        raise UsageError("connect() needs exactly one of a URI or client=")
    if now is not None and now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    if client is None:
        client = open_client(uri)
        database = database or database_from_uri(uri)
    elif is_embedded_client(client):
        embedded.install()
    return Session(client, database or DEFAULT_DATABASE, now)
