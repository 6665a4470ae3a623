"""Query results as HTTP bodies: the SPARQL result formats for SELECT/ASK and RDF syntaxes for
CONSTRUCT/DESCRIBE, chosen by content negotiation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pyoxigraph import RdfFormat

from kg.api.errors import ApiError
from kg.api.negotiation import choose
from kg.sparql.formats import (
    CSV,
    JSON,
    TSV,
    XML,
    SolutionFormat,
    stream_solutions,
    stream_triples,
)
from kg.sparql.query import Answer, TripleStream

# media type -> format, in the server's order of preference
RESULT_TYPES: dict[str, SolutionFormat] = {
    "application/sparql-results+json": JSON,
    "application/json": JSON,
    "application/sparql-results+xml": XML,
    "application/xml": XML,
    "text/csv": CSV,
    "text/tab-separated-values": TSV,
}
GRAPH_TYPES: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/n-quads": RdfFormat.N_QUADS,
    "application/trig": RdfFormat.TRIG,
}
# the W3C format IRIs (http://www.w3.org/ns/formats/) of what /sparql can answer
FORMAT_NAMES = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
    "N-Quads",
    "TriG",
)


_TEXTUAL = ("application/xml", "application/n-triples", "application/n-quads", "application/trig")


def with_charset(media: str) -> str:
    """The Content-Type header for a textual media type (UTF-8 is all kg writes)."""
    textual = media.startswith("text/") or media.endswith(("json", "+xml")) or media in _TEXTUAL
    return media + "; charset=utf-8" if textual else media


@dataclass(frozen=True, slots=True)
class Negotiated:
    """What the client accepts for each kind of result (None: nothing acceptable)."""

    solutions: str | None
    graph: str | None

    @classmethod
    def from_accept(cls, accept: str | None) -> Negotiated:
        negotiated = cls(choose(accept, list(RESULT_TYPES)), choose(accept, list(GRAPH_TYPES)))
        if negotiated.solutions is None and negotiated.graph is None:
            raise ApiError(
                406, "not_acceptable", f"results are available as {', '.join([*RESULT_TYPES, *GRAPH_TYPES])}"
            )
        return negotiated


@dataclass(frozen=True, slots=True)
class Written:
    """What a serialised result is: its media type, and whether rows or triples were left out."""

    media: str
    truncated: bool


def write_answer(
    answer: Answer, accepted: Negotiated, write: Callable[[bytes], object], *, max_rows: int, max_bytes: int
) -> Written:
    """Serialise ``answer`` in the negotiated format, piece by piece through ``write``, within
    ``max_rows`` and ``max_bytes`` (406 when the client accepts no format for its kind)."""
    if isinstance(answer, TripleStream):
        if accepted.graph is None:
            raise ApiError(406, "not_acceptable", f"graph results are available as {', '.join(GRAPH_TYPES)}")
        truncated = stream_triples(answer, write, GRAPH_TYPES[accepted.graph], max_rows=max_rows, max_bytes=max_bytes)
        return Written(accepted.graph, truncated)
    if accepted.solutions is None:
        raise ApiError(406, "not_acceptable", f"query results are available as {', '.join(RESULT_TYPES)}")
    truncated = stream_solutions(
        RESULT_TYPES[accepted.solutions], answer, write, max_rows=max_rows, max_bytes=max_bytes
    )
    return Written(accepted.solutions, truncated)
