"""Real SPARQL clients, unchanged, against a live ``kg serve``: SPARQLWrapper and rdflib's
SPARQLStore / SPARQLUpdateStore get what ``kg.sparql.query.run_query`` gets on the same store."""

from __future__ import annotations

import urllib.error
import uuid

import pytest
import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import (
    CSV,
    JSON,
    POST,
    POSTDIRECTLY,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)

from kg.sparql.query import GraphResult, SelectResult, run_query
from kg.store import OxigraphStore
from tests.helpers import QUERIES, LiveServer

# SPARQLWrapper builds its graphs with rdflib's deprecated ConjunctiveGraph
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
CONSTRUCT = """CONSTRUCT { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?label }
WHERE { ?p a <https://w3id.org/kg-news/ontology#Province> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }"""


def _expected(store: OxigraphStore, query: str) -> SelectResult:
    result = run_query(store, query, timeout=30, max_rows=100_000)
    assert isinstance(result, SelectResult) and not result.truncated
    return result


def _from_json(binding: dict[str, str] | None) -> tuple[str, ...] | None:
    """A SPARQL JSON term as (kind, value, datatype or @lang)."""
    if binding is None:
        return None
    kind = {"uri": "iri", "bnode": "bnode", "literal": "literal", "typed-literal": "literal"}[binding["type"]]
    extra = binding.get("datatype") or ("@" + binding["xml:lang"] if "xml:lang" in binding else "")
    return (kind, binding["value"], "" if extra == XSD_STRING else extra)


def _from_oxigraph(term: object) -> tuple[str, ...] | None:
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return ("iri", term.value, "")
    if isinstance(term, BlankNode):
        return ("bnode", term.value, "")
    assert isinstance(term, Literal)
    extra = "@" + term.language if term.language else term.datatype.value
    return ("literal", term.value, "" if extra == XSD_STRING else extra)


def _from_rdflib(term: rdflib.term.Node | None) -> tuple[str, ...] | None:
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ("iri", str(term), "")
    if isinstance(term, rdflib.BNode):
        return ("bnode", str(term), "")
    assert isinstance(term, rdflib.Literal)
    extra = "@" + term.language if term.language else str(term.datatype or "")
    return ("literal", str(term), "" if extra == XSD_STRING else extra)


def test_sparqlwrapper_gets_what_run_query_gets(server: str, seed_store: OxigraphStore) -> None:
    query = (QUERIES / "captures.rq").read_text(encoding="utf-8")
    expected = _expected(seed_store, query)
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(query)  # unchanged, header comments included
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    assert answer["head"]["vars"] == expected.variables
    got = [[_from_json(b.get(v)) for v in expected.variables] for b in answer["results"]["bindings"]]
    assert got == [[_from_oxigraph(t) for t in row] for row in expected.rows]
    assert len(got) >= 10

    client.setMethod(POST)  # the same over a form POST, as CSV
    client.setReturnFormat(CSV)
    lines = client.query().convert().decode("utf-8").splitlines()
    assert lines[0].split(",") == expected.variables and len(lines) == len(expected.rows) + 1


def test_sparqlwrapper_construct_and_ask(server: str, seed_store: OxigraphStore) -> None:
    expected = run_query(seed_store, CONSTRUCT, timeout=30, max_rows=100_000)
    assert isinstance(expected, GraphResult)
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(CONSTRUCT)
    for fmt in (TURTLE, XML):  # Turtle and RDF/XML, parsed by SPARQLWrapper itself
        client.setReturnFormat(fmt)
        result = client.query().convert()
        graph = result if isinstance(result, rdflib.Graph) else rdflib.Graph().parse(data=result, format="turtle")
        assert {tuple(_from_rdflib(t) for t in triple) for triple in graph} == {
            (_from_oxigraph(t.subject), _from_oxigraph(t.predicate), _from_oxigraph(t.object)) for t in expected.triples
        }
    client.setQuery("ASK { ?s a <https://w3id.org/kg-news/ontology#TakeControl> }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_rdflib_sparqlstore_gets_what_run_query_gets(server: str, seed_store: OxigraphStore) -> None:
    query = (QUERIES / "captures.rq").read_text(encoding="utf-8")
    expected = _expected(seed_store, query)
    graph = rdflib.Graph(SPARQLStore(server + "/sparql"))  # SPARQL XML results, over GET
    rows = list(graph.query(query))
    assert [[_from_rdflib(t) for t in row] for row in rows] == [
        [_from_oxigraph(t) for t in row] for row in expected.rows
    ]
    constructed = graph.query(CONSTRUCT).graph  # RDF/XML
    assert constructed is not None and len(constructed) == len(
        run_query(seed_store, CONSTRUCT, timeout=30, max_rows=1000).triples
    )


def test_sparqlwrapper_updates_need_the_token(update_server: LiveServer) -> None:
    graph = f"http://example.org/sparqlwrapper/{uuid.uuid4().hex}"
    insert = (
        f'INSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/a> <http://example.org/says> "hello \\" world" }} }}'
    )
    ask = f'ASK {{ GRAPH <{graph}> {{ <http://example.org/a> <http://example.org/says> "hello \\" world" }} }}'

    anonymous = SPARQLWrapper(update_server.url + "/sparql")
    anonymous.setMethod(POST)
    anonymous.setQuery(insert)
    with pytest.raises(urllib.error.HTTPError) as refused:
        anonymous.query()
    assert refused.value.code == 403

    reader = SPARQLWrapper(update_server.url + "/sparql")
    reader.setQuery(ask)
    reader.setReturnFormat(JSON)
    assert reader.query().convert()["boolean"] is False

    for method in (URLENCODED, POSTDIRECTLY):  # update= form field, then application/sparql-update
        writer = SPARQLWrapper(update_server.url + "/sparql")
        writer.setMethod(POST)
        writer.setRequestMethod(method)
        writer.addCustomHttpHeader("Authorization", f"Bearer {update_server.token}")
        writer.setQuery(insert)
        assert writer.query().response.status == 204
    assert reader.query().convert()["boolean"] is True


def test_rdflib_sparqlupdatestore_round_trip(update_server: LiveServer) -> None:
    endpoint = update_server.url + "/sparql"
    store = SPARQLUpdateStore(
        endpoint, endpoint, headers={"Authorization": f"Bearer {update_server.token}"}, autocommit=True
    )
    name = rdflib.URIRef(f"http://example.org/rdflib/{uuid.uuid4().hex}")
    graph = rdflib.Graph(store, identifier=name)
    graph.add((rdflib.URIRef("http://example.org/x"), rdflib.RDFS.label, rdflib.Literal("Kunduz", lang="en")))
    # read back through a plain query store, restricted to that graph (default-graph-uri)
    reader = rdflib.Graph(SPARQLStore(endpoint), identifier=name)
    assert list(reader.query("SELECT ?label WHERE { ?s ?p ?label }")) == [(rdflib.Literal("Kunduz", lang="en"),)]
    graph.remove((None, None, None))
    assert list(reader.query("SELECT ?label WHERE { ?s ?p ?label }")) == []
