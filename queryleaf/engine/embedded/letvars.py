"""`let` variables inside $and / $or / $nor of a $match in a $lookup pipeline.

mongomock-ng evaluates the branches of the logical query operators without the pipeline's
variables, so `{$and: [{$expr: {$lt: ["$$o0", "$_id"]}}, ...]}` lost `$$o0` (the server
keeps them); this passes them down.
"""

from __future__ import annotations

from mongomock_ng import filtering

from .dispatch import require

_LOGICAL = {"$and": all, "$or": any, "$nor": lambda results: not any(results)}


def install() -> None:
    require(filtering, "_Filterer")
    filterer = filtering._Filterer
    if getattr(filterer.apply, "_queryleaf_letvars", False):
        return
    original = filterer.apply

    def apply(self, search_filter, document, user_vars=None):
        if not user_vars or not isinstance(search_filter, dict) or not _LOGICAL.keys() & search_filter.keys():
            return original(self, search_filter, document, user_vars=user_vars)
        for key, search in search_filter.items():
            if key in _LOGICAL:
                results = (apply(self, part, document, user_vars) for part in search)
                if not _LOGICAL[key](results):
                    return False
            elif not apply(self, {key: search}, document, user_vars):
                return False
        return True

    apply._queryleaf_letvars = True
    filterer.apply = apply
