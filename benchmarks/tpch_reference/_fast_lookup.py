"""An indexed $lookup for the embedded engine, for `check --fast-lookup` only.

The shim's $lookup scans (and copies) the whole foreign collection for every input document,
which makes scale factor 0.01 take hours. This equivalent for localField/foreignField
lookups indexes the foreign side once per stage run (keys compared as the shim's $group
compares them, so 1 == 1.0) and then behaves exactly as the shim's stage: same candidate
order (collection order), same let/pipeline evaluation. Lookups without localField go to the
shim's own stage. Nothing here is used by the benchmark itself; it is installed only when
asked for, and only if the engine's $lookup is still the shim's scanning one.
"""

from __future__ import annotations

import copy


def install() -> bool:
    """Replace the shim's $lookup in this process; False if the engine's is not the scanning one."""
    from mongomock_ng import aggregate

    from queryleaf.engine import embedded
    from queryleaf.engine.embedded import stages

    embedded.install()
    if aggregate._PIPELINE_HANDLERS.get("$lookup") is not stages.lookup_stage:
        return False
    aggregate._PIPELINE_HANDLERS["$lookup"] = _indexed_lookup_stage
    return True


def _indexed_lookup_stage(in_collection, db, options, user_vars):
    from mongomock_ng import aggregate, helpers

    from queryleaf.engine.embedded import stages
    from queryleaf.engine.embedded.values import hashable

    local, foreign = options.get("localField"), options.get("foreignField")
    if local is None or foreign is None or "from" not in options or "as" not in options:
        return stages.lookup_stage(in_collection, db, options, user_vars)
    collection = list(db.get_collection(options["from"]).find())
    index: dict = {}
    for position, document in enumerate(collection):
        value = helpers.get_value_by_dot(document, foreign, can_generate_array=True)
        keys = {hashable(v) for v in value} if isinstance(value, list) else {hashable(value)}
        for key in keys:
            index.setdefault(key, []).append(position)
    pipeline = options.get("pipeline", [])
    out = []
    for document in in_collection:
        positions = sorted({p for v in stages._local_values(document, local) for p in index.get(hashable(v), ())})
        candidates = [copy.deepcopy(collection[p]) for p in positions]
        if pipeline:
            variables = dict(user_vars or {})
            for name, expression in options.get("let", {}).items():
                variables[name] = aggregate._parse_expression(expression, document, user_vars=user_vars)
            candidates = stages._run(candidates, db, pipeline, variables)
        out.append(stages._with_field(document, options["as"], candidates))
    return out
