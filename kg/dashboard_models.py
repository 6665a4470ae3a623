"""The JSON shapes of the dashboard API (``/api/v1``), as pydantic models: the one declaration of
them. FastAPI validates every response against them and documents them in the OpenAPI schema;
:mod:`kg.dashboard` builds its dicts to these shapes (an article reference is ``ArticleRef``'s fields)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ArticleRef(BaseModel):
    iri: str
    id: str | None = Field(None, description="16 hex digits of the article's SHA-256: /api/v1/sources/{id}")
    source: str | None = Field(None, description="URL, or the file name for a local file")
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None


class Evidence(BaseModel):
    sentence: str
    start: int = Field(description="Character offset of the sentence in the article's stored text")
    end: int


class Place(BaseModel):
    iri: str
    label: str
    kind: str
    qid: str | None = Field(None, description="Wikidata id (unverified)")
    point: list[float] | None = Field(None, description="[longitude, latitude]")
    approximate: bool = Field(False, description="true when the point is the containing city's")


class Actor(BaseModel):
    iri: str
    label: str
    role: str = Field(description="agent or target")


class Report(BaseModel):
    article: ArticleRef
    trigger: str
    confidence: float
    date: str | None = None
    date_text: str | None = None
    evidence: Evidence


class Claim(BaseModel):
    iri: str
    quote: str
    speaker: dict[str, Any] | None = None
    speaker_text: str | None = None
    role: str | None = None
    told_to: dict[str, Any] | None = None
    unconfirmed: bool
    article: ArticleRef
    evidence: Evidence
    contradicts: list[str] = []
    supports: list[str] = []
    disputes: list[str] = []


class Claims(BaseModel):
    supporting: list[Claim]
    disputing: list[Claim]


class Event(BaseModel):
    iri: str
    type: str
    status: str = Field(description="Claimed, Corroborated or Contested")
    date: str | None = Field(None, description="YYYY-MM-DD, YYYY-MM or YYYY: the most precise date any source fixes")
    date_precision: str | None = None
    date_source: ArticleRef | None = Field(None, description="The article whose report fixed the date")
    place: Place | None = None
    actors: list[Actor]
    sources: int = Field(description="Articles reporting it")
    outlets: int = Field(description="Independent origins (a wire story carried twice counts once)")
    reports: list[Report] = []
    claims: Claims | None = None


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Event]


class TimelineDay(BaseModel):
    date: str
    count: int
    events: list[str]


class Timeline(BaseModel):
    days: list[TimelineDay]
    not_dated_to_the_day: int


class Entity(BaseModel):
    iri: str
    label: str
    aliases: list[str]
    types: list[str]
    identifiers: dict[str, Any]
    side: str | None = None
    events: list[Event]
    sources: list[dict[str, Any]]


class StoredArticle(BaseModel):
    """What /sources and /sources/{id} say of an article (not a schema of its own)."""

    iri: str
    id: str
    source: str
    file: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    origin: str | None = None


class Source(StoredArticle):
    origin: str | None = Field(None, description="Independent origin (wire agency, outlet or the article itself)")
    origin_label: str | None = None
    events: int
    claims: int
    mentions: int


class SourcePage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Source]


class SourceText(StoredArticle):
    text: str = Field(description="The stored article text all offsets index into")


class ClaimPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Claim]


class NamedQuery(BaseModel):
    name: str = Field(description="File name without .rq")
    title: str = Field(description="The query's first comment line")
    query: str


class UiConfig(BaseModel):
    tile_url: str | None = Field(None, description="Map tile URL template (KG_TILE_URL); null: no tiles")
    tile_host: str | None = Field(None, description="The tile server, as the page's Content-Security-Policy allows it")
    tile_url_error: str | None = Field(None, description="Why a configured KG_TILE_URL is not used")


class FigureEvidence(BaseModel):
    sentence: str
    start: int = Field(description="Character offset of the figure's words in the article's stored text")
    end: int


class CasualtyFigure(BaseModel):
    iri: str
    source: str = Field(description="The reporting article's URL, or its file name")
    article: str = Field(description="The reporting article's IRI")
    kind: str = Field(description="killed, wounded, casualties, captured, surrendered, missing or displaced")
    low: int | None = Field(None, description="The lowest count the figure's words allow; null when open")
    best: int | None = Field(None, description="The figure when exact, its one bound when only one is given")
    high: int | None = Field(None, description="The highest count the figure's words allow; null when open")
    victims: str | None = None
    place: str | None = None
    date: str | None = None
    speaker: str | None = Field(None, description="Who gives the figure; null when the article states it itself")
    scope: str = Field(description="incident, cumulative or hypothetical")
    incident: str | None = Field(None, description="The merged event the figure counts the casualties of")
    figure: str = Field(description="The figure's exact words")
    evidence: FigureEvidence
    disagrees_with: list[str] = Field(
        [], description="Figures of the same incident and kind from other sources whose ranges do not overlap"
    )


class CasualtyPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[CasualtyFigure]


class CasualtyIncident(BaseModel):
    incident: str = Field(description="The merged event (or, for a figure tied to no event, the figure)")
    kind: str
    low: int | None = Field(None, description="The lowest low any source gives")
    best: int | None = Field(None, description="The most conservative best figure")
    high: int | None = Field(None, description="The highest high; null when a source leaves it open")
    low_sources: list[str]
    high_sources: list[str]
    sources: list[str]
    disagreement: bool = Field(description="true when two sources' ranges do not overlap")
    figures: list[CasualtyFigure]


class CasualtyIncidentPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[CasualtyIncident]
