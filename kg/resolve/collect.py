"""Read what the article graphs say into plain records, for resolution across articles."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import Literal

from kg.namespaces import Minter, sparql_prefixes
from kg.store import Store

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
SELECT ?graph ?entity ?surface ?method WHERE {
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
    precision: str | None = None
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
    mentions: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    """Entity IRI -> (article graph, surface, link method) of each mention."""
    world_labels: dict[str, str] = field(default_factory=dict)
    """World-gazetteer (GeoNames) place IRI -> label, for the places articles were linked to."""


def _most_specific(types: set[str], parents: dict[str, str]) -> str:
    """The type in ``types`` that no other type in the set is a parent of."""
    for kind in sorted(types):
        if not any(parents.get(other) == kind for other in types):
            return kind
    return sorted(types)[0]


def collect(store: Store, minter: Minter, parents: dict[str, str]) -> Corpus:
    """Read the article graphs. ``parents`` maps a kg class local name to its kg parent."""
    corpus = Corpus()
    kg = "https://w3id.org/kg-news/ontology#"
    for row in store.select_rows(_ARTICLES):
        corpus.articles[row["graph"]] = ArticleRecord(
            iri=row["article"],
            graph=row["graph"],
            name=row["name"],
            url=row.get("url"),
            published=row.get("published"),
            outlet=row.get("outlet"),
        )
    graphs = set(corpus.articles)

    types: dict[str, set[str]] = defaultdict(set)
    for row in store.select_rows(_LOCAL_ENTITIES, base=Literal(minter.base + "entity/")):
        if row["graph"] not in graphs or not row["type"].startswith(kg):
            continue
        types[row["entity"]].add(row["type"].removeprefix(kg))
        corpus.entities.setdefault(
            row["entity"], EntityRecord(row["entity"], row["graph"], "", row["label"], row.get("within"))
        )
    for iri, record in corpus.entities.items():
        record.kind = _most_specific(types[iri], parents)

    for row in store.select_rows(_WORLD_PLACES):
        corpus.world_labels.setdefault(row["entity"], row["label"])
    for row in store.select_rows(_MENTIONS):
        if row["graph"] in graphs:
            corpus.mentions.setdefault(row["entity"], []).append((row["graph"], row["surface"], row["method"]))
            if row["entity"] in corpus.entities:
                corpus.entities[row["entity"]].surfaces.append(row["surface"])

    event_types: dict[str, set[str]] = defaultdict(set)
    for row in store.select_rows(_EVENTS):
        if row["graph"] not in graphs:
            continue
        event_types[row["event"]].add(row["type"].removeprefix(kg))
        record = corpus.events.get(row["event"])
        start = int(row["start"])
        if record is None:
            record = corpus.events[row["event"]] = EventRecord(
                iri=row["event"],
                graph=row["graph"],
                kind="",
                confidence=float(row["confidence"]),
                start=start,
                date=row.get("date"),
                precision=(row.get("precision") or "").removeprefix(kg).lower() or None,
                date_text=row.get("text"),
            )
        record.start = min(record.start, start)
    for iri, record in corpus.events.items():
        record.kind = _most_specific(event_types[iri], parents)
    for row in store.select_rows(_EVENT_ROLES):
        record = corpus.events.get(row["event"])
        if record is None:
            continue
        role = row["role"]
        bucket = (
            record.agents if role.endswith("#agent") else record.targets if role.endswith("#target") else record.places
        )
        if row["value"] not in bucket:
            bucket.append(row["value"])

    for row in store.select_rows(_CLAIMS):
        if row["graph"] not in graphs:
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
        if "relation" in row:
            bucket = claim.supports if row["relation"].endswith("#supports") else claim.disputes
            if row["event"] not in bucket:
                bucket.append(row["event"])

    for row in store.select_rows(_AGENCY_MENTIONS):
        article = corpus.articles.get(row["graph"])
        if article is not None:
            article.agencies[row["agency"]] = int(row["count"])
    for record in corpus.events.values():
        record.agents.sort()
        record.targets.sort()
        record.places.sort()
    return corpus
