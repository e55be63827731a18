"""Shared fixtures: a session on the embedded engine, or on a real server when
QUERYLEAF_TEST_URI is set (each test run uses its own database, dropped afterwards)."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest

import queryleaf
from queryleaf.engine.embedded import new_client

NOW = dt.datetime(2025, 8, 23, 12, 0, tzinfo=dt.timezone.utc)
REAL_SERVER_URI = os.environ.get("QUERYLEAF_TEST_URI")


def _backends():
    return ["embedded", "server"] if REAL_SERVER_URI else ["embedded"]


@pytest.fixture(params=_backends())
def make_session(request):
    """make_session({"coll": [docs]}) -> Session on a fresh database holding those documents."""
    clients = []

    def make(collections: dict, database: str | None = None):
        if request.param == "server":
            import pymongo

            client = pymongo.MongoClient(REAL_SERVER_URI, tz_aware=True)
            name = database or f"qltest_{uuid.uuid4().hex[:12]}"
            clients.append((client, name))
        else:
            client = new_client()
            name = database or "app"
        for collection, documents in collections.items():
            if documents:
                client[name][collection].insert_many([dict(d) for d in documents])
            else:
                client[name].create_collection(collection)
        return queryleaf.connect(client=client, database=name, now=NOW)

    make.backend = request.param
    yield make
    for client, name in clients:
        client.drop_database(name)
        client.close()


def skip_if_names_test_database(make_session, sql: str) -> None:
    """SQL naming the database `app` runs on the embedded engine only: on a real server each
    test run uses a database of its own."""
    if make_session.backend == "server" and "app." in sql:
        pytest.skip("names the embedded test database 'app'")


@pytest.fixture(params=_backends())
def db(request):
    """An empty database on the embedded engine (and on the real server when configured),
    for tests of the engine itself."""
    if request.param == "embedded":
        yield new_client()["shim"]
        return
    import pymongo

    client = pymongo.MongoClient(REAL_SERVER_URI)
    name = f"qlshim_{uuid.uuid4().hex[:12]}"
    yield client[name]
    client.drop_database(name)
    client.close()
