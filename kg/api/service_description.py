"""The SPARQL 1.1 Service Description served on a bare ``GET /sparql``."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize

from kg.api.errors import ApiError
from kg.api.hosts import public_iri
from kg.api.negotiation import choose
from kg.api.results import FORMAT_NAMES, with_charset
from kg.api.uploads import UPLOAD_FORMAT_NAMES

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
DESCRIPTION_TYPES = {
    "text/turtle": RdfFormat.TURTLE,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/n-triples": RdfFormat.N_TRIPLES,
}


def sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def describe(endpoint: str, *, updates: bool) -> list[Triple]:
    """The description of the endpoint at ``endpoint``: languages, result formats, features."""
    service = NamedNode(endpoint)
    triples = [
        Triple(service, RDF_TYPE, sd("Service")),
        Triple(service, sd("endpoint"), service),
        Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        Triple(service, RDFS_COMMENT, Literal("kg: a knowledge graph built from news articles, with provenance")),
    ]
    triples += [Triple(service, sd("resultFormat"), NamedNode(FORMATS + name)) for name in FORMAT_NAMES]
    if updates:
        triples.append(Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
        triples += [Triple(service, sd("inputFormat"), NamedNode(FORMATS + name)) for name in UPLOAD_FORMAT_NAMES]
    return triples


def response(request: Request) -> Response:
    """The description, in the RDF syntax the client prefers (406 if it accepts none)."""
    media = choose(request.headers.get("accept"), list(DESCRIPTION_TYPES))
    if media is None:
        raise ApiError(406, "not_acceptable", f"the service description is available as {', '.join(DESCRIPTION_TYPES)}")
    triples = describe(public_iri(request), updates=request.app.state.updates_enabled)
    prefixes = {"sd": SD, "formats": FORMATS} if media == "text/turtle" else None
    body = serialize(triples, format=DESCRIPTION_TYPES[media], prefixes=prefixes)
    return Response(body, media_type=with_charset(media), headers={"Vary": "Accept"})
