"""Attacks through HTTP itself on a running ``kg serve`` (rows K3, K4 and K5 of the matrix in
SECURITY.md): a Host header that would become the server's own IRIs, Graph Store uploads built to
exhaust the parser (bytes, triples, nesting), and API docs loaded from a CDN."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import rdflib

from kg.api.hosts import address
from kg.api.uploads import turtle_depth
from kg.config import Settings
from tests.helpers import LiveServer, serve

TOKEN = "k3-k4-k5-token"
TURTLE = "text/turtle"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
SMALL = {"KG_MAX_UPLOAD_QUADS": "10", "KG_MAX_UPLOAD_DEPTH": "3", "KG_MAX_UPLOAD_BYTES": "4096"}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A writable server with the default settings, over an empty store."""
    with serve(
        tmp_path_factory.mktemp("http-defaults") / "kg", "--enable-updates", env={"KG_UPDATE_TOKEN": TOKEN}
    ) as server:
        yield server


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A writable server named https://kg.example.org/, with tiny upload limits (SMALL)."""
    env = {"KG_UPDATE_TOKEN": TOKEN, "KG_PUBLIC_URL": "https://kg.example.org/", **SMALL}
    with serve(tmp_path_factory.mktemp("http-public") / "kg", "--enable-updates", env=env) as server:
        yield server


def _port(server: LiveServer) -> int:
    return int(server.url.rsplit(":", 1)[1])


def _writer(media: str | None = TURTLE, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}", **({"Content-Type": media} if media else {}), **headers}


def _quads(server: LiveServer) -> int:
    return int(httpx.get(server.url + "/healthz").json()["quads"])


def _peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def _error(response: httpx.Response, status: int) -> dict[str, str]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "message", "request_id"} and body["request_id"] == response.headers["x-request-id"]
    return body


def _endpoint(server: LiveServer, host: str | None = None) -> str:
    """The sd:endpoint of the service description, read with the given Host header."""
    headers = {"Accept": TURTLE, **({"Host": host} if host else {})}
    response = httpx.get(server.url + "/sparql", headers=headers)
    assert response.status_code == 200, response.text
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    (endpoint,) = set(graph.objects(None, SD.endpoint))
    return str(endpoint)


def _base(server: LiveServer, host: str) -> str:
    """What a relative IRI in a query resolves to, asked with the given Host header."""
    response = httpx.get(
        server.url + "/sparql",
        params={"query": "SELECT ?x WHERE { BIND(<relative> AS ?x) }"},
        headers={"Host": host, "Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"][0]["x"]["value"]


# ---- K3: the Host header ---------------------------------------------------------------------------


@pytest.mark.threat("K3")
def test_a_host_the_server_does_not_answer_to_is_a_400(live: LiveServer) -> None:
    port = _port(live)
    hosts = [
        "evil.example",
        f"evil.example:{port}",
        "127.0.0.1:1",
        f"127.0.0.1.evil.example:{port}",
        f"localhost:{port}@evil.example",
        "",
        f"127.0.0.1:{port}:evil",
        f"localhost:{port}:{port}",
        "127.0.0.1",  # junk after the port; no port is port 80
    ]
    for host in hosts:
        for method, path in (
            ("GET", "/sparql"),
            ("GET", "/healthz"),
            ("GET", "/docs"),
            ("GET", "/"),
            ("PUT", "/store?graph=http://e/g"),
        ):
            response = httpx.request(
                method, live.url + path, headers=_writer(Host=host), content=b"<http://e/s> <http://e/p> 1 ."
            )
            assert _error(response, 400)["error"] == "invalid_host", (host, path)
            assert "evil" not in response.text
    # HTTP/1.0 allows a request without any Host header: refused too
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /sparql HTTP/1.0\r\nAccept: text/turtle\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 400") and b'"invalid_host"' in reply
    assert _quads(live) == 0


@pytest.mark.threat("K3")
def test_default_ports_and_ipv6_binds_give_the_hosts_a_client_sends() -> None:
    on_80 = address(Settings(), "127.0.0.1", 80)
    assert on_80.base == "http://127.0.0.1"  # no ":80" in the IRIs
    assert all(on_80.answers(host) for host in ("localhost", "[::1]", "127.0.0.1:80", "LOCALHOST"))
    on_v6 = address(Settings(), "[::1]", 8000)
    assert on_v6.base == "http://[::1]:8000" and on_v6.answers("[::1]:8000")
    public = address(Settings(public_url="https://kg.example.org/"), "0.0.0.0", 8000)
    assert (
        public.answers("kg.example.org")
        and public.answers("kg.example.org:443")
        and not public.answers("kg.example.org:8443")
    )


@pytest.mark.threat("K3")
def test_the_servers_iris_are_its_canonical_url_under_every_allowed_host(live: LiveServer) -> None:
    port, canonical = _port(live), live.url
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LocalHost:{port}", f"[::1]:{port}"):
        assert httpx.get(live.url + "/healthz", headers={"Host": host}).status_code == 200, host
        assert _endpoint(live, host) == canonical + "/sparql"
        assert _base(live, host) == canonical + "/relative"
    alias = {"Host": f"localhost:{port}"}

    update = "INSERT DATA { GRAPH <graphs/relative> { <s> <p> 1 } }"
    assert (
        httpx.post(live.url + "/sparql", data={"update": update}, headers={**_writer(None), **alias}).status_code == 204
    )
    ask = f"ASK {{ GRAPH <{canonical}/graphs/relative> {{ <{canonical}/s> <{canonical}/p> 1 }} }}"
    assert httpx.get(
        live.url + "/sparql", params={"query": ask}, headers={"Accept": "application/sparql-results+json"}
    ).json()["boolean"]

    created = httpx.post(live.url + "/store", content="<s> <p> 1 .", headers=_writer(**alias))
    assert created.status_code == 201 and created.headers["location"].startswith(canonical + "/store/")
    put = httpx.put(live.url + "/store/named", content="<#s> <p> 2 .", headers=_writer(**alias))
    assert put.status_code == 201
    got = httpx.get(
        live.url + "/store", params={"graph": canonical + "/store/named"}, headers={"Accept": "application/n-triples"}
    )
    assert (
        got.text.strip()
        == f'<{canonical}/store/named#s> <{canonical}/store/p> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    )
    missing = httpx.get(live.url + "/store/missing", headers=alias)
    assert _error(missing, 404)["message"] == f"there is no graph <{canonical}/store/missing>"
    for location in (created.headers["location"], canonical + "/store/named"):
        assert httpx.delete(location, headers=_writer(None)).status_code == 204
    assert (
        httpx.post(
            live.url + "/sparql", data={"update": f"DROP GRAPH <{canonical}/graphs/relative>"}, headers=_writer(None)
        ).status_code
        == 204
    )
    assert _quads(live) == 0


@pytest.mark.threat("K3")
def test_a_configured_public_url_names_the_server(public: LiveServer) -> None:
    port = _port(public)
    for host in (f"127.0.0.1:{port}", "kg.example.org", "KG.example.org:443"):
        assert _endpoint(public, host) == "https://kg.example.org/sparql"
        assert _base(public, host) == "https://kg.example.org/relative"
    for host in ("kg.example.org.evil.example", "evil.example", f"localhost:{port + 1}"):
        assert _error(httpx.get(public.url + "/healthz", headers={"Host": host}), 400)["error"] == "invalid_host"
    created = httpx.post(public.url + "/store", content="<http://e/s> <http://e/p> 1 .", headers=_writer())
    assert created.status_code == 201 and created.headers["location"].startswith("https://kg.example.org/store/")
    graph = created.headers["location"]
    assert httpx.delete(public.url + "/store", params={"graph": graph}, headers=_writer(None)).status_code == 204


# ---- K4: Graph Store uploads ------------------------------------------------------------------------


def _nested_turtle(size: int) -> str:
    """About ``size`` bytes of collections and blank-node property lists nested in each other."""
    unit = "( [ <http://e/p> "
    levels = size // (len(unit) + 4)
    return "<http://e/s> <http://e/p> " + unit * levels + "1" + " ] )" * levels + " ."


@pytest.mark.threat("K4")
def test_nesting_is_counted_outside_strings_iris_comments_and_escapes() -> None:
    assert turtle_depth(b"<http://e/s> <http://e/p> [ <http://e/q> ( 1 ( 2 ) ) ] .") == 3
    assert turtle_depth(b'<http://e/[[> <http://e/p> "[[" , \'((\' , """ [[ "" \n [[ """ . # [[[[') == 0
    # an escaped quote or hash in a prefixed name opens no string or comment: the brackets count
    assert turtle_depth(b"ex:a\\'b ex:p [ ex:q [ ex:r 1 ] ] . # ' [[") == 2
    assert turtle_depth(b"ex:a\\#b ex:p [ [ [ ] ] ] .") == 3
    assert turtle_depth(b"<< <http://e/s> <http://e/p> <<( <http://e/a> <http://e/b> 1 )>> >> <http://e/p> 2 .") == 5
    assert turtle_depth(b") ) ) ( ( (") == 3  # a stray closer does not buy depth
    assert turtle_depth(b'"no end\n [ [') == 2  # a short string ends at the line break


@pytest.mark.threat("K4")
def test_nested_turtle_is_refused_before_the_parser_runs(live: LiveServer) -> None:
    body = _nested_turtle(900_000)
    assert 880_000 < len(body) < 1_000_000
    peak = _peak_rss_kib(live.pid)
    started = time.monotonic()
    for method in ("PUT", "POST"):
        response = httpx.request(
            method,
            live.url + "/store",
            params={"graph": "http://e/nested"},
            content=body,
            headers=_writer(),
            timeout=60,
        )
        message = _error(response, 400)["message"]
        assert "128" in message and "KG_MAX_UPLOAD_DEPTH" in message
    boundary = "kgboundary"
    multipart = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="a"; filename="a.ttl"\r\n\r\n'
        f'<http://e/s> <http://e/p> 1 .\r\n--{boundary}\r\nContent-Disposition: form-data; name="b"; filename="b.nt"\r\n'
        f"Content-Type: text/turtle\r\n\r\n{_nested_turtle(100_000)}\r\n--{boundary}--\r\n"
    )
    response = httpx.post(
        live.url + "/store",
        params={"graph": "http://e/nested"},
        content=multipart,
        headers=_writer(f"multipart/form-data; boundary={boundary}"),
        timeout=60,
    )
    assert "KG_MAX_UPLOAD_DEPTH" in _error(response, 400)["message"]
    hidden = "@prefix ex: <http://e/> .\nex:a\\'b ex:p " + "[ ex:p " * 200 + "1" + " ]" * 200 + " . # '"
    assert (
        "KG_MAX_UPLOAD_DEPTH"
        in _error(
            httpx.put(live.url + "/store", params={"graph": "http://e/nested"}, content=hidden, headers=_writer()), 400
        )["message"]
    )
    assert time.monotonic() - started < 10
    assert _peak_rss_kib(live.pid) - peak < 64 * 1024  # the attacker's run: 2.2 GB
    assert _quads(live) == 0
    assert httpx.get(live.url + "/store", params={"graph": "http://e/nested"}).status_code == 404


@pytest.mark.threat("K4")
def test_the_triple_cap_stops_the_parse_and_nothing_is_written(live: LiveServer, public: LiveServer) -> None:
    flat = "<http://e/s> <http://e/p> (" + " 1" * 450_000 + ") ."  # 900 KB, 900,001 triples, no nesting
    peak = _peak_rss_kib(live.pid)
    started = time.monotonic()
    message = _error(
        httpx.put(live.url + "/store", params={"graph": "http://e/flat"}, content=flat, headers=_writer(), timeout=60),
        413,
    )["message"]
    assert "100000" in message and "KG_MAX_UPLOAD_QUADS" in message
    assert time.monotonic() - started < 10 and _peak_rss_kib(live.pid) - peak < 128 * 1024
    assert _quads(live) == 0 and httpx.get(live.url + "/store", params={"graph": "http://e/flat"}).status_code == 404

    def triples(n: int) -> str:
        return "".join(f"<http://e/s> <http://e/p> {i} .\n" for i in range(n))

    graph = {"graph": "http://e/capped"}
    assert httpx.put(public.url + "/store", params=graph, content=triples(10), headers=_writer()).status_code == 201
    for body in (triples(11), "<http://e/s> <http://e/p> ( 1 2 3 4 5 ) ."):  # a five-item collection is 11 triples
        message = _error(httpx.post(public.url + "/store", params=graph, content=body, headers=_writer()), 413)[
            "message"
        ]
        assert "10 triples" in message and "KG_MAX_UPLOAD_QUADS" in message
    assert _quads(public) == 10
    assert httpx.delete(public.url + "/store", params=graph, headers=_writer(None)).status_code == 204


@pytest.mark.threat("K4")
def test_the_byte_and_depth_caps_are_settings(live: LiveServer, public: LiveServer) -> None:
    oversized = "# padding\n" * (2**20 // 10 + 1)
    for content in (oversized.encode(), iter([oversized.encode()])):  # with a Content-Length, and chunked
        message = _error(
            httpx.put(
                live.url + "/store", params={"graph": "http://e/big"}, content=content, headers=_writer(), timeout=60
            ),
            413,
        )["message"]
        assert str(2**20) in message and "KG_MAX_UPLOAD_BYTES" in message
    graph = {"graph": "http://e/small"}
    triple = "<http://e/s> <http://e/p> [ <http://e/q> [ <http://e/r> ( 1 ) ] ] .\n"  # nests 3 deep, 5 triples
    padded = triple + "#" * (4096 - len(triple) - 1) + "\n"
    assert len(padded) == 4096
    assert httpx.put(public.url + "/store", params=graph, content=padded, headers=_writer()).status_code == 201
    message = _error(httpx.put(public.url + "/store", params=graph, content=padded + "\n", headers=_writer()), 413)[
        "message"
    ]
    assert "4096 bytes" in message and "KG_MAX_UPLOAD_BYTES" in message
    deeper = "<http://e/s> <http://e/p> [ <http://e/q> [ <http://e/r> ( ( 1 ) ) ] ] ."
    message = _error(httpx.put(public.url + "/store", params=graph, content=deeper, headers=_writer()), 400)["message"]
    assert "3 levels" in message and "KG_MAX_UPLOAD_DEPTH" in message
    json_ld = '{"@id": "http://e/s", "http://e/p": ' * 4 + '"x"' + "}" * 4
    assert (
        "KG_MAX_UPLOAD_DEPTH"
        in _error(
            httpx.put(public.url + "/store", params=graph, content=json_ld, headers=_writer("application/ld+json")), 400
        )["message"]
    )
    assert _quads(public) == 5
    assert httpx.delete(public.url + "/store", params=graph, headers=_writer(None)).status_code == 204


# ---- K5: the API docs --------------------------------------------------------------------------------


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "href"):
            if found.get(name):
                self.urls.append(found[name] or "")
        if tag == "script" and not found.get("src"):
            self.inline_scripts += 1


@pytest.mark.threat("K5")
def test_the_docs_load_only_files_from_this_server(live: LiveServer) -> None:
    page = httpx.get(live.url + "/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = dict(part.strip().split(" ", 1) for part in page.headers["content-security-policy"].split(";"))
    assert policy["default-src"] == "'none'"
    for directive in ("script-src", "style-src", "connect-src"):
        assert policy[directive] == "'self'", directive
    references = _References()
    references.feed(page.text)
    assert references.inline_scripts == 0 and "http" not in page.text
    assert {"/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css", "/docs/init.js"} <= set(references.urls)
    for url in references.urls:
        assert url.startswith("/") and not url.startswith("//") and not urlsplit(url).netloc, url
        asset = httpx.get(live.url + url)
        assert asset.status_code == 200 and asset.content, url
        assert asset.headers["x-content-type-options"] == "nosniff"
        if url.endswith(".js"):
            assert asset.headers["content-type"].startswith("text/javascript"), url
    bundle = httpx.get(live.url + "/docs/assets/swagger-ui-bundle.js")
    assert "SwaggerUIBundle" in bundle.text and len(bundle.content) > 500_000
    assert "/openapi.json" in httpx.get(live.url + "/docs/init.js").text
    assert httpx.get(live.url + "/openapi.json").status_code == 200
    assert _error(httpx.get(live.url + "/docs/assets/..%2F..%2Fcore.py"), 404)["error"] == "not_found"
    assert (
        _error(httpx.get(live.url + "/redoc"), 404)["error"] == "not_found"
    )  # FastAPI's ReDoc page loads a CDN script
