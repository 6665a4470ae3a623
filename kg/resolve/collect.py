"""Read what the article graphs say into plain records, for resolution across articles."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NotRequired, TypedDict, TypeVar, cast

from pyoxigraph import Literal, NamedNode

from kg.namespaces import KG, Minter, sparql_prefixes
from kg.rdf import PRECISION_INDIVIDUALS
from kg.store import Store
from kg.vocab import DatePrecision

_PREFIXES = sparql_prefixes(("kg", "rdf", "rdfs", "schema", "sem", "prov", "oa"))

_ARTICLES = (
    _PREFIXES
    + """
SELECT ?article ?graph ?name ?url ?published ?outlet WHERE {
  ?article a kg:Article ; kg:graph ?graph ; kg:sourceName ?name .
  OPTIONAL { ?article schema:url ?url }
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?article schema:publisher/rdfs:label ?outlet }
}"""
)

_LOCAL_ENTITIES = (
    _PREFIXES
    + """
SELECT ?graph ?entity ?type ?label ?within ?base WHERE {
  GRAPH ?graph {
    ?entity a ?type ; rdfs:label ?label .
    OPTIONAL { ?entity schema:containedInPlace ?within }
  }
  FILTER(STRSTARTS(STR(?entity), ?base))
}"""
)

_WORLD_PLACES = (
    _PREFIXES
    + """
SELECT DISTINCT ?entity ?label WHERE {
  GRAPH ?graph { ?entity kg:geonamesId ?id ; rdfs:label ?label }
}"""
)

_MENTIONS = (
    _PREFIXES
    + """
SELECT ?graph ?entity ?surface WHERE {
  GRAPH ?graph { ?mention a kg:Mention ; kg:refersTo ?entity ; kg:surface ?surface ; kg:linkMethod ?method }
}"""
)

_EVENTS = (
    _PREFIXES
    + """
SELECT ?graph ?event ?type ?confidence ?date ?precision ?text ?start WHERE {
  GRAPH ?graph {
    ?event a kg:Event ; a ?type ; kg:confidence ?confidence ; kg:evidence/oa:start ?start .
    OPTIONAL { ?event kg:date ?date ; kg:datePrecision ?precision ; kg:dateText ?text }
  }
  FILTER(?type != kg:Event && STRSTARTS(STR(?type), STR(kg:)))
}"""
)

_EVENT_ROLES = (
    _PREFIXES
    + """
SELECT ?graph ?event ?role ?value WHERE {
  GRAPH ?graph { ?event a kg:Event ; ?role ?value . VALUES ?role { kg:agent kg:target sem:hasPlace } }
}"""
)

_CLAIMS = (
    _PREFIXES
    + """
SELECT ?graph ?claim ?quote ?speaker ?speakerText ?relation ?event ?unconfirmed WHERE {
  GRAPH ?graph {
    ?claim a kg:Claim ; kg:quote ?quote .
    OPTIONAL { ?claim kg:speaker ?speaker }
    OPTIONAL { ?claim kg:speakerText ?speakerText }
    OPTIONAL { ?claim ?relation ?event . VALUES ?relation { kg:supports kg:disputes } }
    BIND(EXISTS { ?claim kg:confirmation kg:Unconfirmed } AS ?unconfirmed)
  }
}"""
)

_AGENCY_MENTIONS = (
    _PREFIXES
    + """
SELECT ?graph ?agency (COUNT(?mention) AS ?count) WHERE {
  GRAPH ?graph { ?mention kg:refersTo ?agency }
  GRAPH ?gazetteer { ?agency a kg:NewsAgency }
}
GROUP BY ?graph ?agency"""
)


# The rows of the queries above: each value is the string value of a term; optional ones may be absent.


class _ArticleRow(TypedDict):
    article: str
    graph: str
    name: str
    url: NotRequired[str]
    published: NotRequired[str]
    outlet: NotRequired[str]


class _LocalEntityRow(TypedDict):
    graph: str
    entity: str
    type: str
    label: str
    within: NotRequired[str]


class _WorldPlaceRow(TypedDict):
    entity: str
    label: str


class _MentionRow(TypedDict):
    graph: str
    entity: str
    surface: str


class _EventRow(TypedDict):
    graph: str
    event: str
    type: str
    confidence: str
    start: str
    date: NotRequired[str]
    precision: NotRequired[str]
    text: NotRequired[str]


class _EventRoleRow(TypedDict):
    graph: str
    event: str
    role: str
    value: str


class _ClaimRow(TypedDict):
    graph: str
    claim: str
    quote: str
    unconfirmed: str
    speaker: NotRequired[str]
    speakerText: NotRequired[str]
    relation: NotRequired[str]
    event: NotRequired[str]


class _AgencyMentionRow(TypedDict):
    graph: str
    agency: str
    count: str


_Row = TypeVar("_Row")


def _select(store: Store, sparql: str, shape: type[_Row], **bindings: NamedNode | Literal) -> list[_Row]:
    """The rows of a SELECT, as ``shape`` describes them."""
    return cast(list[_Row], store.select_rows(sparql, **bindings))


@dataclass(slots=True)
class ArticleRecord:
    iri: str
    graph: str
    name: str
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    agencies: dict[str, int] = field(default_factory=dict)
    """News agencies the article names, with how often (its likely wire origin)."""


@dataclass(slots=True)
class EntityRecord:
    """An entity local to one article (not in the gazetteer)."""

    iri: str
    graph: str
    kind: str
    label: str
    within: str | None = None
    surfaces: list[str] = field(default_factory=list)


@dataclass(slots=True)
class EventRecord:
    iri: str
    graph: str
    kind: str
    confidence: float
    start: int
    date: str | None = None
    precision: DatePrecision | None = None
    date_text: str | None = None
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ClaimRecord:
    iri: str
    graph: str
    quote: str
    speaker: str | None = None
    speaker_text: str | None = None
    unconfirmed: bool = False
    supports: list[str] = field(default_factory=list)
    disputes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Corpus:
    """Everything the article graphs say that resolution needs, keyed by IRI."""

    articles: dict[str, ArticleRecord] = field(default_factory=dict)
    """By article graph IRI."""
    entities: dict[str, EntityRecord] = field(default_factory=dict)
    events: dict[str, EventRecord] = field(default_factory=dict)
    claims: dict[str, ClaimRecord] = field(default_factory=dict)
    world_labels: dict[str, str] = field(default_factory=dict)
    """World-gazetteer (GeoNames) place IRI -> label, for the places articles were linked to."""


_PRECISION_OF = {node.value: precision for precision, node in PRECISION_INDIVIDUALS.items()}
"""kg:Day's IRI -> DatePrecision.DAY, and so on."""


def _most_specific(types: set[str], parents: dict[str, str]) -> str:
    """The type in ``types`` that no other type in the set is a parent of."""
    for kind in sorted(types):
        if not any(parents.get(other) == kind for other in types):
            return kind
    return sorted(types)[0]


def collect(store: Store, minter: Minter, parents: dict[str, str]) -> Corpus:
    """Read the article graphs. ``parents`` maps a kg class local name to its kg parent."""
    corpus = Corpus()
    for row in _select(store, _ARTICLES, _ArticleRow):
        corpus.articles[row["graph"]] = ArticleRecord(
            iri=row["article"],
            graph=row["graph"],
            name=row["name"],
            url=row.get("url"),
            published=row.get("published"),
            outlet=row.get("outlet"),
        )
    _collect_entities(store, minter, parents, corpus)
    _collect_events(store, parents, corpus)
    _collect_claims(store, corpus)
    for agency_row in _select(store, _AGENCY_MENTIONS, _AgencyMentionRow):
        article = corpus.articles.get(agency_row["graph"])
        if article is not None:
            article.agencies[agency_row["agency"]] = int(agency_row["count"])
    for record in corpus.events.values():
        record.agents.sort()
        record.targets.sort()
        record.places.sort()
    return corpus


def _collect_entities(store: Store, minter: Minter, parents: dict[str, str], corpus: Corpus) -> None:
    """The article-local entities (with their most specific class and their surfaces) and the labels of
    the world-gazetteer places the articles name."""
    types: dict[str, set[str]] = defaultdict(set)
    for row in _select(store, _LOCAL_ENTITIES, _LocalEntityRow, base=Literal(minter.base + "entity/")):
        if row["graph"] not in corpus.articles or not row["type"].startswith(KG.iri):
            continue
        types[row["entity"]].add(row["type"].removeprefix(KG.iri))
        corpus.entities.setdefault(
            row["entity"], EntityRecord(row["entity"], row["graph"], "", row["label"], row.get("within"))
        )
    for iri, record in corpus.entities.items():
        record.kind = _most_specific(types[iri], parents)

    for place in _select(store, _WORLD_PLACES, _WorldPlaceRow):
        corpus.world_labels.setdefault(place["entity"], place["label"])
    for mention in _select(store, _MENTIONS, _MentionRow):
        if mention["graph"] in corpus.articles and mention["entity"] in corpus.entities:
            corpus.entities[mention["entity"]].surfaces.append(mention["surface"])


def _collect_events(store: Store, parents: dict[str, str], corpus: Corpus) -> None:
    """The article-level events: most specific class, date, earliest evidence offset, participants."""
    event_types: dict[str, set[str]] = defaultdict(set)
    for row in _select(store, _EVENTS, _EventRow):
        if row["graph"] not in corpus.articles:
            continue
        event_types[row["event"]].add(row["type"].removeprefix(KG.iri))
        record = corpus.events.get(row["event"])
        start = int(row["start"])
        if record is None:
            precision = row.get("precision")
            record = corpus.events[row["event"]] = EventRecord(
                iri=row["event"],
                graph=row["graph"],
                kind="",
                confidence=float(row["confidence"]),
                start=start,
                date=row.get("date"),
                precision=_PRECISION_OF.get(precision) if precision else None,  # an unknown one: undated
                date_text=row.get("text"),
            )
        record.start = min(record.start, start)
    for iri, record in corpus.events.items():
        record.kind = _most_specific(event_types[iri], parents)
    for role_row in _select(store, _EVENT_ROLES, _EventRoleRow):
        record = corpus.events.get(role_row["event"])
        if record is None:
            continue
        role = role_row["role"]
        bucket = (
            record.agents if role == KG.agent.value else record.targets if role == KG.target.value else record.places
        )
        if role_row["value"] not in bucket:
            bucket.append(role_row["value"])


def _collect_claims(store: Store, corpus: Corpus) -> None:
    """The claims, with the article-level events each supports or disputes."""
    for row in _select(store, _CLAIMS, _ClaimRow):
        if row["graph"] not in corpus.articles:
            continue
        claim = corpus.claims.setdefault(
            row["claim"],
            ClaimRecord(
                iri=row["claim"],
                graph=row["graph"],
                quote=row["quote"],
                speaker=row.get("speaker"),
                speaker_text=row.get("speakerText"),
                unconfirmed=row.get("unconfirmed") == "true",
            ),
        )
        if "relation" in row and "event" in row:
            bucket = claim.supports if row["relation"] == KG.supports.value else claim.disputes
            if row["event"] not in bucket:
                bucket.append(row["event"])
