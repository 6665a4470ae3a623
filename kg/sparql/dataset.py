"""``USING`` / ``USING NAMED`` clauses for an update whose dataset is given outside its text (the
SPARQL 1.1 Protocol's ``using-graph-uri`` / ``using-named-graph-uri``, §2.2.3), for an engine whose
API has no such parameter: the clauses are inserted before the ``WHERE`` of every DELETE/INSERT
operation.

Only serialised IRIs (``str(NamedNode)``, validated by pyoxigraph) are inserted, at positions found
by :func:`kg.sparql.lexer.tokens`, which skips strings, IRIs and comments; the update's own text is
never rewritten. ``DELETE WHERE { P }`` takes no USING, so it becomes its long form
``DELETE { P } USING ... WHERE { P }``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import NamedNode

from kg.sparql.lexer import tokens

_OPEN = frozenset("([{")
_CLOSE = frozenset(")]}")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "word" (upper-cased), "open", "close" or "semi"
    value: str
    start: int
    end: int
    depth: int  # bracket depth outside the token


def _structure(text: str) -> list[_Token]:
    """The keywords, brackets and top-level separators of a SPARQL text, with their positions."""
    out: list[_Token] = []
    depth = 0
    for token in tokens(text):
        if token.kind == "word":
            out.append(_Token("word", text[token.start : token.end].upper(), token.start, token.end, depth))
            continue
        value = text[token.start] if token.kind == "punct" else ""
        if value in _OPEN:
            out.append(_Token("open", value, token.start, token.end, depth))
            depth += 1
        elif value in _CLOSE:
            depth = max(0, depth - 1)
            out.append(_Token("close", value, token.start, token.end, depth))
        elif value == ";":
            out.append(_Token("semi", value, token.start, token.end, depth))
    return out


def names_dataset(text: str) -> bool:
    """Whether the update names its dataset itself (USING, USING NAMED or WITH)."""
    return any(t.kind == "word" and t.value in ("USING", "WITH") for t in _structure(text))


def _operations(toks: list[_Token]) -> list[list[_Token]]:
    operations: list[list[_Token]] = [[]]
    for token in toks:
        if token.kind == "semi" and token.depth == 0:
            operations.append([])
        else:
            operations[-1].append(token)
    return operations


def _matching_close(op: list[_Token], index: int) -> _Token | None:
    depth = op[index].depth
    for token in op[index + 1 :]:
        if token.kind == "close" and token.depth == depth:
            return token
    return None


def add_using(text: str, using: Sequence[NamedNode], using_named: Sequence[NamedNode]) -> str:
    """``text`` with ``USING`` / ``USING NAMED`` clauses for the graphs before the WHERE of each
    DELETE/INSERT operation (the caller checks first that the update names no dataset itself)."""
    if not using and not using_named:
        return text
    clause = " ".join([f"USING {iri}" for iri in using] + [f"USING NAMED {iri}" for iri in using_named])
    inserts: list[tuple[int, str]] = []
    for op in _operations(_structure(text)):
        words = [(i, t) for i, t in enumerate(op) if t.kind == "word" and t.depth == 0]
        if not words or words[0][1].value not in ("INSERT", "DELETE"):
            continue
        first_index, first = words[0]
        where = next(((i, t) for i, t in words if t.value == "WHERE"), None)
        if where is None:
            continue  # INSERT DATA / DELETE DATA
        where_index, where_token = where
        if first.value == "DELETE" and where_index == first_index + 1:  # DELETE WHERE { P }
            opening = where_index + 1
            closing = _matching_close(op, opening) if opening < len(op) and op[opening].kind == "open" else None
            if closing is None:
                continue  # malformed: the engine reports it
            pattern = text[op[opening].start : closing.end]
            inserts.append((where_token.start, f"{pattern} {clause} "))
        else:
            inserts.append((where_token.start, f"{clause} "))
    for position, insert in sorted(inserts, reverse=True):
        text = text[:position] + insert + text[position:]
    return text
