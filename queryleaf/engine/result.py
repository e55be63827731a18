"""Query results: column names plus rows streamed from a server cursor."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator

from ..compile.intervals import Interval
from ..translation import OutputColumn, Translation

_STAR_PEEK = 1000  # SELECT *: documents read ahead to find fields the sample did not show


def as_utc(value):
    """BSON dates are UTC instants; clients that decode them naive get them made aware."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dict):
        return {k: as_utc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_utc(v) for v in value]
    return value


def interval_text(value):
    """A computed interval ({months, days, ms}) in PostgreSQL's output form."""
    if not isinstance(value, dict):
        return value
    micros = int(value.get("ms") or 0) * 1000
    return str(Interval(int(value.get("months") or 0), int(value.get("days") or 0), micros))


class Result:
    """Rows of one statement. Iterating yields tuples of BSON values as Python values.

    `rowcount` is the number of affected documents for writes; for queries it is the
    number of rows read so far, and final once the result is exhausted.
    """

    def __init__(
        self,
        columns: Iterable[OutputColumn],
        documents: Iterable[dict] = (),
        *,
        translation: Translation | None = None,
        rowcount: int = -1,
        all_fields: bool = False,
        on_close=None,
    ) -> None:
        self._columns = list(columns)
        self._documents = iter(documents)
        self._buffer: deque[dict] = deque()
        self.translation = translation
        self.rowcount = rowcount
        self._counting = rowcount < 0  # a query counts the rows it reads; a write knows its count
        self.status: str | None = None  # a write's command tag, as psql prints it: `UPDATE 2`
        self._on_close = on_close
        if all_fields:
            self._add_fields_found_in_first_documents()

    @property
    def columns(self) -> list[str]:
        return [c.name for c in self._columns]

    @property
    def column_types(self) -> list[str]:
        return [c.type for c in self._columns]

    def __iter__(self) -> Iterator[tuple]:
        fields = [c.field for c in self._columns]
        intervals = [c.type == "interval" for c in self._columns]
        if self._counting:
            self.rowcount = max(self.rowcount, 0)
        for document in self._drain():
            self.rowcount += self._counting
            values = (as_utc(document.get(f)) for f in fields)
            yield tuple(interval_text(v) if i else v for v, i in zip(values, intervals))
        self.close()

    def fetchall(self) -> list[tuple]:
        return list(self)

    def fetchone(self) -> tuple | None:
        return next(iter(self), None)

    def close(self) -> None:
        if self._on_close is not None:
            self._on_close()
            self._on_close = None

    def _drain(self) -> Iterator[dict]:
        while self._buffer:
            yield self._buffer.popleft()
        yield from self._documents

    def _add_fields_found_in_first_documents(self) -> None:
        known = {c.field for c in self._columns}
        for document in self._documents:
            self._buffer.append(document)
            for key in document:
                if key not in known:
                    known.add(key)
                    self._columns.append(OutputColumn(key, key))
            if len(self._buffer) >= _STAR_PEEK:
                break

    def __repr__(self) -> str:
        return f"<Result columns={self.columns!r} rowcount={self.rowcount}>"
