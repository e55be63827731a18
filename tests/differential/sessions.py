"""The queryleaf side of a differential test: a session on the embedded engine (memory://,
as users get it) or on the real server of QUERYLEAF_TEST_URI, holding the generated data."""

from __future__ import annotations

import copy
import os

import queryleaf

BACKENDS = ["embedded"] + (["server"] if os.environ.get("QUERYLEAF_TEST_URI") else [])


def loaded_session(backend: str, database: str, collections: dict[str, list[dict]], now):
    """Yield a session on `database` holding `collections`; the server's copy is dropped after."""
    if backend == "embedded":
        session = queryleaf.connect("memory://", database=database, now=now)
    else:
        import pymongo

        client = pymongo.MongoClient(os.environ["QUERYLEAF_TEST_URI"], tz_aware=True)
        client.drop_database(database)
        session = queryleaf.connect(client=client, database=database, now=now)
    for name, documents in collections.items():
        session.client[database][name].insert_many(copy.deepcopy(documents))
    yield session
    if backend == "server":
        session.client.drop_database(database)
    session.client.close()
