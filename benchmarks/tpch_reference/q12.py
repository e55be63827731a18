"""TPC-H Q12, shipping modes and order priority."""

from datetime import UTC, datetime

COLLECTION = "lineitem"

START = datetime(1994, 1, 1, tzinfo=UTC)
END = datetime(1995, 1, 1, tzinfo=UTC)

_HIGH = {"$in": ["$order.o_orderpriority", ["1-URGENT", "2-HIGH"]]}

PIPELINE = [
    {
        "$match": {
            "l_shipmode": {"$in": ["MAIL", "SHIP"]},
            "l_receiptdate": {"$gte": START, "$lt": END},
            "$expr": {
                "$and": [
                    {"$lt": ["$l_commitdate", "$l_receiptdate"]},
                    {"$lt": ["$l_shipdate", "$l_commitdate"]},
                ]
            },
        }
    },
    {
        "$lookup": {
            "from": "orders",
            "localField": "l_orderkey",
            "foreignField": "o_orderkey",
            "as": "order",
            "pipeline": [{"$project": {"_id": 0, "o_orderpriority": 1}}],
        }
    },
    {"$unwind": "$order"},
    {
        "$group": {
            "_id": "$l_shipmode",
            "high_line_count": {"$sum": {"$cond": [_HIGH, 1, 0]}},
            "low_line_count": {"$sum": {"$cond": [_HIGH, 0, 1]}},
        }
    },
    {"$sort": {"_id": 1}},
    {
        "$project": {
            "_id": 0,
            "l_shipmode": "$_id",
            "high_line_count": "$high_line_count",
            "low_line_count": "$low_line_count",
        }
    },
]
