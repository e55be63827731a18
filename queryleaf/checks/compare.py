"""The check file of `compare counts`: one check per collection, the source's and the
target's answers compared with @expect same, and a failing check per collection that one
side lacks."""

from __future__ import annotations

import re

from bson import ObjectId

from ..errors import UsageError
from .parse import Check
from .run import Outcome

_PLAIN = re.compile(r"[A-Za-z_][\w]*")


def counts_file(source: list[str], target: list[str], wanted: list[str] | None, by: str | None,
                keys: bool = False, where: str | None = None, dated: set[str] = frozenset(),
                samples: dict | None = None) -> str:
    """The check file; `dated` names the collections whose `by` field holds dates: they are
    compared per day; `samples` maps a collection to the _id values of documents to compare
    field by field."""
    names = sorted(set(source) | set(target)) if wanted is None else wanted
    if by is not None and not re.fullmatch(r"[A-Za-z_][\w.]*", by):
        raise UsageError(f"--by takes a field name, not {by!r}")
    parts = []
    for name in names:
        quoted = name if _PLAIN.fullmatch(name) else '"' + name.replace('"', '""') + '"'
        slug = re.sub(r"\W", "_", name)
        missing = [side for side, names_ in (("source", source), ("target", target)) if name not in names_]
        if missing:
            parts.append(f"-- @check present_{slug}\n"
                         f"SELECT '{name}' AS collection, 'missing in the {missing[0]}' AS problem;\n")
            continue
        condition = f" WHERE {where}" if where else ""
        key = f"DATE_TRUNC('day', {by}) AS day" if name in dated else by
        query = (f"SELECT {key}, COUNT(*) AS documents FROM {quoted}{condition} GROUP BY 1 ORDER BY 1" if by
                 else f"SELECT COUNT(*) AS documents FROM {quoted}{condition}")
        per = f" per day of {by}" if name in dated else f" per {by}" if by else ""
        parts.append(f"-- @check count_{slug}\n-- @description documents{per} in {name}: "
                     f"source = target\n-- @expect same\n-- @connection source\n{query};\n"
                     f"-- @connection target\n{query};\n")
        ids = (samples or {}).get(name)
        if ids:
            chosen = f"SELECT * FROM {quoted} WHERE _id IN ({', '.join(ids)}) ORDER BY _id"
            parts.append(f"-- @check documents_{slug}\n-- @description {len(ids)} sampled documents of {name} are "
                         f"equal field by field\n-- @expect same\n-- @connection source\n{chosen};\n"
                         f"-- @connection target\n{chosen};\n")
        if keys:
            ids = f"SELECT _id FROM {quoted}{condition}"
            parts.append(f"-- @check ids_{slug}\n-- @description the same _id values in {name} on both sides\n"
                         f"-- @expect same_set\n-- @connection source\n{ids};\n-- @connection target\n{ids};\n")
    if not parts:
        raise UsageError("no collections to compare")
    return "\n".join(parts)


def dump_counts_file(live: list[str], dumped: dict[str, int], damaged: dict[str, str], dump_side: str,
                     wanted: list[str] | None) -> str:
    """The check file when one side is a backup's files: its counts, read from the BSON framing,
    are the expected values of COUNT(*) on the live side (`dumped`: collection -> documents;
    `damaged`: collection -> what is wrong with its file)."""
    live_side = "target" if dump_side == "source" else "source"
    names = sorted(set(live) | set(dumped)) if wanted is None else wanted
    parts = []
    for name in names:
        quoted = name if _PLAIN.fullmatch(name) else '"' + name.replace('"', '""') + '"'
        slug = re.sub(r"\W", "_", name)
        missing = dump_side if name not in dumped else live_side if name not in live else None
        if missing:
            parts.append(f"-- @check present_{slug}\n"
                         f"SELECT '{name}' AS collection, 'missing in the {missing}' AS problem;\n")
            continue
        if name in damaged:
            problem = damaged[name].replace("'", "''")
            parts.append(f"-- @check file_{slug}\n-- @description the backup's file of {name} is whole\n"
                         f"SELECT '{name}' AS collection, '{problem}' AS problem;\n")
        parts.append(f"-- @check count_{slug}\n-- @description documents in {name}: source = target (the "
                     f"backup's file holds {dumped[name]})\n-- @expect value = {dumped[name]}\n"
                     f"-- @connection {live_side}\nSELECT COUNT(*) AS documents FROM {quoted};\n")
    if not parts:
        raise UsageError("no collections to compare")
    return "\n".join(parts)


def index_outcome(collection: str, source, target) -> Outcome:
    """Whether both sides have the same index definitions (keys and options, not names): a
    restore without its indexes answers the same queries, slowly, or accepts duplicates. A
    side is a session, or the index definitions a backup's metadata holds."""
    have = {side: _indexes(value, collection) for side, value in (("source", source), ("target", target))}
    check = Check(f"indexes_{re.sub(r'[^A-Za-z0-9_]', '_', collection)}", "<compare counts>", 0, [],
                  description=f"the same index definitions on {collection}")
    missing = sorted(have["source"] - have["target"])
    extra = sorted(have["target"] - have["source"])
    if not missing and not extra:
        return Outcome(check, "PASS", rows=0)
    return Outcome(check, "FAIL", rows=len(missing) + len(extra),
                   message=f"only in the source: {missing or 'none'}; only in the target: {extra or 'none'}")


def _indexes(side, collection: str) -> set[str]:
    indexes = side if isinstance(side, list) else side.client[side.database][collection].list_indexes()
    kept = ("unique", "sparse", "partialFilterExpression", "expireAfterSeconds", "collation")
    return {repr(([(k, _direction(v)) for k, v in dict(i["key"]).items()], {k: i[k] for k in kept if k in i}))
            for i in indexes}


def _direction(value):
    """An index key's direction however it was stored (1, 1.0, NumberLong(1)) as one value."""
    return int(value) if isinstance(value, (int, float)) and float(value).is_integer() else value


def sampled_ids(session, collection: str, size: int) -> list[str]:
    """SQL literals of the _id of `size` random documents ($sample); ids that SQL cannot spell
    as a literal (dates, documents) are left out."""
    documents = session.client[session.database][collection].aggregate(
        [{"$sample": {"size": size}}, {"$project": {"_id": 1}}])
    literals = []
    for document in documents:
        value = document.get("_id")
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            literals.append(repr(value))
        elif isinstance(value, str | ObjectId):
            literals.append("'" + str(value).replace("'", "''") + "'")
    return sorted(literals)
