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
ends at CR or LF. A lexer cannot know which reading the parser takes, so it follows every reading
at once (a small non-deterministic automaton) and reports the deepest nesting and every keyword
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

MAX_DEPTH = 128
MAX_TOKENS = 4_000
"""Half the smallest flat chain that crashed pyoxigraph 0.5.13 on an 8 MiB stack (``MINUS {}`` × 3,000,
9,000 tokens); ``kg serve`` also runs queries on 64 MiB stacks (kg.api.threads)."""
_OPEN = frozenset("([{")
_CLOSE = frozenset(")]}")
_UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
# characters the engine never accepts inside <...> (an IRI ends, or fails, there)
_IRI_SPAN = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_SPECIAL = re.compile(r"[<'\"#\\/()\[\]{}]")
_WORD = re.compile(r"[^\W\d][\w-]*")
_FETCHING = re.compile(r"(?=(service|load))", re.IGNORECASE)
_NAME_RUN = re.compile(r"[\w]*\Z")  # letters, digits, underscore (any script)
_PNAME_RUN = re.compile(r"[\w.:-]*\Z")
_NUMBER_OR_BOOLEAN = re.compile(r"\d+|\d*[eE]\d+|true|false", re.IGNORECASE)
_LANGTAG_PREFIX = re.compile(r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*-\Z")

# reading modes of the automaton
(
    _N,
    _NI,
    _NE,
    _C,
    _I,
    _S1,
    _S1E,
    _S2,
    _S2E,
    _Q1A,
    _Q1B,
    _Q2A,
    _Q2B,
    _L1,
    _L1E,
    _L1Q1,
    _L1Q2,
    _L2,
    _L2E,
    _L2Q1,
    _L2Q2,
) = range(21)
_STRING = {"'": (_S1, _Q1A), '"': (_S2, _Q2A)}  # a short string, or perhaps a long one
_LONG_START = {_Q1A: ("'", _Q1B), _Q1B: ("'", _L1), _Q2A: ('"', _Q2B), _Q2B: ('"', _L2)}
_SHIFTY = re.compile(r"['#()\[\]]")  # IRI characters that nest, quote or comment when read as code
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
    depth, spans = _walk(text)
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
    return QueryShape(depth=depth, keywords=frozenset(keywords), tokens=_code_tokens(_TOKEN.findall(code)))


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
        run = _NAME_RUN.search(head).group()  # type: ignore[union-attr]
        before = head[-len(run) - 1] if len(run) < len(head) else ""
        if before in ("?", "$", ":"):
            return False
        if before == "@" and run.isalpha():
            return False
        return bool(_NUMBER_OR_BOOLEAN.fullmatch(run)) or before == ""  # "1SERVICE" reads as 1 SERVICE
    if previous in ".-":
        run = _PNAME_RUN.search(head).group()  # type: ignore[union-attr]
        colon = run.rfind(":")
        if colon >= 0 and colon + 1 < len(run) and run[colon + 1] not in ".-":
            return False
        if previous == "-" and _LANGTAG_PREFIX.search(head):
            return False
    return True


def _walk(text: str) -> tuple[int, list[tuple[int, int]]]:
    """Run the automaton: the deepest nesting over all readings, and the spans where some
    reading is in plain code (outside strings, IRIs, comments and ``<...>``)."""
    n = len(text)
    states: dict[int, int] = {_N: 0}
    max_depth = 0
    spans: list[tuple[int, int]] = []
    live_from = -1  # start of the current plain span
    span_end = -1  # index of the '>' that closes the current <...>
    i = 0
    while i < n and states:
        if len(states) == 1 and _N in states:  # fast path: a single, plain reading
            if live_from < 0:
                live_from = i
            match = _SPECIAL.search(text, i)
            if match is None:
                i = n
                break
            i = match.start()
            iri = _IRI_SPAN.match(text, i) if text[i] == "<" else None
            if iri and not _SHIFTY.search(text, i + 1, iri.end() - 1):
                spans.append((live_from, i + 1))  # both readings of <...> meet again after it
                live_from = -1
                i = iri.end()
                continue
        live = _N in states
        if live and live_from < 0:
            live_from = i
        elif not live and live_from >= 0:
            spans.append((live_from, i))
            live_from = -1
        c = text[i]
        new: dict[int, int] = {}
        for mode, d in states.items():
            for next_mode, next_depth in _step(mode, d, c, text, i, span_end):
                if new.get(next_mode, -1) < next_depth:
                    new[next_mode] = next_depth
                max_depth = max(max_depth, next_depth)
        if c == "<" and _I in new and _I not in states:
            span_end = _IRI_SPAN.match(text, i).end() - 1  # type: ignore[union-attr]
        states = new
        i += 1
    if live_from >= 0:
        spans.append((live_from, i))
    return max_depth, spans


def _step(mode: int, d: int, c: str, text: str, i: int, span_end: int) -> list[tuple[int, int]]:
    """The readings after character ``c`` (at ``i``) of a reading in ``mode`` at depth ``d``."""
    if mode in (_N, _NI):
        if mode == _NI and i == span_end:  # the '>' closing <...>, read as an operator
            return [(_N, d)]
        if c == "<" and mode == _N:
            return [(_I, d), (_NI, d)] if _IRI_SPAN.match(text, i) else [(_N, d)]
        if c in _OPEN:
            return [(mode, d + 1)]
        if c in _CLOSE:
            return [(mode, max(0, d - 1))]
        if c in _STRING:
            return [(_STRING[c][0], d), (_STRING[c][1], d)]
        if c == "#":
            return [(_C, d)]
        if c == "\\":
            return [(_NE, d)]
        if c == "/" and text.startswith("/", i + 1):
            return []  # "//" is never valid outside IRIs, strings and comments: the parse stops
        return [(mode, d)]
    if mode == _NE:
        return [(_N, d)]
    if mode == _C:
        return [(_N if c in "\r\n" else _C, d)]
    if mode == _I:
        return [(_N if i == span_end else _I, d)]
    if mode in (_S1, _S2):
        if c == "\\":
            return [(mode + 1, d)]
        if c == ("'" if mode == _S1 else '"'):
            return [(_N, d)]
        return [] if c in "\r\n" else [(mode, d)]  # a short string cannot span lines
    if mode in (_S1E, _S2E):
        return [(mode - 1, d)]
    if mode in _LONG_START:
        quote, next_mode = _LONG_START[mode]
        return [(next_mode, d)] if c == quote else []
    body = _L1 if mode <= _L1Q2 else _L2
    if mode == body + 1:  # after a backslash
        return [(body, d)]
    if c == "\\":
        return [(body + 1, d)]
    if c == ("'" if body == _L1 else '"'):
        return [(_N, d)] if mode == body + 3 else [(mode + 1 if mode != body else body + 2, d)]
    return [(body, d)]


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
