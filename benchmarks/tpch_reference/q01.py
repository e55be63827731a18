"""TPC-H Q1, pricing summary report: one pass over lineitem, grouped by flag and status."""

from datetime import UTC, datetime, timedelta

COLLECTION = "lineitem"

SHIPPED_BY = datetime(1998, 12, 1, tzinfo=UTC) - timedelta(days=90)  # 1998-09-02

_DISC_PRICE = {"$multiply": ["$l_extendedprice", {"$subtract": [1, "$l_discount"]}]}

PIPELINE = [
    {"$match": {"l_shipdate": {"$lte": SHIPPED_BY}}},
    {
        "$group": {
            "_id": {"l_returnflag": "$l_returnflag", "l_linestatus": "$l_linestatus"},
            "sum_qty": {"$sum": "$l_quantity"},
            "sum_base_price": {"$sum": "$l_extendedprice"},
            "sum_disc_price": {"$sum": _DISC_PRICE},
            "sum_charge": {"$sum": {"$multiply": [_DISC_PRICE, {"$add": [1, "$l_tax"]}]}},
            "avg_qty": {"$avg": "$l_quantity"},
            "avg_price": {"$avg": "$l_extendedprice"},
            "avg_disc": {"$avg": "$l_discount"},
            "count_order": {"$sum": 1},
        }
    },
    {"$sort": {"_id.l_returnflag": 1, "_id.l_linestatus": 1}},
    {
        "$project": {
            "_id": 0,
            "l_returnflag": "$_id.l_returnflag",
            "l_linestatus": "$_id.l_linestatus",
            "sum_qty": "$sum_qty",
            "sum_base_price": "$sum_base_price",
            "sum_disc_price": "$sum_disc_price",
            "sum_charge": "$sum_charge",
            "avg_qty": "$avg_qty",
            "avg_price": "$avg_price",
            "avg_disc": "$avg_disc",
            "count_order": "$count_order",
        }
    },
]
