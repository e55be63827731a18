"""Shell completion on a large catalog: 500 collections, documents with 200 fields.

Prints the median time to produce candidates in each context, with the catalog warm (the
shell samples collections in the background; completion itself must stay interactive).

    python -m benchmarks.complete [--collections 500] [--fields 200] [--repeat 50]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import queryleaf
from queryleaf.engine.embedded import new_client
from queryleaf.shell.complete import complete
from queryleaf.shell.schema import SessionSchema


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--collections", type=int, default=500)
    parser.add_argument("--fields", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args(argv)
    client = new_client()
    document = {f"field_{i:03d}": i for i in range(args.fields)} | {"nested": {"a": 1, "b": {"c": 2}}}
    for index in range(args.collections):
        client.big[f"coll_{index:03d}"].insert_one(dict(document))
    schema = SessionSchema(queryleaf.connect(client=client, database="big"), {"since": 1})
    started = time.perf_counter()
    schema.warm()  # the background sampling the shell starts with
    schema.wait()
    print(f"background sampling of {args.collections} collections: {time.perf_counter() - started:.2f} s")
    text = "SELECT field_1 FROM coll_250 c JOIN coll_499 d ON c.field_001 = d.field_001"
    contexts = {
        "keyword": ("SEL", None),
        "collection after FROM": ("SELECT * FROM coll_1", None),
        "field in select list": ("SELECT field_1", text),
        "qualified field": ("SELECT c.field_19", text),
        "nested path": ("SELECT c.nested.b.", text),
        "database after \\c": ("\\c bi", None),
        "variable": ("SELECT :si", None),
    }
    print(f"completion, {args.collections} collections x {args.fields} fields, median of {args.repeat}")
    for name, (before, buffer) in contexts.items():
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            found = complete(schema, before, buffer)
            times.append((time.perf_counter() - started) * 1000)
        print(f"{name:<24} {statistics.median(times):7.3f} ms  ({len(found.candidates)} candidates)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
