"""TPC-H Q19, discounted revenue.

The three OR branches share the shipping conditions and a quantity range of 1..30, which
filter lineitem first; the part's brand/size narrow the lookup; the exact branches follow.
"""

COLLECTION = "lineitem"

_BRANCHES = [
    ("Brand#12", ["SM CASE", "SM BOX", "SM PACK", "SM PKG"], 1, 5),
    ("Brand#23", ["MED BAG", "MED BOX", "MED PKG", "MED PACK"], 10, 10),
    ("Brand#34", ["LG CASE", "LG BOX", "LG PACK", "LG PKG"], 20, 15),
]

PIPELINE = [
    {
        "$match": {
            "l_shipmode": {"$in": ["AIR", "AIR REG"]},
            "l_shipinstruct": "DELIVER IN PERSON",
            "l_quantity": {"$gte": 1, "$lte": 30},
        }
    },
    {
        "$lookup": {
            "from": "part",
            "localField": "l_partkey",
            "foreignField": "p_partkey",
            "as": "part",
            "pipeline": [
                {
                    "$match": {
                        "p_brand": {"$in": [b[0] for b in _BRANCHES]},
                        "p_size": {"$gte": 1, "$lte": 15},
                    }
                },
                {"$project": {"_id": 0, "p_brand": 1, "p_container": 1, "p_size": 1}},
            ],
        }
    },
    {"$unwind": "$part"},
    {
        "$match": {
            "$or": [
                {
                    "part.p_brand": brand,
                    "part.p_container": {"$in": containers},
                    "part.p_size": {"$gte": 1, "$lte": max_size},
                    "l_quantity": {"$gte": quantity, "$lte": quantity + 10},
                }
                for brand, containers, quantity, max_size in _BRANCHES
            ]
        }
    },
    {
        "$group": {
            "_id": None,
            "revenue": {
                "$sum": {"$multiply": ["$l_extendedprice", {"$subtract": [1, "$l_discount"]}]}
            },
        }
    },
    {"$project": {"_id": 0, "revenue": "$revenue"}},
    # SQL's aggregate without GROUP BY yields one row even over no input (its SUM is NULL);
    # $group yields none, so a NULL row is appended and merged away when the real one exists.
    {"$unionWith": {"pipeline": [{"$documents": [{"revenue": None}]}]}},
    {"$group": {"_id": None, "revenue": {"$max": "$revenue"}}},
    {"$project": {"_id": 0, "revenue": 1}},
]
