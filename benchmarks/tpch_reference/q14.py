"""TPC-H Q14, promotion effect: September 1995 lines joined to their part's type."""

from datetime import UTC, datetime

COLLECTION = "lineitem"

START = datetime(1995, 9, 1, tzinfo=UTC)
END = datetime(1995, 10, 1, tzinfo=UTC)

_VOLUME = {"$multiply": ["$l_extendedprice", {"$subtract": [1, "$l_discount"]}]}

PIPELINE = [
    {"$match": {"l_shipdate": {"$gte": START, "$lt": END}}},
    {
        "$lookup": {
            "from": "part",
            "localField": "l_partkey",
            "foreignField": "p_partkey",
            "as": "part",
            "pipeline": [{"$project": {"_id": 0, "p_type": 1}}],
        }
    },
    {"$unwind": "$part"},
    {
        "$group": {
            "_id": None,
            "promo_volume": {
                "$sum": {
                    "$cond": [
                        {"$regexMatch": {"input": "$part.p_type", "regex": "^PROMO"}},
                        _VOLUME,
                        0,
                    ]
                }
            },
            "total_volume": {"$sum": _VOLUME},
        }
    },
    {
        "$project": {
            "_id": 0,
            "promo_revenue": {
                "$divide": [{"$multiply": [100.0, "$promo_volume"]}, "$total_volume"]
            },
        }
    },
    # SQL's aggregate without GROUP BY yields one row even over no input (its SUM is NULL);
    # $group yields none, so a NULL row is appended and merged away when the real one exists.
    {"$unionWith": {"pipeline": [{"$documents": [{"promo_revenue": None}]}]}},
    {"$group": {"_id": None, "promo_revenue": {"$max": "$promo_revenue"}}},
    {"$project": {"_id": 0, "promo_revenue": 1}},
]
