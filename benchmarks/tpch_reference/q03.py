"""TPC-H Q3, shipping priority.

customer (BUILDING) -> its orders before the date -> their lines shipped after it. The
GROUP BY key is the order, so each order's revenue is summed from its own lookup array.
"""

from datetime import UTC, datetime

COLLECTION = "customer"

DATE = datetime(1995, 3, 15, tzinfo=UTC)

PIPELINE = [
    {"$match": {"c_mktsegment": "BUILDING"}},
    {
        "$lookup": {
            "from": "orders",
            "localField": "c_custkey",
            "foreignField": "o_custkey",
            "as": "order",
            "pipeline": [
                {"$match": {"o_orderdate": {"$lt": DATE}}},
                {"$project": {"_id": 0, "o_orderkey": 1, "o_orderdate": 1, "o_shippriority": 1}},
            ],
        }
    },
    {"$unwind": "$order"},
    {
        "$lookup": {
            "from": "lineitem",
            "localField": "order.o_orderkey",
            "foreignField": "l_orderkey",
            "as": "lines",
            "pipeline": [
                {"$match": {"l_shipdate": {"$gt": DATE}}},
                {
                    "$project": {
                        "_id": 0,
                        "volume": {
                            "$multiply": ["$l_extendedprice", {"$subtract": [1, "$l_discount"]}]
                        },
                    }
                },
            ],
        }
    },
    {"$match": {"lines": {"$ne": []}}},
    {"$set": {"revenue": {"$sum": "$lines.volume"}}},
    {"$sort": {"revenue": -1, "order.o_orderdate": 1}},
    {"$limit": 10},
    {
        "$project": {
            "_id": 0,
            "l_orderkey": "$order.o_orderkey",
            "revenue": "$revenue",
            "o_orderdate": "$order.o_orderdate",
            "o_shippriority": "$order.o_shippriority",
        }
    },
]
