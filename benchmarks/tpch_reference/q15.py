"""TPC-H Q15, top supplier.

The CTE is one $group over the quarter's lines; its maximum (the scalar subquery over the
same CTE) is a whole-set window $max, so the CTE is computed once.
"""

from datetime import UTC, datetime

COLLECTION = "lineitem"

START = datetime(1996, 1, 1, tzinfo=UTC)
END = datetime(1996, 4, 1, tzinfo=UTC)

PIPELINE = [
    {"$match": {"l_shipdate": {"$gte": START, "$lt": END}}},
    {
        "$group": {
            "_id": "$l_suppkey",
            "total_revenue": {
                "$sum": {"$multiply": ["$l_extendedprice", {"$subtract": [1, "$l_discount"]}]}
            },
        }
    },
    {"$setWindowFields": {"output": {"max_revenue": {"$max": "$total_revenue"}}}},
    {"$match": {"$expr": {"$eq": ["$total_revenue", "$max_revenue"]}}},
    {
        "$lookup": {
            "from": "supplier",
            "localField": "_id",
            "foreignField": "s_suppkey",
            "as": "supplier",
            "pipeline": [
                {"$project": {"_id": 0, "s_suppkey": 1, "s_name": 1, "s_address": 1, "s_phone": 1}}
            ],
        }
    },
    {"$unwind": "$supplier"},
    {"$sort": {"supplier.s_suppkey": 1}},
    {
        "$project": {
            "_id": 0,
            "s_suppkey": "$supplier.s_suppkey",
            "s_name": "$supplier.s_name",
            "s_address": "$supplier.s_address",
            "s_phone": "$supplier.s_phone",
            "total_revenue": "$total_revenue",
        }
    },
]
