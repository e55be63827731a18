"""TPC-H Q2, minimum cost supplier.

Drives from the few parts of size 15 and type %BRASS. Each part's European offers are looked
up once (partsupp -> supplier -> nation -> region); the correlated subquery's minimum is the
minimum over exactly that array, so the offers at that cost are kept without a second lookup.
"""

COLLECTION = "part"

PIPELINE = [
    {"$match": {"p_size": 15, "p_type": {"$regex": "BRASS$"}}},
    {
        "$lookup": {
            "from": "partsupp",
            "localField": "p_partkey",
            "foreignField": "ps_partkey",
            "as": "offers",
            "pipeline": [
                {"$project": {"_id": 0, "ps_suppkey": 1, "ps_supplycost": 1}},
                {
                    "$lookup": {
                        "from": "supplier",
                        "localField": "ps_suppkey",
                        "foreignField": "s_suppkey",
                        "as": "supplier",
                        "pipeline": [
                            {
                                "$project": {
                                    "_id": 0,
                                    "s_nationkey": 1,
                                    "s_acctbal": 1,
                                    "s_name": 1,
                                    "s_address": 1,
                                    "s_phone": 1,
                                    "s_comment": 1,
                                }
                            }
                        ],
                    }
                },
                {"$unwind": "$supplier"},
                {
                    "$lookup": {
                        "from": "nation",
                        "localField": "supplier.s_nationkey",
                        "foreignField": "n_nationkey",
                        "as": "nation",
                        "pipeline": [
                            {
                                "$lookup": {
                                    "from": "region",
                                    "localField": "n_regionkey",
                                    "foreignField": "r_regionkey",
                                    "as": "region",
                                    "pipeline": [
                                        {"$match": {"r_name": "EUROPE"}},
                                        {"$project": {"_id": 1}},
                                    ],
                                }
                            },
                            {"$match": {"region": {"$ne": []}}},
                            {"$project": {"_id": 0, "n_name": 1}},
                        ],
                    }
                },
                {"$unwind": "$nation"},
            ],
        }
    },
    {"$set": {"min_cost": {"$min": "$offers.ps_supplycost"}}},
    {"$unwind": "$offers"},
    {"$match": {"$expr": {"$eq": ["$offers.ps_supplycost", "$min_cost"]}}},
    {
        "$sort": {
            "offers.supplier.s_acctbal": -1,
            "offers.nation.n_name": 1,
            "offers.supplier.s_name": 1,
            "p_partkey": 1,
        }
    },
    {"$limit": 100},
    {
        "$project": {
            "_id": 0,
            "s_acctbal": "$offers.supplier.s_acctbal",
            "s_name": "$offers.supplier.s_name",
            "n_name": "$offers.nation.n_name",
            "p_partkey": "$p_partkey",
            "p_mfgr": "$p_mfgr",
            "s_address": "$offers.supplier.s_address",
            "s_phone": "$offers.supplier.s_phone",
            "s_comment": "$offers.supplier.s_comment",
        }
    },
]
