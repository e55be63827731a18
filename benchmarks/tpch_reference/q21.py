"""TPC-H Q21, suppliers who kept orders waiting.

SAUDI ARABIA -> its suppliers -> their late lines -> order status F. Both correlated
subqueries look at the same rows (the order's lines from other suppliers), so one $lookup
on l_orderkey returns them with a late flag: EXISTS is a non-empty array, NOT EXISTS (late)
is no element with late = true.
"""

COLLECTION = "nation"

PIPELINE = [
    {"$match": {"n_name": "SAUDI ARABIA"}},
    {
        "$lookup": {
            "from": "supplier",
            "localField": "n_nationkey",
            "foreignField": "s_nationkey",
            "as": "supplier",
            "pipeline": [{"$project": {"_id": 0, "s_suppkey": 1, "s_name": 1}}],
        }
    },
    {"$unwind": "$supplier"},
    {
        "$lookup": {
            "from": "lineitem",
            "localField": "supplier.s_suppkey",
            "foreignField": "l_suppkey",
            "as": "l1",
            "pipeline": [
                {"$match": {"$expr": {"$gt": ["$l_receiptdate", "$l_commitdate"]}}},
                {"$project": {"_id": 0, "l_orderkey": 1, "l_suppkey": 1}},
            ],
        }
    },
    {"$unwind": "$l1"},
    {
        "$lookup": {
            "from": "orders",
            "localField": "l1.l_orderkey",
            "foreignField": "o_orderkey",
            "as": "order",
            "pipeline": [{"$match": {"o_orderstatus": "F"}}, {"$project": {"_id": 1}}],
        }
    },
    {"$match": {"order": {"$ne": []}}},
    {
        "$lookup": {
            "from": "lineitem",
            "localField": "l1.l_orderkey",
            "foreignField": "l_orderkey",
            "let": {"suppkey": "$l1.l_suppkey"},
            "as": "others",
            "pipeline": [
                {"$match": {"$expr": {"$ne": ["$l_suppkey", "$$suppkey"]}}},
                {"$project": {"_id": 0, "late": {"$gt": ["$l_receiptdate", "$l_commitdate"]}}},
            ],
        }
    },
    {"$match": {"others": {"$ne": []}, "others.late": {"$ne": True}}},
    {"$group": {"_id": "$supplier.s_name", "numwait": {"$sum": 1}}},
    {"$sort": {"numwait": -1, "_id": 1}},
    {"$limit": 100},
    {"$project": {"_id": 0, "s_name": "$_id", "numwait": "$numwait"}},
]
