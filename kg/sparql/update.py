"""SPARQL Update text for kg's writes, composed from serialised terms — never from raw strings.

Every term is written by pyoxigraph's own N-Triples serialisation (``str(term)``), which escapes
quotes, backslashes and newlines, so article text cannot break out of its literal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from pyoxigraph import Literal, NamedNode, Quad

MAX_TRIPLES_PER_OPERATION = 3000
"""Larger INSERT/DELETE DATA is split into several operations of the same request (still one
transaction). Virtuoso's SPARQL parser runs out of stack ("SP030 ... memory exhausted") at about
5,000 triples in one operation; the cross-article merge of a few hundred articles is far larger.
An article (about 1,000-2,500 quads) stays one operation: Virtuoso does not roll back the earlier
operations of a request that fails."""


def insert_data(quads: Iterable[Quad]) -> str:
    """``INSERT DATA { GRAPH <g> { ... } ... }`` (several ``;``-joined operations past
    MAX_TRIPLES_PER_OPERATION; empty string when there is nothing to insert)."""
    return _data_operations("INSERT", quads)


def delete_data(quads: Iterable[Quad]) -> str:
    """``DELETE DATA { GRAPH <g> { ... } ... }`` (split like :func:`insert_data`; empty string when
    there is nothing to delete)."""
    return _data_operations("DELETE", quads)


def _data_operations(keyword: str, quads: Iterable[Quad]) -> str:
    operations = []
    by_graph: dict[str, list[str]] = defaultdict(list)
    count = 0
    for quad in quads:
        by_graph[str(quad.graph_name)].append(f"{quad.subject} {quad.predicate} {quad.object} .")
        count += 1
        if count == MAX_TRIPLES_PER_OPERATION:
            operations.append(_data_operation(keyword, by_graph))
            by_graph, count = defaultdict(list), 0
    if by_graph:
        operations.append(_data_operation(keyword, by_graph))
    return join(operations)


def _data_operation(keyword: str, by_graph: dict[str, list[str]]) -> str:
    body = "\n".join(f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}" for graph, lines in by_graph.items())
    return f"{keyword} DATA {{\n{body}\n}}"


def drop_graph(graph: NamedNode) -> str:
    return f"DROP SILENT GRAPH {graph}"


def delete_subject(graph: NamedNode, subject: NamedNode) -> str:
    """Remove every triple about ``subject`` from ``graph``."""
    return f"DELETE WHERE {{ GRAPH {graph} {{ {subject} ?p ?o }} }}"


def delete_document(graph: NamedNode, key_property: NamedNode, key: Literal, graph_property: NamedNode) -> list[str]:
    """Operations removing every document whose ``key_property`` in ``graph`` is ``key``: the graphs
    it names with ``graph_property``, what ``graph`` says about those graphs, then about the document."""
    match = f"GRAPH {graph} {{ ?doc {key_property} {key} ; {graph_property} ?named }}"
    return [
        f"DELETE {{ GRAPH ?named {{ ?s ?p ?o }} }} WHERE {{ {match} GRAPH ?named {{ ?s ?p ?o }} }}",
        f"DELETE {{ GRAPH {graph} {{ ?named ?p ?o }} }} WHERE {{ {match} GRAPH {graph} {{ ?named ?p ?o }} }}",
        f"DELETE {{ GRAPH {graph} {{ ?doc ?p ?o }} }} WHERE {{ {match} GRAPH {graph} {{ ?doc ?p ?o }} }}",
    ]


def join(operations: Sequence[str]) -> str:
    """One update request: all operations succeed or none does."""
    return " ;\n".join(op for op in operations if op)
