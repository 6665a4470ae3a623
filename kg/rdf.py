"""Extraction results as RDF: one named graph per article, and the article's provenance.

Every extracted statement (mention, event, claim) carries ``kg:evidence`` (a sentence node with
Web Annotation offsets into the stored article text) and ``kg:confidence``. IRIs are minted
deterministically, so the same article always yields the same quads; there are no blank nodes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad

from kg.errors import InputError
from kg.extract.records import Casualty, Claim, EntityRef, Event, Extraction, Mention, TimeValue
from kg.gazetteer import point_wkt
from kg.gazetteer.countries import country_by_code
from kg.gazetteer.world import ISO3166_2_IRI, WorldPlace, plain_name
from kg.ingest.article import Article
from kg.namespaces import (
    DCT,
    GAZ,
    GEO,
    KG,
    OA,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SEM,
    XSD,
    Minter,
)
from kg.ontology_classes import ancestors
from kg.vocab import DatePrecision

PRECISION_INDIVIDUALS = {DatePrecision.DAY: KG.Day, DatePrecision.MONTH: KG.Month, DatePrecision.YEAR: KG.Year}
"""The ontology's kg:DatePrecision individual for each precision."""
_DATE_DATATYPES = {DatePrecision.DAY: XSD.date, DatePrecision.MONTH: XSD.gYearMonth, DatePrecision.YEAR: XSD.gYear}


@dataclass(frozen=True, slots=True)
class RunInfo:
    """One extraction run (a ``kg build`` that changed something)."""

    iri: NamedNode
    started: dt.datetime
    software_version: str
    model: str
    model_version: str


def decimal_literal(value: float) -> Literal:
    """An xsd:decimal in canonical form (``1``, ``0.85``), as stores keep it, rounded to 3 places."""
    return Literal(format(Decimal(str(round(value, 3))).normalize(), "f"), datatype=XSD.decimal)


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


# A BCP 47 language tag's shape (language, then subtags); anything else is not used as a tag.
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*", re.IGNORECASE)
# What no literal may hold: C0 controls but TAB/LF/CR, DEL, lone surrogates, U+FFFE/U+FFFF.
# Ingestion removes them (kg.ingest.sanitize); this is the last check before the store.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def text_literal(value: str, lang: str | None = None) -> Literal:
    """A string literal, tagged with ``lang`` when that is a well-formed language tag (else untagged).

    Raises ``InputError`` for text with control characters or lone surrogates: such text would make
    some serialisations unparseable (RDF/XML) and is refused by others.
    """
    if _UNSAFE.search(value):
        raise InputError(f"refusing a literal with control characters or lone surrogates: {value[:60]!r}")
    if lang and _LANGUAGE_TAG.fullmatch(lang):
        return Literal(value, language=lang.lower())
    return Literal(value)


def _datetime(value: dt.datetime) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.dateTime)


def date_literal(value: str, precision: DatePrecision) -> Literal:
    """``2021-08-15`` as xsd:date, ``2021-08`` as xsd:gYearMonth, ``2021`` as xsd:gYear."""
    return Literal(value, datatype=_DATE_DATATYPES[precision])


def time_literal(time: TimeValue) -> Literal:
    return date_literal(time.value, time.precision)


class ArticleGraphBuilder:
    """Builds the quads of one article's named graph."""

    def __init__(self, article: Article, extraction: Extraction, minter: Minter) -> None:
        self.article = article
        self.extraction = extraction
        self.minter = minter
        self.graph = minter.article_graph(article.sha256)
        self.article_iri = minter.article(article.sha256)
        self.lang = article.lang
        self._quads: list[Quad] = []
        self._evidence_done: set[int] = set()
        self._kinds: dict[str, str] = {}
        self._entities_done: set[str] = set()

    def _add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self._quads.append(Quad(s, p, o, self.graph))

    def quads(self) -> list[Quad]:
        self._kinds = self._best_kinds()
        for mention in self.extraction.mentions:  # linked or not: nothing found is lost
            self._mention(mention)
        for index, event in enumerate(self.extraction.events):
            self._event(index, event)
        for claim in self.extraction.claims:
            self._claim(claim)
        for casualty in self.extraction.casualties:
            self._casualty(casualty)
        return self._quads

    def _best_kinds(self) -> dict[str, str]:
        """One class per local entity: the most specific kind any mention gave it (District over Place)."""
        kinds: dict[str, str] = {}
        refs = [m.entity for m in self.extraction.mentions]
        for event in self.extraction.events:
            refs += [*event.agents, *event.targets, *event.places]
        for casualty in self.extraction.casualties:
            refs += [e for e in (casualty.victims_entity, casualty.causer, casualty.place, casualty.speaker) if e]
        for ref in refs:
            if kinds.get(ref.key, "Place") == "Place":
                kinds[ref.key] = ref.kind
        return kinds

    # ---- nodes -----------------------------------------------------------------------------------

    def evidence(self, sentence_index: int) -> NamedNode:
        sentence = self.extraction.sentences[sentence_index]
        node = self.minter.evidence(self.article.sha256, sentence.start, sentence.end)
        if sentence_index not in self._evidence_done:
            self._evidence_done.add(sentence_index)
            self._add(node, RDF.type, KG.Evidence)
            self._add(node, OA.start, _int(sentence.start))
            self._add(node, OA.end, _int(sentence.end))
            self._add(node, KG.sentence, text_literal(sentence.text, self.lang))
            self._add(node, PROV.wasDerivedFrom, self.article_iri)
        return node

    def entity(self, entity: EntityRef) -> NamedNode:
        if entity.world is not None:
            return self._world_place(entity.world)
        if entity.iri is not None:
            return NamedNode(entity.iri)
        kind, _, name = entity.key.partition(":")
        node = self.minter.local_entity(self.article.sha256, kind, name)
        if entity.key not in self._entities_done:
            self._entities_done.add(entity.key)
            self._add(node, RDF.type, KG[self._kinds.get(entity.key, entity.kind)])
            self._add(node, RDFS.label, text_literal(entity.label, self.lang))
            if entity.located_in is not None:
                self._add(node, SCHEMA.containedInPlace, self._key_iri(entity.located_in))
            if entity.country is not None:
                self._add(node, KG.countryCode, Literal(entity.country))
        return node

    def _world_place(self, place: WorldPlace) -> NamedNode:
        """A GeoNames place as the article graph needs it: class, name, country, coordinates (GeoNames
        data, CC BY 4.0)."""
        node = NamedNode(place.iri)
        if place.iri in self._entities_done:
            return node
        self._entities_done.add(place.iri)
        self._add(node, RDF.type, KG[place.kind])
        self._add(node, RDFS.label, text_literal(place.label, "en"))
        self._add(node, KG.countryCode, Literal(place.country))
        if place.geonameid is not None:
            self._add(node, KG.geonamesId, Literal(str(place.geonameid)))
        country = country_by_code(place.country)
        if place.kind != "Country" and country is not None and country.geonameid is not None:
            self._add(node, KG.country, NamedNode(f"https://sws.geonames.org/{country.geonameid}/"))
        if place.kind == "City" and place.iso3166_2 and place.admin1:
            # its first-level division (ISO 3166-2), named as GeoNames names it
            province = NamedNode(ISO3166_2_IRI.format(place.iso3166_2))
            self._add(node, KG.province, province)
            if province.value not in self._entities_done:
                self._entities_done.add(province.value)
                self._add(province, RDF.type, KG.Province)
                self._add(province, RDFS.label, text_literal(plain_name(place.admin1), "en"))
                self._add(province, KG.countryCode, Literal(place.country))
        if place.lat is not None and place.lon is not None:
            geometry = GAZ["geometry/" + place.iri.rstrip("/").rsplit("/", 1)[-1]]
            self._add(node, GEO.hasGeometry, geometry)
            self._add(geometry, RDF.type, GEO.Geometry)
            self._add(geometry, GEO.asWKT, Literal(point_wkt(place.lon, place.lat), datatype=GEO.wktLiteral))
            if place.approximate:
                self._add(geometry, KG.approximate, Literal("true", datatype=XSD.boolean))
        self._add(node, DCT.source, NamedNode("https://www.geonames.org/"))
        return node

    def _key_iri(self, key: str) -> NamedNode:
        """The IRI of an entity known only by its key (a gazetteer IRI or ``Kind:slug``)."""
        if key.startswith(("http://", "https://")):
            return NamedNode(key)
        kind, _, name = key.partition(":")
        return self.minter.local_entity(self.article.sha256, kind, name)

    def _mention(self, mention: Mention) -> None:
        node = self.minter.mention(self.article.sha256, mention.start, mention.end)
        self._add(node, RDF.type, KG.Mention)
        self._add(node, KG.surface, text_literal(mention.text))
        self._add(node, OA.start, _int(mention.start))
        self._add(node, OA.end, _int(mention.end))
        self._add(node, KG.refersTo, self.entity(mention.entity))
        self._add(node, KG.linkMethod, Literal(mention.method))
        if mention.reason:
            self._add(node, KG.linkReason, text_literal(mention.reason, "en"))
        self._add(node, KG.evidence, self.evidence(mention.sentence))
        self._add(node, KG.confidence, decimal_literal(mention.confidence))

    def event_iri(self, event: Event) -> NamedNode:
        participants = (*event.places, *event.targets, *event.agents)
        anchor = participants[0].label if participants else event.trigger
        return self.minter.event(self.article.sha256, event.kind, anchor, event.trigger_start)

    def _event(self, index: int, event: Event) -> None:
        node = self.event_iri(event)
        # the class and its superclasses up to kg:Event, from the ontology (materialised so queries need no reasoner)
        for kind in dict.fromkeys((*ancestors(event.kind), "Event")):
            self._add(node, RDF.type, KG[kind])
        self._add(node, RDF.type, SEM.Event)
        self._add(node, KG.trigger, text_literal(event.trigger))
        for agent in event.agents:
            actor = self.entity(agent)
            self._add(node, KG.agent, actor)
            self._add(node, SEM.hasActor, actor)
        for target in event.targets:
            actor = self.entity(target)
            self._add(node, KG.target, actor)
            self._add(node, SEM.hasActor, actor)
        for place in event.places:
            self._add(node, SEM.hasPlace, self.entity(place))
        if event.time is not None:
            self._add(node, KG.date, time_literal(event.time))
            self._add(node, KG.dateText, text_literal(event.time.text))
            self._add(node, KG.datePrecision, PRECISION_INDIVIDUALS[event.time.precision])
        for sentence in (event.sentence, *event.evidence):
            self._add(node, KG.evidence, self.evidence(sentence))
        if event.attributed:
            self._add(node, KG.attributedOnly, Literal("true", datatype=XSD.boolean))
        self._add(node, KG.confidence, decimal_literal(event.confidence))

    def _claim(self, claim: Claim) -> None:
        node = self.minter.claim(self.article.sha256, claim.anchor)
        self._add(node, RDF.type, KG.Claim)
        self._add(node, KG.quote, text_literal(claim.quote, self.lang))
        if claim.speaker is not None:
            self._add(node, KG.speaker, self.entity(claim.speaker))
        if claim.speaker_text:
            self._add(node, KG.speakerText, text_literal(claim.speaker_text))
        if claim.role:
            self._add(node, KG.speakerRole, text_literal(claim.role))
        if claim.told_to is not None:
            self._add(node, KG.toldTo, self.entity(claim.told_to))
        self._add(node, KG.reportedIn, self.article_iri)
        for relation, indices in ((KG.supports, claim.supports), (KG.disputes, claim.disputes)):
            for index in indices:
                event = self.event_iri(self.extraction.events[index])
                self._add(node, relation, event)
                self._add(node, KG.about, event)
        if claim.unconfirmed:
            self._add(node, KG.confirmation, KG.Unconfirmed)
        if claim.statement is not None:
            self._add(node, PROV.wasGeneratedBy, self.event_iri(self.extraction.events[claim.statement]))
        self._add(node, KG.evidence, self.evidence(claim.sentence))
        self._add(node, KG.confidence, decimal_literal(claim.confidence))

    def _casualty(self, casualty: Casualty) -> None:
        """A casualty figure: kind, range, victims, causer, place, date, scope, the figure's words with
        their offsets, the sentence, and the claim that gives it."""
        node = self.minter.casualty(self.article.sha256, casualty.figure_start, casualty.kind)
        self._add(node, RDF.type, KG.CasualtyStatement)
        self._add(node, KG.casualtyKind, Literal(casualty.kind))
        self._add(node, KG.casualtyScope, Literal(casualty.scope))
        for prop, value in ((KG.low, casualty.low), (KG.best, casualty.best), (KG.high, casualty.high)):
            if value is not None:
                self._add(node, prop, _int(value))
        self._add(node, KG.figureText, text_literal(casualty.figure))
        self._add(node, OA.start, _int(casualty.figure_start))
        self._add(node, OA.end, _int(casualty.figure_end))
        self._add(node, KG.trigger, text_literal(casualty.trigger))
        if casualty.victims:
            self._add(node, KG.victimsText, text_literal(casualty.victims, self.lang))
        if casualty.victims_entity is not None:
            self._add(node, KG.victims, self.entity(casualty.victims_entity))
        if casualty.causer is not None:
            self._add(node, KG.causer, self.entity(casualty.causer))
        if casualty.place is not None:
            self._add(node, SEM.hasPlace, self.entity(casualty.place))
        if casualty.time is not None:
            self._add(node, KG.incidentDate, time_literal(casualty.time))
            self._add(node, KG.datePrecision, PRECISION_INDIVIDUALS[casualty.time.precision])
        if casualty.speaker is not None:
            self._add(node, KG.speaker, self.entity(casualty.speaker))
        if casualty.speaker_text:
            self._add(node, KG.speakerText, text_literal(casualty.speaker_text))
        if casualty.claim is not None:
            self._add(node, KG.statedIn, self.minter.claim(self.article.sha256, casualty.claim))
        if casualty.event is not None:
            self._add(node, KG.incident, self.event_iri(self.extraction.events[casualty.event]))
        self._add(node, KG.reportedIn, self.article_iri)
        self._add(node, KG.evidence, self.evidence(casualty.sentence))
        self._add(node, KG.confidence, decimal_literal(casualty.confidence))


def article_graph_quads(article: Article, extraction: Extraction, minter: Minter) -> list[Quad]:
    """The quads of the article's named graph: what the article says, with evidence."""
    return ArticleGraphBuilder(article, extraction, minter).quads()


def provenance_quads(
    article: Article, *, minter: Minter, digest: str, run: RunInfo, generated: dt.datetime
) -> Iterator[Quad]:
    """The article's metadata and the link from its graph to the run that made it, in the provenance
    graph. ``digest`` is the ledger fingerprint (input bytes + extractor version)."""
    prov = minter.provenance_graph()
    graph = minter.article_graph(article.sha256)
    node = minter.article(article.sha256)

    def add(s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> Quad:
        return Quad(s, p, o, prov)

    yield add(graph, PROV.wasDerivedFrom, node)
    yield add(graph, PROV.wasGeneratedBy, run.iri)
    yield add(graph, PROV.generatedAtTime, _datetime(generated))
    yield add(node, RDF.type, KG.Article)
    yield add(node, RDF.type, SCHEMA.NewsArticle)
    yield add(node, KG.graph, graph)
    yield add(node, KG.sha256, Literal(article.sha256))
    yield add(node, KG.fingerprint, Literal(digest))
    yield add(node, KG.documentKey, text_literal(article.key))
    yield add(node, KG.sourceName, text_literal(article.source_name))
    yield add(node, KG.encoding, text_literal(article.encoding))
    yield add(node, DCT.format, Literal(article.media_type))
    yield add(node, KG.text, text_literal(article.text, article.lang))
    if article.lang and _LANGUAGE_TAG.fullmatch(article.lang):
        yield add(node, SCHEMA.inLanguage, Literal(article.lang.lower()))
    if article.title:
        yield add(node, SCHEMA.headline, text_literal(article.title, article.lang))
    if article.url:
        yield add(node, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI))
    if article.outlet:
        outlet = minter.outlet(article.outlet)
        yield add(node, SCHEMA.publisher, outlet)
        yield add(outlet, RDF.type, KG.MediaOutlet)
        yield add(outlet, RDFS.label, text_literal(article.outlet))
    if article.published is not None:
        value = article.published.value
        literal = _datetime(value) if isinstance(value, dt.datetime) else Literal(value.isoformat(), datatype=XSD.date)
        yield add(node, SCHEMA.datePublished, literal)
        yield add(node, KG.publishedText, text_literal(article.published.text))
        yield add(node, KG.publishedOrigin, Literal(article.published.origin))


def run_quads(run: RunInfo, minter: Minter) -> Iterator[Quad]:
    prov = minter.provenance_graph()
    agent = minter.agent("kg")
    yield Quad(run.iri, RDF.type, KG.ExtractionRun, prov)
    yield Quad(run.iri, RDF.type, PROV.Activity, prov)
    yield Quad(run.iri, PROV.startedAtTime, _datetime(run.started), prov)
    yield Quad(run.iri, PROV.wasAssociatedWith, agent, prov)
    yield Quad(run.iri, KG.softwareVersion, Literal(run.software_version), prov)
    yield Quad(run.iri, KG.model, Literal(run.model), prov)
    yield Quad(run.iri, KG.modelVersion, Literal(run.model_version), prov)
    yield Quad(agent, RDF.type, PROV.SoftwareAgent, prov)
    yield Quad(agent, RDFS.label, Literal("kg"), prov)


def run_end_quad(run: RunInfo, ended: dt.datetime, minter: Minter) -> Quad:
    return Quad(run.iri, PROV.endedAtTime, _datetime(ended), minter.provenance_graph())
