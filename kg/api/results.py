"""Query results as HTTP bodies: the SPARQL result formats for SELECT/ASK and RDF syntaxes for
CONSTRUCT/DESCRIBE, chosen by content negotiation."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from pyoxigraph import RdfFormat

from kg.api.errors import ApiError
from kg.api.negotiation import choose
from kg.query import (
    AskResult,
    GraphResult,
    Result,
    SelectResult,
    to_csv,
    to_json,
    to_tsv,
    to_xml,
    write_graph,
)

# media type -> writer, in the server's order of preference
RESULT_TYPES: dict[str, Callable[[SelectResult | AskResult], bytes]] = {
    "application/sparql-results+json": to_json,
    "application/json": to_json,
    "application/sparql-results+xml": to_xml,
    "application/xml": to_xml,
    "text/csv": to_csv,
    "text/tab-separated-values": to_tsv,
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
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads", "TriG",
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
            raise ApiError(406, "not_acceptable", f"results are available as {', '.join([*RESULT_TYPES, *GRAPH_TYPES])}")
        return negotiated


@dataclass(frozen=True, slots=True)
class Rendered:
    media: str
    body: bytes
    truncated: bool


def render(result: Result, accepted: Negotiated) -> Rendered:
    """Serialise ``result`` in the negotiated format (406 when the client accepts none for its kind)."""
    if isinstance(result, GraphResult):
        if accepted.graph is None:
            raise ApiError(406, "not_acceptable", f"graph results are available as {', '.join(GRAPH_TYPES)}")
        buffer = io.BytesIO()
        write_graph(result, buffer, GRAPH_TYPES[accepted.graph])
        return Rendered(accepted.graph, buffer.getvalue(), result.truncated)
    if accepted.solutions is None:
        raise ApiError(406, "not_acceptable", f"query results are available as {', '.join(RESULT_TYPES)}")
    truncated = isinstance(result, SelectResult) and result.truncated
    return Rendered(accepted.solutions, RESULT_TYPES[accepted.solutions](result), truncated)
