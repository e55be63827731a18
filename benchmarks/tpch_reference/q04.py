"""TPC-H Q4, order priority checking: EXISTS as a $lookup that stops at the first late line."""

from datetime import UTC, datetime

COLLECTION = "orders"

START = datetime(1993, 7, 1, tzinfo=UTC)
END = datetime(1993, 10, 1, tzinfo=UTC)

PIPELINE = [
    {"$match": {"o_orderdate": {"$gte": START, "$lt": END}}},
    {
        "$lookup": {
            "from": "lineitem",
            "localField": "o_orderkey",
            "foreignField": "l_orderkey",
            "as": "late_lines",
            "pipeline": [
                {"$match": {"$expr": {"$lt": ["$l_commitdate", "$l_receiptdate"]}}},
                {"$limit": 1},
                {"$project": {"_id": 1}},
            ],
        }
    },
    {"$match": {"late_lines": {"$ne": []}}},
    {"$group": {"_id": "$o_orderpriority", "order_count": {"$sum": 1}}},
    {"$sort": {"_id": 1}},
    {"$project": {"_id": 0, "o_orderpriority": "$_id", "order_count": "$order_count"}},
]
