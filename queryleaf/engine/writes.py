"""Running a write or DDL translation: its aggregates and write commands in order, each
placeholder filled with the documents (or `_id`s) of the command it stands for.

The count a write reports is PostgreSQL's: rows inserted, rows matched by an UPDATE (changed
or not), rows deleted. SERIAL columns take their numbers from a sequence document per
column in the `queryleaf_sequences` collection of the table's database, reserved with one
atomic `$inc` per statement.
"""

from __future__ import annotations

import pymongo
import pymongo.errors

from ..errors import ConnectionError as QLConnectionError
from ..errors import ExecutionError
from ..sql.parse import statement_kind
from ..translation import Command, Translation, WriteCommand, fill_results
from .backends import server_message
from .result import Result

SEQUENCES = "queryleaf_sequences"


def execute_write(session, translation: Translation, tree) -> Result:
    results: list[list] = []
    count = None
    try:
        for command in translation.commands:
            if isinstance(command, Command):
                results.append(list(session.run_command(command, results)))
                continue
            documents, affected = run_write(session.client, command, results, session.transaction)
            results.append(documents)
            count = affected if affected is not None else count
    except pymongo.errors.ConnectionFailure as error:
        raise QLConnectionError(f"lost the connection to the server: {error}") from error
    except pymongo.errors.PyMongoError as error:
        raise ExecutionError(write_error_message(error)) from error
    finally:
        session.catalog.invalidate()  # counts, sampled types and tables may have changed
    rows = results[translation.rows_of] if translation.rows_of is not None else []
    result = Result(translation.columns, rows, translation=translation, rowcount=count if count is not None else -1,
                    all_fields=translation.all_fields)
    result.status = status_text(tree, count)
    return result


def run_write(client, command: WriteCommand, results: list[list], transaction=None) -> tuple[list, int | None]:
    """(documents for later placeholders, rows affected) of one write command."""
    arguments = fill_results(list(command.arguments), results)
    database = client[command.database]
    collection = database[command.collection] if command.collection is not None else None
    options = {"session": transaction} if transaction is not None else {}
    if command.method == "insertMany":
        documents = [dict(d) for d in arguments[0]]
        _number(database, command, documents, options)
        if documents:
            _insert_all_or_none(collection, documents, options)
        return documents, len(documents)
    if command.method == "updateMany":
        return [], collection.update_many(*arguments, **options).matched_count
    if command.method == "deleteMany":
        return [], collection.delete_many(*arguments, **options).deleted_count
    if command.method == "createCollection":
        name, validator = arguments
        database.create_collection(name, validator=validator, **options)
    elif command.method == "drop":
        database.drop_collection(command.collection, **options)
    elif command.method == "createIndex":
        keys, index_options = arguments
        collection.create_index(list(keys.items()), **index_options, **options)
    elif command.method == "dropIndex":
        collection.drop_index(arguments[0], **options)
    elif command.method == "runCommand":
        database.command(arguments[0], **options)
    else:
        raise ExecutionError(f"unknown write method {command.method}")
    return [], None


def _insert_all_or_none(collection, documents: list[dict], options: dict) -> None:
    """insertMany stops at the first refused document; the ones stored before it are removed
    again, so that a failing INSERT leaves the table as it was (as in PostgreSQL)."""
    try:
        collection.insert_many(documents, ordered=True, **options)
    except pymongo.errors.BulkWriteError as error:
        stored = error.details.get("nInserted", 0)
        if stored and not options:  # inside a transaction, the abort undoes them
            collection.delete_many({"_id": {"$in": [d["_id"] for d in documents[:stored]]}})
        raise


def _number(database, command: WriteCommand, documents: list[dict], options: dict) -> None:
    """Give SERIAL columns the next values of their sequences, in insertion order."""
    for column in command.serial:
        missing = [d for d in documents if d.get(column) is None]
        if not missing:
            continue
        sequence = database[SEQUENCES].find_one_and_update(
            {"_id": f"{command.collection}.{column}"}, {"$inc": {"value": len(missing)}},
            upsert=True, return_document=pymongo.ReturnDocument.AFTER, **options)
        first = sequence["value"] - len(missing) + 1
        for offset, document in enumerate(missing):
            document[column] = first + offset


def write_error_message(error: Exception) -> str:
    """The server's reason, in the words PostgreSQL would use where there is one."""
    details = getattr(error, "details", None) or {}
    code = details.get("code") or getattr(error, "code", None)
    if isinstance(error, pymongo.errors.BulkWriteError):
        first = (details.get("writeErrors") or [{}])[0]
        code, details = first.get("code"), first
    message = details.get("errmsg") or server_message(error)
    if code == 11000:
        return f"duplicate key value violates unique constraint ({message})"
    if code == 121:
        return f"the row violates the table's column types or NOT NULL constraints ({message})"
    return message


def status_text(tree, count: int | None) -> str:
    """psql's command tag: `INSERT 0 3`, `UPDATE 2`, `DELETE 1`, `CREATE TABLE`."""
    kind = statement_kind(tree)
    if kind == "INSERT":
        return f"INSERT 0 {count or 0}"
    if kind in ("UPDATE", "DELETE"):
        return f"{kind} {count or 0}"
    return kind
