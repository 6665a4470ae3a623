"""``/sparql``: the SPARQL 1.1 Protocol query operation (GET, form POST, direct POST)."""

from __future__ import annotations

import asyncio
import io
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize
from starlette.concurrency import run_in_threadpool

from kg.api.errors import ApiError
from kg.api.negotiation import choose
from kg.query import AskResult, GraphResult, Result, run_query, to_csv, to_json, to_tsv, to_xml, write_graph

router = APIRouter()

RESULT_TYPES = {
    "application/sparql-results+json": to_json,
    "application/json": to_json,
    "application/sparql-results+xml": to_xml,
    "application/xml": to_xml,
    "text/csv": to_csv,
    "text/tab-separated-values": to_tsv,
}
GRAPH_TYPES = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/n-quads": RdfFormat.N_QUADS,
    "application/trig": RdfFormat.TRIG,
}
_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"


def _graphs(values: list[str], name: str) -> list[NamedNode] | None:
    if not values:
        return None
    try:
        return [NamedNode(v) for v in values]
    except ValueError:
        raise ApiError(400, "invalid_request", f"{name} must be absolute IRIs") from None


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "payload_too_large", f"request body over {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "payload_too_large", f"request body over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def _execute(request: Request, query: str, defaults: list[str], named: list[str]) -> Response:
    settings = request.app.state.settings
    store = request.app.state.store
    result_future = run_in_threadpool(
        run_query,
        store,
        query,
        timeout=settings.query_timeout,
        max_rows=settings.max_rows,
        default_graph=_graphs(defaults, "default-graph-uri"),
        named_graphs=_graphs(named, "named-graph-uri"),
    )
    try:
        result: Result = await asyncio.wait_for(result_future, timeout=settings.query_timeout + 1)
    except asyncio.TimeoutError:
        raise ApiError(503, "timeout", "the query ran past its time limit", {"Retry-After": "5"}) from None
    return _respond(request, result)


def _respond(request: Request, result: Result) -> Response:
    accept = request.headers.get("accept")
    headers = {"Vary": "Accept"}
    if isinstance(result, GraphResult):
        media = choose(accept, list(GRAPH_TYPES))
        if media is None:
            raise ApiError(406, "not_acceptable", f"graph results are available as {', '.join(GRAPH_TYPES)}")
        buffer = io.BytesIO()
        write_graph(result, buffer, GRAPH_TYPES[media])
        body = buffer.getvalue()
    else:
        media = choose(accept, list(RESULT_TYPES))
        if media is None:
            raise ApiError(406, "not_acceptable", f"query results are available as {', '.join(RESULT_TYPES)}")
        body = RESULT_TYPES[media](result)
    if not isinstance(result, AskResult) and result.truncated:
        headers["X-Result-Truncated"] = "true"
    charset = "; charset=utf-8" if media.startswith("text/") or media.endswith("json") else ""
    return Response(body, media_type=media + charset, headers=headers)


@router.get("/sparql", summary="SPARQL 1.1 query (GET)")
async def sparql_get(request: Request) -> Response:
    params = request.query_params
    queries = params.getlist("query")
    if not queries:
        if any(k in params for k in ("update", "default-graph-uri", "named-graph-uri")):
            raise ApiError(400, "invalid_request", "a query= parameter is required")
        return service_description(request)
    if len(queries) > 1:
        raise ApiError(400, "invalid_request", "exactly one query= parameter is allowed")
    return await _execute(request, queries[0], params.getlist("default-graph-uri"), params.getlist("named-graph-uri"))


@router.post("/sparql", summary="SPARQL 1.1 query (POST, form-encoded or application/sparql-query)")
async def sparql_post(request: Request) -> Response:
    settings = request.app.state.settings
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await _read_body(request, settings.max_body_bytes)
    params = request.query_params
    if content_type == "application/x-www-form-urlencoded":
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=100)
        except (UnicodeDecodeError, ValueError):
            raise ApiError(400, "invalid_request", "the form body is not valid UTF-8 url-encoded data") from None
        if "update" in form:
            raise ApiError(403, "updates_disabled", "this endpoint is read-only")
        queries = form.get("query", [])
        if len(queries) != 1:
            raise ApiError(400, "invalid_request", "exactly one query= field is required")
        return await _execute(request, queries[0], form.get("default-graph-uri", []), form.get("named-graph-uri", []))
    if content_type == "application/sparql-query":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(400, "invalid_request", "the query is not valid UTF-8") from None
        return await _execute(request, text, params.getlist("default-graph-uri"), params.getlist("named-graph-uri"))
    if content_type == "application/sparql-update":
        raise ApiError(403, "updates_disabled", "this endpoint is read-only")
    raise ApiError(415, "unsupported_media_type", "POST application/x-www-form-urlencoded or application/sparql-query")


def sd(name: str) -> NamedNode:
    return NamedNode(_SD + name)


def service_description(request: Request) -> Response:
    """A SPARQL 1.1 Service Description of this endpoint."""
    endpoint = NamedNode(str(request.url.replace(query="", fragment="")))
    triples = [
        Triple(endpoint, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sd("Service")),
        Triple(endpoint, sd("endpoint"), endpoint),
        Triple(endpoint, sd("supportedLanguage"), sd("SPARQL11Query")),
        Triple(endpoint, sd("feature"), sd("UnionDefaultGraph")),
        Triple(endpoint, NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"), Literal("kg: a knowledge graph built from news articles")),
    ]
    for fmt in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads", "TriG"):
        triples.append(Triple(endpoint, sd("resultFormat"), NamedNode(_FORMATS + fmt)))
    media = choose(request.headers.get("accept"), list(GRAPH_TYPES)) or "text/turtle"
    body = serialize(triples, format=GRAPH_TYPES[media])
    return Response(body, media_type=media, headers={"Vary": "Accept"})
