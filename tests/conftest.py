"""Shared fixtures: the seed articles built once into a real on-disk store, and a real server."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import httpx
import pytest

from kg.build import build
from kg.config import DEFAULT_BASE_IRI, Settings
from kg.extract.extractor import Extractor
from kg.namespaces import Minter
from kg.sparql import update as sparql_update
from kg.store import OxigraphStore, Store, open_store

# ---- C6: the test process talks to loopback only ---------------------------------------------------------
# An audit hook refuses every socket connection to anything but loopback (and Unix sockets), so a
# test (or kg code under test) that would reach the network fails loudly instead. It cannot see
# connections made inside native code (Oxigraph's HTTP client) or other processes: the SERVICE,
# LOAD and FROM tests use a loopback canary for those.
NETWORK_VIOLATIONS: list[str] = []


def _loopback_only(event: str, args: tuple) -> None:
    if event not in ("socket.connect", "socket.sendto") or not args:
        return
    address = args[-1] if event == "socket.sendto" else args[1]
    if not isinstance(address, tuple):  # AF_UNIX path
        return
    host = str(address[0])
    if host in ("localhost", "::1") or host.startswith("127.") or host.startswith("::ffff:127."):
        return
    NETWORK_VIOLATIONS.append(f"{event} {address!r}")
    raise ConnectionRefusedError(f"tests may only connect to loopback, not {address!r}")


sys.addaudithook(_loopback_only)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A refused connection fails the run even if the test that made it swallowed the error."""
    if NETWORK_VIOLATIONS:
        sys.stderr.write("non-loopback connections attempted:\n  " + "\n  ".join(NETWORK_VIOLATIONS) + "\n")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
QUERIES = ROOT / "queries"
GOLD = Path(__file__).resolve().parent / "data" / "seed_captures.tsv"


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
    with OxigraphStore(seed_store_path, read_only=True) as store:
        yield store


def copy_store(source: Path, target: Path) -> Path:
    """A copy of a closed embedded store that can be opened for writing."""
    shutil.copytree(source, target)
    (target / "LOCK").unlink(missing_ok=True)
    return target


@pytest.fixture()
def store_copy(seed_store_path: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the seed store."""
    target = tmp_path / "kg"
    copy_store(seed_store_path, target)
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kg_command() -> list[str]:
    """The installed console script, as a user runs it."""
    script = Path(sys.executable).parent / "kg"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, seed_store_path: Path) -> Iterator[str]:
    """``kg serve`` in its own process on a loopback port, over a copy of the seed store."""
    store = tmp_path_factory.mktemp("served") / "kg"
    copy_store(seed_store_path, store)
    with serve(store) as live:
        yield live.url


# ---- more servers: the W3C manifests, updates enabled, tight limits -----------------------------------

W3C_PROTOCOL = Path(__file__).resolve().parent / "w3c" / "sparql11-protocol"
W3C_GRAPHS = {f"http://kasei.us/2009/09/sparql/data/data{i}.rdf": W3C_PROTOCOL / f"data{i}.nt" for i in (1, 2, 3)}


@dataclass(frozen=True)
class LiveServer:
    """A running ``kg serve``: its base URL, its store directory, and its update token (if any)."""

    url: str
    store: Path
    token: str | None = None
    pid: int = 0


@contextmanager
def serve(store: Path, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Iterator[LiveServer]:
    """``kg serve ARGS`` on a free loopback port over ``store``, run in ``cwd``, until the block ends."""
    port = free_port()
    environment = {**os.environ, "KG_STORE": str(store), **(env or {})}
    log = store.parent / "serve.log"  # a file, not a pipe nobody drains
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [*kg_command(), "serve", "--port", str(port), *args],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            cwd=cwd,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"kg serve exited: {log.read_text()}")
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("kg serve did not come up within 60 s")
            time.sleep(0.1)
        yield LiveServer(base, store, (env or {}).get("KG_UPDATE_TOKEN"), process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _seed_copy_with_w3c_graphs(seed_store_path: Path, target: Path) -> Path:
    """A copy of the seed store plus the W3C protocol test graphs (data1..3.rdf)."""
    from pyoxigraph import NamedNode, Quad, RdfFormat, parse

    from kg.sparql import update as sparql_update

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


LIMITS = {
    "KG_QUERY_TIMEOUT": "1",
    "KG_MAX_ROWS": "25",
    "KG_CORS_ORIGINS": "https://analyst.example, https://other.example",
}


@pytest.fixture(scope="session")
def limits_server(tmp_path_factory: pytest.TempPathFactory, seed_store_path: Path) -> Iterator[LiveServer]:
    """A read-only ``kg serve`` over the seeds with tight limits (LIMITS) and CORS for two origins."""
    store = tmp_path_factory.mktemp("limits") / "kg"
    copy_store(seed_store_path, store)
    with serve(store, env=LIMITS) as live:
        yield live


# ---- remote stores: a real Oxigraph server and a real Virtuoso ------------------------------------------

VIRTUOSO_SH = ROOT / ".ci" / "virtuoso.sh"


def _unavailable(server: str, reason: str) -> NoReturn:
    """Skip, unless this run says the server must be there (KG_REQUIRE_VIRTUOSO / KG_REQUIRE_OXIGRAPH=1,
    as .ci/run sets them): then fail."""
    variable = f"KG_REQUIRE_{server.upper()}"
    if os.environ.get(variable) == "1":
        pytest.fail(f"{variable}=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def sparql_answers(url: str, timeout: float = 2.0) -> bool:
    try:
        return (
            httpx.get(
                url, params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"}, timeout=timeout
            ).status_code
            == 200
        )
    except httpx.TransportError:
        return False


@dataclass
class RemoteServer:
    """A SPARQL server kg can use: its endpoints and credentials, as the KG_STORE_* settings."""

    name: str
    query: str
    update: str
    gsp: str = ""
    user: str = ""
    password: str = ""

    @property
    def location(self) -> str:
        return "sparql+" + self.query

    def env(self, **extra: str) -> dict[str, str]:
        values = {
            "KG_STORE": self.location,
            "KG_STORE_UPDATE": self.update,
            "KG_STORE_GSP": self.gsp,
            "KG_STORE_USER": self.user,
            "KG_STORE_PASSWORD": self.password,
        }
        return {**values, **extra}

    def open(self, *, read_only: bool = False, **settings: object) -> Store:
        return open_store(self.location, read_only=read_only, settings=Settings.from_env(self.env(), **settings))

    def clear(self, base_iri: str = DEFAULT_BASE_IRI) -> None:
        """Drop every graph kg wrote under ``base_iri`` (the server's own graphs stay)."""
        with self.open(base_iri=base_iri) as store:
            graphs = store.named_graphs()
            if graphs:
                store.update(sparql_update.join([sparql_update.drop_graph(g) for g in graphs]))


@dataclass
class VirtuosoProcess:
    """A Virtuoso this test run started (.ci/virtuoso.sh) in its own directory, on free ports: it
    can be killed and restarted on the same database."""

    directory: Path
    rows: int | None = None
    http: int = field(default_factory=free_port)
    sql: int = field(default_factory=free_port)

    @property
    def pid(self) -> int:
        return int((self.directory / "virtuoso.pid").read_text())

    def start(self) -> VirtuosoProcess:
        env = {**os.environ, **({"VIRTUOSO_RESULT_ROWS": str(self.rows)} if self.rows else {})}
        subprocess.run(
            ["bash", str(VIRTUOSO_SH), "start", str(self.directory), str(self.http), str(self.sql)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )
        return self

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would; returns once the process is gone."""
        pid = self.pid
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self) -> None:
        subprocess.run(["bash", str(VIRTUOSO_SH), "stop", str(self.directory)], check=False, timeout=60)

    def server(self) -> RemoteServer:
        base = f"http://127.0.0.1:{self.http}"
        return RemoteServer(
            "virtuoso", f"{base}/sparql", f"{base}/sparql-auth", f"{base}/sparql-graph-crud-auth", "dba", "dba"
        )


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.fixture(scope="session")
def virtuoso_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., VirtuosoProcess]]:
    """Start private Virtuoso servers (``rows``: its ResultSetMaxRows); all stopped at the end."""
    if shutil.which("virtuoso-t") is None:
        _unavailable("virtuoso", "Virtuoso is not installed (apt-get install virtuoso-opensource; .ci/run does it)")
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
            _unavailable("virtuoso", f"KG_TEST_VIRTUOSO={base} does not answer SPARQL")
        return RemoteServer(
            "virtuoso", f"{base}/sparql", f"{base}/sparql-auth", f"{base}/sparql-graph-crud-auth", "dba", "dba"
        )
    return request.getfixturevalue("virtuoso_factory")().server()


def oxigraph_command() -> str | None:
    script = Path(sys.executable).parent / "oxigraph"
    return str(script) if script.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(directory: Path, *, union: bool = True) -> Iterator[RemoteServer]:
    """The PyPI ``oxigraph`` server on a free loopback port, its database in ``directory``
    (``union``: with --union-default-graph, as kg expects)."""
    command = oxigraph_command()
    if command is None:
        _unavailable(
            "oxigraph", "the oxigraph server is not installed (pip install oxigraph: it is in the test extras)"
        )
    port = free_port()
    log = directory.with_suffix(".log")
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                command,
                "serve",
                "--location",
                str(directory),
                "--bind",
                f"127.0.0.1:{port}",
                *(["--union-default-graph"] if union else []),
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not sparql_answers(base + "/query", timeout=1):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the oxigraph server did not start: {log.read_text()}")
            time.sleep(0.05)
        yield RemoteServer("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteServer]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "db") as server:
        yield server


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
