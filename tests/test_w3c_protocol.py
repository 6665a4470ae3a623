"""The W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description manifests, replayed
against real ``kg serve`` processes on loopback.

- read-only server (default settings): every Protocol test except the successful updates (which
  need updates enabled; the bad-update tests still must fail), and the service description;
- updates enabled (its own store, the token sent on every write request): every Protocol test,
  every Graph Store Protocol test (each on a freshly emptied store), the service description.

Tests named in SKIPPED are skipped with their reason (see README.md, "W3C conformance").
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pyshacl
import pytest
import rdflib

from tests.helpers import LiveServer
from tests.w3c import harness

PROTOCOL_TESTS = harness.load(harness.PROTOCOL)
GRAPH_STORE_TESTS = harness.load(harness.GRAPH_STORE)
SD_TESTS = harness.service_description_tests()
# test name -> why kg skips it (keep in sync with README.md, "W3C conformance")
SKIPPED: dict[str, str] = {}

# rdflib's own TriG / N-Quads / JSON-LD parsers use its deprecated ConjunctiveGraph API
pytestmark = [
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
]


def _needs_updates(test: harness.ProtocolTest) -> bool:
    """A test whose success requires a write (not one that must be refused)."""
    return any(harness.is_write(x) and x.expected.allows(200) for x in test.exchanges)


def _ids(tests: list[harness.ProtocolTest]) -> list[str]:
    return [t.name for t in tests]


def _skip_if_listed(name: str) -> None:
    if name in SKIPPED:
        pytest.skip(SKIPPED[name])


@pytest.fixture()
def read_only(w3c_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=w3c_server.url, timeout=30) as client:
        yield client


@pytest.fixture()
def writer(update_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=update_server.url, timeout=30) as client:
        yield client


def _load_graph_data(client: httpx.Client, token: str, test: harness.ProtocolTest) -> None:
    """The test's ut:graphData, put through the Graph Store Protocol."""
    for path, graph in test.graph_data:
        response = client.put(
            "/store",
            params={"graph": graph},
            content=path.read_bytes(),
            headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {token}"},
        )
        assert response.status_code in (201, 204), response.text


def _empty_store(client: httpx.Client, token: str) -> None:
    response = client.post(
        "/sparql",
        content="DROP ALL",
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 204, response.text


# ---- SPARQL 1.1 Protocol --------------------------------------------------------------------------------


def test_the_manifests_are_complete() -> None:
    assert len(PROTOCOL_TESTS) == 34 and len(GRAPH_STORE_TESTS) == 13 and len(SD_TESTS) == 3
    assert all(t.exchanges for t in PROTOCOL_TESTS + GRAPH_STORE_TESTS)


@pytest.mark.parametrize(
    "test",
    [t for t in PROTOCOL_TESTS if not _needs_updates(t)],
    ids=_ids([t for t in PROTOCOL_TESTS if not _needs_updates(t)]),
)
@pytest.mark.threat("E1")
def test_protocol_read_only(read_only: httpx.Client, test: harness.ProtocolTest) -> None:
    _skip_if_listed(test.name)
    harness.replay(read_only, test)


@pytest.mark.parametrize("test", PROTOCOL_TESTS, ids=_ids(PROTOCOL_TESTS))
def test_protocol_with_updates(writer: httpx.Client, update_server: LiveServer, test: harness.ProtocolTest) -> None:
    _skip_if_listed(test.name)
    assert update_server.token
    _load_graph_data(writer, update_server.token, test)
    harness.replay(writer, test, token=update_server.token)


def test_update_tests_are_refused_on_a_read_only_server(read_only: httpx.Client, w3c_server: LiveServer) -> None:
    """The update tests sent to the default (read-only) server: every write is refused, nothing changes."""
    before = read_only.get("/healthz").json()["quads"]
    for test in (t for t in PROTOCOL_TESTS if _needs_updates(t)):
        for exchange in (x for x in test.exchanges if harness.is_write(x)):
            response = read_only.request(
                exchange.method, harness.endpoint_path(exchange.path), headers=exchange.headers, content=exchange.body
            )
            assert response.status_code == 403 and response.json()["error"] == "updates_disabled", test.name
    assert read_only.get("/healthz").json()["quads"] == before


# ---- Graph Store HTTP Protocol ----------------------------------------------------------------------------


@pytest.mark.parametrize("test", GRAPH_STORE_TESTS, ids=_ids(GRAPH_STORE_TESTS))
def test_graph_store_protocol(writer: httpx.Client, update_server: LiveServer, test: harness.ProtocolTest) -> None:
    _skip_if_listed(test.name)
    assert update_server.token
    _empty_store(writer, update_server.token)
    harness.replay(writer, test, token=update_server.token)


# ---- Service Description ----------------------------------------------------------------------------------


def _description(client: httpx.Client, accept: str | None = None) -> tuple[httpx.Response, rdflib.Graph]:
    response = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200, response.text
    media = response.headers["content-type"].split(";")[0].strip()
    assert media in harness.RDF_MEDIA, media
    return response, rdflib.Graph().parse(data=response.content, format=harness.RDF_MEDIA[media])


@pytest.mark.parametrize("which", ["read_only", "writer"])
@pytest.mark.parametrize("name", [name for name, _ in SD_TESTS])
def test_service_description(name: str, which: str, request: pytest.FixtureRequest) -> None:
    _skip_if_listed(name)
    client: httpx.Client = request.getfixturevalue(which)
    endpoint = rdflib.URIRef(str(client.base_url).rstrip("/") + "/sparql")
    if name == "returns-rdf":
        for accept in (None, "text/turtle", "application/rdf+xml", "application/ld+json", "application/n-triples"):
            _, graph = _description(client, accept)
            assert len(graph) > 5, accept
    elif name == "has-endpoint-triple":
        _, graph = _description(client)
        assert (None, harness.SD.endpoint, endpoint) in graph
    elif name == "conforms-to-schema":
        _, graph = _description(client)
        services = set(graph.subjects(rdflib.RDF.type, harness.SD.Service))
        assert services == {endpoint}
        shapes = rdflib.Graph().parse(harness.SD_SHAPES)
        conforms, _, report = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=shapes, inference="none")
        assert conforms, report
        updates = (endpoint, harness.SD.supportedLanguage, harness.SD.SPARQL11Update) in graph
        assert updates is (which == "writer")
        assert (endpoint, harness.SD.feature, harness.SD.UnionDefaultGraph) in graph
    else:
        pytest.fail(f"no check written for service-description test {name}")
