"""BEGIN / COMMIT / ROLLBACK as MongoDB multi-document transactions (replica sets and
sharded clusters; a standalone server and the embedded engine have none)."""

from __future__ import annotations

from sqlglot import exp

from ..errors import UnsupportedSqlError
from .backends import is_embedded_client
from .result import Result

TRANSACTION_CONTROL = (exp.Transaction, exp.Commit, exp.Rollback)


def transaction_control(session, tree: exp.Expression) -> Result:
    """Open, commit or abort the session's transaction; the result carries psql's tag."""
    if isinstance(tree, exp.Transaction):
        if is_embedded_client(session.client):
            raise UnsupportedSqlError("BEGIN: the embedded engine has no transactions",
                                      hint="Transactions need a MongoDB replica set or sharded cluster.")
        if session.transaction is None:
            session.transaction = session.client.start_session()
            session.transaction.start_transaction()
        return _tag("BEGIN")
    if session.transaction is None:  # PostgreSQL only warns: there is no transaction in progress
        return _tag("ROLLBACK" if isinstance(tree, exp.Rollback) else "COMMIT")
    transaction, session.transaction = session.transaction, None
    try:
        if isinstance(tree, exp.Rollback):
            transaction.abort_transaction()
        else:
            transaction.commit_transaction()
    finally:
        transaction.end_session()
    return _tag("ROLLBACK" if isinstance(tree, exp.Rollback) else "COMMIT")


def _tag(text: str) -> Result:
    result = Result([], [], rowcount=0)
    result.status = text
    return result
