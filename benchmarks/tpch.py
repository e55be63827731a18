"""TPC-H on the embedded engine: queryleaf's generated pipelines against hand-written ones.

For each of the 22 queries, the median wall time of running queryleaf's command(s) (the
translation is done once, outside the timing) next to the median time of the reference
pipeline in benchmarks/tpch_reference, both on the same data in one run. Prints the ratio
per query and the geometric mean. Target (issue 3): geometric mean <= 1.2, no query above 3.

    python -m benchmarks.tpch [--sf 0.01] [--repeat 3] [query numbers...]
"""

from __future__ import annotations

import argparse
import copy
import math
import statistics
import sys
import time

import queryleaf
from benchmarks.tpch_reference import QUERIES, REFERENCE
from queryleaf.engine.backends import run_aggregate
from queryleaf.translation import fill_results
from tests.tpch import data, queries


def _median_ms(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _run_translation(client, translation) -> None:
    results: list[list] = []
    for command in translation.commands:
        pipeline = fill_results(command.pipeline, results)
        results.append(list(run_aggregate(client, command.database, command.collection, pipeline)))


def _run_reference(client, number: int) -> None:
    collection, pipeline = REFERENCE[number]
    list(run_aggregate(client, data.DATABASE, collection, copy.deepcopy(pipeline)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sf", type=float, default=0.01, help="TPC-H scale factor (default 0.01)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query; the median counts")
    parser.add_argument("numbers", nargs="*", type=int, help="queries to run (default: all 22)")
    args = parser.parse_args(argv)
    client = data.embedded_client(args.sf)
    session = queryleaf.connect(client=client, database=data.DATABASE)
    print(f"TPC-H sf={args.sf}, embedded engine, median of {args.repeat} runs")
    print(f"{'query':<6} {'queryleaf ms':>13} {'hand-written ms':>16} {'ratio':>7}")
    ratios = []
    for number in args.numbers or QUERIES:
        translation = session.translate(queries.queries()[number])
        generated = _median_ms(lambda: _run_translation(client, translation), args.repeat)
        reference = _median_ms(lambda: _run_reference(client, number), args.repeat)
        ratio = generated / reference if reference else float("inf")
        ratios.append(ratio)
        print(f"q{number:<5} {generated:13.1f} {reference:16.1f} {ratio:7.2f}", flush=True)
    geometric = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    worst = max(ratios)
    print(f"\ngeometric mean ratio {geometric:.2f} (target <= 1.2), worst {worst:.2f} (target <= 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
