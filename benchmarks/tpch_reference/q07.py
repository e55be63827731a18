"""TPC-H Q7, volume shipping between FRANCE and GERMANY.

Drives from the two nations: their suppliers -> lines shipped in 1995-1996 -> order ->
customer -> customer's nation, then keeps the cross-border pairs.
"""

from datetime import UTC, datetime

COLLECTION = "nation"

START = datetime(1995, 1, 1, tzinfo=UTC)
END = datetime(1996, 12, 31, tzinfo=UTC)  # BETWEEN: inclusive

PIPELINE = [
    {"$match": {"n_name": {"$in": ["FRANCE", "GERMANY"]}}},
    {
        "$lookup": {
            "from": "supplier",
            "localField": "n_nationkey",
            "foreignField": "s_nationkey",
            "as": "supplier",
            "pipeline": [{"$project": {"_id": 0, "s_suppkey": 1}}],
        }
    },
    {"$unwind": "$supplier"},
    {
        "$lookup": {
            "from": "lineitem",
            "localField": "supplier.s_suppkey",
            "foreignField": "l_suppkey",
            "as": "line",
            "pipeline": [
                {"$match": {"l_shipdate": {"$gte": START, "$lte": END}}},
                {
                    "$project": {
                        "_id": 0,
                        "l_orderkey": 1,
                        "l_year": {"$year": "$l_shipdate"},
                        "volume": {
                            "$multiply": ["$l_extendedprice", {"$subtract": [1, "$l_discount"]}]
                        },
                    }
                },
            ],
        }
    },
    {"$unwind": "$line"},
    {
        "$lookup": {
            "from": "orders",
            "localField": "line.l_orderkey",
            "foreignField": "o_orderkey",
            "as": "order",
            "pipeline": [{"$project": {"_id": 0, "o_custkey": 1}}],
        }
    },
    {"$unwind": "$order"},
    {
        "$lookup": {
            "from": "customer",
            "localField": "order.o_custkey",
            "foreignField": "c_custkey",
            "as": "customer",
            "pipeline": [{"$project": {"_id": 0, "c_nationkey": 1}}],
        }
    },
    {"$unwind": "$customer"},
    {
        "$lookup": {
            "from": "nation",
            "localField": "customer.c_nationkey",
            "foreignField": "n_nationkey",
            "as": "cust_nation",
            "pipeline": [{"$project": {"_id": 0, "n_name": 1}}],
        }
    },
    {"$unwind": "$cust_nation"},
    {
        "$match": {
            "$or": [
                {"n_name": "FRANCE", "cust_nation.n_name": "GERMANY"},
                {"n_name": "GERMANY", "cust_nation.n_name": "FRANCE"},
            ]
        }
    },
    {
        "$group": {
            "_id": {
                "supp_nation": "$n_name",
                "cust_nation": "$cust_nation.n_name",
                "l_year": "$line.l_year",
            },
            "revenue": {"$sum": "$line.volume"},
        }
    },
    {"$sort": {"_id.supp_nation": 1, "_id.cust_nation": 1, "_id.l_year": 1}},
    {
        "$project": {
            "_id": 0,
            "supp_nation": "$_id.supp_nation",
            "cust_nation": "$_id.cust_nation",
            "l_year": "$_id.l_year",
            "revenue": "$revenue",
        }
    },
]
