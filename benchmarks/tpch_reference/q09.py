"""TPC-H Q9, product type profit measure.

Drives from the %green% parts. Each part's offers (partsupp, with the supplier's nation) are
looked up once per part; a line's supply cost and nation come from the offer of the line's
supplier (ps_partkey = l_partkey and ps_suppkey = l_suppkey), picked with $filter.
"""

COLLECTION = "part"

PIPELINE = [
    {"$match": {"p_name": {"$regex": "green"}}},
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
                        "pipeline": [{"$project": {"_id": 0, "s_nationkey": 1}}],
                    }
                },
                {"$unwind": "$supplier"},
                {
                    "$lookup": {
                        "from": "nation",
                        "localField": "supplier.s_nationkey",
                        "foreignField": "n_nationkey",
                        "as": "nation",
                        "pipeline": [{"$project": {"_id": 0, "n_name": 1}}],
                    }
                },
                {"$unwind": "$nation"},
                {"$project": {"ps_suppkey": 1, "ps_supplycost": 1, "nation": "$nation.n_name"}},
            ],
        }
    },
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
                        "l_quantity": 1,
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
        "$project": {
            "_id": 0,
            "line": 1,
            "offer": {
                "$filter": {
                    "input": "$offers",
                    "cond": {"$eq": ["$$this.ps_suppkey", "$line.l_suppkey"]},
                }
            },
        }
    },
    {"$unwind": "$offer"},
    {
        "$lookup": {
            "from": "orders",
            "localField": "line.l_orderkey",
            "foreignField": "o_orderkey",
            "as": "order",
            "pipeline": [{"$project": {"_id": 0, "o_year": {"$year": "$o_orderdate"}}}],
        }
    },
    {"$unwind": "$order"},
    {
        "$group": {
            "_id": {"nation": "$offer.nation", "o_year": "$order.o_year"},
            "sum_profit": {
                "$sum": {
                    "$subtract": [
                        "$line.volume",
                        {"$multiply": ["$offer.ps_supplycost", "$line.l_quantity"]},
                    ]
                }
            },
        }
    },
    {"$sort": {"_id.nation": 1, "_id.o_year": -1}},
    {
        "$project": {
            "_id": 0,
            "nation": "$_id.nation",
            "o_year": "$_id.o_year",
            "sum_profit": "$sum_profit",
        }
    },
]
