"""One node per real thing: article-local persons, places and organisations clustered across articles.

Gazetteer entities are canonical already (every article links to the same IRI). The rest is
clustered by explainable rules, each union recorded with its rule and score:

- ``same-name``: the same spelling-insensitive name key (``Zabihullah Attiq`` in two articles);
- ``surname-spelling``: persons with the same given names and surnames within edit distance
  (``Abdul Rashid Dostum`` / ``Abdul Rashid Dostom``);
- ``surname-only``: a one-word name that is the surname of exactly one full name (``Biden``);
- ``place-spelling``: places of one kind in the same containing place with near-identical names.

Everything is sorted before it is compared, so the result does not depend on article order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from kg.names import name_key
from kg.namespaces import Minter, slug
from kg.ontology_classes import ancestors
from kg.resolve.collect import Corpus, EntityRecord

PERSON_SURNAME_SIMILARITY = 0.8
PLACE_NAME_SIMILARITY = 0.88
_SEGMENT = {"Person": "person", "Organization": "org", "Place": "place"}


@dataclass(frozen=True, slots=True, order=True)
class Decision:
    """Why two local entities are one: which rule, how sure."""

    rule: str
    score: float
    left: str
    right: str


@dataclass(slots=True)
class Cluster:
    iri: str
    kind: str
    label: str
    members: list[str]
    aliases: list[str] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        low, high = sorted((ra, rb))
        self.parent[high] = low
        return True

    def groups(self) -> list[list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for item in sorted(self.parent):
            out[self.find(item)].append(item)
        return sorted(out.values())


def _family(kind: str) -> str:
    chain = ancestors(kind)
    if "Person" in chain:
        return "Person"
    if "Place" in chain:
        return "Facility" if "Facility" in chain else "Place"
    if "Organization" in chain:
        return "Organization"
    return kind


def _link(finder: _UnionFind, decisions: list[Decision], rule: str, score: float, a: str, b: str) -> None:
    if finder.union(a, b):
        decisions.append(Decision(rule, round(score, 3), *sorted((a, b))))


def _cluster_persons(persons: list[EntityRecord], decisions: list[Decision]) -> _UnionFind:
    finder = _UnionFind(p.iri for p in persons)
    keyed = sorted(((name_key(p.label).split(), p.iri) for p in persons), key=lambda k: (k[0], k[1]))
    by_key: dict[str, list[str]] = defaultdict(list)
    for tokens, iri in keyed:
        by_key[" ".join(tokens)].append(iri)
    for members in by_key.values():
        for other in members[1:]:
            _link(finder, decisions, "same-name", 1.0, members[0], other)
    full = [(tokens, iri) for tokens, iri in keyed if len(tokens) >= 2]
    for i, (tokens_a, a) in enumerate(full):
        for tokens_b, b in full[i + 1 :]:
            if tokens_a[:-1] != tokens_b[:-1] or tokens_a == tokens_b:
                continue
            surname_a, surname_b = tokens_a[-1], tokens_b[-1]
            score = Levenshtein.normalized_similarity(surname_a, surname_b)
            if min(len(surname_a), len(surname_b)) >= 4 and score >= PERSON_SURNAME_SIMILARITY:
                _link(finder, decisions, "surname-spelling", score, a, b)
    for tokens, iri in keyed:
        if len(tokens) != 1:
            continue
        roots = {
            finder.find(b) for tokens_b, b in full if Levenshtein.normalized_similarity(tokens[0], tokens_b[-1]) >= 0.85
        }
        if len(roots) == 1:
            target = roots.pop()
            best = max(
                (Levenshtein.normalized_similarity(tokens[0], t[-1]) for t, b in full if finder.find(b) == target)
            )
            _link(finder, decisions, "surname-only", 0.8 * best, iri, target)
    return finder


def _cluster_places(places: list[EntityRecord], canonical_within, decisions: list[Decision]) -> _UnionFind:
    finder = _UnionFind(p.iri for p in places)
    rows = sorted(
        ((name_key(p.label), canonical_within(p.within), p.iri) for p in places), key=lambda r: (r[0], r[1] or "", r[2])
    )
    for i, (key_a, within_a, a) in enumerate(rows):
        for key_b, within_b, b in rows[i + 1 :]:
            if within_a and within_b and within_a != within_b:
                continue
            if key_a == key_b:
                _link(finder, decisions, "same-name", 1.0, a, b)
            elif within_a and within_a == within_b:
                score = Levenshtein.normalized_similarity(key_a, key_b)
                if score >= PLACE_NAME_SIMILARITY:
                    _link(finder, decisions, "place-spelling", score, a, b)
    return finder


def _canonical_label(members: list[EntityRecord]) -> str:
    """The name most articles use; among equals the fullest, then the first alphabetically."""
    counts = Counter(m.label for m in members)
    return min(counts, key=lambda label: (-counts[label], -len(label.split()), -len(label), label))


@dataclass(slots=True)
class EntityResolution:
    canonical: dict[str, str]
    """Local entity IRI -> canonical IRI (local entities that stay on their own map to themselves)."""
    clusters: list[Cluster]
    labels: dict[str, str]
    """Canonical IRI -> label."""


def resolve_entities(corpus: Corpus, minter: Minter, gazetteer_labels: dict[str, str]) -> EntityResolution:
    """Cluster the corpus's local entities; gazetteer IRIs stay canonical."""
    decisions: list[Decision] = []
    by_family: dict[str, list[EntityRecord]] = defaultdict(list)
    for record in sorted(corpus.entities.values(), key=lambda r: r.iri):
        by_family[_family(record.kind)].append(record)

    canonical: dict[str, str] = {}
    clusters: list[Cluster] = []
    labels = dict(gazetteer_labels)
    taken: set[str] = set()

    def canonical_within(iri: str | None) -> str | None:
        return None if iri is None else canonical.get(iri, iri)

    def emit(groups: list[list[str]], family: str) -> None:
        for group in groups:
            members = [corpus.entities[iri] for iri in group]
            label = _canonical_label(members)
            segment = _SEGMENT.get(family, "place" if family == "Facility" else "entity")
            iri = minter.base + f"{segment}/{slug(label)}"
            if iri in taken:  # two different things with one name: keep them apart
                iri += "-" + slug(min(group).rsplit("/", 3)[-3])[:8]
            taken.add(iri)
            kinds = Counter(m.kind for m in members)
            kind = min(kinds, key=lambda k: (-kinds[k], k))
            surfaces = {s for m in members for s in (m.label, *m.surfaces)}
            cluster = Cluster(
                iri=iri,
                kind=kind,
                label=label,
                members=group,
                aliases=sorted(surfaces - {label}),
                decisions=sorted(d for d in decisions if d.left in group),
            )
            clusters.append(cluster)
            labels[iri] = label
            for member in group:
                canonical[member] = iri

    persons = by_family.pop("Person", [])
    emit(_cluster_persons(persons, decisions).groups(), "Person")
    for family in ("Place", "Facility"):  # containing places first: facilities compare their canonical city
        places = by_family.pop(family, [])
        emit(_cluster_places(places, canonical_within, decisions).groups(), family)
    organizations = by_family.pop("Organization", [])
    # an organisation the text only describes ("rebels", "rebel forces") is that article's own:
    # two articles' "rebels" may be two wars' (kg.extract labels such descriptions in lower case)
    by_family["described"] = [o for o in organizations if o.label == o.label.lower()]
    named = [o for o in organizations if o.label != o.label.lower()]
    emit(_cluster_places(named, lambda _: None, decisions).groups(), "Organization")
    for records in by_family.values():  # groups of people ("civilians"), described groups: not merged across articles
        for record in records:
            canonical[record.iri] = record.iri
            labels[record.iri] = record.label
    return EntityResolution(canonical=canonical, clusters=sorted(clusters, key=lambda c: c.iri), labels=labels)
