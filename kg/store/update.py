"""SPARQL Update text for kg's writes, composed from serialised terms — never from raw strings.

Every term is written by pyoxigraph's own N-Triples serialisation (``str(term)``), which escapes
quotes, backslashes and newlines, so article text cannot break out of its literal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from pyoxigraph import NamedNode, Quad


def insert_data(quads: Iterable[Quad]) -> str:
    """``INSERT DATA { GRAPH <g> { ... } ... }`` (empty string when there is nothing to insert)."""
    by_graph: dict[str, list[str]] = defaultdict(list)
    for quad in quads:
        by_graph[str(quad.graph_name)].append(f"{quad.subject} {quad.predicate} {quad.object} .")
    if not by_graph:
        return ""
    body = "\n".join(f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}" for graph, lines in by_graph.items())
    return f"INSERT DATA {{\n{body}\n}}"


def drop_graph(graph: NamedNode) -> str:
    return f"DROP SILENT GRAPH {graph}"


def delete_subject(graph: NamedNode, subject: NamedNode) -> str:
    """Remove every triple about ``subject`` from ``graph``."""
    return f"DELETE WHERE {{ GRAPH {graph} {{ {subject} ?p ?o }} }}"


def join(operations: Sequence[str]) -> str:
    """One update request: all operations succeed or none does."""
    return " ;\n".join(op for op in operations if op)
