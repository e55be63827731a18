"""TPC-H Q17, small-quantity-order revenue.

Drives from the few parts of the brand and container. The correlated subquery's average is
over all lines of the part, which is exactly the part's lookup array, so one lookup serves
both the threshold and the sum.
"""

COLLECTION = "part"

PIPELINE = [
    {"$match": {"p_brand": "Brand#23", "p_container": "MED BOX"}},
    {
        "$lookup": {
            "from": "lineitem",
            "localField": "p_partkey",
            "foreignField": "l_partkey",
            "as": "lines",
            "pipeline": [{"$project": {"_id": 0, "l_quantity": 1, "l_extendedprice": 1}}],
        }
    },
    {"$set": {"threshold": {"$multiply": [0.2, {"$avg": "$lines.l_quantity"}]}}},
    {"$unwind": "$lines"},
    {"$match": {"$expr": {"$lt": ["$lines.l_quantity", "$threshold"]}}},
    {"$group": {"_id": None, "total": {"$sum": "$lines.l_extendedprice"}}},
    {"$project": {"_id": 0, "avg_yearly": {"$divide": ["$total", 7.0]}}},
    # SQL's aggregate without GROUP BY yields one row even over no input (its SUM is NULL);
    # $group yields none, so a NULL row is appended and merged away when the real one exists.
    {"$unionWith": {"pipeline": [{"$documents": [{"avg_yearly": None}]}]}},
    {"$group": {"_id": None, "avg_yearly": {"$max": "$avg_yearly"}}},
    {"$project": {"_id": 0, "avg_yearly": 1}},
]
