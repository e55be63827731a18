"""TPC-H Q8, national market share of BRAZIL in AMERICA for one part type.

Drives from the parts of the type: lines -> 1995-1996 orders -> customer -> customer's
nation in AMERICA; then the supplier's nation decides whether the volume is Brazil's.
"""

from datetime import UTC, datetime

COLLECTION = "part"

START = datetime(1995, 1, 1, tzinfo=UTC)
END = datetime(1996, 12, 31, tzinfo=UTC)  # BETWEEN: inclusive

PIPELINE = [
    {"$match": {"p_type": "ECONOMY ANODIZED STEEL"}},
    {
        "$lookup": {
            "from": "lineitem",
            "localField": "p_partkey",
            "foreignField": "l_partkey",
            "as": "line",
            "pipeline": [
                {
                    "$project": {
                        "_id": 0,
                        "l_orderkey": 1,
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
            "from": "orders",
            "localField": "line.l_orderkey",
            "foreignField": "o_orderkey",
            "as": "order",
            "pipeline": [
                {"$match": {"o_orderdate": {"$gte": START, "$lte": END}}},
                {"$project": {"_id": 0, "o_custkey": 1, "o_year": {"$year": "$o_orderdate"}}},
            ],
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
            "pipeline": [
                {
                    "$lookup": {
                        "from": "region",
                        "localField": "n_regionkey",
                        "foreignField": "r_regionkey",
                        "as": "region",
                        "pipeline": [{"$match": {"r_name": "AMERICA"}}, {"$project": {"_id": 1}}],
                    }
                },
                {"$match": {"region": {"$ne": []}}},
                {"$project": {"_id": 1}},
            ],
        }
    },
    {"$match": {"cust_nation": {"$ne": []}}},
    {
        "$lookup": {
            "from": "supplier",
            "localField": "line.l_suppkey",
            "foreignField": "s_suppkey",
            "as": "supplier",
            "pipeline": [{"$project": {"_id": 0, "s_nationkey": 1}}],
        }
    },
    {"$unwind": "$supplier"},
    {
        "$lookup": {
            "from": "nation",
            "localField": "supplier.s_nationkey",
            "foreignField": "n_nationkey",
            "as": "supp_nation",
            "pipeline": [{"$project": {"_id": 0, "n_name": 1}}],
        }
    },
    {"$unwind": "$supp_nation"},
    {
        "$group": {
            "_id": "$order.o_year",
            "brazil_volume": {
                "$sum": {"$cond": [{"$eq": ["$supp_nation.n_name", "BRAZIL"]}, "$line.volume", 0]}
            },
            "total_volume": {"$sum": "$line.volume"},
        }
    },
    {"$sort": {"_id": 1}},
    {
        "$project": {
            "_id": 0,
            "o_year": "$_id",
            "mkt_share": {"$divide": ["$brazil_volume", "$total_volume"]},
        }
    },
]
