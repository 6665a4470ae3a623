"""What extraction finds in one article. Offsets are character offsets into ``Article.text``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.vocab import CasualtyKind, CasualtyScope, DatePrecision, EventKind, LinkMethod

if TYPE_CHECKING:
    from kg.gazetteer.world import WorldPlace


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityRef:
    """An actor or place, linked to the gazetteer when ``iri`` is set, else local to the article."""

    key: str
    """Stable key within the article: the gazetteer IRI, or ``"<kind>:<slug of label>"``."""
    kind: str
    """Local name of the kg class (``City``, ``Person``, ``ArmedGroup``, ``Prison``...)."""
    label: str
    iri: str | None = None
    """Gazetteer IRI when linked."""
    located_in: str | None = None
    """Key of the place this place lies in (a facility's city, a district's province)."""
    role: str | None = None
    """For persons: how the article describes them ("a local lawmaker")."""
    country: str | None = None
    """ISO 3166-1 alpha-2 code of the state a force belongs to or a place lies in, when known."""
    world: WorldPlace | None = None
    """The world-gazetteer place (GeoNames) this entity was linked to, with its coordinates."""

    @property
    def is_place(self) -> bool:
        from kg.gazetteer import Entry

        return Entry.place_kind(self.kind)


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    start: int
    end: int
    text: str
    entity: EntityRef
    sentence: int
    """Index into ``Extraction.sentences``."""
    method: LinkMethod
    """How it was linked: ``gazetteer``, ``fuzzy``, ``ner``, ``descriptor``, ``coreference``, ``facility``, ``context``."""
    confidence: float
    reason: str | None = None
    """Why this link was chosen among the candidates ("in Syria, a country the article names")."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeValue:
    """A date as precise as the text fixes it."""

    value: str
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""
    precision: DatePrecision
    """``day``, ``month`` or ``year``."""
    text: str
    """The expression that fixed it ("overnight", "On July 9", "Two days later")."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    kind: EventKind
    """Local name of the kg event class (``TakeControl``, ``Attack``, ``Threat``...)."""
    sentence: int
    trigger: str
    trigger_start: int
    trigger_end: int
    agents: tuple[EntityRef, ...] = ()
    targets: tuple[EntityRef, ...] = ()
    places: tuple[EntityRef, ...] = ()
    time: TimeValue | None = None
    confidence: float = 0.5
    evidence: tuple[int, ...] = ()
    """Further sentences (indices) that report the same event in this article."""
    attributed: bool = False
    """True when the article reports the event only inside attributed statements (never as fact)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """Who said what: direct or reported speech, with the events it is about."""

    sentence: int
    anchor: int
    """Offset of the reporting word ("said", "told", "According"): names the claim."""
    quote: str
    speaker: EntityRef | None = None
    speaker_text: str | None = None
    """How the article names the speaker ("Zabihullah Attiq", "a local lawmaker", "the tweet")."""
    role: str | None = None
    told_to: EntityRef | None = None
    supports: tuple[int, ...] = ()
    """Indices into ``Extraction.events`` of the events the statement reports or confirms."""
    disputes: tuple[int, ...] = ()
    """Indices of events the statement denies or contradicts ("the Taliban were fleeing")."""
    unconfirmed: bool = False
    confidence: float = 0.5
    statement: int | None = None
    """Index of the ``Statement`` event (the act of saying it), when the speaker is known."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Casualty:
    """A casualty figure: how many people were killed, wounded, captured... as a range, according to whom."""

    kind: CasualtyKind
    sentence: int
    figure: str
    """The figure's exact words ("at least 20", "dozens", "a policeman")."""
    figure_start: int
    figure_end: int
    low: int | None
    """The lowest count the words allow; None when they leave it open ("up to 20")."""
    high: int | None
    """The highest count the words allow; None when they leave it open ("at least 20")."""
    best: int | None
    scope: CasualtyScope
    trigger: str
    """The word that says what happened ("killed", "dead", "displaced")."""
    victims: str | None = None
    """Who suffered it, as the text says ("Afghan soldiers", "civilians")."""
    victims_entity: EntityRef | None = None
    causer: EntityRef | None = None
    place: EntityRef | None = None
    time: TimeValue | None = None
    speaker: EntityRef | None = None
    speaker_text: str | None = None
    claim: int | None = None
    """Anchor offset of the claim that gives the figure (``Claim.anchor``), when attributed."""
    event: int | None = None
    """Index into ``Extraction.events`` of the incident the figure counts (an event of its sentence)."""
    confidence: float = 0.8


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction:
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    casualties: tuple[Casualty, ...] = ()
    warnings: tuple[str, ...] = field(default=())
