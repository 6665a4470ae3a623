"""``/export.*``: byte-identical to ``kg export`` on the same store, and streamed with flat memory."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from kg.api.streaming import MAX_STREAMS
from kg.export import EXPORT_FORMATS, MEDIA_TYPES
from tests.helpers import LiveServer, kg_command, serve

BIG = 120_000  # quads in the synthetic store


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_exports_are_byte_identical_to_kg_export(w3c_server: LiveServer, fmt: str) -> None:
    over_http = httpx.get(f"{w3c_server.url}/export.{fmt}", timeout=60)
    assert over_http.status_code == 200
    assert over_http.headers["content-type"].split(";")[0] == MEDIA_TYPES[fmt]
    assert over_http.headers["content-disposition"] == f'attachment; filename="kg.{fmt}"'
    # the server holds the store open for writing; `kg export` reads it read-only meanwhile
    cli = subprocess.run(
        [*kg_command(), "export", "--format", fmt, "--store", str(w3c_server.store)], capture_output=True, timeout=120
    )
    assert cli.returncode == 0, cli.stderr
    assert len(cli.stdout) > 100_000 and over_http.content == cli.stdout
    head = httpx.head(f"{w3c_server.url}/export.{fmt}")
    assert head.status_code == 200 and not head.content


@pytest.fixture(scope="module")
def big_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """``kg serve`` over a synthetic store of BIG quads in 50 graphs."""
    path = tmp_path_factory.mktemp("big") / "kg"
    store = Store(str(path))
    store.bulk_extend(
        Quad(
            NamedNode(f"http://example.org/s{i}"),
            NamedNode(f"http://example.org/p{i % 17}"),
            Literal(f"statement number {i}, with a little text"),
            NamedNode(f"http://example.org/g{i % 50}"),
        )
        for i in range(BIG)
    )
    store.flush()
    del store
    with serve(Path(path)) as live:
        # the engine's one-time allocations (table readers, caches) happen on the first full read
        assert len(httpx.get(f"{live.url}/export.nq", timeout=60).content) > 2**20
        yield live


def _rss_anon_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no RssAnon")


def test_exports_stream_with_flat_memory(big_server: LiveServer) -> None:
    baseline = _rss_anon_mb(big_server.pid)
    size = 0
    with httpx.stream("GET", f"{big_server.url}/export.ttl", timeout=60) as response:
        chunks = response.iter_raw()
        size += len(next(chunks))
        time.sleep(1.0)  # the client stalls: a streaming server stops producing and waits
        stalled = _rss_anon_mb(big_server.pid) - baseline
        for chunk in chunks:
            size += len(chunk)
    after = _rss_anon_mb(big_server.pid) - baseline
    body_mb = size / 2**20
    assert body_mb > 8
    assert stalled < body_mb / 4, (stalled, body_mb)  # not a body built in memory, nor a runaway producer
    assert after < body_mb / 4, (after, body_mb)  # nor an engine-side set of every triple (CONSTRUCT's)
    lines = httpx.get(f"{big_server.url}/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"})
    assert int(lines.json()["results"]["bindings"][0]["n"]["value"]) == BIG


def test_concurrent_exports_are_bounded_and_recover(big_server: LiveServer) -> None:
    clients = [httpx.Client(timeout=30) for _ in range(MAX_STREAMS)]
    streams = []
    try:
        for client in clients:
            stream = client.stream("GET", f"{big_server.url}/export.nq")
            response = stream.__enter__()
            assert response.status_code == 200
            streams.append((stream, response))
        busy = httpx.get(f"{big_server.url}/export.nq")
        assert busy.status_code == 503 and busy.json()["error"] == "busy" and busy.headers["retry-after"]
        assert httpx.get(f"{big_server.url}/healthz").status_code == 200
    finally:
        for stream, _ in streams:
            stream.__exit__(None, None, None)
        for client in clients:
            client.close()
    deadline = time.monotonic() + 10  # the abandoned writers notice and free their slots
    while True:
        response = httpx.head(f"{big_server.url}/export.nq")
        with httpx.stream("GET", f"{big_server.url}/export.ttl") as again:
            if again.status_code == 200:
                break
        assert time.monotonic() < deadline, "export slots were not released"
        time.sleep(0.2)
    assert response.status_code == 200
