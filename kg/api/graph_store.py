"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol.

Graphs are named indirectly (``/store?graph=IRI``, ``/store?default``) or directly (``/store/NAME``
is the graph whose IRI is that URL under ``KG_PUBLIC_URL``, whatever the Host header). GET and HEAD always; PUT, POST and DELETE only on a server
with updates enabled and with its bearer token. ``?default`` is the store's own default graph, not
the union view ``/sparql`` queries by default. Every write is one atomic ``store.update()`` built
from serialised terms.
"""

from __future__ import annotations

import functools
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pyoxigraph import NamedNode, RdfFormat, Triple, serialize

from kg.api.auth import require_writer
from kg.api.body import read_body
from kg.api.errors import ApiError
from kg.api.hosts import public_iri
from kg.api.negotiation import choose
from kg.api.results import with_charset
from kg.api.streaming import stream
from kg.api.threads import run_blocking
from kg.api.uploads import UploadLimits, parse_body
from kg.config import Settings
from kg.namespaces import PREFIXES
from kg.sparql import update as sparql_update
from kg.store import Store

router = APIRouter()

GRAPH_TYPES = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
}
_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_EXISTS = "ASK { GRAPH ?g { } }"


@dataclass(frozen=True, slots=True)
class Target:
    """The graph a request is about: a named graph, or the default graph (``graph is None``)."""

    graph: NamedNode | None

    @property
    def label(self) -> str:
        return "the default graph" if self.graph is None else f"graph {self.graph}"


def resolve(request: Request, direct: bool) -> Target | None:
    """The graph named by the request; None for the graph store itself (``/store`` alone)."""
    params = request.query_params
    graphs = params.getlist("graph")
    if direct:
        if graphs or "default" in params:
            raise ApiError(400, "invalid_request", "a direct graph URL takes no ?graph= or ?default")
        try:
            return Target(NamedNode(public_iri(request)))
        except ValueError:
            raise ApiError(400, "invalid_request", "the request URL is not a valid graph IRI") from None
    if "default" in params:
        if graphs:
            raise ApiError(400, "invalid_request", "give either ?default or ?graph=IRI, not both")
        return Target(None)
    if not graphs:
        return None
    if len(graphs) > 1:
        raise ApiError(400, "invalid_request", "exactly one ?graph= parameter is allowed")
    try:
        return Target(NamedNode(graphs[0]))
    except ValueError:
        raise ApiError(400, "invalid_request", "?graph= must be an absolute IRI") from None


def _named(target: Target | None, method: str) -> Target:
    if target is None:
        raise ApiError(
            400, "invalid_request", f"{method} needs a graph: /store?graph=IRI, /store?default or /store/NAME"
        )
    return target


# ---- store operations (run in worker threads) -------------------------------------------------------


def exists(store: Store, target: Target) -> bool:
    if target.graph is None:
        return True
    return bool(store.query(_EXISTS, bindings={"g": target.graph}, union_default_graph=False))


def write_graph(store: Store, target: Target, rdf_format: RdfFormat, output: BinaryIO) -> None:
    """Serialise one graph (streamed: the engine yields triples lazily)."""
    if target.graph is None:
        triples = store.query(_ALL, union_default_graph=False)
    else:
        triples = store.query(_ALL, default_graph=[target.graph])
    prefixes = PREFIXES if rdf_format is RdfFormat.TURTLE else None
    serialize(triples, output, format=rdf_format, prefixes=prefixes)  # type: ignore[arg-type]  # a CONSTRUCT yields triples; the stubs type query() as any result


def insert_data(target: Target, triples: Iterable[Triple]) -> str:
    """``INSERT DATA`` for triples into the target graph, from serialised terms only."""
    lines = []
    for triple in triples:
        if any(isinstance(term, Triple) for term in (triple.subject, triple.object)):
            raise ApiError(400, "malformed_rdf", "triple terms (RDF-star) are not supported")
        lines.append(f"{triple.subject} {triple.predicate} {triple.object} .")
    if not lines:
        return ""
    body = "\n".join(lines)
    if target.graph is None:
        return f"INSERT DATA {{\n{body}\n}}"
    return f"INSERT DATA {{ GRAPH {target.graph} {{\n{body}\n}} }}"


def _run(store: Store, operations: list[str]) -> None:
    """One atomic update request of all ``operations``."""
    store.update(sparql_update.join(operations))


def replace(store: Store, lock: threading.Lock, target: Target, triples: list[Triple]) -> bool:
    """PUT: the graph's content becomes ``triples``. True when the graph was created."""
    insert = insert_data(target, triples)
    with lock:
        created = not exists(store, target)
        if target.graph is None:
            _run(store, ["DROP SILENT DEFAULT", insert])
        else:
            _run(store, [f"DROP SILENT GRAPH {target.graph}", f"CREATE SILENT GRAPH {target.graph}", insert])
    return created


def merge(store: Store, lock: threading.Lock, target: Target, triples: list[Triple]) -> bool:
    """POST: add ``triples`` to the graph. True when the graph was created."""
    insert = insert_data(target, triples)
    with lock:
        created = not exists(store, target)
        create = f"CREATE SILENT GRAPH {target.graph}" if target.graph is not None else ""
        _run(store, [create, insert])
    return created


def delete(store: Store, lock: threading.Lock, target: Target) -> bool:
    """DELETE: drop the graph (the default graph is emptied). False when it did not exist."""
    with lock:
        if not exists(store, target):
            return False
        _run(store, ["DROP SILENT DEFAULT" if target.graph is None else f"DROP SILENT GRAPH {target.graph}"])
    return True


# ---- the routes ------------------------------------------------------------------------------------


async def _read(request: Request, target: Target) -> list[Triple]:
    """The triples of the request body, within the upload limits (413 or 400 naming the one passed)."""
    settings: Settings = request.app.state.settings
    try:
        body = await read_body(request, settings.max_upload_bytes)
    except ApiError as exc:
        if exc.status != 413:
            raise
        raise ApiError(
            413, "payload_too_large", f"the body is over {settings.max_upload_bytes} bytes (KG_MAX_UPLOAD_BYTES)"
        ) from None
    base = target.graph.value if target.graph is not None else public_iri(request)
    limits = UploadLimits(quads=settings.max_upload_quads, depth=settings.max_upload_depth)
    return await run_blocking(
        functools.partial(parse_body, body, request.headers.get("content-type"), base_iri=base, limits=limits)
    )


async def _get(request: Request, direct: bool) -> Response:
    target = _named(resolve(request, direct), request.method)
    media = choose(request.headers.get("accept"), list(GRAPH_TYPES))
    if media is None:
        raise ApiError(406, "not_acceptable", f"graphs are available as {', '.join(GRAPH_TYPES)}")
    store: Store = request.app.state.store
    if not await run_blocking(exists, store, target):
        raise ApiError(404, "not_found", f"there is no {target.label}")
    headers = {"Vary": "Accept"}
    if request.method == "HEAD":
        return Response(media_type=with_charset(media), headers=headers)
    write = functools.partial(write_graph, store, target, GRAPH_TYPES[media])
    return await stream(write, media_type=with_charset(media), headers=headers)


async def _put(request: Request, direct: bool) -> Response:
    require_writer(request)
    target = _named(resolve(request, direct), "PUT")
    triples = await _read(request, target)
    created = await run_blocking(replace, request.app.state.store, request.app.state.write_lock, target, triples)
    return Response(status_code=201 if created else 204)


async def _post(request: Request, direct: bool) -> Response:
    require_writer(request)
    target = resolve(request, direct)
    location = None
    if target is None:  # POST to the graph store itself: a new graph, named by the server
        location = f"{public_iri(request).rstrip('/')}/{uuid.uuid4().hex}"
        target = Target(NamedNode(location))
    triples = await _read(request, target)
    created = await run_blocking(merge, request.app.state.store, request.app.state.write_lock, target, triples)
    headers = {"Location": location} if location else None
    return Response(status_code=201 if created else 204, headers=headers)


async def _delete(request: Request, direct: bool) -> Response:
    require_writer(request)
    target = _named(resolve(request, direct), "DELETE")
    if not await run_blocking(delete, request.app.state.store, request.app.state.write_lock, target):
        raise ApiError(404, "not_found", f"there is no {target.label}")
    return Response(status_code=204)


_DOC = (
    "Graph Store HTTP Protocol. `?graph=IRI` or `?default` (indirect), or `/store/NAME` (direct: the "
    "graph named by this URL). GET/HEAD: the graph as Turtle, N-Triples, JSON-LD or RDF/XML (404 if "
    "absent). PUT (replace), POST (merge; on `/store` alone: a new graph, 201 + Location) and DELETE "
    "need updates enabled and `Authorization: Bearer <token>`; bodies: Turtle, N-Triples, JSON-LD or "
    "multipart/form-data of those."
)


@router.api_route("/store", methods=["GET", "HEAD"], summary="Read a graph", description=_DOC)
async def get_indirect(request: Request) -> Response:
    return await _get(request, direct=False)


@router.put("/store", summary="Replace a graph", description=_DOC)
async def put_indirect(request: Request) -> Response:
    return await _put(request, direct=False)


@router.post("/store", summary="Add to a graph, or create one", description=_DOC)
async def post_indirect(request: Request) -> Response:
    return await _post(request, direct=False)


@router.delete("/store", summary="Delete a graph", description=_DOC)
async def delete_indirect(request: Request) -> Response:
    return await _delete(request, direct=False)


@router.api_route("/store/{name:path}", methods=["GET", "HEAD"], summary="Read a graph (direct)", description=_DOC)
async def get_direct(request: Request, name: str) -> Response:
    return await _get(request, direct=True)


@router.put("/store/{name:path}", summary="Replace a graph (direct)", description=_DOC)
async def put_direct(request: Request, name: str) -> Response:
    return await _put(request, direct=True)


@router.post("/store/{name:path}", summary="Add to a graph (direct)", description=_DOC)
async def post_direct(request: Request, name: str) -> Response:
    return await _post(request, direct=True)


@router.delete("/store/{name:path}", summary="Delete a graph (direct)", description=_DOC)
async def delete_direct(request: Request, name: str) -> Response:
    return await _delete(request, direct=True)
