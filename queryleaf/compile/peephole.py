"""Last touches on a finished pipeline, applied to nested pipelines too.

Adjacent $match stages become one, so each document is tested once (the server coalesces
them as well; the embedded engine and anyone reading the pipeline benefit).
"""

from __future__ import annotations

_NESTED = ("$lookup", "$unionWith")


def tidy(pipeline: list) -> list:
    stages: list = []
    for stage in pipeline:
        stage = _tidy_nested(stage)
        if "$match" in stage and stages and "$match" in stages[-1] and len(stages[-1]) == 1 == len(stage):
            stages[-1] = {"$match": _both(stages[-1]["$match"], stage["$match"])}
        else:
            stages.append(stage)
    return stages


def _tidy_nested(stage: dict) -> dict:
    for name in _NESTED:
        body = stage.get(name)
        if isinstance(body, dict) and isinstance(body.get("pipeline"), list):
            return {name: {**body, "pipeline": tidy(body["pipeline"])}}
    if isinstance(stage.get("$facet"), dict):
        return {"$facet": {k: tidy(v) for k, v in stage["$facet"].items()}}
    return stage


def _both(first: dict, second: dict) -> dict:
    if not first or not second:
        return first or second
    if set(first).isdisjoint(second) and not any(k.startswith("$") for k in [*first, *second]):
        return {**first, **second}
    return {"$and": [first, second]}
