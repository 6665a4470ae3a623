"""Static checks on SPARQL text before it reaches an engine.

pyoxigraph crashes the whole process on about 2,500 nested groups, and on long flat chains too
(about 3,000 ``MINUS {}``, 5,000 collection items, 7,000 terms of ``1+1+…`` on an 8 MiB stack);
both embedded engines fetch URLs named in SERVICE or LOAD. This lexer-level check runs in linear
time and refuses such requests with a clear error: nesting deeper than the limit, more tokens than
the budget, SERVICE, and LOAD (and any update when updates are not allowed). Strings, IRIs and
comments are skipped, so ``"SERVICE"`` in a literal or ``<http://ex/load>`` is fine.

The token budget counts the query's code, not its data: constants in ``VALUES`` blocks, in the
bodies of ``INSERT DATA`` / ``DELETE DATA`` and in ``IN (…)`` lists are free, so long lists of
values stay possible (the engine handles those flat, without recursion).

The engine's parser decides from the grammar what a character means: ``<`` opens an IRI or is
the less-than operator, ``\\'`` and ``\\#`` inside a prefixed name are name characters, a comment
ends at CR or LF. A lexer cannot know which reading the parser takes, so the guard follows every
reading at once (:func:`kg.sparql.lexer.code_readings`) and reports the deepest nesting and every keyword
any reading sees: the check errs on the side of refusing, never on the side of crashing.
SERVICE / LOAD count wherever the parser could read them as keywords, including glued to a number
(``1SERVICE``) or followed by a prefixed name (``SERVICE:x``); so a prefix named ``service:`` or
``load:`` is refused where it is used (rename it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from kg.errors import QueryRefusedError, QueryTooComplexError
from kg.sparql.lexer import code_readings

MAX_DEPTH = 128
MAX_TOKENS = 4_000
"""Half the smallest flat chain that crashed pyoxigraph 0.5.13 on an 8 MiB stack (``MINUS {}`` × 3,000,
9,000 tokens); ``kg serve`` also runs queries on 64 MiB stacks (kg.api.threads)."""
_OPEN = frozenset("([{")
_CLOSE = frozenset(")]}")
_UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
_WORD = re.compile(r"[^\W\d][\w-]*")
_FETCHING = re.compile(r"(?=(service|load))", re.IGNORECASE)
_NAME_RUN = re.compile(r"[\w]*\Z")  # letters, digits, underscore (any script)
_PNAME_RUN = re.compile(r"[\w.:-]*\Z")
_NUMBER_OR_BOOLEAN = re.compile(r"\d+|\d*[eE]\d+|true|false", re.IGNORECASE)
_LANGTAG_PREFIX = re.compile(r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*-\Z")
# a token of code: variable, number, word or prefixed name, two-character operator, other character
_TOKEN = re.compile(r"[?$]\w+|\d*\.?\d+(?:[eE][+-]?\d+)?|[^\W\d][\w.:-]*|:[\w.:-]*|\|\||&&|!=|<=|>=|\^\^|\S")
# tokens that stand for a constant: number, quote (a string starts), '<' (an IRI starts), prefixed name, boolean
_CONSTANT = re.compile(r"[\d.]|['\"<]|[^\W\d][\w.-]*:|:|(?i:true|false|undef)\Z")


@dataclass(frozen=True, slots=True)
class QueryShape:
    depth: int
    keywords: frozenset[str]
    tokens: int

    @property
    def is_update(self) -> bool:
        return bool(self.keywords & _UPDATE_KEYWORDS)


def scan(text: str) -> QueryShape:
    """Maximum bracket nesting and the bare keywords of a SPARQL text (upper-cased), over every
    way the engine might read it."""
    readings = code_readings(text)
    spans = readings.code_spans
    starts = [s for s, _ in spans]

    def live(p: int) -> bool:
        k = bisect_right(starts, p) - 1
        return k >= 0 and p < spans[k][1]

    keywords: set[str] = set()
    for match in _WORD.finditer(text):
        p, end = match.span()
        previous = text[p - 1] if p else ""
        if live(p) and (not previous or previous not in "?$:@") and text[end : end + 1] != ":":
            keywords.add(match.group().upper())
    for match in _FETCHING.finditer(text):
        p = match.start()
        if live(p) and _may_be_keyword(text, p):
            keywords.add(match.group(1).upper())
    code = " ".join(text[start:end] for start, end in spans)
    return QueryShape(depth=readings.depth, keywords=frozenset(keywords), tokens=_code_tokens(_TOKEN.findall(code)))


def _code_tokens(tokens: list[str]) -> int:
    """How many tokens count against the budget: all but data (VALUES and INSERT/DELETE DATA
    blocks, and the constants and commas of IN lists)."""
    count, i, n = 0, 0, len(tokens)
    while i < n:
        word = tokens[i].upper()
        if word == "VALUES" or (word == "DATA" and i and tokens[i - 1].upper() in ("INSERT", "DELETE")):
            i = _skip_block(tokens, i + 1, "{", "}")
            count += 1
            continue
        count += 1
        i += 1
        if word == "IN" and i < n and tokens[i] == "(":
            depth = 0
            while i < n:
                token = tokens[i]
                depth += token in _OPEN
                depth -= token in _CLOSE
                if depth <= 0:
                    break
                free = depth == 1 and (token in ",(" or _CONSTANT.match(token) is not None)
                count += not free
                i += 1
    return count


def _skip_block(tokens: list[str], i: int, opening: str, closing: str) -> int:
    """The index after the block that opens at the first ``opening`` from ``i`` (its own
    nested brackets included)."""
    n = len(tokens)
    while i < n and tokens[i] != opening:
        i += 1
    depth = 0
    while i < n:
        depth += tokens[i] == opening
        depth -= tokens[i] == closing
        i += 1
        if depth == 0:
            break
    return i


def _may_be_keyword(text: str, p: int) -> bool:
    """Whether the parser could read SERVICE / LOAD at ``p`` as the keyword, not as part of a
    variable, prefixed name, blank node label or language tag (those are read greedily)."""
    if p == 0:
        return True
    previous = text[p - 1]
    if previous in "?$:@":
        return False
    head = text[max(0, p - 256) : p]
    if previous.isalnum() or previous == "_":
        run = _run_before(_NAME_RUN, head)
        before = head[-len(run) - 1] if len(run) < len(head) else ""
        if before in ("?", "$", ":"):
            return False
        if before == "@" and run.isalpha():
            return False
        return bool(_NUMBER_OR_BOOLEAN.fullmatch(run)) or before == ""  # "1SERVICE" reads as 1 SERVICE
    if previous in ".-":
        run = _run_before(_PNAME_RUN, head)
        colon = run.rfind(":")
        if colon >= 0 and colon + 1 < len(run) and run[colon + 1] not in ".-":
            return False
        if previous == "-" and _LANGTAG_PREFIX.search(head):
            return False
    return True


def _run_before(run: re.Pattern[str], head: str) -> str:
    """The characters of ``run`` (a pattern ending in ``*\\Z``, so it always matches) at the end of ``head``."""
    match = run.search(head)
    return match.group() if match is not None else ""


def check(
    text: str, *, max_depth: int = MAX_DEPTH, max_tokens: int = MAX_TOKENS, allow_update: bool = False
) -> QueryShape:
    """Raise if the text nests too deep, has more code tokens than the budget, uses SERVICE or
    LOAD, or is an update when not allowed."""
    shape = scan(text)
    if shape.depth > max_depth:
        raise QueryTooComplexError(f"query nesting depth {shape.depth} exceeds {max_depth}")
    if shape.tokens > max_tokens:
        raise QueryTooComplexError(
            f"query has {shape.tokens} tokens of code, more than {max_tokens}; "
            "long lists of values belong in VALUES or IN (...), which do not count"
        )
    if "SERVICE" in shape.keywords:
        raise QueryRefusedError("SERVICE is not allowed: kg never fetches remote data during a query")
    if "LOAD" in shape.keywords:
        raise QueryRefusedError("LOAD is not allowed: kg never fetches remote or local files during an update")
    if shape.is_update and not allow_update:
        raise QueryRefusedError("updates are not allowed here")
    return shape
