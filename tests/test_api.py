"""``kg serve`` over real HTTP: SPARQL 1.1 protocol basics, health, limits."""

from __future__ import annotations

import csv
import io

import httpx
import rdflib

ASK = "ASK { ?s a <https://w3id.org/kg-news/ontology#TakeControl> }"
SELECT = "SELECT ?label WHERE { GRAPH <https://w3id.org/kg-news/id/graph/gazetteer> { ?p a <https://w3id.org/kg-news/ontology#Province> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label } } ORDER BY ?label LIMIT 2"


def test_health(server: str) -> None:
    body = httpx.get(server + "/healthz").json()
    assert body["status"] == "ok" and body["quads"] > 1000


def test_get_and_post_queries(server: str) -> None:
    get = httpx.get(server + "/sparql", params={"query": SELECT})
    assert get.status_code == 200 and get.headers["content-type"].startswith("application/sparql-results+json")
    assert [b["label"]["value"] for b in get.json()["results"]["bindings"]] == ["Badakhshan", "Badghis"]
    form = httpx.post(server + "/sparql", data={"query": SELECT}, headers={"Accept": "text/csv"})
    assert form.status_code == 200 and list(csv.reader(io.StringIO(form.text))) == [
        ["label"],
        ["Badakhshan"],
        ["Badghis"],
    ]
    direct = httpx.post(server + "/sparql", content=ASK, headers={"Content-Type": "application/sparql-query"})
    assert direct.json() == {"head": {}, "boolean": True}


def test_content_negotiation(server: str) -> None:
    construct = "CONSTRUCT WHERE { ?s a <https://w3id.org/kg-news/ontology#Province> } LIMIT 3"
    turtle = httpx.get(server + "/sparql", params={"query": construct}, headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert len(rdflib.Graph().parse(data=turtle.text, format="turtle")) == 3
    preferred = httpx.get(
        server + "/sparql",
        params={"query": SELECT},
        headers={"Accept": "text/csv;q=0.5, application/sparql-results+xml"},
    )
    assert preferred.headers["content-type"].startswith("application/sparql-results+xml")
    refused = httpx.get(server + "/sparql", params={"query": SELECT}, headers={"Accept": "image/png"})
    assert refused.status_code == 406 and refused.json()["error"] == "not_acceptable"


def test_service_description_on_bare_get(server: str) -> None:
    response = httpx.get(server + "/sparql", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, rdflib.RDF.type, sd.Service) in graph


def test_errors_are_json_and_the_server_survives(server: str) -> None:
    malformed = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE {"})
    assert malformed.status_code == 400 and malformed.json()["error"] == "malformed_query"
    service = httpx.get(
        server + "/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}
    )
    assert service.status_code == 400 and "SERVICE" in service.json()["message"]
    deep = httpx.post(server + "/sparql", data={"query": "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000})
    assert deep.status_code == 400 and deep.json()["error"] == "query_too_complex"
    update = httpx.post(server + "/sparql", data={"update": "DROP ALL"})
    assert update.status_code == 403
    unsupported = httpx.post(server + "/sparql", content="x", headers={"Content-Type": "text/plain"})
    assert unsupported.status_code == 415
    too_big = httpx.post(
        server + "/sparql", content="#" * (2**20 + 10), headers={"Content-Type": "application/sparql-query"}
    )
    assert too_big.status_code == 413
    assert httpx.get(server + "/healthz").status_code == 200
