"""`queryleaf catalog init|scan|verify URI/db`: the backup inventory in MongoDB.

The catalog lives in its own database (`ops` unless the URI or --db names another), never in
a database being inspected. Exit codes: 0 fine, 1 a backup is damaged, missing or changed
(or the server failed), 2 usage.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

import queryleaf

from ..catalog.dumps import find_backups, scan_backup
from ..catalog.store import init_catalog, register
from ..engine.backends import database_from_uri
from ..errors import UsageError
from .formats import write_result

CATALOG_DATABASE = "ops"
OK, PROBLEMS = 0, 1


def add_catalog_command(commands, add_common) -> None:
    parser = commands.add_parser(
        "catalog", help="keep the backup inventory in MongoDB: catalog init | scan DIR | verify",
        description="The backup catalog (mongodb_backups, backup_collections, backup_log, recovery_tests) in its "
        "own database: URI/db, default database 'ops'.")
    parser.add_argument("action", choices=["init", "scan", "verify"], help="init: create the tables; scan DIR: "
                        "register every mongodump folder or archive under DIR; verify: re-check registered backups")
    parser.add_argument("arguments", nargs="+", metavar="[DIR] URI",
                        help="scan takes DIR then the catalog's URI; init and verify the URI")
    add_common(parser)
    parser.set_defaults(handler=run_catalog)


def run_catalog(args, out: TextIO) -> int:
    directory, uri = _arguments(args)
    database = args.db or database_from_uri(uri) or CATALOG_DATABASE
    session = queryleaf.connect(uri, database=database, now=args.now)
    try:
        created = init_catalog(session)
        if args.action == "init":
            out.write(f"catalog in database \"{database}\": "
                      f"{'created ' + ', '.join(created) if created else 'all tables already there'}\n")
            return OK
        if args.action == "scan":
            return _scan(session, Path(directory), args, out)
        return _verify(session, args, out)
    finally:
        session.close()


def _arguments(args) -> tuple[str | None, str]:
    expected = 2 if args.action == "scan" else 1
    if len(args.arguments) != expected:
        usage = "catalog scan DIR URI" if args.action == "scan" else f"catalog {args.action} URI"
        raise UsageError(f"usage: queryleaf {usage}")
    return (args.arguments[0] if expected == 2 else None), args.arguments[-1]


def _scan(session, root: Path, args, out: TextIO) -> int:
    if not root.exists():
        raise UsageError(f"no such file or directory: {root}")
    paths = find_backups(root)
    rows = []
    for number, path in enumerate(paths, 1):
        _progress(f"scanning {number}/{len(paths)} {path}")
        backup = scan_backup(path)
        identifier = register(session, backup, args.now or dt.datetime.now(dt.UTC))
        problems = "; ".join(f"{p['file']}: {p['error']}" for p in backup.problems)
        rows.append((identifier, str(path), ",".join(backup.databases), len(backup.collections),
                     sum(c.documents or 0 for c in backup.collections), "CORRUPT" if problems else "COMPLETED",
                     problems or None))
    _progress("")
    write_result(["backup_id", "path", "databases", "collections", "documents", "status", "problems"], rows,
                 "table", out)
    return PROBLEMS if any(r[5] != "COMPLETED" for r in rows) else OK


def _verify(session, args, out: TextIO) -> int:
    registered = session.execute("SELECT backup_id, file_path, checksum FROM mongodb_backups "
                                 "WHERE file_path IS NOT NULL AND checksum IS NOT NULL ORDER BY backup_id").fetchall()
    now = args.now or dt.datetime.now(dt.UTC)
    rows = []
    for number, (identifier, path, checksum) in enumerate(registered, 1):
        _progress(f"verifying {number}/{len(registered)} {path}")
        found = Path(path)
        if not found.exists():
            state, detail = "MISSING", "the files are gone"
        else:
            backup = scan_backup(found)
            changed = backup.checksum != checksum
            state = "CHANGED" if changed else "CORRUPT" if backup.problems else "OK"
            detail = "content differs from the scan" if changed else "; ".join(p["error"] for p in backup.problems)
        session.execute("UPDATE mongodb_backups SET verified_at = %(now)s, status = %(status)s "
                        "WHERE backup_id = %(id)s",
                        {"now": now, "status": "COMPLETED" if state == "OK" else state, "id": identifier})
        rows.append((identifier, path, state, detail or None))
    _progress("")
    write_result(["backup_id", "path", "state", "detail"], rows, "table", out)
    return PROBLEMS if any(r[2] != "OK" for r in rows) else OK


def _progress(text: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K" + text[:120])
        sys.stderr.flush()
