"""The PostgreSQL dialect as queryleaf reads it: sqlglot's, recording each function's
spelled name so that result columns are named as PostgreSQL names them (MOD(a, b) is
`mod`, CEILING(x) is `ceiling`, even though both parse into sqlglot's generic nodes)."""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.postgres import Postgres

FUNCTION_NAME_KEY = "function_name"


class QueryLeafPostgres(Postgres):
    ORIGINAL_NAME_META_KEY = FUNCTION_NAME_KEY

    class Parser(Postgres.Parser):
        # TO_CHAR keeps PostgreSQL's own format string (sqlglot would rewrite it into strftime
        # codes, dropping patterns it does not know, such as MS)
        FUNCTIONS = {
            **Postgres.Parser.FUNCTIONS,
            "TO_CHAR": lambda args: exp.Anonymous(this="to_char", expressions=args),
            # the step stays as written ('1 month 1 day' would fail sqlglot's rewriting)
            "GENERATE_SERIES": lambda args: exp.ExplodingGenerateSeries.from_arg_list(args),
            "TO_TIMESTAMP": lambda args: (
                exp.UnixToTime(this=args[0]) if len(args) == 1 else exp.Anonymous(this="to_timestamp", expressions=args)
            ),
        }

        def _parse_interval_span(self, this, parse_function_unit=True):
            """sqlglot keeps only the first `<number> <unit>` of a string it can split, so
            INTERVAL '1 day 02:30:00' would lose its time; such a string stays whole."""
            raw = this.name if this is not None and this.is_string else None
            interval = super()._parse_interval_span(this, parse_function_unit=parse_function_unit)
            if raw is not None and len(exp.INTERVAL_STRING_RE.findall(raw)) == 1 and not exp.INTERVAL_STRING_RE.fullmatch(raw):
                interval.set("this", exp.Literal.string(raw))
                interval.set("unit", None)
            return interval
