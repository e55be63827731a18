"""Reading BSON files as mongodump writes them (documents one after another, optionally gzip)
by their framing: each document starts with its int32 length and ends with a 0 byte, so
documents are counted without decoding them, and a cut or damaged file is found with the
offset where it goes wrong.
"""

from __future__ import annotations

import gzip
import hashlib
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MIN_DOCUMENT = 5  # an empty document: its length and the final 0
MAX_DOCUMENT = 16 * 1024 * 1024 + 16 * 1024  # the server's limit, and the slack mongodump allows
CHUNK = 1 << 20


class Damaged(Exception):
    """The file is truncated or corrupt at `offset` (of the uncompressed stream)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} at offset {offset}")
        self.reason, self.offset = message, offset


@dataclass
class FileStats:
    documents: int = 0
    uncompressed_bytes: int = 0
    problem: str | None = None  # why and where the file is damaged, if it is
    first: bytes | None = None  # the raw first and last documents (the oplog's time range)
    last: bytes | None = None
    digest: str = ""  # sha256 of the file as stored


def open_stream(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when it is gzip (by name or by its magic bytes)."""
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gzipped else open(path, "rb")  # noqa: SIM115 - closed by the caller


def read_exact(stream: BinaryIO, size: int) -> bytes:
    """Exactly `size` bytes, or fewer at the end of the stream (gzip errors become Damaged)."""
    parts, wanted = [], size
    while wanted:
        try:
            part = stream.read(wanted)
        except EOFError as error:  # gzip: "Compressed file ended before the end-of-stream marker"
            raise Damaged("the gzip stream ends early", -1) from error
        except (OSError, zlib.error) as error:  # BadGzipFile, CRC errors
            raise Damaged(f"corrupt gzip data ({error})", -1) from error
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


TERMINATOR = b"\xff\xff\xff\xff"


def frames(stream: BinaryIO, terminators: bool = False) -> Iterator[bytes]:
    """The raw documents of a stream until its end; Damaged where the framing (or the gzip
    stream) breaks, at the offset of the document it broke in. An archive's stream also has
    terminators (length -1), yielded as TERMINATOR."""
    offset = 0
    while True:
        try:
            frame = _frame(stream, offset, terminators)
        except Damaged as damaged:
            raise Damaged(damaged.reason, offset) from damaged
        if frame is None:
            return
        yield frame
        offset += len(frame)


def _frame(stream: BinaryIO, offset: int, terminators: bool) -> bytes | None:
    """The next document (or terminator), None at the end of the stream."""
    head = read_exact(stream, 4)
    if not head:
        return None
    if len(head) < 4:
        raise Damaged("truncated document length", offset)
    (length,) = struct.unpack("<i", head)
    if length == -1 and terminators:
        return TERMINATOR
    if not MIN_DOCUMENT <= length <= MAX_DOCUMENT:
        raise Damaged(f"invalid document length {length}", offset)
    body = read_exact(stream, length - 4)
    if len(body) < length - 4:
        raise Damaged(f"truncated document ({len(body) + 4} of {length} bytes)", offset)
    if body[-1] != 0:
        raise Damaged("document does not end with a 0 byte", offset)
    return head + body


def scan_file(path: Path) -> FileStats:
    """Count a .bson[.gz] file's documents and check its framing."""
    stats = FileStats(digest=file_digest(path))
    with open_stream(path) as stream:
        try:
            for document in frames(stream):
                stats.documents += 1
                stats.uncompressed_bytes += len(document)
                if stats.first is None:
                    stats.first = document
                stats.last = document
        except Damaged as damaged:
            stats.problem = str(damaged)
    return stats


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
