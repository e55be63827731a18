"""TPC-H Q20, potential part promotion.

Drives from the forest% parts: their partsupp rows, each with the 1994 quantity its supplier
shipped of the part (localField on the part key plus a let filter on the supplier key,
summed inside the lookup). A row with no 1994 line has a NULL sum, so the SQL comparison is
not true: $unwind drops it. The surviving suppliers are deduplicated (IN), then looked up
and kept if in CANADA.
"""

from datetime import UTC, datetime

COLLECTION = "part"

START = datetime(1994, 1, 1, tzinfo=UTC)
END = datetime(1995, 1, 1, tzinfo=UTC)

PIPELINE = [
    {"$match": {"p_name": {"$regex": "^forest"}}},
    {
        "$lookup": {
            "from": "partsupp",
            "localField": "p_partkey",
            "foreignField": "ps_partkey",
            "as": "offer",
            "pipeline": [
                {"$project": {"_id": 0, "ps_partkey": 1, "ps_suppkey": 1, "ps_availqty": 1}}
            ],
        }
    },
    {"$unwind": "$offer"},
    {
        "$lookup": {
            "from": "lineitem",
            "localField": "offer.ps_partkey",
            "foreignField": "l_partkey",
            "let": {"suppkey": "$offer.ps_suppkey"},
            "as": "shipped",
            "pipeline": [
                {
                    "$match": {
                        "l_shipdate": {"$gte": START, "$lt": END},
                        "$expr": {"$eq": ["$l_suppkey", "$$suppkey"]},
                    }
                },
                {"$group": {"_id": None, "quantity": {"$sum": "$l_quantity"}}},
            ],
        }
    },
    {"$unwind": "$shipped"},
    {
        "$match": {
            "$expr": {"$gt": ["$offer.ps_availqty", {"$multiply": [0.5, "$shipped.quantity"]}]}
        }
    },
    {"$group": {"_id": "$offer.ps_suppkey"}},
    {
        "$lookup": {
            "from": "supplier",
            "localField": "_id",
            "foreignField": "s_suppkey",
            "as": "supplier",
            "pipeline": [{"$project": {"_id": 0, "s_name": 1, "s_address": 1, "s_nationkey": 1}}],
        }
    },
    {"$unwind": "$supplier"},
    {
        "$lookup": {
            "from": "nation",
            "localField": "supplier.s_nationkey",
            "foreignField": "n_nationkey",
            "as": "nation",
            "pipeline": [{"$match": {"n_name": "CANADA"}}, {"$project": {"_id": 1}}],
        }
    },
    {"$match": {"nation": {"$ne": []}}},
    {"$sort": {"supplier.s_name": 1}},
    {"$project": {"_id": 0, "s_name": "$supplier.s_name", "s_address": "$supplier.s_address"}},
]
