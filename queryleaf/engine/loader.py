"""Seed a client from a relaxed Extended JSON file: `{"<database>": {"<collection>": [docs]}}`.

This is how the demo and the CLI's `--load` fill the embedded engine. Extended JSON keeps
BSON types that plain JSON loses: `{"$date": "2025-08-23T14:30:00Z"}` becomes a UTC
datetime, `{"$oid": "..."}` an ObjectId, `{"$numberDecimal": "1.5"}` a Decimal128.

Every problem with the file is a UsageError that names the file and, for bad JSON, marks
the line and column, because a traceback would hide which of several files was wrong.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import bson.errors
import pymongo.errors
from bson import json_util

from ..errors import ConnectionError as QLConnectionError
from ..errors import UsageError

_OPTIONS = json_util.JSONOptions(
    json_mode=json_util.JSONMode.RELAXED, tz_aware=True, tzinfo=dt.timezone.utc
)
_SHAPE = '{"<database>": {"<collection>": [documents]}}'


def load_extended_json(client, path: str | Path) -> dict[str, dict[str, int]]:
    """Insert every document of the file; returns {database: {collection: documents inserted}}.

    A collection with an empty list is still created, so that queries on it find an
    empty collection rather than an unknown one.
    """
    data = read_extended_json(path)
    counts: dict[str, dict[str, int]] = {}
    for database, collections in data.items():
        for collection, documents in collections.items():
            _insert(client, path, database, collection, documents)
            counts.setdefault(database, {})[collection] = len(documents)
    return counts


def read_extended_json(path: str | Path) -> dict[str, dict[str, list[dict]]]:
    """The file's content, checked against the expected shape."""
    text = _read_text(path)
    try:
        data = json_util.loads(text, json_options=_OPTIONS)
    except json.JSONDecodeError as error:
        message = f"{path} is not valid JSON: {error.msg}"
        raise UsageError(message, sql=text, line=error.lineno, column=error.colno) from error
    except (bson.errors.BSONError, TypeError, ValueError, KeyError) as error:
        raise UsageError(f"{path} is not valid Extended JSON: {error}") from error
    _check_shape(path, data)
    return data


def _read_text(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise UsageError(f"data file not found: {path}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read data file {path}: {error}") from error


def _check_shape(path, data) -> None:
    if not isinstance(data, dict):
        raise _shape_error(path, "the top level is not an object")
    for database, collections in data.items():
        if not isinstance(collections, dict):
            raise _shape_error(path, f"database {database!r} is not an object of collections")
        for collection, documents in collections.items():
            where = f"{database}.{collection}"
            if not isinstance(documents, list):
                raise _shape_error(path, f"{where} is not a list of documents")
            if not all(isinstance(d, dict) for d in documents):
                raise _shape_error(path, f"{where} holds something that is not a document")


def _shape_error(path, problem: str) -> UsageError:
    return UsageError(f"{path}: {problem}", hint=f"A data file looks like {_SHAPE}.")


def _insert(client, path, database: str, collection: str, documents: list[dict]) -> None:
    try:
        if documents:
            client[database][collection].insert_many(documents)
        elif collection not in client[database].list_collection_names():
            client[database].create_collection(collection)
    except pymongo.errors.BulkWriteError as error:
        first = (error.details.get("writeErrors") or [{}])[0]
        problem = first.get("errmsg", str(error)).split(", full error")[0]
        raise _insert_error(path, database, collection, problem) from error
    except pymongo.errors.ConnectionFailure as error:
        raise QLConnectionError(f"cannot load {path}: {error}") from error
    except (pymongo.errors.PyMongoError, bson.errors.BSONError) as error:
        raise _insert_error(path, database, collection, error) from error


def _insert_error(path, database: str, collection: str, problem) -> UsageError:
    return UsageError(f"{path}: cannot insert into {database}.{collection}: {problem}")
