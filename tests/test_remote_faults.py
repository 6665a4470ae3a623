"""Faults with real servers: a server down at start, transient errors and lost answers (through a
fault-injecting proxy in front of a real server), results a server cut short, and a Virtuoso
killed mid-build and restarted."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote_plus

import httpx
import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse
from typer.testing import CliRunner

from bench.corpus import synthetic_corpus
from kg.build import BuildAborted, build
from kg.cli import app
from kg.errors import QueryError, QueryTimeoutError
from kg.ingest import iter_inputs, read_input
from kg.rdf import article_graph_quads
from kg.sparql import update as sparql_update
from kg.store import ResultTruncatedError, StoreUnavailableError, open_store
from tests.helpers import (
    SEEDS,
    RemoteServer,
    VirtuosoProcess,
    canonical_dataset,
    free_port,
    kg_command,
    oxigraph_server,
    serve,
)

runner = CliRunner()
ARTICLE = "001_6c8beff2a7751072.txt"


# ---- the server is not there -----------------------------------------------------------------------------


def test_a_server_down_at_start_stops_before_any_work(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    env = {"KG_STORE": f"sparql+http://127.0.0.1:{port}/sparql"}
    started = time.monotonic()
    result = runner.invoke(app, ["build", str(SEEDS)], env=env)
    assert result.exit_code == 1
    assert "cannot reach the SPARQL endpoint" in result.stderr and "Start the server" in result.stderr
    assert "ingested" not in result.stdout and time.monotonic() - started < 10
    query = runner.invoke(app, ["query", "ASK {}"], env=env)
    assert query.exit_code == 1 and "cannot reach the SPARQL endpoint" in query.stderr


def test_a_store_location_that_is_not_a_sparql_url_is_a_usage_error() -> None:
    result = runner.invoke(app, ["query", "ASK {}"], env={"KG_STORE": "http://127.0.0.1:1/sparql"})
    assert result.exit_code == 1 and "sparql+http://" in result.stderr


def test_a_server_whose_default_graph_is_not_the_union_is_refused(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "db", union=False) as remote:
        quad = Quad(
            NamedNode("http://example.org/s"),
            NamedNode("http://example.org/p"),
            Literal("o"),
            NamedNode("http://example.org/g"),
        )
        httpx.post(remote.update, data={"update": sparql_update.insert_data([quad])}, timeout=10).raise_for_status()
        result = runner.invoke(app, ["query", "ASK { ?s ?p ?o }"], env=remote.env())
    assert result.exit_code == 1 and "--union-default-graph" in result.stderr


# ---- a fault-injecting proxy in front of a real server ------------------------------------------------------


class FaultProxy:
    """A real HTTP proxy to ``upstream``. Update requests whose body contains ``marker`` meet the
    queued ``faults`` first: ``503`` (answered here), ``checkpoint`` (a Virtuoso checkpoint abort,
    answered here), ``lost`` (forwarded and committed upstream, then the connection is cut before
    the answer)."""

    HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length"})

    def __init__(self, upstream: str, marker: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.marker = quote_plus(marker).encode()
        self.faults: list[str] = []
        self.matching_updates = 0
        self.forwarded_matching = 0
        self._client = httpx.Client(timeout=60)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                proxy._handle(self, b"")

            def do_POST(self) -> None:
                proxy._handle(self, self.rfile.read(int(self.headers.get("Content-Length") or 0)))

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def url(self, upstream_url: str) -> str:
        return upstream_url.replace(self.upstream, f"http://127.0.0.1:{self._server.server_address[1]}")

    def _handle(self, request: BaseHTTPRequestHandler, body: bytes) -> None:
        matching = body.startswith(b"update=") and self.marker in body
        fault = self.faults.pop(0) if matching and self.faults else None
        self.matching_updates += matching
        if fault == "503":
            return _answer(request, 503, {"Retry-After": "1"}, b"Service Unavailable")
        if fault == "checkpoint":
            text = b"Virtuoso 40001 Error SR325: Transaction aborted due to a database checkpoint or database-wide atomic operation. Please retry transaction"
            return _answer(request, 500, {"Server": "Virtuoso/07.20.3229"}, text)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in self.HOP | {"host"}}
        upstream = self._client.request(request.command, self.upstream + request.path, headers=headers, content=body)
        self.forwarded_matching += matching
        if fault == "lost":  # committed upstream; the client never hears of it
            request.close_connection = True
            return None
        reply_headers = {k: v for k, v in upstream.headers.items() if k.lower() not in self.HOP}
        return _answer(request, upstream.status_code, reply_headers, upstream.content)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._client.close()


def _answer(request: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes) -> None:
    request.send_response(status)
    for key, value in headers.items():
        request.send_header(key, value)
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)


@pytest.fixture()
def proxied(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[RemoteServer, FaultProxy]]:
    remote: RemoteServer = request.getfixturevalue(request.param)
    remote.clear()
    base = remote.query.rsplit("/", 1)[0]
    proxy = FaultProxy(base, "/graph/article/")
    through = RemoteServer(
        remote.name,
        proxy.url(remote.query),
        proxy.url(remote.update),
        proxy.url(remote.gsp),
        remote.user,
        remote.password,
    )
    yield through, proxy
    proxy.close()
    remote.clear()


def _build_one(remote: RemoteServer, tmp_path: Path, extractor, minter):
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    shutil.copy(SEEDS / ARTICLE, corpus / ARTICLE)
    with remote.open() as store:
        report = build([str(corpus)], store=store, extractor=extractor, minter=minter, max_file_bytes=2**20)
        ledger = store.ledger(minter.provenance_graph())
        graph = store.graph_triples(ledger[ARTICLE].graph)
    return report, ledger, graph


def _reference_graph(extractor, minter, path: Path = SEEDS / ARTICLE) -> set[str]:
    article = read_input(next(iter(iter_inputs([str(path)]))), max_bytes=2**20)
    return {str(q.triple) for q in article_graph_quads(article, extractor.extract(article), minter)}


@pytest.mark.threat("G11")
@pytest.mark.parametrize("proxied", ["oxigraph", "virtuoso"], indirect=True)
@pytest.mark.parametrize("fault", ["503", "lost"])
def test_a_failed_or_lost_write_is_retried_and_writes_the_article_once(
    proxied, fault: str, tmp_path: Path, extractor, minter
) -> None:
    remote, proxy = proxied
    proxy.faults = [fault, fault]
    report, ledger, graph = _build_one(remote, tmp_path, extractor, minter)
    assert [r.status for r in report.results] == ["ingested"]
    assert proxy.matching_updates == 3  # two faults, then the write that went through
    if fault == "lost":
        assert proxy.forwarded_matching == 3  # committed three times: the replace is idempotent
    assert {str(t) for t in graph} == _reference_graph(extractor, minter)
    assert list(ledger) == [ARTICLE]


@pytest.mark.threat("G11")
@pytest.mark.parametrize("proxied", ["virtuoso"], indirect=True)
def test_a_virtuoso_checkpoint_abort_is_retried(proxied, tmp_path: Path, extractor, minter) -> None:
    remote, proxy = proxied
    proxy.faults = ["checkpoint"]
    report, _, graph = _build_one(remote, tmp_path, extractor, minter)
    assert [r.status for r in report.results] == ["ingested"] and proxy.matching_updates == 2
    assert {str(t) for t in graph} == _reference_graph(extractor, minter)


@pytest.mark.threat("G11")
@pytest.mark.parametrize("proxied", ["oxigraph"], indirect=True)
def test_retries_are_bounded(proxied, tmp_path: Path, extractor, minter) -> None:
    remote, proxy = proxied
    proxy.faults = ["503"] * 10
    started = time.monotonic()
    with pytest.raises(BuildAborted, match="gave up after 5 attempts") as aborted:
        _build_one(remote, tmp_path, extractor, minter)
    assert isinstance(aborted.value.__cause__, StoreUnavailableError)
    assert [r.status for r in aborted.value.report.results] == ["failed"]
    assert proxy.matching_updates == 5 and time.monotonic() - started < 30
    with remote.open() as store:
        assert not [g for g in store.named_graphs() if "/graph/article/" in g.value]


def test_a_rejected_update_is_not_retried(virtuoso: RemoteServer) -> None:
    """Virtuoso refuses a malformed geometry: an error of the request, not of the server."""
    wkt = NamedNode("http://www.opengis.net/ont/geosparql#wktLiteral")
    graph = NamedNode("http://example.org/kg-test/rejected")
    good = Quad(NamedNode("http://example.org/x"), NamedNode("http://example.org/p"), Literal("fine"), graph)
    bad = Quad(
        NamedNode("http://example.org/x"),
        NamedNode("http://example.org/q"),
        Literal("POINT(not a point)", datatype=wkt),
        graph,
    )
    with virtuoso.open() as store:
        started = time.monotonic()
        with pytest.raises(QueryError, match="the server rejected it"):
            store.update(sparql_update.insert_data([good, bad]))
        assert time.monotonic() - started < 2
        assert store.select_rows("SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } }", g=graph) == []


@pytest.mark.parametrize("server", ["oxigraph", "virtuoso"])
def test_a_large_update_is_one_request_the_server_can_parse(request: pytest.FixtureRequest, server: str) -> None:
    """12,000 triples in one request (Virtuoso's parser gives up at about 5,000 in one operation)."""
    remote: RemoteServer = request.getfixturevalue(server)
    graph = NamedNode("https://w3id.org/kg-news/id/graph/article/large-update-test")
    quads = [
        Quad(NamedNode(f"https://example.org/s{i}"), NamedNode("https://example.org/p"), Literal(f"value {i}"), graph)
        for i in range(12_000)
    ]
    with remote.open() as store:
        try:
            store.update(sparql_update.join([sparql_update.drop_graph(graph), sparql_update.insert_data(quads)]))
            assert store.select_rows(
                "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", g=graph
            ) == [{"g": graph.value, "n": "12000"}]
        finally:
            store.update(sparql_update.drop_graph(graph))


# ---- results a server cuts short ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_virtuoso(virtuoso_factory, seed_store_path: Path) -> RemoteServer:
    """A private Virtuoso capped at 500 rows per result, holding the seed dataset."""
    remote = virtuoso_factory(rows=500).server()
    source = open_store(str(seed_store_path), read_only=True)
    with source, remote.open() as store:
        for graph in source.named_graphs():
            quads = [Quad(t.subject, t.predicate, t.object, graph) for t in _triples(source, graph)]
            for start in range(0, len(quads), 2000):
                store.update(sparql_update.insert_data(quads[start : start + 2000]))
    return remote


def _triples(store, graph: NamedNode):
    buffer = io.BytesIO()
    store.dump(buffer, format=RdfFormat.N_TRIPLES, graph=graph)
    return list(parse(buffer.getvalue(), format=RdfFormat.N_TRIPLES))


@pytest.mark.threat("G12")
def test_a_capped_result_is_an_error_never_a_short_answer(small_virtuoso: RemoteServer) -> None:
    with small_virtuoso.open(read_only=True) as store:
        assert store.server_max_rows == 500
        with pytest.raises(ResultTruncatedError, match="cut the result at 500 rows"):
            list(store.query("SELECT * WHERE { ?s ?p ?o }"))
        with pytest.raises(ResultTruncatedError, match="ResultSetMaxRows"):
            list(store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"))
        assert len(list(store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 499"))) == 499
    result = runner.invoke(app, ["query", "SELECT * WHERE { ?s ?p ?o }"], env=small_virtuoso.env())
    assert result.exit_code == 1 and "cut the result at 500 rows" in result.stderr


@pytest.mark.threat("G12")
def test_a_capped_result_over_http_is_a_502_that_names_no_server(small_virtuoso: RemoteServer, tmp_path: Path) -> None:
    with serve(tmp_path / "unused", env=small_virtuoso.env()) as live:
        capped = httpx.get(f"{live.url}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=60)
        assert capped.status_code == 502 and capped.json()["error"] == "result_truncated"
        assert "500 rows" in capped.json()["message"]
        rejected = httpx.get(
            f"{live.url}/sparql", params={"query": 'ASK { ?s ?p ?o FILTER(REGEX(?o, "(")) }'}, timeout=60
        )
        assert rejected.status_code == 400
        for answer in (capped, rejected):
            assert small_virtuoso.location.split("/sparql")[0] not in answer.text  # the store's address stays private
        assert httpx.get(f"{live.url}/healthz").status_code == 200


def test_long_reads_are_paged_under_the_cap(small_virtuoso: RemoteServer, seed_store_path: Path) -> None:
    """Export, ledger and validation read thousands of rows from a server capped at 500."""
    env = small_virtuoso.env(KG_STORE_GSP="")  # no Graph Store: CONSTRUCT pages only
    exported = runner.invoke(app, ["export", "--format", "nq"], env=env)
    assert exported.exit_code == 0, exported.output
    reference = runner.invoke(app, ["export", "--format", "nq"], env={"KG_STORE": str(seed_store_path)})
    assert canonical_dataset(exported.stdout_bytes) == canonical_dataset(reference.stdout_bytes)
    with_gsp = runner.invoke(
        app, ["export", "--format", "nq"], env=small_virtuoso.env()
    )  # GSP is capped too: falls back
    assert with_gsp.exit_code == 0, with_gsp.output
    assert canonical_dataset(with_gsp.stdout_bytes) == canonical_dataset(reference.stdout_bytes)
    validated = runner.invoke(app, ["validate"], env=env)
    assert validated.exit_code == 0 and validated.stdout.count("conforms") == 5


@pytest.mark.threat("G12")
def test_a_query_past_its_time_limit_is_stopped_by_the_server(small_virtuoso: RemoteServer) -> None:
    with small_virtuoso.open(read_only=True, query_timeout=1.0) as store:
        started = time.monotonic()
        with pytest.raises(QueryTimeoutError):
            list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?a ?b ?c FILTER(?o != ?c) }"))
        assert time.monotonic() - started < 15


# ---- Virtuoso killed mid-build ---------------------------------------------------------------------------------


@pytest.mark.threat("G1", "G2")
def test_virtuoso_killed_mid_build_leaves_no_partial_article_and_a_rerun_finishes(
    virtuoso_factory, tmp_path: Path, extractor, minter
) -> None:
    process: VirtuosoProcess = virtuoso_factory()
    remote = process.server()
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    synthetic_corpus(corpus, 7)
    env = {**os.environ, **remote.env()}
    command = [*kg_command(), "build", "--jobs", "2", str(corpus)]
    log = tmp_path / "build.log"
    with log.open("w") as stderr:
        build_process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True)
    try:
        _wait_for_articles(remote, minter, at_least=3, process=build_process)
        process.kill()
        output, _ = build_process.communicate(timeout=90)
    finally:
        if build_process.poll() is None:
            build_process.kill()
    errors = log.read_text()
    assert build_process.returncode == 1, errors
    assert "gave up after" in errors and "the build stopped after writing" in errors
    reported = {line.split()[1] for line in output.splitlines() if line.startswith("ingested")}

    process.start()  # the same database: Virtuoso rolls its transaction log forward
    with remote.open(read_only=True) as store:
        ledger = store.ledger(minter.provenance_graph())
        assert reported <= set(ledger), "an article reported written is missing"
        assert 3 <= len(ledger) < 12
        article_graphs = {g.value for g in store.named_graphs() if "/graph/article/" in g.value}
        assert article_graphs == {entry.graph.value for entry in ledger.values()}, "a graph without a ledger entry"
        for key, entry in ledger.items():
            assert {str(t) for t in store.graph_triples(entry.graph)} == _reference_graph(
                extractor, minter, corpus / key
            ), key

    rerun = subprocess.run(
        [*kg_command(), "build", str(corpus)], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert rerun.returncode == 0, rerun.stderr
    statuses = {line.split()[1]: line.split()[0] for line in rerun.stdout.splitlines()[:-1]}
    assert {k for k, s in statuses.items() if s == "unchanged"} == set(ledger)
    assert {k for k, s in statuses.items() if s == "ingested"} == {p.name for p in corpus.glob("*.txt")} - set(ledger)
    with remote.open(read_only=True) as store:
        final = store.ledger(minter.provenance_graph())
        assert len(final) == 12
        for key in sorted(final)[::3]:  # a sample: extraction is what takes the time
            assert {str(t) for t in store.graph_triples(final[key].graph)} == _reference_graph(
                extractor, minter, corpus / key
            )


def _wait_for_articles(remote: RemoteServer, minter, *, at_least: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    with remote.open(read_only=True) as store:
        while len(store.ledger(minter.provenance_graph())) < at_least:
            assert process.poll() is None, "the build ended before the server was killed"
            assert time.monotonic() < deadline, "the build wrote too few articles in 120 s"
            time.sleep(0.1)
