"""What the tests share besides fixtures: the repository's paths, servers started on loopback (``kg serve``,
Oxigraph, Virtuoso) and the audit hook that keeps the test process off the network."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import httpx
import pytest
from pyoxigraph import Literal, Quad, RdfFormat, parse

from kg.config import DEFAULT_BASE_IRI, Settings
from kg.sparql import update as sparql_update
from kg.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
QUERIES = ROOT / "queries"
GOLD = Path(__file__).resolve().parent / "data" / "seed_captures.tsv"
W3C_PROTOCOL = Path(__file__).resolve().parent / "w3c" / "sparql11-protocol"
W3C_GRAPHS = {f"http://kasei.us/2009/09/sparql/data/data{i}.rdf": W3C_PROTOCOL / f"data{i}.nt" for i in (1, 2, 3)}
VIRTUOSO_SH = ROOT / ".ci" / "virtuoso.sh"

# the environment of the limits_server fixture: tight limits, and CORS for two origins
LIMITS = {
    "KG_QUERY_TIMEOUT": "1",
    "KG_MAX_ROWS": "25",
    "KG_CORS_ORIGINS": "https://analyst.example, https://other.example",
}


# ---- C6: the test process talks to loopback only ---------------------------------------------------------
# An audit hook refuses every socket connection to anything but loopback (and Unix sockets), so a
# test (or kg code under test) that would reach the network fails loudly instead. It cannot see
# connections made inside native code (Oxigraph's HTTP client) or other processes: the SERVICE,
# LOAD and FROM tests use a loopback canary for those.
NETWORK_VIOLATIONS: list[str] = []


def loopback_only(event: str, args: tuple) -> None:
    """An audit hook: refuse (and record) a socket connection to anything but loopback."""
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


def copy_store(source: Path, target: Path) -> Path:
    """A copy of a closed embedded store that can be opened for writing."""
    shutil.copytree(source, target)
    (target / "LOCK").unlink(missing_ok=True)
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kg_command() -> list[str]:
    """The installed console script, as a user runs it."""
    script = Path(sys.executable).parent / "kg"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]


# ---- kg serve ----------------------------------------------------------------------------------------


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
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if the process is still there after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


# ---- remote stores: a real Oxigraph server and a real Virtuoso ------------------------------------------


def unavailable(server: str, reason: str) -> NoReturn:
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


def oxigraph_command() -> str | None:
    script = Path(sys.executable).parent / "oxigraph"
    return str(script) if script.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(directory: Path, *, union: bool = True) -> Iterator[RemoteServer]:
    """The PyPI ``oxigraph`` server on a free loopback port, its database in ``directory``
    (``union``: with --union-default-graph, as kg expects)."""
    command = oxigraph_command()
    if command is None:
        unavailable("oxigraph", "the oxigraph server is not installed (pip install oxigraph: it is in the test extras)")
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
        _stop(process)


def build_wheel(folder: Path) -> Path:
    """kg's wheel, built from this checkout into ``folder`` (no dependencies, no build isolation)."""
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(folder)]
    subprocess.run([*command, str(ROOT)], check=True, capture_output=True, timeout=300)
    (wheel,) = folder.glob("kg-*.whl")
    return wheel


_WKT = "http://www.opengis.net/ont/geosparql#wktLiteral"
_PROV_TIMES = {f"http://www.w3.org/ns/prov#{name}" for name in ("startedAtTime", "endedAtTime", "generatedAtTime")}


def canonical_dataset(data: bytes) -> Counter[str]:
    """Quads as N-Quads lines, with what differs between two builds of the same articles made
    equal: the run's IRI and the provenance timestamps. WKT coordinates are compared as single
    floats (Virtuoso stores geometries in single precision)."""
    out: Counter[str] = Counter()
    for quad in parse(data, format=RdfFormat.N_QUADS):
        out[_canonical_quad(quad)] += 1
    return out


def _canonical_quad(quad: Quad) -> str:
    subject, obj = quad.subject, quad.object
    if isinstance(obj, Literal) and quad.predicate.value in _PROV_TIMES:
        obj = Literal("T", datatype=obj.datatype)
    if isinstance(obj, Literal) and obj.datatype.value == _WKT:
        obj = Literal(
            re.sub(
                r"-?\d+(?:\.\d+)?", lambda m: repr(struct.unpack("f", struct.pack("f", float(m.group())))[0]), obj.value
            ),
            datatype=obj.datatype,
        )
    text = str(Quad(subject, quad.predicate, obj, quad.graph_name))
    return re.sub(r"<[^>]*/run/[^>]*>", "<run>", text)
