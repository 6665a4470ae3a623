"""``/store``: the Graph Store HTTP Protocol beyond the W3C manifests — the read-only posture,
the token, body formats and limits, atomicity, and injection attempts."""

from __future__ import annotations

import json
import time
import uuid

import httpx
import pytest
import rdflib
from rdflib.compare import isomorphic

from tests.helpers import LiveServer

TURTLE = "text/turtle"

# rdflib's own TriG / N-Quads / JSON-LD parsers use its deprecated ConjunctiveGraph API
pytestmark = [
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
]
HOSTILE = 'x" } } ; DROP ALL ; INSERT DATA { <http://pwn/s> <http://pwn/p> "pwned'
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"> <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/s"><ex:p>&e;</ex:p></rdf:Description>
</rdf:RDF>"""


def _graph_iri() -> str:
    return f"http://example.org/gsp/{uuid.uuid4().hex}"


def _auth(live: LiveServer, media: str | None = TURTLE) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {live.token}"}
    if media:
        headers["Content-Type"] = media
    return headers


def _quads(base: str) -> int:
    return int(httpx.get(base + "/healthz").json()["quads"])


def _article_graph(base: str) -> str:
    response = httpx.get(
        base + "/sparql",
        params={
            "query": "SELECT ?g WHERE { GRAPH ?g { ?s a <https://w3id.org/kg-news/ontology#TakeControl> } } LIMIT 1"
        },
    )
    return response.json()["results"]["bindings"][0]["g"]["value"]


def test_reading_graphs_on_a_read_only_server(server: str) -> None:
    graph = _article_graph(server)
    size = httpx.get(
        server + "/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"}
    ).json()["results"]["bindings"][0]["n"]["value"]
    for accept, fmt in (
        (TURTLE, "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ):
        response = httpx.get(server + "/store", params={"graph": graph}, headers={"Accept": accept})
        assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == accept
        assert len(rdflib.Graph().parse(data=response.content, format=fmt)) == int(size)
    head = httpx.head(server + "/store", params={"graph": graph})
    assert head.status_code == 200 and head.headers["content-type"] == "text/turtle; charset=utf-8" and not head.content
    assert httpx.get(server + "/store", params={"graph": "http://example.org/none"}).status_code == 404
    assert httpx.head(server + "/store", params={"graph": "http://example.org/none"}).status_code == 404
    assert httpx.get(server + "/store", params={"graph": graph}, headers={"Accept": "text/csv"}).status_code == 406
    assert httpx.get(server + "/store").status_code == 400
    assert httpx.get(server + "/store", params={"graph": "relative"}).status_code == 400
    assert httpx.get(server + "/store", params={"default": ""}).status_code == 200  # the (empty) default graph


@pytest.mark.threat("F1")
def test_writes_are_refused_without_updates_or_the_token(server: str, update_server: LiveServer) -> None:
    graph = _article_graph(server)
    body = "<http://example.org/s> <http://example.org/p> 1 ."
    before = _quads(server)
    for method in ("PUT", "POST", "DELETE"):
        response = httpx.request(
            method, server + "/store", params={"graph": graph}, content=body, headers={"Content-Type": TURTLE}
        )
        assert response.status_code == 403 and response.json()["error"] == "updates_disabled", method
    assert _quads(server) == before

    target = _graph_iri()
    before = _quads(update_server.url)
    for headers in ({"Content-Type": TURTLE}, {"Content-Type": TURTLE, "Authorization": "Bearer wrong"}):
        for method in ("PUT", "POST", "DELETE"):
            response = httpx.request(
                method, update_server.url + "/store", params={"graph": target}, content=body, headers=headers
            )
            assert response.status_code == 403 and response.json()["error"] == "forbidden", method
        assert httpx.post(update_server.url + "/store", content=body, headers=headers).status_code == 403
    assert _quads(update_server.url) == before


def test_put_post_get_delete(update_server: LiveServer) -> None:
    base, graph = update_server.url, _graph_iri()
    first = f"<{graph}#a> <http://example.org/says> {rdflib.Literal(HOSTILE).n3()} ; <http://example.org/knows> [ <http://example.org/name> 'b' ] ."
    before = _quads(base)
    assert (
        httpx.put(base + "/store", params={"graph": graph}, content=first, headers=_auth(update_server)).status_code
        == 201
    )
    got = httpx.get(base + "/store", params={"graph": graph})
    assert isomorphic(
        rdflib.Graph().parse(data=got.text, format="turtle"), rdflib.Graph().parse(data=first, format="turtle")
    )
    assert _quads(base) == before + 3  # the hostile literal is data, nothing else changed

    more = json.dumps({"@id": f"{graph}#c", "http://example.org/name": "c"})
    merged = httpx.post(
        base + "/store", params={"graph": graph}, content=more, headers=_auth(update_server, "application/ld+json")
    )
    assert merged.status_code == 204 and _quads(base) == before + 4
    replaced = httpx.put(
        base + "/store",
        params={"graph": graph},
        content=f'<{graph}#d> <http://example.org/p> "1" .',
        headers=_auth(update_server, "application/n-triples"),
    )
    assert replaced.status_code == 204 and _quads(base) == before + 1

    assert httpx.delete(base + "/store", params={"graph": graph}, headers=_auth(update_server, None)).status_code == 204
    assert httpx.get(base + "/store", params={"graph": graph}).status_code == 404
    assert httpx.delete(base + "/store", params={"graph": graph}, headers=_auth(update_server, None)).status_code == 404
    assert _quads(base) == before


def test_an_empty_put_creates_an_empty_graph(update_server: LiveServer) -> None:
    graph = _graph_iri()
    assert (
        httpx.put(
            update_server.url + "/store", params={"graph": graph}, content=b"", headers=_auth(update_server)
        ).status_code
        == 201
    )
    response = httpx.get(
        update_server.url + "/store", params={"graph": graph}, headers={"Accept": "application/n-triples"}
    )
    assert response.status_code == 200 and response.content == b""
    assert (
        httpx.delete(
            update_server.url + "/store", params={"graph": graph}, headers=_auth(update_server, None)
        ).status_code
        == 204
    )


def test_post_to_the_store_creates_a_graph_named_by_the_server(update_server: LiveServer) -> None:
    created = httpx.post(
        update_server.url + "/store",
        content="<http://example.org/s> <http://example.org/p> 1 .",
        headers=_auth(update_server),
    )
    assert created.status_code == 201
    location = created.headers["location"]
    assert location.startswith(update_server.url + "/store/")
    direct = httpx.get(location, headers={"Accept": "application/n-triples"})  # the graph IRI is its URL
    indirect = httpx.get(
        update_server.url + "/store", params={"graph": location}, headers={"Accept": "application/n-triples"}
    )
    assert direct.status_code == indirect.status_code == 200 and direct.content == indirect.content != b""
    assert httpx.delete(location, headers=_auth(update_server, None)).status_code == 204


@pytest.mark.threat("D1", "D2")
def test_bad_bodies_are_refused_and_change_nothing(update_server: LiveServer, canary: tuple[str, list[str]]) -> None:
    url, hits = canary
    base, graph = update_server.url, _graph_iri()
    assert (
        httpx.put(
            base + "/store",
            params={"graph": graph},
            content="<http://e/s> <http://e/p> 1 .",
            headers=_auth(update_server),
        ).status_code
        == 201
    )
    before = _quads(base)
    started = time.monotonic()
    cases = [
        ("<http://e/s> <http://e/p> .", TURTLE, 400),  # syntax error
        ('<http://e/s> <http://e/p> "a" .\n<http://e/s> <http://e/p> "b', "application/n-triples", 400),
        (BILLION_LAUGHS, "application/rdf+xml", 415),  # XML is never parsed
        ("<http://e/s> <http://e/p> 1 .", "text/plain", 415),
        ("<http://e/s> <http://e/p> 1 .", "", 415),
        ("<http://e/s> <http://e/p> 1 <http://e/g> .", "application/n-quads", 415),
        ("{}", "application/ld+json; charset=latin-1", 415),
        (
            json.dumps({"@context": f"{url}/context.jsonld", "@id": "http://e/s", "name": "x"}),
            "application/ld+json",
            400,
        ),
        (json.dumps({"@context": "file:///etc/passwd", "@id": "http://e/s", "name": "x"}), "application/ld+json", 400),
        (
            json.dumps({"@id": "http://e/g", "@graph": [{"@id": "http://e/s", "http://e/p": "x"}]}),
            "application/ld+json",
            400,
        ),
        ("<< <http://e/a> <http://e/b> <http://e/c> >> <http://e/p> 1 .", TURTLE, 400),  # RDF-star
        ("#" * (2**20 + 1), TURTLE, 413),
    ]
    for body, media, status in cases:
        headers = _auth(update_server, media or None)
        response = httpx.put(base + "/store", params={"graph": graph}, content=body, headers=headers)
        assert response.status_code == status, (body[:60], media, response.text)
        assert set(response.json()) == {"error", "message", "request_id"}
    assert time.monotonic() - started < 5
    assert hits == [] and _quads(base) == before
    assert httpx.get(base + "/healthz").status_code == 200


def test_multipart_post_merges_every_part(update_server: LiveServer) -> None:
    graph, boundary = _graph_iri(), "kgboundary"
    parts = [
        ("a.ttl", "text/turtle", f"<{graph}#x> <http://e/p> 1 ."),
        ("b.nt", None, f'<{graph}#x> <http://e/p> "2" .'),
    ]
    body = (
        "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}"\r\n'
            + (f"Content-Type: {media}\r\n" if media else "")
            + f"\r\n{text}\r\n"
            for name, media, text in parts
        )
        + f"--{boundary}--\r\n"
    )
    response = httpx.post(
        update_server.url + "/store",
        params={"graph": graph},
        content=body,
        headers=_auth(update_server, f"multipart/form-data; boundary={boundary}"),
    )
    assert response.status_code == 201
    got = httpx.get(update_server.url + "/store", params={"graph": graph}, headers={"Accept": "application/n-triples"})
    assert len(got.text.splitlines()) == 2
    broken = httpx.post(
        update_server.url + "/store",
        params={"graph": graph},
        content="no parts here",
        headers=_auth(update_server, f"multipart/form-data; boundary={boundary}"),
    )
    assert broken.status_code == 400
    assert (
        httpx.delete(
            update_server.url + "/store", params={"graph": graph}, headers=_auth(update_server, None)
        ).status_code
        == 204
    )


@pytest.mark.parametrize("params", [{"graph": ["http://e/a", "http://e/b"]}, {"graph": "http://e/a", "default": ""}])
def test_ambiguous_targets_are_400(server: str, params: dict[str, object]) -> None:
    assert httpx.get(server + "/store", params=params).status_code == 400  # type: ignore[arg-type]
