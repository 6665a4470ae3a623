"""kg.vocab agrees with the ontology, and the class hierarchy kg writes is the ontology's."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources

import rdflib

from kg.extract.records import EntityRef, Event, Extraction, Sentence, TimeValue
from kg.ingest.article import Article
from kg.namespaces import KG, RDF, Minter
from kg.ontology_classes import ancestors, family
from kg.rdf import PRECISION_INDIVIDUALS, article_graph_quads
from kg.vocab import DatePrecision, EventKind

KGNS = rdflib.Namespace(KG.iri)
_NOT_EXTRACTED = {"CanonicalEvent"}
"""Subclasses of kg:Event that no extractor produces (the merged view's own class)."""


def _ontology() -> rdflib.Graph:
    data = resources.files("kg.ontology").joinpath("kg.ttl").read_bytes()
    return rdflib.Graph().parse(data=data, format="turtle")


def _kg_names(nodes: Iterable[rdflib.term.Node | None]) -> set[str]:
    return {str(node).removeprefix(KG.iri) for node in nodes if str(node).startswith(KG.iri)}


def test_event_kinds_are_the_ontology_event_classes() -> None:
    ontology = _ontology()
    below_event = _kg_names(ontology.transitive_subjects(rdflib.RDFS.subClassOf, KGNS.Event)) - {"Event"}
    assert below_event - _NOT_EXTRACTED == {kind.value for kind in EventKind}


def test_date_precisions_are_the_ontology_individuals() -> None:
    individuals = _kg_names(_ontology().subjects(rdflib.RDF.type, KGNS.DatePrecision))
    assert individuals == {"Day", "Month", "Year"}
    assert {precision.value.capitalize() for precision in DatePrecision} == individuals
    assert {node.value.removeprefix(KG.iri) for node in PRECISION_INDIVIDUALS.values()} == individuals
    assert all(PRECISION_INDIVIDUALS[p].value.endswith(p.value.capitalize()) for p in DatePrecision)


def test_hierarchy_comes_from_the_ontology() -> None:
    assert ancestors(EventKind.HANDOVER) == ["Handover", "TakeControl", "Event"]
    assert ancestors(EventKind.AIRSTRIKE) == ["Airstrike", "Attack", "Event"]
    assert ancestors(EventKind.SURRENDER) == ["Surrender", "Event"]
    assert ancestors("Prison") == ["Prison", "Facility", "Place"]
    assert family(EventKind.PRISON_BREAK) == "PrisonerRelease"


def test_article_graph_types_an_event_with_its_superclasses() -> None:
    text = "Taliban fighters took over Kunduz on 8 August 2021."
    article = Article(
        key="test",
        source_name="test.txt",
        sha256="0" * 64,
        fingerprint="0" * 64,
        text=text,
        media_type="text/plain",
        encoding="utf-8",
    )
    place = EntityRef(key="City:kunduz", kind="City", label="Kunduz")
    handover = Event(
        kind=EventKind.HANDOVER,
        sentence=0,
        trigger="took over",
        trigger_start=text.index("took"),
        trigger_end=text.index("took") + 9,
        places=(place,),
        time=TimeValue(value="2021-08-08", precision=DatePrecision.DAY, text="8 August 2021"),
    )
    extraction = Extraction(sentences=(Sentence(0, len(text), text),), events=(handover,))
    quads = article_graph_quads(article, extraction, Minter("https://example.org/"))
    event = next(q.subject for q in quads if q.object == KG.Handover)
    types = [q.object for q in quads if q.subject == event and q.predicate == RDF.type]
    assert types[:3] == [KG.Handover, KG.TakeControl, KG.Event]
    assert len(types) == len(set(types))  # no class is written twice
    precision = next(q.object for q in quads if q.subject == event and q.predicate == KG.datePrecision)
    assert precision == KG.Day
