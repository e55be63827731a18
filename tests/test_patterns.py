"""LIKE -> regex: same meaning in PCRE (server) and Python (embedded engine)."""

import re

import pytest

from queryleaf.compile.patterns import PatternError, like_to_regex


@pytest.mark.parametrize(
    "pattern, regex",
    [
        ("abc", r"^abc(?![\s\S])"),
        ("abc%", "^abc"),
        ("%abc", r"abc(?![\s\S])"),
        ("%abc%", "abc"),
        ("a_c", r"^a[\s\S]c(?![\s\S])"),
        ("a%c", r"^a[\s\S]*c(?![\s\S])"),
        ("%", ""),
        ("", r"^(?![\s\S])"),
        ("a.c", r"^a\.c(?![\s\S])"),
        (r"100\%", r"^100%(?![\s\S])"),
    ],
)
def test_like_to_regex(pattern, regex):
    assert like_to_regex(pattern) == regex


@pytest.mark.parametrize(
    "pattern, text, matches",
    [
        ("abc", "abc\n", False),  # `$` would match before the newline; the lookahead does not
        ("a_c", "a\nc", True),  # _ matches a newline, as in PostgreSQL
        ("a%", "a\nb", True),
        ("ab", "xab", False),
        ("%b", "ab\n", False),
        ("_", "", False),
    ],
)
def test_like_semantics(pattern, text, matches):
    assert bool(re.search(like_to_regex(pattern), text)) is matches


def test_custom_escape():
    assert like_to_regex("100!%%", escape="!") == "^100%"


def test_no_escape_character():
    assert like_to_regex("a\\%", escape=None) == "^a\\\\"


def test_dangling_escape_is_an_error():
    with pytest.raises(PatternError):
        like_to_regex("abc\\")
