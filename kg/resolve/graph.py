"""The merged view as quads, in its own named graph. Article graphs are never changed by it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

from kg.namespaces import KG, RDF, RDFS, SEM, SKOS, XSD, Minter
from kg.ontology_classes import ancestors
from kg.rdf import PRECISION_INDIVIDUALS, date_literal, decimal_literal
from kg.resolve.collect import Corpus
from kg.resolve.entities import EntityResolution
from kg.resolve.events import CanonicalEvent, article_origin, contradictions


def merged_graph_quads(
    corpus: Corpus, entities: EntityResolution, events: list[CanonicalEvent], minter: Minter
) -> Iterator[Quad]:
    graph = minter.merged_graph()

    def q(s: str | NamedNode, p: NamedNode, o: str | NamedNode | Literal) -> Quad:
        subject = s if isinstance(s, NamedNode) else NamedNode(s)
        obj = NamedNode(o) if isinstance(o, str) else o
        return Quad(subject, p, obj, graph)

    for cluster in entities.clusters:
        for kind in ancestors(cluster.kind):
            yield q(cluster.iri, RDF.type, KG[kind])
        yield q(cluster.iri, RDF.type, KG.CanonicalEntity)
        yield q(cluster.iri, RDFS.label, Literal(cluster.label))
        for alias in cluster.aliases:
            yield q(cluster.iri, SKOS.altLabel, Literal(alias))
        for member in cluster.members:
            yield q(cluster.iri, KG.mergedFrom, member)
            yield q(member, KG.canonical, cluster.iri)
        for decision in cluster.decisions:
            node = (
                minter.base
                + "merge/"
                + hashlib.sha256(f"{decision.rule}|{decision.left}|{decision.right}".encode()).hexdigest()[:16]
            )
            yield q(node, RDF.type, KG.MergeDecision)
            yield q(node, KG.rule, Literal(decision.rule))
            yield q(node, KG.score, decimal_literal(decision.score))
            yield q(node, KG.member, decision.left)
            yield q(node, KG.member, decision.right)
            yield q(node, KG.canonical, cluster.iri)

    for event in events:
        iri = event.iri
        for kind in ancestors(event.kind):
            yield q(iri, RDF.type, KG[kind])
        yield q(iri, RDF.type, KG.CanonicalEvent)
        yield q(iri, RDF.type, SEM.Event)
        if event.agent:
            yield q(iri, KG.agent, event.agent)
            yield q(iri, SEM.hasActor, event.agent)
        if event.place:
            yield q(iri, SEM.hasPlace, event.place)
        if event.date and event.precision:
            yield q(iri, KG.date, date_literal(event.date, event.precision))
            yield q(iri, KG.datePrecision, PRECISION_INDIVIDUALS[event.precision])
            for report in event.dated_by:
                yield q(iri, KG.dateFixedBy, report)
            for other in event.conflicting_dates:
                yield q(iri, KG.conflictingDate, Literal(other))
        for report in event.reports:
            yield q(iri, KG.report, report)
            yield q(report, KG.canonical, iri)
        for source in event.articles:
            yield q(iri, KG.source, source)
        for origin in event.origins:
            yield q(iri, KG.origin, origin)
        yield q(iri, KG.sourceCount, Literal(str(len(event.articles)), datatype=XSD.integer))
        yield q(iri, KG.originCount, Literal(str(len(event.origins)), datatype=XSD.integer))
        yield q(iri, KG.status, KG[event.status])
        for claim in event.supported_by:
            yield q(iri, KG.supportedBy, claim)
        for claim in event.disputed_by:
            yield q(iri, KG.disputedBy, claim)
        for a, b in contradictions(event):
            yield q(a, KG.contradicts, b)
            yield q(b, KG.contradicts, a)

    for article in corpus.articles.values():
        yield q(article.iri, KG.origin, article_origin(article, minter))
