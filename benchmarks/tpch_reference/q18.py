"""TPC-H Q18, large volume customer.

The IN subquery (orders whose lines sum above 300) is one $group over lineitem; its sum is
also the outer query's sum(l_quantity), so orders and customers are looked up only for the
surviving orders, after the sort and limit.
"""

COLLECTION = "lineitem"

PIPELINE = [
    {"$group": {"_id": "$l_orderkey", "quantity": {"$sum": "$l_quantity"}}},
    {"$match": {"quantity": {"$gt": 300}}},
    {
        "$lookup": {
            "from": "orders",
            "localField": "_id",
            "foreignField": "o_orderkey",
            "as": "order",
            "pipeline": [
                {
                    "$project": {
                        "_id": 0,
                        "o_orderkey": 1,
                        "o_custkey": 1,
                        "o_orderdate": 1,
                        "o_totalprice": 1,
                    }
                }
            ],
        }
    },
    {"$unwind": "$order"},
    {"$sort": {"order.o_totalprice": -1, "order.o_orderdate": 1}},
    {"$limit": 100},
    {
        "$lookup": {
            "from": "customer",
            "localField": "order.o_custkey",
            "foreignField": "c_custkey",
            "as": "customer",
            "pipeline": [{"$project": {"_id": 0, "c_name": 1, "c_custkey": 1}}],
        }
    },
    {"$unwind": "$customer"},
    {
        "$project": {
            "_id": 0,
            "c_name": "$customer.c_name",
            "c_custkey": "$customer.c_custkey",
            "o_orderkey": "$order.o_orderkey",
            "o_orderdate": "$order.o_orderdate",
            "o_totalprice": "$order.o_totalprice",
            "sum(l_quantity)": "$quantity",
        }
    },
]
