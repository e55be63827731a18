"""TPC-H Q11, important stock identification.

GERMANY -> its suppliers -> their partsupp rows, grouped by part; the HAVING threshold (a
fraction of the grand total over the same rows) is a whole-set window sum.
"""

COLLECTION = "nation"

FRACTION = 0.0001  # 0.0001 / SF in the spec; DuckDB's tpch_queries() fixes it at 0.0001

PIPELINE = [
    {"$match": {"n_name": "GERMANY"}},
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
            "from": "partsupp",
            "localField": "supplier.s_suppkey",
            "foreignField": "ps_suppkey",
            "as": "stock",
            "pipeline": [
                {
                    "$project": {
                        "_id": 0,
                        "ps_partkey": 1,
                        "value": {"$multiply": ["$ps_supplycost", "$ps_availqty"]},
                    }
                }
            ],
        }
    },
    {"$unwind": "$stock"},
    {"$group": {"_id": "$stock.ps_partkey", "value": {"$sum": "$stock.value"}}},
    {"$setWindowFields": {"output": {"total_value": {"$sum": "$value"}}}},
    {"$match": {"$expr": {"$gt": ["$value", {"$multiply": ["$total_value", FRACTION]}]}}},
    {"$sort": {"value": -1}},
    {"$project": {"_id": 0, "ps_partkey": "$_id", "value": "$value"}},
]
