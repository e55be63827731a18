"""TPC-H Q10, returned item reporting.

Q4 1993 orders -> their returned lines; revenue per customer is grouped from the orders
alone, so only the top 20 customers are then looked up (with their nation).
"""

from datetime import UTC, datetime

COLLECTION = "orders"

START = datetime(1993, 10, 1, tzinfo=UTC)
END = datetime(1994, 1, 1, tzinfo=UTC)

PIPELINE = [
    {"$match": {"o_orderdate": {"$gte": START, "$lt": END}}},
    {
        "$lookup": {
            "from": "lineitem",
            "localField": "o_orderkey",
            "foreignField": "l_orderkey",
            "as": "lines",
            "pipeline": [
                {"$match": {"l_returnflag": "R"}},
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
    {"$group": {"_id": "$o_custkey", "revenue": {"$sum": {"$sum": "$lines.volume"}}}},
    {"$sort": {"revenue": -1}},
    {"$limit": 20},
    {
        "$lookup": {
            "from": "customer",
            "localField": "_id",
            "foreignField": "c_custkey",
            "as": "customer",
        }
    },
    {"$unwind": "$customer"},
    {
        "$lookup": {
            "from": "nation",
            "localField": "customer.c_nationkey",
            "foreignField": "n_nationkey",
            "as": "nation",
            "pipeline": [{"$project": {"_id": 0, "n_name": 1}}],
        }
    },
    {"$unwind": "$nation"},
    {
        "$project": {
            "_id": 0,
            "c_custkey": "$customer.c_custkey",
            "c_name": "$customer.c_name",
            "revenue": "$revenue",
            "c_acctbal": "$customer.c_acctbal",
            "n_name": "$nation.n_name",
            "c_address": "$customer.c_address",
            "c_phone": "$customer.c_phone",
            "c_comment": "$customer.c_comment",
        }
    },
]
