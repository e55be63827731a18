"""The names the shell completes, from a session: databases, collections (cached by the
session's catalog), sampled field paths, and the shell's variables.

Sampling a collection's documents takes a round trip per collection, so it never happens
while the user types: `fields` answers from what was sampled already and queues the rest
for a background thread (pgcli's refresher works the same way). `warm` samples the current
database's collections at start and after `\\refresh`.
"""

from __future__ import annotations

import queue
import threading


class SessionSchema:
    def __init__(self, session, variables: dict | None = None, background: bool = True) -> None:
        self.session = session
        self._variables = variables if variables is not None else {}
        self._databases: list[str] | None = None
        self._background = background
        self._queue: queue.Queue = queue.Queue()
        self._queued: set[tuple[str, str]] = set()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def database(self) -> str:
        return self.session.database

    def databases(self) -> list[str]:
        if self._databases is None:
            self._databases = sorted(self.session.client.list_database_names())
        return self._databases

    def collections(self, database: str) -> list[str]:
        return self.session.catalog.collection_names(database) or []

    def fields(self, database: str, collection: str) -> list[str]:
        known = self.session.catalog.cached_field_types(database, collection)
        if known is not None:
            return sorted(known.types)
        if not self._background:
            return sorted(self.session.catalog.field_types(database, collection).types)
        self._sample_later(database, collection)
        return []

    def variables(self) -> list[str]:
        return sorted(self._variables)

    def warm(self) -> None:
        """Queue every collection of the current database for sampling."""
        for collection in self.collections(self.database):
            self._sample_later(self.database, collection)

    def refresh(self) -> None:
        """Forget every cached name and sampled type, then sample again."""
        self.wait()
        self._databases = None
        self._queued.clear()
        self.session.refresh()
        if self._background:
            self.warm()

    def wait(self) -> None:
        """Block until every queued collection is sampled (tests, and `\\refresh`)."""
        self._queue.join()

    def _sample_later(self, database: str, collection: str) -> None:
        if (database, collection) in self._queued:
            return
        self._queued.add((database, collection))
        with self._lock:
            self._queue.put((database, collection))
            if self._worker is None:
                self._worker = threading.Thread(target=self._sample_queued, name="queryleaf-sampler", daemon=True)
                self._worker.start()

    def _sample_queued(self) -> None:
        while True:
            with self._lock:
                try:
                    database, collection = self._queue.get_nowait()
                except queue.Empty:
                    self._worker = None  # the next request starts a new worker
                    return
            try:
                self.session.catalog.field_types(database, collection)
            except Exception:  # noqa: BLE001 - a view or a lost server: completion just lacks its fields
                pass
            finally:
                self._queue.task_done()
