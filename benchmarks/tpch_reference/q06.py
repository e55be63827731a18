"""TPC-H Q6, forecasting revenue change: a filtered sum over lineitem."""

from datetime import UTC, datetime

COLLECTION = "lineitem"

START = datetime(1994, 1, 1, tzinfo=UTC)
END = datetime(1995, 1, 1, tzinfo=UTC)

PIPELINE = [
    {
        "$match": {
            "l_shipdate": {"$gte": START, "$lt": END},
            "l_discount": {"$gte": 0.05, "$lte": 0.07},
            "l_quantity": {"$lt": 24},
        }
    },
    {
        "$group": {
            "_id": None,
            "revenue": {"$sum": {"$multiply": ["$l_extendedprice", "$l_discount"]}},
        }
    },
    {"$project": {"_id": 0, "revenue": "$revenue"}},
    # SQL's aggregate without GROUP BY yields one row even over no input (its SUM is NULL);
    # $group yields none, so a NULL row is appended and merged away when the real one exists.
    {"$unionWith": {"pipeline": [{"$documents": [{"revenue": None}]}]}},
    {"$group": {"_id": None, "revenue": {"$max": "$revenue"}}},
    {"$project": {"_id": 0, "revenue": 1}},
]
