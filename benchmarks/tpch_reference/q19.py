"""TPC-H Q19, discounted revenue.

Drives from the few parts that satisfy one of the three brand/container/size branches; each
part's lines are looked up with the shipping conditions and the quantity range of that
part's branch (the branch is known from the part, so the line test needs no OR).
"""

COLLECTION = "part"

_BRANCHES = [
    ("Brand#12", ["SM CASE", "SM BOX", "SM PACK", "SM PKG"], 1, 5),
    ("Brand#23", ["MED BAG", "MED BOX", "MED PKG", "MED PACK"], 10, 10),
    ("Brand#34", ["LG CASE", "LG BOX", "LG PACK", "LG PKG"], 20, 15),
]


def _low_quantity():
    """The branch's lowest quantity for the part at hand (its brand picks the branch)."""
    return {
        "$switch": {
            "branches": [{"case": {"$eq": ["$p_brand", brand]}, "then": low} for brand, _, low, _ in _BRANCHES],
        }
    }


PIPELINE = [
    {
        "$match": {
            "$or": [
                {"p_brand": brand, "p_container": {"$in": containers}, "p_size": {"$gte": 1, "$lte": max_size}}
                for brand, containers, _, max_size in _BRANCHES
            ]
        }
    },
    {"$project": {"_id": 0, "p_partkey": 1, "low": _low_quantity()}},
    {
        "$lookup": {
            "from": "lineitem",
            "localField": "p_partkey",
            "foreignField": "l_partkey",
            "let": {"low": "$low"},
            "as": "lines",
            "pipeline": [
                {
                    "$match": {
                        "l_shipmode": {"$in": ["AIR", "AIR REG"]},
                        "l_shipinstruct": "DELIVER IN PERSON",
                        "$expr": {
                            "$and": [
                                {"$gte": ["$l_quantity", "$$low"]},
                                {"$lte": ["$l_quantity", {"$add": ["$$low", 10]}]},
                            ]
                        },
                    }
                },
                {"$project": {"_id": 0, "volume": {"$multiply": ["$l_extendedprice", {"$subtract": [1, "$l_discount"]}]}}},
            ],
        }
    },
    {"$group": {"_id": None, "revenue": {"$sum": {"$sum": "$lines.volume"}}, "lines": {"$sum": {"$size": "$lines"}}}},
    # SQL's SUM over no rows is NULL; $group over no parts yields no row at all
    {"$project": {"_id": 0, "revenue": {"$cond": [{"$gt": ["$lines", 0]}, "$revenue", None]}}},
    {"$unionWith": {"pipeline": [{"$documents": [{"revenue": None}]}]}},
    {"$group": {"_id": None, "revenue": {"$max": "$revenue"}}},
    {"$project": {"_id": 0, "revenue": 1}},
]
