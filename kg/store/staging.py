"""Updates too large for one request to a SPARQL server, still applied in one request.

Virtuoso refuses an update whose text passes 10 MB ("SR...: The requested string session is
longer than 10Mb"); the merged view of a few hundred articles, or one very long article, is
larger. :func:`plan` turns such an update into staging writes plus one small update: the triples
of its ``INSERT DATA`` / ``DELETE DATA`` operations go first into staging graphs of their own
(through the Graph Store Protocol, which has no such limit, or in ``INSERT DATA`` requests of a
safe size), then one update does everything the original did, in the same order, with
``ADD <staging> TO <graph>`` in place of each insert and a ``DELETE ... WHERE`` from a staging
graph in place of each delete. Queries scoped to named graphs (all of kg's: the article graphs and
the merged view) see the change in that last update only, so for them an update stays as atomic as
it was. The staging graphs are dropped afterwards, not in that update: sent again after a lost
answer, it gives the same result.

Not atomic for a query over Virtuoso's union default graph: while the staging writes run, their
triples are in it, in graphs named ``urn:kg:staging:...`` that no provenance names. A process killed
between the staging writes and the clean-up leaves them there (drop them with ``DROP GRAPH``). An
update with blank nodes (``_:``, which kg never writes) is sent as it is: its pieces could split one
node in two.
"""

from __future__ import annotations

import re
import secrets
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from pyoxigraph import NamedNode, RdfFormat, Triple, parse

from kg.sparql.update import drop_graph, join

MAX_UPDATE_BYTES = 4 * 2**20
"""Larger updates are staged: well below Virtuoso's 10 MB, whatever the encoding of the request adds."""
STAGE_CHUNK_BYTES = 2 * 2**20
"""Without a Graph Store endpoint, staging graphs are written in ``INSERT DATA`` requests of about this size."""
INLINE_BYTES = 64 * 2**10
"""A run of data operations smaller than this stays in the update as it is (a digest, a run record)."""
SEPARATOR = " ;\n"
"""Between the operations of one update (:func:`kg.sparql.update.join`); N-Triples terms escape
newlines, so it never occurs inside a term kg writes."""

_DATA = re.compile(r"(INSERT|DELETE) DATA \{\n(.*)\n\}", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Stage:
    """Triples written to ``graph`` before the update that uses them."""

    graph: NamedNode
    triples: list[Triple]


@dataclass(slots=True)
class StagedUpdate:
    stages: list[Stage] = field(default_factory=list)
    update: str = ""
    """The update that applies the staged triples (and every other operation) at once."""

    @property
    def cleanup(self) -> str:
        return join([drop_graph(stage.graph) for stage in self.stages])


def needs_staging(text: str, limit: int = MAX_UPDATE_BYTES) -> bool:
    return len(text) > limit // 4 and len(text.encode("utf-8")) > limit


def plan(text: str, *, limit: int = MAX_UPDATE_BYTES) -> StagedUpdate | None:
    """``text`` as staging writes plus one update, or None when it is small enough to send as it
    is, or is not one of kg's updates (its data operations cannot be read back: sent as it is,
    the server says what it thinks of it)."""
    if not needs_staging(text, limit) or '"""' in text or "'''" in text or "_:" in text:
        return None
    token = secrets.token_hex(8)
    staged = StagedUpdate()
    operations: list[str] = []
    for keyword, run in _runs(text.split(SEPARATOR)):
        if keyword is None or sum(len(op) for op in run) < INLINE_BYTES:
            operations += run
            continue
        by_graph: dict[NamedNode, list[Triple]] = defaultdict(list)
        try:
            for op in run:
                match = _DATA.fullmatch(op)
                if match is None:
                    raise ValueError("not a data operation")
                for quad in parse(match.group(2).encode("utf-8"), format=RdfFormat.TRIG):
                    if not isinstance(quad.graph_name, NamedNode):
                        raise ValueError("a triple in the default graph")
                    by_graph[quad.graph_name].append(Triple(quad.subject, quad.predicate, quad.object))
        except (SyntaxError, ValueError):
            operations += run
            continue
        for graph, triples in by_graph.items():
            stage = Stage(NamedNode(f"urn:kg:staging:{token}:{len(staged.stages)}"), triples)
            staged.stages.append(stage)
            operations.append(_apply(keyword, stage.graph, graph))
    if not staged.stages:
        return None
    staged.update = join(operations)
    return staged


def _runs(operations: list[str]) -> Iterator[tuple[str | None, list[str]]]:
    """Consecutive operations grouped: runs of ``INSERT DATA`` or of ``DELETE DATA`` (whose order
    within the run does not matter), and every other operation alone (keyword None)."""
    keyword: str | None = None
    run: list[str] = []
    for op in operations:
        match = _DATA.fullmatch(op)
        this = match.group(1) if match else None
        if run and (this is None or this != keyword):
            yield keyword, run
            run = []
        keyword = this
        run.append(op)
    if run:
        yield keyword, run


def _apply(keyword: str, staging: NamedNode, graph: NamedNode) -> str:
    if keyword == "INSERT":
        return f"ADD SILENT {staging} TO {graph}"
    return f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {staging} {{ ?s ?p ?o }} }}"


def chunks(triples: list[Triple], size: int = STAGE_CHUNK_BYTES) -> Iterator[list[Triple]]:
    """``triples`` in lists of about ``size`` bytes of N-Triples (one triple alone may be larger)."""
    chunk: list[Triple] = []
    total = 0
    for triple in triples:
        length = len(str(triple).encode("utf-8")) + 3
        if chunk and total + length > size:
            yield chunk
            chunk, total = [], 0
        chunk.append(triple)
        total += length
    if chunk:
        yield chunk
