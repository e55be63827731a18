"""Seeded test data for the differential test: one collection `t`.

Every field keeps one SQL type. Each field is sometimes NULL and sometimes missing (both are
SQL NULL). The nested document `n` (`{x: int, y: text}`) may itself be NULL or missing, and so
may its members. Floats are multiples of 1/8 so that sums are exact in every engine.
"""

from __future__ import annotations

import datetime as dt
import random

SEED = 20240517
N_DOCS = 200
COLLECTION = "t"

# Flattened SQL columns (name, SQL type). `n_x` / `n_y` are the nested `n.x` / `n.y`.
COLUMNS: list[tuple[str, str]] = [
    ("_id", "INTEGER"),
    ("i", "INTEGER"),
    ("j", "INTEGER"),
    ("f", "DOUBLE PRECISION"),
    ("s", "TEXT"),
    ("b", "BOOLEAN"),
    ("d", "TIMESTAMP"),
    ("n_x", "INTEGER"),
    ("n_y", "TEXT"),
]

STRINGS = [
    "ab",
    "abc",
    "Abc",
    "ABC",
    "abd",
    "abcabc",
    "a_b",
    "a%b",
    "b_a",
    "ab cd",
    " ab",
    "ab ",
    "x",
    "",
    "hello world",
    "Hello",
    "HELLO",
    "zz_top",
    "100%",
    "a_b_c",
    "café",
    "CAFÉ",
    "b",
    "ba",
    "mixed_Case",
    "abc%",
    "_x",
    "x_",
    "lower",
    "Upper",
]
FLOATS = [2.5, -0.5, 0.5, 1.5, -1.5, 0.0, 3.75, -2.5, 10.0, 1.25, 0.125, -7.0, 4.0, 99.875]
NESTED_Y = ["p", "q", "pq", "Q", "", "p_q"]
DATE_BASE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

P_NULL = 0.08
P_MISSING = 0.08


def _maybe(rng: random.Random, value):
    """The value, or None (NULL), or the _MISSING marker."""
    r = rng.random()
    if r < P_NULL:
        return None
    if r < P_NULL + P_MISSING:
        return _MISSING
    return value


class _Missing:
    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "MISSING"


_MISSING = _Missing()


def _float(rng: random.Random) -> float:
    if rng.random() < 0.6:
        return rng.choice(FLOATS)
    return rng.randint(-80, 80) / 8.0


def generate_documents(seed: int = SEED, n: int = N_DOCS) -> list[dict]:
    """`n` documents with `_id` 1..n, deterministic for a given seed."""
    rng = random.Random(seed)
    documents = []
    for key in range(1, n + 1):
        nested_x = _maybe(rng, rng.randint(-3, 5))
        nested_y = _maybe(rng, rng.choice(NESTED_Y))
        nested = {k: v for k, v in (("x", nested_x), ("y", nested_y)) if v is not _MISSING}
        seconds = rng.randint(0, 366 * 24 * 3600 - 1)
        fields = {
            "i": _maybe(rng, rng.randint(-5, 10)),
            "j": _maybe(rng, rng.randint(-3, 3)),
            "f": _maybe(rng, _float(rng)),
            "s": _maybe(rng, rng.choice(STRINGS)),
            "b": _maybe(rng, rng.random() < 0.5),
            "d": _maybe(rng, DATE_BASE + dt.timedelta(seconds=seconds)),
            "n": _maybe(rng, nested),
        }
        document = {"_id": key}
        document.update({k: v for k, v in fields.items() if v is not _MISSING})
        documents.append(document)
    return documents


def to_rows(documents: list[dict]) -> list[tuple]:
    """The documents as flat SQL rows in COLUMNS order (missing -> None, dates naive UTC)."""
    rows = []
    for doc in documents:
        nested = doc.get("n") or {}
        date = doc.get("d")
        if date is not None:
            date = date.astimezone(dt.UTC).replace(tzinfo=None)
        rows.append(
            (
                doc["_id"],
                doc.get("i"),
                doc.get("j"),
                doc.get("f"),
                doc.get("s"),
                doc.get("b"),
                date,
                nested.get("x"),
                nested.get("y"),
            )
        )
    return rows
