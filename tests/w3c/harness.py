"""Reading the W3C SPARQL 1.1 Protocol / Graph Store Protocol / Service Description manifests and
replaying their HTTP exchanges against a live server.

A protocol test is a list of (request, expected response) pairs run in order. Requests carry
``ht:absolutePath`` values under ``/sparql/`` (Protocol) or ``/gsp`` (Graph Store Protocol), which
:func:`endpoint_path` maps onto kg's ``/sparql`` and ``/store``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import rdflib
from rdflib import RDF, Namespace
from rdflib.collection import Collection
from rdflib.compare import isomorphic

HERE = Path(__file__).resolve().parent
PROTOCOL = HERE / "sparql11-protocol" / "manifest.ttl"
GRAPH_STORE = HERE / "sparql11-graph-store-protocol" / "manifest.ttl"
SERVICE_DESCRIPTION = HERE / "sparql11-service-description" / "manifest.ttl"
SD_SHAPES = HERE / "sd-shapes.ttl"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

# hts:NoContent -> 204 ...; hts:StatusCode2xx is a class of codes
STATUS_CODES = {status.phrase.replace(" ", "").replace("-", ""): status.value for status in HTTPStatus}
RESULT_MEDIA = {
    "application/sparql-results+json",
    "application/json",
    "application/sparql-results+xml",
    "application/xml",
    "text/xml",
}
TABULAR_MEDIA = RESULT_MEDIA | {"text/csv", "text/tab-separated-values"}
RDF_MEDIA = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}


@dataclass
class Expected:
    statuses: set[int] = field(default_factory=set)  # exact codes
    classes: set[int] = field(default_factory=set)  # 2 for 2xx ...
    boolean: bool | None = None
    format: str | None = None  # "boolean", "tabular" or "RDF"
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str | None = None
    location_variable: str | None = None

    def allows(self, status: int) -> bool:
        return status in self.statuses or status // 100 in self.classes


@dataclass
class Exchange:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes | None
    expected: Expected


@dataclass
class ProtocolTest:
    name: str  # the entry's local name
    title: str
    exchanges: list[Exchange]
    graph_data: list[tuple[Path, str]]  # (file, graph IRI)
    requires: set[str]


def _local(node: rdflib.term.Node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _graph(manifest: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())


def _entries(manifest: Path) -> tuple[rdflib.Graph, list[rdflib.term.Node]]:
    """The manifest graph (with its mf:include s merged) and its entries, in order."""
    graph = _graph(manifest)
    entries: list[rdflib.term.Node] = []
    for root in graph.subjects(RDF.type, MF.Manifest):
        for items in graph.objects(root, MF.include):
            for included in Collection(graph, items):
                sub_graph, sub_entries = _entries(Path(urlsplit(str(included)).path))
                graph += sub_graph
                entries += sub_entries
        for items in graph.objects(root, MF.entries):
            entries += list(Collection(graph, items))
    return graph, entries


def _headers(graph: rdflib.Graph, node: rdflib.term.Node) -> list[tuple[str, str]]:
    out = []
    for items in graph.objects(node, HT.headers):
        for header in Collection(graph, items):
            out.append((str(graph.value(header, HT.fieldName)), str(graph.value(header, HT.fieldValue))))
    return out


def _body(graph: rdflib.Graph, node: rdflib.term.Node) -> bytes | None:
    body = graph.value(node, HT.body)
    if body is None:
        return None
    encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
    return str(graph.value(body, CNT.chars)).encode(encoding)


def _expected(graph: rdflib.Graph, response: rdflib.term.Node) -> Expected:
    expected = Expected()
    for status in graph.objects(response, MF.expectedStatus):
        name = _local(status)
        if name.startswith("StatusCode") and name.endswith("xx"):
            expected.classes.add(int(name[len("StatusCode")]))
        else:
            expected.statuses.add(STATUS_CODES[name])
    boolean = graph.value(response, MF.expectedBoolean)
    expected.boolean = None if boolean is None else bool(boolean.toPython())
    fmt = graph.value(response, MF.expectedFormat)
    expected.format = None if fmt is None else str(fmt)
    expected.headers = _headers(graph, response)
    body = _body(graph, response)
    expected.body = None if body is None else body.decode("utf-8")
    location = graph.value(response, MF.expectedLocation)
    expected.location_variable = None if location is None else str(location)
    return expected


def load(manifest: Path) -> list[ProtocolTest]:
    """Every test of a Protocol or Graph Store Protocol manifest (following mf:include), in order."""
    graph, entries = _entries(manifest)
    tests = []
    for entry in entries:
        action = graph.value(entry, MF.action)
        exchanges = []
        for requests in graph.objects(action, HT.requests):
            for request in Collection(graph, requests):
                exchanges.append(
                    Exchange(
                        method=str(graph.value(request, HT.methodName)),
                        path=str(graph.value(request, HT.absolutePath)),
                        headers=_headers(graph, request),
                        body=_body(graph, request),
                        expected=_expected(graph, graph.value(request, HT.resp)),
                    )
                )
        graph_data = [
            (Path(urlsplit(str(graph.value(data, UT.graph))).path), str(graph.value(data, rdflib.RDFS.label)))
            for data in graph.objects(entry, UT.graphData)
        ]
        tests.append(
            ProtocolTest(
                name=_local(entry),
                title=str(graph.value(entry, MF.name)),
                exchanges=exchanges,
                graph_data=graph_data,
                requires={_local(r) for r in graph.objects(entry, MF.requires)},
            )
        )
    return tests


def service_description_tests() -> list[tuple[str, str]]:
    graph, entries = _entries(SERVICE_DESCRIPTION)
    return [(_local(entry), str(graph.value(entry, MF.name))) for entry in entries]


# ---- replaying ----------------------------------------------------------------------------------


def endpoint_path(path: str) -> str:
    """``/sparql/?query=...`` -> ``/sparql?query=...``; ``/gsp/person/1.ttl`` -> ``/store/person/1.ttl``."""
    if path.startswith("/sparql/"):
        return "/sparql" + path[len("/sparql/") :]
    if path.startswith("/gsp"):
        return "/store" + path[len("/gsp") :]
    raise ValueError(f"unexpected path {path}")


def is_write(exchange: Exchange) -> bool:
    """Would this request change the store (so it carries the token on an update-enabled server)?"""
    path = endpoint_path(exchange.path)
    if exchange.method in ("PUT", "DELETE") or (exchange.method == "POST" and path.startswith("/store")):
        return True
    if exchange.method != "POST":
        return False
    content_type = dict((k.lower(), v) for k, v in exchange.headers).get("content-type", "")
    return "sparql-update" in content_type or (exchange.body or b"").startswith(b"update=")


def _media(value: str | None) -> tuple[str, dict[str, str]]:
    fields = [f.strip() for f in (value or "").split(";")]
    params = {}
    for param in fields[1:]:
        name, _, val = param.partition("=")
        params[name.strip().lower()] = val.strip().strip('"').lower()
    return fields[0].lower(), params


def _boolean(response: httpx.Response) -> bool:
    media, _ = _media(response.headers.get("content-type"))
    if "json" in media:
        return bool(json.loads(response.content)["boolean"])
    if "xml" in media:
        root = ET.fromstring(response.content)
        found = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
        assert found is not None, "no <boolean> in the XML result"
        return (found.text or "").strip() == "true"
    raise AssertionError(f"a boolean result in {media}")


def _check_format(response: httpx.Response, expected_format: str) -> None:
    media, _ = _media(response.headers.get("content-type"))
    if expected_format == "boolean":
        assert media in RESULT_MEDIA, media
        _boolean(response)
    elif expected_format == "tabular":
        assert media in TABULAR_MEDIA, media
        if "json" in media:
            assert "vars" in json.loads(response.content)["head"]
        elif "xml" in media:
            ET.fromstring(response.content)
        else:
            assert response.text.splitlines(), "an empty table"
    elif expected_format == "RDF":
        assert media in RDF_MEDIA, media
        rdflib.Graph().parse(data=response.content, format=RDF_MEDIA[media])
    else:
        raise AssertionError(f"unknown expected format {expected_format}")


def check(response: httpx.Response, expected: Expected) -> None:
    """Assert that a response is what the manifest describes."""
    context = f"{response.request.method} {response.request.url} -> {response.status_code} {response.text[:300]!r}"
    assert expected.allows(response.status_code), context
    if expected.boolean is not None:
        assert _boolean(response) is expected.boolean, context
    if expected.format is not None:
        _check_format(response, expected.format)
    expected_type = None
    for name, value in expected.headers:
        assert name.lower() in response.headers, f"missing header {name}: {context}"
        if name.lower() == "content-type":
            expected_type = _media(value)
            assert _media(response.headers[name]) == expected_type, context
        else:
            assert response.headers[name] == value, context
    if expected.body is not None:
        media = expected_type[0] if expected_type else "text/turtle"
        wanted = rdflib.Graph().parse(data=expected.body, format=RDF_MEDIA[media])
        got = rdflib.Graph().parse(data=response.content, format=RDF_MEDIA[_media(response.headers["content-type"])[0]])
        assert isomorphic(wanted, got), (
            f"graphs differ:\n{got.serialize(format='nt')}\nwanted:\n{wanted.serialize(format='nt')}"
        )
    if expected.location_variable is not None:
        assert response.headers.get("location"), context


def replay(client: httpx.Client, test: ProtocolTest, token: str | None = None) -> None:
    """Run a test's exchanges in order against ``client`` (whose base URL is the server)."""
    variables: dict[str, str] = {}
    for exchange in test.exchanges:
        path, body = exchange.path, exchange.body
        for variable, value in variables.items():
            path = path.replace(variable, value)
            body = None if body is None else body.replace(variable.encode(), value.encode())
        headers = list(exchange.headers)
        if token is not None and is_write(exchange):
            headers.append(("Authorization", f"Bearer {token}"))
        response = client.request(exchange.method, endpoint_path(path), headers=headers, content=body)
        check(response, exchange.expected)
        if exchange.expected.location_variable is not None:
            variables[exchange.expected.location_variable] = response.headers["location"]
