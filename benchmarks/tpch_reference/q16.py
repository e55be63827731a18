"""TPC-H Q16, parts/supplier relationship.

NOT IN (suppliers with complaints) is an anti-join: a $lookup on the supplier key whose
pipeline keeps only complaining suppliers, then an empty-array test (no key is NULL).
COUNT(DISTINCT ps_suppkey) is the size of an $addToSet.
"""

COLLECTION = "part"

PIPELINE = [
    {
        "$match": {
            "p_brand": {"$ne": "Brand#45"},
            "p_type": {"$not": {"$regex": "^MEDIUM POLISHED"}},
            "p_size": {"$in": [49, 14, 23, 45, 19, 3, 36, 9]},
        }
    },
    {
        "$lookup": {
            "from": "partsupp",
            "localField": "p_partkey",
            "foreignField": "ps_partkey",
            "as": "offer",
            "pipeline": [{"$project": {"_id": 0, "ps_suppkey": 1}}],
        }
    },
    {"$unwind": "$offer"},
    {
        "$lookup": {
            "from": "supplier",
            "localField": "offer.ps_suppkey",
            "foreignField": "s_suppkey",
            "as": "complaints",
            "pipeline": [
                {"$match": {"s_comment": {"$regex": "Customer.*Complaints", "$options": "s"}}},
                {"$project": {"_id": 1}},
            ],
        }
    },
    {"$match": {"complaints": {"$eq": []}}},
    {
        "$group": {
            "_id": {"p_brand": "$p_brand", "p_type": "$p_type", "p_size": "$p_size"},
            "suppliers": {"$addToSet": "$offer.ps_suppkey"},
        }
    },
    {
        "$project": {
            "_id": 0,
            "p_brand": "$_id.p_brand",
            "p_type": "$_id.p_type",
            "p_size": "$_id.p_size",
            "supplier_cnt": {"$size": "$suppliers"},
        }
    },
    {"$sort": {"supplier_cnt": -1, "p_brand": 1, "p_type": 1, "p_size": 1}},
]
