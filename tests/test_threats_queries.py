"""Rows K1 and K2 of the matrix in SECURITY.md, against a real ``kg serve`` over the seed store:
a query past its deadline is stopped whatever it is doing and frees its slot within seconds (its
worker process is killed and replaced); a short query with a huge serialisation is cut at the byte
cap, says so, stays well-formed, and the server's memory stays bounded."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree

import httpx
import pytest
from pyoxigraph import RdfFormat, parse

from tests.helpers import LiveServer, copy_store, serve

TIMEOUT = 2.0
FREED_WITHIN = 5.0  # the target: a cheap query answers within 5 s of the attack's deadline
RSS_CEILING_MIB = 600
TEXT = "https://w3id.org/kg-news/ontology#text"  # an article's whole text (kg.rdf)

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?c) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
IN_LIST = "SELECT ?s WHERE { ?s ?p ?o FILTER(?o IN (" + ", ".join(str(i) for i in range(100_000)) + ")) }"
SHARED_SUBJECT = "SELECT * WHERE { " + " ".join(f"?s ?p{i} ?o{i} ." for i in range(200)) + " }"
OPTIONALS = "SELECT * WHERE { ?s ?p ?o " + " ".join(f"OPTIONAL {{ ?s ?p{i} ?o{i} }}" for i in range(200)) + " }"
ATTACKS = {"cross product": CROSS_PRODUCT, "IN list": IN_LIST, "shared subject": SHARED_SUBJECT, "optionals": OPTIONALS}
HELD_CAP = 16 * 2**20  # a result cap far beyond what a loopback socket's buffers take in
SIX_TEXTS = "SELECT ?a ?b ?c ?d ?e ?f WHERE { " + " ".join(f"?x{v} <{TEXT}> ?{v} ." for v in "abcdef") + " }"
# a fresh blank node per solution: 93,750 distinct triples of article text
SIX_TRIPLES = (
    "CONSTRUCT { _:row "
    + " ; ".join(f"<http://e/{v}> ?{v}" for v in "abcdef")
    + " } WHERE { "
    + " ".join(f"?x{v} <{TEXT}> ?{v} ." for v in "abcdef")
    + " }"
)
CHEAP = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory, seed_store_path: Path) -> Iterator[LiveServer]:
    """The seed store behind two query slots and a 2 s limit."""
    store = copy_store(seed_store_path, tmp_path_factory.mktemp("k1") / "kg")
    with serve(store, env={"KG_QUERY_TIMEOUT": str(TIMEOUT), "KG_MAX_QUERIES": "2"}) as live:
        yield live


@pytest.fixture(scope="module")
def amplified(tmp_path_factory: pytest.TempPathFactory, seed_store_path: Path) -> Iterator[LiveServer]:
    """The seed store with the default result caps (100,000 rows, 64 MiB) and updates enabled."""
    store = copy_store(seed_store_path, tmp_path_factory.mktemp("k2") / "kg")
    with serve(store, "--enable-updates", env={"KG_UPDATE_TOKEN": "k2-token", "KG_MAX_QUERIES": "2"}) as live:
        yield live


# ---- the process tree -----------------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def _descendants(root: int) -> list[int]:
    """Every process below ``root`` (the server's forkserver, its query workers...)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None:
                parents[int(entry.name)] = int(fields[1])
    found, frontier = [], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def _workers(server: LiveServer) -> set[int]:
    """The query workers: the processes the server's forkserver forked."""
    forkservers = [pid for pid in _descendants(server.pid) if b"forkserver" in _cmdline(pid)]
    return {pid for forkserver in forkservers for pid in _descendants(forkserver) if _alive(pid)}


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _cpu_seconds(pids: set[int]) -> float:
    ticks = 0
    for pid in pids:
        fields = _stat(pid)
        if fields is not None:
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# ---- K1: a query past its deadline stops and frees its slot -----------------------------------------------


def _running(base: str) -> int:
    return httpx.get(base + "/healthz", timeout=10).json()["queries_running"]


def _cheap_answers(base: str) -> None:
    response = httpx.post(
        base + "/sparql", data={"query": CHEAP}, headers={"Accept": "application/sparql-results+json"}, timeout=30
    )
    assert response.status_code == 200, response.text
    assert response.json()["boolean"] is True


def _attack(base: str, query: str, count: int = 2) -> list[httpx.Response]:
    """``count`` copies of ``query`` at once, sent as the query body (an IN list of 100,000
    constants is 600 KiB)."""

    def send(_: int) -> httpx.Response:
        return httpx.post(
            base + "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=60
        )

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(send, range(count)))


@pytest.mark.threat("K1")
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_queries_past_their_deadline_free_their_slots_within_seconds(attacked: LiveServer, attack: str) -> None:
    """Two heavy queries fill both slots and run past the 2 s limit (a COUNT over a cross product,
    a FILTER over 100,000 constants, or a plan of 200 patterns): each gets 503 ``timeout`` on time,
    and a cheap query answers within 5 s of their deadline with the slots free again."""
    started = time.monotonic()
    responses = _attack(attacked.url, ATTACKS[attack])
    ended = time.monotonic()
    assert [r.status_code for r in responses] == [503, 503], [r.text for r in responses]
    assert {r.json()["error"] for r in responses} == {"timeout"}
    assert all(int(r.headers["retry-after"]) > 0 for r in responses)
    assert ended - started < TIMEOUT + FREED_WITHIN
    _cheap_answers(attacked.url)
    assert _running(attacked.url) == 0
    assert time.monotonic() - (started + TIMEOUT) < FREED_WITHIN


@pytest.mark.threat("K1")
def test_the_worker_of_a_query_past_its_deadline_is_gone(attacked: LiveServer) -> None:
    """The processes that evaluated the timed-out queries no longer exist, new workers took their
    place, and nothing under the server burns CPU afterwards."""
    before = _workers(attacked)
    assert len(before) == 2, before
    responses = _attack(attacked.url, CROSS_PRODUCT)
    assert {r.json()["error"] for r in responses} == {"timeout"}
    assert not any(_alive(pid) for pid in before)
    after = _workers(attacked)
    assert len(after) == 2 and not after & before, (before, after)
    everything = {attacked.pid, *_descendants(attacked.pid)}
    used = _cpu_seconds(everything)
    time.sleep(2)
    assert _cpu_seconds(everything) - used < 0.5  # idle: the cross products were really stopped
    _cheap_answers(attacked.url)


@pytest.mark.threat("K1")
def test_a_worker_that_dies_costs_its_request_a_clean_error_and_nothing_else(attacked: LiveServer) -> None:
    """A worker that crashes mid-query (as pyoxigraph aborts on some inputs; here SIGABRT from
    outside) gives its request a 500 in the one JSON error shape; the next queries are answered.
    A worker that dies while idle is replaced before it is used."""
    workers = _workers(attacked)
    cpu = {pid: _cpu_seconds({pid}) for pid in workers}
    result: list[httpx.Response] = []
    attacker = threading.Thread(target=lambda: result.extend(_attack(attacked.url, CROSS_PRODUCT, count=1)))
    attacker.start()
    time.sleep(1.0)
    busy = [pid for pid in workers if _cpu_seconds({pid}) - cpu[pid] > 0.3]
    assert len(busy) == 1, (workers, cpu)
    os.kill(busy[0], signal.SIGABRT)
    attacker.join()
    response = result[0]
    assert response.status_code == 500
    body = response.json()
    assert set(body) == {"error", "message", "request_id"} and body["error"] == "engine_crashed"
    assert response.headers["x-request-id"] == body["request_id"]
    idle = (workers - set(busy)).pop()
    os.kill(idle, signal.SIGKILL)
    for _ in range(4):  # both slots, so the worker killed while idle is used
        _cheap_answers(attacked.url)
    assert _running(attacked.url) == 0
    assert len(_workers(attacked)) == 2


# ---- K2: result-size amplification -------------------------------------------------------------------------


def _peak_rss(
    server: LiveServer, work: Callable[[], list[httpx.Response]]
) -> tuple[list[httpx.Response], float, float]:
    """``work()`` while sampling VmRSS: (its responses, the server's peak and the peak of the server
    plus every process under it, in MiB)."""
    peaks = [0.0, 0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            server_mib = _rss_mib(server.pid)
            total = server_mib + sum(_rss_mib(pid) for pid in _descendants(server.pid))
            peaks[0], peaks[1] = max(peaks[0], server_mib), max(peaks[1], total)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        responses = work()
    finally:
        stop.set()
        sampler.join()
    return responses, peaks[0], peaks[1]


@pytest.mark.threat("K2")
def test_a_six_column_cross_product_of_article_texts_is_cut_at_the_byte_cap(amplified: LiveServer) -> None:
    """Six article texts per row (15,625 rows, 460 MiB of CSV uncapped), twice at once: each answer
    stops at 64 MiB, says it was cut short, and is well-formed CSV; the server and its workers stay
    under 600 MiB of RSS together."""

    def two_at_once() -> list[httpx.Response]:
        with ThreadPoolExecutor(2) as pool:
            return list(
                pool.map(
                    lambda _: httpx.post(
                        amplified.url + "/sparql",
                        data={"query": SIX_TEXTS},
                        headers={"Accept": "text/csv"},
                        timeout=120,
                    ),
                    range(2),
                )
            )

    responses, server_mib, total_mib = _peak_rss(amplified, two_at_once)
    print(f"\nsix-column cross product x2: peak RSS {server_mib:.0f} MiB server, {total_mib:.0f} MiB with its workers")
    for response in responses:
        assert response.status_code == 200, response.text
        assert response.headers["x-result-truncated"] == "true"
        assert 32 * 2**20 < len(response.content) <= 64 * 2**20
        assert response.content.endswith(b"\r\n")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))
        assert rows[0] == list("abcdef") and all(len(row) == 6 for row in rows)
    assert total_mib < RSS_CEILING_MIB


def _valid(media: str, body: bytes) -> None:
    """``body`` parses as ``media``, and says it was cut short where the format can."""
    if media == "application/sparql-results+json":
        assert json.loads(body)["kg:truncated"] is True
    elif media == "application/sparql-results+xml":
        ElementTree.fromstring(body)
    elif media == "text/tab-separated-values":
        lines = body.decode("utf-8").split("\n")
        assert lines[-1] == "" and all(line.count("\t") == 5 for line in lines[:-1])
    else:
        formats = {
            "text/turtle": RdfFormat.TURTLE,
            "application/n-triples": RdfFormat.N_TRIPLES,
            "application/ld+json": RdfFormat.JSON_LD,
            "application/rdf+xml": RdfFormat.RDF_XML,
        }
        assert len(list(parse(body, format=formats[media]))) > 0


@pytest.mark.threat("K2")
@pytest.mark.parametrize(
    ("query", "media"),
    [
        (SIX_TEXTS, "application/sparql-results+json"),
        (SIX_TEXTS, "application/sparql-results+xml"),
        (SIX_TEXTS, "text/tab-separated-values"),
        (SIX_TRIPLES, "text/turtle"),
        (SIX_TRIPLES, "application/n-triples"),
        (SIX_TRIPLES, "application/ld+json"),
        (SIX_TRIPLES, "application/rdf+xml"),
    ],
)
def test_a_result_cut_at_the_byte_cap_is_well_formed_in_every_format(
    amplified: LiveServer, query: str, media: str
) -> None:
    response = httpx.post(amplified.url + "/sparql", data={"query": query}, headers={"Accept": media}, timeout=120)
    assert response.status_code == 200, response.text
    assert response.headers["x-result-truncated"] == "true"
    assert response.headers["content-type"].startswith(media)
    assert len(response.content) <= 64 * 2**20
    _valid(media, response.content)


# ---- writes reach the workers ------------------------------------------------------------------------------


@pytest.mark.threat("K1")
def test_an_update_is_visible_to_the_next_query(amplified: LiveServer) -> None:
    """Workers read through their own read-only handles; each committed write makes them reopen."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://e/k1> { ?s ?p ?o } }"
    auth = {"Authorization": f"Bearer {amplified.token}"}

    def counted() -> int:
        response = httpx.post(
            amplified.url + "/sparql",
            data={"query": count},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    assert counted() == 0
    for expected in (1, 2, 0):
        update = (
            "DROP GRAPH <http://e/k1>"
            if expected == 0
            else f'INSERT DATA {{ GRAPH <http://e/k1> {{ <http://e/s> <http://e/p> "{expected}" }} }}'
        )
        response = httpx.post(amplified.url + "/sparql", data={"update": update}, headers=auth, timeout=30)
        assert response.status_code == 204, response.text
        assert counted() == expected


@pytest.mark.threat("K1")
def test_workers_start_in_a_directory_holding_a_store_named_kg(seed_store_path: Path, tmp_path: Path) -> None:
    """The fork server must not import the store directory ``./kg`` as the package (Python 3.11 puts
    the working directory first on a ``-c`` process's path)."""
    store = copy_store(seed_store_path, tmp_path / "kg")
    with serve(store, cwd=tmp_path) as live:
        answer = httpx.get(
            f"{live.url}/sparql",
            params={"query": "ASK { ?s ?p ?o }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["boolean"] is True


@pytest.mark.threat("K2")
def test_results_clients_leave_unread_are_bounded_by_a_budget(store_copy: Path) -> None:
    """A result is held in the server until its client reads it, after its slot is free: clients
    that never read fill a budget of KG_MAX_QUERIES x KG_MAX_RESULT_BYTES, then get 503 ``busy``;
    the server's memory stays bounded, and the bytes come back once those clients go away. (The send
    deadline is long here, so that a slow machine's queries cannot outlast it.)"""
    env = {"KG_MAX_RESULT_BYTES": str(HELD_CAP), "KG_MAX_QUERIES": "2", "KG_SEND_TIMEOUT": "600"}
    with serve(store_copy, env=env) as live:
        silent = []
        try:
            for _ in range(2):  # each asks for 16 MiB and reads none of it
                silent.append(_silent_client(live.url))
            refused = _ask_six_texts_until(live.url, 503)
            assert refused.status_code == 503, "the held results never filled the budget"
            assert refused.json()["error"] == "busy" and refused.headers["retry-after"]
            assert _rss_mib(live.pid) < RSS_CEILING_MIB
        finally:
            for sock in silent:
                sock.close()
        response = _ask_six_texts_until(live.url, 200)  # the closed connections give their bytes back
        assert response.status_code == 200 and response.headers["x-result-truncated"] == "true"


@pytest.mark.threat("K2")
@pytest.mark.skipif(not hasattr(socket, "TCP_USER_TIMEOUT"), reason="the kernel limit is Linux's TCP_USER_TIMEOUT")
def test_a_client_that_reads_nothing_past_the_send_deadline_loses_its_connection(store_copy: Path) -> None:
    """KG_SEND_TIMEOUT: a client that reads none of its result for that long is cut off: the bytes
    held for it go back to the budget while its socket is still open, and the kernel drops the
    connection (TCP_USER_TIMEOUT; Linux 5.11 or later applies it to a zero window) instead of keeping
    it until the client reads the rest: the client's next read ends in a reset, not a normal close."""
    env = {"KG_MAX_RESULT_BYTES": str(HELD_CAP), "KG_MAX_QUERIES": "2", "KG_SEND_TIMEOUT": "2"}
    with serve(store_copy, env=env) as live:
        silent = [_silent_client(live.url) for _ in range(2)]
        try:
            response = _ask_six_texts_until(live.url, 200)
            assert response.status_code == 200 and response.headers["x-result-truncated"] == "true"
            time.sleep(10)  # past the deadline, still reading nothing: the kernel gives up on the connection
            for sock in silent:  # what reached the socket before the deadline, then a reset, not a normal close
                received = 0
                with pytest.raises(ConnectionResetError):
                    while chunk := sock.recv(2**16):
                        received += len(chunk)
                assert received < HELD_CAP
        finally:
            for sock in silent:
                sock.close()


def _ask_six_texts_until(url: str, status: int) -> httpx.Response:
    """Ask for SIX_TEXTS as CSV until the answer has ``status``, for up to about a minute; the last answer."""
    for _ in range(60):
        response = httpx.get(url + "/sparql", params={"query": SIX_TEXTS}, headers={"Accept": "text/csv"}, timeout=60)
        if response.status_code == status:
            break
        time.sleep(0.5)
    return response


def _silent_client(url: str) -> socket.socket:
    """A connection that asks for SIX_TEXTS as CSV and reads none of the answer."""
    port = int(url.rsplit(":", 1)[1])
    request = f"GET /sparql?query={quote(SIX_TEXTS)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/csv\r\n\r\n"
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.sendall(request.encode())
    return sock


@pytest.mark.threat("K1")
def test_workers_do_not_outlive_a_killed_server(store_copy: Path) -> None:
    with serve(store_copy) as live:
        workers = _workers(live)
        assert workers
        os.kill(live.pid, signal.SIGKILL)
        deadline = time.monotonic() + 15
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in workers)


@pytest.mark.threat("K2")
@pytest.mark.parametrize("format", [RdfFormat.RDF_XML, RdfFormat.TURTLE, RdfFormat.N_TRIPLES, RdfFormat.JSON_LD])
def test_the_graph_byte_cap_holds_for_the_syntax_that_escapes_most(format: RdfFormat) -> None:
    """RDF/XML writes '&' as '&amp;': a triple five times its N-Triples size still stays under the cap."""
    from pyoxigraph import Literal, NamedNode, Triple

    from kg.sparql.formats import stream_triples
    from kg.sparql.query import TripleStream

    big = Triple(NamedNode("http://e/s"), NamedNode("http://e/p"), Literal("&<" * 500_000))
    out = bytearray()
    cap = 2_300_000
    truncated = stream_triples(TripleStream(iter([big])), out.extend, format, max_rows=10, max_bytes=cap)
    assert len(out) <= cap
    assert truncated == (format == RdfFormat.RDF_XML)  # the others hold it: "&<" is not escaped there


@pytest.mark.threat("K2")
def test_xml_results_stay_well_formed_with_control_characters(amplified: LiveServer) -> None:
    query = 'SELECT ?x WHERE { BIND("a\\u0001b\\u000Bc" AS ?x) }'
    response = httpx.post(
        amplified.url + "/sparql",
        data={"query": query},
        headers={"Accept": "application/sparql-results+xml"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    literal = ElementTree.fromstring(response.content).find(".//{http://www.w3.org/2005/sparql-results#}literal")
    assert literal is not None and literal.text == "a\ufffdb\ufffdc"


@pytest.mark.threat("K1")
def test_a_query_past_its_memory_ends_its_worker_not_the_server(store_copy: Path) -> None:
    """KG_QUERY_MEMORY caps each worker's heap: a sort of a 100-million-row cross product ends its
    worker with a clean 500 long before its time limit, and the server answers the next query."""
    bomb = "SELECT ?a ?b ?c ?d WHERE { ?a ?p ?b . ?c ?q ?d } ORDER BY ?a ?b ?c ?d"
    with serve(store_copy, env={"KG_QUERY_MEMORY": str(600 * 2**20), "KG_QUERY_TIMEOUT": "120"}) as live:
        _cheap_answers(live.url)
        started = time.monotonic()
        response = httpx.post(live.url + "/sparql", data={"query": bomb}, headers={"Accept": "text/csv"}, timeout=180)
        assert response.status_code == 500 and response.json()["error"] == "engine_crashed", response.text[:300]
        assert "KG_QUERY_MEMORY" in response.json()["message"]
        assert time.monotonic() - started < 100  # the cap ended it, not the 120 s limit
        assert _rss_mib(live.pid) < RSS_CEILING_MIB
        _cheap_answers(live.url)


@pytest.mark.threat("K2")
@pytest.mark.parametrize("value", ["nan", "inf", "0.5", "2147484"])
def test_a_send_timeout_the_kernel_cannot_take_is_a_config_error(value: str) -> None:
    """KG_SEND_TIMEOUT becomes TCP_USER_TIMEOUT, a 32-bit count of milliseconds: out of range is refused."""
    from kg.config import Settings
    from kg.errors import ConfigError

    with pytest.raises(ConfigError, match="KG_SEND_TIMEOUT"):
        Settings.from_env({"KG_SEND_TIMEOUT": value})
