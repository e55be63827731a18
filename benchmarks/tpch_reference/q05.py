"""TPC-H Q5, local supplier volume.

region ASIA -> its nations -> their customers -> 1994 orders -> lines, keeping the lines
whose supplier is in the customer's nation (localField/foreignField plus a let filter).
"""

from datetime import UTC, datetime

COLLECTION = "region"

START = datetime(1994, 1, 1, tzinfo=UTC)
END = datetime(1995, 1, 1, tzinfo=UTC)

PIPELINE = [
    {"$match": {"r_name": "ASIA"}},
    {
        "$lookup": {
            "from": "nation",
            "localField": "r_regionkey",
            "foreignField": "n_regionkey",
            "as": "nation",
            "pipeline": [{"$project": {"_id": 0, "n_nationkey": 1, "n_name": 1}}],
        }
    },
    {"$unwind": "$nation"},
    {
        "$lookup": {
            "from": "customer",
            "localField": "nation.n_nationkey",
            "foreignField": "c_nationkey",
            "as": "customer",
            "pipeline": [{"$project": {"_id": 0, "c_custkey": 1}}],
        }
    },
    {"$unwind": "$customer"},
    {
        "$lookup": {
            "from": "orders",
            "localField": "customer.c_custkey",
            "foreignField": "o_custkey",
            "as": "order",
            "pipeline": [
                {"$match": {"o_orderdate": {"$gte": START, "$lt": END}}},
                {"$project": {"_id": 0, "o_orderkey": 1}},
            ],
        }
    },
    {"$unwind": "$order"},
    {
        "$lookup": {
            "from": "lineitem",
            "localField": "order.o_orderkey",
            "foreignField": "l_orderkey",
            "as": "line",
            "pipeline": [
                {
                    "$project": {
                        "_id": 0,
                        "l_suppkey": 1,
                        "volume": {
                            "$multiply": ["$l_extendedprice", {"$subtract": [1, "$l_discount"]}]
                        },
                    }
                }
            ],
        }
    },
    {"$unwind": "$line"},
    {
        "$lookup": {
            "from": "supplier",
            "localField": "line.l_suppkey",
            "foreignField": "s_suppkey",
            "let": {"nationkey": "$nation.n_nationkey"},
            "as": "local_supplier",
            "pipeline": [
                {"$match": {"$expr": {"$eq": ["$s_nationkey", "$$nationkey"]}}},
                {"$project": {"_id": 1}},
            ],
        }
    },
    {"$match": {"local_supplier": {"$ne": []}}},
    {"$group": {"_id": "$nation.n_name", "revenue": {"$sum": "$line.volume"}}},
    {"$sort": {"revenue": -1}},
    {"$project": {"_id": 0, "n_name": "$_id", "revenue": "$revenue"}},
]
