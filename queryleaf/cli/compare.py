"""`queryleaf compare counts SOURCE TARGET`: document counts per collection of two databases
(two servers allowed), as generated checks run by the check runner."""

from __future__ import annotations

import sys
from typing import TextIO

from ..catalog.dumps import scan_backup
from ..checks.compare import counts_file, dump_counts_file, index_outcome, sampled_ids
from ..checks.parse import parse_check_file
from ..errors import UsageError
from .check import USAGE, add_run_options, open_connections, run_files
from .commands import dump_database, existing_dump


def run_compare_counts(args, out: TextIO) -> int:
    dump_side = next((side for side in ("source", "target") if "://" not in getattr(args, side)), None)
    if dump_side is not None and not (args.by or args.keys or args.sample or args.where):
        return _compare_with_files(args, out, dump_side)
    args.uri, args.conn = None, [f"source={args.source}", f"target={args.target}"]
    try:
        connections = open_connections(args)
        names = {side: _collections(connections[side]) for side in ("source", "target")}
        wanted = [c.strip() for c in args.collections.split(",")] if args.collections else None
        source = connections["source"]
        dated = {n for n in names["source"] if args.by and "date" in
                 source.catalog.field_types(source.database, n).of(args.by)}
        shared = [n for n in names["source"] if n in names["target"] and (wanted is None or n in wanted)]
        samples = {n: sampled_ids(source, n, args.sample) for n in shared} if args.sample else None
        text = counts_file(names["source"], names["target"], wanted, args.by, args.keys, args.where, dated, samples)
    except UsageError as error:
        sys.stderr.write(error.render() + "\n")
        return USAGE
    judged = [index_outcome(name, connections["source"], connections["target"]) for name in shared]
    return _run_generated(text, args, out, connections, judged)


def _compare_with_files(args, out: TextIO, dump_side: str) -> int:
    """Counts of a backup read from its files (the BSON framing, streamed: nothing is loaded)
    against COUNT(*) on the live side; index definitions from the backup's metadata."""
    live_side = "target" if dump_side == "source" else "source"
    path, _, database = getattr(args, dump_side).partition("#")
    args.uri, args.conn = None, [f"{live_side}={getattr(args, live_side)}"]
    try:
        backup = scan_backup(existing_dump(path))
        database = dump_database(path, database, backup.databases)
        dumped = {c.name: c for c in backup.collections if c.database == database and c.type == "collection"}
        connections = open_connections(args)
        live = _collections(connections[live_side])
        wanted = [c.strip() for c in args.collections.split(",")] if args.collections else None
        text = dump_counts_file(live, {n: c.documents for n, c in dumped.items()},
                                {n: c.problem for n, c in dumped.items() if c.problem}, dump_side, wanted)
    except UsageError as error:
        sys.stderr.write(error.render() + "\n")
        return USAGE
    sides = {dump_side: None, live_side: connections[live_side]}
    judged = [index_outcome(name, *(sides[s] or dumped[name].indexes for s in ("source", "target")))
              for name in sorted(set(dumped) & set(live))
              if (wanted is None or name in wanted) and dumped[name].indexes]  # no metadata file: unknown
    return _run_generated(text, args, out, connections, judged)


def _run_generated(text: str, args, out: TextIO, connections: dict, judged: list) -> int:
    """--show-sql prints the generated check file; otherwise it runs."""
    if args.show_sql:
        out.write(text)
        return 0
    return run_files([parse_check_file("<compare counts>", text)], args, out, connections, judged)


def add_compare_command(commands, add_common) -> None:
    parser = commands.add_parser(
        "compare",
        help="compare two databases (an original and its restore): compare counts SOURCE TARGET",
        description="compare counts SOURCE TARGET: documents per collection (and per --by value) on both "
        "sides, and collections missing on either side. SOURCE and TARGET are URIs whose path names the "
        "database (memory:///db for the embedded engine). Exit codes as for check.",
    )
    parser.add_argument("what", choices=["counts"], help="what to compare (counts)")
    parser.add_argument("source", metavar="SOURCE", help="URI/database of the original (or a mongodump folder or "
                        "archive: PATH or PATH#database)")
    parser.add_argument("target", metavar="TARGET", help="URI/database of the copy (a restore), or a mongodump "
                        "folder or archive (PATH or PATH#database), checked without restoring it")
    parser.add_argument("--collections", metavar="A,B", help="only these collections (default: all)")
    parser.add_argument("--by", metavar="FIELD", help="compare counts per value of this field (per day for a date field)")
    parser.add_argument("--keys", action="store_true",
                        help="also compare the _id values (those missing on either side are listed, capped)")
    parser.add_argument("--sample", type=int, metavar="N",
                        help="also compare N random documents of each collection field by field")
    parser.add_argument("--where", metavar="SQL", help="compare only the documents matching this condition")
    parser.add_argument("--show-sql", action="store_true", help="print the generated check file, and exit")
    add_run_options(parser)
    add_common(parser)
    parser.set_defaults(handler=run_compare_counts)


def _collections(session) -> list[str]:
    return [n for n in session.catalog.collection_names(session.database) or [] if not n.startswith("system.")]
