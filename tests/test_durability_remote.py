"""Durability with a remote store: an update that fails (HTTP 500, a connection reset half-way
through the answer) is retried within bounds and leaves the article whole, once; a result the
server marks partial (HTTP 206, ``X-SQL-State: S1TAT``) is never taken as complete."""

from __future__ import annotations

import json
import socket
import struct
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError
from kg.store import ResultTruncatedError, open_store
from kg.store.sparql import SparqlStore

from .test_remote_faults import ARTICLE, FaultProxy, _answer, _build_one, _reference_graph, proxied  # noqa: F401

runner = CliRunner()


class MoreFaults(FaultProxy):
    """The fault proxy, with two more faults for article updates: ``500`` (a bare Internal Server
    Error, answered here) and ``reset`` (forwarded and committed upstream, then the answer is cut
    after a few bytes of its body with a TCP reset)."""

    def _handle(self, request: BaseHTTPRequestHandler, body: bytes) -> None:
        matching = body.startswith(b"update=") and self.marker in body
        if not (matching and self.faults and self.faults[0] in ("500", "reset")):
            return super()._handle(request, body)
        fault = self.faults.pop(0)
        self.matching_updates += 1
        if fault == "500":
            return _answer(request, 500, {"Content-Type": "text/plain"}, b"Internal Server Error")
        headers = {k: v for k, v in request.headers.items() if k.lower() not in self.HOP | {"host"}}
        self._client.request(request.command, self.upstream + request.path, headers=headers, content=body)
        self.forwarded_matching += 1
        request.send_response(200)
        request.send_header("Content-Type", "text/plain")
        request.send_header("Content-Length", "1000")
        request.end_headers()
        request.wfile.write(b"partial ")
        request.wfile.flush()
        request.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        request.close_connection = True
        return None


@pytest.fixture()
def more_faults(request: pytest.FixtureRequest) -> Iterator[tuple[object, MoreFaults]]:
    from tests.helpers import RemoteServer

    remote: RemoteServer = request.getfixturevalue(request.param)
    remote.clear()
    base = remote.query.rsplit("/", 1)[0]
    proxy = MoreFaults(base, "/graph/article/")
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


@pytest.mark.threat("G11")
@pytest.mark.parametrize(
    ("more_faults", "faults"),
    [("oxigraph", ["500", "500"]), ("oxigraph", ["reset", "500"]), ("virtuoso", ["reset", "reset"])],
    indirect=["more_faults"],
)
def test_a_500_or_a_reset_mid_answer_is_retried_and_the_article_is_whole_once(
    more_faults, faults: list[str], tmp_path: Path, extractor, minter
) -> None:
    remote, proxy = more_faults
    proxy.faults = list(faults)
    report, ledger, graph = _build_one(remote, tmp_path, extractor, minter)
    assert [r.status for r in report.results] == ["ingested"]
    assert proxy.matching_updates == len(faults) + 1
    assert {str(t) for t in graph} == _reference_graph(extractor, minter)  # whole, and nothing twice
    assert list(ledger) == [ARTICLE]
    with remote.open(read_only=True) as store:
        assert [g.value for g in store.named_graphs() if "/graph/article/" in g.value] == [ledger[ARTICLE].graph.value]


# ---- a fake Virtuoso that answers with partial results ---------------------------------------------------------

PARTIAL_ROWS = json.dumps(
    {
        "head": {"vars": ["s"]},
        "results": {"bindings": [{"s": {"type": "uri", "value": f"http://example.org/s{i}"}} for i in range(3)]},
    }
).encode()


class FakeVirtuoso:
    """A loopback server calling itself Virtuoso. It answers kg's connection checks, then every
    other query with three rows marked partial: ``status`` and ``X-SQL-State`` as given."""

    def __init__(self, status: int, state: str | None) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                fake.answer(self, parse_qs(urlsplit(self.path).query).get("query", [""])[0])

            def do_POST(self) -> None:
                form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode())
                fake.answer(self, form.get("query", [""])[0])

        self.status, self.state = status, state
        self.partial_answers = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/sparql"

    def answer(self, request: BaseHTTPRequestHandler, query: str) -> None:
        headers = {
            "Server": "Virtuoso/07.20.3238 (Linux) x86_64-pc-linux-gnu",
            "Content-Type": "application/sparql-results+json",
        }
        if query.startswith("ASK"):
            return _answer(request, 200, headers, b'{"head": {}, "boolean": false}')
        if "ResultSetMaxRows" in query:
            rows = {
                "head": {"vars": ["rows"]},
                "results": {"bindings": [{"rows": {"type": "literal", "value": "10000"}}]},
            }
            return _answer(request, 200, headers, json.dumps(rows).encode())
        self.partial_answers += 1
        if self.state:
            headers |= {
                "X-SQL-State": self.state,
                "X-SQL-Message": "RC...: Returning incomplete results, query interrupted by result timeout.",
            }
        return _answer(request, self.status, headers, PARTIAL_ROWS)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.mark.threat("G12")
@pytest.mark.parametrize(("status", "state"), [(206, "S1TAT"), (200, "S1TAT"), (206, None)])
def test_a_result_the_server_marks_partial_is_an_error_never_a_complete_answer(status: int, state: str | None) -> None:
    fake = FakeVirtuoso(status, state)
    try:
        with open_store("sparql+" + fake.url, read_only=True) as store:
            assert isinstance(store, SparqlStore) and store.is_virtuoso
            with pytest.raises(QueryError) as raised:
                list(store.query("SELECT ?s WHERE { ?s ?p ?o }"))
            assert isinstance(raised.value, (ResultTruncatedError, TimeoutError))
            assert "partial results" in str(raised.value)
        assert fake.partial_answers == 1  # not retried either: another attempt would be cut short again
        result = runner.invoke(
            app, ["query", "SELECT ?s WHERE { ?s ?p ?o }", "--format", "csv"], env={"KG_STORE": "sparql+" + fake.url}
        )
        assert result.exit_code == 1 and "partial results" in result.stderr
        assert "example.org/s0" not in result.stdout  # no row of the partial answer is printed
    finally:
        fake.close()
