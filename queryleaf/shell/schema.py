"""The names the shell completes, from a session: databases, collections (cached by the
session's catalog), sampled field paths, and the shell's variables."""

from __future__ import annotations


class SessionSchema:
    def __init__(self, session, variables: dict | None = None) -> None:
        self.session = session
        self._variables = variables if variables is not None else {}
        self._databases: list[str] | None = None

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
        return sorted(self.session.catalog.field_types(database, collection).types)

    def variables(self) -> list[str]:
        return sorted(self._variables)

    def refresh(self) -> None:
        self._databases = None
        self.session.refresh()
