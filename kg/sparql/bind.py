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
from kg.sparql.lexer import tokens

FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _tokens(text: str) -> Iterator[tuple[str, int]]:
    """Bare words (upper-cased) and braces with their offsets; comments, strings, IRIs, variables
    and prefixed names are skipped."""
    for token in tokens(text):
        if token.kind == "word":
            yield text[token.start : token.end].upper(), token.start
        elif token.kind == "punct" and text[token.start] in "{}":
            yield text[token.start], token.start


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
