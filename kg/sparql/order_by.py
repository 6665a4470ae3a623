"""ORDER BY keys the embedded engine can sort without crashing.

pyoxigraph 0.5 compares two literals by value when it can (two numbers, two strings, two dates)
and by their lexical form otherwise. Over numbers and non-numbers together that is no total order
(9 < 10 by value, 10 < "5" and "5" < 9 by lexical form), and Rust's sort aborts the whole process
when it notices: ``SELECT * { ?s ?p ?o } ORDER BY ?o`` over a store holding integers and strings
kills ``kg serve``. Each key is therefore preceded by whether it is numeric, which splits the values
into two classes that each sort consistently: ``ORDER BY DESC(?o)`` is evaluated as
``ORDER BY DESC(isNumeric(?o)) DESC(?o)``. Where SPARQL defines the order (IRIs before literals,
numbers among themselves) nothing changes; between numbers and other literals, which SPARQL leaves
to the implementation, numbers sort after the rest (ascending).

The rewrite copies the query's own ORDER BY expressions next to the added ``isNumeric`` call; it
never adds text from anywhere else.
"""

from __future__ import annotations

import re

from kg.sparql.lexer import code_offsets

_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
# words that end an ORDER BY clause (at the clause's own nesting level)
_CLAUSE_END = re.compile(r"(?:LIMIT|OFFSET|VALUES)\b", re.IGNORECASE)
_DIRECTION = re.compile(r"(ASC|DESC)\s*\(", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$][\w]+")
_CALL = re.compile(r"(?:<[^<>\s]*>|[A-Za-z_][\w.-]*(?::[\w.-]*)?|:[\w.-]*)\s*\(")


def total_order(sparql: str) -> str:
    """``sparql`` with each ORDER BY key preceded by its numeric class (unchanged when it has none)."""
    out: list[str] = []
    position = 0
    for start, end in _order_by_clauses(sparql):
        keys = _keys(sparql, start, end)
        if keys is None:
            continue  # a clause this reader does not follow: left to the engine as written
        out.append(sparql[position:start])
        out.append(
            " "
            + " ".join(
                f"{direction}(isNumeric({expression})) {direction}({expression})" for direction, expression in keys
            )
            + " "
        )
        position = end
    out.append(sparql[position:])
    return "".join(out)


def _starts_word(text: str, i: int, word: re.Pattern[str]) -> re.Match[str] | None:
    """``word`` at ``i``, not glued to a name before it."""
    if i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_?$:"):
        return None
    return word.match(text, i)


def _order_by_clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of the conditions of every ORDER BY outside strings, IRIs and comments."""
    clauses: list[tuple[int, int]] = []
    skip_to = 0
    for i in code_offsets(text, 0, len(text)):
        if i >= skip_to and (match := _starts_word(text, i, _ORDER_BY)) is not None:
            end = _clause_end(text, match.end())
            clauses.append((match.end(), end))
            skip_to = end
    return clauses


def _clause_end(text: str, start: int) -> int:
    """Where the conditions starting at ``start`` end: LIMIT, OFFSET, VALUES, a closing brace or the end."""
    depth = 0
    for i in code_offsets(text, start, len(text)):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif depth == 0 and (c == "}" or _starts_word(text, i, _CLAUSE_END)):
            return i
    return len(text)


def _keys(text: str, start: int, end: int) -> list[tuple[str, str]] | None:
    """The (direction, expression) of each condition in ``text[start:end]``, or None if unreadable."""
    keys: list[tuple[str, str]] = []
    i = start
    while True:
        while i < end and text[i].isspace():
            i += 1
        if i >= end:
            return keys or None
        if (match := _DIRECTION.match(text, i)) is not None:
            close = _matching(text, match.end() - 1, end)
            if close is None:
                return None
            keys.append((match.group(1).upper(), text[match.end() : close].strip()))
            i = close + 1
        elif (match := _VARIABLE.match(text, i)) is not None:
            keys.append(("ASC", match.group()))
            i = match.end()
        elif text[i] == "(" or _CALL.match(text, i):
            opening = text.index("(", i)
            close = _matching(text, opening, end)
            if close is None:
                return None
            keys.append(("ASC", text[i : close + 1].strip()))
            i = close + 1
        else:
            return None


def _matching(text: str, opening: int, end: int) -> int | None:
    """The index of the parenthesis that closes the one at ``opening``, before ``end``."""
    depth = 0
    for i in code_offsets(text, opening, end):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return None
