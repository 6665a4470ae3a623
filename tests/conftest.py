"""Shared fixtures: the seed articles built once into a real on-disk store, and real servers (the plain
helpers they use, and tests import, are in tests/helpers.py)."""

from __future__ import annotations

import os
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench.dask_cluster import dask_cluster
from kg.build import build
from kg.config import DEFAULT_BASE_IRI, Settings
from kg.extract.extractor import Extractor
from kg.namespaces import Minter
from kg.sparql import update as sparql_update
from kg.store import OxigraphStore
from tests.helpers import (
    LIMITS,
    NETWORK_VIOLATIONS,
    SEEDS,
    W3C_GRAPHS,
    LiveServer,
    RemoteServer,
    VirtuosoProcess,
    copy_store,
    loopback_only,
    oxigraph_server,
    serve,
    sparql_answers,
    unavailable,
)

sys.addaudithook(loopback_only)  # C6: the test process talks to loopback only (tests/helpers.py)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A refused connection fails the run even if the test that made it swallowed the error."""
    if NETWORK_VIOLATIONS:
        sys.stderr.write("non-loopback connections attempted:\n  " + "\n  ".join(NETWORK_VIOLATIONS) + "\n")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def minter() -> Minter:
    return Minter(DEFAULT_BASE_IRI)


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor, minter: Minter) -> Path:
    """The five seeds built into an on-disk store (closed again: open it read-only in tests)."""
    path = tmp_path_factory.mktemp("seed-store") / "kg"
    with OxigraphStore(path) as store:
        report = build(
            [str(SEEDS)], store=store, extractor=extractor, minter=minter, max_file_bytes=Settings().max_file_bytes
        )
    assert report.count("ingested") == 5, report.results
    return path


@pytest.fixture()
def seed_store(seed_store_path: Path) -> Iterator[OxigraphStore]:
    store = OxigraphStore(seed_store_path, read_only=True)
    with store:  # Store.__enter__ is typed as returning a Store
        yield store


@pytest.fixture()
def store_copy(seed_store_path: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the seed store."""
    target = tmp_path / "kg"
    copy_store(seed_store_path, target)
    return target


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, seed_store_path: Path) -> Iterator[str]:
    """``kg serve`` in its own process on a loopback port, over a copy of the seed store."""
    store = tmp_path_factory.mktemp("served") / "kg"
    copy_store(seed_store_path, store)
    with serve(store) as live:
        yield live.url


# ---- more servers: the W3C manifests, updates enabled, tight limits -----------------------------------


def _seed_copy_with_w3c_graphs(seed_store_path: Path, target: Path) -> Path:
    """A copy of the seed store plus the W3C protocol test graphs (data1..3.rdf)."""
    from pyoxigraph import NamedNode, Quad, RdfFormat, parse

    copy_store(seed_store_path, target)
    quads = [
        Quad(q.subject, q.predicate, q.object, NamedNode(graph))
        for graph, path in W3C_GRAPHS.items()
        for q in parse(path.read_bytes(), format=RdfFormat.N_TRIPLES)
    ]
    with OxigraphStore(target) as store:
        store.update(sparql_update.insert_data(quads))
    return target


@pytest.fixture(scope="session")
def w3c_server(tmp_path_factory: pytest.TempPathFactory, seed_store_path: Path) -> Iterator[LiveServer]:
    """A read-only ``kg serve`` (default settings) over the seeds plus the W3C protocol graphs."""
    store = _seed_copy_with_w3c_graphs(seed_store_path, tmp_path_factory.mktemp("w3c-read-only") / "kg")
    with serve(store) as live:
        yield live


@pytest.fixture(scope="session")
def update_server(tmp_path_factory: pytest.TempPathFactory, seed_store_path: Path) -> Iterator[LiveServer]:
    """``kg serve --enable-updates`` on its own store copy, with a random KG_UPDATE_TOKEN."""
    store = _seed_copy_with_w3c_graphs(seed_store_path, tmp_path_factory.mktemp("w3c-updates") / "kg")
    with serve(store, "--enable-updates", env={"KG_UPDATE_TOKEN": secrets.token_urlsafe(24)}) as live:
        yield live


@pytest.fixture(scope="session")
def limits_server(tmp_path_factory: pytest.TempPathFactory, seed_store_path: Path) -> Iterator[LiveServer]:
    """A read-only ``kg serve`` over the seeds with tight limits (LIMITS) and CORS for two origins."""
    store = tmp_path_factory.mktemp("limits") / "kg"
    copy_store(seed_store_path, store)
    with serve(store, env=LIMITS) as live:
        yield live


# ---- remote stores: a real Oxigraph server and a real Virtuoso ------------------------------------------


@pytest.fixture(scope="session")
def virtuoso_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., VirtuosoProcess]]:
    """Start private Virtuoso servers (``rows``: its ResultSetMaxRows); all stopped at the end."""
    if shutil.which("virtuoso-t") is None:
        unavailable("virtuoso", "Virtuoso is not installed (apt-get install virtuoso-opensource; .ci/run does it)")
    started: list[VirtuosoProcess] = []

    def start(rows: int | None = None) -> VirtuosoProcess:
        process = VirtuosoProcess(tmp_path_factory.mktemp("virtuoso"), rows)
        started.append(process)
        return process.start()

    yield start
    for process in started:
        process.stop()


@pytest.fixture(scope="session")
def virtuoso(request: pytest.FixtureRequest) -> RemoteServer:
    """Virtuoso: the one .ci/run started (KG_TEST_VIRTUOSO=http://HOST:PORT, dba/dba), else a
    private one when virtuoso-t is installed, else a skip (a failure under KG_REQUIRE_VIRTUOSO=1)."""
    base = os.environ.get("KG_TEST_VIRTUOSO", "").rstrip("/")
    if base:
        if not sparql_answers(base + "/sparql", timeout=10):
            unavailable("virtuoso", f"KG_TEST_VIRTUOSO={base} does not answer SPARQL")
        return RemoteServer(
            "virtuoso", f"{base}/sparql", f"{base}/sparql-auth", f"{base}/sparql-graph-crud-auth", "dba", "dba"
        )
    return request.getfixturevalue("virtuoso_factory")().server()


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteServer]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "db") as server:
        yield server


# ---- a Dask cluster: the one .ci/run started, else one of our own ---------------------------------------


@pytest.fixture(scope="session")
def dask_scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Dask scheduler's address with two one-thread workers: the cluster .ci/run started
    (KG_TEST_DASK=tcp://HOST:PORT), else one started here as separate processes, else a skip (a
    failure under KG_REQUIRE_DASK=1). Tests that kill a worker bring their own (bench/dask_cluster.py)."""
    try:
        from distributed import Client
    except ImportError:
        unavailable("dask", "Dask distributed is not installed (pip install 'kg[cluster]': it is in the test extras)")
    address = os.environ.get("KG_TEST_DASK", "")
    if not address:
        with dask_cluster(tmp_path_factory.mktemp("dask"), workers=2) as cluster:
            yield cluster.address
        return
    try:
        with Client(address, timeout=10, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=60)
    except (OSError, TimeoutError) as exc:
        unavailable("dask", f"KG_TEST_DASK={address} has no two workers ready: {exc}")
    yield address


@pytest.fixture()
def canary() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request: (base URL, paths requested)."""
    import http.server
    import threading

    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _record(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.end_headers()
            self.wfile.write(b"<http://canary/s> <http://canary/p> <http://canary/o> .\n")

        do_GET = do_POST = do_HEAD = _record

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()
