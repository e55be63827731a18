"""TPC-H Q22, global sales opportunity.

The uncorrelated average (positive balances among the same country codes) is a whole-set
window $avg over the customers already filtered by code ($avg skips the nulls of the $cond);
NOT EXISTS (orders) is an empty $lookup array.
"""

COLLECTION = "customer"

CODES = ["13", "31", "23", "29", "30", "18", "17"]

PIPELINE = [
    {"$match": {"c_phone": {"$regex": "^(" + "|".join(CODES) + ")"}}},
    {"$project": {"_id": 0, "c_custkey": 1, "c_phone": 1, "c_acctbal": 1}},
    {
        "$setWindowFields": {
            "output": {
                "avg_acctbal": {
                    "$avg": {"$cond": [{"$gt": ["$c_acctbal", 0.0]}, "$c_acctbal", None]}
                }
            }
        }
    },
    # a NULL average (no positive balance) makes the SQL comparison false
    {"$match": {"avg_acctbal": {"$ne": None}, "$expr": {"$gt": ["$c_acctbal", "$avg_acctbal"]}}},
    {
        "$lookup": {
            "from": "orders",
            "localField": "c_custkey",
            "foreignField": "o_custkey",
            "as": "orders",
            "pipeline": [{"$limit": 1}, {"$project": {"_id": 1}}],
        }
    },
    {"$match": {"orders": {"$eq": []}}},
    {
        "$group": {
            "_id": {"$substrCP": ["$c_phone", 0, 2]},
            "numcust": {"$sum": 1},
            "totacctbal": {"$sum": "$c_acctbal"},
        }
    },
    {"$sort": {"_id": 1}},
    {
        "$project": {
            "_id": 0,
            "cntrycode": "$_id",
            "numcust": "$numcust",
            "totacctbal": "$totacctbal",
        }
    },
]
