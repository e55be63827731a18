"""The shell's history file: passwords never reach the disk, and it keeps the newest entries.

A line can carry a secret in a connection string (`\\c mongodb://user:secret@host/db`) or in
SQL (`PASSWORD 'secret'`, `pwd: "secret"` in a document literal); both are replaced by `***`
before the line is written.
"""

from __future__ import annotations

import re
from pathlib import Path

from prompt_toolkit.history import FileHistory

from ..engine.uris import redact_uri

_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")
_SQL_SECRET = re.compile(
    r"""(?P<key>\b(?:password|passwd|pwd|secret)\b["']?\s*(?:=>|=|:|\s)\s*)(?P<quote>['"])(?:(?!(?P=quote)).)*(?P=quote)""",
    re.IGNORECASE,
)


def redact(line: str) -> str:
    """The line with URI passwords and quoted password values replaced by `***`."""
    line = _URI.sub(lambda m: redact_uri(m.group(0)), line)
    return _SQL_SECRET.sub(lambda m: f"{m.group('key')}{m.group('quote')}***{m.group('quote')}", line)


class RedactedHistory(FileHistory):
    """prompt-toolkit's file history, redacted, trimmed to `size` entries when opened."""

    def __init__(self, path: Path, size: int = 1000) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(str(path))
        self._trim(size)

    def store_string(self, string: str) -> None:
        """The file gets the line redacted; this session keeps it as typed (for Up)."""
        super().store_string(redact(string))

    def _trim(self, size: int) -> None:
        entries = list(self.load_history_strings())  # newest first
        if len(entries) <= size:
            return
        Path(self.filename).write_bytes(b"")
        for entry in reversed(entries[:size]):
            super().store_string(entry)
