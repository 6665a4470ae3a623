"""The ontology and shapes parse, align with the standard vocabularies, and cover what kg emits."""

from __future__ import annotations

from importlib import resources

import rdflib
from rdflib import OWL, RDF, RDFS

from kg.namespaces import KG

KGNS = rdflib.Namespace(KG.iri)
SEM = rdflib.Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SCHEMA = rdflib.Namespace("https://schema.org/")


def _graph(name: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=resources.files("kg.ontology").joinpath(name).read_bytes(), format="turtle")


def test_alignment_with_sem_prov_schema() -> None:
    ontology = _graph("kg.ttl")
    assert (KGNS.Event, RDFS.subClassOf, SEM.Event) in ontology
    assert (KGNS.Actor, RDFS.subClassOf, SEM.Actor) in ontology
    assert (KGNS.Place, RDFS.subClassOf, SEM.Place) in ontology
    assert (KGNS.Article, RDFS.subClassOf, SCHEMA.NewsArticle) in ontology
    assert (KGNS.ExtractionRun, RDFS.subClassOf, PROV.Activity) in ontology
    assert (KGNS.agent, RDFS.subPropertyOf, SEM.hasActor) in ontology


def test_event_types_have_crosswalks() -> None:
    ontology = _graph("kg.ttl")
    for name in ("TakeControl", "Attack", "Airstrike", "Surrender", "Withdrawal", "Visit", "PrisonerRelease", "Threat"):
        cls = KGNS[name]
        assert (cls, RDF.type, OWL.Class) in ontology
        assert ontology.value(cls, KGNS.cameoCode) is not None, name
    assert str(ontology.value(KGNS.TakeControl, KGNS.cameoCode)) == "192"


def test_every_kg_term_the_graph_uses_is_declared(seed_store) -> None:
    ontology = _graph("kg.ttl")
    declared = {s for s in ontology.subjects() if isinstance(s, rdflib.URIRef)}
    rows = seed_store.select_rows(
        "SELECT DISTINCT ?term WHERE { { ?s ?term ?o } UNION { ?s a ?term } UNION { ?s ?p ?term } "
        "FILTER(isIRI(?term) && STRSTARTS(STR(?term), STR(<https://w3id.org/kg-news/ontology#>))) }"
    )
    used = {rdflib.URIRef(row["term"]) for row in rows}
    assert used and used <= declared, sorted(used - declared)


def test_shapes_parse_and_target_what_kg_extracts() -> None:
    shapes = _graph("shapes.ttl")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    targets = set(shapes.objects(None, sh.targetClass))
    assert {KGNS.Event, KGNS.Claim, KGNS.Mention, KGNS.Evidence, KGNS.Article, KGNS.TakeControl} <= targets


def test_actor_classes_are_at_most_three_levels_below_actor() -> None:
    """actors.rq picks the most specific class with fixed-length paths up to three steps."""
    ontology = _graph("kg.ttl")

    def depth(cls: rdflib.term.Node) -> int:
        parents = [
            p for p in ontology.objects(cls, RDFS.subClassOf) if (p, RDFS.subClassOf * "*", KGNS.Actor) in ontology
        ]
        return 0 if cls == KGNS.Actor else 1 + max(depth(p) for p in parents)

    actor_classes = set(ontology.transitive_subjects(RDFS.subClassOf, KGNS.Actor))
    assert depth(KGNS.NewsAgency) == 3  # NewsAgency ⊑ MediaOutlet ⊑ Organization ⊑ Actor
    assert max(depth(c) for c in actor_classes) <= 3
