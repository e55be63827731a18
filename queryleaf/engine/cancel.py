"""Ctrl-C while a statement runs: stop it on the server too, not just in this process.

Interrupting pymongo only abandons the socket; the aggregation keeps running on the server.
Every command the shell sends carries a unique `comment`, so the operations it started can be
found in `$currentOp` (the originating aggregate, and getMores, which inherit its comment) and
killed with `killOp`, which any user may run on their own operations. The embedded engine runs
inside this process: the interrupt itself stops it.
"""

from __future__ import annotations

import contextlib
import uuid

import pymongo.errors

from .backends import is_embedded_client


class Cancelled(KeyboardInterrupt):
    """The user pressed Ctrl-C while a statement ran; `killed` server operations were stopped.
    Still an interrupt: whoever stops on Ctrl-C stops on this."""

    def __init__(self, killed: int) -> None:
        super().__init__(f"cancelled ({killed} server operation{'s' if killed != 1 else ''} killed)")
        self.killed = killed


def new_tag() -> str:
    return f"queryleaf-{uuid.uuid4().hex}"


class Running:
    """The statement a `cancellable` block runs: set `result` once it is open, so that Ctrl-C
    can close its cursor."""

    result = None


@contextlib.contextmanager
def cancellable(session):
    """Run the block with the session's commands tagged; Ctrl-C closes the running result's
    cursor, kills the tagged operations and raises Cancelled."""
    running = Running()
    tag = new_tag()
    session.comment = tag
    try:
        yield running
    except Cancelled:
        raise
    except KeyboardInterrupt:
        if running.result is not None:
            with contextlib.suppress(Exception):
                running.result.close()
        raise Cancelled(kill_operations(session.client, tag)) from None
    finally:
        session.comment = None


def kill_operations(client, tag: str) -> int:
    """Kill the running operations tagged `tag`; returns how many were killed. (A cursor that
    sits idle between batches is closed by the caller, which kills it on the server.)"""
    if is_embedded_client(client):
        return 0
    selector = {"$or": [{"command.comment": tag}, {"cursor.originatingCommand.comment": tag}]}
    try:
        operations = list(client.admin.aggregate([
            {"$currentOp": {"allUsers": False}},
            {"$match": selector},
            {"$project": {"opid": 1}},
        ]))
        for operation in operations:
            client.admin.command("killOp", op=operation["opid"])
    except pymongo.errors.PyMongoError:
        return 0  # the server went away or refuses: nothing more the shell can do
    return len(operations)
