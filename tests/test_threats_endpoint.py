"""Attacks on a running ``kg serve`` (rows A, B, C, D, E and F of the matrix in SECURITY.md): each
against a real server process on loopback, which must answer every one with a clean 4xx/5xx and
stay alive."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.requirements import Requirement
from packaging.version import Version
from pyoxigraph import Literal, NamedNode, Quad, Store

from kg.dashboard import Dashboard, EventFilter
from kg.namespaces import Minter
from kg.sparql import update as sparql_update
from kg.sparql.guard import MAX_DEPTH, MAX_TOKENS
from kg.store import OxigraphStore
from tests.helpers import ROOT, LiveServer, kg_command, serve

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?c) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ATTACK_LIMITS = {"KG_QUERY_TIMEOUT": "1", "KG_MAX_QUERIES": "2", "KG_BODY_TIMEOUT": "2"}


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A read-only server with tight limits over 300 triples: the cross product of three triple
    patterns is 27 M rows, seconds of work inside one operator that cannot be interrupted."""
    path = tmp_path_factory.mktemp("attacked") / "kg"
    store = Store(str(path))
    store.extend(Quad(NamedNode(f"http://e/{i}"), NamedNode("http://e/p"), Literal(f"value {i}")) for i in range(300))
    store.flush()
    del store
    with serve(path, env=ATTACK_LIMITS) as live:
        yield live


def _alive(base: str) -> bool:
    return httpx.get(base + "/healthz", timeout=10).status_code == 200


def _idle(base: str, within: float = 120.0) -> None:
    """Wait until abandoned queries have ended and given their slots back."""
    deadline = time.monotonic() + within
    while httpx.get(base + "/healthz", timeout=10).json()["queries_running"]:
        assert time.monotonic() < deadline, "query slots never came back"
        time.sleep(0.25)


# ---- A: resource abuse ----------------------------------------------------------------------------------


def _nested(kind: str, depth: int) -> tuple[str, str]:
    """(parameter, text) nesting ``depth`` levels of braces, parentheses, or braces in an update."""
    if kind == "braces":
        return "query", "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth
    if kind == "parentheses":  # the FILTER's own parenthesis and the group's brace add two levels
        return "query", "SELECT * WHERE { ?s ?p ?o FILTER" + "(" * (depth - 1) + "?o" + ")" * (depth - 1) + " }"
    # matches nothing, so an accepted update changes nothing
    return (
        "update",
        "INSERT { GRAPH <http://e/none> { ?s ?p ?o } } WHERE " + "{" * depth + " ?s <http://e/none> ?o " + "}" * depth,
    )


@pytest.mark.threat("A1")
@pytest.mark.parametrize("kind", ["braces", "parentheses", "update"])
@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 3000, 100_000])
def test_deep_nesting_is_a_400_and_the_server_lives(
    attacked: LiveServer, update_server: LiveServer, kind: str, depth: int
) -> None:
    parameter, text = _nested(kind, depth)
    live = update_server if parameter == "update" else attacked
    headers = {"Authorization": f"Bearer {live.token}"} if live.token else {}
    response = httpx.post(live.url + "/sparql", data={parameter: text}, headers=headers, timeout=30)
    if depth > MAX_DEPTH:
        assert response.status_code == 400, response.text
        assert response.json()["error"] == "query_too_complex" and f"exceeds {MAX_DEPTH}" in response.json()["message"]
    else:
        assert response.status_code == (200 if parameter == "query" else 204), response.text
    assert _alive(live.url)


FLAT_CHAINS = {  # long sequences without nesting: each crashed pyoxigraph 0.5.13 at the larger size
    "sum": lambda n: "SELECT * WHERE { BIND(1" + "+1" * n + " AS ?x) }",
    "or": lambda n: "SELECT * WHERE { FILTER(false" + "||false" * n + ") }",
    "not": lambda n: "SELECT * WHERE { FILTER(" + "!" * n + "true) }",
    "union": lambda n: "SELECT * WHERE { {}" + "UNION{}" * n + " }",
    "minus": lambda n: "SELECT * WHERE { ?s ?p ?o " + "MINUS{}" * n + " }",
    "collection": lambda n: "SELECT * WHERE { ?s ?p (" + "1 " * n + ") }",
    "objects": lambda n: "ASK { <http://e/s> <http://e/p> 1" + ",1" * n + " }",
}


@pytest.mark.threat("A1")
@pytest.mark.parametrize("kind", sorted(FLAT_CHAINS))
@pytest.mark.parametrize("length", [5_000, 50_000])
def test_long_flat_chains_are_a_400_and_the_server_lives(attacked: LiveServer, kind: str, length: int) -> None:
    response = httpx.post(attacked.url + "/sparql", data={"query": FLAT_CHAINS[kind](length)}, timeout=30)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "query_too_complex" and f"more than {MAX_TOKENS}" in body["message"]
    assert _alive(attacked.url)


@pytest.mark.threat("A1")
def test_long_lists_of_values_are_data_not_code(attacked: LiveServer) -> None:
    """The token budget leaves data alone: 20,000 values in VALUES and in IN (...) are answered."""
    iris = " ".join(f"<http://e/{i}>" for i in range(20_000))
    values = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?s {{ {iris} }} ?s ?p ?o }}"
    listed = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o FILTER(?s IN ({iris.replace(' ', ', ')})) }}"
    for text in (values, listed):
        response = httpx.post(
            attacked.url + "/sparql",
            data={"query": text},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"][0]["n"]["value"] == "300"


@pytest.mark.threat("A2", "A5")
def test_a_flood_of_expensive_queries_gets_503s_and_cheap_requests_still_answer(attacked: LiveServer) -> None:
    """20 cross products at once against two query slots: each admitted one times out (503
    timeout), the rest are turned away (503 busy), all with Retry-After; health checks keep answering."""
    _idle(attacked.url)
    health: list[int] = []
    stop = threading.Event()

    def check_health() -> None:
        while not stop.is_set():
            health.append(httpx.get(attacked.url + "/healthz", timeout=10).status_code)
            time.sleep(0.1)

    checker = threading.Thread(target=check_health)
    checker.start()
    try:
        with ThreadPoolExecutor(20) as pool:
            responses = list(
                pool.map(
                    lambda _: httpx.post(attacked.url + "/sparql", data={"query": CROSS_PRODUCT}, timeout=60), range(20)
                )
            )
    finally:
        stop.set()
        checker.join()
    outcomes = sorted(r.json()["error"] for r in responses)
    assert all(r.status_code == 503 and int(r.headers["retry-after"]) > 0 for r in responses)
    # the two admitted ones are stopped at their deadline (1.5 s), which frees their slots for two
    # of those still waiting (2 s), stopped in turn; the others never get a slot
    assert 2 <= outcomes.count("timeout") <= 6 and outcomes.count("busy") == 20 - outcomes.count("timeout"), outcomes
    assert health and set(health) == {200}
    _idle(attacked.url)  # the timed-out evaluations are stopped and free their slots
    assert httpx.get(attacked.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


@pytest.mark.threat("A4")
@pytest.mark.parametrize("pattern", ["^(a+)+$", "(.*a){50}", "(a|aa)+$", "^(([a-z])+.)+[A-Z]([a-z])+$"])
def test_catastrophic_regexes_finish_or_are_refused(attacked: LiveServer, pattern: str) -> None:
    """Oxigraph's regex engine is linear: the classic ReDoS patterns end well inside the 1 s limit."""
    subject = "a" * 40 + "!"
    query = "SELECT ?o WHERE { VALUES ?o { %s } FILTER(REGEX(?o, %s)) }" % (
        json.dumps(subject),
        json.dumps(pattern),
    )
    response = httpx.get(attacked.url + "/sparql", params={"query": query}, timeout=30)
    assert response.status_code in (200, 400), response.text
    if response.status_code == 200:
        assert response.json()["results"]["bindings"] == []
    assert _alive(attacked.url)


@pytest.mark.threat("A7")
def test_oversized_bodies_and_urls_are_refused_before_parsing(attacked: LiveServer) -> None:
    base = attacked.url
    big = "#" * (2 * 2**20)
    direct = httpx.post(base + "/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert direct.status_code == 413 and direct.json()["error"] == "payload_too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap applies while reading
        for _ in range(32):
            yield b"#" * 65536

    chunked = httpx.post(base + "/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert chunked.status_code == 413
    # httpx refuses to send such a URL, so the request is written by hand
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"GET /sparql?query=ASK%7B%7D%23"
            + b"x" * 64 * 1024
            + b" HTTP/1.1\r\nHost: "
            + f"{host}:{port}".encode()
            + b"\r\nConnection: close\r\n\r\n"
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414"), head
    error = json.loads(body)
    assert error["error"] == "uri_too_long" and "POST" in error["message"]
    assert f"x-request-id: {error['request_id']}".encode() in head.lower()
    assert _alive(base)


@pytest.mark.threat("A8")
def test_form_abuse_is_refused_without_reading_it_all(attacked: LiveServer) -> None:
    base, form = attacked.url, {"Content-Type": "application/x-www-form-urlencoded"}
    many = httpx.post(base + "/sparql", content="&".join(f"f{i}=1" for i in range(100_000)), headers=form)
    assert many.status_code in (400, 413) and many.json()["error"] in ("invalid_request", "payload_too_large")
    huge = httpx.post(base + "/sparql", content=b"query=" + b"a" * (50 * 2**20), headers=form)
    assert huge.status_code == 413
    twice = httpx.post(base + "/sparql", content="query=ASK%20%7B%7D&query=ASK%20%7B%7D", headers=form)
    assert twice.status_code == 400
    # ';' is no separator (W3C HTML forms): the second "query" is part of another field's value
    semicolons = httpx.post(base + "/sparql", content="query=ASK%20%7B%7D&x=1;query=DROP%20ALL", headers=form)
    assert semicolons.status_code == 200 and semicolons.json()["boolean"] is True
    assert _alive(base)


@pytest.mark.threat("A9")
def test_slow_clients_cannot_starve_the_server(attacked: LiveServer) -> None:
    """200 connections dribbling their headers, and one dribbling its body, while others are served."""
    host, port = attacked.url.removeprefix("http://").split(":")
    slow = []
    try:
        for _ in range(200):
            sock = socket.create_connection((host, int(port)), timeout=5)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: " + f"{host}:{port}".encode() + b"\r\n")
            slow.append(sock)
        for round_ in range(3):
            for sock in slow:
                sock.sendall(b"X")
            assert _alive(attacked.url), round_
            time.sleep(0.5)
        # a body sent at one byte per second is cut off at KG_BODY_TIMEOUT with 408
        body = socket.create_connection((host, int(port)), timeout=30)
        slow.append(body)
        body.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: "
            + f"{host}:{port}".encode()
            + b"\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\n"
        )
        started, answer = time.monotonic(), b""
        body.settimeout(0.2)
        while b"\r\n\r\n" not in answer and time.monotonic() - started < 20:
            try:
                body.sendall(b"#")
                answer += body.recv(4096)
            except TimeoutError:
                pass
            except OSError:
                break
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert _alive(attacked.url)
    finally:
        for sock in slow:
            sock.close()


# ---- B: injection through kg's own queries ------------------------------------------------------------------


class RecordingStore:
    """The seed store, recording the text of every query the dashboard sends it (a spy)."""

    def __init__(self, store: OxigraphStore) -> None:
        self._store, self.texts = store, []

    def query(self, sparql: str, **options: object) -> object:
        self.texts.append(sparql)
        return self._store.query(sparql, **options)

    def select_rows(self, sparql: str, **bindings: object) -> list[dict[str, object]]:
        self.texts.append(sparql)
        return self._store.select_rows(sparql, **bindings)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


MARK = "zq\u2603"  # in no query template and no name in the corpus


@pytest.mark.threat("B1")
@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hostile=st.text(max_size=40))
def test_hostile_dashboard_parameters_never_reach_the_query_text(
    seed_store: OxigraphStore, minter: Minter, hostile: str
) -> None:
    spy = RecordingStore(seed_store)
    dashboard = Dashboard(spy, minter)  # type: ignore[arg-type]
    value = MARK + hostile
    selected = dashboard.events(EventFilter(type=value, actor=value, place=value, status=value), limit=50, offset=0)
    assert selected["total"] == 0 and selected["items"] == []
    assert dashboard.event(value) is None and dashboard.article(value) is None
    for lookup in (dashboard.entity,):
        try:
            assert lookup(minter.base + "entity/" + value.replace(" ", "")) is None
        except ValueError:  # not an IRI: refused before any query
            pass
    assert spy.texts and not any(MARK in text for text in spy.texts)


_plain = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
_languages = st.sampled_from(["en", "ro", "es", "en-GB", "pt-BR", "zh-Hant-TW", "sr-Latn"])


@pytest.mark.threat("B4")
@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    text=_plain,
    language=st.none() | _languages,
    datatype=st.sampled_from([None, "http://www.w3.org/2001/XMLSchema#string", "http://e/custom"]),
)
def test_literals_written_to_a_remote_store_round_trip_exactly(
    text: str, language: str | None, datatype: str | None
) -> None:
    """Whatever an article says is written to a SPARQL store as data, never as syntax."""
    if language:
        literal = Literal(text, language=language)
    elif datatype:
        literal = Literal(text, datatype=NamedNode(datatype))
    else:
        literal = Literal(text)
    quad = Quad(NamedNode("http://e/s"), NamedNode("http://e/p"), literal, NamedNode("http://e/g"))
    engine = Store()
    engine.update(sparql_update.insert_data([quad]))
    assert list(engine) == [quad]


# ---- C: no fetching --------------------------------------------------------------------------------------------


@pytest.mark.threat("C1")
def test_service_in_every_spelling_is_refused_and_fetches_nothing(
    attacked: LiveServer, canary: tuple[str, list[str]]
) -> None:
    url, hits = canary
    queries = [
        f"SELECT * WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}/x> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}/x> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{url}/x> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"PREFIX c: <{url}/> SELECT * WHERE {{ service c:x {{ ?s ?p ?o }} }}",
        "SELECT * WHERE { SERVICE <file:///etc/hostname> { ?s ?p ?o } }",
        f"ASK {{ SeRvIcE <{url}/x> {{ ?s ?p ?o }} }}",
    ]
    for query in queries:
        response = httpx.post(attacked.url + "/sparql", data={"query": query})
        assert response.status_code == 400 and "SERVICE" in response.json()["message"], query
    time.sleep(0.3)
    assert hits == []


@pytest.mark.threat("C4")
def test_from_names_a_graph_and_fetches_nothing(attacked: LiveServer, canary: tuple[str, list[str]]) -> None:
    url, hits = canary
    for query in (
        "SELECT * FROM <file:///etc/hostname> WHERE { ?s ?p ?o }",
        f"SELECT * FROM NAMED <{url}/x> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}/x> WHERE {{ ?s ?p ?o }}",
    ):
        response = httpx.get(attacked.url + "/sparql", params={"query": query})
        assert response.status_code == 200 and response.json()["results"]["bindings"] == [], query
    response = httpx.get(
        attacked.url + "/sparql",
        params={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "file:///etc/passwd"},
    )
    assert response.status_code == 200 and response.json()["results"]["bindings"] == []
    time.sleep(0.3)
    assert hits == []


# ---- D: parsers ------------------------------------------------------------------------------------------------

XXE = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname"><!ENTITY % d SYSTEM "{url}/dtd"> %d;]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">
<rdf:Description rdf:about="http://e/s"><e:p>&x;</e:p></rdf:Description></rdf:RDF>"""


@pytest.mark.threat("D1", "D2")
def test_xml_and_deep_json_ld_uploads_are_refused(update_server: LiveServer, canary: tuple[str, list[str]]) -> None:
    """RDF/XML is never parsed (entity expansion, external entities); JSON-LD nested past 128 levels
    is refused before pyoxigraph's parser, which overflows its stack on ~10,000 levels."""
    url, hits = canary
    auth = {"Authorization": f"Bearer {update_server.token}"}
    before = httpx.get(update_server.url + "/healthz").json()["quads"]
    xxe = httpx.put(
        update_server.url + "/store",
        params={"graph": "http://e/xxe"},
        content=XXE.format(url=url),
        headers={**auth, "Content-Type": "application/rdf+xml"},
    )
    assert xxe.status_code == 415
    for depth in (MAX_DEPTH + 1, 10_000):  # 10,000 levels crash pyoxigraph 0.5.13's JSON-LD parser
        deep = '{"@id": "http://e/s", "http://e/p": ' * depth + '"x"' + "}" * depth
        response = httpx.put(
            update_server.url + "/store",
            params={"graph": "http://e/deep"},
            content=deep,
            headers={**auth, "Content-Type": "application/ld+json"},
        )
        assert response.status_code == 400 and "128" in response.json()["message"], depth
        assert _alive(update_server.url)
    shallow = '{"@id": "http://e/s", "http://e/p": ' * 10 + '"x"' + "}" * 10
    fine = httpx.put(
        update_server.url + "/store",
        params={"graph": "http://e/shallow"},
        content=shallow,
        headers={**auth, "Content-Type": "application/ld+json"},
    )
    assert fine.status_code in (201, 204)
    assert (
        httpx.delete(update_server.url + "/store", params={"graph": "http://e/shallow"}, headers=auth).status_code
        == 204
    )
    time.sleep(0.3)
    assert hits == [] and httpx.get(update_server.url + "/healthz").json()["quads"] == before


# ---- E: dependencies ---------------------------------------------------------------------------------------------

# Known vulnerabilities on kg's request path, and the first release without them.
FLOORS = {
    "starlette": ("1.3.1", "CVE-2026-54283: request.form() ignored max_fields / max_part_size"),
    "python-multipart": ("0.0.31", "the multipart parser CVEs listed in RELIABILITY.md §2.6"),
    "pyoxigraph": (
        "0.5.13",
        "latest release; RDF/XML entity expansion (oxigraph#1939) is not fixed in it, so kg never parses RDF/XML",
    ),
}


@pytest.mark.threat("E5")
def test_dependency_floors_exclude_the_known_vulnerable_releases() -> None:
    """Installed versions and the floors pyproject.toml declares are past the known CVEs
    (python-multipart may be absent: kg reads forms itself)."""
    import tomllib

    declared = {
        Requirement(line).name.lower(): Requirement(line)
        for line in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    }
    for name, (floor, why) in FLOORS.items():
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            assert name == "python-multipart", f"{name} is not installed"
            continue
        assert installed >= Version(floor), f"{name} {installed} < {floor}: {why}"
        if name in declared:
            lowest = [Version(s.version) for s in declared[name].specifier if s.operator in (">=", "==", "~=")]
            assert lowest and min(lowest) >= Version(floor), f"pyproject.toml allows {name} below {floor}: {why}"
    assert "starlette" in declared  # pinned directly, not only through FastAPI


# ---- F: posture ------------------------------------------------------------------------------------------------


def _listening_addresses(port: int) -> set[str]:
    """The local addresses on which something listens on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


@pytest.mark.threat("F3")
def test_the_server_binds_loopback_unless_told_otherwise(attacked: LiveServer) -> None:
    """``kg serve`` without --host listens on 127.0.0.1 only (and says so in its help)."""
    usage = subprocess.run(
        [*kg_command(), "serve", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert "127.0.0.1" in usage.stdout
    port = int(attacked.url.rsplit(":", 1)[1])
    assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, little-endian hex; nothing on 0.0.0.0 or ::
