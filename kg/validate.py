"""``kg validate``: every article graph against the SHACL shapes, and no blank nodes anywhere."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from importlib import resources

import pyshacl
import rdflib
from pyoxigraph import QueryBoolean, QuerySolutions, RdfFormat, serialize
from rdflib.namespace import SH

from kg.namespaces import KG, Minter, sparql_prefixes
from kg.store import Store

_ARTICLE_METADATA = f"""
CONSTRUCT {{ ?article ?p ?o }} WHERE {{ GRAPH ?prov {{ ?article <{KG.graph.value}> ?graph ; ?p ?o }} }}"""

# Offsets that do not slice the stored article text to the quoted sentence or mention.
_BAD_OFFSETS = (
    sparql_prefixes(("kg", "oa", "prov"))
    + """
SELECT ?graph ?node ?start ?end WHERE {
  GRAPH ?graph {
    { ?node kg:sentence ?quoted ; prov:wasDerivedFrom ?article }
    UNION
    { ?node kg:surface ?quoted ; kg:evidence/prov:wasDerivedFrom ?article }
    UNION
    { ?node kg:figureText ?quoted ; kg:evidence/prov:wasDerivedFrom ?article }
    ?node oa:start ?start ; oa:end ?end .
  }
  ?article kg:text ?text .
  FILTER (SUBSTR(STR(?text), ?start + 1, ?end - ?start) != STR(?quoted))
}"""
)


@dataclass(slots=True)
class GraphReport:
    name: str
    conforms: bool
    violations: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ValidationReport:
    graphs: list[GraphReport] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return all(g.conforms for g in self.graphs)


def _packaged_graph(*names: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in names:
        graph.parse(data=resources.files("kg.ontology").joinpath(name).read_bytes(), format="turtle")
    return graph


def _type_hierarchy() -> rdflib.Graph:
    """What class checks need from the ontology and gazetteer: subclass links and entity types."""
    source = _packaged_graph("kg.ttl", "gazetteer.ttl")
    graph = rdflib.Graph()
    for triple in source.triples((None, rdflib.RDFS.subClassOf, None)):
        graph.add(triple)
    for triple in source.triples((None, rdflib.RDF.type, None)):
        graph.add(triple)
    return graph


def validate_graph(data: rdflib.Graph, *, shapes: rdflib.Graph, ontology: rdflib.Graph) -> list[str]:
    """SHACL violations of one article graph (with its metadata), as readable lines. ``ontology``
    (class hierarchy and gazetteer types) is added to ``data`` for class checks."""
    violations = [f"blank node {node.n3()} (kg stores no blank nodes)" for node in _blank_nodes(data)]
    for triple in ontology:
        data.add(triple)
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False
    )
    if not conforms:
        for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
            focus = results.value(result, SH.focusNode)
            path = results.value(result, SH.resultPath)
            message = results.value(result, SH.resultMessage)
            where = f" ({path.n3(results.namespace_manager)})" if path is not None else ""
            violations.append(f"{focus}{where}: {message}")
    return sorted(violations)


def _blank_nodes(graph: rdflib.Graph) -> set[rdflib.BNode]:
    return {term for triple in graph for term in triple if isinstance(term, rdflib.BNode)}


def validate_store(store: Store, minter: Minter) -> ValidationReport:
    """Validate each article graph listed in the ledger, and flag graphs the ledger does not know."""
    shapes = _packaged_graph("shapes.ttl")
    ontology = _type_hierarchy()
    provenance = minter.provenance_graph()
    report = ValidationReport()
    ledger = store.ledger(provenance)
    known = {entry.graph.value for entry in ledger.values()}
    for entry in sorted(ledger.values(), key=lambda e: e.key):
        data = rdflib.Graph()
        buffer = io.BytesIO()
        store.dump(buffer, format=RdfFormat.N_TRIPLES, graph=entry.graph)
        data.parse(data=buffer.getvalue(), format="nt")
        metadata = store.query(
            _ARTICLE_METADATA, bindings={"graph": entry.graph, "prov": provenance}, union_default_graph=False
        )
        assert not isinstance(metadata, QuerySolutions | QueryBoolean), "a CONSTRUCT gives triples"
        data.parse(data=serialize(metadata, format=RdfFormat.N_TRIPLES), format="nt")
        violations = validate_graph(data, shapes=shapes, ontology=ontology)
        report.graphs.append(
            GraphReport(name=f"{entry.key} <{entry.graph.value}>", conforms=not violations, violations=violations)
        )
    for row in store.select_rows(_BAD_OFFSETS):
        name = f"<{row['graph']}>"
        graph_report = next((g for g in report.graphs if g.name.endswith(name)), None)
        if graph_report is None:
            graph_report = GraphReport(name=name, conforms=False)
            report.graphs.append(graph_report)
        graph_report.conforms = False
        graph_report.violations.append(
            f"{row['node']}: offsets {row['start']}-{row['end']} do not slice the article text to the quoted text"
        )
    reserved = {minter.provenance_graph().value, minter.gazetteer_graph().value, minter.ontology_graph().value}
    for graph in store.named_graphs():
        if (
            graph.value not in known
            and graph.value not in reserved
            and graph.value.startswith(minter.base + "graph/article/")
        ):
            report.graphs.append(
                GraphReport(
                    name=f"<{graph.value}>",
                    conforms=False,
                    violations=["an article graph with no ledger entry (orphan)"],
                )
            )
    return report
