"""Just enough reading of a SPARQL query to send it to a remote store: its form, and pre-bound
variables injected as a ``VALUES`` block at the start of its WHERE group.

The values are terms serialised by pyoxigraph (``str(term)``: N-Triples syntax, which escapes
quotes, backslashes and newlines), never raw text, so a binding cannot change the query's shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from pyoxigraph import Literal, NamedNode

from kg.errors import QueryError

FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_IRI_END = set(' \t\r\n"{}|^`<>')


def code_offsets(text: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """The offsets in ``text[start:end]`` of characters that are code: comments, strings and IRIs are
    skipped (a ``<`` that opens no IRI is code: the less-than operator)."""
    i, n = start, len(text) if end is None else end
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            i = skip_string(text, i)
        elif c == "<" and (j := _iri_end(text, i)) is not None:
            i = j
        else:
            yield i
            i += 1


def _iri_end(text: str, i: int) -> int | None:
    """The offset after the IRI that opens at ``i``, if one does."""
    j = i + 1
    while j < len(text) and text[j] not in _IRI_END:
        j += 1
    return j + 1 if j < len(text) and text[j] == ">" else None


def _tokens(text: str) -> Iterator[tuple[str, int]]:
    """Bare words (upper-cased) and braces with their offsets; comments, strings, IRIs, variables
    and prefixed names are skipped."""
    n, after_word = len(text), 0
    for i in code_offsets(text):
        if i < after_word:
            continue
        c = text[i]
        if c in "{}":
            yield c, i
        elif c.isalpha() or c in "_?$":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in "_-.:"):
                j += 1
            word = text[i:j].rstrip(".")
            if c not in "?$" and ":" not in word:
                yield word.upper(), i
            after_word = i + max(len(word), 1)


def skip_string(text: str, i: int) -> int:
    quote = text[i]
    marker = quote * 3 if text.startswith(quote * 3, i) else quote
    j = i + len(marker)
    while j < len(text):
        if text[j] == "\\":
            j += 2
        elif text.startswith(marker, j):
            return j + len(marker)
        else:
            j += 1
    return len(text)


def query_form(text: str) -> str:
    """``SELECT``, ``CONSTRUCT``, ``DESCRIBE`` or ``ASK`` (``QueryError`` if none)."""
    for token, _ in _tokens(text):
        if token in FORMS:
            return token
        if token == "{":
            break
    raise QueryError("not a SPARQL query: expected SELECT, CONSTRUCT, DESCRIBE or ASK")


def where_group_start(text: str) -> int | None:
    """Offset just inside the opening brace of the query's WHERE group (None: there is none, as in
    ``DESCRIBE <iri>``)."""
    form: str | None = None
    depth = 0
    template_pending = False  # CONSTRUCT's first group is its template, unless WHERE comes first
    for token, at in _tokens(text):
        if form is None:
            if token in FORMS:
                form = token
                template_pending = token == "CONSTRUCT"
        elif token == "{":
            if depth == 0 and not template_pending:
                return at + 1
            template_pending = template_pending and depth > 0
            depth += 1
        elif token == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and token == "WHERE":
            template_pending = False
    return None


def values_block(bindings: Mapping[str, NamedNode | Literal]) -> str:
    """``VALUES (?a ?b) { (<x> "y") }`` from pyoxigraph terms."""
    names = []
    for name, term in bindings.items():
        if not _VARNAME.match(name):
            raise QueryError(f"cannot bind {name!r}: not a plain SPARQL variable name")
        if not isinstance(term, (NamedNode, Literal)):
            raise QueryError(f"cannot bind ?{name} to {term!r}: only IRIs and literals can be bound")
        names.append(f"?{name}")
    row = " ".join(str(term) for term in bindings.values())
    return f"VALUES ({' '.join(names)}) {{ ({row}) }}"


def bind(text: str, bindings: Mapping[str, NamedNode | Literal] | None) -> str:
    """The query with ``bindings`` pre-bound by a VALUES block opening its WHERE group, so that
    every pattern and FILTER of that group sees them."""
    if not bindings:
        return text
    at = where_group_start(text)
    if at is None:
        raise QueryError("cannot bind variables of a query without a WHERE group")
    return f"{text[:at]} {values_block(bindings)}\n{text[at:]}"
