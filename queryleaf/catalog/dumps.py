"""What a mongodump backup holds, read from its files without restoring it.

A directory dump is `<root>/<db>/<collection>.bson[.gz]` with `<collection>.metadata.json[.gz]`
(options, indexes, uuid, type; a view has metadata only, a time-series collection keeps its
data in `system.buckets.<name>.bson`), `prelude.json` (server and tool versions) and
`oplog.bson` (`--oplog`). Collection names in file names are URL-escaped. An archive
(`--archive`, optionally gzip) is one stream: a header, the collections' metadata, then
segments of documents per namespace, each namespace closed by an EOF header.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import bson
from bson import json_util

from .bsonfile import TERMINATOR, Damaged, file_digest, frames, open_stream, read_exact, scan_file

BSON_SUFFIXES = (".bson", ".bson.gz")
METADATA_SUFFIXES = (".metadata.json", ".metadata.json.gz")
ARCHIVE_MAGIC = b"\x6d\xe2\x99\x81"  # 0x8199e26d, little-endian


@dataclass
class CollectionInfo:
    database: str
    name: str
    type: str = "collection"  # collection, view, timeseries, or buckets (system.buckets.*)
    documents: int | None = None
    size_bytes: int = 0  # as stored (compressed when gzip)
    data_bytes: int = 0  # uncompressed BSON
    compressed: bool = False
    file: str | None = None  # relative to the backup's path
    uuid: str | None = None
    indexes: list = field(default_factory=list)
    options: dict = field(default_factory=dict)
    problem: str | None = None


@dataclass
class Backup:
    path: Path
    format: str  # directory or archive
    collections: list[CollectionInfo] = field(default_factory=list)
    server_version: str | None = None
    tool_version: str | None = None
    oplog_entries: int | None = None
    oplog_start: dt.datetime | None = None
    oplog_end: dt.datetime | None = None
    size_bytes: int = 0
    compressed: bool = False
    checksum: str = ""
    problems: list[dict] = field(default_factory=list)
    newest_file: dt.datetime | None = None

    @property
    def databases(self) -> list[str]:
        return sorted({c.database for c in self.collections})

    @property
    def taken_at(self) -> dt.datetime | None:
        """When the dump was taken: the end of its oplog, else its newest file's time."""
        return self.oplog_end or self.newest_file


def find_backups(root: Path) -> list[Path]:
    """Every dump folder and archive file at or under `root`, in path order."""
    if root.is_file():
        return [root] if is_archive(root) else []
    if _is_dump_root(root) or _is_database_folder(root):
        return [root]
    found = []
    for child in sorted(root.iterdir()):
        found += find_backups(child) if child.is_dir() or is_archive(child) else []
    return found


def is_archive(path: Path) -> bool:
    try:
        with open_stream(path) as stream:
            return read_exact(stream, 4) == ARCHIVE_MAGIC
    except (OSError, Damaged):
        return False


def scan_backup(path: Path) -> Backup:
    return scan_archive(path) if path.is_file() else scan_directory(path)


def scan_directory(root: Path) -> Backup:
    backup = Backup(root, "directory")
    single = not _is_dump_root(root)  # a database folder given on its own
    folders = [root] if single else sorted(p for p in root.iterdir() if p.is_dir())
    for folder in folders:
        backup.collections += _scan_database(backup, root, folder)
    _read_prelude(backup, root)
    oplog = next((root / f"oplog{s}" for s in BSON_SUFFIXES if (root / f"oplog{s}").exists()), None)
    if oplog is not None:
        _scan_oplog(backup, root, oplog)
    _summarise(backup, [p for p in sorted(root.rglob("*")) if p.is_file()])
    return backup


def _scan_database(backup: Backup, root: Path, folder: Path) -> list[CollectionInfo]:
    database = unquote(folder.name)
    found: dict[str, CollectionInfo] = {}
    for path in sorted(folder.iterdir()):
        name = _strip(path.name, METADATA_SUFFIXES)
        if name is not None:
            info = found.setdefault(unquote(name), CollectionInfo(database, unquote(name)))
            _read_metadata(info, path, backup, root)
            continue
        name = _strip(path.name, BSON_SUFFIXES)
        if name is None:
            continue
        info = found.setdefault(unquote(name), CollectionInfo(database, unquote(name)))
        stats = scan_file(path)
        info.documents, info.data_bytes = stats.documents, stats.uncompressed_bytes
        info.size_bytes, info.compressed = path.stat().st_size, path.name.endswith(".gz")
        info.file = str(path.relative_to(root))
        if info.name.startswith("system.buckets."):
            info.type = "buckets"
        if stats.problem:
            info.problem = stats.problem
            backup.problems.append({"file": info.file, "error": stats.problem})
    return list(found.values())


def _read_metadata(info: CollectionInfo, path: Path, backup: Backup, root: Path) -> None:
    try:
        with open_stream(path) as stream:
            metadata = json_util.loads(read_exact(stream, 64 * 1024 * 1024).decode("utf-8"))
    except (Damaged, ValueError, UnicodeDecodeError) as error:
        backup.problems.append({"file": str(path.relative_to(root)), "error": f"unreadable metadata: {error}"})
        return
    _apply_metadata(info, metadata)


def _apply_metadata(info: CollectionInfo, metadata: dict) -> None:
    info.options = dict(metadata.get("options") or {})
    info.indexes = list(metadata.get("indexes") or [])
    info.uuid = metadata.get("uuid")
    info.type = metadata.get("type") or ("view" if "viewOn" in info.options else info.type)


def _read_prelude(backup: Backup, root: Path) -> None:
    path = root / "prelude.json"
    if not path.exists():
        return
    try:
        prelude = {k.lower().replace("_", ""): v for k, v in json.loads(path.read_text("utf-8")).items()}
    except (ValueError, OSError) as error:
        backup.problems.append({"file": "prelude.json", "error": f"unreadable: {error}"})
        return
    backup.server_version = prelude.get("serverversion")
    backup.tool_version = prelude.get("toolversion")


def _scan_oplog(backup: Backup, root: Path, path: Path) -> None:
    stats = scan_file(path)
    backup.oplog_entries = stats.documents
    if stats.first is not None:
        backup.oplog_start = _ts_time(stats.first)
        backup.oplog_end = _ts_time(stats.last)
    if stats.problem:
        backup.problems.append({"file": str(path.relative_to(root)), "error": stats.problem})


def _ts_time(raw: bytes) -> dt.datetime | None:
    value = bson.decode(raw).get("ts")
    return value.as_datetime() if isinstance(value, bson.Timestamp) else None


def scan_archive(path: Path) -> Backup:
    backup = Backup(path, "archive", compressed=_is_gzip(path))
    found: dict[tuple[str, str], CollectionInfo] = {}
    finished: set = set()
    try:
        with open_stream(path) as stream:
            if read_exact(stream, 4) != ARCHIVE_MAGIC:
                raise Damaged("not a mongodump archive (bad magic number)", 0)
            _read_archive(stream, backup, found, finished)
    except Damaged as damaged:
        backup.problems.append({"file": path.name, "error": str(damaged)})
    for database, collection in sorted(set(found) - finished):
        backup.problems.append({"file": path.name,
                                "error": f"the archive ends before the end of {database}.{collection}"})
        found[(database, collection)].problem = "incomplete in the archive"
    backup.collections = list(found.values())
    _summarise(backup, [path])
    return backup


def _read_archive(stream, backup: Backup, found: dict, finished: set) -> None:
    """Header, metadata, then segments; `finished` gets each namespace whose EOF was read."""
    pieces = frames(stream, terminators=True)
    header = bson.decode(next(pieces))
    backup.server_version, backup.tool_version = header.get("server_version"), header.get("tool_version")
    for raw in pieces:  # collection metadata until the first terminator
        if raw == TERMINATOR:
            break
        entry = bson.decode(raw)
        info = found.setdefault((entry["db"], entry["collection"]), CollectionInfo(entry["db"], entry["collection"]))
        _apply_metadata(info, json_util.loads(entry.get("metadata") or "{}"))
        info.data_bytes, info.compressed = 0, backup.compressed
    current = None
    for raw in pieces:
        if raw == TERMINATOR:
            current = None
            continue
        if current is None:  # a namespace header opens a segment (or closes the namespace)
            head = bson.decode(raw)
            key = (head["db"], head["collection"])
            info = found.setdefault(key, CollectionInfo(*key))
            if head.get("EOF"):
                finished.add(key)
                info.documents = info.documents or 0
                continue
            current = info
            continue
        current.documents = (current.documents or 0) + 1
        current.data_bytes += len(raw)


def _summarise(backup: Backup, files: list[Path]) -> None:
    digest = hashlib.sha256()
    newest = 0.0
    for path in files:
        relative = str(path.relative_to(backup.path)) if path != backup.path else path.name
        digest.update(f"{relative}\0{file_digest(path)}\n".encode())
        status = path.stat()
        backup.size_bytes += status.st_size
        newest = max(newest, status.st_mtime)
        backup.compressed = backup.compressed or path.name.endswith(".gz")
    backup.checksum = digest.hexdigest()
    backup.newest_file = dt.datetime.fromtimestamp(newest, dt.UTC).replace(microsecond=0) if files else None


def _strip(name: str, suffixes: tuple[str, ...]) -> str | None:
    for suffix in sorted(suffixes, key=len, reverse=True):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as file:
        return file.read(2) == b"\x1f\x8b"


def _has_collection_files(folder: Path) -> bool:
    names = (p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("oplog.bson"))
    return any(_strip(name, BSON_SUFFIXES + METADATA_SUFFIXES) is not None for name in names)


def _is_dump_root(folder: Path) -> bool:
    """A folder mongodump wrote: prelude.json, oplog.bson, or database folders inside."""
    if _has_dump_files(folder):
        return True
    return any(p.is_dir() and _has_collection_files(p) and not _has_dump_files(p) for p in folder.iterdir())


def _has_dump_files(folder: Path) -> bool:
    return (folder / "prelude.json").exists() or any((folder / f"oplog{s}").exists() for s in BSON_SUFFIXES)


def _is_database_folder(folder: Path) -> bool:
    return folder.is_dir() and _has_collection_files(folder)
