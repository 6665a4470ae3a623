"""The kg class hierarchy, read from the ontology: which event and place types are which."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from pyoxigraph import RdfFormat, parse

from kg.namespaces import KG, RDFS


@lru_cache(maxsize=1)
def class_parents() -> dict[str, str]:
    """kg class local name -> its kg superclass's local name (kg classes have one kg parent)."""
    data = resources.files("kg.ontology").joinpath("kg.ttl").read_bytes()
    parents = {}
    for triple in parse(data, format=RdfFormat.TURTLE):
        if (
            triple.predicate == RDFS.subClassOf
            and triple.subject.value.startswith(KG.iri)
            and triple.object.value.startswith(KG.iri)
        ):
            parents[triple.subject.value.removeprefix(KG.iri)] = triple.object.value.removeprefix(KG.iri)
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
    data = resources.files("kg.ontology").joinpath("kg.ttl").read_bytes()
    found: dict[str, list[str]] = {}
    for triple in parse(data, format=RdfFormat.TURTLE):
        if triple.predicate == KG.acledSubEventType and triple.subject.value.startswith(KG.iri):
            found.setdefault(triple.subject.value.removeprefix(KG.iri), []).append(triple.object.value)
    return {kind: tuple(values) for kind, values in found.items()}
