"""``/sparql`` over raw HTTP: datasets, content negotiation, updates and their token, the safe
defaults (timeout, row cap, CORS), and error hygiene. Real ``kg serve`` processes throughout."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import threading
import time
import uuid

import httpx
import pytest
import rdflib

from kg.api import auth
from kg.api.errors import ApiError
from kg.api.update_dataset import apply_dataset
from tests.helpers import LIMITS, LiveServer, kg_command

DATA = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

# rdflib's own TriG / N-Quads / JSON-LD parsers use its deprecated ConjunctiveGraph API
pytestmark = [
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
]


def _count(base: str, query: str = COUNT, **params: str | list[str]) -> int:
    response = httpx.get(base + "/sparql", params={"query": query, **params})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _quads(base: str) -> int:
    return int(httpx.get(base + "/healthz").json()["quads"])


_SERVER_TOKEN = "use the server's token"


def _update(live: LiveServer, text: str, token: str | None = _SERVER_TOKEN, **params: str) -> httpx.Response:
    token = live.token if token is _SERVER_TOKEN else token
    headers = {"Content-Type": "application/sparql-update"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.post(live.url + "/sparql", content=text, headers=headers, params=params)


# ---- the dataset -------------------------------------------------------------------------------------


def test_the_protocol_dataset_is_exactly_the_graphs_named(w3c_server: LiveServer) -> None:
    base = w3c_server.url
    union = _count(base)
    assert union > 1000  # the seeds and the three W3C graphs, as one default graph
    assert _count(base, **{"default-graph-uri": DATA.format(1)}) == 1
    assert _count(base, **{"default-graph-uri": [DATA.format(1), DATA.format(2)]}) == 2
    # named graphs only: the default graph is empty, and GRAPH sees only those named
    assert _count(base, **{"named-graph-uri": DATA.format(1)}) == 0
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _count(base, graphs, **{"named-graph-uri": [DATA.format(1), DATA.format(3)]}) == 2
    assert _count(base, graphs, **{"default-graph-uri": DATA.format(1)}) == 0
    assert _count(base, graphs) > 5


@pytest.mark.threat("C4")
def test_from_and_from_named_in_the_query_are_honoured(w3c_server: LiveServer) -> None:
    base = w3c_server.url
    assert _count(base, f"SELECT (COUNT(*) AS ?n) FROM <{DATA.format(2)}> WHERE {{ ?s ?p ?o }}") == 1
    assert _count(base, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{DATA.format(2)}> WHERE {{ ?s ?p ?o }}") == 0
    # the protocol's dataset wins over the query's
    query = f"SELECT (COUNT(*) AS ?n) FROM <{DATA.format(2)}> WHERE {{ ?s ?p ?o }}"
    assert _count(base, query, **{"default-graph-uri": [DATA.format(1), DATA.format(3)]}) == 2
    # FROM naming a file or a URL is a graph name, never fetched or read
    assert _count(base, "SELECT (COUNT(*) AS ?n) FROM <file:///etc/hostname> WHERE { ?s ?p ?o }") == 0
    # a variable or a literal spelled "from" is no FROM clause
    assert _count(base, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?from FILTER(?from != "FROM") }') > 1000


def test_relative_iris_resolve_against_the_endpoint(server: str) -> None:
    response = httpx.post(
        server + "/sparql",
        content="CONSTRUCT { <s> <p> 1 } WHERE {}",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
    )
    assert response.status_code == 200
    assert response.text.startswith(f"<{server}/s> <{server}/p> ")


def test_bad_dataset_iris_are_refused(server: str) -> None:
    response = httpx.get(server + "/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


# ---- content negotiation ------------------------------------------------------------------------------

SELECT = "SELECT ?label WHERE { GRAPH <https://w3id.org/kg-news/id/graph/gazetteer> { ?p a <https://w3id.org/kg-news/ontology#Province> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label } } ORDER BY ?label LIMIT 3"
CONSTRUCT = "CONSTRUCT WHERE { ?p a <https://w3id.org/kg-news/ontology#Province> } LIMIT 4"


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+json;q=0, application/json;q=0, */*;q=0.5", "application/sparql-results+xml"),
        ("text/*", "text/csv"),
        ("text/tab-separated-values;q=0.9, text/csv;q=0.8", "text/tab-separated-values"),
        ("application/xml", "application/xml"),
        ("application/json", "application/json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/xml"),  # a browser
    ],
)
@pytest.mark.threat("E2")
def test_select_negotiation(server: str, accept: str | None, media: str) -> None:
    response = httpx.get(server + "/sparql", params={"query": SELECT}, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media
    assert response.headers["vary"] == "Accept"
    if media == "text/tab-separated-values":
        assert response.text.splitlines()[0] == "?label"
    if media == "text/csv":
        assert [row[0] for row in csv.reader(io.StringIO(response.text))][1:] == ["Badakhshan", "Badghis", "Baghlan"]


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-quads", "nquads"),
        ("application/trig", "trig"),
    ],
)
@pytest.mark.threat("E2")
def test_construct_negotiation(server: str, accept: str, rdflib_format: str) -> None:
    response = httpx.get(server + "/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == accept
    graph = rdflib.Dataset() if rdflib_format in ("nquads", "trig") else rdflib.Graph()
    graph.parse(data=response.content, format=rdflib_format)
    assert len(graph) == 4


@pytest.mark.threat("E2")
def test_what_cannot_be_produced_is_406(server: str) -> None:
    for query, accept in (
        (SELECT, "text/turtle"),
        (CONSTRUCT, "text/csv"),
        (SELECT, "image/png"),
        (SELECT, "text/csv;q=0"),
    ):
        response = httpx.get(server + "/sparql", params={"query": query}, headers={"Accept": accept})
        assert response.status_code == 406 and response.json()["error"] == "not_acceptable", (query, accept)
    described = httpx.get(server + "/sparql", headers={"Accept": "application/sparql-results+json"})
    assert described.status_code == 406


# ---- updates ------------------------------------------------------------------------------------------


@pytest.mark.threat("F1")
def test_updates_need_the_server_flag_and_the_token(server: str, update_server: LiveServer) -> None:
    graph = f"http://example.org/f1/{uuid.uuid4().hex}"
    insert = f'INSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/s> <http://example.org/p> "o" }} }}'
    before = _quads(server)
    for response in (
        httpx.post(server + "/sparql", data={"update": insert}),
        httpx.post(server + "/sparql", content=insert, headers={"Content-Type": "application/sparql-update"}),
        httpx.post(server + "/sparql", data={"update": insert}, headers={"Authorization": "Bearer anything"}),
    ):
        assert response.status_code == 403 and response.json()["error"] == "updates_disabled"
    assert _quads(server) == before

    before = _quads(update_server.url)
    assert update_server.token
    for token in (None, "wrong", update_server.token + "x", update_server.token[:-1], update_server.token.swapcase()):
        response = _update(update_server, insert, token=token)
        assert response.status_code == 403 and response.json()["error"] == "forbidden", token
        assert update_server.token not in response.text
    for header in (f"Basic {update_server.token}", "Bearer", update_server.token):
        other = httpx.post(update_server.url + "/sparql", data={"update": insert}, headers={"Authorization": header})
        assert other.status_code == 403, header
    assert _quads(update_server.url) == before

    assert _update(update_server, insert).status_code == 204
    form = httpx.post(
        update_server.url + "/sparql",
        data={"update": f"CLEAR GRAPH <{graph}>"},
        headers={"Authorization": f"bearer {update_server.token}"},
    )
    assert form.status_code == 204
    assert _quads(update_server.url) == before


@pytest.mark.threat("F4")
def test_the_token_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return a == b

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert auth.token_matches("Bearer s3cret", "s3cret") and not auth.token_matches("Bearer nope", "s3cret")
    assert calls == [(b"s3cret", b"s3cret"), (b"nope", b"s3cret")]
    assert not auth.token_matches("Bearer ", "") and not auth.token_matches(None, "s3cret")


@pytest.mark.threat("F2")
def test_an_update_sent_as_a_query_is_refused(server: str) -> None:
    before = _quads(server)
    for text in ("INSERT DATA { <http://e/s> <http://e/p> 1 }", "DROP ALL", "CLEAR DEFAULT"):
        for response in (
            httpx.get(server + "/sparql", params={"query": text}),
            httpx.post(server + "/sparql", data={"query": text}),
            httpx.post(server + "/sparql", content=text, headers={"Content-Type": "application/sparql-query"}),
        ):
            assert response.status_code == 400, text
    assert httpx.get(server + "/sparql", params={"update": "DROP ALL"}).status_code == 400
    assert _quads(server) == before


@pytest.mark.threat("C3")
def test_load_and_service_stay_refused_with_the_token(update_server: LiveServer, canary: tuple[str, list[str]]) -> None:
    url, hits = canary
    before = _quads(update_server.url)
    for text in (
        f"LOAD <{url}/data.ttl>",
        f"LOAD SILENT <{url}/data.ttl> INTO GRAPH <http://example.org/loaded>",
        "LOAD <file:///etc/passwd> INTO GRAPH <http://example.org/passwd>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "INSERT { ?s ?p ?o } WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000,
    ):
        response = _update(update_server, text)
        assert response.status_code == 400, (text[:40], response.text)
        assert response.json()["error"] in ("query_refused", "query_too_complex")
    time.sleep(0.2)
    assert hits == [] and _quads(update_server.url) == before


def test_update_errors_are_400_and_change_nothing(update_server: LiveServer) -> None:
    graph = f"http://example.org/atomic/{uuid.uuid4().hex}"
    before = _quads(update_server.url)
    for text in (
        "CLEAR XYZ",
        f"INSERT DATA {{ GRAPH <{graph}> {{ <http://e/s> <http://e/p> 1 }} }} ; DROP GRAPH <http://example.org/missing>",
        f"INSERT DATA {{ GRAPH <{graph}> {{ <http://e/s> <http://e/p> 1 }} }} ; CREATE GRAPH <{graph}>",
    ):
        response = _update(update_server, text)
        assert response.status_code == 400 and set(response.json()) == {"error", "message", "request_id"}, text
    assert _quads(update_server.url) == before


def test_using_graph_uri_scopes_where_clauses(update_server: LiveServer) -> None:
    a, b = (f"http://example.org/using/{uuid.uuid4().hex}" for _ in range(2))
    insert = (
        f"INSERT DATA {{ GRAPH <{a}> {{ <http://e/x> <http://e/p> 1 }} GRAPH <{b}> {{ <http://e/y> <http://e/p> 2 }} }}"
    )
    assert _update(update_server, insert).status_code == 204
    # DELETE WHERE has no USING clause: kg rewrites it to its long form
    assert (
        _update(
            update_server, "DELETE WHERE { GRAPH ?g { ?s <http://e/p> ?o } }", **{"using-named-graph-uri": a}
        ).status_code
        == 204
    )
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <http://e/p> ?o } }"
    assert _count(update_server.url, count, **{"named-graph-uri": a}) == 0
    assert _count(update_server.url, count, **{"named-graph-uri": b}) == 1
    conflict = _update(
        update_server, f"WITH <{b}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", **{"using-graph-uri": a}
    )
    assert conflict.status_code == 400
    assert _update(update_server, f"DROP GRAPH <{b}>").status_code == 204


def test_apply_dataset_inserts_using_clauses_only_where_they_belong() -> None:
    text = (
        "PREFIX ex: <http://e/> # WHERE in a comment\n"
        'INSERT DATA { ex:a ex:b "WHERE { }" } ;\n'
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 'x' } WHERE { ?s ?p ?o { SELECT ?s WHERE { ?s ?p ?o } } } ;\n"
        "DELETE WHERE { ?s ex:where ?where }"
    )
    out = apply_dataset(text, ["http://e/g"], ["http://e/n"])
    using = "USING <http://e/g> USING NAMED <http://e/n> "
    assert out.count(using) == 2
    assert f"INSERT {{ ?s ?p 'x' }} {using}WHERE {{ ?s ?p ?o {{ SELECT ?s WHERE" in out
    assert out.endswith(f"DELETE {{ ?s ex:where ?where }} {using}WHERE {{ ?s ex:where ?where }}")
    assert '"WHERE { }"' in out and "# WHERE in a comment" in out
    assert apply_dataset(text, [], []) == text
    with pytest.raises(ApiError):
        apply_dataset("DELETE { ?s ?p ?o } USING <http://e/x> WHERE { ?s ?p ?o }", ["http://e/g"], [])
    with pytest.raises(ApiError):
        apply_dataset("DELETE WHERE { ?s ?p ?o }", ["not an IRI"], [])


# ---- safe defaults --------------------------------------------------------------------------------------

_VALUES = " ".join(
    "VALUES ?{} {{ {} }}".format(v, " ".join(str(i) for i in range(n)))
    for v, n in (("a", 100), ("b", 100), ("c", 100), ("d", 20))
)
SLOW = f"SELECT (COUNT(*) AS ?n) WHERE {{ {_VALUES} }}"  # 20 M rows counted: seconds, in one blocking operator


@pytest.mark.threat("A2")
def test_a_slow_query_times_out_and_the_server_stays_up(limits_server: LiveServer) -> None:
    timeout = float(LIMITS["KG_QUERY_TIMEOUT"])
    cheap: list[float] = []

    def cheap_queries() -> None:
        time.sleep(0.3)
        started = time.monotonic()
        assert httpx.get(limits_server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
        cheap.append(time.monotonic() - started)

    thread = threading.Thread(target=cheap_queries)
    thread.start()
    started = time.monotonic()
    response = httpx.post(limits_server.url + "/sparql", data={"query": SLOW}, timeout=30)
    elapsed = time.monotonic() - started
    thread.join()
    assert response.status_code == 503, response.text
    assert response.json()["error"] == "timeout" and response.headers["retry-after"]
    assert elapsed < timeout + 1.5, elapsed
    assert cheap and cheap[0] < 1.0  # other requests are served meanwhile
    assert httpx.get(limits_server.url + "/healthz").status_code == 200


@pytest.mark.threat("A3")
def test_capped_results_say_so(limits_server: LiveServer) -> None:
    cap = int(LIMITS["KG_MAX_ROWS"])
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1000"
    capped = httpx.get(limits_server.url + "/sparql", params={"query": query})
    assert capped.headers["x-result-truncated"] == "true"
    assert len(capped.json()["results"]["bindings"]) == cap and capped.json()["kg:truncated"] is True
    as_csv = httpx.get(limits_server.url + "/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert as_csv.headers["x-result-truncated"] == "true" and len(as_csv.text.splitlines()) == cap + 1
    graph = httpx.get(limits_server.url + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1000"})
    assert graph.headers["x-result-truncated"] == "true"
    whole = httpx.get(limits_server.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"})
    assert "x-result-truncated" not in whole.headers and "kg:truncated" not in whole.json()


def test_cors_is_opt_in(server: str, limits_server: LiveServer) -> None:
    allowed, other = (o.strip() for o in LIMITS["KG_CORS_ORIGINS"].split(","))
    params = {"query": "ASK {}"}
    for origin in (allowed, other):
        response = httpx.get(limits_server.url + "/sparql", params=params, headers={"Origin": origin})
        assert response.headers["access-control-allow-origin"] == origin
    preflight = httpx.options(
        limits_server.url + "/sparql",
        headers={
            "Origin": allowed,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]
    assert "PUT" not in preflight.headers["access-control-allow-methods"]  # read-only server
    stranger = httpx.get(limits_server.url + "/sparql", params=params, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in stranger.headers
    # off by default
    default = httpx.get(server + "/sparql", params=params, headers={"Origin": allowed})
    assert default.status_code == 200 and "access-control-allow-origin" not in default.headers


@pytest.mark.threat("E4")
def test_errors_are_one_json_shape_without_internals(server: str) -> None:
    bad = [
        httpx.get(server + "/sparql", params={"query": "SELECT * WHERE {"}),
        httpx.get(server + "/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")]),
        httpx.put(server + "/sparql", params={"query": "ASK {}"}),
        httpx.get(server + "/nowhere"),
        httpx.post(server + "/sparql", content=b"ASK {}"),
        httpx.post(server + "/sparql", content=b"\xff\xfe", headers={"Content-Type": "application/sparql-query"}),
        httpx.post(
            server + "/sparql",
            content="ASK {}".encode("utf-16"),
            headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
        ),
        httpx.post(
            server + "/sparql",
            content="&".join(f"f{i}=1" for i in range(200)),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        httpx.post(server + "/sparql", data={"query": "ASK {}", "update": "DROP ALL"}),
        httpx.get(
            server + "/sparql",
            params={"query": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 500 + "1" + ")" * 500 + ") }"},
        ),
        httpx.post(server + "/sparql", content="#" * (2**20 + 1), headers={"Content-Type": "application/sparql-query"}),
    ]
    assert [r.status_code for r in bad] == [400, 400, 405, 404, 415, 400, 415, 400, 400, 400, 413]
    store_dir = os.environ.get("KG_STORE", "/data")
    for response in bad:
        body = response.json()
        assert set(body) == {"error", "message", "request_id"} and body["error"] and body["message"]
        assert body["request_id"] == response.headers["x-request-id"]
        assert (
            "Traceback" not in response.text and "site-packages" not in response.text and store_dir not in response.text
        )
        assert response.headers["content-type"] == "application/json"
    assert httpx.get(server + "/healthz").status_code == 200


def test_enable_updates_without_a_token_refuses_to_start(tmp_path: pytest.TempPathFactory) -> None:
    env = {k: v for k, v in os.environ.items() if k != "KG_UPDATE_TOKEN"}
    done = subprocess.run(
        [*kg_command(), "serve", "--enable-updates", "--port", "9", "--store", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "KG_UPDATE_TOKEN" in done.stderr
    assert not any(tmp_path.iterdir())  # refused before opening (or creating) the store
    usage = subprocess.run([*kg_command(), "serve", "--help"], capture_output=True, text=True, timeout=60)
    assert "--enable-updates" in usage.stdout and "--token" not in usage.stdout
