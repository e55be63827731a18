"""Reading collections and copying documents in linear time.

mongomock-ng's cursor re-slices its whole result list for every document it yields (so
`list(collection.find())` is quadratic in the collection size), `Collection.aggregate` reads
its input through that cursor, and `$unwind` deep-copies each output document with
`copy.deepcopy`. Here:

- `Cursor.__next__` slices once per query (skip/limit) instead of once per document.
- `Collection.aggregate` reads the stored documents directly (copied, tz-aware when the
  client's codec options say so, as `find()` returns them).
- `$unwind` copies documents with `copy_document` (new dicts and lists, shared immutable
  values), and sets `includeArrayIndex` to null for a preserved null, missing or empty array,
  as the server does.
"""

from __future__ import annotations

from mongomock_ng import aggregate, collection, helpers

from .dispatch import require
from .values import is_nullish

_CONTAINERS = (dict, list)


def copy_document(value):
    """A copy of a document (or list of them): new dicts and lists, shared immutable leaves."""
    if isinstance(value, dict):
        return {k: copy_document(v) if isinstance(v, _CONTAINERS) else v for k, v in value.items()}
    if isinstance(value, list):
        return [copy_document(v) if isinstance(v, _CONTAINERS) else v for v in value]
    return value


def read_documents(coll, copy: bool = True) -> list:
    """Every document of a collection, as `list(coll.find())` returns them.

    With copy=False the stored documents themselves may be returned: for callers that never
    modify them nor let them out of their hands without `copy_document`.
    """
    documents = coll._store.documents
    if not copy and not coll.codec_options.tz_aware and coll.codec_options.document_class is dict:
        return list(documents)
    if coll.codec_options.tz_aware:
        out = [helpers.make_datetime_timezone_aware_in_document(d) for d in documents]
    else:
        out = [copy_document(d) for d in documents]
    document_class = coll.codec_options.document_class
    if document_class is not dict:
        out = [collection._cast_document_class(d, document_class) for d in out]
    return out


def collection_aggregate(self, pipeline, session=None, **unused_kwargs):
    """pymongo's `Collection.aggregate` on the embedded engine."""
    for name in unused_kwargs:
        helpers.warn_noop(name, "aggregate")
    return aggregate.process_pipeline(read_documents(self), self.database, pipeline, session)


def _wrap_cursor_next(compute_results):
    def __next__(self):
        """The next document; the skip/limit window is cut once per computed result list."""
        results = compute_results(self)
        source = getattr(self, "_queryleaf_window_source", None)
        if source is None or source[0] is not results or source[1:] != (self._skip, self._limit):
            self._queryleaf_window = compute_results(self, with_limit_and_skip=True)
            self._queryleaf_window_source = (results, self._skip, self._limit)
        try:
            doc = self._queryleaf_window[self._emitted]
        except IndexError as err:
            raise StopIteration from err
        self._emitted += 1
        return collection._cast_document_class(doc, self.collection.codec_options.document_class)

    __next__._queryleaf_shim = True
    return __next__


def unwind_stage(in_collection, unused_db, options, unused_user_vars):
    """One output document per element of the array at `path` (a non-array is one element)."""
    if not isinstance(options, dict):
        options = {"path": options}
    path = options["path"]
    if not isinstance(path, str) or not path.startswith("$"):
        raise ValueError(
            f"$unwind failed: exception: field path references must be prefixed with a '$' '{path}'"
        )
    path = path[1:]
    preserve = options.get("preserveNullAndEmptyArrays")
    index_field = options.get("includeArrayIndex")
    out = []
    for doc in in_collection:
        value = helpers.get_value_by_dot(doc, path)
        if is_nullish(value) or value == []:
            if preserve:
                new_doc = copy_document(doc)
                if value == []:
                    helpers.delete_value_by_dot(new_doc, path)
                if index_field:
                    helpers.set_value_by_dot(new_doc, index_field, None)
                out.append(new_doc)
            continue
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        template = helpers.set_value_by_dot(copy_document(doc), path, None)  # not the array per element
        for index, item in items:
            new_doc = helpers.set_value_by_dot(copy_document(template), path, item)
            if index_field:
                new_doc = helpers.set_value_by_dot(new_doc, index_field, index)
            out.append(new_doc)
    return out


def install() -> None:
    require(collection, "Collection", "Cursor", "_cast_document_class")
    require(collection.Collection, "aggregate", "_store")
    require(collection.Cursor, "__next__", "_compute_results")
    require(helpers, "get_value_by_dot", "set_value_by_dot", "delete_value_by_dot")
    require(helpers, "make_datetime_timezone_aware_in_document", "warn_noop")
    require(aggregate, "_PIPELINE_HANDLERS", "process_pipeline")
    if "$unwind" not in aggregate._PIPELINE_HANDLERS:
        raise RuntimeError(
            "mongomock-ng changed its pipeline stages; update queryleaf/engine/embedded/reads.py"
        )
    aggregate._PIPELINE_HANDLERS["$unwind"] = unwind_stage
    collection.Collection.aggregate = collection_aggregate
    cursor = collection.Cursor
    if not getattr(cursor.__next__, "_queryleaf_shim", False):
        cursor.__next__ = cursor.next = _wrap_cursor_next(cursor._compute_results)
