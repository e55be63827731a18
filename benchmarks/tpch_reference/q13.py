"""TPC-H Q13, customer distribution.

The LEFT JOIN's count per customer is the size of a $lookup array (customers without
matching orders count 0); the ON condition's NOT LIKE filters inside the lookup.
"""

COLLECTION = "customer"

PIPELINE = [
    {"$project": {"_id": 0, "c_custkey": 1}},
    {
        "$lookup": {
            "from": "orders",
            "localField": "c_custkey",
            "foreignField": "o_custkey",
            "as": "orders",
            "pipeline": [
                {
                    "$match": {
                        "o_comment": {"$not": {"$regex": "special.*requests", "$options": "s"}}
                    }
                },
                {"$project": {"_id": 1}},
            ],
        }
    },
    {"$group": {"_id": {"$size": "$orders"}, "custdist": {"$sum": 1}}},
    {"$sort": {"custdist": -1, "_id": -1}},
    {"$project": {"_id": 0, "c_count": "$_id", "custdist": "$custdist"}},
]
