"""The JSON nesting pre-check that guards pyoxigraph's JSON-LD parser (which overflows its stack on a
few thousand nested objects) counts only structure, and reads hostile strings in one pass."""

from __future__ import annotations

from kg.api.uploads import json_depth


def test_brackets_inside_strings_do_not_count() -> None:
    assert json_depth(b'{"a": [1, "]]]\\"[[[[", {"b": []}]}') == 4
    assert json_depth(b"[[[[]]]]") == 4
    assert json_depth(b"") == 0 and json_depth(b'"[[["') == 0


def test_an_unterminated_string_ends_the_count() -> None:
    assert json_depth(b'[{"a": "[[[[[[') == 2
    assert json_depth(b'[["\\') == 2


def test_a_megabyte_of_escaped_quotes_is_one_pass() -> None:
    # a string pattern that required its closing quote rescanned from every quote: 16 KB took 1.5 s,
    # so this megabyte would have taken hours; the suite's timeout catches a regression
    assert json_depth(b'[["' + b'\\"' * 500_000) == 2
