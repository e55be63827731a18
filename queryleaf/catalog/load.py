"""Loading a mongodump backup (folder or archive) into the embedded engine, so that a small
backup can be queried with SQL, or compared with a live database, without a restore. The
dump's `oplog.bson` becomes `local."oplog.rs"`, where a server keeps its oplog.

What cannot be read (a truncated file, a damaged archive) is loaded up to the damage and
reported, so that a comparison shows exactly what the backup would restore.
"""

from __future__ import annotations

from pathlib import Path

import bson
import pymongo.errors

from .bsonfile import TERMINATOR, Damaged, frames, open_stream, read_exact
from .dumps import ARCHIVE_MAGIC, Backup, scan_backup

BATCH = 1000


def load_dump(client, path: Path) -> Backup:
    """Insert the backup's documents and index definitions; the scan (with its problems)."""
    backup = scan_backup(path)
    if backup.format == "archive":
        _load_archive(client, path)
    else:
        for info in backup.collections:
            if info.file is not None and info.type != "buckets":
                _load_file(client[info.database][info.name], path / info.file)
    oplog = next((path / f"oplog{s}" for s in (".bson", ".bson.gz") if (path / f"oplog{s}").exists()), None)
    if backup.format == "directory" and oplog is not None:  # queried as on a server: local."oplog.rs"
        _load_file(client["local"]["oplog.rs"], oplog)
    for info in backup.collections:
        if info.type in ("collection", "timeseries") and info.name not in client[info.database].list_collection_names():
            client[info.database].create_collection(info.name)  # an empty collection is still there
        for index in info.indexes:
            _create_index(client[info.database][info.name], index)
    return backup


def _load_file(collection, path: Path) -> None:
    batch = []
    with open_stream(path) as stream:
        try:
            for raw in frames(stream):
                batch.append(bson.decode(raw))
                if len(batch) >= BATCH:
                    collection.insert_many(batch)
                    batch = []
        except Damaged:
            pass  # the scan reported it; what came before the damage is loaded
    if batch:
        collection.insert_many(batch)


def _load_archive(client, path: Path) -> None:
    with open_stream(path) as stream:
        if read_exact(stream, 4) != ARCHIVE_MAGIC:
            return
        pieces = frames(stream, terminators=True)
        try:
            next(pieces)  # the header
            for raw in pieces:  # collection metadata, up to the terminator
                if raw == TERMINATOR:
                    break
            target = None
            for raw in pieces:
                if raw == TERMINATOR:
                    target = None
                elif target is None:
                    head = bson.decode(raw)
                    target = None if head.get("EOF") else client[head["db"]][head["collection"]]
                    if target is None:
                        continue
                else:
                    target.insert_one(bson.decode(raw))
        except (Damaged, StopIteration):
            pass


def _create_index(collection, index: dict) -> None:
    if index.get("name") == "_id_":
        return
    options = {k: v for k, v in index.items() if k in ("name", "unique", "sparse", "partialFilterExpression",
                                                        "expireAfterSeconds")}
    try:
        collection.create_index(list(dict(index["key"]).items()), **options)
    except (pymongo.errors.PyMongoError, NotImplementedError, TypeError, ValueError):
        pass  # an index kind the embedded engine lacks (text, 2dsphere): queries still run
