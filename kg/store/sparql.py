"""A remote store: any SPARQL 1.1 Query + Update server (Virtuoso, Oxigraph server, Fuseki,
GraphDB, Neptune), optionally with a Graph Store Protocol endpoint.

Queries go through SPARQLWrapper (GET, or a form POST when long: never a direct
``application/sparql-query`` POST, which hangs on Virtuoso); updates and Graph Store reads through
httpx. Transient failures are retried with bounded exponential backoff; every kg write is a
replace, so sending it again is safe even when the first attempt was committed.

kg's dataset on a shared server is the named graphs under its base IRI: ``named_graphs``,
``quad_count`` and ``dump`` see those only. Queries see the server's default graph, which kg
expects to be the union of all graphs (Virtuoso: always; Oxigraph: ``--union-default-graph``;
Fuseki/TDB2: ``tdb2:unionDefaultGraph true``).
"""

from __future__ import annotations

import contextlib
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from http.client import HTTPException
from typing import BinaryIO

import httpx
from pyoxigraph import (
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolution,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
    serialize,
)
from SPARQLWrapper import GET, POST, SPARQLWrapper

from kg import __version__
from kg.errors import (
    ConfigError,
    KgError,
    QueryTimeoutError,
    ResultTruncatedError,
    StoreError,
    StoreUnavailableError,
)
from kg.sparql.bind import bind, query_form
from kg.sparql.update import insert_data
from kg.store import staging, virtuoso
from kg.store.base import QueryResult, Store
from kg.store.http import (
    Reply,
    RetryPolicy,
    Transient,
    check,
    httpx_auth,
    retrying,
    urllib_opener,
)

RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RESULT_FORMATS = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
}
_GRAPH_FORMATS = {
    "application/n-triples": RdfFormat.N_TRIPLES,
    "text/plain": RdfFormat.N_TRIPLES,
    "text/turtle": RdfFormat.TURTLE,
    "application/rdf+xml": RdfFormat.RDF_XML,
}
PAGE_ROWS = 10_000
"""Rows per page of a long read (a dump, the ledger, the list of graphs)."""
LONG_GET = 2_000
"""Queries whose URL-encoded text is longer than this are sent as a form POST."""
CONNECT_TIMEOUT = 5.0
DEFAULT_RETRY = RetryPolicy()
UPDATE_TIMEOUT = 120.0
_UNION_CHECK = "ASK { { SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1 } FILTER NOT EXISTS { ?s ?p ?o } }"


class _Wrapper(SPARQLWrapper):
    """SPARQLWrapper sending through an opener of our own (its digest support installs a global
    urllib opener) with a float timeout; the raw answer is judged by :func:`kg.store.http.check`."""

    def __init__(self, endpoint: str, opener: urllib.request.OpenerDirector, timeout: float) -> None:
        super().__init__(endpoint, agent=f"kg/{__version__} (SPARQLWrapper)")
        self._opener = opener
        self._timeout = timeout

    def _query(self):
        return self._opener.open(self._createRequest(), timeout=self._timeout), self.returnFormat


class SparqlStore(Store):
    """A SPARQL 1.1 server. Connects (one ASK) on construction: an unreachable server fails here,
    before any work, with :class:`StoreUnavailableError`."""

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str = "",
        gsp_url: str = "",
        user: str = "",
        password: str = "",
        timeout: float = 30.0,
        read_only: bool = False,
        graph_prefix: str = "",
        retry: RetryPolicy = DEFAULT_RETRY,
    ) -> None:
        for url in (query_url, update_url, gsp_url):
            if url and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise ConfigError(f"{url!r} is not an http(s) URL")
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.gsp_url = gsp_url
        self.location = f"sparql+{query_url}"
        self.read_only = read_only
        self.timeout = timeout
        self.graph_prefix = graph_prefix
        self.retry = retry
        self._user, self._password = user, password
        self._http = httpx.Client(
            auth=httpx_auth(user, password),
            timeout=httpx.Timeout(max(timeout, UPDATE_TIMEOUT), connect=CONNECT_TIMEOUT),
            headers={"User-Agent": f"kg/{__version__}"},
        )
        self.is_virtuoso = False
        self.server_max_rows: int | None = None
        try:
            self._connect()
        except BaseException:
            self._http.close()
            raise

    # ---- connecting --------------------------------------------------------------------------------

    def _connect(self) -> None:
        try:
            reply = self._send_query("ASK {}", RESULTS_ACCEPT)
        except Transient as exc:
            raise StoreUnavailableError(
                f"cannot reach the SPARQL endpoint {self.query_url}: {exc}. Start the server, or check "
                "--store / KG_STORE"
            ) from None
        self.is_virtuoso = virtuoso.is_virtuoso(reply.server)
        if self.is_virtuoso:
            rows = self.select_rows(virtuoso.MAX_ROWS_QUERY)
            if rows and str(rows[0].get("rows", "")).isdigit():
                self.server_max_rows = int(str(rows[0]["rows"]))
        if self.query(_UNION_CHECK):
            raise StoreError(
                f"the default graph of {self.query_url} is not the union of its named graphs, so kg's "
                "queries would miss data: start Oxigraph with --union-default-graph (Fuseki/TDB2: "
                "tdb2:unionDefaultGraph true)"
            )

    # ---- HTTP --------------------------------------------------------------------------------------

    def _send_query(
        self,
        text: str,
        accept: str,
        default_graph: list[NamedNode] | None = None,
        named_graphs: list[NamedNode] | None = None,
    ) -> Reply:
        """One attempt at a query: GET, or a form POST when long."""
        wrapper = _Wrapper(self.query_url, urllib_opener(self.query_url, self._user, self._password), self.timeout)
        wrapper.setQuery(text)
        # SPARQLWrapper guesses the form with a regular expression that a word in a comment can fool
        # ("ADD" in "# ... reports taken over (article, place...)" made it POST the query as an update)
        wrapper.queryType = query_form(text)
        wrapper.setOnlyConneg(True)
        wrapper.addCustomHttpHeader("Accept", accept)
        wrapper.setMethod(POST if len(urllib.parse.quote(text)) > LONG_GET else GET)
        for graph in default_graph or ():
            wrapper.addDefaultGraph(graph.value)
        for graph in named_graphs or ():
            wrapper.addNamedGraph(graph.value)
        if self.is_virtuoso:  # stop at the deadline with partial results (X-SQL-State: S1TAT), not later
            wrapper.addParameter("timeout", str(int(self.timeout * 1000)))
        try:
            response = wrapper.query().response
            reply = Reply(self.query_url, response.status, _lower(response.headers.items()), response.read())
        except urllib.error.HTTPError as exc:
            reply = Reply(self.query_url, exc.code, _lower(exc.headers.items()), exc.read())
        except TimeoutError:
            raise QueryTimeoutError(f"the query ran past its time limit ({self.timeout:g} s)") from None
        except (urllib.error.URLError, HTTPException, ConnectionError) as exc:
            raise Transient(_reason(exc)) from None
        return check(reply, what=f"query at {self.query_url}", is_virtuoso=self.is_virtuoso)

    def _send(self, method: str, url: str, what: str, **kwargs: object) -> Reply:
        """One attempt at an update or Graph Store request."""
        try:
            response = self._http.request(method, url, **kwargs)  # type: ignore[arg-type]  # kwargs are httpx request options from the callers
        except httpx.TransportError as exc:
            raise Transient(_reason(exc)) from None
        reply = Reply(url, response.status_code, _lower(response.headers.items()), response.content)
        return check(reply, what=what, is_virtuoso=self.is_virtuoso)

    # ---- primitives --------------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, NamedNode | Literal] | None = None,
        union_default_graph: bool = True,
        default_graph: list[NamedNode] | None = None,
        named_graphs: list[NamedNode] | None = None,
    ) -> QueryResult:
        """Run a query on the server. ``union_default_graph`` is the server's business (see the
        module docstring); ``bindings`` become a VALUES block of serialised terms."""
        form = query_form(sparql)
        text = bind(sparql, bindings)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        accept = GRAPH_ACCEPT if graph_form else RESULTS_ACCEPT
        reply = retrying(
            lambda: self._send_query(text, accept, default_graph, named_graphs),
            policy=self.retry,
            what=f"the query endpoint {self.query_url}",
        )
        if not graph_form:
            return self._solutions(reply)
        triples = self._triples(reply)
        if self.server_max_rows is not None and len(triples) >= self.server_max_rows:  # Virtuoso: no header says so
            raise ResultTruncatedError(
                f"the server returned {len(triples)} triples, its ResultSetMaxRows: the graph may be cut short; "
                "add a LIMIT, or raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini"
            )
        return triples

    def _solutions(self, reply: Reply) -> QuerySolutions | QueryBoolean:
        results_format = _RESULT_FORMATS.get(reply.media_type)
        if results_format is None:
            raise StoreError(
                f"the server answered a query with {reply.media_type or 'no media type'}, not SPARQL results"
            )
        body = virtuoso.restore_json_results(reply.body) if self.is_virtuoso else reply.body
        try:
            checked = parse_query_results(body, format=results_format)
            if isinstance(checked, QuerySolutions):
                for _ in checked:  # read it all once: a cut-off answer fails here, not in the caller
                    pass
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"the server sent malformed or incomplete results: {exc}") from None
        return parse_query_results(body, format=results_format)

    def _triples(self, reply: Reply) -> list[Triple]:
        rdf_format = _GRAPH_FORMATS.get(reply.media_type)
        if rdf_format is None:
            raise StoreError(f"the server answered a graph query with {reply.media_type or 'no media type'}, not RDF")
        try:
            triples = list(parse(reply.body, format=rdf_format))
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"the server sent a malformed or incomplete graph: {exc}") from None
        return [virtuoso.restore_triple(t) for t in triples] if self.is_virtuoso else triples

    def update(self, sparql: str) -> None:
        """One request, retried on transient failures (kg's updates are replaces: idempotent). An
        update past :data:`kg.store.staging.MAX_UPDATE_BYTES` is staged first (:mod:`kg.store.staging`):
        its data still reaches the store's readers in one request."""
        if self.read_only:
            raise StoreError(f"the store {self.location} is open read-only")
        staged = staging.plan(sparql)
        if staged is None:
            self._update(sparql)
            return
        try:
            for stage in staged.stages:
                self._stage(stage)
            self._update(staged.update)
        finally:  # a leftover staging graph says what it is; the error that matters is the one raised
            with contextlib.suppress(KgError):
                self._update(staged.cleanup)

    def _update(self, sparql: str) -> None:
        text = virtuoso.UPDATE_PREFIX + sparql if self.is_virtuoso else sparql
        retrying(
            lambda: self._send("POST", self.update_url, f"update at {self.update_url}", data={"update": text}),
            policy=self.retry,
            what=f"the update endpoint {self.update_url}",
        )

    def _stage(self, stage: staging.Stage) -> None:
        """Write a staging graph: one Graph Store PUT when configured, else ``INSERT DATA`` requests
        of a safe size."""
        if not self.gsp_url:
            for chunk in staging.chunks(stage.triples):
                self._update(insert_data(Quad(t.subject, t.predicate, t.object, stage.graph) for t in chunk))
            return
        body = serialize(stage.triples, format=RdfFormat.N_TRIPLES)
        retrying(
            lambda: self._send(
                "PUT",
                self.gsp_url,
                f"Graph Store PUT at {self.gsp_url}",
                params={"graph": stage.graph.value},
                content=body,
                headers={"Content-Type": "application/n-triples"},
            ),
            policy=self.retry,
            what=f"the Graph Store endpoint {self.gsp_url}",
        )

    # ---- the dataset, in pages ---------------------------------------------------------------------

    def _page_rows(self) -> int:
        if self.server_max_rows is None:
            return PAGE_ROWS
        return max(1, min(PAGE_ROWS, self.server_max_rows - 1))

    def select_all(
        self, sparql: str, *, order_by: str, bindings: Mapping[str, NamedNode | Literal] | None = None
    ) -> Iterator[QuerySolution]:
        """A long SELECT, fetched in ordered pages below the server's row cap."""
        page = self._page_rows()
        offset = 0
        while True:
            rows = self.query(f"{sparql}\nORDER BY {order_by} LIMIT {page} OFFSET {offset}", bindings=bindings)
            assert isinstance(rows, QuerySolutions)
            count = 0
            for row in rows:
                count += 1
                yield row
            if count < page:
                return
            offset += count

    def _scope(self, variable: str) -> str:
        return f"FILTER(STRSTARTS(STR({variable}), {Literal(self.graph_prefix)}))" if self.graph_prefix else ""

    def named_graphs(self) -> list[NamedNode]:
        rows = self.select_all(
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._scope('?g')} }}", order_by="?g"
        )
        return [row["g"] for row in rows if isinstance(row["g"], NamedNode)]

    def quad_count(self) -> int:
        rows = self.select_rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._scope('?g')} }}")
        return int(str(rows[0]["n"])) if rows else 0

    def _triple_count(self, graph: NamedNode) -> int:
        rows = self.select_rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", g=graph)
        return int(str(rows[0]["n"])) if rows else 0

    def graph_triples(self, graph: NamedNode) -> list[Triple]:
        """Every triple of one graph: one Graph Store GET when configured, else ordered CONSTRUCT
        pages; checked against the graph's size, so a silently capped answer is never used."""
        expected = self._triple_count(graph)
        if self.gsp_url and expected:
            triples = self._gsp_get(graph)
            if len(triples) == expected:
                return triples
        triples = []
        page = self._page_rows()
        while len(triples) < expected:
            batch = self.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }\n"
                f"ORDER BY ?s ?p ?o LIMIT {page} OFFSET {len(triples)}",
                bindings={"g": graph},
            )
            before = len(triples)
            triples.extend(batch)  # type: ignore[arg-type]  # a CONSTRUCT: query() returns its triples
            if len(triples) == before:
                break
        if len(triples) != expected:
            raise StoreError(
                f"{graph} holds {expected} triples but the server returned {len(triples)}; was it written "
                "to during the read?"
            )
        return triples

    def _gsp_get(self, graph: NamedNode) -> list[Triple]:
        reply = retrying(
            lambda: self._send(
                "GET",
                self.gsp_url,
                f"Graph Store GET at {self.gsp_url}",
                params={"graph": graph.value},
                headers={"Accept": GRAPH_ACCEPT},
            ),
            policy=self.retry,
            what=f"the Graph Store endpoint {self.gsp_url}",
        )
        return self._triples(reply) if reply.body.strip() else []

    def dump(self, output: BinaryIO, *, format: RdfFormat, graph: NamedNode | None = None) -> None:
        if graph is None and not format.supports_datasets:
            raise ValueError(f"{format.name} holds one graph: name the graph, or use TriG / N-Quads")
        if graph is not None:
            serialize(self.graph_triples(graph), output, format=format)
            return
        serialize(self._all_quads(), output, format=format)

    def _all_quads(self) -> Iterable[Quad]:
        for graph in self.named_graphs():
            for triple in self.graph_triples(graph):
                yield Quad(triple.subject, triple.predicate, triple.object, graph)

    def close(self) -> None:
        self._http.close()


def _lower(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {key.lower(): value for key, value in items}


def _reason(exc: BaseException) -> str:
    """``connection refused``, not ``<urlopen error [Errno 111] Connection refused>``."""
    reason = getattr(exc, "reason", None) or exc
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", " ".join(str(reason).split()))
    return (text[:1].lower() + text[1:]) if text else type(exc).__name__
