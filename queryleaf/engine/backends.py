"""Clients: a real server through pymongo, or the embedded engine (mongomock-ng)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pymongo
import pymongo.errors

from ..errors import ConnectionError as QLConnectionError
from ..errors import ExecutionError
from .uris import redact_uri

EMBEDDED_SCHEME = "memory"
DEFAULT_DATABASE = "test"


def is_embedded(uri: str) -> bool:
    return uri.split(":", 1)[0].lower() == EMBEDDED_SCHEME


def database_from_uri(uri: str) -> str | None:
    """The default database named in the URI path (mongodb://host/db), if any."""
    path = urlsplit(uri).path.lstrip("/")
    return path or None


def open_client(uri: str):
    """A client for a URI. memory:// gives a new, empty embedded server."""
    if is_embedded(uri):
        from .embedded import new_client

        return new_client()
    try:
        return pymongo.MongoClient(uri, serverSelectionTimeoutMS=10_000, tz_aware=True)
    except (pymongo.errors.ConfigurationError, pymongo.errors.InvalidURI, ValueError) as error:
        raise QLConnectionError(f"invalid MongoDB URI {redact_uri(uri)}: {error}") from error


def is_embedded_client(client) -> bool:
    return type(client).__module__.startswith("mongomock")


def run_aggregate(client, database: str, collection: str | None, pipeline: list, max_time_ms: int | None = None,
                  comment: str | None = None, transaction=None):
    """Start an aggregation; server errors become ExecutionError, lost servers ConnectionError.
    `max_time_ms` is the server's maxTimeMS (the embedded engine has no clock to stop);
    `comment` tags the operation in $currentOp (the shell kills it by this tag on Ctrl-C);
    `transaction` is the pymongo session of an open BEGIN."""
    target = client[database] if collection is None else client[database][collection]
    options = {} if is_embedded_client(client) else {"allowDiskUse": True}
    if max_time_ms and not is_embedded_client(client):
        options["maxTimeMS"] = max_time_ms
    if comment and not is_embedded_client(client):
        options["comment"] = comment
    if transaction is not None:
        options["session"] = transaction
    try:
        return target.aggregate(pipeline, **options)
    except pymongo.errors.ConnectionFailure as error:
        raise QLConnectionError(f"lost the connection to the server: {error}") from error
    except pymongo.errors.PyMongoError as error:
        raise ExecutionError(server_message(error)) from error
    except (ZeroDivisionError, ArithmeticError) as error:
        raise ExecutionError("division by zero") from error
    except (TypeError, ValueError, KeyError, NotImplementedError) as error:
        raise ExecutionError(f"the embedded engine failed: {error!r}") from error


def server_message(error: Exception) -> str:
    details = getattr(error, "details", None) or {}
    message = details.get("errmsg") or str(error)
    if "divide by zero" in message or "division by zero" in message:
        return "division by zero"
    return message
