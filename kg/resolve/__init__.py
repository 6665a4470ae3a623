"""Cross-article resolution: the merged view of all article graphs, in ``graph/merged``.

``update_merged_view(store, minter)`` recomputes the view from the article graphs and writes only
what changed (one atomic update). It is a pure function of the stored articles: the order they
were built in does not matter, and per-article graphs are left exactly as each article said.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from pyoxigraph import Literal, Quad, QueryBoolean, QuerySolutions

from kg.gazetteer import load_gazetteer
from kg.namespaces import KG, Minter
from kg.ontology_classes import class_parents
from kg.resolve.casualties import disagreement_quads
from kg.resolve.collect import collect
from kg.resolve.entities import resolve_entities
from kg.resolve.events import resolve_events
from kg.resolve.graph import merged_graph_quads
from kg.sparql import update as sparql_update
from kg.store import Store

RESOLVER_VERSION = "2"

_MERGED_QUADS = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?merged { ?s ?p ?o } }"


@dataclass(frozen=True, slots=True)
class MergeReport:
    entities: int
    """Canonical entities built from several articles' local entities."""
    events: int
    """Canonical events."""
    inserted: int
    deleted: int
    skipped: bool = False
    """Nothing changed since the last merge."""


def merge_fingerprint(store: Store, minter: Minter) -> str:
    """Changes whenever an article graph or the resolver changes."""
    digest = hashlib.sha256(RESOLVER_VERSION.encode())
    for key, entry in sorted(store.ledger(minter.provenance_graph()).items()):
        digest.update(f"{key}\0{entry.fingerprint}\0".encode())
    return digest.hexdigest()


def update_merged_view(store: Store, minter: Minter, *, force: bool = False) -> MergeReport:
    """Recompute the merged view and store the difference, unless the articles are unchanged."""
    fingerprint = merge_fingerprint(store, minter)
    merged, provenance = minter.merged_graph(), minter.provenance_graph()
    if not force and store.graph_digest(merged, provenance) == fingerprint:
        return MergeReport(entities=0, events=0, inserted=0, deleted=0, skipped=True)

    corpus = collect(store, minter, class_parents())
    labels = {**corpus.world_labels, **{entry.iri: entry.label for entry in load_gazetteer()}}
    entities = resolve_entities(corpus, minter, labels)
    events, mapping = resolve_events(corpus, minter, entities.canonical, entities.labels)
    new = set(merged_graph_quads(corpus, entities, events, minter))
    new.update(disagreement_quads(store, mapping, minter))
    stored = store.query(_MERGED_QUADS, bindings={"merged": merged}, union_default_graph=False)
    assert not isinstance(stored, QuerySolutions | QueryBoolean), "a CONSTRUCT gives triples"
    old = {Quad(t.subject, t.predicate, t.object, merged) for t in stored}
    deleted, inserted = old - new, new - old
    old_digest = store.graph_digest(merged, provenance)
    operations = [
        sparql_update.delete_data(sorted(deleted, key=str)),
        sparql_update.insert_data(sorted(inserted, key=str)),
    ]
    if old_digest is not None:
        operations.append(sparql_update.delete_data([Quad(merged, KG.sha256, Literal(old_digest), provenance)]))
    operations.append(sparql_update.insert_data([Quad(merged, KG.sha256, Literal(fingerprint), provenance)]))
    store.update(sparql_update.join(operations))
    return MergeReport(
        entities=sum(1 for c in entities.clusters if len(c.members) > 1),
        events=len(events),
        inserted=len(inserted),
        deleted=len(deleted),
    )
