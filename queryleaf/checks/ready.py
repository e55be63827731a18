"""Ready-made checks: the check-file SQL for `queryleaf check refs|gaps|freshness`.

Each builder returns plain check-file text that runs through the same runner as a user's
file; `--show-sql` prints it, so it can be copied and adapted.
"""

from __future__ import annotations

import re

from ..errors import UsageError

READY_MADE = ("refs", "gaps", "freshness")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_ORIGIN = "TIMESTAMP '2000-01-03 00:00:00'"  # a Monday: weekly periods start on Mondays
_NAME = re.compile(r"[A-Za-z_][\w.]*")


def build(kind: str, args) -> str:
    return {"refs": _refs, "gaps": _gaps, "freshness": _freshness}[kind](args)


def _refs(args) -> str:
    if not args.ref:
        raise UsageError("check refs needs --ref CHILD.FIELD=PARENT.FIELD", hint="e.g. --ref orders.user_id=users._id")
    parts = []
    for ref in args.ref:
        child, sep, parent = ref.partition("=")
        if not sep:
            raise UsageError(f"--ref takes CHILD.FIELD=PARENT.FIELD, not {ref!r}")
        (c_coll, c_field), (p_coll, p_field) = _split(child, ref), _split(parent, ref)
        name = f"refs_{c_coll}_{c_field}".replace(".", "_")
        parts.append(
            f"-- @check {name}\n-- @description {c_coll}.{c_field} values with no {p_coll}.{p_field}\n"
            f"SELECT c.{c_field} AS missing_key, COUNT(*) AS rows FROM {c_coll} c\n"
            f"WHERE c.{c_field} IS NOT NULL\n"
            f"  AND NOT EXISTS (SELECT 1 FROM {p_coll} p WHERE p.{p_field} = c.{c_field})\n"
            f"GROUP BY c.{c_field} ORDER BY rows DESC, missing_key;\n\n"
            f"-- @check {name}_null\n-- @severity warn\n"
            f"-- @description {c_coll} documents whose {c_field} is NULL or missing (not orphans)\n"
            f"SELECT COUNT(*) AS null_keys FROM {c_coll} WHERE {c_field} IS NULL HAVING COUNT(*) > 0;\n"
        )
    return "\n".join(parts)


def _gaps(args) -> str:
    collection, field = _required(args, "collection"), _required(args, "time_field")
    every, since = _interval(args.every or "1d", "--every"), _interval(args.since or "30d", "--since")
    where = f" AND ({args.where})" if args.where else ""
    by = _name(args.by, "--by") if args.by else None
    period = f"DATE_BIN(INTERVAL '{every}', {field}, {_ORIGIN})"
    series = (f"generate_series(DATE_BIN(INTERVAL '{every}', CURRENT_TIMESTAMP - INTERVAL '{since}', {_ORIGIN}), "
              f"DATE_BIN(INTERVAL '{every}', CURRENT_TIMESTAMP, {_ORIGIN}), INTERVAL '{every}') AS s(period)")
    group_select, group_match = (f"{by}, ", f" AND seen.{by} = expected.{by}") if by else ("", "")
    groups = (f",\ngroups AS (SELECT DISTINCT {by} FROM {collection} WHERE TRUE{where})" if by else "")
    expected_from = f"groups, {series}" if by else series
    return (
        f"-- @check gaps_{collection}\n"
        f"-- @description every {every} since {since} ago has a {collection} document{' per ' + by if by else ''}\n"
        f"WITH seen AS (SELECT DISTINCT {group_select}{period} AS period FROM {collection}\n"
        f"  WHERE {field} >= CURRENT_TIMESTAMP - INTERVAL '{since}' - INTERVAL '{every}'{where}){groups},\n"
        f"expected AS (SELECT {group_select}period FROM {expected_from})\n"
        f"SELECT expected.* FROM expected\n"
        f"WHERE NOT EXISTS (SELECT 1 FROM seen WHERE seen.period = expected.period{group_match})\n"
        f"ORDER BY {'1, 2' if by else '1'};\n"
    )


def _freshness(args) -> str:
    collection, field = _required(args, "collection"), _required(args, "time_field")
    max_age = _interval(args.max_age or "24h", "--max-age")
    where = f" WHERE {args.where}" if args.where else ""
    by = _name(args.by, "--by") if args.by else None
    select, group = (f"{by}, ", f" GROUP BY {by}") if by else ("", "")
    return (
        f"-- @check freshness_{collection}\n"
        f"-- @description the newest {collection} document{' of each ' + by if by else ''} is at most {max_age} old\n"
        f"SELECT {select}MAX({field}) AS newest, CURRENT_TIMESTAMP - MAX({field}) AS age FROM {collection}{where}{group}\n"
        f"HAVING MAX({field}) IS NULL OR MAX({field}) < CURRENT_TIMESTAMP - INTERVAL '{max_age}'\n"
        f"ORDER BY {'1' if by else '2'};\n"
    )


def _interval(text: str, option: str) -> str:
    match = re.fullmatch(r"(\d+)\s*([mhdw])", text.strip())
    if not match:
        raise UsageError(f"{option} takes a number and a unit: m, h, d or w (e.g. 1d, 6h), not {text!r}")
    return f"{match.group(1)} {_UNITS[match.group(2)]}"


def _required(args, name: str) -> str:
    value = getattr(args, name)
    if not value:
        raise UsageError(f"this check needs --{name.replace('_', '-')}")
    return _name(value, "--" + name.replace("_", "-"))


def _name(value: str, option: str) -> str:
    if not _NAME.fullmatch(value):
        raise UsageError(f"{option} takes a collection or field name, not {value!r}")
    return value


def _split(text: str, ref: str) -> tuple[str, str]:
    collection, dot, field = text.partition(".")
    if not dot or not _NAME.fullmatch(collection) or not _NAME.fullmatch(field):
        raise UsageError(f"--ref takes CHILD.FIELD=PARENT.FIELD, not {ref!r}")
    return collection, field
