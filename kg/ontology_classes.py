"""The kg class hierarchy, read from the ontology (``ontology/kg.ttl``): which event and place types are which.

RDF writing (:mod:`kg.rdf`), resolution and the tables all take superclasses from here, so the ontology is the
one place a class's parent is written down.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, parse

from kg.namespaces import KG, RDFS


@lru_cache(maxsize=1)
def _ontology_triples() -> tuple[Triple, ...]:
    data = resources.files("kg.ontology").joinpath("kg.ttl").read_bytes()
    return tuple(parse(data, format=RdfFormat.TURTLE))


def _kg_name(term: NamedNode | BlankNode | Literal | Triple) -> str | None:
    """The local name of a kg term (None for any other term)."""
    if isinstance(term, NamedNode) and term.value.startswith(KG.iri):
        return term.value.removeprefix(KG.iri)
    return None


@lru_cache(maxsize=1)
def class_parents() -> dict[str, str]:
    """kg class local name -> its kg superclass's local name (kg classes have one kg parent)."""
    parents = {}
    for triple in _ontology_triples():
        if triple.predicate == RDFS.subClassOf:
            child, parent = _kg_name(triple.subject), _kg_name(triple.object)
            if child is not None and parent is not None:
                parents[child] = parent
    return parents


def family(kind: str) -> str:
    """The top-level event class below kg:Event (``Handover`` -> ``TakeControl``, ``Ambush`` -> ``Attack``)."""
    parents = class_parents()
    while parents.get(kind, "Event") != "Event":
        kind = parents[kind]
    return kind


def ancestors(kind: str) -> list[str]:
    """``kind`` and its kg superclasses, most specific first."""
    out = [kind]
    parents = class_parents()
    while kind in parents:
        kind = parents[kind]
        out.append(kind)
    return out


@lru_cache(maxsize=1)
def acled_sub_event_types() -> dict[str, tuple[str, ...]]:
    """kg event class local name -> the ACLED sub-event types the ontology maps it to
    (``kg:acledSubEventType``), in the order the ontology lists them."""
    found: dict[str, list[str]] = {}
    for triple in _ontology_triples():
        kind = _kg_name(triple.subject)
        if triple.predicate == KG.acledSubEventType and kind is not None and isinstance(triple.object, Literal):
            found.setdefault(kind, []).append(triple.object.value)
    return {kind: tuple(values) for kind, values in found.items()}
