"""Static checks on SPARQL text before it reaches an engine.

pyoxigraph crashes the whole process on about 2,500 nested groups, and both embedded engines
fetch URLs named in SERVICE or LOAD. This lexer-level check runs in linear time and refuses such
requests with a clear error: nesting deeper than the limit, SERVICE, and LOAD (and any update
when updates are not allowed). Strings, IRIs and comments are skipped, so ``"SERVICE"`` in a
literal or ``<http://ex/load>`` is fine.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import QueryRefusedError, QueryTooComplexError

MAX_DEPTH = 128
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {")", "]", "}"}
_IRI_FORBIDDEN = set(' \t\r\n"{}|^`<')
_UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})


@dataclass(frozen=True, slots=True)
class QueryShape:
    depth: int
    keywords: frozenset[str]

    @property
    def is_update(self) -> bool:
        return bool(self.keywords & _UPDATE_KEYWORDS)


def scan(text: str) -> QueryShape:
    """Maximum bracket nesting and the bare keywords of a SPARQL text (upper-cased)."""
    depth = max_depth = 0
    keywords: set[str] = set()
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            i = _skip_string(text, i)
            continue
        if c == "<":
            j = i + 1
            while j < n and text[j] not in _IRI_FORBIDDEN and text[j] != ">":
                j += 1
            if j < n and text[j] == ">":
                i = j + 1  # an IRI
                continue
            i += 1  # the less-than operator
            continue
        if c in _OPEN:
            depth += 1
            max_depth = max(max_depth, depth)
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_-"):
                j += 1
            previous = text[i - 1] if i else ""
            following = text[j] if j < n else ""
            if (not previous or previous not in "?$:@") and following != ":":
                keywords.add(text[i:j].upper())
            i = j
            continue
        i += 1
    return QueryShape(depth=max_depth, keywords=frozenset(keywords))


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    long = text.startswith(quote * 3, i)
    end_marker = quote * 3 if long else quote
    j = i + (3 if long else 1)
    n = len(text)
    while j < n:
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(end_marker, j):
            return j + len(end_marker)
        if not long and text[j] == "\n":
            return j  # unterminated: let the parser report it
        j += 1
    return n


def check(text: str, *, max_depth: int = MAX_DEPTH, allow_update: bool = False) -> QueryShape:
    """Raise if the text nests too deep, uses SERVICE or LOAD, or is an update when not allowed."""
    shape = scan(text)
    if shape.depth > max_depth:
        raise QueryTooComplexError(f"query nesting depth {shape.depth} exceeds {max_depth}")
    if "SERVICE" in shape.keywords:
        raise QueryRefusedError("SERVICE is not allowed: kg never fetches remote data during a query")
    if "LOAD" in shape.keywords:
        raise QueryRefusedError("LOAD is not allowed: kg never fetches remote or local files during an update")
    if shape.is_update and not allow_update:
        raise QueryRefusedError("updates are not allowed here")
    return shape
