"""The hook through which the shim's expression operators replace mongomock-ng's.

mongomock-ng evaluates every aggregation expression through `aggregate._Parser.parse`, which
calls itself recursively. We wrap it once: a one-key `{"$op": args}` whose operator is in
`OPERATORS` is evaluated by the shim; literals and top-level field paths (`"$name"`) are
answered directly (the most frequent expressions); anything else goes to mongomock-ng
unchanged. Handlers take `(parser, args)` and return a value, or `MISSING` for "no value".
"""

from __future__ import annotations

from mongomock_ng import aggregate

from .values import MISSING, fail

OPERATORS: dict = {}
_LITERALS = frozenset({int, float, bool, type(None)})  # evaluate to themselves


def operator(*names):
    """Register a handler `(parser, args)` for the named expression operators."""

    def register(handler):
        for name in names:
            OPERATORS[name] = handler
        return handler

    return register


def require(module, *names: str) -> None:
    """Fail loudly when a mongomock-ng internal the shim patches or calls has gone."""
    missing = [name for name in names if not hasattr(module, name)]
    if missing:
        raise RuntimeError(
            f"mongomock-ng changed: {getattr(module, '__name__', module)} has no {missing}; "
            "queryleaf's embedded shim (queryleaf/engine/embedded*.py) needs updating"
        )


def install() -> None:
    require(aggregate, "_Parser", "_parse_expression")
    parser_class = aggregate._Parser
    require(parser_class, "parse", "parse_many", "_parse_basic_expression")
    require(parser_class({}, user_vars={}), "_doc_dict", "_user_vars")
    if getattr(parser_class.parse, "_queryleaf_shim", False):
        return
    original = parser_class.parse

    def parse(self, expression):
        kind = type(expression)
        if kind is str:
            if not expression.startswith("$"):
                return expression  # a string literal
            if "." not in expression and expression[1:2] != "$" and type(self._doc_dict) is dict:
                return self._doc_dict.get(expression[1:], MISSING)  # a top-level field
        elif kind in _LITERALS:
            return expression
        if isinstance(expression, list):
            # Array literals: a missing element becomes null, as on the server.
            return [None if v is MISSING else v for v in (self.parse(e) for e in expression)]
        if isinstance(expression, dict) and len(expression) == 1:
            ((name, args),) = expression.items()
            handler = OPERATORS.get(name)
            if handler is not None:
                return handler(self, args)
        return original(self, expression)

    parse._queryleaf_shim = True
    parser_class.parse = parse


# ---------------------------------------------------------------- argument helpers


def operands(args) -> list:
    """An operator's argument list: `{$op: [a, b]}` -> [a, b], `{$op: a}` -> [a]."""
    return list(args) if isinstance(args, list) else [args]


def fixed(args, count: int, name: str) -> list:
    items = operands(args)
    if len(items) != count:
        fail(
            f"Expression {name} takes exactly {count} arguments. {len(items)} were passed in.",
            16020,
        )
    return items


def ranged(args, low: int, high: int, name: str) -> list:
    items = operands(args)
    if not low <= len(items) <= high:
        fail(
            f"Expression {name} takes at least {low} arguments, and at most {high}, "
            f"but {len(items)} were passed in.",
            28667,
        )
    return items


def evaluate(parser, expression):
    return parser.parse(expression)


def evaluate_all(parser, expressions) -> list:
    return [parser.parse(e) for e in expressions]


def unary(parser, args, name: str):
    """The value of a one-argument operator (`{$op: x}` or `{$op: [x]}`)."""
    return parser.parse(fixed(args, 1, name)[0])


def named(args, name: str, required=(), optional=()) -> dict:
    """Check an object of named arguments ({input: ..., ...}) and return it."""
    if not isinstance(args, dict):
        fail(f"{name} expects an object of named arguments but found: {type(args).__name__}", 40517)
    for key in args:
        if key not in required and key not in optional:
            fail(f"{name} found an unknown argument: {key}", 40518)
    for key in required:
        if key not in args:
            fail(f"Missing '{key}' parameter to {name}", 40539)
    return args


def child_parser(parser, **variables):
    """A parser for the same document with extra `$$` variables (as $map/$filter/$let do)."""
    return aggregate._Parser(parser._doc_dict, user_vars=dict(parser._user_vars, **variables))
