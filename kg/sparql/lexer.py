"""The lexical rules of SPARQL text, in one place: where strings, IRIs and comments start and end.

Two readers share them. :func:`tokens` reads text the way the grammar does, one way only, for the
code that finds positions in a query or update (:mod:`kg.sparql.bind`, :mod:`kg.sparql.dataset`,
:mod:`kg.sparql.order_by`). :func:`code_readings` follows every way the engine might read the text
at once, for the guard (:mod:`kg.sparql.guard`), which must err on the side of refusing.

The rules (SPARQL 1.1 §19.8): a string is ``'…'``, ``"…"``, ``'''…'''`` or ``\"\"\"…\"\"\"``, a
backslash escapes the next character, and a short string cannot span lines; an IRI is ``<…>`` without
spaces, controls or ``<>"{}|^`\\`` except as ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes (a ``<`` that opens
none is the less-than operator); a comment runs from ``#`` to the end of the line (CR or LF); in a
prefixed name's local part ``\\#``, ``\\'`` and the other escapes of PN_LOCAL_ESC are name characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple, cast

IRIREF = re.compile(r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>")
"""An IRI written in full; pyoxigraph accepts ``\\u`` / ``\\U`` escapes in it, no other backslash."""
LINE_BREAKS = "\r\n"
"""End a comment; a short string cannot hold them."""
# a string's body stops at its closing quotes, at a line break (short strings) or at the end of the text;
# long strings come first: three quotes open a long string, not an empty one
_STRINGS = (
    r"'''(?:[^'\\]|\\[\s\S]?|'(?!''))*+(?:''')?",
    r'"""(?:[^"\\]|\\[\s\S]?|"(?!""))*+(?:""")?',
    r"'(?:[^'\\\r\n]|\\[\s\S]?)*+'?",
    r'"(?:[^"\\\r\n]|\\[\s\S]?)*+"?',
)
# a character of a prefixed name's local part (a dot too, but not at its end): PN_CHARS, PLX, PN_LOCAL_ESC
_LOCAL = r"(?:[\w:-]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
# whitespace, then one alternative per kind of token; the last takes any other character
_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<comment>#[^\r\n]*)"
    rf"|(?P<string>{'|'.join(_STRINGS)})"
    rf"|(?P<iri>{IRIREF.pattern})"
    r"|(?P<variable>[?$]\w+)"
    rf"|(?P<pname>(?:[^\W\d][\w.-]*)?:(?:{_LOCAL}|\.+(?={_LOCAL}))*)"  # not ending with a dot
    r"|(?P<word>[^\W\d][\w-]*)"
    r"|(?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<number>\d*\.?\d+(?:[eE][+-]?\d+)?)"
    r"|(?P<punct>[\s\S]))"
)

Kind = Literal["comment", "string", "iri", "variable", "pname", "word", "langtag", "number", "punct"]
NOT_CODE: frozenset[Kind] = frozenset({"comment", "string", "iri"})
"""Kinds of token whose characters are data or commentary, never code."""


class Token(NamedTuple):
    """A token of SPARQL text: its kind and its span ``text[start:end]``.

    ``word`` is a bare name (a keyword, function name or ``a``), ``pname`` a prefixed name or blank
    node label, ``punct`` any other single character (bracket, operator, separator)."""

    kind: Kind
    start: int
    end: int


def tokens(text: str, start: int = 0, end: int | None = None) -> Iterator[Token]:
    """The tokens of ``text`` that start in ``text[start:end]`` (whitespace is skipped; a string,
    IRI, comment or name that starts there is read to its own end)."""
    n = len(text) if end is None else end
    for token in _TOKEN.finditer(text, start):  # each match starts where the last ended: any character matches
        kind = cast(Kind, token.lastgroup)  # the group names are the kinds
        at = token.start(kind)
        if at >= n:
            return
        yield Token(kind, at, token.end())


def code_offsets(text: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """The offsets in ``text[start:end]`` of characters that are code: comments, strings and IRIs
    are skipped (a ``<`` that opens no IRI is code: the less-than operator)."""
    n = len(text) if end is None else end
    position = start
    for token in tokens(text, start, n):
        yield from range(position, token.start)
        if token.kind not in NOT_CODE:
            yield from range(token.start, min(token.end, n))
        position = token.end
    yield from range(position, n)


# ---- every reading at once (for the guard) ------------------------------------------------------------
#
# The engine's parser decides from the grammar what a character means: ``<`` opens an IRI or is the
# less-than operator, ``\'`` and ``\#`` inside a prefixed name are name characters. A lexer cannot know
# which reading the parser takes, so this one follows every reading at once (a small non-deterministic
# automaton, one character at a time).

_OPEN = frozenset("([{")
_CLOSE = frozenset(")]}")
_SPECIAL = re.compile(r"[<'\"#\\/()\[\]{}]")
_SHIFTY = re.compile(r"['#()\[\]]")  # IRI characters that nest, quote or comment when read as code

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


@dataclass(frozen=True, slots=True)
class Readings:
    """What every reading of a text has in common: the deepest bracket nesting any reading reaches,
    and the spans where some reading is in plain code (outside strings, IRIs, comments and ``<...>``)."""

    depth: int
    code_spans: list[tuple[int, int]]


def code_readings(text: str) -> Readings:
    """Run the automaton over ``text``, following every reading the engine might take."""
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
            iri = IRIREF.match(text, i) if text[i] == "<" else None
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
        if c == "<" and _I in new and _I not in states and (opened := IRIREF.match(text, i)) is not None:
            span_end = opened.end() - 1
        states = new
        i += 1
    if live_from >= 0:
        spans.append((live_from, i))
    return Readings(max_depth, spans)


def _step(mode: int, d: int, c: str, text: str, i: int, span_end: int) -> list[tuple[int, int]]:
    """The readings after character ``c`` (at ``i``) of a reading in ``mode`` at depth ``d``."""
    if mode in (_N, _NI):
        if mode == _NI and i == span_end:  # the '>' closing <...>, read as an operator
            return [(_N, d)]
        if c == "<" and mode == _N:
            return [(_I, d), (_NI, d)] if IRIREF.match(text, i) else [(_N, d)]
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
        return [(_N if c in LINE_BREAKS else _C, d)]
    if mode == _I:
        return [(_N if i == span_end else _I, d)]
    if mode in (_S1, _S2):
        if c == "\\":
            return [(mode + 1, d)]
        if c == ("'" if mode == _S1 else '"'):
            return [(_N, d)]
        return [] if c in LINE_BREAKS else [(mode, d)]  # a short string cannot span lines
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
