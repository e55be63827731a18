"""Join order with a live catalog: the plan starts where the estimated rows stay fewest,
and the rows are the same whatever the order."""

import random

from queryleaf.engine.schema import sample_field_types

SUPPLIERS_BY_REGION = """
SELECT p.p_partkey, s.s_name
FROM part p, partsupp ps, supplier s, nation n, region r
WHERE p.p_partkey = ps.ps_partkey AND s.s_suppkey = ps.ps_suppkey AND s.s_nationkey = n.n_nationkey
  AND n.n_regionkey = r.r_regionkey AND r.r_name = 'EUROPE' AND p.p_size = 15
ORDER BY p.p_partkey, s.s_name
"""


def _catalog_data():
    rng = random.Random(7)
    regions = [{"r_regionkey": k, "r_name": name} for k, name in enumerate(["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"])]
    nations = [{"n_nationkey": k, "n_regionkey": k % 5} for k in range(25)]
    suppliers = [{"s_suppkey": k, "s_name": f"S{k:03}", "s_nationkey": k % 25} for k in range(100)]
    parts = [{"p_partkey": k, "p_size": rng.randint(1, 50)} for k in range(400)]
    offers = [{"ps_partkey": p, "ps_suppkey": (p + 25 * i) % 100} for p in range(400) for i in range(4)]
    return {"region": regions, "nation": nations, "supplier": suppliers, "part": parts, "partsupp": offers}


def _expected(data):
    europe = {r["r_regionkey"] for r in data["region"] if r["r_name"] == "EUROPE"}
    nations = {n["n_nationkey"] for n in data["nation"] if n["n_regionkey"] in europe}
    names = {s["s_suppkey"]: s["s_name"] for s in data["supplier"] if s["s_nationkey"] in nations}
    sized = {p["p_partkey"] for p in data["part"] if p["p_size"] == 15}
    return sorted((o["ps_partkey"], names[o["ps_suppkey"]]) for o in data["partsupp"]
                  if o["ps_partkey"] in sized and o["ps_suppkey"] in names)


def test_selective_filter_drives_instead_of_the_smallest_table(make_session):
    data = _catalog_data()
    session = make_session(data)
    translation = session.translate(SUPPLIERS_BY_REGION)
    lookups = [s["$lookup"]["from"] for s in translation.commands[-1].pipeline if "$lookup" in s]
    assert translation.commands[-1].collection == "part"
    assert lookups == ["partsupp", "supplier", "nation", "region"]
    assert [tuple(r) for r in session.execute(SUPPLIERS_BY_REGION)] == _expected(data)


def test_offline_translation_starts_from_the_first_table_with_its_own_condition():
    import queryleaf

    reordered = SUPPLIERS_BY_REGION.replace("part p, partsupp ps, supplier s, nation n, region r",
                                            "region r, nation n, supplier s, partsupp ps, part p")
    assert queryleaf.translate(reordered).commands[-1].collection == "region"
    assert queryleaf.translate(SUPPLIERS_BY_REGION).commands[-1].collection == "part"


def test_distinct_estimate_is_exact_for_a_complete_sample_and_scales_otherwise():
    types = sample_field_types([{"k": i % 10, "u": i} for i in range(100)])
    assert types.distinct_estimate("k", 100) == 10
    assert types.distinct_estimate("u", 100) == 100
    assert types.distinct_estimate("u", 10_000) == 10_000  # every value seen once: a key
    assert types.distinct_estimate("k", 10_000) == 10  # no value seen once: no more to find
    assert types.distinct_estimate("missing", 100) is None
    halves = sample_field_types([{"h": i // 2 if i < 80 else 1000 + i} for i in range(100)])
    assert halves.distinct_estimate("h", 10_000) == 20 * 10 + 40  # 20 seen once scale by sqrt(100)


def test_sampled_share_reads_the_filter():
    types = sample_field_types([{"k": i} for i in range(100)])
    assert types.share({"k": {"$lt": 25}}) == 0.25
    assert types.share({"k": {"$gt": 1000}}) == 0.005  # none seen: half a document
