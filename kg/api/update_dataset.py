"""``using-graph-uri`` / ``using-named-graph-uri`` (SPARQL 1.1 Protocol §2.2.3) for an engine whose
API has no such parameter: the equivalent ``USING`` / ``USING NAMED`` clauses are inserted before
the ``WHERE`` of every DELETE/INSERT operation.

Only serialised IRIs (``str(NamedNode)``, validated by pyoxigraph) are inserted, at positions found
by a lexer that skips strings, IRIs and comments; the client's own text is never rewritten.
``DELETE WHERE { P }`` takes no USING, so it becomes its long form ``DELETE { P } USING ... WHERE { P }``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode

from kg.api.errors import ApiError

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {")", "]", "}"}
_IRI_FORBIDDEN = set(' \t\r\n"{}|^`<')


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "word" (upper-cased), "open", "close" or "semi"
    value: str
    start: int
    end: int
    depth: int  # bracket depth outside the token


def tokens(text: str) -> list[Token]:
    """The keywords, brackets and top-level separators of a SPARQL text, with their positions."""
    out: list[Token] = []
    depth, i, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            i = _skip_string(text, i)
        elif c == "<":
            j = i + 1
            while j < n and text[j] not in _IRI_FORBIDDEN and text[j] != ">":
                j += 1
            i = j + 1 if j < n and text[j] == ">" else i + 1
        elif c in _OPEN:
            out.append(Token("open", c, i, i + 1, depth))
            depth += 1
            i += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
            out.append(Token("close", c, i, i + 1, depth))
            i += 1
        elif c == ";":
            out.append(Token("semi", c, i, i + 1, depth))
            i += 1
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_-"):
                j += 1
            previous = text[i - 1] if i else ""
            following = text[j] if j < n else ""
            if (not previous or previous not in "?$:@") and following != ":":
                out.append(Token("word", text[i:j].upper(), i, j, depth))
            i = j
        else:
            i += 1
    return out


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    long = text.startswith(quote * 3, i)
    end_marker = quote * 3 if long else quote
    j, n = i + (3 if long else 1), len(text)
    while j < n:
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(end_marker, j):
            return j + len(end_marker)
        if not long and text[j] == "\n":
            return j
        j += 1
    return n


def absolute_iris(values: list[str], name: str) -> list[NamedNode]:
    """The request parameter ``name``'s values as IRIs (400 unless every one is absolute)."""
    try:
        return [NamedNode(v) for v in values]
    except ValueError:
        raise ApiError(400, "invalid_request", f"{name} must be absolute IRIs") from None


def _operations(toks: list[Token]) -> list[list[Token]]:
    operations: list[list[Token]] = [[]]
    for token in toks:
        if token.kind == "semi" and token.depth == 0:
            operations.append([])
        else:
            operations[-1].append(token)
    return operations


def _matching_close(op: list[Token], index: int) -> Token | None:
    depth = op[index].depth
    for token in op[index + 1 :]:
        if token.kind == "close" and token.depth == depth:
            return token
    return None


def apply_dataset(text: str, using: list[str], using_named: list[str]) -> str:
    """``text`` with the protocol's dataset added as USING / USING NAMED clauses. 400 when the
    request also names a dataset itself (USING, USING NAMED or WITH)."""
    if not using and not using_named:
        return text
    clause = " ".join(
        [f"USING {iri}" for iri in absolute_iris(using, "using-graph-uri")]
        + [f"USING NAMED {iri}" for iri in absolute_iris(using_named, "using-named-graph-uri")]
    )
    toks = tokens(text)
    if any(t.kind == "word" and t.value in ("USING", "WITH") for t in toks):
        raise ApiError(
            400,
            "invalid_request",
            "using-graph-uri / using-named-graph-uri cannot be combined with USING, USING NAMED or WITH in the update",
        )
    inserts: list[tuple[int, str]] = []
    for op in _operations(toks):
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
