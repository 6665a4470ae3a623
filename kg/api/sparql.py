"""``/sparql``: the SPARQL 1.1 Protocol — query (GET, form POST, direct POST) and, when the server
has updates enabled and the request carries the token, update (form POST, direct POST)."""

from __future__ import annotations

import functools
import re
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pyoxigraph import NamedNode

from kg.api import service_description
from kg.api.auth import require_writer
from kg.api.body import media_type, parse_form, read_body, utf8
from kg.api.errors import ApiError
from kg.api.held import HeldResult
from kg.api.hosts import public_iri
from kg.api.results import Negotiated, Written, with_charset, write_answer
from kg.api.slots import run_in_slot
from kg.api.threads import run_blocking
from kg.api.update_dataset import absolute_iris, apply_dataset
from kg.api.workers import WorkerContext, WorkerPool
from kg.config import Settings
from kg.errors import QuerySyntaxError, brief
from kg.sparql import guard as sparql_guard
from kg.sparql.query import open_query
from kg.store import Store

router = APIRouter()

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
_PROTOCOL_PARAMS = (
    "query",
    "update",
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)


# ---- the dataset -----------------------------------------------------------------------------------


def protocol_dataset(defaults: list[str], named: list[str]) -> tuple[list[NamedNode] | None, list[NamedNode] | None]:
    """``(default_graph, named_graphs)`` for the store. When the request names any graph, the
    dataset is exactly the graphs it names (the other part is empty); otherwise (None, None): the
    union default graph, or the query's own FROM / FROM NAMED."""
    if not defaults and not named:
        return None, None
    return absolute_iris(defaults, "default-graph-uri"), absolute_iris(named, "named-graph-uri")


def with_base(text: str, base: str | None) -> str:
    """Resolve relative IRIs against the endpoint (SPARQL 1.1 Protocol: the base "MAY be the
    service endpoint"). Prepended on the same line, so error line numbers stay right, and
    :func:`positions_in` takes its length off the columns of the first line."""
    return f"BASE {NamedNode(base)} {text}" if base else text


_FIRST_LINE_POSITION = re.compile(r"^(error at 1:)(\d+)")


@contextmanager
def positions_in(text: str, base: str | None) -> Iterator[None]:
    """Syntax errors raised inside the block point into ``text`` as the client sent it, not into
    the text :func:`with_base` made of it."""
    try:
        yield
    except QuerySyntaxError as exc:
        shift = len(with_base(text, base)) - len(text)
        message = str(exc)
        if not shift or not _FIRST_LINE_POSITION.match(message):
            raise
        fixed = _FIRST_LINE_POSITION.sub(lambda m: f"{m[1]}{max(1, int(m[2]) - shift)}", message)
        raise QuerySyntaxError(fixed) from None


# ---- query -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueryJob:
    """A query request, as a worker (or a thread) runs it."""

    text: str
    base: str | None
    defaults: list[str]
    named: list[str]
    accepted: Negotiated
    timeout: float
    max_rows: int
    max_bytes: int


def evaluate(store: Store, job: QueryJob, write: Callable[[bytes], object]) -> Written:
    """Check and run a query, and serialise its result through ``write`` within the row and byte
    caps (in a worker or thread that holds a query slot)."""
    default_graph, named_graphs = protocol_dataset(job.defaults, job.named)
    with positions_in(job.text, job.base):
        answer = open_query(
            store,
            with_base(job.text, job.base),
            timeout=job.timeout,
            default_graph=default_graph,
            named_graphs=named_graphs,
        )
    return write_answer(answer, job.accepted, write, max_rows=job.max_rows, max_bytes=job.max_bytes)


def evaluate_in_worker(context: WorkerContext, job: QueryJob) -> Written:
    return evaluate(context.store, job, context.write)


async def run_sparql_query(request: Request, text: str, defaults: list[str], named: list[str]) -> Response:
    settings: Settings = request.app.state.settings
    accepted = Negotiated.from_accept(request.headers.get("accept"))
    job = QueryJob(
        text,
        public_iri(request),
        defaults,
        named,
        accepted,
        settings.query_timeout,
        settings.max_rows,
        settings.max_result_bytes,
    )
    timeout = settings.query_timeout + 0.5
    workers: WorkerPool | None = request.app.state.workers
    if workers is not None:
        reply = await workers.run(evaluate_in_worker, job, timeout=timeout)
        written, chunks = reply.value, reply.chunks
    else:  # a remote store, whose client has timeouts of its own: in a thread of this process
        chunks = deque()
        work = functools.partial(evaluate, request.app.state.store, job, chunks.append)
        written = await run_in_slot(request.app.state.query_slots, work, timeout=timeout)
    headers = {"Vary": "Accept"}
    if written.truncated:
        headers["X-Result-Truncated"] = "true"
    return HeldResult(
        chunks, budget=request.app.state.held_bytes, media_type=with_charset(written.media), headers=headers
    )


# ---- update ----------------------------------------------------------------------------------------


def apply_update(
    store: Store, lock: threading.Lock, text: str, base: str | None, using: list[str], using_named: list[str]
) -> None:
    """Check and run an update atomically (in a worker thread, one writer at a time)."""
    sparql_guard.check(text, allow_update=True)
    text = apply_dataset(text, using, using_named)
    with lock, positions_in(text, base):
        try:
            store.update(with_base(text, base))
        except RuntimeError as exc:  # e.g. CREATE GRAPH on an existing graph, DROP GRAPH on a missing one
            raise ApiError(400, "update_failed", brief(str(exc))) from None


async def run_sparql_update(request: Request, text: str, using: list[str], using_named: list[str]) -> Response:
    require_writer(request)
    await run_blocking(
        apply_update,
        request.app.state.store,
        request.app.state.write_lock,
        text,
        public_iri(request),
        using,
        using_named,
    )
    return Response(status_code=204)


# ---- the routes ------------------------------------------------------------------------------------


def _one(values: list[str], name: str) -> str:
    if len(values) != 1:
        raise ApiError(400, "invalid_request", f"exactly one {name}= parameter is required, got {len(values)}")
    return values[0]


def _merged(url: Mapping[str, list[str]], form: Mapping[str, list[str]], name: str) -> list[str]:
    return [*url.get(name, []), *form.get(name, [])]


def _url_params(request: Request) -> dict[str, list[str]]:
    return {name: request.query_params.getlist(name) for name in _PROTOCOL_PARAMS if name in request.query_params}


@router.api_route(
    "/sparql",
    methods=["GET", "HEAD"],
    summary="SPARQL 1.1 query (GET), or the service description",
    description="`?query=` with optional repeated `default-graph-uri` / `named-graph-uri`. Without "
    "`query`, a SPARQL Service Description (Turtle, RDF/XML, JSON-LD or N-Triples).",
)
async def sparql_get(request: Request) -> Response:
    params = _url_params(request)
    if "update" in params:
        raise ApiError(400, "invalid_request", "updates must be sent with POST")
    if "query" not in params:
        if params:
            raise ApiError(400, "invalid_request", "a query= parameter is required")
        return service_description.response(request)
    text = _one(params["query"], "query")
    return await run_sparql_query(request, text, params.get("default-graph-uri", []), params.get("named-graph-uri", []))


@router.post(
    "/sparql",
    summary="SPARQL 1.1 query or update (POST)",
    description="Form-encoded `query=` / `update=`, or a body of type `application/sparql-query` / "
    "`application/sparql-update`. Updates need a server started with `--enable-updates` and "
    "`Authorization: Bearer <token>`.",
)
async def sparql_post(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    media = media_type(request)
    url = _url_params(request)
    if media == UPDATE:
        require_writer(request)  # before reading the body
        text = utf8(await read_body(request, settings.max_body_bytes), "update")
        return await run_sparql_update(
            request, text, url.get("using-graph-uri", []), url.get("using-named-graph-uri", [])
        )
    if media == QUERY:
        text = utf8(await read_body(request, settings.max_body_bytes), "query")
        return await run_sparql_query(request, text, url.get("default-graph-uri", []), url.get("named-graph-uri", []))
    if media != FORM:
        raise ApiError(
            415, "unsupported_media_type", f"POST {FORM}, {QUERY} or {UPDATE}, not {media or 'an untyped body'}"
        )
    form = parse_form(await read_body(request, settings.max_body_bytes))
    queries, updates = _merged(url, form, "query"), _merged(url, form, "update")
    if queries and updates:
        raise ApiError(400, "invalid_request", "send either query= or update=, not both")
    if updates:
        text = _one(updates, "update")
        using, using_named = _merged(url, form, "using-graph-uri"), _merged(url, form, "using-named-graph-uri")
        return await run_sparql_update(request, text, using, using_named)
    text = _one(queries, "query")
    return await run_sparql_query(
        request, text, _merged(url, form, "default-graph-uri"), _merged(url, form, "named-graph-uri")
    )
