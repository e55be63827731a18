"""Seeded test data for the differential test: collections `t`, `u` and `v`.

Every field keeps one SQL type. Each field is sometimes NULL and sometimes missing (both are
SQL NULL). The nested document `n` (`{x: int, y: text}`) may itself be NULL or missing, and so
may its members. Floats are multiples of 1/8 so that sums are exact in every engine.

`t` (200 documents) is what the single-collection queries read. The relational queries
(relational.py) join it with:

- `u` (160 documents): `tid` refers to `t._id`, mostly to the first 80 keys (so many `t` rows
  have several `u` rows and many have none); some `tid` dangle (201..230), some are NULL,
  some missing. `k` and the nested `m.k` share their range with `t.i`, `t.j`, `t.n.x` and
  `v.code`; `i` and `s` have the same names (and types) as in `t` (for USING and for
  qualification); `e` is a timestamp in the range of `t.d` (non-equi joins).
- `v` (24 documents): a small dimension keyed by `code`, which repeats, is NULL once and
  missing once.
"""

from __future__ import annotations

import datetime as dt
import random

SEED = 20240517
N_DOCS = 200
COLLECTION = "t"
U_SEED, U_DOCS = 20240518, 160
V_SEED, V_DOCS = 20240519, 24

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


# ---- the relational collections `u` and `v` ----

U_COLUMNS: list[tuple[str, str]] = [
    ("_id", "INTEGER"),
    ("tid", "INTEGER"),
    ("i", "INTEGER"),
    ("k", "INTEGER"),
    ("g", "TEXT"),
    ("amt", "DOUBLE PRECISION"),
    ("e", "TIMESTAMP"),
    ("s", "TEXT"),
    ("m_k", "INTEGER"),
    ("m_tag", "TEXT"),
]
V_COLUMNS: list[tuple[str, str]] = [
    ("_id", "INTEGER"),
    ("code", "INTEGER"),
    ("name", "TEXT"),
    ("w", "INTEGER"),
    ("flag", "BOOLEAN"),
]
GROUPS = ["red", "green", "blue", "Red", ""]
TAGS = ["p", "q", "pq", "Q", ""]
NAMES = ["alpha", "beta", "gamma", "delta", "Beta", "", "eps"]

# table -> (columns, nested documents {name: members})
TABLES: dict[str, tuple[list[tuple[str, str]], dict[str, tuple[str, ...]]]] = {
    "t": (COLUMNS, {"n": ("x", "y")}),
    "u": (U_COLUMNS, {"m": ("k", "tag")}),
    "v": (V_COLUMNS, {}),
}


def _date(rng: random.Random) -> dt.datetime:
    return DATE_BASE + dt.timedelta(seconds=rng.randint(0, 366 * 24 * 3600 - 1))


def _u_key(rng: random.Random):
    r = rng.random()
    if r < 0.08:
        return None
    if r < 0.16:
        return _MISSING
    if r < 0.26:
        return rng.randint(201, 230)  # dangling
    return rng.randint(1, 80)


def generate_u(seed: int = U_SEED, n: int = U_DOCS) -> list[dict]:
    """`n` documents of `u` with `_id` 1..n (see the module docstring)."""
    rng = random.Random(seed)
    documents = []
    for key in range(1, n + 1):
        nested_k = _maybe(rng, rng.randint(-3, 5))
        nested_tag = _maybe(rng, rng.choice(TAGS))
        nested = {k: v for k, v in (("k", nested_k), ("tag", nested_tag)) if v is not _MISSING}
        fields = {
            "tid": _u_key(rng),
            "i": _maybe(rng, rng.randint(-5, 10)),
            "k": _maybe(rng, rng.randint(-3, 6)),
            "g": _maybe(rng, rng.choice(GROUPS)),
            "amt": _maybe(rng, _float(rng)),
            "e": _maybe(rng, _date(rng)),
            "s": _maybe(rng, rng.choice(STRINGS[:12])),
            "m": _maybe(rng, nested),
        }
        document = {"_id": key}
        document.update({k: v for k, v in fields.items() if v is not _MISSING})
        documents.append(document)
    return documents


def generate_v(seed: int = V_SEED, n: int = V_DOCS) -> list[dict]:
    """`n` documents of `v`: `code` repeats, is NULL once and missing once."""
    rng = random.Random(seed)
    documents = []
    for key in range(1, n + 1):
        code = None if key == 5 else _MISSING if key == 11 else rng.randint(-3, 6)
        fields = {
            "code": code,
            "name": _maybe(rng, rng.choice(NAMES)),
            "w": _maybe(rng, rng.randint(0, 9)),
            "flag": _maybe(rng, rng.random() < 0.5),
        }
        document = {"_id": key}
        document.update({k: v for k, v in fields.items() if v is not _MISSING})
        documents.append(document)
    return documents


def generate_tables() -> dict[str, list[dict]]:
    """Every collection's documents, by collection name."""
    return {"t": generate_documents(), "u": generate_u(), "v": generate_v()}


def table_rows(table: str, documents: list[dict]) -> list[tuple]:
    """The documents of `table` as flat SQL rows in its columns' order (nested `m.k` -> `m_k`,
    missing -> None, dates naive UTC)."""
    columns, nested = TABLES[table]
    flattened = {f"{p}_{m}": (p, m) for p, members in nested.items() for m in members}
    rows = []
    for doc in documents:
        row = []
        for name, _type in columns:
            if name in flattened:
                parent, member = flattened[name]
                value = (doc.get(parent) or {}).get(member)
            else:
                value = doc.get(name)
            if isinstance(value, dt.datetime):
                value = value.astimezone(dt.UTC).replace(tzinfo=None)
            row.append(value)
        rows.append(tuple(row))
    return rows
