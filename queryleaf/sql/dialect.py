"""The PostgreSQL dialect as queryleaf reads it: sqlglot's, recording each function's
spelled name so that result columns are named as PostgreSQL names them (MOD(a, b) is
`mod`, CEILING(x) is `ceiling`, even though both parse into sqlglot's generic nodes)."""

from __future__ import annotations

from sqlglot.dialects.postgres import Postgres

FUNCTION_NAME_KEY = "function_name"


class QueryLeafPostgres(Postgres):
    ORIGINAL_NAME_META_KEY = FUNCTION_NAME_KEY
